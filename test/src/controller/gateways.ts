/*
 * GatewayClass and Gateway (pkg/controllers/gateway_controller.go): a Gateway
 * of this controller's class stands for the Lattice service network with its
 * name; its status reports that network, its listeners' attached routes, and
 * one route's DNS name as its address.
 */
import { KubeObject, ObjectStore } from '../kube/types';
import { LatticeState, ServiceNetworkRecord } from '../lattice/types';
import {
  Condition,
  ConditionUpdate,
  findCondition,
  setConditions,
} from './conditions';
import {
  ANNOTATIONS,
  CONTROLLER_NAME,
  FINALIZERS,
  GROUPS,
  RESOURCES,
  ROUTE_KIND_LIST,
  ROUTE_KINDS,
} from './constants';
import { ControllerContext } from './context';
import {
  addFinalizer,
  getServed,
  isDeleting,
  listServed,
  patchStatus,
  removeFinalizer,
} from './kubeAccess';
import { ReconcileOutcome } from './queue';
import {
  evaluateParents,
  gatewayListeners,
  listenerKinds,
  ParentEvaluation,
  ParentLookups,
} from './routeParents';

export function isControlledClass(
  gatewayClass: KubeObject | undefined,
): boolean {
  return (
    (gatewayClass?.spec as { controllerName?: string })?.controllerName ===
    CONTROLLER_NAME
  );
}

/** A Gateway whose class names this controller, or undefined. */
export function controlledGateway(
  store: ObjectStore,
  namespace: string,
  name: string,
): KubeObject | undefined {
  const gateway = getServed(store, RESOURCES.gateways, namespace, name);
  const className = (gateway?.spec as { gatewayClassName?: string })
    ?.gatewayClassName;
  if (!gateway || !className) return undefined;
  return isControlledClass(
    getServed(store, RESOURCES.gatewayClasses, undefined, className),
  )
    ? gateway
    : undefined;
}

export function parentLookups(store: ObjectStore): ParentLookups {
  return {
    controlledGateway: (namespace, name) =>
      controlledGateway(store, namespace, name),
    namespaceLabels: namespace =>
      store.getReadOnly(RESOURCES.namespaces, undefined, namespace)?.metadata
        .labels,
  };
}

export type NetworkLookup =
  | { found: true; network: ServiceNetworkRecord }
  | { found: false; reason: 'Pending' | 'Invalid'; message: string };

/** The Gateway name is the service network's name, or its `sn-` id. */
export function serviceNetworkForGateway(
  lattice: LatticeState,
  gatewayName: string,
): NetworkLookup {
  const byId = gatewayName.startsWith('sn-')
    ? lattice.listServiceNetworks().filter(n => n.id === gatewayName)
    : [];
  const matches = byId.length
    ? byId
    : lattice.listServiceNetworks().filter(n => n.name === gatewayName);
  if (matches.length === 1) return { found: true, network: matches[0] };
  if (matches.length === 0) {
    return {
      found: false,
      reason: 'Pending',
      message: 'VPC Lattice Service Network not found',
    };
  }
  return {
    found: false,
    reason: 'Invalid',
    message:
      "Found multiple VPC Lattice Service Networks matching Gateway name. Either ensure only one Service Network has a matching name, or use the Service Network's id as the Gateway name.",
  };
}

export interface RouteAttachment {
  route: KubeObject;
  evaluations: ParentEvaluation[];
}

/** Every live route of this cluster with its evaluated parents. */
export function routeAttachments(store: ObjectStore): RouteAttachment[] {
  const lookups = parentLookups(store);
  return ROUTE_KIND_LIST.flatMap(kind =>
    listServed(store, ROUTE_KINDS[kind].resource)
      .filter(route => !isDeleting(route))
      .map(route => ({
        route,
        evaluations: evaluateParents(route, kind, lookups),
      })),
  );
}

function isSameGateway(a: KubeObject, b: KubeObject): boolean {
  return (
    a.metadata.name === b.metadata.name &&
    a.metadata.namespace === b.metadata.namespace
  );
}

export function reconcileGatewayClass(
  ctx: ControllerContext,
  name: string,
): ReconcileOutcome {
  const gatewayClass = getServed(
    ctx.store,
    RESOURCES.gatewayClasses,
    undefined,
    name,
  );
  if (!gatewayClass || !isControlledClass(gatewayClass)) return 'done';
  const status = (gatewayClass.status ?? {}) as { conditions?: Condition[] };
  const conditions = setConditions(
    status.conditions,
    [
      {
        type: 'Accepted',
        status: 'True',
        reason: 'Accepted',
        message: `Accepted by ${CONTROLLER_NAME}`,
        ...generationOf(gatewayClass),
      },
    ],
    ctx.now(),
  );
  patchStatus(ctx.store, RESOURCES.gatewayClasses, gatewayClass, {
    conditions,
  });
  return 'done';
}

