import { endpointSlice, service, serviceExport } from '../fleet/objects';
import { KubeObject } from '../kube/types';
import { RESOURCES } from './constants';
import { TAG_KEYS } from './naming';
import { createTestWorld, eventsAbout, TestWorld } from './testWorld';

const NS = 'shop';
const PORTS = [
  { name: 'http', port: 80, targetPort: 8080 },
  { name: 'grpc', port: 50051, targetPort: 9090 },
];

let world: TestWorld;

beforeEach(() => {
  world = createTestWorld(['workload-1']);
});

afterEach(() => world.stop());

function exportGroups() {
  return world.lattice
    .listTargetGroups()
    .map(tg => ({ ...tg, tags: world.lattice.tagsOf(tg.arn) }))
    .filter(tg => tg.tags[TAG_KEYS.serviceName] === 'checkout');
}

function seedService(
  endpoints = [
    { ip: '10.1.0.1', ready: true },
    { ip: '10.1.0.2', ready: false },
  ],
) {
  world.apply(
    'workload-1',
    service(NS, 'checkout', '172.20.0.10', PORTS),
    endpointSlice(NS, 'checkout', endpoints, PORTS),
  );
}

function exportObject(): KubeObject | undefined {
  return world
    .cluster('workload-1')
    .store.get(RESOURCES.serviceExports, NS, 'checkout');
}

