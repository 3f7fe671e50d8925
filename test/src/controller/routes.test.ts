import {
  endpointSlice,
  gateway,
  gatewayClass,
  httpRoute,
  pinnedServiceImport,
  RouteBackend,
  service,
  serviceExport,
} from '../fleet/objects';
import { KubeObject } from '../kube/types';
import { Condition } from './conditions';
import { RESOURCES } from './constants';
import { TAG_KEYS } from './naming';
import { createTestWorld, eventsAbout, TestWorld } from './testWorld';

const NS = 'shop';
const GATEWAY_NS = 'default';
const WORKLOADS = ['workload-1', 'workload-2'];

let world: TestWorld;

beforeEach(() => {
  world = createTestWorld(['config', ...WORKLOADS]);
  world.lattice.createServiceNetwork({ name: 'network' });
  world.lattice.createServiceNetwork({ name: 'network-2' });
  world.apply(
    'config',
    gatewayClass(),
    gateway(GATEWAY_NS, 'network', true),
    gateway(GATEWAY_NS, 'network-2', true),
  );
});

afterEach(() => world.stop());

function exportService(cluster: string, name: string, ips: string[]) {
  world.apply(
    cluster,
    service(
      NS,
      name,
      `172.20.${WORKLOADS.indexOf(cluster) + 1}.${ips.length + 10}`,
    ),
    endpointSlice(
      NS,
      name,
      ips.map(ip => ({ ip, ready: true })),
    ),
    serviceExport(NS, name, { federated: true }),
  );
}

const configStore = () => world.cluster('config').store;
const getRoute = (name: string, resource = RESOURCES.httpRoutes) =>
  configStore().get(resource, NS, name);

function parentConditions(
  route: KubeObject | undefined,
): Array<Record<string, string>> {
  const parents =
    (route?.status as { parents?: Array<{ conditions: Condition[] }> })
      ?.parents ?? [];
  return parents.map(p =>
    Object.fromEntries(
      p.conditions.map(c => [c.type, `${c.status}/${c.reason}`]),
    ),
  );
}

function conditionOf(
  route: KubeObject | undefined,
  type: string,
): Condition | undefined {
  const parents =
    (route?.status as { parents?: Array<{ conditions: Condition[] }> })
      ?.parents ?? [];
  return parents[0]?.conditions.find(c => c.type === type);
}

function onlyRule(route: KubeObject | undefined) {
  const serviceArn =
    route?.metadata.annotations?.[
      'application-networking.k8s.aws/lattice-service-arn'
    ];
  const svc = world.lattice.getService(serviceArn!);
  const [listener] = world.lattice.listListeners(svc.id);
  const [rule] = world.lattice.listRules(svc.id, listener.id);
  return { svc, listener, rule };
}

/** Which export (cluster/name) each forwarded target group belongs to, with its weight. */
function forwards(route: KubeObject | undefined): string[] {
  const { rule } = onlyRule(route);
  return (rule.action.forward?.targetGroups ?? []).map(
    ({ targetGroupIdentifier, weight }) => {
      const tags = world.lattice.tagsOf(
        world.lattice.getTargetGroup(targetGroupIdentifier).arn,
      );
      return `${tags[TAG_KEYS.clusterName]}/${
        tags[TAG_KEYS.serviceName]
      }=${weight}`;
    },
  );
}

function applyRoute(name: string, backends: RouteBackend[]) {
  world.apply(
    'config',
    httpRoute(
      NS,
      name,
      [{ gateway: 'network', section: 'http', namespace: GATEWAY_NS }],
      backends,
    ),
  );
}

function routeWithRules(
  kind: 'HTTPRoute' | 'GRPCRoute',
  name: string,
  sectionName: string,
  rules: unknown[],
  hostnames?: string[],
): KubeObject {
  return {
    apiVersion: 'gateway.networking.k8s.io/v1',
    kind,
    metadata: { name, namespace: NS },
    spec: {
      parentRefs: [{ name: 'network', namespace: GATEWAY_NS, sectionName }],
      ...(hostnames ? { hostnames } : {}),
      rules,
    },
  };
}

