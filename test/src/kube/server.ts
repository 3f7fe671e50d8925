/*
 * A simulated Kubernetes API server for one cluster: plain HTTP/1.1 on
 * loopback, bearer-token auth, discovery, and the resource verbs (get, list,
 * watch, create, update, patch incl. server-side apply, delete,
 * deletecollection) over an ObjectStore, answering as a real server does.
 */
import http from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import {
  authorizationAttributes,
  Authenticator,
  ClusterAuthorizer,
  resourceAttributes,
  TokenGrant,
} from './auth';
import { deleteAnswersStatus, isBuiltinResource } from './builtins';
import {
  apiGroup,
  apiGroupList,
  apiResourceList,
  apiVersions,
  SERVER_VERSION,
} from './discovery';
import {
  badRequest,
  expired,
  internalError,
  invalid,
  isKubeApiError,
  methodNotAllowed,
  notAcceptable,
  notFound,
  qualifiedResource,
  resourceNotFound,
  unsupportedMediaType,
} from './errors';
import { ClusterFaults, FaultInjector } from './faults';
import { isPlainObject } from './json';
import { openApiDocuments } from './openapi';
import {
  OPENAPI_V2_PROTOBUF,
  wantsOpenApiV2Protobuf,
} from './openapiProto';
import { apiVersionOf } from './registry';
import {
  NonResourceRequest,
  parseRequestInfo,
  ResourceRequest,
} from './requestInfo';
import type { UserInfo } from './rbac/authorizer';
import type { AuthorizationLog } from './rbac/authorizationLog';
import { installBootstrapPolicy } from './rbac/bootstrap';
import { RequestLog } from './requestLog';
import { ServiceAccountTokenOptions, ServiceAccountTokens } from './serviceAccounts';
import { createObjectStore } from './store';
import { IncludeObject, printerFor, toTable, wantsTable } from './table';
import type {
  GroupResource,
  KubeObject,
  ObjectStore,
  PatchType,
  ResourceType,
} from './types';
import { WatchHub } from './watch';
import { patchedScale, scaleOf, scaleReplicas } from './workloadKinds';
import {
  acceptsJson,
  decodeBody,
  mediaType,
  readBody,
  sendBytes,
  sendJson,
  sendStatus,
  sendText,
} from './wire';

export interface ClusterApiServerOptions {
  name: string;
  /** Default 127.0.0.1. */
  host?: string;
  /** 0 (the default) picks a free port. */
  port?: number;
  tokens: TokenGrant[];
  store?: ObjectStore;
  /** How often watches that allow bookmarks get one (default 5 s). */
  bookmarkIntervalMs?: number;
  /**
   * Serve HTTPS with this PEM certificate and key, as real API servers do;
   * kubectl sends bearer tokens only over TLS.
   */
  tls?: { cert: string; key: string };
  /** How the token controller issues ServiceAccount tokens (random ones by default). */
  serviceAccountTokens?: ServiceAccountTokenOptions;
}

export interface ClusterApiServer {
  name: string;
  url: string;
  store: ObjectStore;
  faults: ClusterFaults;
  requests: RequestLog;
  /** Every authorization decision, by user: what each identity asked for and which rule allowed it. */
  authorizations: AuthorizationLog;
  /** Accepts one more static bearer token, e.g. for a user whose groups a binding names. */
  grantToken(grant: TokenGrant): void;
  close(): Promise<void>;
}

const HEALTH_PATHS = new Set(['/healthz', '/livez', '/readyz']);
const PATCH_TYPES: Record<string, PatchType> = {
  'application/merge-patch+json': 'merge',
  'application/json-patch+json': 'json',
  'application/strategic-merge-patch+json': 'strategic',
};
const APPLY_PATCH = 'application/apply-patch+yaml';
const WRITE_VERBS = new Set(['create', 'update', 'patch', 'delete', 'deletecollection']);
const PROPAGATION_POLICIES = ['Foreground', 'Background', 'Orphan'];
const NAMESPACE_MISMATCH =
  'the namespace of the provided object does not match the namespace sent on the request';

