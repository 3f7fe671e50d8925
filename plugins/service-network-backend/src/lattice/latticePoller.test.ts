import { mockServices } from '@backstage/backend-test-utils';
import {
  LATTICE_ANNOTATIONS,
  LATTICE_TAG_KEYS,
} from '@service-network/backstage-plugin-service-network-common';
import {
  configFor,
  credentialsFor,
  eventually,
  Fleet,
  startDemoFleet,
} from '../inventory/__testUtils__/fleet';
import { createLatticeClient } from './latticeClient';
import { LatticePoller, LatticePollerOptions } from './latticePoller';

jest.setTimeout(60_000);

let fleet: Fleet;

beforeEach(async () => {
  fleet = await startDemoFleet();
});

afterEach(() => fleet.close());

async function poller(
  options: Partial<LatticePollerOptions> = {},
): Promise<LatticePoller> {
  return new LatticePoller({
    client: await createLatticeClient(
      configFor(fleet).lattice,
      credentialsFor(fleet),
    ),
    callBudgetPerMinute: 600,
    intervalMs: 30_000,
    staleAfterMs: 60_000,
    logger: mockServices.logger.mock(),
    ...options,
  });
}

const requests = () => fleet.lattice.server.requests;

describe('LatticePoller', () => {
  it("finds an export's target groups, with their tags and the health of their targets", async () => {
    const lattice = await poller();
    await lattice.refresh();
    const { inventory } = lattice;
    expect(inventory.sync.state).toBe('synced');
    expect(inventory.sync.lastSuccess).toBeDefined();

    const groups = inventory.targetGroupsForExport({
      namespace: 'default',
      name: 'service-2',
    });
    expect(
      groups.map(g => g.targetGroup.tags[LATTICE_TAG_KEYS.clusterName]).sort(),
    ).toEqual(['workload-1', 'workload-2']);
    for (const { targetGroup, targets } of groups) {
      expect(targetGroup.tags[LATTICE_TAG_KEYS.sourceType]).toBe(
        'ServiceExport',
      );
      expect(targetGroup.protocolVersion).toBe('HTTP1');
      const truth = fleet.lattice.state.listTargets(targetGroup.id);
      expect(targets).toEqual(
        truth.map(t => ({
          id: t.id,
          port: t.port,
          status: t.status,
          reasonCode: t.reasonCode,
        })),
      );
      expect(inventory.targetGroupByArn(targetGroup.arn)?.targetGroup.id).toBe(
        targetGroup.id,
      );
    }
    expect(
      inventory.targetGroupsForExport({
        namespace: 'default',
        name: 'service-2',
        cluster: 'workload-2',
      }),
    ).toHaveLength(1);
    expect(
      inventory.targetGroupsForExport({
        namespace: 'default',
        name: 'service-5',
      }),
    ).toEqual([]);
  });

  it('finds the service networks, the services of routes and their associations', async () => {
    const lattice = await poller();
    await lattice.refresh();
    const { inventory } = lattice;
    expect([...inventory.serviceNetworks()].map(n => n.name).sort()).toEqual([
      'gateway-1',
      'gateway-2',
    ]);
    expect(inventory.serviceNetworkByName('gateway-2')?.id).toMatch(/^sn-/);

    const route = fleet.configCluster.store.get(
      { group: 'gateway.networking.k8s.io', plural: 'httproutes' },
      'default',
      'httproute-2',
    )!;
    const arn =
      route.metadata.annotations![LATTICE_ANNOTATIONS.latticeServiceArn];
    const service = inventory.serviceByArn(arn);
    expect(service?.dnsEntry?.domainName).toBe(
      route.metadata.annotations![
        LATTICE_ANNOTATIONS.latticeAssignedDomainName
      ],
    );
    expect(inventory.serviceByName(service!.name)?.arn).toBe(arn);
    expect(
      inventory
        .associationsOfService(arn)
        .map(a => a.serviceNetworkName)
        .sort(),
    ).toEqual(['gateway-1', 'gateway-2']);
  });

  it('asks for the tags of a target group once, and lists targets only for exports', async () => {
    const lattice = await poller();
    await lattice.refresh();
    const tagCalls = requests().byOperation.ListTagsForResource;
    // The demo's seven exported ports (service-6's TLS one among them), each its own target group.
    expect(tagCalls).toBe(7);
    expect(requests().byOperation.ListTargets).toBe(7);
    await lattice.refresh();
    expect(requests().byOperation.ListTagsForResource).toBe(tagCalls);
    expect(requests().byOperation.ListTargets).toBe(14);
  });

  it('drops what Lattice no longer has at the next refresh', async () => {
    const lattice = await poller();
    await lattice.refresh();
    expect(
      lattice.inventory.targetGroupsForExport({
        namespace: 'default',
        name: 'service-3',
      }),
    ).toHaveLength(1);
    fleet
      .cluster('workload-1')
      .store.delete(
        { group: 'application-networking.k8s.aws', plural: 'serviceexports' },
        'default',
        'service-3',
      );
    await fleet.idle();
    await lattice.refresh();
    expect(
      lattice.inventory.targetGroupsForExport({
        namespace: 'default',
        name: 'service-3',
      }),
    ).toEqual([]);
  });

  it('reads why a service or a target group failed, once until it changes again', async () => {
    const state = fleet.lattice.state;
    const [service] = state.listServices();
    const [group] = state.listTargetGroups();
    state.updateService(service.arn, {
      status: 'CREATE_FAILED',
      failureCode: 'SERVICE_FAILED',
      failureMessage: 'the service could not be created',
    });
    state.updateTargetGroup(group.arn, {
      status: 'CREATE_FAILED',
      failureCode: 'TARGET_GROUP_FAILED',
      failureMessage: 'the target group could not be created',
    });
    const lattice = await poller();
    await lattice.refresh();
    expect(lattice.inventory.serviceByArn(service.arn)).toMatchObject({
      status: 'CREATE_FAILED',
      failureCode: 'SERVICE_FAILED',
      failureMessage: 'the service could not be created',
    });
    expect(
      lattice.inventory.targetGroupByArn(group.arn)?.targetGroup,
    ).toMatchObject({
      status: 'CREATE_FAILED',
      failureMessage: 'the target group could not be created',
    });
    expect(requests().byOperation.GetService).toBe(1);
    expect(requests().byOperation.GetTargetGroup).toBe(1);
    await lattice.refresh();
    expect(requests().byOperation.GetService).toBe(1);
    expect(requests().byOperation.GetTargetGroup).toBe(1);
  });

  it('spends a tight budget on the exports asked for first, and reads the rest in later windows', async () => {
    let now = Date.now();
    const lattice = await poller({ callBudgetPerMinute: 12, now: () => now });
    const { inventory } = lattice;
    const service2 = { namespace: 'default', name: 'service-2' };
    lattice.want([service2]);
    await lattice.refresh();
    expect(requests().total).toBeLessThanOrEqual(12);
    // In sync: what is listed, and the export asked for, are read.
    expect(inventory.sync.state).toBe('synced');
    const wanted = inventory.targetGroupsForExport(service2);
    expect(wanted).toHaveLength(2);
    expect(wanted.every(group => group.targets !== undefined)).toBe(true);
    const unread = () =>
      ['service-1', 'service-3', 'service-4'].filter(
        name =>
          inventory.tagsPending({ namespace: 'default', name }) ||
          inventory
            .targetGroupsForExport({ namespace: 'default', name })
            .some(group => group.targets === undefined),
      );
    expect(unread().length).toBeGreaterThan(0);

    for (let window = 0; window < 5 && unread().length > 0; window++) {
      now += 61_000;
      requests().reset();
      await lattice.refresh();
      expect(requests().total).toBeLessThanOrEqual(12);
    }
    expect(unread()).toEqual([]);
    expect(inventory.sync.state).toBe('synced');
  });

  it('reads an export asked for between refreshes at once, and nothing else', async () => {
    let now = Date.now();
    const lattice = await poller({ callBudgetPerMinute: 5, now: () => now });
    const { inventory } = lattice;
    await lattice.refresh();
    const service3 = { namespace: 'default', name: 'service-3' };
    expect(inventory.tagsPending(service3)).toBe(true);
    const changes: number[] = [];
    lattice.onChange(() => changes.push(Date.now()));

    now += 61_000;
    requests().reset();
    lattice.want([service3]);
    await eventually('service-3 to be read', () => changes.length > 0);

    expect(inventory.tagsPending(service3)).toBe(false);
    const groups = inventory.targetGroupsForExport(service3);
    expect(groups.length).toBeGreaterThan(0);
    expect(groups.every(group => group.targets !== undefined)).toBe(true);
    expect(requests().byOperation.ListTargets).toBe(groups.length);
    expect(
      inventory.tagsPending({ namespace: 'default', name: 'service-1' }),
    ).toBe(true);
  });

  it('allows for how long a full read takes before calling its data stale', async () => {
    fleet.lattice.server.faults.latencyMs = 20;
    const lattice = await poller({ staleAfterMs: 100 });
    const started = Date.now();
    await lattice.refresh();
    const cycleMs = Date.now() - started;
    expect(cycleMs).toBeGreaterThan(200);
    // The data is as old as the cycle's start, older than the threshold, yet current.
    expect(lattice.inventory.sync.state).toBe('synced');

    await new Promise(resolve => setTimeout(resolve, cycleMs + 150));
    expect(lattice.inventory.sync).toMatchObject({
      state: 'stale',
      reason: expect.stringMatching(/^no update for/),
    });
  });

  it('hands over a long refresh saying what is left, and continues it at once', async () => {
    fleet.lattice.server.faults.latencyMs = 20;
    const lattice = await poller({ maxRefreshMs: 30, intervalMs: 60_000 });
    await lattice.refresh();
    expect(lattice.inventory.sync.state).toBe('stale');
    expect(lattice.inventory.sync.reason).toMatch(
      /^a refresh takes longer than 0 s; not yet refreshed: /,
    );
    lattice.start();
    try {
      await eventually(
        'the refresh to complete',
        () => lattice.inventory.sync.state === 'synced',
      );
    } finally {
      lattice.stop();
    }
  });

  it('backs off when throttled, keeping what it holds, and recovers', async () => {
    const lattice = await poller({
      throttleBackoff: { initialMs: 200, maxMs: 200 },
    });
    await lattice.refresh();
    fleet.lattice.server.faults.retryAfterSeconds = 0;
    fleet.lattice.server.faults.throttleRate = 1;
    await lattice.refresh();
    expect(lattice.inventory.sync.state).toBe('stale');
    expect(lattice.inventory.sync.reason).toMatch(
      /throttling VPC Lattice calls \(ThrottlingException\)/,
    );
    expect(
      lattice.inventory.targetGroupsForExport({
        namespace: 'default',
        name: 'service-1',
      }),
    ).toHaveLength(2);

    requests().reset();
    await lattice.refresh();
    expect(requests().total).toBe(0);

    fleet.lattice.server.faults.throttleRate = 0;
    await eventually('a refresh after the backoff', async () => {
      await lattice.refresh();
      return lattice.inventory.sync.state === 'synced';
    });
  });

  it('once started, tries again when the throttle wait ends rather than an interval later', async () => {
    const lattice = await poller({
      intervalMs: 60_000,
      throttleBackoff: { initialMs: 400, maxMs: 400 },
    });
    await lattice.refresh();
    fleet.lattice.server.faults.retryAfterSeconds = 0;
    fleet.lattice.server.faults.throttleRate = 1;
    const states: string[] = [];
    lattice.onChange(() => states.push(lattice.inventory.sync.state));
    lattice.start();
    try {
      await eventually('a throttled refresh', () => states.includes('stale'));
      fleet.lattice.server.faults.throttleRate = 0;
      // Well within the 60 s interval: the wait (at most 400 ms) and one refresh.
      await eventually(
        'the refresh after the wait',
        () => lattice.inventory.sync.state === 'synced',
        10_000,
      );
      expect(lattice.inventory.sync.reason).toBeUndefined();
    } finally {
      lattice.stop();
    }
  });

  it('flags Lattice unreachable with the reason, and recovers', async () => {
    const lattice = await poller();
    await lattice.refresh();
    fleet.lattice.server.faults.unreachable = true;
    await lattice.refresh();
    expect(lattice.inventory.sync.state).toBe('unreachable');
    expect(lattice.inventory.sync.reason).toMatch(/^VPC Lattice: connection/);
    expect(lattice.inventory.sync.lastSuccess).toBeDefined();
    fleet.lattice.server.faults.unreachable = false;
    await lattice.refresh();
    expect(lattice.inventory.sync.state).toBe('synced');
  });

  it('refreshes on its own once started, telling listeners', async () => {
    const lattice = await poller({ intervalMs: 50 });
    const refreshes: number[] = [];
    lattice.onChange(() => refreshes.push(requests().total));
    lattice.start();
    try {
      await eventually('two refreshes', () => refreshes.length >= 2);
      expect(refreshes[1]).toBeGreaterThan(refreshes[0]);
    } finally {
      lattice.stop();
    }
  });
});
