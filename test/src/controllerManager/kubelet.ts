/*
 * A pod's life as the scheduler and the kubelet drive it: bound to the
 * cluster's node, given the next address of the pod network, its containers
 * started (Pending to Running), Ready once the readiness probe passes, and on
 * deletion stopped and removed after its grace period.
 *
 * How a user makes readiness fail (documented in the README):
 * - a readiness probe the simulator knows fails: an exec probe running
 *   `false` or a shell `exit <non-zero>`;
 * - the annotation `fleet.service-network.io/readiness-probe: fail` on the Pod,
 *   or on its Deployment (all its pods, without a rollout); removing it lets
 *   them become Ready again.
 * Any other probe passes, after the fleet's pod ready delay plus the probe's
 * initialDelaySeconds.
 */
import { createHash } from 'node:crypto';
import { timestamp } from '../kube/objectMeta';
import type { KubeObject } from '../kube/types';
import {
  ControllerContext,
  controllerOf,
  editable,
  fields,
  Fields,
  isDeleting,
  isTerminal,
  list,
  MANAGERS,
  podIsReady,
  readOnly,
  RESOURCES,
} from './context';

export const READINESS_ANNOTATION = 'fleet.service-network.io/readiness-probe';

const KUBELET = { component: 'kubelet' };

function hex(text: string, length: number): string {
  return createHash('sha256').update(text).digest('hex').slice(0, length);
}

/** The shell commands that exit non-zero, as a user writes a probe that fails. */
function failingCommand(command: string[]): boolean {
  const [program, flag, script] = command;
  const base = (program ?? '').split('/').pop();
  if (base === 'false') return true;
  if (['sh', 'bash', 'ash', 'dash'].includes(base ?? '') && flag === '-c') {
    return /^\s*(false|exit\s+[1-9]\d*)\s*;?\s*$/.test(script ?? '');
  }
  return false;
}

function probeFails(container: Fields): boolean {
  const command = fields(fields(container.readinessProbe).exec).command;
  return Array.isArray(command) && failingCommand(command.map(String));
}

/** The Deployment behind a pod (pod, ReplicaSet, Deployment), if any. */
function deploymentOf(
  ctx: ControllerContext,
  pod: KubeObject,
): KubeObject | undefined {
  const namespace = pod.metadata.namespace ?? 'default';
  const owner = controllerOf(pod);
  if (owner?.kind !== 'ReplicaSet') return undefined;
  const replicaSet = readOnly(
    ctx.store,
    RESOURCES.replicaSets,
    namespace,
    String(owner.name),
  );
  const deployment = replicaSet && controllerOf(replicaSet);
  return deployment?.kind === 'Deployment'
    ? readOnly(
        ctx.store,
        RESOURCES.deployments,
        namespace,
        String(deployment.name),
      )
    : undefined;
}

/** Why the readiness probe fails, or undefined when it passes. */
export function readinessFailure(
  ctx: ControllerContext,
  pod: KubeObject,
): string | undefined {
  const marked = (object: KubeObject | undefined) =>
    object?.metadata.annotations?.[READINESS_ANNOTATION] === 'fail';
  if (marked(pod) || marked(deploymentOf(ctx, pod))) {
    return 'HTTP probe failed with statuscode: 503';
  }
  const failing = list(fields(pod.spec).containers).find(probeFails);
  return failing ? 'command terminated with exit code 1' : undefined;
}

function initialDelayMs(pod: KubeObject): number {
  const delays = list(fields(pod.spec).containers).map(container => {
    const seconds = fields(container.readinessProbe).initialDelaySeconds;
    return typeof seconds === 'number' ? seconds * 1000 : 0;
  });
  return Math.max(0, ...delays);
}

