/*
 * Every export and unexport is an audit event: who (from the request), what
 * and where (meta), and the outcome per cluster. A call that wrote in some
 * clusters but failed in others is recorded as failed, with its results.
 */
import type {
  AuditorService,
  AuditorServiceCreateEventOptions,
} from '@backstage/backend-plugin-api';
import { toError } from '@backstage/errors';
import type { ExportResponse } from '@service-network/backstage-plugin-service-network-common';
import { auditMeta, ServiceNetworkCaller } from '../service/caller';

export type ExportAuditEventId = 'service-export' | 'service-unexport';

export async function auditedWrite(
  auditor: AuditorService,
  event: {
    eventId: ExportAuditEventId;
    caller: ServiceNetworkCaller;
    meta: NonNullable<AuditorServiceCreateEventOptions['meta']>;
  },
  write: () => Promise<ExportResponse>,
): Promise<ExportResponse> {
  const auditorEvent = await auditor.createEvent({
    eventId: event.eventId,
    severityLevel: 'medium',
    request: event.caller.request,
    meta: auditMeta(event.caller, event.meta),
  });
  let response: ExportResponse;
  try {
    response = await write();
  } catch (error) {
    await auditorEvent.fail({ error: toError(error) });
    throw error;
  }
  const results = response.results.map(({ cluster, outcome, resourceVersion, error }) => ({
    cluster,
    outcome,
    ...(resourceVersion ? { resourceVersion } : {}),
    ...(error ? { error } : {}),
  }));
  const failures = results.filter(r => r.outcome === 'failed');
  if (failures.length) {
    await auditorEvent.fail({
      error: new Error(`Failed in ${failures.map(f => `${f.cluster} (${f.error})`).join(', ')}`),
      meta: { results },
    });
  } else {
    await auditorEvent.success({ meta: { results } });
  }
  return response;
}
