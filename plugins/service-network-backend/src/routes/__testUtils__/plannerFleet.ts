/*
 * An in-memory fleet and a valid request for planner tests: service
 * shop/checkout exported for HTTP in workload-1 and workload-2 (and for
 * gRPC and TLS too in workload-1), a Gateway with HTTP, HTTPS and TLS
 * passthrough listeners.
 */
import {
  describeIssues,
  KubeObjectManifest,
  LATTICE_ANNOTATIONS,
  RouteRequestCreate,
  routeRequestCreateSchema,
  RouteRequestSpec,
} from '@service-network/backstage-plugin-service-network-common';
import type { GatewayObject as InventoryGateway } from '../../inventory/snapshot';
import {
  ClusterBuilder,
  FleetBuilder,
  gateway,
  latticeExport,
  service,
} from '../../status/__fixtures__/fleet';
import { GatewayApiValidator } from '../gatewayApiValidator';
import { DesiredObjects, OpenRouteClaim, planRoute } from '../planRoute';

export const SERVICE = { namespace: 'shop', name: 'checkout' };
export const ENTITY_REF = 'component:default/checkout';
export const REQUEST_ID = '00000000-0000-4000-8000-000000000001';

export interface PlannerFleet {
  builder: FleetBuilder;
  config: ClusterBuilder;
  workloads: Record<string, ClusterBuilder>;
}

/** A Gateway with HTTP, HTTPS and TLS-passthrough listeners; the HTTPS one limited to *.example.com. */
export function latticeGateway(
  namespace: string,
  name: string,
): InventoryGateway {
  const built = gateway(namespace, name);
  built.spec!.listeners = [
    { name: 'http', protocol: 'HTTP', port: 80 },
    { name: 'https', protocol: 'HTTPS', port: 443, hostname: '*.example.com' },
    {
      name: 'tls',
      protocol: 'TLS',
      port: 8443,
      tls: { mode: 'Passthrough' },
    },
  ];
  return built;
}

export function plannerFleet(): PlannerFleet {
  const builder = new FleetBuilder();
  const config = builder
    .config()
    .add(
      latticeGateway('default', 'gateway-1'),
      latticeGateway('default', 'gateway-2'),
    );
  const workloads: Record<string, ClusterBuilder> = {
    'workload-1': builder.workload('workload-1').add(
      service(SERVICE.namespace, SERVICE.name),
      latticeExport(SERVICE.namespace, SERVICE.name, {
        exportedPorts: [
          { port: 80, routeType: 'HTTP' },
          { port: 9090, routeType: 'GRPC' },
          { port: 8443, routeType: 'TLS' },
        ],
      }),
    ),
    'workload-2': builder
      .workload('workload-2')
      .add(
        service(SERVICE.namespace, SERVICE.name),
        latticeExport(SERVICE.namespace, SERVICE.name),
      ),
    'workload-3': builder
      .workload('workload-3')
      .add(service(SERVICE.namespace, SERVICE.name)),
    'workload-mcs': builder
      .workload('workload-mcs', 'mcs')
      .add(service(SERVICE.namespace, SERVICE.name)),
  };
  builder.lattice.serviceNetwork('gateway-1');
  return { builder, config, workloads };
}

/** The ServiceImport the planner writes for shop/checkout in a cluster exporting port 80. */
export function plannedImport(cluster: string): KubeObjectManifest {
  return {
    apiVersion: 'application-networking.k8s.aws/v1alpha1',
    kind: 'ServiceImport',
    metadata: {
      name: `checkout-${cluster}`,
      namespace: 'shop',
      annotations: {
        [LATTICE_ANNOTATIONS.exportName]: 'checkout',
        [LATTICE_ANNOTATIONS.awsEksClusterName]: cluster,
      },
    },
    spec: { type: 'ClusterSetIP', ports: [{ port: 80, protocol: 'TCP' }] },
  };
}

export const HTTP_REQUEST: Extract<RouteRequestCreate, { kind: 'HTTP' }> = {
  entityRef: ENTITY_REF,
  gateway: { name: 'gateway-1', namespace: 'default' },
  listener: 'http',
  kind: 'HTTP',
  backends: [
    { cluster: 'workload-1', weight: 80 },
    { cluster: 'workload-2', weight: 20 },
  ],
  reason: 'The storefront calls checkout across clusters',
};

export const GRPC_REQUEST: Extract<RouteRequestCreate, { kind: 'GRPC' }> = {
  entityRef: ENTITY_REF,
  gateway: { name: 'gateway-1', namespace: 'default' },
  listener: 'https',
  kind: 'GRPC',
  match: {
    service: 'shop.v1.Checkout',
    method: 'PlaceOrder',
    headers: [{ name: 'x-tenant', value: 'blue' }],
  },
  backends: [{ cluster: 'workload-1', weight: 1 }],
  hostname: 'checkout.example.com',
  reason: 'Orders go through gRPC',
};

/** TLS passthrough to checkout's TLS port in workload-1, by the SNI name. */
export const TLS_REQUEST: Extract<RouteRequestCreate, { kind: 'TLS' }> = {
  entityRef: ENTITY_REF,
  gateway: { name: 'gateway-1', namespace: 'default' },
  listener: 'tls',
  kind: 'TLS',
  backends: [{ cluster: 'workload-1', weight: 1 }],
  hostname: 'checkout.example.com',
  reason: 'The payment provider terminates TLS in the pod',
};

export function specOf(body: RouteRequestCreate): RouteRequestSpec {
  return { ...body, routeName: body.routeName ?? SERVICE.name };
}

/** Parses like the router, then plans; a body the schema refuses answers its issues. */
export function planBody(
  body: unknown,
  options: {
    fleet?: PlannerFleet;
    otherRequests?: OpenRouteClaim[];
    validateGatewayApi: GatewayApiValidator;
  },
): DesiredObjects {
  const parsed = routeRequestCreateSchema.safeParse(body);
  if (!parsed.success) {
    return {
      objects: [],
      latticeServiceName: '',
      problems: describeIssues(parsed.error),
    };
  }
  return planRoute({
    requestId: REQUEST_ID,
    entityRef: ENTITY_REF,
    spec: specOf(parsed.data),
    service: SERVICE,
    snapshot: (options.fleet ?? plannerFleet()).builder.build(),
    otherRequests: options.otherRequests ?? [],
    validateGatewayApi: options.validateGatewayApi,
  });
}