/** What every handler of one resource request needs. */
interface Call {
  user: UserInfo;
  info: ResourceRequest;
  type: ResourceType;
  resource: GroupResource;
  apiVersion: string;
  query: URLSearchParams;
  request: http.IncomingMessage;
  response: http.ServerResponse;
  /** Sent as Warning headers with the answer (fieldValidation=Warn). */
  warnings: string[];
}

function defaultFieldManager(request: http.IncomingMessage): string {
  return (
    (request.headers['user-agent'] ?? '').split('/')[0].trim() || 'unknown'
  );
}

function parseDryRun(values: readonly string[]): boolean {
  for (const value of values) {
    if (value !== 'All') {
      throw invalid({ group: 'meta.k8s.io', kind: 'DryRun' }, '', [
        {
          reason: 'FieldValueNotSupported',
          field: 'dryRun',
          message: `Unsupported value: "${value}": supported values: "All"`,
        },
      ]);
    }
  }
  return values.length > 0;
}

const FIELD_VALIDATIONS = ['Ignore', 'Warn', 'Strict'] as const;

/** Unset means Warn, as on servers since Kubernetes 1.27. */
function parseFieldValidation(
  value: string | null,
): (typeof FIELD_VALIDATIONS)[number] {
  if (value === null || value === '') return 'Warn';
  const directive = FIELD_VALIDATIONS.find(
    candidate => candidate.toLowerCase() === value.toLowerCase(),
  );
  if (!directive) {
    throw badRequest(
      `fieldValidation must be one of "Ignore", "Warn" or "Strict", got "${value}"`,
    );
  }
  return directive;
}

function parseInteger(
  query: URLSearchParams,
  name: string,
): number | undefined {
  const text = query.get(name);
  if (text === null || text === '') return undefined;
  if (!/^-?[0-9]+$/.test(text))
    throw badRequest(`invalid value for ${name}: ${text}`);
  return Number(text);
}

function resourceLabel(info: ResourceRequest): string {
  const qualified = qualifiedResource({
    group: info.group,
    plural: info.resource,
  });
  return info.subresource ? `${qualified}/${info.subresource}` : qualified;
}

class ApiServer {
  readonly authenticator: Authenticator;
  readonly authorizer: ClusterAuthorizer;
  private readonly serviceAccounts: ServiceAccountTokens;
  private readonly watches: WatchHub;

  constructor(
    private readonly store: ObjectStore,
    private readonly faults: FaultInjector,
    private readonly requests: RequestLog,
    tokens: readonly TokenGrant[],
    bookmarkIntervalMs: number,
    private readonly serverAddress: () => string,
    serviceAccountTokens: ServiceAccountTokenOptions = {},
  ) {
    installBootstrapPolicy(store);
    this.serviceAccounts = new ServiceAccountTokens(store, serviceAccountTokens);
    this.authenticator = new Authenticator(tokens, this.serviceAccounts);
    this.authorizer = new ClusterAuthorizer(store);
    this.watches = new WatchHub(store, faults, bookmarkIntervalMs);
  }

  handle(request: http.IncomingMessage, response: http.ServerResponse): void {
    this.serve(request, response).catch(error => {
      if (response.headersSent) {
        response.destroy();
        return;
      }
      sendStatus(
        response,
        isKubeApiError(error)
          ? error
          : internalError(String(error?.message ?? error)),
      );
    });
  }

  close(): void {
    this.watches.close();
    this.serviceAccounts.close();
  }

