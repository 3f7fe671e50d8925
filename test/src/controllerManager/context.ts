/*
 * What the simulated kube-controller-manager's controllers share: the
 * cluster's store, an event recorder, the node its pods run on, pod IPs, and
 * reading the objects a controller owns through their ownerReferences.
 */
import { cloneJson, isPlainObject } from '../kube/json';
import type { EventRecorder } from '../controller/events';
import type { GroupResource, KubeObject, ObjectStore } from '../kube/types';

export const RESOURCES = {
  pods: { group: '', plural: 'pods' },
  services: { group: '', plural: 'services' },
  events: { group: '', plural: 'events' },
  endpointSlices: { group: 'discovery.k8s.io', plural: 'endpointslices' },
  deployments: { group: 'apps', plural: 'deployments' },
  replicaSets: { group: 'apps', plural: 'replicasets' },
} satisfies Record<string, GroupResource>;

/** The field managers the real components write as. */
export const MANAGERS = {
  controllerManager: 'kube-controller-manager',
  scheduler: 'kube-scheduler',
  kubelet: 'kubelet',
};

export interface ControllerContext {
  store: ObjectStore;
  events: EventRecorder;
  now(): Date;
  /** The one node this simulated cluster schedules pods onto. */
  node: { name: string; ip: string };
  /** The next free address of the cluster's pod network; never handed out twice. */
  allocatePodIp(): string;
  /** How long a started container takes to pass its readiness probe. */
  podReadyDelayMs: number;
  /** How long a deleted pod takes to stop. */
  podTerminationDelayMs: number;
  /** Reconcile `key` again after a while; `blocking` timers keep the manager from being idle. */
  later(key: string, delayMs: number, blocking: boolean): void;
}

export type Fields = Record<string, unknown>;

export function fields(value: unknown): Fields {
  return isPlainObject(value) ? value : {};
}

export function list(value: unknown): Fields[] {
  return Array.isArray(value) ? value.filter(isPlainObject) : [];
}

export function readOnly(
  store: ObjectStore,
  resource: GroupResource,
  namespace: string,
  name: string,
): KubeObject | undefined {
  return store.getReadOnly(resource, namespace, name);
}

/** The ownerReference a controller puts on what it creates. */
export function controllerReference(owner: KubeObject) {
  return {
    apiVersion: owner.apiVersion,
    kind: owner.kind,
    name: owner.metadata.name,
    uid: owner.metadata.uid,
    controller: true,
    blockOwnerDeletion: true,
  };
}

export function controllerOf(object: KubeObject): Fields | undefined {
  return (object.metadata.ownerReferences ?? []).find(
    reference => reference.controller === true,
  );
}

/** The objects of a kind in a namespace whose controller is `owner`. */
export function ownedBy(
  store: ObjectStore,
  resource: GroupResource,
  owner: KubeObject,
): KubeObject[] {
  return store
    .listReadOnly(resource, owner.metadata.namespace)
    .filter(object => controllerOf(object)?.uid === owner.metadata.uid);
}

export function isDeleting(object: KubeObject): boolean {
  return Boolean(object.metadata.deletionTimestamp);
}

export function podIsReady(pod: KubeObject): boolean {
  return list(fields(pod.status).conditions).some(
    condition => condition.type === 'Ready' && condition.status === 'True',
  );
}

export function isTerminal(pod: KubeObject): boolean {
  const phase = fields(pod.status).phase;
  return phase === 'Succeeded' || phase === 'Failed';
}

/** A copy to change and write back. */
export function editable(object: KubeObject): KubeObject {
  return cloneJson(object);
}

export function replicasOf(object: KubeObject): number {
  const replicas = fields(object.spec).replicas;
  return typeof replicas === 'number' ? replicas : 1;
}

export function statusNumber(object: KubeObject, field: string): number {
  const value = fields(object.status)[field];
  return typeof value === 'number' ? value : 0;
}

/** Status as Go's omitempty writes it: counts of zero left out. */
export function withoutZeros(
  status: Record<string, number | undefined>,
): Fields {
  return Object.fromEntries(
    Object.entries(status).filter(
      ([, value]) => value !== 0 && value !== undefined,
    ),
  );
}