function conditions(ready: boolean, names: string[], at: string) {
  const unready = ready
    ? {}
    : {
        reason: 'ContainersNotReady',
        message: `containers with unready status: [${names.join(' ')}]`,
      };
  return [
    {
      type: 'PodReadyToStartContainers',
      status: 'True',
      lastProbeTime: null,
      lastTransitionTime: at,
    },
    {
      type: 'Initialized',
      status: 'True',
      lastProbeTime: null,
      lastTransitionTime: at,
    },
    {
      type: 'Ready',
      status: ready ? 'True' : 'False',
      lastProbeTime: null,
      lastTransitionTime: at,
      ...unready,
    },
    {
      type: 'ContainersReady',
      status: ready ? 'True' : 'False',
      lastProbeTime: null,
      lastTransitionTime: at,
      ...unready,
    },
    {
      type: 'PodScheduled',
      status: 'True',
      lastProbeTime: null,
      lastTransitionTime: at,
    },
  ];
}

function containerStatuses(pod: KubeObject, ready: boolean, startedAt: string) {
  return list(fields(pod.spec).containers).map(container => {
    const image = String(container.image ?? '');
    return {
      name: container.name,
      state: { running: { startedAt } },
      lastState: {},
      ready,
      restartCount: 0,
      image:
        image.includes('/') || image.includes('.')
          ? image
          : `docker.io/library/${image}`,
      imageID: `${image.split(':')[0]}@sha256:${hex(image, 64)}`,
      containerID: `containerd://${hex(
        `${pod.metadata.uid}/${container.name}`,
        64,
      )}`,
      started: true,
    };
  });
}

function writeStatus(
  ctx: ControllerContext,
  pod: KubeObject,
  status: Fields,
): void {
  const next = editable(pod);
  next.status = { ...fields(pod.status), ...status };
  ctx.store.update(RESOURCES.pods, next, {
    subresource: 'status',
    fieldManager: MANAGERS.kubelet,
    readOnlyResult: true,
  });
}

function containerNames(pod: KubeObject): string[] {
  return list(fields(pod.spec).containers).map(container =>
    String(container.name),
  );
}

function eachContainer(
  ctx: ControllerContext,
  pod: KubeObject,
  record: (
    name: string,
    container: Fields,
  ) => { reason: string; message: string; type?: 'Warning' },
): void {
  for (const container of list(fields(pod.spec).containers)) {
    const name = String(container.name);
    const { reason, message, type } = record(name, container);
    ctx.events.record({
      involvedObject: pod,
      type: type ?? 'Normal',
      reason,
      message,
      ...KUBELET,
      host: ctx.node.name,
      fieldPath: `spec.containers{${name}}`,
    });
  }
}

function bind(ctx: ControllerContext, pod: KubeObject): void {
  const namespace = pod.metadata.namespace ?? 'default';
  ctx.store.patch(
    RESOURCES.pods,
    namespace,
    pod.metadata.name,
    'merge',
    { spec: { nodeName: ctx.node.name } },
    { fieldManager: MANAGERS.scheduler, readOnlyResult: true },
  );
  ctx.events.record({
    involvedObject: pod,
    type: 'Normal',
    reason: 'Scheduled',
    message: `Successfully assigned ${namespace}/${pod.metadata.name} to ${ctx.node.name}`,
    component: 'default-scheduler',
  });
}

function start(ctx: ControllerContext, pod: KubeObject): void {
  const at = timestamp(ctx.now());
  const ip = ctx.allocatePodIp();
  eachContainer(ctx, pod, (_name, container) => ({
    reason: 'Pulled',
    message: `Container image "${container.image}" already present on machine`,
  }));
  eachContainer(ctx, pod, name => ({
    reason: 'Created',
    message: `Created container: ${name}`,
  }));
  eachContainer(ctx, pod, name => ({
    reason: 'Started',
    message: `Started container ${name}`,
  }));
  writeStatus(ctx, pod, {
    phase: 'Running',
    conditions: conditions(false, containerNames(pod), at),
    hostIP: ctx.node.ip,
    hostIPs: [{ ip: ctx.node.ip }],
    podIP: ip,
    podIPs: [{ ip }],
    startTime: at,
    containerStatuses: containerStatuses(pod, false, at),
  });
}

