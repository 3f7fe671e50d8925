/*
 * Export and unexport through the plugin's REST API, wired into a test
 * backend and writing to the simulated fleet through the real clients.
 */
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import {
  applyAll,
  service as serviceObject,
  startFleet,
} from '@service-network/simulated-fleet';
import type {
  ClusterWriteResult,
  EntityServiceNetworkStatus,
  ExportResponse,
} from '@service-network/backstage-plugin-service-network-common';
import request from 'supertest';
import {
  componentEntity,
  eventually,
  Fleet,
  FleetCluster,
  FleetConfigOptions,
  rawConfigFor,
  startDemoFleet,
} from '../inventory/__testUtils__/fleet';
import { serviceNetworkPlugin } from '../plugin';

const ALICE = mockCredentials.user.header('user:default/alice');
const FEDERATION = 'application-networking.k8s.aws/federation';
const AWS_EXPORTS = { group: 'application-networking.k8s.aws', plural: 'serviceexports' };
const MCS_EXPORTS = { group: 'multicluster.x-k8s.io', plural: 'serviceexports' };
const WRITE_VERBS = ['create', 'update', 'patch', 'delete', 'deletecollection'] as const;

interface AuditRecord {
  eventId: string;
  authorization?: string;
  meta?: Record<string, unknown>;
  status: 'initiated' | 'succeeded' | 'failed';
  error?: string;
}

/** Records events the way an audit log would show them: who, what, where, outcome. */
function recordingAuditor(records: AuditRecord[]) {
  return mockServices.auditor.mock({
    createEvent: async options => {
      const record: AuditRecord = {
        eventId: options.eventId,
        authorization: options.request?.headers.authorization,
        meta: options.meta,
        status: 'initiated',
      };
      records.push(record);
      return {
        success: async params => {
          Object.assign(record, { status: 'succeeded', meta: { ...record.meta, ...params?.meta } });
        },
        fail: async params => {
          Object.assign(record, { status: 'failed', error: params.error.message, meta: { ...record.meta, ...params.meta } });
        },
      };
    },
  });
}

/** The backend writes with its own tokens (deploy/kubernetes's RBAC) and polls Lattice every second. */
function backendConfig(fleet: Fleet, options: Pick<FleetConfigOptions, 'mcs' | 'targetGroupQuota'> = {}) {
  return mockServices.rootConfig.factory({
    data: rawConfigFor(fleet, { ...options, settings: { refresh: { latticeIntervalSeconds: 1 } } }),
  });
}

function writeRequests(fleet: Fleet): number {
  return fleet.clusters.reduce(
    (sum, cluster) => sum + WRITE_VERBS.reduce((count, verb) => count + cluster.server.requests.count(verb), 0),
    0,
  );
}

/** The clusters were asked before anything was written. */
function dryRuns(fleet: Fleet): number {
  return fleet.clusters.reduce((sum, cluster) => sum + cluster.server.requests.dryRuns, 0);
}

function resetRequestLogs(fleet: Fleet) {
  for (const cluster of fleet.clusters) cluster.server.requests.reset();
}

const outcomes = (body: ExportResponse) => body.results.map(r => [r.cluster, r.outcome]);

function storedExport(cluster: FleetCluster, name: string, resource = AWS_EXPORTS) {
  return cluster.store.get(resource, 'default', name);
}

