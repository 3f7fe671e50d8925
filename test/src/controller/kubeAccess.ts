/*
 * The controller's reads and writes on a cluster's store. Reads hand out the
 * store's own objects, as an informer cache does: reconcilers never modify
 * what they read, they write changes back. Writes go through merge patches
 * with the controller's field manager and are skipped when they would change
 * nothing, so watchers only see real changes.
 */
import { isDeepStrictEqual } from 'node:util';
import { GroupResource, KubeObject, ObjectStore } from '../kube/types';
import { FIELD_MANAGER } from './constants';

/** What the controller writes with; results are read like everything else it reads. */
export const WRITE_OPTIONS = {
  fieldManager: FIELD_MANAGER,
  readOnlyResult: true,
} as const;

/** Objects of a custom kind exist only once its CRD is installed; read-only, ordered by namespace and name. */
export function listServed(
  store: ObjectStore,
  resource: GroupResource,
  namespace?: string,
): KubeObject[] {
  return store.serves(resource) ? store.listReadOnly(resource, namespace) : [];
}

/** Read-only; undefined as well when the kind is not served. */
export function getServed(
  store: ObjectStore,
  resource: GroupResource,
  namespace: string | undefined,
  name: string,
): KubeObject | undefined {
  return store.serves(resource)
    ? store.getReadOnly(resource, namespace, name)
    : undefined;
}

export function isDeleting(object: KubeObject): boolean {
  return Boolean(object.metadata.deletionTimestamp);
}

export function hasFinalizer(object: KubeObject, finalizer: string): boolean {
  return (object.metadata.finalizers ?? []).includes(finalizer);
}

function patchFinalizers(
  store: ObjectStore,
  resource: GroupResource,
  object: KubeObject,
  finalizers: string[],
): KubeObject {
  return store.mergePatch(
    resource,
    object.metadata.namespace,
    object.metadata.name,
    { metadata: { finalizers: finalizers.length ? finalizers : null } },
    WRITE_OPTIONS,
  );
}

/** Returns the object as it is after the write. */
export function addFinalizer(
  store: ObjectStore,
  resource: GroupResource,
  object: KubeObject,
  finalizer: string,
): KubeObject {
  if (hasFinalizer(object, finalizer)) return object;
  return patchFinalizers(store, resource, object, [
    ...(object.metadata.finalizers ?? []),
    finalizer,
  ]);
}

/** Removing the last finalizer of a deleting object lets the store delete it. */
export function removeFinalizer(
  store: ObjectStore,
  resource: GroupResource,
  object: KubeObject,
  finalizer: string,
): void {
  if (!hasFinalizer(object, finalizer)) return;
  const remaining = (object.metadata.finalizers ?? []).filter(
    f => f !== finalizer,
  );
  patchFinalizers(store, resource, object, remaining);
}

/** Writes the given top-level status fields (null removes one); returns the object after the write. */
export function patchStatus(
  store: ObjectStore,
  resource: GroupResource,
  object: KubeObject,
  fields: Record<string, unknown>,
  fieldManager: string = FIELD_MANAGER,
): KubeObject {
  const current = (object.status ?? {}) as Record<string, unknown>;
  const unchanged = Object.entries(fields).every(([key, value]) =>
    isDeepStrictEqual(current[key] ?? null, value),
  );
  if (unchanged) return object;
  return store.mergePatch(
    resource,
    object.metadata.namespace,
    object.metadata.name,
    { status: fields },
    { ...WRITE_OPTIONS, fieldManager, subresource: 'status' },
  );
}

export function patchAnnotations(
  store: ObjectStore,
  resource: GroupResource,
  object: KubeObject,
  annotations: Record<string, string>,
): KubeObject {
  const current = object.metadata.annotations ?? {};
  if (
    Object.entries(annotations).every(([key, value]) => current[key] === value)
  )
    return object;
  return store.mergePatch(
    resource,
    object.metadata.namespace,
    object.metadata.name,
    { metadata: { annotations } },
    WRITE_OPTIONS,
  );
}
