/*
 * One cluster's objects, in memory, with the write semantics of a real API
 * server: metadata bookkeeping, optimistic concurrency, status subresources,
 * finalizers, managedFields, CRD-driven resource types, validation of custom
 * objects against their schemas, and an ordered change feed with a bounded
 * history for watches and consistent pagination.
 *
 * Namespaced objects written into a namespace that does not exist create the
 * namespace on the fly (a real server answers 404): seeding and the controller
 * simulator then need no namespace bookkeeping of their own.
 */
import { serverSideApply } from './apply';
import {
  builtinDefinitions,
  createServiceAllocator,
  CRD_RESOURCE,
  NAMESPACE_RESOURCE,
} from './builtins';
import { resourceTypesFromCrd } from './crd';
import {
  alreadyExists,
  badRequest,
  conflict,
  expired,
  failure,
  forbidden,
  internalError,
  invalid,
  notFound,
  resourceNotFound,
  staleResourceVersion,
  unsupportedMediaType,
} from './errors';
import { EventHistory } from './history';
import { cloneJson, deepEqual, isPlainObject } from './json';
import { FieldScope, recordUpdate, withTrackedView } from './managedFields';
import {
  inCanonicalOrder,
  metadataCauses,
  newUid,
  timestamp,
} from './objectMeta';
import {
  applyJsonPatch,
  applyMergePatch,
  applyStrategicMergePatch,
  parseJsonPatch,
} from './patch';
import {
  apiVersionOf,
  customResourceDefinition,
  groupResourceKey,
  ResourceDefinition,
  ResourceRegistry,
  splitApiVersion,
} from './registry';
import { compileSelectors } from './selectors';
import type {
  ApplyOptions,
  DeleteOptions,
  FieldCause,
  FieldValidation,
  GroupResource,
  KubeObject,
  ListOptions,
  ListPage,
  ManagedFieldsEntry,
  ObjectStore,
  PatchType,
  ResourceType,
  SelectorQuery,
  StoreEvent,
  WatchEventType,
  WriteOptions,
} from './types';

export interface ObjectStoreOptions {
  /** How many recent changes watches can resume from and pages stay consistent over. */
  historyLimit?: number;
}

const DEFAULT_HISTORY_LIMIT = 10_000;
/** The manager a write is recorded under when the writer names none. */
const DEFAULT_FIELD_MANAGER = 'unknown';
const PROTECTED_NAMESPACES = new Set(['default', 'kube-system', 'kube-public']);
const GENERATE_NAME_ALPHABET = 'bcdfghjklmnpqrstvwxz2456789';
const CONTINUE_TOKEN_VERSION = 'meta.k8s.io/v1';
/** Metadata only the server sets: ignored on create, carried over on update. */
const SERVER_SET_METADATA = [
  'uid',
  'creationTimestamp',
  'deletionTimestamp',
  'deletionGracePeriodSeconds',
  'generation',
];

/** Schema errors after which the server does not run CEL rules (hasBlockingErr). */
const BLOCKING_CAUSES = new Set([
  'FieldValueNotSupported',
  'FieldValueRequired',
  'FieldValueTooLong',
  'FieldValueTooMany',
  'FieldValueTypeInvalid',
]);
const RULES_NOT_CHECKED: FieldCause = {
  reason: 'FieldValueInvalid',
  field: '<nil>',
  message:
    'Invalid value: "null": some validation rules were not checked because the object was invalid; correct the existing errors to complete validation',
};

/** Joined, not concatenated: the store keeps a key per object, and a joined string is flat. */
function objectKey(namespace: string | undefined, name: string): string {
  return namespace ? [namespace, name].join('/') : name;
}

function keyOf(object: KubeObject): string {
  return objectKey(object.metadata.namespace, object.metadata.name);
}

/**
 * The objects of one group+plural, with a sorted key index for ordered,
 * paginated lists. Writes only note what changed; the next list sorts just
 * the keys added since and merges them in, so neither a write nor a list
 * sorts the whole table again.
 */
class ResourceTable {
  readonly objects = new Map<string, KubeObject>();
  private sorted: string[] = [];
  /** Keys added since the index was last brought up to date (may repeat or be gone again). */
  private added: string[] = [];
  private removed = false;

  set(key: string, object: KubeObject): void {
    if (!this.objects.has(key)) this.added.push(key);
    this.objects.set(key, object);
  }

  delete(key: string): void {
    if (this.objects.delete(key)) this.removed = true;
  }

  sortedKeys(): string[] {
    if (this.added.length === 0 && !this.removed) return this.sorted;
    const present = (key: string) => this.objects.has(key);
    const kept = this.removed ? this.sorted.filter(present) : this.sorted;
    const added = this.added.filter(present).sort();
    const merged: string[] = [];
    let i = 0;
    let j = 0;
    while (i < kept.length || j < added.length) {
      const next =
        j >= added.length || (i < kept.length && kept[i] <= added[j])
          ? kept[i++]
          : added[j++];
      if (merged[merged.length - 1] !== next) merged.push(next);
    }
    this.sorted = merged;
    this.added = [];
    this.removed = false;
    return merged;
  }

