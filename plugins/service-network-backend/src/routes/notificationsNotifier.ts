/*
 * Route request notices sent through Backstage's notifications service. Its
 * default client posts to the notifications backend, so sending fails (and
 * the workflow logs and carries on) where that backend is not installed.
 */
import type { NotificationPayload } from '@backstage/plugin-notifications-common';
import type { NotificationService } from '@backstage/plugin-notifications-node';
import type {
  RouteRequest,
  RouteRequestNotice,
} from '@service-network/backstage-plugin-service-network-common';
import type {
  AppLink,
  RouteRequestNotifier,
} from '@service-network/backstage-plugin-service-network-node';

const TOPIC = 'Service Network route requests';

function routeOf(request: RouteRequest): string {
  return `${request.route.kind} ${request.route.namespace}/${request.route.name}`;
}

function decisionOf(request: RouteRequest): string {
  return `${request.decidedBy ?? 'An approver'}: ${
    request.decisionComment ?? 'no comment'
  }`;
}

/** What the approvers read about a request waiting for them; the notifications page links to the request. */
export function approverNotification(
  request: RouteRequest,
  link?: AppLink,
): NotificationPayload {
  const again = request.planVersion > 1 ? ' (re-planned)' : '';
  return {
    title: `Route request${again}: ${routeOf(request)} for ${
      request.entityRef
    }`,
    description: `${request.requestedBy} asks: ${request.spec.reason}`,
    link: link?.path,
    topic: TOPIC,
    // The same scope replaces the earlier notice when a request is re-planned.
    scope: `route-request:${request.id}:approvers`,
    severity: 'normal',
  };
}

type Notice = Pick<NotificationPayload, 'title' | 'description' | 'severity'>;

const REQUESTER_NOTICES: Record<
  RouteRequestNotice,
  (request: RouteRequest, route: string) => Notice
> = {
  applied: (request, route) => ({
    title: `Your ${route} was approved and applied`,
    description: `${decisionOf(
      request,
    )}. Its DNS name follows once the controller has served the route.`,
    severity: 'normal',
  }),
  failed: (request, route) => ({
    title: `Applying your ${route} failed`,
    description: `${request.lastError ?? 'The apply failed'}${
      request.retryable ? ' (it is retried automatically)' : ''
    }`,
    severity: 'high',
  }),
  rejected: (request, route) => ({
    title: `Your route request for ${route} was rejected`,
    description: decisionOf(request),
    severity: 'normal',
  }),
  expired: (request, route) => ({
    title: `Your route request for ${route} expired`,
    description: `Nobody decided on it before ${request.expiresAt}; ask again if you still need the route.`,
    severity: 'low',
  }),
  live: (request, route) => ({
    title: `Your ${route} is live`,
    description: `Reach it at ${request.dnsName}.`,
    severity: 'normal',
  }),
};

/**
 * What the requester reads when their request moves on. One notice per
 * request (the same scope): each replaces the previous one and is unread again.
 */
export function requesterNotification(
  request: RouteRequest,
  what: RouteRequestNotice,
  link?: AppLink,
): NotificationPayload {
  return {
    ...REQUESTER_NOTICES[what](request, routeOf(request)),
    link: link?.path,
    topic: TOPIC,
    scope: `route-request:${request.id}:requester`,
  };
}

/**
 * Route request notices through Backstage's notifications: approvers hear of
 * new requests (never the requester, even if one of them); requesters of
 * every outcome. Links are paths in the app, which the notifications page
 * resolves (and the email module makes absolute).
 */
export function notificationsNotifier(options: {
  notifications: NotificationService;
}): RouteRequestNotifier {
  const { notifications } = options;
  return {
    async notifyApprovers({ request, approvers, link }) {
      await notifications.send({
        recipients: {
          type: 'entity',
          entityRef: approvers,
          excludeEntityRef: request.requestedBy,
        },
        payload: approverNotification(request, link),
      });
    },
    async notifyRequester({ request, what, link }) {
      await notifications.send({
        recipients: { type: 'entity', entityRef: request.requestedBy },
        payload: requesterNotification(request, what, link),
      });
    },
  };
}
