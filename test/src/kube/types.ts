/*
 * The in-process seams of a simulated Kubernetes API server.
 *
 * The HTTP server (server.ts) and the in-process users (controller simulator,
 * fleet seeding, fault injection) share one ObjectStore per cluster, so the
 * controller sees exactly what clients wrote and clients see what the
 * controller wrote, with the same resourceVersions and watch events.
 */
import type { PrinterColumn } from './printerColumns';

export interface ObjectMeta {
  name: string;
  namespace?: string;
  uid?: string;
  resourceVersion?: string;
  generation?: number;
  creationTimestamp?: string;
  deletionTimestamp?: string;
  deletionGracePeriodSeconds?: number;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  finalizers?: string[];
  ownerReferences?: Array<Record<string, unknown>>;
  managedFields?: ManagedFieldsEntry[];
  generateName?: string;
  [key: string]: unknown;
}

export interface ManagedFieldsEntry {
  manager: string;
  operation: 'Apply' | 'Update';
  apiVersion: string;
  time: string;
  fieldsType: 'FieldsV1';
  fieldsV1: Record<string, unknown>;
  subresource?: string;
}

export interface KubeObject {
  apiVersion: string;
  kind: string;
  metadata: ObjectMeta;
  [key: string]: unknown;
}

/** A served resource: one (group, version, plural). */
export interface ResourceType {
  /** '' for the core group. */
  group: string;
  version: string;
  /** Plural, lower case: 'services', 'serviceexports'. */
  plural: string;
  singular: string;
  kind: string;
  listKind: string;
  namespaced: boolean;
  shortNames?: string[];
  verbs: string[];
  /** Whether a /status subresource is served (status ignored on main-resource writes). */
  statusSubresource: boolean;
  /** The version objects are stored in; other served versions convert trivially (same shape). */
  storageVersion: string;
  /** openAPIV3Schema of this version, for custom resources; validated on every write. */
  schema?: unknown;
  /** Defined by a CustomResourceDefinition. */
  custom?: boolean;
  /** The CRD version's additionalPrinterColumns (custom resources only). */
  printerColumns?: PrinterColumn[];
  /** Groupings such as `all` that `kubectl get <category>` expands to. */
  categories?: string[];
  /** Subresources besides status: `scale` for workloads. */
  scaleSubresource?: boolean;
}

/** Identifies a resource regardless of version (objects are stored once per group+plural). */
export interface GroupResource {
  group: string;
  plural: string;
}

export type WatchEventType = 'ADDED' | 'MODIFIED' | 'DELETED';

export interface StoreEvent {
  type: WatchEventType;
  resource: GroupResource;
  /** The object after the change (for DELETED, the last state with the deletion's resourceVersion). */
  object: KubeObject;
  /** The object before the change, when there was one. */
  previous?: KubeObject;
}

/** How a write treats fields the kind's schema does not declare (the fieldValidation parameter). */
export interface FieldValidation {
  directive: 'Ignore' | 'Warn' | 'Strict';
  /** Where Warn puts its warnings (one per unknown field). */
  warnings: string[];
}

export interface WriteOptions {
  /** Unknown fields are dropped silently unless asked otherwise, as in-process writers want. */
  fieldValidation?: FieldValidation;
  /** Field manager recorded in managedFields (defaults as a real server does). */
  fieldManager?: string;
  /** Write the status subresource: only `.status` changes. */
  subresource?: 'status';
  /** Validate and answer without storing anything (dryRun=All). */
  dryRun?: boolean;
  /** The apiVersion the client spoke, recorded in managedFields (patches; other writes use the object's). */
  apiVersion?: string;
  /** Return the object as stored rather than a copy, for in-process writers that only read it: never modify it. */
  readOnlyResult?: boolean;
}

export interface ApplyOptions {
  fieldManager: string;
  fieldValidation?: FieldValidation;
  force?: boolean;
  subresource?: 'status';
  dryRun?: boolean;
  /** Return the object as stored rather than a copy, for in-process writers that only read it: never modify it. */
  readOnlyResult?: boolean;
}

export interface DeleteOptions {
  dryRun?: boolean;
  /** How long a pod may take to stop; 0 deletes at once. */
  gracePeriodSeconds?: number;
  /** The delete is refused with 409 Conflict unless the object still has these. */
  preconditions?: { uid?: string; resourceVersion?: string };
}

/** Patch formats besides apply: JSON merge patch, JSON patch, strategic merge patch (built-in kinds only). */
export type PatchType = 'merge' | 'json' | 'strategic';

export interface SelectorQuery {
  labelSelector?: string;
  fieldSelector?: string;
}

/** A list request as the API server takes it (all optional; invalid values throw 400/410/422/504). */
export interface ListOptions extends SelectorQuery {
  namespace?: string;
  limit?: number;
  /** Token from a previous page; pages are consistent with the first one. */
  continue?: string;
  resourceVersion?: string;
  resourceVersionMatch?: 'Exact' | 'NotOlderThan';
}

export interface ListPage {
  items: KubeObject[];
  resourceVersion: string;
  continue?: string;
  remainingItemCount?: number;
}

/**
 * One cluster's objects. All methods are synchronous and throw KubeApiError
 * (see errors.ts) with the Status a real server would return.
 * Objects handed out are deep copies; mutate them freely.
 */
export interface ObjectStore {
  /** Registered resource types, including those added by CRDs. */
  resourceTypes(): ResourceType[];
  /** Looks up a served resource by group, version and plural. */
  resourceType(
    group: string,
    version: string,
    plural: string,
  ): ResourceType | undefined;
  /** Finds the served type for an apiVersion + kind (as written in an object). */
  resourceTypeForKind(
    apiVersion: string,
    kind: string,
  ): ResourceType | undefined;