  /** The objects whose keys start with prefix, in key order. */
  withPrefix(prefix: string): KubeObject[] {
    const keys = this.sortedKeys();
    const found: KubeObject[] = [];
    for (
      let index = lowerBound(keys, prefix);
      index < keys.length && keys[index].startsWith(prefix);
      index += 1
    ) {
      found.push(this.objects.get(keys[index])!);
    }
    return found;
  }
}

/** First index in a sorted array whose value is >= target. */
function lowerBound(sorted: readonly string[], target: string): number {
  let low = 0;
  let high = sorted.length;
  while (low < high) {
    const middle = (low + high) >> 1;
    if (sorted[middle] < target) low = middle + 1;
    else high = middle;
  }
  return low;
}

interface ContinueToken {
  resourceVersion: number;
  start: string;
}

function encodeContinue(resourceVersion: number, lastKey: string): string {
  const token = {
    v: CONTINUE_TOKEN_VERSION,
    rv: resourceVersion,
    start: `${lastKey}\u0000`,
  };
  return Buffer.from(JSON.stringify(token)).toString('base64');
}

function decodeContinue(text: string): ContinueToken {
  try {
    const token = JSON.parse(Buffer.from(text, 'base64').toString('utf8'));
    if (
      token.v !== CONTINUE_TOKEN_VERSION ||
      !Number.isInteger(token.rv) ||
      typeof token.start !== 'string'
    ) {
      throw new Error('unsupported token');
    }
    return { resourceVersion: token.rv, start: token.start };
  } catch {
    throw badRequest(
      'continue key is not valid: incorrect encoded start resourceVersion (version meta.k8s.io/v1)',
    );
  }
}

function parseResourceVersion(text: string, what = 'resourceVersion'): number {
  if (!/^[0-9]+$/.test(text)) {
    throw badRequest(`invalid ${what}: ${text}`);
  }
  return Number(text);
}

function randomSuffix(): string {
  let suffix = '';
  for (let index = 0; index < 5; index += 1) {
    suffix +=
      GENERATE_NAME_ALPHABET[
        Math.floor(Math.random() * GENERATE_NAME_ALPHABET.length)
      ];
  }
  return suffix;
}

/** Everything but metadata (and status, when it is a subresource): what metadata.generation counts. */
function specOf(
  object: KubeObject,
  statusSubresource: boolean,
): Record<string, unknown> {
  const {
    metadata: _metadata,
    apiVersion: _apiVersion,
    kind: _kind,
    ...rest
  } = object;
  if (statusSubresource) delete rest.status;
  return rest;
}

function inVersion(object: KubeObject, apiVersion: string): KubeObject {
  return object.apiVersion === apiVersion ? object : { ...object, apiVersion };
}

/**
 * A copy of a served type for callers. The schema is shared rather than copied:
 * requests look types up all the time and Gateway API schemas are large.
 */
function describeType(type: ResourceType): ResourceType {
  return {
    ...type,
    verbs: [...type.verbs],
    ...(type.shortNames ? { shortNames: [...type.shortNames] } : {}),
  };
}

/** What part of an object a write may touch: the status subresource, all but status, or all of it. */
function scopeOf(
  definition: ResourceDefinition,
  subresource: 'status' | undefined,
): FieldScope {
  if (subresource) return 'status';
  return definition.statusSubresource ? 'main' : 'all';
}

interface WriteContext {
  definition: ResourceDefinition;
  /** The apiVersion the writer spoke. */
  apiVersion: string;
  manager: string;
  scope: FieldScope;
  dryRun: boolean;
  /** Set by server-side apply, which computes ownership itself. */
  managedFields?: ManagedFieldsEntry[];
  /** The writer gets the stored object itself, not a copy. */
  readOnlyResult: boolean;
  fieldValidation?: FieldValidation;
}

/**
 * fieldValidation: Strict refuses fields the schema lacks, Warn reports them
 * (they are dropped either way, as decoding or pruning drops them).
 */
function checkUnknownFields(
  context: WriteContext,
  object: KubeObject,
  refusal: (fields: string[]) => Error,
): void {
  const validation = context.fieldValidation;
  if (!validation || validation.directive === 'Ignore') return;
  const unknown = context.definition.unknownFields(object);
  if (unknown.length === 0) return;
  if (validation.directive === 'Strict') throw refusal(unknown);
  validation.warnings.push(...unknown.map(field => `unknown field "${field}"`));
}

function strictDecodingError(context: WriteContext, fields: string[]): Error {
  const { kind } = context.definition;
  const { version } = splitApiVersion(context.apiVersion);
  return badRequest(
    `${kind} in version "${version}" cannot be handled as a ${kind}: strict decoding error: ${fields
      .map(field => `unknown field "${field}"`)
      .join(', ')}`,
  );
}

/** What a write answers: a copy in the writer's apiVersion, or the stored object when the writer only reads it. */
function writeResult(context: WriteContext, object: KubeObject): KubeObject {
  return inVersion(
    context.readOnlyResult ? object : cloneJson(object),
    context.apiVersion,
  );
}

class MemoryObjectStore implements ObjectStore {
  private readonly registry = new ResourceRegistry();
  private readonly allocator = createServiceAllocator();
  private readonly tables = new Map<string, ResourceTable>();
  private readonly history: EventHistory;
  private readonly listeners = new Set<(event: StoreEvent) => void>();
  private readonly pending: StoreEvent[] = [];
  private delivering = false;
  private resourceVersion = 0;

