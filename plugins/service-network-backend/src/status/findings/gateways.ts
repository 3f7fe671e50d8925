/*
 * Findings about the Gateways (service networks) the routes attach to:
 * missing, or not programmed because Lattice has no such service network.
 */
import {
  Finding,
  KINDS,
  RouteParentStatus,
  RouteStatus,
} from '@service-network/backstage-plugin-service-network-common';
import { kubeRef, latticeRef } from '../refs';
import { routeLabel, routeRef } from './routes';

function serviceNetworkAction(name: string): string {
  return `Create the service network "${name}" in VPC Lattice, or have the platform team apply a ServiceNetwork resource (apiVersion application-networking.k8s.aws/v1alpha1, kind ServiceNetwork, metadata.name ${name}), which creates it.`;
}

function gatewayFinding(
  cluster: string,
  parent: RouteParentStatus,
  routes: readonly RouteStatus[],
): Finding[] {
  const gateway = `Gateway ${parent.gatewayNamespace}/${parent.gatewayName}`;
  const used = `used by ${routes.map(routeLabel).join(', ')}`;
  const gatewayRef = kubeRef(
    KINDS.gateway,
    cluster,
    parent.gatewayNamespace,
    parent.gatewayName,
  );
  if (!parent.gatewayFound) {
    return [
      {
        id: 'gateway-missing',
        severity: 'error',
        cluster,
        title: 'Gateway does not exist',
        detail: `${gateway}, ${used}, does not exist in the config cluster ${cluster}.`,
        action: `Correct the route's parentRefs to an existing Gateway, or ask the platform team to create ${gateway} (gatewayClassName: amazon-vpc-lattice).`,
        objectRefs: routes.map(routeRef),
      },
    ];
  }
  const programmed = parent.gatewayProgrammed;
  // A programmed Gateway whose network Lattice lacks is more likely a poll behind than broken.
  const broken =
    programmed?.status === 'False' ||
    (programmed?.status !== 'True' && parent.serviceNetworkInLattice === false);
  if (!broken) {
    return [];
  }
  const said = programmed
    ? ` It reports Programmed=${programmed.status}${
        programmed.reason ? `, reason ${programmed.reason}` : ''
      }${programmed.message ? `: "${programmed.message}"` : ''}.`
    : '';
  const duplicate = programmed?.reason === 'Invalid';
  return [
    {
      id: 'gateway-not-programmed',
      severity: 'error',
      cluster,
      title: duplicate
        ? 'Gateway matches more than one service network'
        : 'Service network missing in VPC Lattice',
      detail: duplicate
        ? `${gateway} (${used}) matches several VPC Lattice service networks named "${parent.serviceNetwork}".${said}`
        : `${gateway} (${used}) stands for the VPC Lattice service network "${parent.serviceNetwork}", which does not exist.${said} Routes on it get no Lattice service network association.`,
      action: duplicate
        ? `Delete or rename the extra service network, or name the Gateway after the network's id (sn-...).`
        : serviceNetworkAction(parent.serviceNetwork),
      objectRefs: [
        gatewayRef,
        latticeRef('LatticeServiceNetwork', parent.serviceNetwork),
      ],
    },
  ];
}

/** One finding per Gateway, however many routes share it. */
export function gatewayFindings(routes: readonly RouteStatus[]): Finding[] {
  const byGateway = new Map<
    string,
    { cluster: string; parent: RouteParentStatus; routes: RouteStatus[] }
  >();
  for (const route of routes) {
    for (const parent of route.parents) {
      const key = `${route.cluster}/${parent.gatewayNamespace}/${parent.gatewayName}`;
      const entry = byGateway.get(key) ?? {
        cluster: route.cluster,
        parent,
        routes: [],
      };
      entry.routes.push(route);
      byGateway.set(key, entry);
    }
  }
  return [...byGateway.values()].flatMap(entry =>
    gatewayFinding(entry.cluster, entry.parent, entry.routes),
  );
}
