/*
 * OpenAPI as a real API server publishes it, built from the served types:
 * the v3 index (/openapi/v3) and one v3 document per group/version
 * (/openapi/v3/apis/<group>/<version>), and the v2 document (/openapi/v2).
 * Built-in kinds come with our own definitions (schemas/), custom resources
 * with their CRD's schema, as apiextensions-apiserver publishes it: metadata
 * referring to ObjectMeta, x-kubernetes-group-version-kind, a List kind.
 *
 * kubectl reads these to explain fields, to find the patch metadata of a
 * client-side apply (strategic merge patch where a PATCH operation accepts
 * it, JSON merge patch otherwise) and to learn that the server validates
 * fields itself (the fieldValidation parameter of PATCH).
 */
import { createHash } from 'node:crypto';
import { SERVER_VERSION, typesIn } from './discovery';
import { encodeOpenApiV2 } from './openapiProto';
import { cloneJson, isPlainObject } from './json';
import {
  BUILTIN_DEFINITIONS,
  builtinDefinitionName,
  Definitions,
  referencedDefinitions,
  Schema,
} from './schemas';
import {
  apiVersionField,
  gvk,
  kindField,
  LIST_META,
  listKind,
  OBJECT_META,
  ref,
} from './schemas/dsl';
import type { ResourceType } from './types';

const META = 'io.k8s.apimachinery.pkg.apis.meta.v1';
const STATUS = `${META}.Status`;
const DELETE_OPTIONS = `${META}.DeleteOptions`;
const PATCH = `${META}.Patch`;
const WATCH_EVENT = `${META}.WatchEvent`;
const SCALE = 'io.k8s.api.autoscaling.v1.Scale';

function groupVersionPath(group: string, version: string): string {
  return group ? `apis/${group}/${version}` : `api/${version}`;
}

/** Definition names of custom resources: the group reversed, as in io.k8s.networking.gateway.v1.HTTPRoute. */
function customDefinitionName(group: string, version: string, kind: string) {
  return `${group.split('.').reverse().join('.')}.${version}.${kind}`;
}

interface KindDefinitions {
  kind: string;
  list: string;
  /** Definitions this group/version adds (custom resources only). */
  own: Definitions;
  /** Built-in definitions it refers to. */
  builtins: string[];
}

const customSchemas = new WeakMap<object, Schema>();

/** A CRD version's schema as published: standard apiVersion, kind and metadata fields. */
function publishedCustomSchema(type: ResourceType): Schema {
  const source = (type.schema ?? { type: 'object' }) as object;
  let schema = customSchemas.get(source);
  if (!schema) {
    const copy = cloneJson(source) as Schema;
    copy.properties = {
      ...copy.properties,
      apiVersion: apiVersionField(),
      kind: kindField(),
      metadata: ref(
        OBJECT_META,
        "Standard object's metadata. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#metadata",
      ),
    };
    schema = { ...copy, ...gvk(type.group, type.version, type.kind) };
    customSchemas.set(source, schema);
  }
  return schema;
}

function kindDefinitions(type: ResourceType): KindDefinitions {
  const builtin = builtinDefinitionName(type.group, type.version, type.kind);
  const listName = builtinDefinitionName(
    type.group,
    type.version,
    type.listKind,
  );
  const extras = type.scaleSubresource ? [SCALE] : [];
  if (!type.custom && builtin && listName) {
    return {
      kind: builtin,
      list: listName,
      own: {},
      builtins: [builtin, listName, ...extras],
    };
  }
  const kind = customDefinitionName(type.group, type.version, type.kind);
  const list = customDefinitionName(type.group, type.version, type.listKind);
  const gv = { group: type.group, version: type.version };
  return {
    kind,
    list,
    own: {
      [kind]: publishedCustomSchema(type),
      [list]: listKind(gv, kind, type.listKind),
    },
    builtins: [OBJECT_META, LIST_META, ...extras],
  };
}

type Action =
  | 'get'
  | 'list'
  | 'post'
  | 'put'
  | 'patch'
  | 'delete'
  | 'deletecollection';

interface Parameter {
  name: string;
  in: 'query' | 'path';
  description: string;
  type: 'string' | 'boolean' | 'integer';
  required?: boolean;
}

