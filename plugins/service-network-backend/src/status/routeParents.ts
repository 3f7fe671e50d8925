/*
 * Where a route attaches: each parentRef's Gateway (= the Lattice service
 * network of the same name), its listeners, what the controller said about
 * the attachment, and the Lattice association that carries it.
 */
import type {
  ListenerSummary,
  RouteParentStatus,
} from '@service-network/backstage-plugin-service-network-common';
import type {
  ClusterInventory,
  GatewayObject,
  LatticeInventory,
  LatticeService,
  ParentReference,
  RouteObject,
  RouteStatusFields,
} from '../inventory/snapshot';
import { conditionOf, toStatusConditions } from './kube';
import { gatewayListeners } from './listeners';

/** The controller's name in route parent statuses. */
export const LATTICE_CONTROLLER_NAME =
  'application-networking.k8s.aws/gateway-api-controller';

export interface ParentsInput {
  config: ClusterInventory;
  route: RouteObject;
  lattice: LatticeInventory;
  latticeHasData: boolean;
  latticeService?: LatticeService;
}

/** The route's parent statuses written by the AWS Gateway API Controller. */
export function reportedParents(
  route: RouteObject,
): NonNullable<RouteStatusFields['parents']> {
  return (route.status?.parents ?? []).filter(
    parent =>
      !parent.controllerName ||
      parent.controllerName === LATTICE_CONTROLLER_NAME,
  );
}

function sameParent(
  a: ParentReference,
  b: ParentReference,
  routeNamespace: string,
): boolean {
  return (
    a.name === b.name &&
    (a.namespace ?? routeNamespace) === (b.namespace ?? routeNamespace) &&
    (a.sectionName ?? '') === (b.sectionName ?? '') &&
    (a.port ?? 0) === (b.port ?? 0)
  );
}

function listenersFor(
  gateway: GatewayObject | undefined,
  parentRef: ParentReference,
): ListenerSummary[] {
  return gatewayListeners(gateway).filter(listener =>
    parentRef.sectionName
      ? listener.name === parentRef.sectionName
      : !parentRef.port || listener.port === parentRef.port,
  );
}

export function composeParents(input: ParentsInput): RouteParentStatus[] {
  const { config, route, lattice, latticeHasData, latticeService } = input;
  const routeNamespace = route.metadata.namespace ?? '';
  const reported = reportedParents(route);
  const associations = latticeService
    ? lattice.associationsOfService(latticeService.arn)
    : [];
  return (route.spec?.parentRefs ?? [])
    .filter(parentRef => (parentRef.kind ?? 'Gateway') === 'Gateway')
    .map(parentRef => {
      const gatewayNamespace = parentRef.namespace ?? routeNamespace;
      const gateway = config.gateways.get(gatewayNamespace, parentRef.name);
      const gatewayConditions = toStatusConditions(gateway?.status?.conditions);
      return {
        gatewayNamespace,
        gatewayName: parentRef.name,
        sectionName: parentRef.sectionName,
        port: parentRef.port,
        serviceNetwork: parentRef.name,
        gatewayFound: gateway !== undefined,
        gatewayAccepted: conditionOf(gatewayConditions, 'Accepted'),
        gatewayProgrammed: conditionOf(gatewayConditions, 'Programmed'),
        listeners: listenersFor(gateway, parentRef),
        conditions: toStatusConditions(
          reported.find(parent =>
            sameParent(parent.parentRef, parentRef, routeNamespace),
          )?.conditions,
        ),
        serviceNetworkInLattice: latticeHasData
          ? lattice.serviceNetworkByName(parentRef.name) !== undefined
          : undefined,
        associationStatus: associations.find(
          association => association.serviceNetworkName === parentRef.name,
        )?.status,
      };
    });
}
