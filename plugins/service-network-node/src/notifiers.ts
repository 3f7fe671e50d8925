import { createExtensionPoint } from '@backstage/backend-plugin-api';
import type {
  RouteRequest,
  RouteRequestNotice,
} from '@service-network/backstage-plugin-service-network-common';
import type { AppLink } from './links';

/**
 * A new or re-planned route request for the approvers to decide.
 *
 * @public
 */
export interface RouteRequestApproverNotice {
  request: RouteRequest;
  /** Entity refs of the approvers (`serviceNetwork.routeRequests.approvers`). */
  approvers: string[];
  /** Where the app shows the request; absent when the app has no requests page. */
  link?: AppLink;
}

/**
 * A route request moved on: what its requester hears.
 *
 * @public
 */
export interface RouteRequestRequesterNotice {
  request: RouteRequest;
  what: RouteRequestNotice;
  /** Where the app shows the request; absent when the app has no requests page. */
  link?: AppLink;
}

/**
 * Tells people about route requests (chat, email, tickets). Every notifier
 * hears every notice; one that fails is logged and does not hold up the
 * others or the request.
 *
 * @public
 */
export interface RouteRequestNotifier {
  notifyApprovers(notice: RouteRequestApproverNotice): Promise<void>;
  notifyRequester(notice: RouteRequestRequesterNotice): Promise<void>;
}

/**
 * Lets a backend module add route request notifiers, beside the built-in
 * one that sends through Backstage's notifications.
 *
 * @public
 */
export interface ServiceNetworkNotifiersExtensionPoint {
  addRouteRequestNotifier(notifier: RouteRequestNotifier): void;
}

/**
 * The extension point for {@link ServiceNetworkNotifiersExtensionPoint}.
 *
 * @public
 */
export const serviceNetworkNotifiersExtensionPoint =
  createExtensionPoint<ServiceNetworkNotifiersExtensionPoint>({
    id: 'service-network.notifiers',
  });
