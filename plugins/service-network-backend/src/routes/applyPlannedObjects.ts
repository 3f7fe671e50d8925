/*
 * The applier: writes a plan's objects in order with server-side apply and
 * stops at the first failure, so a route is never applied without the
 * ServiceImports it sends traffic to.
 */
import type {
  ClusterWriteResult,
  PlannedObject,
} from '@service-network/backstage-plugin-service-network-common';
import { ClusterRequestError } from '../clusters/errors';
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
  };
}

function isTransient(error: unknown): boolean {
  if (!(error instanceof ClusterRequestError)) return false;
  const status = error.statusCode;
  return (
    status === undefined || status === 408 || status === 429 || status >= 500
  );
}

export async function applyPlannedObjects(
  client: ClusterClient,
  objects: readonly PlannedObject[],
): Promise<ApplyOutcome> {
  const results: ClusterWriteResult[] = [];
  for (const planned of objects) {
    try {
      const stored = await client.apply(planned.object as KubeObject, {
        // The approver saw which fields change hands; any other conflict fails the apply.
        force: Boolean(planned.takesOverFrom?.length),
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
        failure: { error, message, retryable: isTransient(error) },
      };
    }
  }
  return { results };
}
