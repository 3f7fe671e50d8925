/*
 * The Deployment controller (pkg/controller/deployment, simplified): one
 * ReplicaSet per pod template, named after the template's hash; a rolling
 * update within maxSurge and maxUnavailable, or Recreate; the revision
 * annotations; old ReplicaSets beyond revisionHistoryLimit removed; status
 * counts and the Available and Progressing conditions, with the progress
 * deadline.
 */
import { cloneJson, deepEqual } from '../kube/json';
import { timestamp } from '../kube/objectMeta';
import type { KubeObject } from '../kube/types';
import { isAvailable } from './replicaSets';
import {
  ControllerContext,
  controllerReference,
  editable,
  fields,
  Fields,
  isDeleting,
  list,
  MANAGERS,
  ownedBy,
  readOnly,
  replicasOf,
  RESOURCES,
  statusNumber,
  withoutZeros,
} from './context';

const COMPONENT = 'deployment-controller';
const HASH_LABEL = 'pod-template-hash';
const REVISION = 'deployment.kubernetes.io/revision';
const DESIRED = 'deployment.kubernetes.io/desired-replicas';
const MAX = 'deployment.kubernetes.io/max-replicas';
const SAFE_ALPHABET = 'bcdfghjklmnpqrstvwxz2456789';

function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.keys(value as Fields)
      .sort()
      .filter(key => (value as Fields)[key] !== undefined)
      .map(
        key => `${JSON.stringify(key)}:${canonical((value as Fields)[key])}`,
      );
    return `{${entries.join(',')}}`;
  }
  return JSON.stringify(value);
}