function generationOf(object: KubeObject): { observedGeneration?: number } {
  const generation = object.metadata.generation;
  return generation !== undefined ? { observedGeneration: generation } : {};
}

interface ListenerStatus {
  name: string;
  supportedKinds: Array<{ group: string; kind: string }>;
  attachedRoutes: number;
  conditions: Condition[];
}

function listenerStatuses(
  ctx: ControllerContext,
  gateway: KubeObject,
  attachments: RouteAttachment[],
): ListenerStatus[] {
  const previous =
    (gateway.status as { listeners?: ListenerStatus[] })?.listeners ?? [];
  const generation = generationOf(gateway);
  return gatewayListeners(gateway).map(listener => {
    const attachedRoutes = attachments.filter(({ evaluations }) =>
      evaluations.some(
        e =>
          isSameGateway(e.gateway, gateway) &&
          e.listeners.some(l => l.name === listener.name),
      ),
    ).length;
    const { kinds, invalid } = listenerKinds(listener);
    const updates: ConditionUpdate[] = invalid.length
      ? [
          {
            type: 'ResolvedRefs',
            status: 'False',
            reason: 'InvalidRouteKinds',
            message: `Route kinds ${invalid.join(
              ', ',
            )} are not supported on a ${listener.protocol} listener`,
            ...generation,
          },
        ]
      : (['Accepted', 'ResolvedRefs', 'Programmed'] as const).map(type => ({
          type,
          status: 'True' as const,
          reason: type,
          message: '',
          ...generation,
        }));
    const before = previous.find(p => p.name === listener.name)?.conditions;
    return {
      name: listener.name,
      supportedKinds: kinds.map(kind => ({ group: GROUPS.gateway, kind })),
      attachedRoutes,
      conditions: setConditions(
        before?.filter(c => updates.some(u => u.type === c.type)),
        updates,
        ctx.now(),
      ),
    };
  });
}

/** One Hostname: the DNS name of the first route attached to this Gateway (not representative, as the docs warn). */
function gatewayAddresses(gateway: KubeObject, attachments: RouteAttachment[]) {
  const hostname = attachments
    .filter(({ evaluations }) =>
      evaluations.some(
        e => isSameGateway(e.gateway, gateway) && e.reason === 'Accepted',
      ),
    )
    .map(
      ({ route }) =>
        route.metadata.annotations?.[ANNOTATIONS.assignedDomainName],
    )
    .find(Boolean);
  return hostname ? [{ type: 'Hostname', value: hostname }] : null;
}

export function reconcileGateway(
  ctx: ControllerContext,
  namespace: string,
  name: string,
): ReconcileOutcome {
  const found = controlledGateway(ctx.store, namespace, name);
  if (!found) return 'done';
  const attachments = routeAttachments(ctx.store);

  if (isDeleting(found)) {
    // A Gateway cannot go while routes still reference it.
    const referenced = attachments.some(({ evaluations }) =>
      evaluations.some(e => isSameGateway(e.gateway, found)),
    );
    if (!referenced)
      removeFinalizer(ctx.store, RESOURCES.gateways, found, FINALIZERS.gateway);
    return 'done';
  }

  const gateway = addFinalizer(
    ctx.store,
    RESOURCES.gateways,
    found,
    FINALIZERS.gateway,
  );
  const listeners = listenerStatuses(ctx, gateway, attachments);
  const generation = generationOf(gateway);
  const hasValidListener = listeners.some(
    l => findCondition(l.conditions, 'Accepted')?.status === 'True',
  );
  const network = serviceNetworkForGateway(ctx.lattice, name);
  const status = (gateway.status ?? {}) as { conditions?: Condition[] };
  const conditions = setConditions(
    status.conditions,
    [
      {
        type: 'Accepted',
        status: hasValidListener ? 'True' : 'False',
        reason: hasValidListener ? 'Accepted' : 'Invalid',
        message: CONTROLLER_NAME,
        ...generation,
      },
      network.found
        ? {
            type: 'Programmed',
            status: 'True',
            reason: 'Programmed',
            message: `aws-service-network-arn: ${network.network.arn}`,
            ...generation,
          }
        : {
            type: 'Programmed',
            status: 'False',
            reason: network.reason,
            message: network.message,
            ...generation,
          },
    ],
    ctx.now(),
  );
  patchStatus(ctx.store, RESOURCES.gateways, gateway, {
    conditions,
    listeners,
    addresses: gatewayAddresses(gateway, attachments),
  });
  return 'done';
}
