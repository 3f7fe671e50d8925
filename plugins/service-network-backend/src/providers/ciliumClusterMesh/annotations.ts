/*
 * Cilium Cluster Mesh global services, as Cilium documents them
 * (docs.cilium.io, network/clustermesh/services; pkg/annotation):
 * - `service.cilium.io/global: "true"` on a Service of the same name and
 *   namespace in several meshed clusters makes it one global service: calls
 *   from any of those clusters are load-balanced over the endpoints of all
 *   of them, by the Service's own name (no other DNS name).
 * - `service.cilium.io/shared: "false"` keeps a cluster's endpoints to
 *   itself while it still reaches the others' (default "true").
 * - `service.cilium.io/affinity: local | remote | none` prefers this
 *   cluster's endpoints, the other clusters', or neither.
 * - `service.cilium.io/weight` weighs Maglev backends on EndpointSlices
 *   (Cilium 1.19 release notes, cilium/cilium#46061): on a Service it does
 *   nothing.
 * - A cluster calls a global service only if it defines the Service itself.
 * Annotations may differ per cluster on purpose (Cilium: "different Service
 * properties in each cluster"), so only a missing `global` is a mistake.
 */
import type { KubeObject } from '../../inventory/snapshot';

const PREFIX = 'service.cilium.io/';

export const CILIUM_ANNOTATIONS = {
  global: `${PREFIX}global`,
  shared: `${PREFIX}shared`,
  affinity: `${PREFIX}affinity`,
  weight: `${PREFIX}weight`,
} as const;

export type CiliumAnnotation = keyof typeof CILIUM_ANNOTATIONS;

export const AFFINITIES = ['local', 'remote', 'none'] as const;

/** Cilium's annotations on the object, by short name, as written. */
export function ciliumAnnotations(object: KubeObject): Record<string, string> {
  const annotations = object.metadata.annotations ?? {};
  const read: Record<string, string> = {};
  for (const [name, key] of Object.entries(CILIUM_ANNOTATIONS)) {
    if (annotations[key] !== undefined) read[name] = annotations[key];
  }
  return read;
}

export function isGlobal(object: KubeObject): boolean {
  return (
    object.metadata.annotations?.[CILIUM_ANNOTATIONS.global]?.toLowerCase() ===
    'true'
  );
}

/** Global and offering its endpoints to the other clusters. */
export function isShared(object: KubeObject): boolean {
  return (
    isGlobal(object) &&
    object.metadata.annotations?.[CILIUM_ANNOTATIONS.shared]?.toLowerCase() !==
      'false'
  );
}

export function affinityOf(object: KubeObject): string {
  return object.metadata.annotations?.[CILIUM_ANNOTATIONS.affinity] ?? 'none';
}
