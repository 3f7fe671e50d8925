/*
 * Reading the fields of raw Kubernetes objects that status composition
 * needs, tolerating what the API server leaves out.
 */
import type { StatusCondition } from '@service-network/backstage-plugin-service-network-common';
import type { KubeCondition, KubeObject } from '../inventory/snapshot';
import { isoTime } from '../inventory/time';

export function annotationOf(
  object: KubeObject,
  key: string,
): string | undefined {
  return object.metadata.annotations?.[key];
}

export function hasFinalizer(object: KubeObject, finalizer: string): boolean {
  return object.metadata.finalizers?.includes(finalizer) ?? false;
}

export function isDeleting(object: KubeObject): boolean {
  return Boolean(object.metadata.deletionTimestamp);
}


export function createdAt(object: KubeObject): string | undefined {
  return isoTime(object.metadata.creationTimestamp);
}

export function toStatusConditions(
  conditions: readonly KubeCondition[] | undefined,
): StatusCondition[] {
  return (conditions ?? []).map(condition => ({
    type: condition.type,
    status: condition.status,
    reason: condition.reason,
    message: condition.message,
    lastTransitionTime: isoTime(condition.lastTransitionTime),
  }));
}

export function conditionOf(
  conditions: readonly StatusCondition[] | undefined,
  type: string,
): StatusCondition | undefined {
  return conditions?.find(condition => condition.type === type);
}

/** The API group of an `apiVersion` (`''` for the core group). */
export function groupOf(apiVersion: string | undefined): string {
  const slash = apiVersion?.indexOf('/') ?? -1;
  return slash < 0 ? '' : apiVersion!.slice(0, slash);
}
