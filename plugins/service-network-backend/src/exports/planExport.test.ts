import type { ExportRequest, ServiceRef } from '@service-network/backstage-plugin-service-network-common';
import type { ServiceObject } from '../inventory/snapshot';
import { FleetBuilder, latticeExport, service } from '../status/__fixtures__/fleet';
import { hasService, planExport } from './planExport';
import { VersionLookup, preflightError, selectClusters } from './preflight';

const SERVICE: ServiceRef = { namespace: 'shop', name: 'checkout' };
const FEDERATION = { 'application-networking.k8s.aws/federation': 'amazon-vpc-lattice' };
const QUOTA = { limit: 500, inUse: 10, region: 'us-west-2' };

function checkout(ports: NonNullable<ServiceObject['spec']>['ports'] = [{ name: 'http', port: 80, protocol: 'TCP' }]): ServiceObject {
  const base = service(SERVICE.namespace, SERVICE.name);
  return { ...base, spec: { ...base.spec, ports } };
}

/** Two AWS workload clusters running checkout, a third without it, and the config cluster. */
function fleet() {
  const builder = new FleetBuilder();
  builder.config();
  const clusters = {
    w1: builder.workload('workload-1').add(checkout()),
    w2: builder.workload('workload-2').add(checkout()),
    w3: builder.workload('workload-3'),
  };
  return { builder, ...clusters };
}

function plan(
  builder: FleetBuilder,
  request: ExportRequest = {},
  options: { servedVersions?: Record<string, VersionLookup>; quota?: typeof QUOTA } = {},
) {
  const snapshot = builder.build();
  return planExport({
    service: SERVICE,
    request,
    selection: selectClusters(snapshot, request.clusters, hasService(SERVICE)),
    servedVersions: new Map(Object.entries(options.servedVersions ?? {})),
    lattice: snapshot.lattice,
    quota: options.quota ?? QUOTA,
  });
}

const messages = (result: ReturnType<typeof plan>) => result.problems.map(p => `${p.kind}: ${p.message}`);

