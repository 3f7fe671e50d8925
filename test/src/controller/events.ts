/*
 * Records core/v1 Events the way client-go's recorder does: one Event per
 * (object, type, reason, message, source), named `<object>.<hex timestamp>`;
 * a repeat increments `count` and moves `lastTimestamp`.
 */
import { EventSpec, KubeObject, ObjectStore } from '../kube/types';
import { kubeTime } from './conditions';
import { RESOURCES } from './constants';
import { WRITE_OPTIONS } from './kubeAccess';
import type { EventSeries } from './storeIndex';

/** Finds the Event a repeat belongs to (the controller's StoreIndex is one). */
export interface EventSeriesLookup {
  eventInSeries(series: EventSeries): KubeObject | undefined;
}

export interface EventRecorder {
  record(spec: EventSpec): void;
}

interface ObjectReference {
  kind: string;
  namespace?: string;
  name: string;
  uid?: string;
  apiVersion: string;
  resourceVersion?: string;
  fieldPath?: string;
}

function referenceTo(object: KubeObject, fieldPath?: string): ObjectReference {
  const { name, namespace, uid, resourceVersion } = object.metadata;
  return {
    kind: object.kind,
    ...(namespace ? { namespace } : {}),
    name,
    ...(uid ? { uid } : {}),
    apiVersion: object.apiVersion,
    ...(resourceVersion ? { resourceVersion } : {}),
    ...(fieldPath ? { fieldPath } : {}),
  };
}

export function createEventRecorder(
  store: ObjectStore,
  index: EventSeriesLookup,
  now: () => Date,
): EventRecorder {
  let sequence = 0;
  // client-go names events after the object and the UnixNano time in hex.
  const uniqueHex = (at: Date) =>
    (
      BigInt(at.getTime()) * 1_000_000n +
      BigInt(sequence++ % 1_000_000)
    ).toString(16);

  return {
    record(spec) {
      const reference = referenceTo(spec.involvedObject, spec.fieldPath);
      const namespace = spec.involvedObject.metadata.namespace || 'default';
      const at = now();
      const timestamp = kubeTime(at);
      const existing = index.eventInSeries({
        namespace,
        involvedObject: reference,
        type: spec.type,
        reason: spec.reason,
        message: spec.message,
        component: spec.component,
      });
      if (existing) {
        store.mergePatch(
          RESOURCES.events,
          namespace,
          existing.metadata.name,
          { count: Number(existing.count ?? 1) + 1, lastTimestamp: timestamp },
          WRITE_OPTIONS,
        );
        return;
      }
      store.create(
        RESOURCES.events,
        {
          apiVersion: 'v1',
          kind: 'Event',
          metadata: { name: `${reference.name}.${uniqueHex(at)}`, namespace },
          involvedObject: reference,
          reason: spec.reason,
          message: spec.message,
          source: {
            component: spec.component,
            ...(spec.host ? { host: spec.host } : {}),
          },
          firstTimestamp: timestamp,
          lastTimestamp: timestamp,
          count: 1,
          type: spec.type,
          reportingComponent: spec.component,
          reportingInstance: spec.host ?? '',
        },
        WRITE_OPTIONS,
      );
    },
  };
}
