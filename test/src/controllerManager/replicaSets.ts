/*
 * The ReplicaSet controller: as many pods as spec.replicas, created from the
 * template under the ReplicaSet's name, the least useful ones deleted first
 * (unscheduled, then not running, then not ready, then the newest), and the
 * counts in status.
 */
import { cloneJson, deepEqual } from '../kube/json';
import type { KubeObject } from '../kube/types';
import {
  ControllerContext,
  controllerReference,
  editable,
  fields,
  isDeleting,
  isTerminal,
  MANAGERS,
  ownedBy,
  podIsReady,
  readOnly,
  replicasOf,
  RESOURCES,
  withoutZeros,
} from './context';

const COMPONENT = 'replicaset-controller';

/** Lower ranks go first (controller.ActivePods ordering, simplified). */
const PHASE_RANK: Record<string, number> = { Pending: 0, Unknown: 1 };

function deletionRank(pod: KubeObject): number[] {
  const status = fields(pod.status);
  return [
    fields(pod.spec).nodeName ? 1 : 0,
    PHASE_RANK[String(status.phase)] ?? 2,
    podIsReady(pod) ? 1 : 0,
    -Date.parse(pod.metadata.creationTimestamp ?? ''),
  ];
}

function compareRanks(a: number[], b: number[]): number {
  for (let index = 0; index < a.length; index += 1) {
    if (a[index] !== b[index]) return a[index] - b[index];
  }
  return 0;
}

function createPod(ctx: ControllerContext, replicaSet: KubeObject): void {
  const template = fields(fields(replicaSet.spec).template);
  const metadata = fields(template.metadata);
  const created = ctx.store.create(
    RESOURCES.pods,
    {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: {
        name: '',
        generateName: `${replicaSet.metadata.name}-`,
        namespace: replicaSet.metadata.namespace,
        labels: { ...(metadata.labels as Record<string, string>) },
        ...(metadata.annotations
          ? {
              annotations: {
                ...(metadata.annotations as Record<string, string>),
              },
            }
          : {}),
        ownerReferences: [controllerReference(replicaSet)],
      },
      spec: cloneJson(fields(template.spec)),
    },
    { fieldManager: MANAGERS.controllerManager, readOnlyResult: true },
  );
  ctx.events.record({
    involvedObject: replicaSet,
    type: 'Normal',
    reason: 'SuccessfulCreate',
    message: `Created pod: ${created.metadata.name}`,
    component: COMPONENT,
  });
}

function deletePod(
  ctx: ControllerContext,
  replicaSet: KubeObject,
  pod: KubeObject,
): void {
  ctx.store.delete(RESOURCES.pods, pod.metadata.namespace, pod.metadata.name);
  ctx.events.record({
    involvedObject: replicaSet,
    type: 'Normal',
    reason: 'SuccessfulDelete',
    message: `Deleted pod: ${pod.metadata.name}`,
    component: COMPONENT,
  });
}

/** A ready pod counts as available once it has been ready for minReadySeconds. */
export function isAvailable(
  pod: KubeObject,
  minReadySeconds: number,
  now: number,
): boolean {
  if (!podIsReady(pod)) return false;
  if (minReadySeconds <= 0) return true;
  const ready = (
    fields(pod.status).conditions as Array<Record<string, unknown>>
  ).find(condition => condition.type === 'Ready');
  return (
    Date.parse(String(ready?.lastTransitionTime)) + minReadySeconds * 1000 <=
    now
  );
}

export function reconcileReplicaSet(
  ctx: ControllerContext,
  key: string,
  namespace: string,
  name: string,
): void {
  const replicaSet = readOnly(
    ctx.store,
    RESOURCES.replicaSets,
    namespace,
    name,
  );
  if (!replicaSet || isDeleting(replicaSet)) return;
  const owned = ownedBy(ctx.store, RESOURCES.pods, replicaSet);
  const active = owned.filter(pod => !isDeleting(pod) && !isTerminal(pod));
  const wanted = replicasOf(replicaSet);
  if (active.length < wanted) {
    for (let count = active.length; count < wanted; count += 1)
      createPod(ctx, replicaSet);
    return;
  }
  if (active.length > wanted) {
    const doomed = active
      .slice()
      .sort((a, b) => compareRanks(deletionRank(a), deletionRank(b)))
      .slice(0, active.length - wanted);
    for (const pod of doomed) deletePod(ctx, replicaSet, pod);
    return;
  }
  const minReadySeconds = Number(fields(replicaSet.spec).minReadySeconds ?? 0);
  const now = ctx.now().getTime();
  const ready = active.filter(podIsReady).length;
  const available = active.filter(pod =>
    isAvailable(pod, minReadySeconds, now),
  ).length;
  if (ready > available) ctx.later(key, minReadySeconds * 1000, false);
  const status = withoutZeros({
    replicas: active.length,
    fullyLabeledReplicas: active.length,
    readyReplicas: ready,
    availableReplicas: available,
    observedGeneration: replicaSet.metadata.generation,
  });
  status.replicas ??= 0;
  const current = fields(replicaSet.status);
  if (
    deepEqual(
      { ...current, conditions: undefined },
      { ...status, conditions: undefined },
    )
  )
    return;
  const next = editable(replicaSet);
  next.status = {
    ...status,
    ...(current.conditions ? { conditions: current.conditions } : {}),
  };
  ctx.store.update(RESOURCES.replicaSets, next, {
    subresource: 'status',
    fieldManager: MANAGERS.controllerManager,
    readOnlyResult: true,
  });
}
