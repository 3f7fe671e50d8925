/*
 * A route's names: the DNS name the controller wrote on the route against
 * the one Lattice serves, and the requested custom domain against the one
 * Lattice fixed when it created the service.
 */
import type {
  CustomDomainStatus,
  DnsStatus,
} from '@internal/plugin-service-network-common';
import type { LatticeService } from '../inventory/snapshot';

/** What is known of Lattice: any data at all, and whether it is current. */
export interface LatticeView {
  hasData: boolean;
  synced: boolean;
}

function sameName(a: string, b: string): boolean {
  const normal = (name: string) => name.toLowerCase().replace(/\.$/, '');
  return normal(a) === normal(b);
}

export function checkDns(
  assigned: string | undefined,
  service: LatticeService | undefined,
  lattice: LatticeView,
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
    // A service created since the last poll is not missing, just not seen yet.
    return {
      state: lattice.synced ? 'lattice-service-missing' : 'lattice-not-synced',
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
