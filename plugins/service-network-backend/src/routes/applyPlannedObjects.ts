/*
 * The applier: asks the cluster to dry-run every object of a plan first and
 * writes nothing unless all of them pass (so a route that admission or a
 * CEL rule refuses leaves no ServiceImports behind); then writes them in
 * order with server-side apply and stops at the first failure, so a route
 * is never applied without the ServiceImports it sends traffic to.
 */
import type {
  ClusterWriteResult,
  PlannedObject,
} from '@service-network/backstage-plugin-service-network-common';
import { describeRefusal, dryRunWrites, isTransient } from '../clusters/dryRun';
import type { ClusterClient } from '../clusters/types';
import type { KubeObject } from '../inventory/snapshot';

export interface ApplyOutcome {
  /** One per object attempted, in order; the last one failed when `failure` is set. */
  results: ClusterWriteResult[];
  failure?: {
    error: Error;
    message: string;
    /** The cluster was unreachable, busy or failing: applying again later may work. */
    retryable: boolean;
    /** The API server refused an object in the dry run: nothing was written. */
    refused: boolean;
  };
}

export async function applyPlannedObjects(
  client: ClusterClient,
  objects: readonly PlannedObject[],
): Promise<ApplyOutcome> {
  const force = (planned: PlannedObject) =>
    // The approver saw which fields change hands; any other conflict fails the apply.
    Boolean(planned.takesOverFrom?.length);
  const refusals = await dryRunWrites(
    objects.map(planned => ({
      cluster: planned.cluster,
      client,
      object: planned.object as KubeObject,
      force: force(planned),
    })),
  );
  if (refusals.length) {
    const message = refusals.map(describeRefusal).join('; ');
    return {
      results: objects.map(planned => {
        const refusal = refusals.find(r => r.write.object === planned.object);
        return refusal
          ? {
              cluster: planned.cluster,
              outcome: 'failed',
              object: planned.object,
              error: describeRefusal(refusal),
            }
          : {
              cluster: planned.cluster,
              outcome: 'planned',
              object: planned.object,
            };
      }),
      failure: {
        error: refusals[0].error,
        message,
        retryable: refusals.some(refusal => refusal.transient),
        refused: refusals.every(refusal => !refusal.transient),
      },
    };
  }
  const results: ClusterWriteResult[] = [];
  for (const planned of objects) {
    try {
      const stored = await client.apply(planned.object as KubeObject, {
        force: force(planned),
      });
      results.push({
        cluster: planned.cluster,
        outcome: 'applied',
        object: planned.object,
        resourceVersion: stored.metadata.resourceVersion,
      });
    } catch (error) {
      const message = String(error?.message ?? error);
      results.push({
        cluster: planned.cluster,
        outcome: 'failed',
        object: planned.object,
        error: message,
      });
      return {
        results,
        failure: {
          error,
          message,
          retryable: isTransient(error),
          refused: false,
        },
      };
    }
  }
  return { results };
}