  constructor(options: ObjectStoreOptions) {
    this.history = new EventHistory(
      options.historyLimit ?? DEFAULT_HISTORY_LIMIT,
    );
    for (const definition of builtinDefinitions(this.allocator)) {
      this.registry.register(definition);
    }
    this.ensureNamespace('default');
  }

  // ---- resource types

  resourceTypes(): ResourceType[] {
    return this.registry.types().map(describeType);
  }

  resourceType(
    group: string,
    version: string,
    plural: string,
  ): ResourceType | undefined {
    const type = this.registry.type(group, version, plural);
    return type && describeType(type);
  }

  resourceTypeForKind(
    apiVersion: string,
    kind: string,
  ): ResourceType | undefined {
    const type = this.registry.typeForKind(apiVersion, kind);
    return type && describeType(type);
  }

  private definition(resource: GroupResource): ResourceDefinition {
    const definition = this.registry.definition(resource);
    if (!definition) throw resourceNotFound();
    return definition;
  }

  private table(resource: GroupResource): ResourceTable {
    const key = groupResourceKey(resource);
    let table = this.tables.get(key);
    if (!table) {
      table = new ResourceTable();
      this.tables.set(key, table);
    }
    return table;
  }

  /** The apiVersion an object is written in: its own when served, else the storage version. */
  private writtenApiVersion(
    definition: ResourceDefinition,
    apiVersion?: string,
    kind?: string,
  ): string {
    const expected = this.storageApiVersion(definition);
    if (!apiVersion) return expected;
    const { group, version } = splitApiVersion(apiVersion);
    if (
      group !== definition.resource.group ||
      !definition.types.some(type => type.version === version)
    ) {
      throw badRequest(
        `the API version in the data (${apiVersion}) does not match the expected API version (${expected})`,
      );
    }
    if (kind && kind !== definition.kind) {
      throw badRequest(
        `the kind in the data (${kind}) does not match the expected kind (${definition.kind})`,
      );
    }
    return apiVersion;
  }

  private storageApiVersion(definition: ResourceDefinition): string {
    return apiVersionOf(definition.resource.group, definition.storageVersion);
  }

  private namespaceOf(
    definition: ResourceDefinition,
    object: KubeObject,
  ): string | undefined {
    return definition.namespaced
      ? object.metadata?.namespace || 'default'
      : undefined;
  }

  // ---- reads

  get(
    resource: GroupResource,
    namespace: string | undefined,
    name: string,
  ): KubeObject | undefined {
    const definition = this.definition(resource);
    const object = this.table(resource).objects.get(
      objectKey(definition.namespaced ? namespace : undefined, name),
    );
    return object && cloneJson(object);
  }

  list(resource: GroupResource, namespace?: string): KubeObject[] {
    return this.listPage(resource, { namespace }).items;
  }

  serves(resource: GroupResource): boolean {
    return this.registry.definition(resource) !== undefined;
  }

  getReadOnly(
    resource: GroupResource,
    namespace: string | undefined,
    name: string,
  ): KubeObject | undefined {
    const definition = this.definition(resource);
    return this.table(resource).objects.get(
      objectKey(definition.namespaced ? namespace : undefined, name),
    );
  }

  listReadOnly(resource: GroupResource, namespace?: string): KubeObject[] {
    const definition = this.definition(resource);
    const table = this.table(resource);
    if (definition.namespaced && namespace)
      return table.withPrefix(`${namespace}/`);
    return table.sortedKeys().map(key => table.objects.get(key)!);
  }

  selectorFor(
    resource: GroupResource,
    query: SelectorQuery,
  ): (object: KubeObject) => boolean {
    return compileSelectors(query, this.definition(resource).selectableFields);
  }

  listPage(resource: GroupResource, options: ListOptions = {}): ListPage {
    const definition = this.definition(resource);
    const matches = this.selectorFor(resource, options);
    const filtered = Boolean(options.labelSelector || options.fieldSelector);
    const { snapshot, start } = this.listStart(options);
    const table = this.table(resource);
    const prefix =
      definition.namespaced && options.namespace ? `${options.namespace}/` : '';

    const rolledBack =
      snapshot === this.resourceVersion
        ? new Map<string, KubeObject | undefined>()
        : this.history.stateAt(snapshot, resource, keyOf);
    let keys = table.sortedKeys();
    if (rolledBack.size > 0)
      keys = [...new Set([...keys, ...rolledBack.keys()])].sort();
    const read = (key: string) =>
      rolledBack.has(key) ? rolledBack.get(key) : table.objects.get(key);

    const limit = options.limit && options.limit > 0 ? options.limit : Infinity;
    const items: KubeObject[] = [];
    let index = lowerBound(keys, start && start > prefix ? start : prefix);
    for (; index < keys.length && keys[index].startsWith(prefix); index += 1) {
      if (items.length >= limit) break;
      const object = read(keys[index]);
      if (object && matches(object)) items.push(object);
    }
    const page: ListPage = {
      items: items.map(item => cloneJson(item)),
      resourceVersion: String(snapshot),
    };
    const more = index < keys.length && keys[index].startsWith(prefix);
    if (more && items.length > 0) {
      page.continue = encodeContinue(snapshot, keyOf(items[items.length - 1]));
      if (!filtered) {
        const end = prefix
          ? lowerBound(keys, `${prefix.slice(0, -1)}0`)
          : keys.length;
        page.remainingItemCount = end - index;
      }
    }
    return page;
  }

