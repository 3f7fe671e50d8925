import type {
  LoggerService,
  SchedulerService,
} from '@backstage/backend-plugin-api';
import type { RouteRequestService } from './RouteRequestService';

export const ROUTE_REQUEST_TASK_ID = 'service-network-route-requests';

/**
 * Expiry, automatic retries and the DNS-live check, on a global schedule so
 * that one replica at a time runs them. Each step runs even when an earlier
 * one failed: a broken retry must not keep requests from going live.
 */
export async function scheduleRouteRequestTask(options: {
  scheduler: SchedulerService;
  routeRequests: RouteRequestService;
  intervalMs: number;
  logger: LoggerService;
}): Promise<void> {
  const { scheduler, routeRequests, intervalMs, logger } = options;
  const steps: Array<[string, () => Promise<number>]> = [
    ['expired', () => routeRequests.expireStale()],
    ['retried', () => routeRequests.retryFailed()],
    ['went live', () => routeRequests.checkLive()],
  ];
  await scheduler.scheduleTask({
    id: ROUTE_REQUEST_TASK_ID,
    scope: 'global',
    frequency: { milliseconds: intervalMs },
    timeout: { minutes: 2 },
    fn: async () => {
      for (const [what, step] of steps) {
        try {
          const count = await step();
          if (count > 0) logger.info(`Route requests ${what}: ${count}`);
        } catch (error) {
          logger.error(`Route request housekeeping (${what}) failed`, error);
        }
      }
    },
  });
}
