/*
 * Asking the API server before writing: every object a write path is about
 * to write (or delete) is first sent with dryRun=All, so that admission and
 * validation, CEL rules included, judge all of them before any is written.
 * A refusal is answered with the API server's own message.
 */
import {
  ConflictError,
  CustomErrorBase,
  ServiceUnavailableError,
} from '@backstage/errors';
import type { KindDescriptor } from '@service-network/backstage-plugin-service-network-common';
import type { KubeObject } from '../inventory/snapshot';
import { ClusterRequestError, toClusterRequestError } from './errors';
import type { ClusterClient } from './types';

/** One write to check: a server-side apply, or the delete of `object` when `deleteKind` is set. */
export interface PlannedWrite {
  cluster: string;
  client: ClusterClient;
  object: KubeObject;
  force?: boolean;
  /** The writer's own field manager, when it has one. */
  fieldManager?: string;
  deleteKind?: KindDescriptor;
}

export interface DryRunRefusal {
  write: PlannedWrite;
  error: ClusterRequestError;
  /** The cluster could not be asked (unreachable, busy, failing): asking again later may pass. */
  transient: boolean;
}

/** The API server refused a planned object in a dry run. Answered as 422 Unprocessable Entity. */
export class ClusterRefusedError extends CustomErrorBase {
  name = 'ClusterRefusedError' as const;
  readonly statusCode = 422;
}

/** A failure worth retrying: no answer, a timeout, throttling or a server error. */
export function isTransient(error: unknown): boolean {
  if (!(error instanceof ClusterRequestError)) return false;
  const status = error.statusCode;
  return (
    status === undefined || status === 408 || status === 429 || status >= 500
  );
}

function describeObject(write: PlannedWrite): string {
  const { kind, metadata } = write.object;
  const name = metadata.namespace
    ? `${metadata.namespace}/${metadata.name}`
    : metadata.name;
  return `${kind} ${name}`;
}

/** "workload-1 refused ServiceExport shop/checkout: <the API server's message>". */
export function describeRefusal(refusal: DryRunRefusal): string {
  const { write, error, transient } = refusal;
  const verb = write.deleteKind ? 'deleting' : 'writing';
  return transient
    ? `${write.cluster} could not be asked about ${verb} ${describeObject(write)}: ${error.reason}`
    : `${write.cluster} refused ${describeObject(write)}: ${error.serverMessage ?? error.reason}`;
}

/** Dry-runs every write at once; answers the ones that did not pass (none: all would be accepted). */
export async function dryRunWrites(
  writes: readonly PlannedWrite[],
): Promise<DryRunRefusal[]> {
  const outcomes = await Promise.all(
    writes.map(async (write): Promise<DryRunRefusal | undefined> => {
      try {
        if (write.deleteKind) {
          await write.client.delete(write.deleteKind, write.object.metadata, {
            dryRun: true,
          });
        } else {
          await write.client.apply(write.object, {
            dryRun: true,
            force: write.force,
            fieldManager: write.fieldManager,
          });
        }
        return undefined;
      } catch (error) {
        const failure = toClusterRequestError(error);
        return { write, error: failure, transient: isTransient(failure) };
      }
    }),
  );
  return outcomes.filter(
    (outcome): outcome is DryRunRefusal => outcome !== undefined,
  );
}

/**
 * The error a write path answers when its dry run did not pass: 503 when a
 * cluster could not be asked, 409 when every refusal is a conflict (another
 * field manager owns a field), else 422, each with the servers' messages.
 */
export function refusalError(
  refusals: readonly DryRunRefusal[],
  nothingDone: string,
): Error {
  const message = `${nothingDone}: ${refusals.map(describeRefusal).join('; ')}`;
  if (refusals.some(refusal => refusal.transient))
    return new ServiceUnavailableError(message);
  if (refusals.every(refusal => refusal.error.statusCode === 409))
    return new ConflictError(message);
  return new ClusterRefusedError(message);
}