  /** Which resourceVersion a list reads at, and the key it resumes after. */
  private listStart(options: ListOptions): {
    snapshot: number;
    start?: string;
  } {
    const { resourceVersion, resourceVersionMatch } = options;
    if (resourceVersionMatch && !resourceVersion) {
      throw invalid({ group: 'meta.k8s.io', kind: 'ListOptions' }, '', [
        {
          reason: 'FieldValueForbidden',
          field: 'resourceVersionMatch',
          message:
            'Forbidden: resourceVersionMatch is forbidden unless resourceVersion is provided',
        },
      ]);
    }
    if (options.continue) {
      if (resourceVersion && resourceVersion !== '0') {
        throw badRequest(
          'specifying resource version is not allowed when using continue',
        );
      }
      const token = decodeContinue(options.continue);
      if (this.history.isCompacted(token.resourceVersion)) {
        throw expired(
          'The provided continue parameter is too old to display a consistent list result. You can start a new list without the continue parameter, or use the continue token in this response to retrieve the remainder of the results. Continuing with the provided token results in an inconsistent list - objects that were created, modified, or deleted between the time the first chunk was returned and now may show up in the list.',
        );
      }
      return { snapshot: token.resourceVersion, start: token.start };
    }
    if (!resourceVersion || resourceVersion === '0')
      return { snapshot: this.resourceVersion };
    const requested = parseResourceVersion(resourceVersion);
    if (requested > this.resourceVersion) {
      throw failure(
        504,
        'Timeout',
        `Timeout: Too large resource version: ${requested}, current: ${this.resourceVersion}`,
        {
          causes: [
            {
              reason: 'ResourceVersionTooLarge',
              message: 'Too large resource version',
            },
          ],
          retryAfterSeconds: 1,
        },
      );
    }
    if (resourceVersionMatch === 'Exact') {
      if (this.history.isCompacted(requested)) {
        throw expired(`too old resource version: ${requested}`);
      }
      return { snapshot: requested };
    }
    return { snapshot: this.resourceVersion };
  }

  currentResourceVersion(): string {
    return String(this.resourceVersion);
  }

  eventsSince(resourceVersion: string, resource?: GroupResource): StoreEvent[] {
    return this.history
      .since(parseResourceVersion(resourceVersion), resource)
      .map(event => cloneJson(event));
  }

  subscribe(listener: (event: StoreEvent) => void): () => void {
    return this.addListener(event => listener(cloneJson(event)));
  }

  subscribeReadOnly(listener: (event: StoreEvent) => void): () => void {
    return this.addListener(listener);
  }

  private addListener(listener: (event: StoreEvent) => void): () => void {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  }

  // ---- writes

  /** Everything a write needs: the resource, the apiVersion it is written in, who writes, and what it may touch. */
  private context(
    resource: GroupResource,
    written: { apiVersion?: string; kind?: string },
    options: {
      fieldManager?: string;
      subresource?: 'status';
      dryRun?: boolean;
      readOnlyResult?: boolean;
      fieldValidation?: FieldValidation;
    },
  ): WriteContext {
    const definition = this.definition(resource);
    if (options.subresource && !definition.statusSubresource)
      throw resourceNotFound();
    return {
      definition,
      apiVersion: this.writtenApiVersion(
        definition,
        written.apiVersion,
        written.kind,
      ),
      manager: options.fieldManager || DEFAULT_FIELD_MANAGER,
      scope: scopeOf(definition, options.subresource),
      dryRun: options.dryRun ?? false,
      readOnlyResult: options.readOnlyResult ?? false,
      fieldValidation: options.fieldValidation,
    };
  }

  create(
    resource: GroupResource,
    object: KubeObject,
    options: WriteOptions = {},
  ): KubeObject {
    if (options.subresource) throw resourceNotFound();
    return this.createObject(
      this.context(resource, object, options),
      cloneJson(object),
    );
  }

  /** Runs a write; what it allocated (cluster IPs, node ports) is given back when it stores nothing. */
  private allocating(dryRun: boolean, write: () => KubeObject): KubeObject {
    const giveBack = this.allocator.checkpoint();
    try {
      const result = write();
      if (dryRun) giveBack();
      return result;
    } catch (error) {
      giveBack();
      throw error;
    }
  }

  private createObject(
    context: WriteContext,
    candidate: KubeObject,
  ): KubeObject {
    return this.allocating(context.dryRun, () =>
      this.createAllocated(context, candidate),
    );
  }