const query = (
  name: string,
  type: Parameter['type'],
  description: string,
): Parameter => ({ name, in: 'query', type, description });

const PARAMETERS = {
  pretty: query(
    'pretty',
    'string',
    "If 'true', then the output is pretty printed.",
  ),
  dryRun: query(
    'dryRun',
    'string',
    'When present, indicates that modifications should not be persisted. An invalid or unrecognized dryRun directive will result in an error response and no further processing of the request. Valid values are: - All: all dry run stages will be processed',
  ),
  fieldManager: query(
    'fieldManager',
    'string',
    'fieldManager is a name associated with the actor or entity that is making these changes. The value must be less than or 128 characters long, and only contain printable characters. This field is required for apply requests (application/apply-patch) but optional for non-apply patch types.',
  ),
  fieldValidation: query(
    'fieldValidation',
    'string',
    'fieldValidation instructs the server on how to handle objects in the request containing unknown or duplicate fields. Valid values are: - Ignore: ignores any unknown fields that are silently dropped from the object. - Warn: sends a warning via the standard warning response header for each unknown field that is dropped from the object, and for each duplicate field that is encountered. This is the default. - Strict: fails the request with a BadRequest error if any unknown fields would be dropped from the object, or if any duplicate fields are present.',
  ),
  force: query(
    'force',
    'boolean',
    'Force is going to "force" Apply requests. It means user will re-acquire conflicting fields owned by other people. Force flag must be unset for non-apply patch requests.',
  ),
  gracePeriodSeconds: query(
    'gracePeriodSeconds',
    'integer',
    'The duration in seconds before the object should be deleted. Value must be non-negative integer. The value zero indicates delete immediately.',
  ),
  propagationPolicy: query(
    'propagationPolicy',
    'string',
    "Whether and how garbage collection will be performed. Acceptable values are: 'Orphan', 'Background', 'Foreground'.",
  ),
  allowWatchBookmarks: query(
    'allowWatchBookmarks',
    'boolean',
    'allowWatchBookmarks requests watch events with type "BOOKMARK".',
  ),
  continue: query(
    'continue',
    'string',
    'The continue option should be set when retrieving more results from the server.',
  ),
  fieldSelector: query(
    'fieldSelector',
    'string',
    'A selector to restrict the list of returned objects by their fields. Defaults to everything.',
  ),
  labelSelector: query(
    'labelSelector',
    'string',
    'A selector to restrict the list of returned objects by their labels. Defaults to everything.',
  ),
  limit: query(
    'limit',
    'integer',
    'limit is a maximum number of responses to return for a list call.',
  ),
  resourceVersion: query(
    'resourceVersion',
    'string',
    'resourceVersion sets a constraint on what resource versions a request may be served from.',
  ),
  resourceVersionMatch: query(
    'resourceVersionMatch',
    'string',
    'resourceVersionMatch determines how resourceVersion is applied to list calls.',
  ),
  sendInitialEvents: query(
    'sendInitialEvents',
    'boolean',
    '`sendInitialEvents=true` may be set together with `watch=true`. In that case, the watch stream will begin with synthetic events to produce the current state of objects in the collection.',
  ),
  timeoutSeconds: query(
    'timeoutSeconds',
    'integer',
    'Timeout for the list/watch call.',
  ),
  watch: query(
    'watch',
    'boolean',
    'Watch for changes to the described resources and return them as a stream of add, update, and remove notifications.',
  ),
};

const LIST_PARAMETERS = [
  PARAMETERS.allowWatchBookmarks,
  PARAMETERS.continue,
  PARAMETERS.fieldSelector,
  PARAMETERS.labelSelector,
  PARAMETERS.limit,
  PARAMETERS.resourceVersion,
  PARAMETERS.resourceVersionMatch,
  PARAMETERS.sendInitialEvents,
  PARAMETERS.timeoutSeconds,
  PARAMETERS.watch,
];
const WRITE_PARAMETERS = [
  PARAMETERS.dryRun,
  PARAMETERS.fieldManager,
  PARAMETERS.fieldValidation,
];
const DELETE_PARAMETERS = [
  PARAMETERS.dryRun,
  PARAMETERS.gracePeriodSeconds,
  PARAMETERS.propagationPolicy,
];

