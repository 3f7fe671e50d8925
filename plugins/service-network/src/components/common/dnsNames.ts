/*
 * The names a client uses to reach the Service: the Lattice DNS name and
 * custom domain of each route, and the MCS clusterset name.
 */
import {
  CustomDomainStatus,
  DnsStatus,
  EntityServiceNetworkStatus,
  RouteStatus,
} from '@service-network/backstage-plugin-service-network-common';
import { Tone } from './tones';

export interface DnsName {
  /** Absent while the controller has not assigned one. */
  name?: string;
  /** Where the name comes from, e.g. "HTTPRoute default/httproute-1". */
  source: string;
  tone: Tone;
  /** What the check against Lattice found. */
  check: string;
}

function routeLabel(route: RouteStatus): string {
  return `${route.kind} ${route.namespace}/${route.name}`;
}

const DNS_CHECK: Record<DnsStatus['state'], { tone: Tone; check: string }> = {
  match: { tone: 'ok', check: 'matches Lattice' },
  mismatch: { tone: 'error', check: 'differs from Lattice' },
  'not-assigned': {
    tone: 'pending',
    check: 'not assigned yet: the controller has not written it on the route',
  },
  'lattice-not-synced': {
    tone: 'neutral',
    check: 'not checked: Lattice data is not loaded',
  },
  'lattice-not-listed-yet': {
    tone: 'pending',
    check: 'not checked yet: the route changed after VPC Lattice was last read',
  },
  'lattice-service-missing': {
    tone: 'error',
    check: 'Lattice has no service for this route',
  },
};

/** The DNS check of a route in words, naming Lattice's name when they differ. */
function dnsCheck(dns: DnsStatus): { tone: Tone; check: string } {
  const known = DNS_CHECK[dns.state];
  return dns.state === 'mismatch' && dns.lattice
    ? { ...known, check: `${known.check} (${dns.lattice})` }
    : known;
}

function customDomainCheck(customDomain: CustomDomainStatus): {
  tone: Tone;
  check: string;
} {
  switch (customDomain.state) {
    case 'match':
      return { tone: 'ok', check: 'custom domain, matches Lattice' };
    case 'changed-after-creation':
      return {
        tone: 'error',
        check: `custom domain changed after the Lattice service was created; Lattice still uses ${
          customDomain.lattice ?? 'none'
        }`,
      };
    default:
      return {
        tone: 'neutral',
        check: 'custom domain, not checked against Lattice',
      };
  }
}

/** A route's Lattice DNS name and, when it asks for one, its custom domain. */
export function routeDnsNames(route: RouteStatus): DnsName[] {
  const source = routeLabel(route);
  const names: DnsName[] = [
    {
      name: route.dns.assigned ?? route.dns.lattice,
      source,
      ...dnsCheck(route.dns),
    },
  ];
  const { customDomain } = route;
  if (customDomain.state !== 'none' && customDomain.requested) {
    names.push({
      name: customDomain.requested,
      source,
      ...customDomainCheck(customDomain),
    });
  }
  return names;
}

/** The MCS name, once; the same in every cluster that exports the Service. */
function clustersetNames(status: EntityServiceNetworkStatus): DnsName[] {
  const ready = status.clusters.filter(
    cluster => cluster.mcsExport?.clustersetDnsName,
  );
  if (ready.length === 0) {
    return [];
  }
  return [
    {
      name: ready[0].mcsExport?.clustersetDnsName,
      source: `MCS clusterset, from ${ready
        .map(cluster => cluster.cluster)
        .join(', ')}`,
      tone: 'ok',
      check: 'ServiceExport is Ready',
    },
  ];
}

export function dnsNamesOf(status: EntityServiceNetworkStatus): DnsName[] {
  return [...status.routes.flatMap(routeDnsNames), ...clustersetNames(status)];
}