  private createAllocated(
    context: WriteContext,
    candidate: KubeObject,
  ): KubeObject {
    const { definition, apiVersion } = context;
    const resource = definition.resource;
    candidate.apiVersion = apiVersion;
    candidate.kind = definition.kind;
    const metadata = { ...candidate.metadata };
    candidate.metadata = metadata;
    if (metadata.resourceVersion) {
      throw internalError(
        'resourceVersion should not be set on objects to be created',
      );
    }
    const namespace = this.namespaceOf(definition, candidate);
    if (namespace) metadata.namespace = namespace;
    else delete metadata.namespace;
    if (!metadata.name && metadata.generateName)
      metadata.name = `${metadata.generateName}${randomSuffix()}`;
    const table = this.table(resource);
    if (
      metadata.name &&
      table.objects.has(objectKey(namespace, metadata.name))
    ) {
      throw alreadyExists(resource, metadata.name);
    }
    if (namespace) this.refuseIfTerminating(resource, namespace, metadata.name);

    for (const field of [...SERVER_SET_METADATA, 'managedFields']) {
      delete metadata[field];
    }
    if (definition.statusSubresource) delete candidate.status;
    if (!context.managedFields)
      checkUnknownFields(context, candidate, fields =>
        strictDecodingError(context, fields),
      );
    definition.normalize(candidate, undefined);
    const now = timestamp();
    metadata.uid = newUid();
    metadata.creationTimestamp = now;
    if (definition.tracksGeneration) metadata.generation = 1;
    this.validate(definition, candidate);
    metadata.managedFields =
      context.managedFields ??
      recordUpdate({
        before: undefined,
        after: candidate,
        entries: [],
        schema: definition.structure(splitApiVersion(apiVersion).version),
        identity: { manager: context.manager, operation: 'Update', apiVersion },
        scope: context.scope,
        now,
      });
    if (context.dryRun) return inCanonicalOrder(candidate);

    if (namespace) this.ensureNamespace(namespace);
    const stored = this.commit(
      definition,
      'ADDED',
      inVersion(candidate, this.storageApiVersion(definition)),
    );
    return writeResult(context, stored);
  }

  private refuseIfTerminating(
    resource: GroupResource,
    namespace: string,
    name: string | undefined,
  ): void {
    const owner = this.table(NAMESPACE_RESOURCE).objects.get(namespace);
    if (owner?.metadata.deletionTimestamp) {
      throw forbidden(
        resource,
        name,
        `unable to create new content in namespace ${namespace} because it is being terminated`,
      );
    }
  }

  private ensureNamespace(name: string): void {
    if (this.table(NAMESPACE_RESOURCE).objects.has(name)) return;
    const definition = this.definition(NAMESPACE_RESOURCE);
    this.createObject(
      {
        definition,
        apiVersion: 'v1',
        manager: 'kube-apiserver',
        scope: 'main',
        dryRun: false,
        readOnlyResult: true,
      },
      { apiVersion: 'v1', kind: 'Namespace', metadata: { name } },
    );
  }

  /**
   * Metadata, schema, then CEL rules, as the server orders them: rules run
   * only when no error that changes the object's shape (a wrong type, a
   * missing required field, an unsupported value, too long, too many) came
   * first, and that is said in a cause of its own.
   */
  private validate(
    definition: ResourceDefinition,
    object: KubeObject,
    previous?: KubeObject,
  ): void {
    const causes: FieldCause[] = [
      ...metadataCauses(object, definition.nameRule),
      ...definition.validate(object),
    ];
    if (definition.hasRules?.(object)) {
      if (causes.some(cause => BLOCKING_CAUSES.has(cause.reason)))
        causes.push(RULES_NOT_CHECKED);
      else causes.push(...definition.validateRules!(object, previous));
    }
    if (causes.length > 0) {
      throw invalid(
        { group: definition.resource.group, kind: definition.kind },
        object.metadata.name ?? '',
        causes,
      );
    }
  }

  update(
    resource: GroupResource,
    object: KubeObject,
    options: WriteOptions = {},
  ): KubeObject {
    return this.updateObject(
      this.context(resource, object, options),
      cloneJson(object),
    );
  }

  private existing(
    definition: ResourceDefinition,
    namespace: string | undefined,
    name: string,
  ): KubeObject {
    const found = this.table(definition.resource).objects.get(
      objectKey(namespace, name),
    );
    if (!found) throw notFound(definition.resource, name);
    return found;
  }

  private updateObject(
    context: WriteContext,
    candidate: KubeObject,
  ): KubeObject {
    return this.allocating(context.dryRun, () =>
      this.updateAllocated(context, candidate),
    );
  }