  get(
    resource: GroupResource,
    namespace: string | undefined,
    name: string,
  ): KubeObject | undefined;
  list(resource: GroupResource, namespace?: string): KubeObject[];
  create(
    resource: GroupResource,
    object: KubeObject,
    options?: WriteOptions,
  ): KubeObject;
  /** Replaces the object; a non-empty metadata.resourceVersion must match (409 otherwise). */
  update(
    resource: GroupResource,
    object: KubeObject,
    options?: WriteOptions,
  ): KubeObject;
  /** Patches in any of the PatchType formats; a patch that sets metadata.resourceVersion is a precondition. */
  patch(
    resource: GroupResource,
    namespace: string | undefined,
    name: string,
    type: PatchType,
    patch: unknown,
    options?: WriteOptions,
  ): KubeObject;
  /** JSON merge patch (RFC 7386). */
  mergePatch(
    resource: GroupResource,
    namespace: string | undefined,
    name: string,
    patch: unknown,
    options?: WriteOptions,
  ): KubeObject;
  /** Server-side apply; creates the object when absent. */
  apply(
    resource: GroupResource,
    object: KubeObject,
    options: ApplyOptions,
  ): KubeObject;
  /**
   * Deletes; with finalizers present only sets deletionTimestamp, and the object goes
   * when the last finalizer is removed. Returns the object as deleted or as marked.
   */
  delete(
    resource: GroupResource,
    namespace: string | undefined,
    name: string,
    options?: DeleteOptions,
  ): KubeObject;
  /** One page of a list, with selectors, limit/continue and resourceVersion semantics. */
  listPage(resource: GroupResource, options?: ListOptions): ListPage;
  /** A predicate for label and field selectors on this resource (400 when they do not parse). */
  selectorFor(
    resource: GroupResource,
    query: SelectorQuery,
  ): (object: KubeObject) => boolean;
  /** Changes after a resourceVersion, oldest first (410 Expired when no longer in history). */
  eventsSince(resourceVersion: string, resource?: GroupResource): StoreEvent[];

  /** Current resourceVersion of the whole store (a counter, as a string). */
  currentResourceVersion(): string;
  /** Synchronous listener for every change, in order. Returns an unsubscribe function. */
  subscribe(listener: (event: StoreEvent) => void): () => void;

  /*
   * Read-only access for in-process readers that look at many objects often
   * (the controller simulator): what they get is the store's own data, shared
   * and not copied, so they must never modify it. The store replaces an
   * object on every change rather than editing it, so what a reader holds
   * stays as it was when read.
   */

  /** Whether the resource is served (custom kinds only once their CRD is installed). */
  serves(resource: GroupResource): boolean;
  /** Like get, without the copy: treat the object as read-only. */
  getReadOnly(
    resource: GroupResource,
    namespace: string | undefined,
    name: string,
  ): KubeObject | undefined;
  /** Like list (ordered by namespace and name), without the copies: treat the objects as read-only. */
  listReadOnly(resource: GroupResource, namespace?: string): KubeObject[];
  /** Like subscribe, without the copies: treat the events and their objects as read-only. */
  subscribeReadOnly(listener: (event: StoreEvent) => void): () => void;
}

/** A Kubernetes Event to record about an object (as the controller's recorder does). */
export interface EventSpec {
  involvedObject: KubeObject;
  type: 'Normal' | 'Warning';
  reason: string;
  message: string;
  component: string;
  /** The node, for the kubelet's events. */
  host?: string;
  /** The part of the object, such as `spec.containers{web}`. */
  fieldPath?: string;
}

/** One reason a write was refused, as in a 422 Status's details.causes. */
export interface FieldCause {
  /** FieldValueRequired, FieldValueInvalid, FieldValueNotSupported, FieldValueTooLong, FieldValueTooMany, FieldValueTypeInvalid, ... */
  reason: string;
  message: string;
  /** Path as the API server prints it: 'spec.exportedPorts[0].routeType'. */
  field: string;
}

/**
 * One node of an OpenAPI v3 schema as a CustomResourceDefinition version declares it
 * (apiextensions.k8s.io/v1 JSONSchemaProps), with the Kubernetes extensions.
 */
export interface JSONSchemaProps {
  type?: string;
  format?: string;
  description?: string;
  nullable?: boolean;
  default?: unknown;
  enum?: unknown[];
  required?: string[];
  properties?: Record<string, JSONSchemaProps>;
  additionalProperties?: JSONSchemaProps | boolean;
  items?: JSONSchemaProps;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: boolean;
  exclusiveMaximum?: boolean;
  multipleOf?: number;
  minLength?: number;
  maxLength?: number;
  pattern?: string;
  minItems?: number;
  maxItems?: number;
  uniqueItems?: boolean;
  minProperties?: number;
  maxProperties?: number;
  allOf?: JSONSchemaProps[];
  anyOf?: JSONSchemaProps[];
  oneOf?: JSONSchemaProps[];
  not?: JSONSchemaProps;
  'x-kubernetes-int-or-string'?: boolean;
  'x-kubernetes-preserve-unknown-fields'?: boolean;
  'x-kubernetes-embedded-resource'?: boolean;
  'x-kubernetes-list-type'?: 'atomic' | 'set' | 'map';
  'x-kubernetes-list-map-keys'?: string[];
  'x-kubernetes-map-type'?: 'granular' | 'atomic';
  /** Built-in kinds only: how strategic merge patch merges this list ('merge' or 'replace'). */
  'x-kubernetes-patch-strategy'?: string;
  /** Built-in kinds only: the field strategic merge patch matches list items by. */
  'x-kubernetes-patch-merge-key'?: string;
  'x-kubernetes-validations'?: Array<Record<string, unknown>>;
}
