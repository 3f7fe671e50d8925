/*
 * A Gateway's listeners as its spec declares them, with the route counts
 * the controller reports for each in status.
 */
import type { ListenerSummary } from '@service-network/backstage-plugin-service-network-common';
import type { GatewayObject } from '../inventory/snapshot';

/** The listeners of `gateway` in spec order; none when it is missing. */
export function gatewayListeners(
  gateway: GatewayObject | undefined,
): ListenerSummary[] {
  const attached = new Map(
    (gateway?.status?.listeners ?? []).map(listener => [
      listener.name,
      listener.attachedRoutes,
    ]),
  );
  return (gateway?.spec?.listeners ?? []).map(listener => ({
    name: listener.name,
    protocol: listener.protocol,
    port: listener.port,
    hostname: listener.hostname,
    tlsMode: listener.tls?.mode,
    attachedRoutes: attached.get(listener.name),
  }));
}