  private updateAllocated(
    context: WriteContext,
    candidate: KubeObject,
  ): KubeObject {
    const { definition, apiVersion, scope } = context;
    const resource = definition.resource;
    const name = candidate.metadata?.name;
    if (!name) {
      throw invalid({ group: resource.group, kind: definition.kind }, '', [
        {
          reason: 'FieldValueRequired',
          field: 'metadata.name',
          message: 'Required value: name is required',
        },
      ]);
    }
    const namespace = this.namespaceOf(definition, candidate);
    const stored = this.existing(definition, namespace, name);
    const old = inVersion(stored, apiVersion);
    const { resourceVersion, uid } = candidate.metadata;
    if (
      resourceVersion &&
      resourceVersion !== stored.metadata.resourceVersion
    ) {
      throw staleResourceVersion(resource, name);
    }
    if (uid && uid !== stored.metadata.uid) {
      throw conflict(
        resource,
        name,
        `Precondition failed: UID in precondition: ${uid}, UID in object meta: ${stored.metadata.uid}`,
      );
    }

    let next: KubeObject;
    if (scope === 'status') {
      next = {
        ...cloneJson(old),
        metadata: {
          ...cloneJson(old.metadata),
          managedFields: candidate.metadata.managedFields,
        },
      };
      if (candidate.status === undefined) delete next.status;
      else next.status = candidate.status;
    } else {
      next = { ...candidate, apiVersion, kind: definition.kind };
      if (scope === 'main') {
        if (old.status === undefined) delete next.status;
        else next.status = cloneJson(old.status);
      }
    }
    next.metadata = { ...next.metadata, name };
    if (namespace) next.metadata.namespace = namespace;
    else delete next.metadata.namespace;
    for (const field of [...SERVER_SET_METADATA, 'resourceVersion']) {
      if (old.metadata[field] === undefined) delete next.metadata[field];
      else next.metadata[field] = old.metadata[field];
    }
    this.refuseNewFinalizersWhileDeleting(definition, old, next);
    if (!context.managedFields)
      checkUnknownFields(context, next, fields =>
        strictDecodingError(context, fields),
      );
    definition.normalize(next, old);
    if (definition.tracksGeneration) {
      const changed = !deepEqual(
        specOf(old, definition.statusSubresource),
        specOf(next, definition.statusSubresource),
      );
      next.metadata.generation =
        (old.metadata.generation ?? 0) + (changed ? 1 : 0);
    }
    this.validate(definition, next, old);
    const clientEntries = next.metadata.managedFields;
    next.metadata.managedFields =
      context.managedFields ??
      recordUpdate({
        before: old,
        after: next,
        entries:
          clientEntries !== undefined &&
          !deepEqual(clientEntries, old.metadata.managedFields)
            ? clientEntries
            : old.metadata.managedFields,
        schema: definition.structure(splitApiVersion(apiVersion).version),
        identity: {
          manager: context.manager,
          operation: 'Update',
          apiVersion,
          ...(scope === 'status' ? { subresource: 'status' } : {}),
        },
        scope,
        now: timestamp(),
      });
    if (next.metadata.managedFields.length === 0)
      delete next.metadata.managedFields;

    if (deepEqual(next, old)) return writeResult(context, stored);
    if (context.dryRun) return inCanonicalOrder(next);
    const storedNext = inVersion(next, this.storageApiVersion(definition));
    const finished =
      Boolean(next.metadata.deletionTimestamp) &&
      !next.metadata.finalizers?.length;
    const result = finished
      ? this.remove(definition, storedNext, stored)
      : this.commit(definition, 'MODIFIED', storedNext, stored);
    return writeResult(context, result);
  }

  private refuseNewFinalizersWhileDeleting(
    definition: ResourceDefinition,
    old: KubeObject,
    next: KubeObject,
  ): void {
    if (!old.metadata.deletionTimestamp) return;
    const before = new Set(old.metadata.finalizers ?? []);
    const added = (next.metadata.finalizers ?? []).filter(
      finalizer => !before.has(finalizer),
    );
    if (added.length > 0) {
      throw invalid(
        { group: definition.resource.group, kind: definition.kind },
        old.metadata.name,
        [
          {
            reason: 'FieldValueForbidden',
            field: 'metadata.finalizers',
            message: `Forbidden: no new finalizers can be added if the object is being deleted, found new finalizers []string{${added
              .map(f => JSON.stringify(f))
              .join(', ')}}`,
          },
        ],
      );
    }
  }

  mergePatch(
    resource: GroupResource,
    namespace: string | undefined,
    name: string,
    patch: unknown,
    options?: WriteOptions,
  ): KubeObject {
    return this.patch(resource, namespace, name, 'merge', patch, options);
  }

  patch(
    resource: GroupResource,
    namespace: string | undefined,
    name: string,
    type: PatchType,
    patch: unknown,
    options: WriteOptions = {},
  ): KubeObject {
    const context = this.context(
      resource,
      { apiVersion: options.apiVersion },
      options,
    );
    const { definition } = context;
    if (type === 'strategic' && definition.custom) {
      throw unsupportedMediaType([
        'application/json-patch+json',
        'application/merge-patch+json',
        'application/apply-patch+yaml',
      ]);
    }
    // Read-only: every patch format works on a copy of its target.
    const current = inVersion(
      this.existing(
        definition,
        definition.namespaced ? namespace || 'default' : undefined,
        name,
      ),
      context.apiVersion,
    );
    let patched: unknown;
    if (type === 'json') {
      patched = applyJsonPatch(current, parseJsonPatch(patch));
    } else if (!isPlainObject(patch)) {
      throw badRequest(
        'json: cannot unmarshal into Go value of type map[string]interface {}',
      );
    } else if (type === 'strategic') {
      patched = applyStrategicMergePatch(
        current,
        patch,
        definition.structure(splitApiVersion(context.apiVersion).version),
      );
    } else {
      patched = applyMergePatch(current, patch);
    }
    if (!isPlainObject(patched) || !isPlainObject(patched.metadata)) {
      throw badRequest('the patched object is not a Kubernetes object');
    }
    const next = patched as KubeObject;
    if (
      next.metadata.name !== name ||
      (definition.namespaced &&
        next.metadata.namespace !== current.metadata.namespace)
    ) {
      throw badRequest(
        `the name of the object (${String(
          next.metadata.name,
        )}) does not match the name on the URL (${name})`,
      );
    }
    next.metadata.resourceVersion ??= current.metadata.resourceVersion;
    return this.updateObject(context, next);
  }