describe('export and unexport on the simulated demo fleet', () => {
  let fleet: Fleet;
  let server: Awaited<ReturnType<typeof startTestBackend>>['server'];
  let targetGroupsBefore: number;
  const audits: AuditRecord[] = [];
  const permissions = mockServices.permissions.mock();
  const allowAll = () => {
    permissions.authorize.mockImplementation(async requests => requests.map(() => ({ result: AuthorizeResult.ALLOW })));
  };

  const post = (name: string, action: 'export' | 'unexport', body: object) =>
    request(server).post(`/api/service-network/entities/default/component/${name}/${action}`).set('Authorization', ALICE).send(body);
  const status = async (name: string): Promise<EntityServiceNetworkStatus> =>
    (await request(server).get(`/api/service-network/entities/default/component/${name}/status`).set('Authorization', ALICE)).body;

  beforeAll(async () => {
    // Status reads check the catalog's read permission too, from the first one.
    allowAll();
    fleet = await startDemoFleet();
    // A Service only workload-1 runs.
    applyAll(fleet.cluster('workload-1').store, [serviceObject('default', 'solo', '172.20.1.99')]);
    targetGroupsBefore = fleet.lattice.state.listTargetGroups().length;
    ({ server } = await startTestBackend({
      features: [
        serviceNetworkPlugin,
        catalogServiceMock.factory({ entities: ['service-3', 'service-5', 'solo', 'ghost'].map(componentEntity) }),
        // service-5's two new target groups bring the region to its quota exactly.
        backendConfig(fleet, { targetGroupQuota: targetGroupsBefore + 2 }),
        permissions.factory,
        recordingAuditor(audits).factory,
      ],
    }));
    await eventually('every cluster and Lattice in sync', async () => {
      const current = await status('service-5');
      return current.clusters?.length === 2 &&
        current.clusters.every(c => c.sync.state === 'synced') &&
        current.lattice.sync.state === 'synced';
    });
  });

  beforeEach(allowAll);

  afterAll(async () => {
    await fleet.close();
  });

  it('answers a dry run with exactly the objects it would apply, and writes nothing', async () => {
    resetRequestLogs(fleet);

    const response = await post('service-5', 'export', { dryRun: true });

    expect(response.status).toBe(200);
    const expected = {
      apiVersion: 'application-networking.k8s.aws/v1alpha1',
      kind: 'ServiceExport',
      metadata: { name: 'service-5', namespace: 'default', annotations: { [FEDERATION]: 'amazon-vpc-lattice' } },
      spec: { exportedPorts: [{ port: 80, routeType: 'HTTP' }] },
    };
    expect(response.body).toEqual({
      entityRef: 'component:default/service-5',
      service: { namespace: 'default', name: 'service-5' },
      dryRun: true,
      results: [
        { cluster: 'workload-1', outcome: 'planned', object: expected },
        { cluster: 'workload-2', outcome: 'planned', object: expected },
      ],
      warnings: [
        `This export needs 2 new VPC Lattice target groups, bringing us-west-2 to ${targetGroupsBefore + 2} of the quota of ${targetGroupsBefore + 2} (100%): ask for a higher "Target groups per Region" quota in Service Quotas before it runs out`,
      ],
    });
    expect(writeRequests(fleet)).toBe(0);
    expect(dryRuns(fleet)).toBe(2);
    expect(storedExport(fleet.cluster('workload-1'), 'service-5')).toBeUndefined();
  });

  it('exports the Service everywhere it runs, so the route waiting for it gets healthy targets', async () => {
    const response = await post('service-5', 'export', {});

    expect(response.status).toBe(200);
    expect(outcomes(response.body)).toEqual([
      ['workload-1', 'applied'],
      ['workload-2', 'applied'],
    ]);
    expect(response.body.results.every((r: ClusterWriteResult) => Number(r.resourceVersion) > 0)).toBe(true);
    for (const cluster of fleet.workloadClusters) {
      const stored = storedExport(cluster, 'service-5');
      expect(stored?.metadata.annotations?.[FEDERATION]).toBe('amazon-vpc-lattice');
      expect(stored?.spec).toEqual({ exportedPorts: [{ port: 80, routeType: 'HTTP' }] });
    }

    await fleet.idle();
    const lattice = fleet.lattice.state;
    const groups = lattice
      .listTargetGroups()
      .filter(tg => lattice.tagsOf(tg.arn)['application-networking.k8s.aws/ServiceName'] === 'service-5');
    expect(groups).toHaveLength(2);
    expect(groups.flatMap(tg => lattice.listTargets(tg.arn).map(t => t.status))).toEqual(['HEALTHY', 'HEALTHY']);
    const route = fleet.configCluster.store.get({ group: 'gateway.networking.k8s.io', plural: 'httproutes' }, 'default', 'httproute-4') as {
      status?: { parents?: Array<{ conditions: Array<{ type: string; reason: string }> }> };
    };
    expect(route.status?.parents?.[0].conditions.find(c => c.type === 'ResolvedRefs')?.reason).toBe('ResolvedRefs');
    await eventually('the entity page to show service-5 healthy in both clusters', async () =>
      (await status('service-5')).clusters.every(c => c.state === 'healthy'),
    );
  });

  it('changes nothing when the same export is asked for again', async () => {
    const before = fleet.workloadClusters.map(c => storedExport(c, 'service-5')?.metadata.resourceVersion);

    const response = await post('service-5', 'export', {});

    expect(response.status).toBe(200);
    expect(outcomes(response.body)).toEqual([
      ['workload-1', 'unchanged'],
      ['workload-2', 'unchanged'],
    ]);
    expect(response.body.results.map((r: ClusterWriteResult) => r.resourceVersion)).toEqual(before);
    expect(fleet.workloadClusters.map(c => storedExport(c, 'service-5')?.metadata.resourceVersion)).toEqual(before);
    expect(response.body.warnings).toEqual([]);
  });

  it("keeps fields other managers set on the export when it changes the ports", async () => {
    const workload1 = fleet.cluster('workload-1');
    workload1.store.apply(
      AWS_EXPORTS,
      { apiVersion: 'application-networking.k8s.aws/v1alpha1', kind: 'ServiceExport', metadata: { name: 'service-5', namespace: 'default', labels: { team: 'payments' } } },
      { fieldManager: 'kubectl' },
    );

    const response = await post('service-5', 'export', { clusters: ['workload-1'], ports: [{ port: 80, routeType: 'GRPC' }] });

    expect(response.status).toBe(200);
    expect(outcomes(response.body)).toEqual([['workload-1', 'applied']]);
    const stored = storedExport(workload1, 'service-5');
    expect(stored?.metadata.labels).toEqual({ team: 'payments' });
    expect(stored?.spec).toEqual({ exportedPorts: [{ port: 80, routeType: 'GRPC' }] });
    expect(stored?.metadata.managedFields?.map(f => f.manager)).toEqual(
      expect.arrayContaining(['backstage-service-network', 'kubectl']),
    );
  });

  it('writes nothing anywhere when a cluster cannot be asked first (503)', async () => {
    const workload2 = fleet.cluster('workload-2');
    resetRequestLogs(fleet);
    workload2.server.faults.errorRate = 1;
    let response;
    try {
      response = await post('service-3', 'export', {});
    } finally {
      workload2.server.faults.errorRate = 0;
    }

    expect(response.status).toBe(503);
    expect(response.body.error.message).toMatch(
      /^Nothing was exported: workload-2 could not be asked about writing ServiceExport default\/service-3: the API server failed \(50[03]/,
    );
    expect(writeRequests(fleet)).toBe(0);
  });

  it('writes nothing anywhere when a cluster refuses the export in its dry run, and says what the API server said', async () => {
    const workload2 = fleet.cluster('workload-2');
    const resource = { group: 'application-networking.k8s.aws', plural: 'serviceexports' };
    const before = workload2.store.get(resource, 'default', 'service-3');
    // Someone else's manager holds the federation annotation with another value: our apply would conflict.
    workload2.store.apply(
      resource,
      {
        apiVersion: 'application-networking.k8s.aws/v1alpha1',
        kind: 'ServiceExport',
        metadata: { name: 'service-3', namespace: 'default', annotations: { [FEDERATION]: 'elsewhere' } },
      },
      { fieldManager: 'platform-tool' },
    );
    resetRequestLogs(fleet);
    try {
      const response = await post('service-3', 'export', {});

      expect(response.status).toBe(409);
      expect(response.body.error.message).toContain(
        'Nothing was exported: workload-2 refused ServiceExport default/service-3: Apply failed with 1 conflict: conflict with "platform-tool"',
      );
      expect(writeRequests(fleet)).toBe(0);
      expect(dryRuns(fleet)).toBe(2);
    } finally {
      workload2.store.delete(resource, 'default', 'service-3');
      if (before) workload2.store.create(resource, { ...before, metadata: { ...before.metadata, resourceVersion: undefined, managedFields: undefined } });
    }
  });

  it('reports a cluster whose write failed after its dry run passed with 502, applies the rest, and finishes on retry', async () => {
    const workload2 = fleet.cluster('workload-2');
    workload2.server.faults.writeErrorRate = 1;
    let response;
    try {
      response = await post('service-3', 'export', {});
    } finally {
      workload2.server.faults.writeErrorRate = 0;
    }

    expect(response.status).toBe(502);
    // The seed exports service-3 in workload-1 exactly so: the apply only records our co-ownership.
    expect(outcomes(response.body)).toEqual([
      ['workload-1', 'applied'],
      ['workload-2', 'failed'],
    ]);
    expect(response.body.results[1].error).toMatch(/API server failed \(50[03]/);
    expect(storedExport(workload2, 'service-3')).toBeUndefined();

    const retry = await post('service-3', 'export', {});

    expect(retry.status).toBe(200);
    expect(outcomes(retry.body)).toEqual([
      ['workload-1', 'unchanged'],
      ['workload-2', 'applied'],
    ]);
    expect(storedExport(workload2, 'service-3')?.metadata.annotations?.[FEDERATION]).toBe('amazon-vpc-lattice');
  });

  describe('refuses bad input with a 4xx and writes nothing anywhere', () => {
    it.each([
      ['an unknown cluster', 'service-5', 'export', { clusters: ['workload-9'] }, 400, 'unknown cluster "workload-9"; the workload clusters are workload-1, workload-2'],
      ['the config cluster', 'service-5', 'unexport', { clusters: ['config'] }, 400, '"config" is the config cluster'],
      ['a cluster without the Service', 'solo', 'export', { clusters: ['workload-1', 'workload-2'] }, 409, 'Service default/solo does not exist in workload-2'],
      ['a Service that runs nowhere', 'ghost', 'export', {}, 409, 'Service default/ghost exists in no workload cluster'],
      ['an unknown port', 'service-5', 'export', { ports: [{ port: 8080, routeType: 'HTTP' }] }, 400, 'port 8080 is not a port of Service default/service-5 in workload-1 (its ports: 80/TCP (http))'],
      ['an invalid route type', 'service-5', 'export', { ports: [{ port: 80, routeType: 'UDP' }] }, 400, 'routeType must be one of HTTP, GRPC, TLS'],
      ['a malformed body', 'service-5', 'export', { clusters: 'workload-1' }, 400, 'clusters: Expected array, received string'],
      ['an unknown entity', 'nope', 'export', {}, 404, 'No entity component:default/nope in the catalog'],
    ] as const)('%s', async (_what, name, action, body, statusCode, message) => {
      resetRequestLogs(fleet);

      const response = await post(name, action, body);

      expect(response.status).toBe(statusCode);
      expect(response.body.error.message).toContain(message);
      expect(writeRequests(fleet)).toBe(0);
    });

    it('a caller the permission policy denies', async () => {
      permissions.authorize.mockImplementation(async requests => requests.map(() => ({ result: AuthorizeResult.DENY })));
      resetRequestLogs(fleet);

      for (const action of ['export', 'unexport'] as const) {
        const response = await post('service-5', action, { dryRun: true });
        expect(response.status).toBe(403);
        expect(response.body.error.message).toBe(
          'You may not export or unexport component:default/service-5: the permission policy denies service-network.service.export',
        );
      }
      expect(permissions.authorize).toHaveBeenCalledWith(
        [{ permission: expect.objectContaining({ name: 'service-network.service.export' }), resourceRef: 'component:default/service-5' }],
        { credentials: mockCredentials.user('user:default/alice') },
      );
      expect(writeRequests(fleet)).toBe(0);
    });

    it('a caller who is not signed in', async () => {
      resetRequestLogs(fleet);

      const response = await request(server)
        .post('/api/service-network/entities/default/component/service-5/export')
        .set('Authorization', mockCredentials.none.header())
        .send({});

      expect(response.status).toBe(401);
      expect(writeRequests(fleet)).toBe(0);
    });
  });

  it('unexports in chosen clusters, then everywhere, and reports what is already gone as absent', async () => {
    resetRequestLogs(fleet);
    const preview = await post('service-5', 'unexport', { dryRun: true });
    expect(outcomes(preview.body)).toEqual([
      ['workload-1', 'planned'],
      ['workload-2', 'planned'],
    ]);
    expect(writeRequests(fleet)).toBe(0);
    expect(dryRuns(fleet)).toBe(2);

    const first = await post('service-5', 'unexport', { clusters: ['workload-1'] });
    expect(first.status).toBe(200);
    expect(outcomes(first.body)).toEqual([['workload-1', 'deleted']]);
    await fleet.idle();
    expect(storedExport(fleet.cluster('workload-1'), 'service-5')).toBeUndefined();
    expect(storedExport(fleet.cluster('workload-2'), 'service-5')).toBeDefined();

    await eventually('the inventory to see the export gone from workload-1', async () =>
      (await status('service-5')).clusters.find(c => c.cluster === 'workload-1')?.state === 'not-exported',
    );
    const rest = await post('service-5', 'unexport', {});
    expect(outcomes(rest.body)).toEqual([['workload-2', 'deleted']]);
    await fleet.idle();
    expect(storedExport(fleet.cluster('workload-2'), 'service-5')).toBeUndefined();

    const again = await post('service-5', 'unexport', { clusters: ['workload-1', 'workload-2'] });
    expect(again.status).toBe(200);
    expect(outcomes(again.body)).toEqual([
      ['workload-1', 'absent'],
      ['workload-2', 'absent'],
    ]);
  });

  it('audits every call: who, what, where and the outcome', () => {
    const byId = (eventId: string) => audits.filter(a => a.eventId === eventId);
    expect(audits.every(a => a.authorization === ALICE && a.status !== 'initiated')).toBe(true);
    expect(byId('service-export')[1]).toEqual({
      eventId: 'service-export',
      authorization: ALICE,
      status: 'succeeded',
      meta: {
        entityRef: 'component:default/service-5',
        clusters: null,
        ports: null,
        dryRun: false,
        results: [
          { cluster: 'workload-1', outcome: 'applied', resourceVersion: expect.any(String) },
          { cluster: 'workload-2', outcome: 'applied', resourceVersion: expect.any(String) },
        ],
      },
    });
    const service3 = byId('service-export').filter(a => a.meta?.entityRef === 'component:default/service-3');
    expect(service3.map(a => [a.status, a.error])).toEqual([
      ['failed', expect.stringMatching(/^Nothing was exported: workload-2 could not be asked/)],
      ['failed', expect.stringMatching(/^Nothing was exported: workload-2 refused ServiceExport/)],
      ['failed', expect.stringMatching(/^Failed in workload-2 \(the API server failed/)],
      ['succeeded', undefined],
    ]);
    expect(byId('service-unexport').map(a => [a.meta?.clusters, a.status])).toContainEqual([['config'], 'failed']);
    expect(byId('service-unexport').filter(a => a.error?.startsWith('You may not export'))).toHaveLength(1);
    expect(byId('service-unexport').at(-1)).toMatchObject({
      status: 'succeeded',
      meta: { clusters: ['workload-1', 'workload-2'], results: [{ cluster: 'workload-1', outcome: 'absent' }, { cluster: 'workload-2', outcome: 'absent' }] },
    });
  });
});

describe('export to a cluster running upstream MCS', () => {
  let fleet: Fleet;
  let server: Awaited<ReturnType<typeof startTestBackend>>['server'];

  beforeAll(async () => {
    fleet = await startFleet({ workloadClusters: 1, reconcileDelayMs: 0 });
    applyAll(fleet.cluster('workload-1').store, [serviceObject('default', 'catalog', '172.20.1.20')]);
    ({ server } = await startTestBackend({
      features: [
        serviceNetworkPlugin,
        catalogServiceMock.factory({ entities: [componentEntity('catalog')] }),
        backendConfig(fleet, { mcs: ['workload-1'] }),
      ],
    }));
  });

  afterAll(async () => {
    await fleet.close();
  });

  it('writes a plain ServiceExport of the version the cluster serves, and deletes it again', async () => {
    const post = (action: string) =>
      request(server).post(`/api/service-network/entities/default/component/catalog/${action}`).set('Authorization', ALICE).send({});
    const exported = await eventually('the cluster to be read', async () => {
      const response = await post('export');
      return response.status === 200 ? response : undefined;
    });

    const expected = { apiVersion: 'multicluster.x-k8s.io/v1beta1', kind: 'ServiceExport', metadata: { name: 'catalog', namespace: 'default' } };
    expect(exported.body.results).toEqual([
      { cluster: 'workload-1', outcome: 'applied', object: expected, resourceVersion: expect.any(String) },
    ]);
    const workload1 = fleet.cluster('workload-1');
    expect(storedExport(workload1, 'catalog', MCS_EXPORTS)?.metadata.annotations).toBeUndefined();
    expect(storedExport(workload1, 'catalog')).toBeUndefined();

    const unexported = await post('unexport');
    expect(unexported.body.results).toEqual([{ cluster: 'workload-1', outcome: 'deleted', object: expected }]);
    await fleet.idle();
    expect(storedExport(workload1, 'catalog', MCS_EXPORTS)).toBeUndefined();
  });
});