const PATCH_TYPES = [
  'application/json-patch+json',
  'application/merge-patch+json',
  'application/strategic-merge-patch+json',
  'application/apply-patch+yaml',
];

interface Operation {
  action: Action;
  operationId: string;
  description: string;
  parameters: Parameter[];
  body?: { definition: string; contentTypes: string[] };
  response: string;
  gvk: { group: string; version: string; kind: string };
}

interface PathItem {
  path: string;
  tag: string;
  parameters: Parameter[];
  operations: Partial<
    Record<'get' | 'post' | 'put' | 'patch' | 'delete', Operation>
  >;
}

/** The name kube-openapi gives a group in operation ids: core, apps, discovery, gatewayNetworkingK8sIo... */
function groupTitle(group: string): string {
  if (!group) return 'Core';
  const builtin =
    group.endsWith('.k8s.io') && !group.includes('x-k8s.io')
      ? group.slice(0, -'.k8s.io'.length)
      : group;
  return builtin
    .split(/[.-]/)
    .map(part => part.charAt(0).toUpperCase() + part.slice(1))
    .join('');
}

function pathItems(type: ResourceType, names: KindDefinitions): PathItem[] {
  const { group, version, kind, plural } = type;
  const prefix = `/${groupVersionPath(group, version)}`;
  const scope = type.namespaced ? '/namespaces/{namespace}' : '';
  const namespaced = type.namespaced ? 'Namespaced' : '';
  const id = (verb: string, suffix = '') =>
    `${verb}${groupTitle(group)}${version
      .charAt(0)
      .toUpperCase()}${version.slice(1)}${namespaced}${kind}${suffix}`;
  const gvkOf = { group, version, kind };
  const namespaceParameter: Parameter = {
    name: 'namespace',
    in: 'path',
    type: 'string',
    required: true,
    description: 'object name and auth scope, such as for teams and projects',
  };
  const nameParameter: Parameter = {
    name: 'name',
    in: 'path',
    type: 'string',
    required: true,
    description: `name of the ${kind}`,
  };
  const scoped = type.namespaced ? [namespaceParameter] : [];
  const patchTypes = type.custom
    ? PATCH_TYPES.filter(t => !t.includes('strategic'))
    : PATCH_TYPES;
  const verbs = new Set(type.verbs);
  const items: PathItem[] = [];

  const tag = tagOf(group, version);
  const collection: PathItem = {
    path: `${prefix}${scope}/${plural}`,
    tag,
    parameters: [...scoped, PARAMETERS.pretty],
    operations: {},
  };
  if (verbs.has('list'))
    collection.operations.get = {
      action: 'list',
      operationId: id('list'),
      description: `list or watch objects of kind ${kind}`,
      parameters: LIST_PARAMETERS,
      response: names.list,
      gvk: gvkOf,
    };
  if (verbs.has('create'))
    collection.operations.post = {
      action: 'post',
      operationId: id('create'),
      description: `create a ${kind}`,
      parameters: WRITE_PARAMETERS,
      body: { definition: names.kind, contentTypes: ['*/*'] },
      response: names.kind,
      gvk: gvkOf,
    };
  if (verbs.has('deletecollection'))
    collection.operations.delete = {
      action: 'deletecollection',
      operationId: id('deleteCollection'),
      description: `delete collection of ${kind}`,
      parameters: [
        ...DELETE_PARAMETERS,
        ...LIST_PARAMETERS.filter(
          p => p.name !== 'watch' && p.name !== 'allowWatchBookmarks',
        ),
      ],
      body: { definition: DELETE_OPTIONS, contentTypes: ['*/*'] },
      response: STATUS,
      gvk: gvkOf,
    };
  items.push(collection);

  const single = (
    suffix: string,
    definition: string,
    subresource: string,
    subresourceGvk = gvkOf,
  ): PathItem => {
    const what = subresource
      ? `${subresource} of the specified ${kind}`
      : `the specified ${kind}`;
    const idSuffix = subresource
      ? subresource.charAt(0).toUpperCase() + subresource.slice(1)
      : '';
    const item: PathItem = {
      path: `${prefix}${scope}/${plural}/{name}${suffix}`,
      tag,
      parameters: [nameParameter, ...scoped, PARAMETERS.pretty],
      operations: {
        get: {
          action: 'get',
          operationId: id('read', idSuffix),
          description: `read ${what}`,
          parameters: [],
          response: definition,
          gvk: subresourceGvk,
        },
        put: {
          action: 'put',
          operationId: id('replace', idSuffix),
          description: `replace ${what}`,
          parameters: WRITE_PARAMETERS,
          body: { definition, contentTypes: ['*/*'] },
          response: definition,
          gvk: subresourceGvk,
        },
        patch: {
          action: 'patch',
          operationId: id('patch', idSuffix),
          description: `partially update ${what}`,
          parameters: [...WRITE_PARAMETERS, PARAMETERS.force],
          body: { definition: PATCH, contentTypes: patchTypes },
          response: definition,
          gvk: subresourceGvk,
        },
      },
    };
    if (!subresource && verbs.has('delete'))
      item.operations.delete = {
        action: 'delete',
        operationId: id('delete'),
        description: `delete ${what}`,
        parameters: DELETE_PARAMETERS,
        body: { definition: DELETE_OPTIONS, contentTypes: ['*/*'] },
        response: STATUS,
        gvk: gvkOf,
      };
    return item;
  };
  items.push(single('', names.kind, ''));
  if (type.statusSubresource)
    items.push(single('/status', names.kind, 'status'));
  if (type.scaleSubresource)
    items.push(
      single('/scale', SCALE, 'scale', {
        group: 'autoscaling',
        version: 'v1',
        kind: 'Scale',
      }),
    );
  if (type.namespaced && verbs.has('list')) {
    items.push({
      path: `${prefix}/${plural}`,
      tag,
      parameters: [PARAMETERS.pretty],
      operations: {
        get: {
          action: 'list',
          operationId: `list${groupTitle(group)}${version
            .charAt(0)
            .toUpperCase()}${version.slice(1)}${kind}ForAllNamespaces`,
          description: `list or watch objects of kind ${kind}`,
          parameters: LIST_PARAMETERS,
          response: names.list,
          gvk: gvkOf,
        },
      },
    });
  }
  return items;
}