  apply(
    resource: GroupResource,
    object: KubeObject,
    options: ApplyOptions,
  ): KubeObject {
    const context = this.context(resource, object, options);
    const { definition, apiVersion } = context;
    if (!options.fieldManager) {
      throw invalid({ group: 'meta.k8s.io', kind: 'PatchOptions' }, '', [
        {
          reason: 'FieldValueRequired',
          field: 'fieldManager',
          message: 'Required value: is required for apply patch',
        },
      ]);
    }
    const applied = cloneJson(object);
    if (!isPlainObject(applied.metadata) || !applied.metadata.name) {
      throw badRequest('metadata.name is required for apply');
    }
    if (
      applied.metadata.managedFields !== undefined &&
      applied.metadata.managedFields !== null
    ) {
      throw badRequest('metadata.managedFields must be nil');
    }
    applied.apiVersion = apiVersion;
    applied.kind = definition.kind;
    checkUnknownFields(context, applied, fields =>
      badRequest(
        `failed to create typed patch object (${
          applied.metadata.namespace ? `${applied.metadata.namespace}/` : ''
        }${applied.metadata.name}; ${
          definition.resource.group ? `${definition.resource.group}/` : ''
        }${splitApiVersion(apiVersion).version}, Kind=${
          definition.kind
        }): ${fields
          .map(field => `.${field}: field not declared in schema`)
          .join(', ')}`,
      ),
    );
    definition.prune(applied);
    const namespace = this.namespaceOf(definition, applied);
    const stored = this.table(resource).objects.get(
      objectKey(namespace, applied.metadata.name),
    );
    const live = stored && inVersion(stored, apiVersion);
    const requested = applied.metadata.resourceVersion;
    if (requested && requested !== stored?.metadata.resourceVersion) {
      throw stored
        ? staleResourceVersion(resource, applied.metadata.name)
        : notFound(resource, applied.metadata.name);
    }
    if (!live && options.subresource)
      throw notFound(resource, applied.metadata.name);
    const { view, managedFields } = serverSideApply({
      live,
      applied,
      schema: definition.structure(splitApiVersion(apiVersion).version),
      scope: context.scope,
      manager: options.fieldManager,
      apiVersion,
      subresource: options.subresource,
      force: options.force ?? false,
      now: timestamp(),
    });
    context.managedFields = managedFields;
    if (!live) {
      const skeleton: KubeObject = {
        apiVersion,
        kind: definition.kind,
        metadata: {
          name: applied.metadata.name,
          ...(namespace ? { namespace } : {}),
        },
      };
      return this.createObject(
        context,
        withTrackedView(skeleton, view, context.scope),
      );
    }
    const next = withTrackedView(cloneJson(live), view, context.scope);
    next.metadata.managedFields = managedFields;
    return this.updateObject(context, next);
  }

  delete(
    resource: GroupResource,
    namespace: string | undefined,
    name: string,
    options: DeleteOptions = {},
  ): KubeObject {
    const definition = this.definition(resource);
    const stored = this.existing(
      definition,
      definition.namespaced ? namespace || 'default' : undefined,
      name,
    );
    const { uid, resourceVersion } = options.preconditions ?? {};
    if (uid && uid !== stored.metadata.uid) {
      throw conflict(
        resource,
        name,
        `Precondition failed: UID in precondition: ${uid}, UID in object meta: ${stored.metadata.uid}`,
      );
    }
    if (
      resourceVersion &&
      resourceVersion !== stored.metadata.resourceVersion
    ) {
      throw conflict(
        resource,
        name,
        `Precondition failed: ResourceVersion in precondition: ${resourceVersion}, ResourceVersion in object meta: ${stored.metadata.resourceVersion}`,
      );
    }
    if (
      groupResourceKey(resource) === groupResourceKey(NAMESPACE_RESOURCE) &&
      PROTECTED_NAMESPACES.has(name)
    ) {
      throw forbidden(resource, name, 'this namespace may not be deleted');
    }
    if (options.dryRun) return this.deletedAsDryRun(definition, stored);
    return cloneJson(
      this.deleteObject(definition, stored, options.gracePeriodSeconds),
    );
  }

  /** What a delete would answer, storing nothing: an object held by finalizers comes back marked for deletion. */
  private deletedAsDryRun(
    definition: ResourceDefinition,
    stored: KubeObject,
  ): KubeObject {
    const copy = cloneJson(stored);
    if (stored.metadata.deletionTimestamp || !stored.metadata.finalizers?.length)
      return copy;
    copy.metadata.deletionTimestamp = timestamp();
    copy.metadata.deletionGracePeriodSeconds = 0;
    if (definition.tracksGeneration)
      copy.metadata.generation = (stored.metadata.generation ?? 0) + 1;
    return inCanonicalOrder(copy);
  }

  private deleteObject(
    definition: ResourceDefinition,
    stored: KubeObject,
    gracePeriodSeconds?: number,
  ): KubeObject {
    const finalizing = Boolean(stored.metadata.finalizers?.length);
    if (stored.metadata.deletionTimestamp) {
      // A terminating pod asked to go with no grace period goes now (kubectl delete --force, the kubelet).
      if (definition.gracePeriod && gracePeriodSeconds === 0 && !finalizing)
        return this.remove(definition, stored, stored);
      // Anything else already on its way out stays as it is.
      return stored;
    }
    const grace = definition.gracePeriod?.(stored, gracePeriodSeconds) ?? 0;
    if (finalizing || grace > 0)
      return this.markDeleting(definition, stored, {}, grace);
    const key = groupResourceKey(definition.resource);
    if (key === groupResourceKey(NAMESPACE_RESOURCE)) {
      this.emptyNamespace(stored.metadata.name);
      if (this.namespaceHasObjects(stored.metadata.name)) {
        return this.markDeleting(definition, stored, {
          status: { phase: 'Terminating' },
        });
      }
    }
    if (key === groupResourceKey(CRD_RESOURCE)) this.uninstallCrd(stored);
    return this.remove(definition, stored, stored);
  }