/** controller.ComputeHash: FNV-32a of the template (and collision count), made safe for names. */
export function podTemplateHash(template: unknown, collisionCount = 0): string {
  let hash = 0x811c9dc5;
  const text =
    canonical(template) + (collisionCount ? String(collisionCount) : '');
  for (const byte of Buffer.from(text, 'utf8')) {
    hash ^= byte;
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return [...String(hash)]
    .map(char => SAFE_ALPHABET[char.charCodeAt(0) % SAFE_ALPHABET.length])
    .join('');
}

function templateOf(object: KubeObject): Fields {
  return fields(fields(object.spec).template);
}

function withoutHash(template: Fields): Fields {
  const copy = cloneJson(template);
  const labels = fields(fields(copy.metadata).labels);
  delete labels[HASH_LABEL];
  return copy;
}

function revisionOf(object: KubeObject): number {
  return Number(object.metadata.annotations?.[REVISION] ?? 0);
}

/** An intOrString of maxSurge or maxUnavailable against the replicas (percent rounded as the controller does). */
function resolve(value: unknown, replicas: number, roundUp: boolean): number {
  if (typeof value === 'number') return value;
  const match = /^(\d+)%$/.exec(String(value ?? '0'));
  if (!match) return Number(value) || 0;
  const exact = (Number(match[1]) * replicas) / 100;
  return roundUp ? Math.ceil(exact) : Math.floor(exact);
}

function scale(
  ctx: ControllerContext,
  deployment: KubeObject,
  replicaSet: KubeObject,
  replicas: number,
  maxSurge: number,
): void {
  const before = replicasOf(replicaSet);
  const desired = String(replicasOf(deployment));
  const max = String(replicasOf(deployment) + maxSurge);
  const annotations = replicaSet.metadata.annotations ?? {};
  if (
    before === replicas &&
    annotations[DESIRED] === desired &&
    annotations[MAX] === max
  )
    return;
  ctx.store.patch(
    RESOURCES.replicaSets,
    replicaSet.metadata.namespace,
    replicaSet.metadata.name,
    'merge',
    {
      metadata: { annotations: { [DESIRED]: desired, [MAX]: max } },
      spec: { replicas },
    },
    { fieldManager: MANAGERS.controllerManager, readOnlyResult: true },
  );
  if (before !== replicas) {
    ctx.events.record({
      involvedObject: deployment,
      type: 'Normal',
      reason: 'ScalingReplicaSet',
      message: `Scaled ${replicas > before ? 'up' : 'down'} replica set ${
        replicaSet.metadata.name
      } from ${before} to ${replicas}`,
      component: COMPONENT,
    });
  }
}

function createReplicaSet(
  ctx: ControllerContext,
  deployment: KubeObject,
  revision: number,
  replicas: number,
  maxSurge: number,
): KubeObject {
  const collisionCount = statusNumber(deployment, 'collisionCount');
  const hash = podTemplateHash(templateOf(deployment), collisionCount);
  const template = cloneJson(templateOf(deployment));
  const metadata = fields(template.metadata);
  template.metadata = metadata;
  metadata.labels = { ...fields(metadata.labels), [HASH_LABEL]: hash };
  const selector = cloneJson(fields(fields(deployment.spec).selector));
  selector.matchLabels = {
    ...fields(selector.matchLabels),
    [HASH_LABEL]: hash,
  };
  const created = ctx.store.create(
    RESOURCES.replicaSets,
    {
      apiVersion: 'apps/v1',
      kind: 'ReplicaSet',
      metadata: {
        name: `${deployment.metadata.name}-${hash}`,
        namespace: deployment.metadata.namespace,
        labels: metadata.labels as Record<string, string>,
        annotations: {
          [DESIRED]: String(replicasOf(deployment)),
          [MAX]: String(replicasOf(deployment) + maxSurge),
          [REVISION]: String(revision),
        },
        ownerReferences: [controllerReference(deployment)],
      },
      spec: {
        replicas: 0,
        minReadySeconds: fields(deployment.spec).minReadySeconds ?? 0,
        selector,
        template,
      },
    },
    { fieldManager: MANAGERS.controllerManager, readOnlyResult: true },
  );
  if (replicas > 0) scale(ctx, deployment, created, replicas, maxSurge);
  return readOnly(
    ctx.store,
    RESOURCES.replicaSets,
    created.metadata.namespace!,
    created.metadata.name,
  )!;
}

function condition(
  type: string,
  status: boolean,
  reason: string,
  message: string,
  previous: Fields[],
  at: string,
) {
  const before = previous.find(entry => entry.type === type);
  const value = status ? 'True' : 'False';
  const unchanged =
    before?.status === value &&
    before?.reason === reason &&
    before?.message === message;
  return {
    type,
    status: value,
    lastUpdateTime: unchanged ? before!.lastUpdateTime : at,
    lastTransitionTime:
      before?.status === value ? before.lastTransitionTime : at,
    reason,
    message,
  };
}

function writeStatus(
  ctx: ControllerContext,
  key: string,
  deployment: KubeObject,
  newSet: KubeObject,
  all: KubeObject[],
  maxUnavailable: number,
): void {
  const replicas = replicasOf(deployment);
  const sum = (field: string) =>
    all.reduce((total, set) => total + statusNumber(set, field), 0);
  const available = sum('availableReplicas');
  const updated = statusNumber(newSet, 'replicas');
  const total = sum('replicas');
  const complete =
    updated === replicas && available === replicas && total === replicas;
  const previous = list(fields(deployment.status).conditions);
  const at = timestamp(ctx.now());
  const progressing = previous.find(entry => entry.type === 'Progressing');
  const deadline = Number(
    fields(deployment.spec).progressDeadlineSeconds ?? 600,
  );
  const name = newSet.metadata.name;
  let progress;
  if (complete) {
    progress = condition(
      'Progressing',
      true,
      'NewReplicaSetAvailable',
      `ReplicaSet "${name}" has successfully progressed.`,
      previous,
      at,
    );
  } else {
    const since = Date.parse(String(progressing?.lastUpdateTime ?? at));
    const overdue =
      progressing?.reason !== 'NewReplicaSetAvailable' &&
      since + deadline * 1000 <= ctx.now().getTime();
    progress = overdue
      ? condition(
          'Progressing',
          false,
          'ProgressDeadlineExceeded',
          `ReplicaSet "${name}" has timed out progressing.`,
          previous,
          at,
        )
      : condition(
          'Progressing',
          true,
          progressing ? 'ReplicaSetUpdated' : 'NewReplicaSetCreated',
          progressing
            ? `ReplicaSet "${name}" is progressing.`
            : `Created new replica set "${name}"`,
          previous,
          at,
        );
    if (!overdue)
      ctx.later(key, since + deadline * 1000 - ctx.now().getTime(), false);
  }
  const enough = available >= replicas - maxUnavailable;
  const availability = condition(
    'Available',
    enough,
    enough ? 'MinimumReplicasAvailable' : 'MinimumReplicasUnavailable',
    enough
      ? 'Deployment has minimum availability.'
      : 'Deployment does not have minimum availability.',
    previous,
    at,
  );
  const counts = withoutZeros({
    observedGeneration: deployment.metadata.generation,
    replicas: total,
    updatedReplicas: updated,
    readyReplicas: sum('readyReplicas'),
    availableReplicas: available,
    unavailableReplicas: Math.max(replicas - available, 0),
    collisionCount: statusNumber(deployment, 'collisionCount'),
  });
  const status = { ...counts, conditions: [availability, progress] };
  const comparable = (value: Fields) => ({
    ...value,
    conditions: list(value.conditions).map(
      ({ lastUpdateTime: _u, lastTransitionTime: _t, ...rest }) => rest,
    ),
  });
  if (deepEqual(comparable(fields(deployment.status)), comparable(status)))
    return;
  const next = editable(deployment);
  next.status = status;
  ctx.store.update(RESOURCES.deployments, next, {
    subresource: 'status',
    fieldManager: MANAGERS.controllerManager,
    readOnlyResult: true,
  });
}

/**
 * Pods of a ReplicaSet that are available now. The real controller reads
 * ReplicaSet status from its cache; reading the pods themselves keeps a
 * scale-down from acting on a status that has not caught up yet.
 */
function availablePods(ctx: ControllerContext, set: KubeObject): number {
  const minReadySeconds = Number(fields(set.spec).minReadySeconds ?? 0);
  const now = ctx.now().getTime();
  return ownedBy(ctx.store, RESOURCES.pods, set).filter(
    pod => !isDeleting(pod) && isAvailable(pod, minReadySeconds, now),
  ).length;
}

function rollingUpdate(
  ctx: ControllerContext,
  deployment: KubeObject,
  newSet: KubeObject,
  oldSets: KubeObject[],
  maxSurge: number,
  maxUnavailable: number,
): void {
  const replicas = replicasOf(deployment);
  const all = [newSet, ...oldSets];
  const total = all.reduce((sum, set) => sum + replicasOf(set), 0);
  const newReplicas = replicasOf(newSet);
  if (newReplicas > replicas) {
    scale(ctx, deployment, newSet, replicas, maxSurge);
    return;
  }
  if (newReplicas < replicas) {
    const room = Math.min(replicas + maxSurge - total, replicas - newReplicas);
    if (room > 0) scale(ctx, deployment, newSet, newReplicas + room, maxSurge);
  }
  // Old pods go while enough of the others stay available.
  const minAvailable = replicas - maxUnavailable;
  const newUnavailable = newReplicas - availablePods(ctx, newSet);
  let budget = total - minAvailable - newUnavailable;
  const oldest = oldSets
    .filter(set => replicasOf(set) > 0)
    .sort(
      (a, b) =>
        Date.parse(a.metadata.creationTimestamp ?? '') -
        Date.parse(b.metadata.creationTimestamp ?? ''),
    );
  // Unavailable old pods first: they serve nobody.
  for (const set of oldest) {
    if (budget <= 0) break;
    const unhealthy = replicasOf(set) - availablePods(ctx, set);
    const cut = Math.min(unhealthy, budget);
    if (cut > 0) {
      scale(ctx, deployment, set, replicasOf(set) - cut, maxSurge);
      budget -= cut;
    }
  }
  const available = all.reduce((sum, set) => sum + availablePods(ctx, set), 0);
  let removable = available - minAvailable - newUnavailable;
  for (const set of oldest) {
    const current =
      readOnly(
        ctx.store,
        RESOURCES.replicaSets,
        set.metadata.namespace!,
        set.metadata.name,
      ) ?? set;
    if (removable <= 0) break;
    const cut = Math.min(replicasOf(current), removable);
    if (cut > 0) {
      scale(ctx, deployment, current, replicasOf(current) - cut, maxSurge);
      removable -= cut;
    }
  }
}

function recreate(
  ctx: ControllerContext,
  deployment: KubeObject,
  newSet: KubeObject,
  oldSets: KubeObject[],
): void {
  const running = oldSets.filter(
    set => replicasOf(set) > 0 || statusNumber(set, 'replicas') > 0,
  );
  if (running.length > 0) {
    for (const set of running) scale(ctx, deployment, set, 0, 0);
    return;
  }
  scale(ctx, deployment, newSet, replicasOf(deployment), 0);
}

function pruneHistory(
  ctx: ControllerContext,
  deployment: KubeObject,
  oldSets: KubeObject[],
): void {
  const limit = Number(fields(deployment.spec).revisionHistoryLimit ?? 10);
  const idle = oldSets
    .filter(set => replicasOf(set) === 0 && statusNumber(set, 'replicas') === 0)
    .sort((a, b) => revisionOf(a) - revisionOf(b));
  for (const set of idle.slice(0, Math.max(idle.length - limit, 0))) {
    ctx.store.delete(
      RESOURCES.replicaSets,
      set.metadata.namespace,
      set.metadata.name,
    );
  }
}

export function reconcileDeployment(
  ctx: ControllerContext,
  key: string,
  namespace: string,
  name: string,
): void {
  const deployment = readOnly(
    ctx.store,
    RESOURCES.deployments,
    namespace,
    name,
  );
  if (!deployment || isDeleting(deployment)) return;
  const spec = fields(deployment.spec);
  const replicas = replicasOf(deployment);
  const strategy = fields(spec.strategy);
  const rolling = fields(strategy.rollingUpdate);
  const recreating = strategy.type === 'Recreate';
  const maxSurge = recreating ? 0 : resolve(rolling.maxSurge, replicas, true);
  let maxUnavailable = recreating
    ? 0
    : resolve(rolling.maxUnavailable, replicas, false);
  if (!recreating && maxSurge === 0 && maxUnavailable === 0) maxUnavailable = 1;

  const sets = ownedBy(ctx.store, RESOURCES.replicaSets, deployment);
  const wanted = withoutHash(templateOf(deployment));
  let newSet = sets.find(set =>
    deepEqual(withoutHash(templateOf(set)), wanted),
  );
  const oldSets = sets.filter(set => set !== newSet);
  const latest = Math.max(0, ...sets.map(revisionOf));
  if (spec.paused === true) {
    if (newSet) writeStatus(ctx, key, deployment, newSet, sets, maxUnavailable);
    return;
  }
  let revision: number;
  if (!newSet) {
    const total = oldSets.reduce((sum, set) => sum + replicasOf(set), 0);
    let initial = replicas;
    if (recreating) initial = 0;
    else if (oldSets.length > 0)
      initial = Math.max(Math.min(replicas + maxSurge - total, replicas), 0);
    revision = latest + 1;
    newSet = createReplicaSet(ctx, deployment, revision, initial, maxSurge);
  } else {
    revision = revisionOf(newSet);
    if (revision < latest) {
      // Rolling back to an older template makes it the newest revision again.
      revision = latest + 1;
      ctx.store.patch(
        RESOURCES.replicaSets,
        namespace,
        newSet.metadata.name,
        'merge',
        { metadata: { annotations: { [REVISION]: String(revision) } } },
        { fieldManager: MANAGERS.controllerManager, readOnlyResult: true },
      );
    }
  }
  if (deployment.metadata.annotations?.[REVISION] !== String(revision)) {
    ctx.store.patch(
      RESOURCES.deployments,
      namespace,
      name,
      'merge',
      { metadata: { annotations: { [REVISION]: String(revision) } } },
      { fieldManager: MANAGERS.controllerManager, readOnlyResult: true },
    );
  }
  if (recreating) recreate(ctx, deployment, newSet, oldSets);
  else
    rollingUpdate(ctx, deployment, newSet, oldSets, maxSurge, maxUnavailable);
  pruneHistory(ctx, deployment, oldSets);
  const current =
    readOnly(ctx.store, RESOURCES.deployments, namespace, name) ?? deployment;
  const refreshed = ownedBy(ctx.store, RESOURCES.replicaSets, current);
  const newest =
    refreshed.find(set => set.metadata.name === newSet!.metadata.name) ??
    newSet;
  writeStatus(ctx, key, current, newest, refreshed, maxUnavailable);
}