  private async serve(
    request: http.IncomingMessage,
    response: http.ServerResponse,
  ): Promise<void> {
    const url = new URL(request.url ?? '/', 'http://localhost');
    const info = parseRequestInfo(
      request.method ?? 'GET',
      url.pathname,
      url.searchParams.get('watch'),
    );
    const dryRun = url.searchParams.has('dryRun');
    this.requests.record(
      info.verb,
      info.resourceRequest ? resourceLabel(info) : undefined,
      dryRun && WRITE_VERBS.has(info.verb),
    );
    await this.faults.delay();
    if (this.faults.unreachable) {
      request.socket.destroy();
      return;
    }
    const injected = this.faults.injectedFailure();
    if (injected) throw injected;
    const user = this.authenticator.authenticate(
      request.headers.authorization,
      info.resourceRequest ? url.pathname : info.path,
    );
    // Authorization comes first, as the filter chain's does: no access means 403, whether or not the resource exists.
    this.authorizer.check(authorizationAttributes(user, info, url.searchParams));
    if (!info.resourceRequest) {
      this.serveNonResource(info, request, response);
      return;
    }
    const failedWrite =
      WRITE_VERBS.has(info.verb) && !dryRun && this.faults.injectedWriteFailure();
    if (failedWrite) throw failedWrite;
    await this.serveResource(user, info, url.searchParams, request, response);
    if (WRITE_VERBS.has(info.verb) && !dryRun && response.statusCode < 400) {
      this.requests.recordWrite({
        verb: info.verb,
        resource: resourceLabel(info),
        namespace: info.namespace,
        name: info.name,
        user: user.name,
      });
    }
  }

  private serveNonResource(
    info: NonResourceRequest,
    request: http.IncomingMessage,
    response: http.ServerResponse,
  ): void {
    if (request.method !== 'GET') throw resourceNotFound();
    const { path } = info;
    if (HEALTH_PATHS.has(path)) {
      sendText(response, 200, 'ok');
      return;
    }
    const types = this.store.resourceTypes();
    const parts = path.split('/').filter(Boolean);
    let document: unknown;
    if (path === '/version') document = SERVER_VERSION;
    else if (path === '/api') document = apiVersions(this.serverAddress());
    else if (path === '/apis') document = apiGroupList(types);
    else if (parts[0] === 'api' && parts.length === 2)
      document = apiResourceList(types, '', parts[1]);
    else if (parts[0] === 'apis' && parts.length === 2) {
      const group = apiGroup(types, parts[1]);
      document = group && { kind: 'APIGroup', apiVersion: 'v1', ...group };
    } else if (parts[0] === 'apis' && parts.length === 3)
      document = apiResourceList(types, parts[1], parts[2]);
    else if (path === '/openapi/v2') {
      this.serveOpenApiV2(types, request, response);
      return;
    } else if (parts[0] === 'openapi' && parts[1] === 'v3') {
      document =
        parts.length === 2
          ? openApiDocuments(types).index()
          : this.openApiDocument(types, parts.slice(2));
    }
    if (!document) throw resourceNotFound();
    sendJson(response, 200, document);
  }

  /** kubectl asks for the protobuf form; other clients for JSON. */
  private serveOpenApiV2(
    types: ResourceType[],
    request: http.IncomingMessage,
    response: http.ServerResponse,
  ): void {
    const accept = request.headers.accept ?? '';
    if (wantsOpenApiV2Protobuf(accept)) {
      sendBytes(
        response,
        OPENAPI_V2_PROTOBUF,
        openApiDocuments(types).v2Protobuf(),
      );
    } else if (acceptsJson(accept)) {
      sendJson(response, 200, openApiDocuments(types).v2());
    } else {
      throw notAcceptable(['application/json', OPENAPI_V2_PROTOBUF]);
    }
  }

  private openApiDocument(types: ResourceType[], parts: string[]): unknown {
    if (parts[0] === 'api' && parts.length === 2)
      return openApiDocuments(types).groupVersion('', parts[1]);
    if (parts[0] === 'apis' && parts.length === 3)
      return openApiDocuments(types).groupVersion(parts[1], parts[2]);
    return undefined;
  }

