import type { ListenerSummary } from '@service-network/backstage-plugin-service-network-common';

/** A Gateway listener as every page names it: `http (HTTP 80)`, `tls (TLS 8443, passthrough)`. */
export function listenerLabel(listener: ListenerSummary): string {
  const passthrough =
    listener.protocol === 'TLS' && listener.tlsMode === 'Passthrough'
      ? ', passthrough'
      : '';
  return `${listener.name} (${listener.protocol} ${listener.port}${passthrough})`;
}

/** A Gateway's listeners in one line, or that it has none. */
export function listenersLine(listeners: readonly ListenerSummary[]): string {
  return listeners.length > 0
    ? `listeners ${listeners.map(listenerLabel).join(', ')}`
    : 'no listeners: routes cannot attach';
}