describe('ServiceExport', () => {
  it('ignores an export without the federation annotation', async () => {
    seedService();
    world.apply(
      'workload-1',
      serviceExport(NS, 'checkout', { federated: false }),
    );
    await world.settle();

    expect(exportObject()?.metadata.finalizers).toBeUndefined();
    expect(
      eventsAbout(world.cluster('workload-1').store, {
        kind: 'ServiceExport',
        name: 'checkout',
        namespace: NS,
      }),
    ).toEqual([]);
    expect(world.lattice.listTargetGroups()).toEqual([]);
  });

  it('creates one tagged target group per exported port holding the endpoints', async () => {
    seedService();
    world.apply(
      'workload-1',
      serviceExport(NS, 'checkout', {
        federated: true,
        ports: [
          { port: 80, routeType: 'HTTP' },
          { port: 50051, routeType: 'GRPC' },
        ],
      }),
    );
    await world.settle();

    expect(exportObject()?.metadata.finalizers).toEqual([
      'serviceexport.k8s.aws/resources',
    ]);
    const groups = exportGroups().sort((a, b) => a.config.port - b.config.port);
    expect(
      groups.map(g => [
        g.config.port,
        g.config.protocol,
        g.config.protocolVersion,
        g.status,
      ]),
    ).toEqual([
      [80, 'HTTP', 'HTTP1', 'ACTIVE'],
      [50051, 'HTTP', 'GRPC', 'ACTIVE'],
    ]);
    const vpcId = world.cluster('workload-1').vpcId;
    expect(groups[0].name).toMatch(/^k8s-shop-checkout-[a-z]{10}$/);
    expect(groups[0].config.vpcIdentifier).toBe(vpcId);
    expect(groups[0].tags).toEqual({
      [TAG_KEYS.managedBy]: `123456789012/workload-1/${vpcId}`,
      [TAG_KEYS.clusterName]: 'workload-1',
      [TAG_KEYS.serviceName]: 'checkout',
      [TAG_KEYS.serviceNamespace]: NS,
      [TAG_KEYS.sourceType]: 'ServiceExport',
      [TAG_KEYS.protocolVersion]: 'HTTP1',
    });
    // No rule uses the groups yet, so Lattice lists their targets UNUSED.
    expect(world.lattice.listTargets(groups[0].id)).toEqual([
      {
        id: '10.1.0.1',
        port: 8080,
        status: 'UNUSED',
        reasonCode: 'TargetGroupNotInUse',
      },
      {
        id: '10.1.0.2',
        port: 8080,
        status: 'UNUSED',
        reasonCode: 'TargetGroupNotInUse',
      },
    ]);
    expect(world.lattice.listTargets(groups[1].id).map(t => t.port)).toEqual([
      9090, 9090,
    ]);
  });

  it('follows endpoint changes', async () => {
    seedService();
    world.apply(
      'workload-1',
      serviceExport(NS, 'checkout', { federated: true }),
    );
    await world.settle();
    world.apply(
      'workload-1',
      endpointSlice(NS, 'checkout', [{ ip: '10.1.0.9', ready: true }], PORTS),
    );
    await world.settle();

    expect(
      world.lattice.listTargets(exportGroups()[0].id).map(t => t.id),
    ).toEqual(['10.1.0.9']);
  });

  it('records FailedBuildModel while the Service is missing, counting repeats', async () => {
    world.apply(
      'workload-1',
      serviceExport(NS, 'checkout', { federated: true }),
    );
    await world.settle();
    const about = { kind: 'ServiceExport', name: 'checkout', namespace: NS };
    const [first] = eventsAbout(world.cluster('workload-1').store, about);
    world.apply('workload-1', {
      ...serviceExport(NS, 'checkout', { federated: true }),
      metadata: {
        name: 'checkout',
        namespace: NS,
        annotations: {
          'application-networking.k8s.aws/federation': 'amazon-vpc-lattice',
          touched: 'yes',
        },
      },
    });
    await world.settle();

    const events = eventsAbout(world.cluster('workload-1').store, about);
    expect(events).toHaveLength(1);
    const [event] = events;
    expect(event.count).toBeGreaterThan(first.count as number);
    expect(event.metadata.name).toBe(first.metadata.name);
    expect(event).toMatchObject({
      type: 'Warning',
      reason: 'FailedBuildModel',
      message: 'Failed to build model due to service shop/checkout not found',
      source: { component: 'serviceExport' },
      involvedObject: {
        kind: 'ServiceExport',
        apiVersion: 'application-networking.k8s.aws/v1alpha1',
        name: 'checkout',
        namespace: NS,
        uid: exportObject()?.metadata.uid,
      },
    });
    expect(event.metadata.name).toMatch(/^checkout\.[0-9a-f]+$/);
    expect(world.lattice.listTargetGroups()).toEqual([]);
    expect(exportObject()?.metadata.finalizers).toEqual([
      'serviceexport.k8s.aws/resources',
    ]);
  });

  it('explains an exported port the Service does not have', async () => {
    seedService();
    world.apply(
      'workload-1',
      serviceExport(NS, 'checkout', {
        federated: true,
        ports: [{ port: 8443, routeType: 'HTTP' }],
      }),
    );
    await world.settle();

    const events = eventsAbout(world.cluster('workload-1').store, {
      kind: 'ServiceExport',
      name: 'checkout',
      namespace: NS,
    });
    expect(events.map(e => [e.reason, e.message])).toEqual([
      [
        'FailedDeployModel',
        'Failed to deploy model due to exportedPorts[0].port 8443 is not a port of service shop/checkout (ports: 80, 50051)',
      ],
    ]);
  });

  it('refuses a dual-stack Service', async () => {
    const dualStack = service(NS, 'checkout', '172.20.0.10', PORTS);
    Object.assign(dualStack.spec as object, {
      ipFamilies: ['IPv4', 'IPv6'],
      ipFamilyPolicy: 'RequireDualStack',
      clusterIPs: ['172.20.0.10', 'fd00::10'],
    });
    world.apply(
      'workload-1',
      dualStack,
      serviceExport(NS, 'checkout', { federated: true }),
    );
    await world.settle();

    const events = eventsAbout(world.cluster('workload-1').store, {
      kind: 'ServiceExport',
      name: 'checkout',
      namespace: NS,
    });
    expect(events.map(e => e.reason)).toEqual(['FailedBuildModel']);
    expect(events[0].message).toContain('dual-stack');
    expect(world.lattice.listTargetGroups()).toEqual([]);
  });

  it('applies a TargetGroupPolicy: protocol replaces the group, health check updates it in place', async () => {
    seedService();
    world.apply(
      'workload-1',
      serviceExport(NS, 'checkout', { federated: true }),
    );
    await world.settle();
    const [original] = exportGroups();
    const policy = (spec: Record<string, unknown>): KubeObject => ({
      apiVersion: 'application-networking.k8s.aws/v1alpha1',
      kind: 'TargetGroupPolicy',
      metadata: { name: 'checkout-tgp', namespace: NS },
      spec: {
        targetRef: {
          group: 'application-networking.k8s.aws',
          kind: 'ServiceExport',
          name: 'checkout',
        },
        ...spec,
      },
    });

    world.apply(
      'workload-1',
      policy({
        healthCheck: { enabled: true, path: '/healthz', intervalSeconds: 10 },
      }),
    );
    await world.settle();
    const [checked] = exportGroups();
    expect(checked.id).toBe(original.id);
    expect(checked.config.healthCheck).toMatchObject({
      path: '/healthz',
      healthCheckIntervalSeconds: 10,
    });
    const stored = world
      .cluster('workload-1')
      .store.get(RESOURCES.targetGroupPolicies, NS, 'checkout-tgp');
    expect(stored?.status).toMatchObject({
      conditions: [{ type: 'Accepted', status: 'True', reason: 'Accepted' }],
    });

    world.apply(
      'workload-1',
      policy({ protocol: 'HTTP', protocolVersion: 'HTTP2' }),
    );
    await world.settle();
    const replaced = exportGroups();
    expect(
      replaced.map(g => [g.config.protocolVersion, g.id === original.id]),
    ).toEqual([['HTTP2', false]]);
  });

  it('removes the target group of a port taken out of exportedPorts', async () => {
    seedService();
    const ports = [
      { port: 80, routeType: 'HTTP' as const },
      { port: 50051, routeType: 'GRPC' as const },
    ];
    world.apply(
      'workload-1',
      serviceExport(NS, 'checkout', { federated: true, ports }),
    );
    await world.settle();
    const grpcGroup = exportGroups().find(g => g.config.port === 50051);
    world.apply(
      'workload-1',
      serviceExport(NS, 'checkout', { federated: true, ports: ports.slice(1) }),
    );
    await world.settle();

    expect(exportGroups().map(g => [g.id, g.config.port])).toEqual([
      [grpcGroup?.id, 50051],
    ]);
  });

  it('exports legacy-style on port 80 with targets from the port annotation', async () => {
    seedService([{ ip: '10.1.0.1', ready: true }]);
    world.apply('workload-1', {
      apiVersion: 'application-networking.k8s.aws/v1alpha1',
      kind: 'ServiceExport',
      metadata: {
        name: 'checkout',
        namespace: NS,
        annotations: {
          'application-networking.k8s.aws/federation': 'amazon-vpc-lattice',
          'application-networking.k8s.aws/port': '50051',
        },
      },
    });
    await world.settle();

    const [group] = exportGroups();
    expect(group.config).toMatchObject({
      port: 80,
      protocol: 'HTTP',
      protocolVersion: 'HTTP1',
    });
    expect(
      world.lattice.listTargets(group.id).map(t => `${t.id}:${t.port}`),
    ).toEqual(['10.1.0.1:9090']);
  });

  it('deletes its target groups and lets go when the export is deleted', async () => {
    seedService();
    world.apply(
      'workload-1',
      serviceExport(NS, 'checkout', { federated: true }),
    );
    await world.settle();
    world.remove('workload-1', RESOURCES.serviceExports, NS, 'checkout');
    await world.settle();

    expect(exportObject()).toBeUndefined();
    expect(world.lattice.listTargetGroups()).toEqual([]);
  });
});