export interface Kubelet {
  reconcile(key: string, namespace: string, name: string): void;
}

/** The kubelet of the cluster's node, with what it remembers of its pods. */
export function createKubelet(ctx: ControllerContext): Kubelet {
  /** When each pod's containers started, to the millisecond (status keeps seconds). */
  const started = new Map<string, number>();
  /** When each deleted pod will have stopped. */
  const stopping = new Map<string, number>();
  /** The failure reported for a pod whose probe fails now (one Unhealthy event each). */
  const failing = new Map<string, string>();
  /** When a pod's probe passed again after failing. */
  const recovered = new Map<string, number>();

  const setReady = (pod: KubeObject, ready: boolean) => {
    const at = timestamp(ctx.now());
    writeStatus(ctx, pod, {
      conditions: conditions(ready, containerNames(pod), at),
      containerStatuses: containerStatuses(
        pod,
        ready,
        String(fields(pod.status).startTime ?? at),
      ),
    });
  };

  const reportFailure = (pod: KubeObject, failure: string) => {
    const uid = String(pod.metadata.uid);
    if (failing.get(uid) === failure) return;
    failing.set(uid, failure);
    recovered.delete(uid);
    eachContainer(ctx, pod, () => ({
      type: 'Warning',
      reason: 'Unhealthy',
      message: `Readiness probe failed: ${failure}`,
    }));
  };

  const stop = (pod: KubeObject, key: string) => {
    const uid = String(pod.metadata.uid);
    let stopAt = stopping.get(uid);
    if (stopAt === undefined) {
      const graceMs = (pod.metadata.deletionGracePeriodSeconds ?? 0) * 1000;
      stopAt =
        ctx.now().getTime() + Math.min(ctx.podTerminationDelayMs, graceMs);
      stopping.set(uid, stopAt);
      eachContainer(ctx, pod, name => ({
        reason: 'Killing',
        message: `Stopping container ${name}`,
      }));
    }
    const wait = stopAt - ctx.now().getTime();
    if (wait > 0) {
      ctx.later(key, wait, true);
      return;
    }
    for (const memory of [stopping, started, failing, recovered])
      memory.delete(uid);
    ctx.store.delete(
      RESOURCES.pods,
      pod.metadata.namespace,
      pod.metadata.name,
      { gracePeriodSeconds: 0 },
    );
  };

  return {
    reconcile(key, namespace, name) {
      const pod = readOnly(ctx.store, RESOURCES.pods, namespace, name);
      if (!pod) return;
      if (isDeleting(pod)) {
        stop(pod, key);
        return;
      }
      if (!fields(pod.spec).nodeName) {
        bind(ctx, pod);
        return;
      }
      if (isTerminal(pod)) return;
      const uid = String(pod.metadata.uid);
      if (!fields(pod.status).podIP) {
        started.set(uid, ctx.now().getTime());
        start(ctx, pod);
        return;
      }
      const failure = readinessFailure(ctx, pod);
      if (failure) {
        reportFailure(pod, failure);
        if (podIsReady(pod)) setReady(pod, false);
        return;
      }
      if (failing.delete(uid)) recovered.set(uid, ctx.now().getTime());
      if (podIsReady(pod)) return;
      const startedAt =
        started.get(uid) ?? Date.parse(String(fields(pod.status).startTime));
      // Ready once the probe has passed: the ready delay after the start (or after it stopped failing).
      const passingSince = Math.max(
        startedAt + initialDelayMs(pod),
        recovered.get(uid) ?? 0,
      );
      const wait = passingSince + ctx.podReadyDelayMs - ctx.now().getTime();
      if (wait > 0) {
        ctx.later(key, wait, true);
        return;
      }
      setReady(pod, true);
    },
  };
}
