/*
 * One cluster's simulated kube-controller-manager, scheduler and kubelet:
 * Deployments make ReplicaSets, ReplicaSets make Pods, the one node runs them
 * (addresses from the cluster's pod network, Ready after a delay unless the
 * readiness probe fails), Services get EndpointSlices of the pods they
 * select, and the garbage collector removes what an owner leaves behind.
 * Everything goes through the cluster's store, so API clients see the same
 * writes and watch events as from a real cluster.
 */
import { createEventRecorder } from '../controller/events';
import { createWorkQueue, ReconcileOutcome } from '../controller/queue';
import type { EventSeries } from '../controller/storeIndex';
import type { KubeObject, ObjectStore, StoreEvent } from '../kube/types';
import { selectorMatches } from '../kube/workloadKinds';
import {
  ControllerContext,
  controllerOf,
  fields,
  ownedBy,
  RESOURCES,
} from './context';
import { reconcileDeployment } from './deployments';
import {
  MANAGED_BY,
  MANAGED_BY_LABEL,
  reconcileService,
  SERVICE_NAME_LABEL,
} from './endpointSlices';
import { createKubelet, READINESS_ANNOTATION } from './kubelet';
import { reconcileReplicaSet } from './replicaSets';

export interface ControllerManagerOptions {
  store: ObjectStore;
  clusterName: string;
  /** The cluster's pod network as its first two octets, e.g. `10.1`: pods get 10.1.1.10, 10.1.1.11, ... */
  podNetwork: string;
  /** How long a started container takes to become Ready (0 in tests). */
  podReadyDelayMs?: number;
  /** How long a deleted pod takes to stop, within its grace period (0 in tests). */
  podTerminationDelayMs?: number;
  log?: (message: string) => void;
}

export interface ControllerManager {
  stop(): void;
  /** Resolves when nothing is queued, running or about to become ready or stop. */
  idle(): Promise<void>;
  isIdle(): boolean;
}

type Kind = 'Deployment' | 'ReplicaSet' | 'Pod' | 'Service' | 'Orphans';

function key(kind: Kind, namespace: string, name: string): string {
  return `${kind}|${namespace}|${name}`;
}

/** An in-memory index of the Events this manager recorded, for counting repeats. */
function eventSeries(store: ObjectStore) {
  const names = new Map<string, string>();
  const seriesKey = (series: EventSeries) =>
    JSON.stringify([
      series.namespace,
      series.involvedObject.uid,
      series.type,
      series.reason,
      series.message,
      series.component,
    ]);
  return {
    lookup: {
      eventInSeries(series: EventSeries): KubeObject | undefined {
        const name = names.get(seriesKey(series));
        return name
          ? store.getReadOnly(RESOURCES.events, series.namespace, name)
          : undefined;
      },
    },
    remember(event: KubeObject) {
      const involved = fields(event.involvedObject);
      names.set(
        seriesKey({
          namespace: event.metadata.namespace ?? 'default',
          involvedObject: { uid: involved.uid as string },
          type: event.type as string,
          reason: event.reason as string,
          message: event.message as string,
          component: fields(event.source).component as string,
        }),
        event.metadata.name,
      );
    },
  };
}

function hasSelector(service: KubeObject): boolean {
  return Object.keys(fields(fields(service.spec).selector)).length > 0;
}

