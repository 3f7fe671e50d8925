/*
 * The controller's Kubernetes Events about one object: for ServiceExports
 * they are its only failure report.
 */
import type { ControllerEvent } from '@service-network/backstage-plugin-service-network-common';
import type { ClusterInventory, KubeObject } from '../inventory/snapshot';
import { isoTime } from '../inventory/time';
import { groupOf } from './kube';
import { MINUTE, elapsedMs } from './time';

const MAX_EVENTS = 10;
/** The controller acts on a new object within seconds; waiting longer than this means trouble. */
export const CONTROLLER_REACTION_MS = 5 * MINUTE;
/** A failure newer than this is worth mentioning even after the object recovered. */
const RECENT_MS = 15 * MINUTE;

/** Reasons the controller gives when it could not reconcile an object. */
export const FAILURE_REASONS: readonly string[] = [
  'FailedAddFinalizer',
  'FailedBuildModel',
  'FailedDeployModel',
];

export function isFailure(event: ControllerEvent): boolean {
  return FAILURE_REASONS.includes(event.reason);
}

export function isRecent(event: ControllerEvent, now: Date): boolean {
  return (
    event.lastSeen !== undefined && elapsedMs(event.lastSeen, now) < RECENT_MS
  );
}

/**
 * Events about this very object, newest first: same API group (the AWS and
 * MCS ServiceExports share a kind name) and, when known, the same uid, so a
 * deleted and recreated object does not inherit its predecessor's failures.
 */
export function eventsAbout(
  inventory: ClusterInventory,
  object: KubeObject,
): ControllerEvent[] {
  const { kind, apiVersion, metadata } = object;
  const group = groupOf(apiVersion);
  return inventory
    .eventsFor(kind, metadata.namespace ?? '', metadata.name)
    .filter(event => {
      const involved = event.involvedObject;
      const sameGroup =
        !involved.apiVersion || groupOf(involved.apiVersion) === group;
      const sameUid =
        !involved.uid || !metadata.uid || involved.uid === metadata.uid;
      return sameGroup && sameUid;
    })
    .slice(0, MAX_EVENTS)
    .map(event => ({
      type: event.type ?? 'Normal',
      reason: event.reason ?? '',
      message: event.message ?? '',
      count: event.series?.count ?? event.count ?? 1,
      firstSeen: isoTime(event.firstTimestamp ?? event.eventTime),
      lastSeen: isoTime(
        event.lastTimestamp ??
          event.series?.lastObservedTime ??
          event.eventTime ??
          event.metadata.creationTimestamp,
      ),
    }));
}