describe('routes across clusters', () => {
  beforeEach(() => {
    for (const cluster of WORKLOADS) {
      const octet = WORKLOADS.indexOf(cluster) + 1;
      exportService(cluster, 'service-1', [
        `10.${octet}.1.1`,
        `10.${octet}.1.2`,
      ]);
      exportService(cluster, 'service-2', [`10.${octet}.2.1`]);
    }
    world.apply(
      'config',
      ...['service-1', 'service-2'].flatMap(svc =>
        WORKLOADS.map(cluster =>
          pinnedServiceImport(NS, `${svc}-${cluster}`, svc, cluster),
        ),
      ),
    );
  });

  it('spreads one route over four weighted ServiceImports pinned to two clusters', async () => {
    world.apply(
      'config',
      httpRoute(
        NS,
        'checkout',
        [
          { gateway: 'network', section: 'http', namespace: GATEWAY_NS },
          { gateway: 'network-2', section: 'http', namespace: GATEWAY_NS },
        ],
        [
          { importName: 'service-1-workload-1', weight: 10 },
          { importName: 'service-1-workload-2', weight: 20 },
          { importName: 'service-2-workload-1', weight: 30 },
          { importName: 'service-2-workload-2', weight: 40 },
        ],
      ),
    );
    await world.settle();

    const route = getRoute('checkout');
    const { svc, listener, rule } = onlyRule(route);
    expect(
      route?.metadata.annotations?.[
        'application-networking.k8s.aws/lattice-assigned-domain-name'
      ],
    ).toBe(world.lattice.getService(svc.arn).dnsEntry.domainName);
    expect(svc).toMatchObject({ name: 'checkout-shop', status: 'ACTIVE' });
    expect(world.lattice.tagsOf(svc.arn)).toMatchObject({
      [TAG_KEYS.routeName]: 'checkout',
      [TAG_KEYS.routeNamespace]: NS,
      [TAG_KEYS.routeType]: 'http',
    });
    expect(listener).toMatchObject({
      name: 'checkout-shop-80-http',
      protocol: 'HTTP',
      port: 80,
      defaultAction: { fixedResponse: { statusCode: 404 } },
    });
    expect(rule).toMatchObject({
      priority: 1,
      match: { httpMatch: { pathMatch: { match: { prefix: '/' } } } },
    });
    expect(rule.name).toMatch(/^k8s-\d+-rule-1$/);
    expect(forwards(route)).toEqual([
      'workload-1/service-1=10',
      'workload-2/service-1=20',
      'workload-1/service-2=30',
      'workload-2/service-2=40',
    ]);
    for (const { targetGroupIdentifier } of rule.action.forward!.targetGroups) {
      const statuses = world.lattice
        .listTargets(targetGroupIdentifier)
        .map(t => t.status);
      expect(statuses.length).toBeGreaterThan(0);
      expect(new Set(statuses)).toEqual(new Set(['HEALTHY']));
    }

    const networks = world.lattice
      .listServiceAssociations({ serviceIdentifier: svc.id })
      .map(a => world.lattice.getServiceNetwork(a.serviceNetworkId).name);
    expect(networks.sort()).toEqual(['network', 'network-2']);
    expect(parentConditions(route)).toEqual([
      { Accepted: 'True/Accepted', ResolvedRefs: 'True/ResolvedRefs' },
      { Accepted: 'True/Accepted', ResolvedRefs: 'True/ResolvedRefs' },
    ]);
    expect(route?.metadata.finalizers).toEqual(['httproute.k8s.aws/resources']);
    expect(
      eventsAbout(configStore(), {
        kind: 'HTTPRoute',
        name: 'checkout',
        namespace: NS,
      }),
    ).toEqual([
      expect.objectContaining({
        type: 'Normal',
        reason: 'DeploySucceed',
        source: { component: 'httproute' },
      }),
    ]);
    const serviceImport = configStore().get(
      RESOURCES.serviceImports,
      NS,
      'service-1-workload-1',
    );
    expect(serviceImport?.metadata.finalizers).toEqual([
      'serviceimport.k8s.aws/resource',
    ]);

    const gw = configStore().get(RESOURCES.gateways, GATEWAY_NS, 'network');
    expect(gw?.status).toMatchObject({
      addresses: [{ type: 'Hostname', value: svc.dnsEntry.domainName }],
      listeners: [
        {
          name: 'http',
          attachedRoutes: 1,
          supportedKinds: [{ kind: 'HTTPRoute' }],
        },
        {
          name: 'https',
          attachedRoutes: 0,
          supportedKinds: [{ kind: 'HTTPRoute' }, { kind: 'GRPCRoute' }],
        },
      ],
    });
  });

  it('reports a ServiceImport without a target group, and heals when the service is exported', async () => {
    world.apply(
      'config',
      pinnedServiceImport(NS, 'payments-workload-2', 'payments', 'workload-2'),
    );
    applyRoute('pay', [
      { importName: 'service-1-workload-1', weight: 50 },
      { importName: 'payments-workload-2', weight: 50 },
    ]);
    await world.settle();

    expect(conditionOf(getRoute('pay'), 'ResolvedRefs')).toMatchObject({
      status: 'False',
      reason: 'BackendNotFound',
      message: expect.stringContaining('payments-workload-2'),
    });
    expect(forwards(getRoute('pay'))).toEqual(['workload-1/service-1=50']);

    exportService('workload-2', 'payments', ['10.2.9.1']);
    await world.settle();

    expect(conditionOf(getRoute('pay'), 'ResolvedRefs')).toMatchObject({
      status: 'True',
      reason: 'ResolvedRefs',
    });
    expect(forwards(getRoute('pay'))).toEqual([
      'workload-1/service-1=50',
      'workload-2/payments=50',
    ]);
  });

  it('answers 500 for a backend of an unsupported kind', async () => {
    world.apply(
      'config',
      routeWithRules('HTTPRoute', 'odd', 'http', [
        {
          backendRefs: [
            {
              name: 'service-1-workload-1',
              kind: 'ServiceImport',
              group: 'application-networking.k8s.aws',
            },
            { name: 'cfg', kind: 'ConfigMap', group: '' },
          ],
        },
      ]),
    );
    await world.settle();

    expect(conditionOf(getRoute('odd'), 'ResolvedRefs')).toMatchObject({
      status: 'False',
      reason: 'InvalidKind',
    });
    expect(onlyRule(getRoute('odd')).rule.action).toEqual({
      fixedResponse: { statusCode: 500 },
    });
  });

  it('cleans up everything when routes, imports and exports are deleted', async () => {
    applyRoute('checkout', [
      { importName: 'service-1-workload-1', weight: 1 },
      { importName: 'service-2-workload-2', weight: 1 },
    ]);
    await world.settle();
    expect(world.lattice.listServices()).toHaveLength(1);

    world.remove('config', RESOURCES.httpRoutes, NS, 'checkout');
    for (const name of ['service-1', 'service-2']) {
      for (const cluster of WORKLOADS) {
        world.remove(
          'config',
          RESOURCES.serviceImports,
          NS,
          `${name}-${cluster}`,
        );
        world.remove(cluster, RESOURCES.serviceExports, NS, name);
      }
    }
    await world.settle();

    expect(getRoute('checkout')).toBeUndefined();
    expect(configStore().list(RESOURCES.serviceImports, NS)).toEqual([]);
    for (const cluster of WORKLOADS)
      expect(
        world.cluster(cluster).store.list(RESOURCES.serviceExports, NS),
      ).toEqual([]);
    expect(world.lattice.listServices()).toEqual([]);
    expect(world.lattice.listServiceAssociations()).toEqual([]);
    expect(world.lattice.listTargetGroups()).toEqual([]);
    expect(
      configStore().get(RESOURCES.gateways, GATEWAY_NS, 'network')?.status,
    ).toMatchObject({
      listeners: [
        { name: 'http', attachedRoutes: 0 },
        { name: 'https', attachedRoutes: 0 },
      ],
    });
  });

  it('retires an exported target group a route still uses before deleting the export', async () => {
    applyRoute('checkout', [
      { importName: 'service-1-workload-1', weight: 1 },
      { importName: 'service-1-workload-2', weight: 1 },
    ]);
    await world.settle();

    world.remove('workload-2', RESOURCES.serviceExports, NS, 'service-1');
    await world.settle();

    expect(
      world
        .cluster('workload-2')
        .store.get(RESOURCES.serviceExports, NS, 'service-1'),
    ).toBeUndefined();
    expect(forwards(getRoute('checkout'))).toEqual(['workload-1/service-1=1']);
    expect(conditionOf(getRoute('checkout'), 'ResolvedRefs')).toMatchObject({
      reason: 'BackendNotFound',
    });
  });
});

