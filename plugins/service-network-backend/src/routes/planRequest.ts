/*
 * Plans a request as things stand now: the planner over the inventory, then
 * the planned objects next to what the config cluster holds under their
 * names (read live, because ownership and content decide the plan), and,
 * for a request being previewed or made, the config cluster's own verdict
 * on every object (a dry-run apply): what its admission or CEL rules refuse
 * is a problem of the plan, in the API server's words.
 */
import { ServiceUnavailableError } from '@backstage/errors';
import {
  KINDS,
  ROUTE_KINDS,
  KindDescriptor,
  KubeObjectManifest,
  OPEN_ROUTE_REQUEST_STATES,
  RouteRequest,
  RouteRequestPlan,
  RouteRequestSpec,
  ServiceRef,
} from '@service-network/backstage-plugin-service-network-common';
import type { RegisteredCluster } from '../clusters/ClusterRegistry';
import { describeRefusal, dryRunWrites } from '../clusters/dryRun';
import type { InventorySnapshot, KubeObject } from '../inventory/snapshot';
import type { Inventory } from '../inventory/inventory';
import type { GatewayApiValidator } from './gatewayApiValidator';
import type { RouteRequestStore } from './RouteRequestStore';
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
  ...ROUTE_KINDS,
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
  /** Ask the config cluster to dry-run the objects of a plan without problems. */
  dryRun?: boolean;
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
  const problems = [...desired.problems, ...compared.problems];
  if (options.dryRun && problems.length === 0)
    problems.push(...(await askConfigCluster(configCluster, compared.objects)));
  return {
    objects: compared.objects,
    latticeServiceName: desired.latticeServiceName,
    problems,
  };
}

/**
 * The config cluster's refusals of the planned objects, applied as an
 * approval would apply them.
 * @throws ServiceUnavailableError when the cluster cannot be asked.
 */
async function askConfigCluster(
  configCluster: RegisteredCluster,
  objects: RouteRequestPlan['objects'],
): Promise<string[]> {
  const refusals = await dryRunWrites(
    objects.map(planned => ({
      cluster: planned.cluster,
      client: configCluster.client,
      object: planned.object as KubeObject,
      force: Boolean(planned.takesOverFrom?.length),
    })),
  );
  const unanswered = refusals.filter(refusal => refusal.transient);
  if (unanswered.length) {
    throw new ServiceUnavailableError(
      `Cannot check the route with the config cluster: ${unanswered
        .map(describeRefusal)
        .join('; ')}`,
    );
  }
  return refusals.map(describeRefusal);
}

/** How many open requests a plan looks at for names and hostnames they claim. */
const OPEN_REQUESTS_LIMIT = 500;

/** Plans requests against the inventory, the open requests and the config cluster as they are now. */
export class RequestPlanner {
  constructor(
    private readonly store: RouteRequestStore,
    private readonly inventory: Pick<Inventory, 'snapshot'>,
    private readonly configCluster: RegisteredCluster,
    private readonly validateGatewayApi: GatewayApiValidator,
  ) {}

  /** `dryRun`: also ask the config cluster about every object (previews and new requests). */
  async plan(
    target: PlanTarget,
    options: { dryRun: boolean },
  ): Promise<RouteRequestPlan> {
    return planRequest({
      target,
      snapshot: this.inventory.snapshot(),
      configCluster: this.configCluster,
      openRequests: await this.store.list({
        states: OPEN_ROUTE_REQUEST_STATES,
        limit: OPEN_REQUESTS_LIMIT,
      }),
      validateGatewayApi: this.validateGatewayApi,
      dryRun: options.dryRun,
    });
  }
}