describe('planExport', () => {
  describe('by default', () => {
    it('exports every port in every workload cluster where the Service exists, with the federation annotation', () => {
      const { builder } = fleet();

      const result = plan(builder);

      expect(result.problems).toEqual([]);
      expect(result.warnings).toEqual([]);
      expect(result.writes.map(w => w.cluster)).toEqual(['workload-1', 'workload-2']);
      expect(result.writes[0].object).toEqual({
        apiVersion: 'application-networking.k8s.aws/v1alpha1',
        kind: 'ServiceExport',
        metadata: { name: 'checkout', namespace: 'shop', annotations: FEDERATION },
        spec: { exportedPorts: [{ port: 80, routeType: 'HTTP' }] },
      });
      expect(result.writes[0].kind).toMatchObject({ group: 'application-networking.k8s.aws', plural: 'serviceexports' });
    });

    it('picks GRPC for ports whose appProtocol or name says grpc, HTTP for the rest, and leaves UDP out', () => {
      const builder = new FleetBuilder();
      builder.workload('workload-1').add(
        checkout([
          { name: 'http', port: 80, protocol: 'TCP' },
          { name: 'grpc', port: 9090, protocol: 'TCP' },
          { name: 'grpc-internal', port: 9091 },
          { name: 'api', port: 9092, protocol: 'TCP', appProtocol: 'grpc' },
          { name: 'h2', port: 9093, protocol: 'TCP', appProtocol: 'example.com/grpc' },
          { name: 'grpc-web', port: 8080, protocol: 'TCP' },
          { name: 'dns', port: 53, protocol: 'UDP' },
        ]),
      );

      const result = plan(builder);

      expect(result.writes[0].object.spec).toEqual({
        exportedPorts: [
          { port: 80, routeType: 'HTTP' },
          { port: 9090, routeType: 'GRPC' },
          { port: 9091, routeType: 'GRPC' },
          { port: 9092, routeType: 'GRPC' },
          { port: 9093, routeType: 'GRPC' },
          { port: 8080, routeType: 'HTTP' },
        ],
      });
    });

    it('warns about workload clusters left out because their data is not current', () => {
      const { builder, w3 } = fleet();
      w3.sync.services = { state: 'unreachable', reason: 'connection refused' };

      const result = plan(builder);

      expect(result.problems).toEqual([]);
      expect(result.writes.map(w => w.cluster)).toEqual(['workload-1', 'workload-2']);
      expect(result.warnings).toEqual([
        'workload-3 was left out because its data is not current: workload-3 is unreachable (connection refused); name it in "clusters" once it answers',
      ]);
    });

    it('refuses a Service that exists in no workload cluster, saying how to map the entity', () => {
      const builder = new FleetBuilder();
      builder.workload('workload-1');

      expect(messages(plan(builder))).toEqual([
        'conflict: Service shop/checkout exists in no workload cluster; deploy it first, or point the entity at its Service with the service-network.io/service annotation (<namespace>/<name>)',
      ]);
    });

    it('refuses a Service without a TCP port', () => {
      const builder = new FleetBuilder();
      builder.workload('workload-1').add(checkout([{ name: 'dns', port: 53, protocol: 'UDP' }]));

      expect(messages(plan(builder))).toEqual([
        'conflict: Service shop/checkout in workload-1 has no TCP port to export (its ports: 53/UDP (dns))',
      ]);
    });
  });

  describe('chosen clusters and ports', () => {
    it('writes only the chosen clusters, with exactly the chosen ports and route types', () => {
      const { builder } = fleet();
      builder.workload('workload-4').add(checkout([{ name: 'http', port: 80 }, { name: 'tls', port: 443 }]));

      const result = plan(builder, {
        clusters: ['workload-4'],
        ports: [{ port: 443, routeType: 'TLS' }],
      });

      expect(result.problems).toEqual([]);
      expect(result.writes).toHaveLength(1);
      expect(result.writes[0]).toMatchObject({
        cluster: 'workload-4',
        object: { spec: { exportedPorts: [{ port: 443, routeType: 'TLS' }] } },
      });
    });

    it.each([
      [
        'an unknown cluster',
        { clusters: ['workload-1', 'nope'] },
        'input: unknown cluster "nope"; the workload clusters are workload-1, workload-2, workload-3',
      ],
      [
        'the config cluster',
        { clusters: ['config'] },
        'input: "config" is the config cluster; Services are exported from workload clusters (workload-1, workload-2, workload-3)',
      ],
      ['a cluster named twice', { clusters: ['workload-1', 'workload-1'] }, 'input: cluster "workload-1" is named twice'],
      [
        'a cluster without the Service',
        { clusters: ['workload-3'] },
        'conflict: Service shop/checkout does not exist in workload-3; deploy it there first, or leave workload-3 out of "clusters"',
      ],
      [
        'a port the Service does not have',
        { ports: [{ port: 8080, routeType: 'HTTP' as const }] },
        'input: port 8080 is not a port of Service shop/checkout in workload-1 (its ports: 80/TCP (http))',
      ],
      [
        'a port listed twice',
        { clusters: ['workload-1'], ports: [{ port: 80, routeType: 'HTTP' as const }, { port: 80, routeType: 'GRPC' as const }] },
        'input: port 80 is listed twice in "ports"',
      ],
    ])('refuses %s', (_what, request, problem) => {
      const { builder } = fleet();

      const result = plan(builder, request);

      expect(messages(result)).toContain(problem);
    });

    it('refuses a port the Service serves over UDP', () => {
      const builder = new FleetBuilder();
      builder.workload('workload-1').add(checkout([{ name: 'http', port: 80 }, { name: 'dns', port: 53, protocol: 'UDP' }]));

      expect(messages(plan(builder, { ports: [{ port: 53, routeType: 'HTTP' }] }))).toEqual([
        'input: port 53 of Service shop/checkout in workload-1 is UDP; VPC Lattice carries TCP only',
      ]);
    });

    it('checks every chosen cluster and reports every problem, each naming its cluster', () => {
      const { builder, w2 } = fleet();
      w2.sync.serviceexports = { state: 'unreachable', reason: 'connection refused', lastSuccess: '2026-11-21T11:00:00.000Z' };

      const result = plan(builder, { clusters: ['workload-1', 'workload-2', 'workload-3'] });

      expect(messages(result)).toEqual([
        'conflict: workload-2 is unreachable (connection refused); try again when it answers, or leave workload-2 out of "clusters"',
        'conflict: Service shop/checkout does not exist in workload-3; deploy it there first, or leave workload-3 out of "clusters"',
      ]);
    });
  });

  describe('reachability', () => {
    it.each([
      [
        { state: 'unreachable' as const, reason: 'connection refused' },
        'conflict: workload-1 is unreachable (connection refused); try again when it answers, or leave workload-1 out of "clusters"',
      ],
      [
        { state: 'stale' as const, reason: 'no update for 3 minutes', lastSuccess: '2026-11-21T11:57:00.000Z' },
        'conflict: workload-1 has not answered since 2026-11-21T11:57:00.000Z (no update for 3 minutes); try again when it answers, or leave workload-1 out of "clusters"',
      ],
      [{ state: 'pending' as const }, 'conflict: workload-1 has not been read yet; try again in a few seconds'],
    ])('refuses a chosen cluster whose Services are %j', (sync, problem) => {
      const { builder, w1 } = fleet();
      w1.sync.services = sync;

      expect(messages(plan(builder, { clusters: ['workload-1'] }))).toEqual([problem]);
    });

    it('refuses a cluster whose last known data shows the Service when it is now unreachable', () => {
      const { builder, w2 } = fleet();
      w2.sync.services = { state: 'unreachable', reason: 'connection reset' };

      expect(messages(plan(builder))).toEqual([
        'conflict: workload-2 is unreachable (connection reset); try again when it answers, or leave workload-2 out of "clusters"',
      ]);
    });
  });

  describe('flavours', () => {
    function mixedFleet() {
      const builder = new FleetBuilder();
      builder.workload('aws-1').add(checkout());
      const mcs = builder.workload('mcs-1', 'mcs').add(checkout());
      return { builder, mcs };
    }

    it('writes a plain upstream ServiceExport in the version the MCS cluster serves', () => {
      const { builder } = mixedFleet();

      const result = plan(builder, {}, { servedVersions: { 'mcs-1': { version: 'v1alpha1' } } });

      expect(result.problems).toEqual([]);
      expect(result.writes.map(w => w.object)).toEqual([
        {
          apiVersion: 'application-networking.k8s.aws/v1alpha1',
          kind: 'ServiceExport',
          metadata: { name: 'checkout', namespace: 'shop', annotations: FEDERATION },
          spec: { exportedPorts: [{ port: 80, routeType: 'HTTP' }] },
        },
        { apiVersion: 'multicluster.x-k8s.io/v1alpha1', kind: 'ServiceExport', metadata: { name: 'checkout', namespace: 'shop' } },
      ]);
      expect(result.writes[1].kind).toMatchObject({ group: 'multicluster.x-k8s.io', version: 'v1alpha1', plural: 'serviceexports' });
    });

    it('warns that chosen ports do not apply to MCS clusters', () => {
      const { builder } = mixedFleet();

      const result = plan(builder, { ports: [{ port: 80, routeType: 'GRPC' }] }, { servedVersions: { 'mcs-1': { version: 'v1beta1' } } });

      expect(result.writes[1].object.apiVersion).toBe('multicluster.x-k8s.io/v1beta1');
      expect(result.warnings).toEqual([
        'mcs-1 uses the MCS API, which exports every port of the Service: the chosen ports and route types apply to AWS Gateway API Controller clusters only',
      ]);
    });

    it.each([
      [
        { notServed: true as const },
        'conflict: mcs-1 does not serve the upstream MCS ServiceExport (multicluster.x-k8s.io v1beta1 or v1alpha1): install the MCS API there, or give mcs-1 the provider that runs there (providers in app-config)',
      ],
      [
        { error: 'connection refused' },
        'conflict: mcs-1 could not be asked which MCS API version it serves (connection refused); try again when it answers, or leave it out of "clusters"',
      ],
    ])('refuses an MCS cluster that answered %j', (lookup, problem) => {
      const { builder } = mixedFleet();

      expect(messages(plan(builder, {}, { servedVersions: { 'mcs-1': lookup } }))).toEqual([problem]);
    });

    it('refuses an unreachable MCS cluster for being unreachable, not for its unknown MCS version', () => {
      const { builder, mcs } = mixedFleet();
      mcs.sync.mcsserviceexports = { state: 'unreachable', reason: 'connection refused' };

      expect(messages(plan(builder))).toEqual([
        'conflict: mcs-1 is unreachable (connection refused); try again when it answers, or leave mcs-1 out of "clusters"',
      ]);
    });

    it("refuses an AWS cluster that does not serve the controller's ServiceExport", () => {
      const { builder, w1 } = fleet();
      delete w1.sync.serviceexports;

      expect(messages(plan(builder, { clusters: ['workload-1'] }))).toEqual([
        "conflict: workload-1 does not serve the AWS Gateway API Controller's ServiceExport (application-networking.k8s.aws): install the controller there, or give workload-1 the provider that runs there (providers in app-config)",
      ]);
    });

    it("judges an MCS cluster's reachability by its MCS exports, whatever the AWS ones say", () => {
      const { builder, mcs } = mixedFleet();
      mcs.sync.serviceexports = { state: 'unreachable', reason: 'forbidden' };

      expect(plan(builder, {}, { servedVersions: { 'mcs-1': { version: 'v1beta1' } } }).problems).toEqual([]);
    });
  });

  describe('target-group quota', () => {
    const quotaFleet = () => fleet().builder;

    it('warns when the target groups in use plus the new ones reach 90% of the quota', () => {
      const result = plan(quotaFleet(), {}, { quota: { limit: 100, inUse: 88, region: 'eu-west-1' } });

      expect(result.problems).toEqual([]);
      expect(result.warnings).toEqual([
        'This export needs 2 new VPC Lattice target groups, bringing eu-west-1 to 90 of the quota of 100 (90%): ask for a higher "Target groups per Region" quota in Service Quotas before it runs out',
      ]);
    });

    it('does not warn below 90%', () => {
      expect(plan(quotaFleet(), {}, { quota: { limit: 100, inUse: 87, region: 'eu-west-1' } }).warnings).toEqual([]);
    });

    it('warns, without refusing, when the export would exceed the quota', () => {
      const result = plan(quotaFleet(), {}, { quota: { limit: 100, inUse: 99, region: 'eu-west-1' } });

      expect(result.writes).toHaveLength(2);
      expect(result.warnings).toEqual([
        'This export needs 2 new VPC Lattice target groups; with 99 in use in eu-west-1 that exceeds the quota of 100, so the controller will fail to create some: ask for a higher "Target groups per Region" quota in Service Quotas first',
      ]);
    });

    it('counts only ports that have no target group yet in that cluster', () => {
      const builder = quotaFleet();
      builder.lattice.targetGroup({ cluster: 'workload-1', namespace: 'shop', exportName: 'checkout', port: 80 });

      const result = plan(builder, {}, { quota: { limit: 100, inUse: 89, region: 'eu-west-1' } });

      expect(result.warnings).toEqual([expect.stringContaining('needs 1 new VPC Lattice target group, bringing eu-west-1 to 90')]);
    });

    it('does not count ports the federated export already exports, whose target groups Lattice may not list yet', () => {
      const { builder, w1, w2 } = fleet();
      w1.add(latticeExport('shop', 'checkout'));
      w2.add(latticeExport('shop', 'checkout', { federated: false }));

      const result = plan(builder, {}, { quota: { limit: 100, inUse: 89, region: 'eu-west-1' } });

      expect(result.warnings).toEqual([expect.stringContaining('needs 1 new VPC Lattice target group, bringing eu-west-1 to 90')]);
    });

    it('says so when the Lattice inventory has not loaded yet', () => {
      const builder = quotaFleet();
      builder.lattice.sync = { state: 'pending' };

      expect(plan(builder).warnings).toEqual([
        'The VPC Lattice target-group quota was not checked: the Lattice inventory has not loaded yet',
      ]);
    });
  });
});

describe('preflightError', () => {
  it('answers 400 when any problem is bad input, with every message', () => {
    const error = preflightError(
      [
        { kind: 'conflict', message: 'workload-2 is unreachable' },
        { kind: 'input', message: 'unknown cluster "nope"' },
      ],
      'Nothing was exported',
    );

    expect(error.name).toBe('InputError');
    expect(error.message).toBe('Nothing was exported: workload-2 is unreachable; unknown cluster "nope"');
  });

  it('answers 409 when the request is fine but the clusters are not ready', () => {
    expect(preflightError([{ kind: 'conflict', message: 'x' }], 'Nothing was exported').name).toBe('ConflictError');
  });
});