  private async serveResource(
    user: UserInfo,
    info: ResourceRequest,
    query: URLSearchParams,
    request: http.IncomingMessage,
    response: http.ServerResponse,
  ): Promise<void> {
    const type = this.store.resourceType(
      info.group,
      info.version,
      info.resource,
    );
    if (!type) throw resourceNotFound();
    const { subresource, namespace, name, verb } = info;
    const served =
      (subresource === 'status' && type.statusSubresource) ||
      (subresource === 'scale' && type.scaleSubresource);
    if (subresource && !served) throw resourceNotFound();
    if (namespace && !type.namespaced) throw resourceNotFound();
    if (
      type.namespaced &&
      !namespace &&
      (name || verb === 'create' || verb === 'deletecollection')
    ) {
      throw name ? resourceNotFound() : methodNotAllowed();
    }
    const allowed = subresource ? ['get', 'patch', 'update'] : type.verbs;
    if (!allowed.includes(verb)) throw methodNotAllowed();
    const call: Call = {
      user,
      info,
      type,
      resource: { group: type.group, plural: type.plural },
      apiVersion: apiVersionOf(type.group, type.version),
      query,
      request,
      response,
      warnings: [],
    };
    if (subresource === 'scale') {
      await this.scale(call);
      return;
    }
    switch (verb) {
      case 'get':
        this.get(call);
        return;
      case 'list':
        this.list(call);
        return;
      case 'watch':
        this.watch(call);
        return;
      case 'create':
        await this.write(call, 201, (object, options) =>
          this.store.create(call.resource, object, options),
        );
        return;
      case 'update':
        await this.write(call, 200, (object, options) =>
          this.store.update(call.resource, object, options),
        );
        return;
      case 'patch':
        await this.patch(call);
        return;
      case 'delete':
        await this.delete(call);
        return;
      default:
        this.deleteCollection(call);
    }
  }

  /** An object as the client asked for it: in the request's version. */
  private present(call: Call, object: KubeObject): KubeObject {
    return { ...object, apiVersion: call.apiVersion };
  }

  private includeObject(call: Call): IncludeObject {
    const value = call.query.get('includeObject');
    return value === 'None' || value === 'Object' ? value : 'Metadata';
  }

  private respondObject(call: Call, code: number, object: KubeObject): void {
    const presented = this.present(call, object);
    if (call.warnings.length > 0) {
      call.response.setHeader(
        'Warning',
        call.warnings.map(warning => `299 - ${JSON.stringify(warning)}`),
      );
    }
    if (wantsTable(call.request.headers.accept)) {
      sendJson(
        call.response,
        code,
        toTable(
          printerFor(call.type),
          [presented],
          {},
          this.includeObject(call),
        ),
      );
    } else {
      sendJson(call.response, code, presented);
    }
  }

  private get(call: Call): void {
    const { resource, info } = call;
    const object = this.store.get(resource, info.namespace, info.name!);
    if (!object) throw notFound(resource, info.name!);
    this.respondObject(call, 200, object);
  }

  private list(call: Call): void {
    const { query, resource, info, type } = call;
    const page = this.store.listPage(resource, {
      namespace: info.namespace,
      labelSelector: query.get('labelSelector') ?? undefined,
      fieldSelector: query.get('fieldSelector') ?? undefined,
      limit: parseInteger(query, 'limit'),
      continue: query.get('continue') ?? undefined,
      resourceVersion: query.get('resourceVersion') ?? undefined,
      resourceVersionMatch: (query.get('resourceVersionMatch') ?? undefined) as
        | 'Exact'
        | 'NotOlderThan'
        | undefined,
    });
    const metadata = {
      resourceVersion: page.resourceVersion,
      ...(page.continue ? { continue: page.continue } : {}),
      ...(page.remainingItemCount !== undefined
        ? { remainingItemCount: page.remainingItemCount }
        : {}),
    };
    const items = page.items.map(item => this.present(call, item));
    if (wantsTable(call.request.headers.accept)) {
      sendJson(
        call.response,
        200,
        toTable(
          printerFor(type),
          items,
          metadata,
          this.includeObject(call),
        ),
      );
      return;
    }
    const bare = isBuiltinResource(resource);
    sendJson(call.response, 200, {
      kind: type.listKind,
      apiVersion: call.apiVersion,
      metadata,
      items: bare
        ? items.map(({ apiVersion: _apiVersion, kind: _kind, ...rest }) => rest)
        : items,
    });
  }