/** Rewrites our definition-name references into the document's URIs. */
function withRefs(schema: unknown, base: string): unknown {
  if (Array.isArray(schema)) return schema.map(item => withRefs(item, base));
  if (!isPlainObject(schema)) return schema;
  const result: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(schema)) {
    result[key] =
      key === '$ref' && typeof value === 'string' && !value.startsWith('#')
        ? `${base}${value}`
        : withRefs(value, base);
  }
  return result;
}

/** OpenAPI v2 takes no siblings beside `$ref`: a wrapped reference becomes a plain one. */
function toV2Schema(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(toV2Schema);
  if (!isPlainObject(schema)) return schema;
  const allOf = schema.allOf;
  if (
    Array.isArray(allOf) &&
    allOf.length === 1 &&
    isPlainObject(allOf[0]) &&
    allOf[0].$ref
  ) {
    return { $ref: allOf[0].$ref };
  }
  const result: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(schema)) {
    if (key === 'nullable') continue;
    result[key] = toV2Schema(value);
  }
  return result;
}

interface GroupVersionModel {
  paths: PathItem[];
  definitions: Definitions;
}

function model(types: readonly ResourceType[]): GroupVersionModel {
  const paths: PathItem[] = [];
  const own: Definitions = {};
  const builtins = new Set([STATUS, DELETE_OPTIONS, PATCH, WATCH_EVENT]);
  for (const type of types) {
    const names = kindDefinitions(type);
    Object.assign(own, names.own);
    names.builtins.forEach(name => builtins.add(name));
    paths.push(...pathItems(type, names));
  }
  const definitions: Definitions = {};
  const referenced = new Set(referencedDefinitions([...builtins]));
  for (const schema of Object.values(own)) {
    collectRefs(schema).forEach(name => referenced.add(name));
  }
  for (const name of [...referenced].sort()) {
    if (BUILTIN_DEFINITIONS[name])
      definitions[name] = BUILTIN_DEFINITIONS[name];
  }
  Object.assign(definitions, own);
  return { paths, definitions };
}

