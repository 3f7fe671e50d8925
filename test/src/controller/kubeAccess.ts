/*
 * The controller's reads and writes on a cluster's store. Writes go through
 * merge patches with the controller's field manager and are skipped when they
 * would change nothing, so watchers only see real changes.
 */
import { isDeepStrictEqual } from 'node:util';
import { GroupResource, KubeObject, ObjectStore } from '../kube/types';
import { FIELD_MANAGER } from './constants';

/** Custom kinds exist only once their CRD is installed. */
export function isServed(store: ObjectStore, resource: GroupResource): boolean {
  return store
    .resourceTypes()
    .some(
      type => type.group === resource.group && type.plural === resource.plural,
    );
}

export function listServed(
  store: ObjectStore,
  resource: GroupResource,
  namespace?: string,
): KubeObject[] {
  return isServed(store, resource) ? store.list(resource, namespace) : [];
}

export function getServed(
  store: ObjectStore,
  resource: GroupResource,
  namespace: string | undefined,
  name: string,
): KubeObject | undefined {
  return isServed(store, resource)
    ? store.get(resource, namespace, name)
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
    { fieldManager: FIELD_MANAGER },
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
    { fieldManager: FIELD_MANAGER, subresource: 'status' },
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
    { fieldManager: FIELD_MANAGER },
  );
}