export function startControllerManager(
  options: ControllerManagerOptions,
): ControllerManager {
  const { store } = options;
  const log =
    options.log ?? ((message: string) => process.stderr.write(`${message}\n`));
  const series = eventSeries(store);
  let nextPod = 0;
  const timers = new Map<
    string,
    { at: number; timer: ReturnType<typeof setTimeout>; blocking: boolean }
  >();
  let idleWaiters: Array<() => void> = [];

  const queue = createWorkQueue({
    delayMs: 0,
    process: work => reconcile(work),
    onError: (work, error) =>
      log(
        `[controller-manager ${
          options.clusterName
        }] ${work} failed, will retry: ${
          error instanceof Error ? error.message : String(error)
        }`,
      ),
  });

  const blockingTimers = () =>
    [...timers.values()].filter(entry => entry.blocking).length;
  const isIdle = () => queue.isIdle() && blockingTimers() === 0;
  /** Lets idle() look again: a timer fired. */
  const wake = () => {
    const waiting = idleWaiters;
    idleWaiters = [];
    waiting.forEach(resolve => resolve());
  };

  const ctx: ControllerContext = {
    store,
    events: createEventRecorder(store, series.lookup, () => new Date()),
    now: () => new Date(),
    node: {
      name: `${options.clusterName}-node-1`,
      ip: `${options.podNetwork}.0.1`,
    },
    allocatePodIp() {
      const n = nextPod++;
      return `${options.podNetwork}.${1 + Math.floor(n / 240)}.${
        10 + (n % 240)
      }`;
    },
    podReadyDelayMs: options.podReadyDelayMs ?? 0,
    podTerminationDelayMs: options.podTerminationDelayMs ?? 0,
    later(work, delayMs, blocking) {
      const at = Date.now() + Math.max(delayMs, 0);
      const existing = timers.get(work);
      if (existing && existing.at <= at) return;
      if (existing) clearTimeout(existing.timer);
      const timer = setTimeout(() => {
        timers.delete(work);
        queue.add(work);
        wake();
      }, Math.max(delayMs, 0));
      if (!blocking) timer.unref();
      timers.set(work, {
        at,
        timer,
        blocking: blocking || Boolean(existing?.blocking),
      });
    },
  };
  const kubelet = createKubelet(ctx);

  /** Background deletion: dependents whose controller is gone. */
  const collectOrphans = (namespace: string, ownerUid: string) => {
    for (const resource of [RESOURCES.replicaSets, RESOURCES.pods]) {
      for (const object of store.listReadOnly(resource, namespace)) {
        if (
          controllerOf(object)?.uid === ownerUid &&
          !object.metadata.deletionTimestamp
        )
          store.delete(resource, namespace, object.metadata.name);
      }
    }
  };

  function reconcile(work: string): ReconcileOutcome {
    const [kind, namespace, name] = work.split('|') as [Kind, string, string];
    switch (kind) {
      case 'Deployment':
        reconcileDeployment(ctx, work, namespace, name);
        break;
      case 'ReplicaSet':
        reconcileReplicaSet(ctx, work, namespace, name);
        break;
      case 'Pod':
        kubelet.reconcile(work, namespace, name);
        break;
      case 'Service':
        reconcileService(ctx, namespace, name);
        break;
      default:
        collectOrphans(namespace, name);
    }
    return 'done';
  }

  const enqueue = (kind: Kind, namespace: string | undefined, name: string) =>
    queue.add(key(kind, namespace ?? 'default', name));

  /** The Services in the pod's namespace whose selector picks it, before or after the change. */
  const servicesSelecting = (
    namespace: string,
    pods: Array<KubeObject | undefined>,
  ) =>
    store.listReadOnly(RESOURCES.services, namespace).filter(service => {
      const selector = fields(fields(service.spec).selector);
      return (
        Object.keys(selector).length > 0 &&
        pods.some(
          pod =>
            pod &&
            selectorMatches({ matchLabels: selector }, pod.metadata.labels),
        )
      );
    });

  const onEvent = (event: StoreEvent) => {
    const { resource, object, previous, type } = event;
    const namespace = object.metadata.namespace ?? 'default';
    const name = object.metadata.name;
    const owner = controllerOf(object);
    if (resource.group === 'apps' && resource.plural === 'deployments') {
      enqueue('Deployment', namespace, name);
      if (type === 'DELETED')
        enqueue('Orphans', namespace, String(object.metadata.uid));
      // A readiness annotation on the Deployment concerns its pods.
      else if (
        previous?.metadata.annotations?.[READINESS_ANNOTATION] !==
        object.metadata.annotations?.[READINESS_ANNOTATION]
      ) {
        for (const set of ownedBy(store, RESOURCES.replicaSets, object))
          for (const pod of ownedBy(store, RESOURCES.pods, set))
            enqueue('Pod', namespace, pod.metadata.name);
      }
    } else if (resource.group === 'apps' && resource.plural === 'replicasets') {
      enqueue('ReplicaSet', namespace, name);
      if (owner?.kind === 'Deployment')
        enqueue('Deployment', namespace, String(owner.name));
      if (type === 'DELETED')
        enqueue('Orphans', namespace, String(object.metadata.uid));
    } else if (resource.group === '' && resource.plural === 'pods') {
      if (type !== 'DELETED') enqueue('Pod', namespace, name);
      if (owner?.kind === 'ReplicaSet')
        enqueue('ReplicaSet', namespace, String(owner.name));
      for (const service of servicesSelecting(namespace, [object, previous]))
        enqueue('Service', namespace, service.metadata.name);
    } else if (resource.group === '' && resource.plural === 'services') {
      // A Service without a selector has its EndpointSlices written by someone else (unless it just lost it).
      if (hasSelector(object) || (previous && hasSelector(previous)))
        enqueue('Service', namespace, name);
    } else if (
      resource.group === 'discovery.k8s.io' &&
      resource.plural === 'endpointslices'
    ) {
      // Someone else touched a slice this controller manages: put it right.
      const labels = object.metadata.labels ?? {};
      if (labels[MANAGED_BY_LABEL] === MANAGED_BY && labels[SERVICE_NAME_LABEL])
        enqueue('Service', namespace, labels[SERVICE_NAME_LABEL]);
    } else if (
      resource.group === '' &&
      resource.plural === 'events' &&
      type === 'ADDED'
    ) {
      series.remember(object);
    }
  };

  const unsubscribe = store.subscribeReadOnly(event => {
    onEvent(event);
  });
  // What exists already, as informers list before they watch.
  for (const deployment of store.listReadOnly(RESOURCES.deployments))
    enqueue(
      'Deployment',
      deployment.metadata.namespace,
      deployment.metadata.name,
    );
  for (const set of store.listReadOnly(RESOURCES.replicaSets))
    enqueue('ReplicaSet', set.metadata.namespace, set.metadata.name);
  for (const pod of store.listReadOnly(RESOURCES.pods))
    enqueue('Pod', pod.metadata.namespace, pod.metadata.name);
  for (const service of store.listReadOnly(RESOURCES.services))
    if (hasSelector(service))
      enqueue('Service', service.metadata.namespace, service.metadata.name);

  return {
    stop() {
      unsubscribe();
      queue.stop();
      for (const entry of timers.values()) clearTimeout(entry.timer);
      timers.clear();
      wake();
    },
    async idle() {
      const nextTimer = () =>
        new Promise<void>(resolve => idleWaiters.push(resolve));
      while (!isIdle()) {
        if (!queue.isIdle()) await queue.idle();
        else await nextTimer();
      }
    },
    isIdle,
  };
}