/** Built-in definitions a custom schema refers to (ObjectMeta and what it needs). */
function collectRefs(schema: Schema): string[] {
  const names: string[] = [];
  const visit = (node: unknown) => {
    if (Array.isArray(node)) node.forEach(visit);
    else if (isPlainObject(node)) {
      if (typeof node.$ref === 'string') names.push(node.$ref);
      Object.values(node).forEach(visit);
    }
  };
  visit(schema);
  return referencedDefinitions(names.filter(name => BUILTIN_DEFINITIONS[name]));
}

function v3Parameter(parameter: Parameter) {
  return {
    name: parameter.name,
    in: parameter.in,
    description: parameter.description,
    ...(parameter.required ? { required: true } : {}),
    schema: { type: parameter.type, uniqueItems: true },
  };
}

function v3Operation(operation: Operation, tag: string) {
  const schemaRef = (definition: string) => ({
    $ref: `#/components/schemas/${definition}`,
  });
  const content = (definition: string) => ({
    'application/json': { schema: schemaRef(definition) },
    'application/yaml': { schema: schemaRef(definition) },
  });
  return {
    tags: [tag],
    description: operation.description,
    operationId: operation.operationId,
    ...(operation.parameters.length
      ? { parameters: operation.parameters.map(v3Parameter) }
      : {}),
    ...(operation.body
      ? {
          requestBody: {
            content: Object.fromEntries(
              operation.body.contentTypes.map(type => [
                type,
                { schema: schemaRef(operation.body!.definition) },
              ]),
            ),
            required: true,
          },
        }
      : {}),
    responses: {
      '200': { description: 'OK', content: content(operation.response) },
      '401': { description: 'Unauthorized' },
    },
    'x-kubernetes-action': operation.action,
    'x-kubernetes-group-version-kind': operation.gvk,
  };
}

function tagOf(group: string, version: string): string {
  const title = groupTitle(group);
  return `${title.charAt(0).toLowerCase()}${title.slice(1)}_${version}`;
}

export function openApiGroupVersion(
  types: readonly ResourceType[],
  group: string,
  version: string,
) {
  const served = typesIn(types, group, version);
  if (served.length === 0) return undefined;
  const { paths, definitions } = model(served);
  const documentPaths: Record<string, unknown> = {};
  for (const item of paths) {
    documentPaths[item.path] = {
      ...Object.fromEntries(
        Object.entries(item.operations).map(([method, operation]) => [
          method,
          v3Operation(operation!, item.tag),
        ]),
      ),
      parameters: item.parameters.map(v3Parameter),
    };
  }
  return {
    openapi: '3.0.0',
    info: { title: 'Kubernetes', version: SERVER_VERSION.gitVersion },
    paths: documentPaths,
    components: {
      schemas: withRefs(definitions, '#/components/schemas/'),
      securitySchemes: {
        BearerToken: {
          type: 'apiKey',
          description: 'Bearer Token authentication',
          name: 'authorization',
          in: 'header',
        },
      },
    },
  };
}

function hashOf(document: unknown): string {
  return createHash('sha512')
    .update(JSON.stringify(document))
    .digest('hex')
    .toUpperCase();
}

export function openApiIndex(
  types: readonly ResourceType[],
  documents?: Pick<OpenApiDocuments, 'groupVersion'>,
) {
  const paths: Record<string, { serverRelativeURL: string }> = {};
  const groupVersions = new Map(
    types.map(({ group, version }) => [
      groupVersionPath(group, version),
      { group, version },
    ]),
  );
  for (const [path, { group, version }] of [...groupVersions].sort(([a], [b]) =>
    a < b ? -1 : 1,
  )) {
    const document = documents
      ? documents.groupVersion(group, version)
      : openApiGroupVersion(types, group, version);
    paths[path] = {
      serverRelativeURL: `/openapi/v3/${path}?hash=${hashOf(document)}`,
    };
  }
  return { paths };
}

