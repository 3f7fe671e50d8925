/*
 * A route's names: the DNS name the controller wrote on the route against
 * the one Lattice serves, and the requested custom domain against the one
 * Lattice fixed when it created the service.
 */
import type {
  CustomDomainStatus,
  DnsStatus,
} from '@service-network/backstage-plugin-service-network-common';
import type { LatticeService } from '../inventory/snapshot';

/** What is known of Lattice: any data at all, whether it is current, and as of when. */
export interface LatticeView {
  hasData: boolean;
  synced: boolean;
  /** When the last complete read began (ISO): what existed then is in it. */
  readSince?: string;
}

const KUBERNETES_TIME_PRECISION_MS = 1000;

function sameName(a: string, b: string): boolean {
  const normal = (name: string) => name.toLowerCase().replace(/\.$/, '');
  return normal(a) === normal(b);
}

/**
 * `routeChangedAt`: the route's latest known change (its creation or a
 * condition's transition). The controller writes the DNS name after creating
 * the Lattice service, and the route's conditions with it, so a route that
 * changed after Lattice's last complete read may name a service that read
 * could not see. Kubernetes stamps times to the second, so a change stamped
 * in the second the read began may still have come after it.
 */
export function checkDns(
  assigned: string | undefined,
  service: LatticeService | undefined,
  lattice: LatticeView,
  routeChangedAt?: string,
): DnsStatus {
  const latticeName = service?.dnsEntry?.domainName;
  const names = { assigned, lattice: latticeName };
  if (!assigned) {
    return { state: 'not-assigned', ...names };
  }
  if (!lattice.hasData) {
    return { state: 'lattice-not-synced', ...names };
  }
  if (!service) {
    if (!lattice.synced) {
      return { state: 'lattice-not-synced', ...names };
    }
    const seenSince =
      lattice.readSince !== undefined &&
      routeChangedAt !== undefined &&
      Date.parse(routeChangedAt) + KUBERNETES_TIME_PRECISION_MS <=
        Date.parse(lattice.readSince);
    return {
      state: seenSince ? 'lattice-service-missing' : 'lattice-not-listed-yet',
      ...names,
    };
  }
  return {
    state:
      latticeName && sameName(assigned, latticeName) ? 'match' : 'mismatch',
    ...names,
  };
}

export function checkCustomDomain(
  requested: string | undefined,
  service: LatticeService | undefined,
): CustomDomainStatus {
  const latticeDomain = service?.customDomainName;
  const names = { requested, lattice: latticeDomain };
  if (!service) {
    return { state: requested ? 'unknown' : 'none', ...names };
  }
  if (!requested && !latticeDomain) {
    return { state: 'none', ...names };
  }
  return {
    state:
      requested && latticeDomain && sameName(requested, latticeDomain)
        ? 'match'
        : 'changed-after-creation',
    ...names,
  };
}
