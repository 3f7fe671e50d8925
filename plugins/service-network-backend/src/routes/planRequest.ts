/*
 * Plans a request as things stand now: the planner over the inventory, then
 * the planned objects next to what the config cluster holds under their
 * names (read live, because ownership and content decide the plan).
 */
import { ServiceUnavailableError } from '@backstage/errors';
import {
  KINDS,
  KindDescriptor,
  KubeObjectManifest,
  RouteRequest,
  RouteRequestPlan,
  RouteRequestSpec,
  ServiceRef,
} from '@service-network/backstage-plugin-service-network-common';
import type { RegisteredCluster } from '../clusters/ClusterRegistry';
import type { InventorySnapshot, KubeObject } from '../inventory/snapshot';
import type { GatewayApiValidator } from './gatewayApiValidator';
import { planAgainstCluster } from './planAgainstCluster';
import { inventoryGaps, planRoute } from './planRoute';

/** What a plan is for: the request's id, entity, body and Service. */
export interface PlanTarget {
  id: string;
  entityRef: string;
  spec: RouteRequestSpec;
  service: ServiceRef;
}

const PLANNED_KINDS: readonly KindDescriptor[] = [
  KINDS.latticeServiceImport,
  KINDS.httpRoute,
  KINDS.grpcRoute,
];

function kindOf(object: KubeObjectManifest): KindDescriptor {
  const kind = PLANNED_KINDS.find(
    candidate =>
      object.kind === candidate.kind &&
      object.apiVersion === `${candidate.group}/${candidate.version}`,
  );
  if (!kind) {
    throw new Error(
      `The planner produced an unexpected ${object.apiVersion} ${object.kind}`,
    );
  }
  return kind;
}

/**
 * @throws ServiceUnavailableError when the inventory is not current or the
 *   config cluster cannot be read: a plan from either could be wrong.
 */
export async function planRequest(options: {
  target: PlanTarget;
  snapshot: InventorySnapshot;
  configCluster: RegisteredCluster;
  /** Every open request; the target itself is skipped. */
  openRequests: readonly RouteRequest[];
  validateGatewayApi: GatewayApiValidator;
}): Promise<RouteRequestPlan> {
  const { target, snapshot, configCluster } = options;
  const gaps = inventoryGaps(snapshot, target.spec);
  if (gaps.length) {
    throw new ServiceUnavailableError(
      `Cannot plan the route until the inventory is current: ${gaps.join(
        '; ',
      )}`,
    );
  }
  const desired = planRoute({
    requestId: target.id,
    entityRef: target.entityRef,
    spec: target.spec,
    service: target.service,
    snapshot,
    otherRequests: options.openRequests
      .filter(request => request.id !== target.id)
      .map(request => ({
        id: request.id,
        route: request.route,
        latticeServiceName: request.plan.latticeServiceName,
        hostname: request.spec.hostname,
      })),
    validateGatewayApi: options.validateGatewayApi,
  });
  let existing: Array<KubeObject | undefined>;
  try {
    existing = await Promise.all(
      desired.objects.map(object =>
        configCluster.client.get(kindOf(object), {
          namespace: object.metadata.namespace,
          name: object.metadata.name,
        }),
      ),
    );
  } catch (error) {
    throw new ServiceUnavailableError(
      `Cannot read the config cluster ${configCluster.config.name} to plan the route: ${error.message}`,
    );
  }
  const compared = planAgainstCluster({
    cluster: configCluster.config.name,
    desired: desired.objects,
    existing,
    entityRef: target.entityRef,
  });
  return {
    objects: compared.objects,
    latticeServiceName: desired.latticeServiceName,
    problems: [...desired.problems, ...compared.problems],
  };
}