  /** Sets deletionTimestamp (and anything else a pending deletion changes, such as a namespace's phase). */
  private markDeleting(
    definition: ResourceDefinition,
    stored: KubeObject,
    changes: Partial<KubeObject> = {},
    gracePeriodSeconds = 0,
  ): KubeObject {
    const metadata = {
      ...stored.metadata,
      deletionTimestamp: timestamp(
        new Date(Date.now() + gracePeriodSeconds * 1000),
      ),
      deletionGracePeriodSeconds: gracePeriodSeconds,
    };
    if (definition.tracksGeneration)
      metadata.generation = (stored.metadata.generation ?? 0) + 1;
    return this.commit(
      definition,
      'MODIFIED',
      { ...stored, ...changes, metadata },
      stored,
    );
  }

  private namespacedTables(): Array<[ResourceDefinition, ResourceTable]> {
    return this.registry
      .all()
      .filter(definition => definition.namespaced)
      .map(definition => [definition, this.table(definition.resource)]);
  }

  private emptyNamespace(namespace: string): void {
    for (const [definition, table] of this.namespacedTables()) {
      for (const object of table.withPrefix(`${namespace}/`))
        this.deleteObject(definition, object);
    }
  }

  private namespaceHasObjects(namespace: string): boolean {
    return this.namespacedTables().some(
      ([, table]) => table.withPrefix(`${namespace}/`).length > 0,
    );
  }

  /** Deleting a CRD deletes its objects and stops serving its resource. */
  private uninstallCrd(crd: KubeObject): void {
    const [type] = resourceTypesFromCrd(crd);
    if (!type) return;
    const resource = { group: type.group, plural: type.plural };
    const definition = this.registry.definition(resource);
    if (!definition) return;
    const table = this.table(resource);
    for (const key of table.sortedKeys().slice())
      this.remove(definition, table.objects.get(key)!, table.objects.get(key)!);
    this.registry.unregister(resource);
    this.tables.delete(groupResourceKey(resource));
  }

  /** Removes an object for good, as `last` (its final state), and finishes a terminating namespace. */
  private remove(
    definition: ResourceDefinition,
    last: KubeObject,
    previous: KubeObject,
  ): KubeObject {
    const key = keyOf(last);
    this.table(definition.resource).delete(key);
    const deleted = this.record(
      'DELETED',
      definition,
      inCanonicalOrder(last, {
        resourceVersion: String(this.resourceVersion + 1),
      }),
      previous,
    );
    const namespace = last.metadata.namespace;
    if (namespace && definition.namespaced) {
      const owner = this.table(NAMESPACE_RESOURCE).objects.get(namespace);
      if (
        owner?.metadata.deletionTimestamp &&
        !owner.metadata.finalizers?.length &&
        !this.namespaceHasObjects(namespace)
      ) {
        this.remove(this.definition(NAMESPACE_RESOURCE), owner, owner);
      }
    }
    return deleted;
  }

  /** Stores a new state of an object under the next resourceVersion and announces it. */
  private commit(
    definition: ResourceDefinition,
    type: Exclude<WatchEventType, 'DELETED'>,
    object: KubeObject,
    previous?: KubeObject,
  ): KubeObject {
    const stored = inCanonicalOrder(object, {
      resourceVersion: String(this.resourceVersion + 1),
    });
    this.table(definition.resource).set(keyOf(stored), stored);
    if (
      groupResourceKey(definition.resource) === groupResourceKey(CRD_RESOURCE)
    ) {
      this.registry.register(
        customResourceDefinition(resourceTypesFromCrd(stored)),
      );
    }
    return this.record(type, definition, stored, previous);
  }

  private record(
    type: WatchEventType,
    definition: ResourceDefinition,
    object: KubeObject,
    previous: KubeObject | undefined,
  ): KubeObject {
    this.resourceVersion += 1;
    const event: StoreEvent = {
      type,
      resource: definition.resource,
      object,
      ...(previous ? { previous } : {}),
    };
    this.history.push(this.resourceVersion, event);
    this.deliver(event);
    return object;
  }

  /** Delivers in resourceVersion order even when a listener writes while being told of a change. */
  private deliver(event: StoreEvent): void {
    this.pending.push(event);
    if (this.delivering) return;
    this.delivering = true;
    try {
      for (let next = this.pending.shift(); next; next = this.pending.shift()) {
        for (const listener of [...this.listeners]) {
          try {
            listener(next);
          } catch (error) {
            // A faulty listener must not undo a committed write; surface it instead.
            queueMicrotask(() => {
              throw error;
            });
          }
        }
      }
    } finally {
      this.delivering = false;
    }
  }
}

export function createObjectStore(
  options: ObjectStoreOptions = {},
): ObjectStore {
  return new MemoryObjectStore(options);
}
