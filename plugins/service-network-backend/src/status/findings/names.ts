/*
 * Findings about the Lattice service behind each route and the names
 * clients use: the DNS name, the custom domain, the association with the
 * service network.
 */
import type {
  Finding,
  RouteStatus,
} from '@service-network/backstage-plugin-service-network-common';
import { latticeRef } from '../refs';
import { routeLabel, routeRef } from './routes';

function latticeServiceFindings(route: RouteStatus): Finding[] {
  const service = route.latticeService;
  if (!service) {
    return [];
  }
  const refs = [
    routeRef(route),
    latticeRef('LatticeService', service.name, service.arn),
  ];
  const findings: Finding[] = [];
  if (
    service.status === 'CREATE_FAILED' ||
    service.status === 'DELETE_FAILED'
  ) {
    const failure = [service.failureCode, service.failureMessage]
      .filter(Boolean)
      .join(': ');
    findings.push({
      id: 'lattice-service-failed',
      severity: 'error',
      cluster: route.cluster,
      title: `VPC Lattice service ${
        service.status === 'CREATE_FAILED' ? 'creation' : 'deletion'
      } failed`,
      detail: `VPC Lattice service ${service.name} of ${routeLabel(route)} is ${
        service.status
      }${failure ? `: ${failure}` : '.'}`,
      action:
        'Fix the cause the message names (often a quota or a custom domain or certificate problem); the controller retries when the route changes.',
      objectRefs: refs,
    });
  }
  for (const parent of route.parents) {
    if (parent.associationStatus === 'CREATE_FAILED') {
      findings.push({
        id: 'service-network-association-failed',
        severity: 'error',
        cluster: route.cluster,
        title: 'Service not associated with the service network',
        detail: `VPC Lattice could not associate service ${
          service.name
        } of ${routeLabel(route)} with service network ${
          parent.serviceNetwork
        }, so clients in that network cannot reach it.`,
        action:
          'Check the service network in the VPC Lattice console for the failure and for quota limits on associated services; the controller retries when the route changes.',
        objectRefs: refs,
      });
    }
  }
  return findings;
}

function dnsFindings(route: RouteStatus): Finding[] {
  const { dns } = route;
  const base = { cluster: route.cluster, objectRefs: [routeRef(route)] };
  switch (dns.state) {
    case 'not-assigned':
      return route.state === 'accepted' || route.state === 'pending'
        ? [
            {
              id: 'dns-not-assigned',
              severity: 'info',
              title: 'DNS name not assigned yet',
              detail: `The controller has not written the VPC Lattice DNS name on ${routeLabel(
                route,
              )} yet (annotation application-networking.k8s.aws/lattice-assigned-domain-name).`,
              action:
                'Wait; it appears once VPC Lattice has created the service, usually within a minute.',
              ...base,
            },
          ]
        : [];
    case 'mismatch':
      return [
        {
          id: 'dns-mismatch',
          severity: 'warning',
          title: 'DNS name on the route differs from VPC Lattice',
          detail: `${routeLabel(route)} says its DNS name is ${
            dns.assigned
          }, but its VPC Lattice service answers to ${
            dns.lattice ?? 'no name'
          }. The annotation is probably left over from an earlier Lattice service; clients using it will fail.`,
          action: `Use ${
            dns.lattice ?? "the Lattice service's name"
          }. The controller rewrites the annotation when it next reconciles the route; if it does not, change the route (any edit) or read the controller's logs.`,
          ...base,
        },
      ];
    case 'lattice-service-missing':
      return [
        {
          id: 'dns-lattice-service-missing',
          severity: 'warning',
          title: 'VPC Lattice service of the route not found',
          detail: `${routeLabel(route)} names DNS name ${
            dns.assigned
          }, but VPC Lattice has no service behind it any more (deleted outside Kubernetes?).`,
          action:
            "The controller recreates the service when it next reconciles the route; if it does not, change the route (any edit) or read the controller's logs.",
          ...base,
        },
      ];
    default:
      return [];
  }
}

function customDomainFindings(route: RouteStatus): Finding[] {
  const { customDomain } = route;
  if (customDomain.state !== 'changed-after-creation') {
    return [];
  }
  return [
    {
      id: 'custom-domain-changed-after-creation',
      severity: 'warning',
      cluster: route.cluster,
      title: 'Custom domain change has no effect',
      detail: `${routeLabel(route)} asks for the custom domain ${
        customDomain.requested ?? '(none)'
      }, but its VPC Lattice service was created with ${
        customDomain.lattice ?? 'none'
      }. VPC Lattice fixes the custom domain when it creates a service; editing spec.hostnames afterwards changes nothing (controller issue #642).`,
      action: `Set spec.hostnames back to ${
        customDomain.lattice ?? 'no hostname'
      }, or delete and re-create the route to get a new Lattice service with the new domain (its generated DNS name changes, and traffic is interrupted meanwhile).`,
      objectRefs: [routeRef(route)],
    },
  ];
}

export function nameFindings(routes: readonly RouteStatus[]): Finding[] {
  return routes.flatMap(route => [
    ...latticeServiceFindings(route),
    ...dnsFindings(route),
    ...customDomainFindings(route),
  ]);
}