function v2Parameter(parameter: Parameter) {
  return {
    uniqueItems: true,
    type: parameter.type,
    description: parameter.description,
    name: parameter.name,
    in: parameter.in,
    ...(parameter.required ? { required: true } : {}),
  };
}

/** The whole API in one Swagger 2.0 document, as /openapi/v2 serves it. */
export function openApiV2(types: readonly ResourceType[]) {
  const { paths, definitions } = model(types);
  const documentPaths: Record<string, unknown> = {};
  for (const item of paths) {
    documentPaths[item.path] = {
      ...Object.fromEntries(
        Object.entries(item.operations).map(([method, operation]) => [
          method,
          {
            description: operation!.description,
            consumes: operation!.body?.contentTypes ?? ['*/*'],
            produces: ['application/json', 'application/yaml'],
            schemes: ['https'],
            tags: [item.tag],
            operationId: operation!.operationId,
            parameters: [
              ...(operation!.body
                ? [
                    {
                      name: 'body',
                      in: 'body',
                      required: true,
                      schema: {
                        $ref: `#/definitions/${operation!.body.definition}`,
                      },
                    },
                  ]
                : []),
              ...operation!.parameters.map(v2Parameter),
            ],
            responses: {
              '200': {
                description: 'OK',
                schema: { $ref: `#/definitions/${operation!.response}` },
              },
              '401': { description: 'Unauthorized' },
            },
            'x-kubernetes-action': operation!.action,
            'x-kubernetes-group-version-kind': operation!.gvk,
          },
        ]),
      ),
      parameters: item.parameters.map(v2Parameter),
    };
  }
  return {
    swagger: '2.0',
    info: { title: 'Kubernetes', version: SERVER_VERSION.gitVersion },
    paths: documentPaths,
    definitions: withRefs(toV2Schema(definitions), '#/definitions/'),
    securityDefinitions: {
      BearerToken: {
        description: 'Bearer Token authentication',
        type: 'apiKey',
        name: 'authorization',
        in: 'header',
      },
    },
    security: [{ BearerToken: [] }],
  };
}

const identities = new WeakMap<object, number>();
let lastIdentity = 0;

function identity(value: unknown): number {
  if (!value || typeof value !== 'object') return 0;
  let id = identities.get(value);
  if (id === undefined) {
    lastIdentity += 1;
    id = lastIdentity;
    identities.set(value, id);
  }
  return id;
}

/** What the documents depend on; every copy of a served type shares its schema and columns. */
function signatureOf(types: readonly ResourceType[]): string {
  return types
    .map(
      type =>
        `${type.group}/${type.version}/${type.plural}/${identity(
          type.schema,
        )}/${identity(type.printerColumns)}`,
    )
    .join('|');
}

export interface OpenApiDocuments {
  index(): unknown;
  groupVersion(group: string, version: string): unknown;
  v2(): unknown;
  v2Protobuf(): Buffer;
}

/** A few sets of served types at once: the clusters of a fleet mostly serve the same. */
const cache = new Map<string, OpenApiDocuments>();
const CACHED_SIGNATURES = 8;

/** The documents for these types, built once until a CRD changes what is served. */
export function openApiDocuments(
  types: readonly ResourceType[],
): OpenApiDocuments {
  const signature = signatureOf(types);
  const known = cache.get(signature);
  if (known) return known;
  const memo = <T>(build: () => T) => {
    let value: T | undefined;
    return () => (value ??= build());
  };
  const groupVersions = new Map<string, unknown>();
  const v2 = memo(() => openApiV2(types));
  const documents: OpenApiDocuments = {
    index: memo(() => openApiIndex(types, documents)),
    groupVersion(group, version) {
      const key = `${group}/${version}`;
      if (!groupVersions.has(key))
        groupVersions.set(key, openApiGroupVersion(types, group, version));
      return groupVersions.get(key);
    },
    v2,
    v2Protobuf: memo(() => encodeOpenApiV2(v2() as Record<string, unknown>)),
  };
  cache.set(signature, documents);
  if (cache.size > CACHED_SIGNATURES) cache.delete(cache.keys().next().value!);
  return documents;
}