  private watch(call: Call): void {
    const { query, resource, info, type, response } = call;
    const selectors = {
      labelSelector: query.get('labelSelector') ?? undefined,
      fieldSelector: query.get('fieldSelector') ?? undefined,
    };
    const selected = this.store.selectorFor(resource, selectors);
    const matches = info.name
      ? (object: KubeObject) =>
          object.metadata.name === info.name && selected(object)
      : selected;
    const printer = wantsTable(call.request.headers.accept)
      ? printerFor(type)
      : undefined;
    const include = this.includeObject(call);
    const allowBookmarks = query.get('allowWatchBookmarks') === 'true';
    const sendInitialEvents = query.get('sendInitialEvents') === 'true';
    const resourceVersion = query.get('resourceVersion') ?? '';
    const watchRequest = {
      resource,
      namespace: info.namespace,
      matches,
      present: (object: KubeObject) => {
        const presented = this.present(call, object);
        return printer
          ? toTable(
              printer,
              [presented],
              { resourceVersion: object.metadata.resourceVersion },
              include,
            )
          : presented;
      },
      bookmarkType: printer
        ? { kind: 'Table', apiVersion: 'meta.k8s.io/v1' }
        : { kind: type.kind, apiVersion: call.apiVersion },
      allowBookmarks,
      timeoutSeconds: parseInteger(query, 'timeoutSeconds'),
    };
    if (
      sendInitialEvents ||
      resourceVersion === '' ||
      resourceVersion === '0'
    ) {
      const { items } = this.store.listPage(resource, {
        namespace: info.namespace,
        ...selectors,
      });
      this.watches.open(watchRequest, response, {
        added: items.filter(matches),
        initialEventsEnd: sendInitialEvents && allowBookmarks,
      });
      return;
    }
    if (this.faults.takeExpiredWatch()) {
      this.watches.fail(
        response,
        expired(`too old resource version: ${resourceVersion} (history compacted)`).status,
      );
      return;
    }
    let replay;
    try {
      replay = this.store.eventsSince(resourceVersion, resource);
    } catch (error) {
      if (isKubeApiError(error) && error.code === 410) {
        this.watches.fail(response, error.status);
        return;
      }
      throw error;
    }
    this.watches.open(watchRequest, response, { replay });
  }

  /** Reads a body that must be one object, and settles its apiVersion, kind and namespace against the URL. */
  private async readObject(call: Call): Promise<KubeObject> {
    const { request, info, type } = call;
    const body = decodeBody(
      await readBody(request),
      request.headers['content-type'],
    );
    if (!isPlainObject(body))
      throw badRequest('the body of the request must be a single object');
    const object = body as KubeObject;
    object.apiVersion ||= call.apiVersion;
    object.kind ||= type.kind;
    if (object.apiVersion !== call.apiVersion) {
      throw badRequest(
        `the API version in the data (${object.apiVersion}) does not match the expected API version (${call.apiVersion})`,
      );
    }
    object.metadata = isPlainObject(object.metadata)
      ? object.metadata
      : ({} as KubeObject['metadata']);
    if (type.namespaced) {
      object.metadata.namespace ||= info.namespace;
      if (object.metadata.namespace !== info.namespace)
        throw badRequest(NAMESPACE_MISMATCH);
    } else {
      delete object.metadata.namespace;
    }
    if (info.name) {
      object.metadata.name ||= info.name;
      if (object.metadata.name !== info.name) {
        throw badRequest(
          `the name of the object (${object.metadata.name}) does not match the name on the URL (${info.name})`,
        );
      }
    }
    return object;
  }

  private writeOptions(call: Call) {
    const { query, info, request } = call;
    return {
      fieldManager: query.get('fieldManager') || defaultFieldManager(request),
      dryRun: parseDryRun(query.getAll('dryRun')),
      fieldValidation: {
        directive: parseFieldValidation(query.get('fieldValidation')),
        warnings: call.warnings,
      },
      ...(info.subresource ? { subresource: 'status' as const } : {}),
    };
  }

