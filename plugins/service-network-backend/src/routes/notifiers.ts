/*
 * The route request workflow's one notifier: every notifier installed (the
 * built-in notifications one, and those modules add) hears each notice,
 * with the app's link to the request.
 */
import type { LoggerService } from '@backstage/backend-plugin-api';
import type {
  RouteRequestNotifier,
  ServiceNetworkAppLinks,
} from '@service-network/backstage-plugin-service-network-node';
import type { RouteRequestNotifier as WorkflowNotifier } from './RouteRequestService';

export function fanOutNotifier(options: {
  notifiers: readonly RouteRequestNotifier[];
  /** Entity refs of the approvers, from `serviceNetwork.routeRequests.approvers`. */
  approvers: string[];
  links: ServiceNetworkAppLinks;
  logger: LoggerService;
}): WorkflowNotifier {
  const { notifiers, approvers, links, logger } = options;
  /** A failing notifier is logged and holds up neither the others nor the request. */
  const each = async (
    what: string,
    send: (notifier: RouteRequestNotifier) => Promise<void>,
  ) => {
    const results = await Promise.allSettled(
      notifiers.map(notifier => send(notifier)),
    );
    results.forEach((result, index) => {
      if (result.status === 'rejected') {
        logger.warn(
          `Route request notifier ${index + 1} of ${
            notifiers.length
          } could not send the ${what} notice: ${result.reason}`,
        );
      }
    });
  };
  return {
    notifyApprovers: request =>
      each('approvers', notifier =>
        notifier.notifyApprovers({
          request,
          approvers,
          link: links.routeRequest(request.id),
        }),
      ),
    notifyRequester: (request, what) =>
      each(what, notifier =>
        notifier.notifyRequester({
          request,
          what,
          link: links.routeRequest(request.id),
        }),
      ),
  };
}
