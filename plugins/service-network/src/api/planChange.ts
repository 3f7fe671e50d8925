import { ResponseError } from '@backstage/errors';
import { RouteRequestPlanDiff } from '@service-network/backstage-plugin-service-network-common';

/**
 * What changed in the cluster, when an approval (or retry) was refused
 * because the plan no longer matched: the backend re-planned the request
 * and sends the difference with its 409.
 *
 * @public
 */
export function planChangeOf(error: unknown): RouteRequestPlanDiff | undefined {
  if (!(error instanceof ResponseError) || error.statusCode !== 409) {
    return undefined;
  }
  const diff = (error.body.error as { diff?: Partial<RouteRequestPlanDiff> })
    .diff;
  return diff && typeof diff.text === 'string' && diff.toVersion
    ? (diff as RouteRequestPlanDiff)
    : undefined;
}