  /** POST and PUT: one object in the body, handed to the store. */
  private async write(
    call: Call,
    code: number,
    write: (
      object: KubeObject,
      options: ReturnType<ApiServer['writeOptions']>,
    ) => KubeObject,
  ): Promise<void> {
    const object = await this.readObject(call);
    this.respondObject(call, code, write(object, this.writeOptions(call)));
  }

  private async patch(call: Call): Promise<void> {
    const { request, query, resource, info } = call;
    const contentType = mediaType(request.headers['content-type']);
    const options = this.writeOptions(call);
    if (contentType === APPLY_PATCH) {
      const object = await this.readObject(call);
      const existed =
        this.store.getReadOnly(resource, info.namespace, info.name!) !==
        undefined;
      if (!existed) {
        const refused = this.authorizer.checkCreateOnApply(
          resourceAttributes(call.user, info, query),
        );
        if (refused) throw refused;
      }
      const applied = this.store.apply(resource, object, {
        ...options,
        fieldManager: query.get('fieldManager') ?? '',
        force: query.get('force') === 'true',
      });
      this.respondObject(call, existed ? 200 : 201, applied);
      return;
    }
    const patchType = PATCH_TYPES[contentType];
    if (
      !patchType ||
      (patchType === 'strategic' && !isBuiltinResource(resource))
    ) {
      const accepted = [
        'application/json-patch+json',
        'application/merge-patch+json',
        APPLY_PATCH,
      ];
      throw unsupportedMediaType(
        isBuiltinResource(resource)
          ? [...accepted, 'application/strategic-merge-patch+json']
          : accepted,
      );
    }
    if (query.has('force')) {
      throw invalid({ group: 'meta.k8s.io', kind: 'PatchOptions' }, '', [
        {
          reason: 'FieldValueForbidden',
          field: 'force',
          message: 'Forbidden: may not be specified for non-apply patch',
        },
      ]);
    }
    const body = decodeBody(
      await readBody(request),
      request.headers['content-type'],
    );
    const patched = this.store.patch(
      resource,
      info.namespace,
      info.name!,
      patchType,
      body,
      {
        ...options,
        apiVersion: call.apiVersion,
      },
    );
    this.respondObject(call, 200, patched);
  }

  /** The /scale subresource of workloads: an autoscaling/v1 Scale over spec.replicas. */
  private async scale(call: Call): Promise<void> {
    const { resource, info, request, query } = call;
    const current = this.store.get(resource, info.namespace, info.name!);
    if (!current) throw notFound(resource, info.name!);
    const scale = scaleOf(current);
    if (info.verb === 'get') {
      sendJson(call.response, 200, scale);
      return;
    }
    const contentType = mediaType(request.headers['content-type']);
    const body = decodeBody(await readBody(request), contentType);
    let desired: unknown = body;
    if (info.verb === 'patch') {
      const patchType =
        contentType === APPLY_PATCH ? 'apply' : PATCH_TYPES[contentType];
      if (!patchType) {
        throw unsupportedMediaType([...Object.keys(PATCH_TYPES), APPLY_PATCH]);
      }
      desired = patchedScale(scale, patchType, body);
    }
    const requested = isPlainObject(desired)
      ? (desired.metadata as { resourceVersion?: string } | undefined)
          ?.resourceVersion
      : undefined;
    const written = this.store.patch(
      resource,
      info.namespace,
      info.name!,
      'merge',
      {
        spec: { replicas: scaleReplicas(desired, info.name!) },
        ...(requested ? { metadata: { resourceVersion: requested } } : {}),
      },
      {
        fieldManager: query.get('fieldManager') || defaultFieldManager(request),
        dryRun: parseDryRun(query.getAll('dryRun')),
        apiVersion: call.apiVersion,
      },
    );
    sendJson(call.response, 200, scaleOf(written));
  }