describe('route validation', () => {
  it('rejects a rule with more than one match', async () => {
    world.apply(
      'config',
      routeWithRules('HTTPRoute', 'multi', 'http', [
        {
          matches: [
            { path: { type: 'PathPrefix', value: '/a' } },
            { path: { type: 'PathPrefix', value: '/b' } },
          ],
        },
      ]),
    );
    await world.settle();

    const route = getRoute('multi');
    expect(conditionOf(route, 'Accepted')).toMatchObject({
      status: 'False',
      message: 'LATTICE_NO_SUPPORT_FOR_MULTIPLE_MATCHES',
    });
    expect(
      eventsAbout(configStore(), {
        kind: 'HTTPRoute',
        name: 'multi',
        namespace: NS,
      }),
    ).toEqual([
      expect.objectContaining({
        type: 'Warning',
        reason: 'FailedBuildModel',
        message:
          'Failed to build model due to LATTICE_NO_SUPPORT_FOR_MULTIPLE_MATCHES',
      }),
    ]);
    expect(world.lattice.listServices()).toEqual([]);
    expect(
      route?.metadata.annotations?.[
        'application-networking.k8s.aws/lattice-assigned-domain-name'
      ],
    ).toBeUndefined();
  });

  it('takes a GRPCRoute only on an HTTPS listener', async () => {
    const grpcRule = {
      matches: [{ method: { service: 'shop.Cart', method: 'Add' } }],
    };
    world.apply(
      'config',
      routeWithRules('GRPCRoute', 'cart', 'http', [grpcRule]),
    );
    await world.settle();

    expect(
      conditionOf(getRoute('cart', RESOURCES.grpcRoutes), 'Accepted'),
    ).toMatchObject({
      status: 'False',
      reason: 'NotAllowedByListeners',
    });
    expect(world.lattice.listServices()).toEqual([]);

    world.apply(
      'config',
      routeWithRules('GRPCRoute', 'cart', 'https', [grpcRule]),
    );
    await world.settle();

    const { listener, rule } = onlyRule(getRoute('cart', RESOURCES.grpcRoutes));
    expect(listener).toMatchObject({
      protocol: 'HTTPS',
      port: 443,
      name: 'cart-shop-443-https',
    });
    expect(rule.match).toEqual({
      httpMatch: {
        method: 'POST',
        pathMatch: { match: { exact: '/shop.Cart/Add' } },
      },
    });
  });

  it('reports a parent listener that does not exist', async () => {
    world.apply('config', routeWithRules('HTTPRoute', 'lost', 'gopher', [{}]));
    await world.settle();

    expect(conditionOf(getRoute('lost'), 'Accepted')).toMatchObject({
      status: 'False',
      reason: 'NoMatchingParent',
    });
  });

  it('refuses a Lattice service name owned by another route', async () => {
    world.lattice.createService({
      name: 'checkout-shop',
      tags: {
        [TAG_KEYS.managedBy]: '123456789012/other-cluster/vpc-0123',
        [TAG_KEYS.routeName]: 'checkout',
        [TAG_KEYS.routeNamespace]: NS,
      },
    });
    world.apply(
      'config',
      routeWithRules('HTTPRoute', 'checkout', 'http', [{}]),
    );
    await world.settle();

    const route = getRoute('checkout');
    expect(conditionOf(route, 'Accepted')).toMatchObject({
      status: 'False',
      reason: 'Conflicted',
      message: expect.stringContaining('other-cluster'),
    });
    expect(route?.metadata.finalizers).toBeUndefined();
    const [svc] = world.lattice.listServices();
    expect(world.lattice.listListeners(svc.id)).toEqual([]);
  });

  it('reports what Lattice refuses, such as a service name starting with svc-', async () => {
    world.apply(
      'config',
      routeWithRules('HTTPRoute', 'svc-cart', 'http', [{}]),
    );
    await world.settle();

    expect(
      eventsAbout(configStore(), {
        kind: 'HTTPRoute',
        name: 'svc-cart',
        namespace: NS,
      }),
    ).toEqual([
      expect.objectContaining({
        type: 'Warning',
        reason: 'FailedDeployModel',
        message: expect.stringContaining("Member must not start with 'svc-'"),
      }),
    ]);
    expect(world.lattice.listServices()).toEqual([]);
  });

  it('sets the custom domain from the first hostname at creation only', async () => {
    const web = (hostnames: string[]) =>
      routeWithRules('HTTPRoute', 'web', 'http', [{}], hostnames);
    world.apply(
      'config',
      web(['web.example.internal', 'www.example.internal']),
    );
    await world.settle();
    world.apply('config', web(['changed.example.internal']));
    await world.settle();

    expect(world.lattice.findServiceByName('web-shop')?.customDomainName).toBe(
      'web.example.internal',
    );
  });
});