  private async deleteOptions(call: Call) {
    const { request, query } = call;
    const text = await readBody(request);
    const body = text.trim()
      ? decodeBody(text, request.headers['content-type'])
      : {};
    const options = (isPlainObject(body) ? body : {}) as {
      dryRun?: string[];
      gracePeriodSeconds?: number;
      propagationPolicy?: string;
      preconditions?: { uid?: string; resourceVersion?: string };
    };
    const policy = query.get('propagationPolicy') ?? options.propagationPolicy;
    if (policy !== undefined && !PROPAGATION_POLICIES.includes(policy)) {
      throw invalid({ group: 'meta.k8s.io', kind: 'DeleteOptions' }, '', [
        {
          reason: 'FieldValueNotSupported',
          field: 'propagationPolicy',
          message: `Unsupported value: "${policy}": supported values: "Foreground", "Background", "Orphan"`,
        },
      ]);
    }
    return {
      dryRun: parseDryRun([
        ...query.getAll('dryRun'),
        ...(options.dryRun ?? []),
      ]),
      ...(options.preconditions
        ? { preconditions: options.preconditions }
        : {}),
      gracePeriodSeconds:
        parseInteger(query, 'gracePeriodSeconds') ?? options.gracePeriodSeconds,
    };
  }

  private async delete(call: Call): Promise<void> {
    const { resource, info } = call;
    const result = this.store.delete(
      resource,
      info.namespace,
      info.name!,
      await this.deleteOptions(call),
    );
    const pending =
      Boolean(result.metadata.deletionTimestamp) &&
      Boolean(result.metadata.finalizers?.length);
    if (pending || !deleteAnswersStatus(resource)) {
      this.respondObject(call, 200, result);
      return;
    }
    sendJson(call.response, 200, {
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Success',
      details: {
        name: result.metadata.name,
        ...(resource.group ? { group: resource.group } : {}),
        kind: resource.plural,
        uid: result.metadata.uid,
      },
    });
  }

  private deleteCollection(call: Call): void {
    const { query, resource, info, type } = call;
    const dryRun = parseDryRun(query.getAll('dryRun'));
    const { items } = this.store.listPage(resource, {
      namespace: info.namespace,
      labelSelector: query.get('labelSelector') ?? undefined,
      fieldSelector: query.get('fieldSelector') ?? undefined,
    });
    const deleted = items.map(item =>
      this.present(
        call,
        this.store.delete(
          resource,
          item.metadata.namespace,
          item.metadata.name,
          { dryRun },
        ),
      ),
    );
    sendJson(call.response, 200, {
      kind: type.listKind,
      apiVersion: call.apiVersion,
      metadata: { resourceVersion: this.store.currentResourceVersion() },
      items: deleted,
    });
  }
}

export async function startClusterApiServer(
  options: ClusterApiServerOptions,
): Promise<ClusterApiServer> {
  const host = options.host ?? '127.0.0.1';
  const store = options.store ?? createObjectStore();
  const faults = new FaultInjector();
  const requests = new RequestLog();
  let address = '';
  const api = new ApiServer(
    store,
    faults,
    requests,
    options.tokens,
    options.bookmarkIntervalMs ?? 5000,
    () => address,
    options.serviceAccountTokens,
  );
  const handler = (request: http.IncomingMessage, response: http.ServerResponse) =>
    api.handle(request, response);
  const server = options.tls
    ? https.createServer({ cert: options.tls.cert, key: options.tls.key }, handler)
    : http.createServer(handler);
  // Clients keep connections alive; a short idle timeout makes them race the server's close.
  server.keepAliveTimeout = 120_000;
  server.on('connection', socket => faults.admitConnection(socket));
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  address = `${host}:${port}`;
  return {
    name: options.name,
    url: `${options.tls ? 'https' : 'http'}://${address}`,
    store,
    faults,
    requests,
    authorizations: api.authorizer.decisions,
    grantToken: grant => api.authenticator.grant(grant),
    close: () =>
      new Promise<void>(resolve => {
        api.close();
        server.close(() => resolve());
        // Every socket, also one still in its TLS handshake, which closeAllConnections does not see.
        faults.unreachable = true;
        server.closeAllConnections();
      }),
  };
}
