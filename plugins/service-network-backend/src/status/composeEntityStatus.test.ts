import {
  EntityServiceNetworkStatus,
  LATTICE_ANNOTATIONS,
} from '@service-network/backstage-plugin-service-network-common';
import {
  ClusterBuilder,
  FleetBuilder,
  NOW,
  condition,
  event,
  gateway,
  latticeExport,
  mcsExport,
  minutesAgo,
  pinnedImport,
  route,
  service,
  serviceImport,
  targets,
} from './__fixtures__/fleet';
import type { KubeObject, LatticeTarget } from '../inventory/snapshot';
import { composeEntityStatus } from './composeEntityStatus';

const NS = 'shop';
const NAME = 'checkout';

function compose(
  fleet: FleetBuilder,
  options: { staleAfterMs?: number; forbidScans?: boolean } = {},
): EntityServiceNetworkStatus {
  return composeEntityStatus({
    entityRef: 'component:default/checkout',
    service: { namespace: NS, name: NAME },
    snapshot: fleet.build({ forbidScans: options.forbidScans }),
    now: NOW,
    staleAfterMs: options.staleAfterMs,
  });
}

function clusterIn(status: EntityServiceNetworkStatus, name: string) {
  const found = status.clusters.find(cluster => cluster.cluster === name);
  if (!found) {
    throw new Error(`no cluster ${name} in the status`);
  }
  return found;
}

function finding(status: EntityServiceNetworkStatus, id: string) {
  const found = status.findings.find(candidate => candidate.id === id);
  if (!found) {
    throw new Error(
      `no finding ${id}; found ${status.findings.map(f => f.id).join(', ')}`,
    );
  }
  return found;
}

function ids(status: EntityServiceNetworkStatus): string[] {
  return status.findings.map(candidate => candidate.id);
}

/** A config cluster and a workload cluster `east` holding these objects. */
function eastWith(...objects: KubeObject[]) {
  const fleet = new FleetBuilder();
  const config = fleet.config();
  const east = fleet.workload('east').add(...objects);
  return { fleet, config, east };
}

/** Service, annotated ServiceExport picked up by the controller, and its target group. */
function exportedIn(
  fleet: FleetBuilder,
  cluster: ClusterBuilder,
  targetList = targets(3, 'HEALTHY'),
) {
  cluster.add(service(NS, NAME), latticeExport(NS, NAME));
  return fleet.lattice.targetGroup({
    cluster: cluster.cluster.name,
    namespace: NS,
    exportName: NAME,
    targets: targetList,
  });
}

/** `east` exports the Service, with these targets. */
function exportedFromEast(targetList?: LatticeTarget[]) {
  const built = eastWith();
  exportedIn(built.fleet, built.east, targetList);
  return built;
}

/** ... and the config cluster imports it, pinned to `east`. */
function importedFromEast(targetList?: LatticeTarget[]) {
  const built = exportedFromEast(targetList);
  built.config.add(pinnedImport(NS, NAME, 'east'));
  return built;
}

const ACCEPTED = [
  condition('Accepted', 'True', 'Accepted'),
  condition('ResolvedRefs', 'True', 'ResolvedRefs'),
];

/** A gateway `payments`, its Lattice network, and an HTTPRoute over the given imports. */
function routed(
  fleet: FleetBuilder,
  config: ClusterBuilder,
  backends: Array<{ name: string; weight?: number }>,
  options: {
    conditions?: typeof ACCEPTED;
    dnsName?: string;
    latticeDnsName?: string;
    hostnames?: string[];
    customDomainName?: string;
  } = {},
) {
  fleet.lattice.serviceNetwork('payments');
  const latticeService = fleet.lattice.service({
    name: 'checkout-shop',
    dnsName: options.latticeDnsName,
    customDomainName: options.customDomainName,
  });
  fleet.lattice.associate(latticeService.arn, 'payments');
  const dnsName = options.dnsName ?? latticeService.dnsEntry?.domainName;
  config.add(
    gateway('gateways', 'payments'),
    route('HTTPRoute', NS, 'checkout', {
      backends,
      hostnames: options.hostnames,
      conditions: options.conditions ?? ACCEPTED,
      annotations: dnsName
        ? {
            [LATTICE_ANNOTATIONS.latticeAssignedDomainName]: dnsName,
            [LATTICE_ANNOTATIONS.latticeServiceArn]: latticeService.arn,
          }
        : {},
    }),
  );
  return latticeService;
}

describe('composeEntityStatus', () => {
  describe('exports', () => {
    it('says how to export a Service that is not exported anywhere', () => {
      const { fleet } = eastWith(
        service(NS, NAME, { ports: [{ port: 80 }, { port: 9090 }] }),
      );

      const status = compose(fleet);

      expect(status.overall).toBe('not-exported');
      const east = clusterIn(status, 'east');
      expect(east.state).toBe('not-exported');
      expect(east.service?.ports.map(port => port.port)).toEqual([80, 9090]);
      const notExported = finding(status, 'not-exported');
      expect(notExported.severity).toBe('info');
      expect(notExported.action).toContain(
        'application-networking.k8s.aws/federation: amazon-vpc-lattice',
      );
    });

    it('points at the catalog annotations when no cluster has the Service', () => {
      const fleet = new FleetBuilder();
      fleet.config();
      fleet.workload('east');

      const status = compose(fleet);

      expect(ids(status)).toEqual(['service-not-found']);
      expect(finding(status, 'service-not-found').action).toContain(
        'service-network.io/service',
      );
    });

    it('shows an export naming the Service by annotation, and prefers the one named like the Service', () => {
      const pointing = latticeExport(NS, 'checkout-v2');
      pointing.metadata.annotations = {
        ...pointing.metadata.annotations,
        [LATTICE_ANNOTATIONS.serviceName]: NAME,
      };
      const { fleet, east } = eastWith(service(NS, NAME), pointing);
      expect(clusterIn(compose(fleet), 'east').export?.name).toBe(
        'checkout-v2',
      );

      east.add(latticeExport(NS, NAME));
      expect(clusterIn(compose(fleet), 'east').export?.name).toBe(NAME);
    });

    it('explains an export ignored for lack of the federation annotation', () => {
      const { fleet } = eastWith(
        service(NS, NAME),
        latticeExport(NS, NAME, { federated: false, pickedUp: false }),
      );

      const status = compose(fleet);

      expect(status.overall).toBe('failing');
      const east = clusterIn(status, 'east');
      expect(east.state).toBe('ignored');
      expect(east.export).toMatchObject({ federated: false, pickedUp: false });
      const ignored = finding(status, 'export-missing-federation-annotation');
      expect(ignored).toMatchObject({ severity: 'error', cluster: 'east' });
      expect(ignored.detail).toContain(
        'ServiceExport shop/checkout in cluster east',
      );
      expect(ignored.action).toContain(
        'kubectl -n shop annotate serviceexports.application-networking.k8s.aws checkout application-networking.k8s.aws/federation=amazon-vpc-lattice',
      );
    });

    it('names the wrong value of the federation annotation', () => {
      const { fleet } = eastWith(
        service(NS, NAME),
        latticeExport(NS, NAME, { federationValue: 'true', pickedUp: false }),
      );

      const status = compose(fleet);

      expect(clusterIn(status, 'east').export?.federationValue).toBe('true');
      expect(finding(status, 'export-wrong-federation-value').detail).toContain(
        '"true"',
      );
    });

    it('shows an export the controller has not picked up yet as pending, then as a warning when it takes too long', () => {
      const fresh = new FleetBuilder();
      fresh.config();
      fresh
        .workload('east')
        .add(
          service(NS, NAME),
          latticeExport(NS, NAME, { pickedUp: false, createdMinutesAgo: 0.5 }),
        );
      const late = new FleetBuilder();
      late.config();
      late
        .workload('east')
        .add(
          service(NS, NAME),
          latticeExport(NS, NAME, { pickedUp: false, createdMinutesAgo: 20 }),
        );

      const freshStatus = compose(fresh);
      const lateStatus = compose(late);

      expect(freshStatus.overall).toBe('pending');
      expect(clusterIn(freshStatus, 'east').state).toBe('pending');
      expect(finding(freshStatus, 'export-pending-pickup').severity).toBe(
        'info',
      );
      const stuck = finding(lateStatus, 'export-pending-pickup');
      expect(stuck.severity).toBe('warning');
      expect(stuck.detail).toContain('it has waited 20 minutes');
      expect(stuck.action).toContain('aws-application-networking-system');
    });

    it('quotes the controller when the exported Service does not exist', () => {
      const fleet = new FleetBuilder();
      fleet.config();
      const serviceExport = latticeExport(NS, NAME);
      fleet.workload('east').add(
        serviceExport,
        event(serviceExport, {
          reason: 'FailedBuildModel',
          message: 'failed to build model: service shop/checkout not found',
          count: 4,
        }),
      );

      const status = compose(fleet);

      const east = clusterIn(status, 'east');
      expect(east.state).toBe('failed');
      expect(east.events[0]).toMatchObject({
        reason: 'FailedBuildModel',
        count: 4,
      });
      const missing = finding(status, 'export-service-missing');
      expect(missing.detail).toContain(
        'FailedBuildModel (4 times, last at 2026-11-21 11:59 UTC (1 minute ago)): "failed to build model: service shop/checkout not found"',
      );
      expect(missing.action).toContain(
        'Deploy Service shop/checkout to cluster east',
      );
      expect(status.overall).toBe('failing');
    });

    it('reports a failed deployment with the controller message while no target group exists', () => {
      const fleet = new FleetBuilder();
      fleet.config();
      const serviceExport = latticeExport(NS, NAME);
      fleet.workload('east').add(
        service(NS, NAME),
        serviceExport,
        event(serviceExport, {
          reason: 'FailedDeployModel',
          message:
            'AccessDeniedException: not authorized to perform vpc-lattice:CreateTargetGroup',
        }),
      );

      const status = compose(fleet);

      expect(clusterIn(status, 'east').state).toBe('failed');
      const failure = finding(status, 'export-controller-failure');
      expect(failure.title).toBe('Controller failed: FailedDeployModel');
      expect(failure.detail).toContain(
        'not authorized to perform vpc-lattice:CreateTargetGroup',
      );
      expect(failure.action).toContain('IAM permissions');
    });

    it('treats an earlier failure as transient once the target groups are in place', () => {
      const { fleet, east } = exportedFromEast();
      const [serviceExport] = east.serviceExports.items;
      east.add(
        event(serviceExport, {
          reason: 'FailedDeployModel',
          message: 'ConflictException: target group status: CREATE_IN_PROGRESS',
          minutesAgo: 3,
        }),
      );

      const status = compose(fleet);

      expect(clusterIn(status, 'east').state).toBe('healthy');
      expect(finding(status, 'export-recent-failure').severity).toBe('info');
    });

    it('ignores events of an earlier export with the same name', () => {
      const earlier = latticeExport(NS, NAME);
      const { fleet, east } = exportedFromEast();
      east.add(
        event(earlier, { reason: 'FailedBuildModel', message: 'old failure' }),
      );

      const status = compose(fleet);

      expect(clusterIn(status, 'east').events).toEqual([]);
    });

    it('flags an exported port the Service does not have', () => {
      const { fleet } = eastWith(
        service(NS, NAME, { ports: [{ port: 80 }] }),
        latticeExport(NS, NAME, {
          exportedPorts: [{ port: 8080, routeType: 'HTTP' }],
        }),
      );
      fleet.lattice.targetGroup({
        cluster: 'east',
        namespace: NS,
        exportName: NAME,
        port: 8080,
        targets: [],
      });

      const status = compose(fleet);

      expect(clusterIn(status, 'east').export?.exportedPorts[0]).toMatchObject({
        port: 8080,
        onService: false,
      });
      const port = finding(status, 'export-port-not-on-service');
      expect(port.detail).toContain(
        'exports port 8080, but Service shop/checkout has ports 80/TCP',
      );
      expect(ids(status)).toContain('targets-none-registered');
    });

    it('reports a target group Lattice could not create, with its failure message', () => {
      const { fleet } = eastWith(service(NS, NAME), latticeExport(NS, NAME));
      fleet.lattice.targetGroup({
        cluster: 'east',
        namespace: NS,
        exportName: NAME,
        status: 'CREATE_FAILED',
        failureMessage: 'Target group quota exceeded',
      });

      const status = compose(fleet);

      expect(clusterIn(status, 'east').state).toBe('failed');
      expect(finding(status, 'target-group-create-failed').detail).toContain(
        'Target group quota exceeded',
      );
    });

    it('is pending while a replaced target group is still being deleted', () => {
      const { fleet } = eastWith(service(NS, NAME), latticeExport(NS, NAME));
      fleet.lattice.targetGroup({
        cluster: 'east',
        namespace: NS,
        exportName: NAME,
        status: 'DELETE_IN_PROGRESS',
        targets: targets(1, 'DRAINING'),
      });

      const status = compose(fleet);

      expect(clusterIn(status, 'east')).toMatchObject({
        state: 'pending',
        stateReason: 'Target groups are being replaced.',
      });
    });

    it('rejects a dual-stack Service, which Lattice cannot take', () => {
      const { fleet } = eastWith(
        service(NS, NAME, { ipFamilies: ['IPv4', 'IPv6'] }),
        latticeExport(NS, NAME),
      );

      const status = compose(fleet);

      expect(
        finding(status, 'service-dual-stack-unsupported').action,
      ).toContain('SingleStack');
    });
  });

  describe('target health', () => {
    it('is healthy when every target passes its health checks', () => {
      const { fleet, config } = importedFromEast();
      routed(fleet, config, [{ name: 'checkout-east' }]);

      const status = compose(fleet);

      expect(status.overall).toBe('healthy');
      const east = clusterIn(status, 'east');
      expect(east.state).toBe('healthy');
      expect(east.stateReason).toBe('3 of 3 targets healthy.');
      expect(east.targetGroups[0].targets).toMatchObject({
        listed: true,
        total: 3,
        byStatus: { HEALTHY: 3 },
      });
      expect(status.findings.filter(f => f.severity !== 'info')).toEqual([]);
      expect(status.summary).toBe('Exported and healthy in east (healthy).');
    });

    it('is degraded when some targets fail, explaining the reason codes and what to check', () => {
      const { fleet, config } = importedFromEast([
        ...targets(2, 'HEALTHY'),
        ...targets(1, 'UNHEALTHY', 'Target.Timeout', 10),
      ]);
      routed(fleet, config, [{ name: 'checkout-east' }]);

      const status = compose(fleet);

      expect(status.overall).toBe('degraded');
      const east = clusterIn(status, 'east');
      expect(east.state).toBe('degraded');
      expect(east.targetGroups[0].targets.notHealthy).toEqual([
        {
          id: '10.1.0.10',
          port: 8080,
          status: 'UNHEALTHY',
          reasonCode: 'Target.Timeout',
        },
      ]);
      const partly = finding(status, 'targets-partly-healthy');
      expect(partly.title).toBe('1 of 3 targets unhealthy');
      expect(partly.detail).toContain(
        '1 UNHEALTHY (Target.Timeout): The target fails its health checks, so Lattice sends it no traffic: the health check timed out.',
      );
      expect(partly.action).toContain('com.amazonaws.<region>.vpc-lattice');
      expect(partly.action).toContain('spec.healthCheck.path');
    });

    it('is failing when no target is healthy', () => {
      const { fleet, config } = importedFromEast(
        targets(2, 'UNHEALTHY', 'HealthCheckFailed'),
      );
      routed(fleet, config, [{ name: 'checkout-east' }]);

      const status = compose(fleet);

      expect(status.overall).toBe('failing');
      expect(clusterIn(status, 'east').state).toBe('unhealthy');
      expect(finding(status, 'targets-unhealthy').severity).toBe('error');
    });

    it('says to request a route when all targets are UNUSED', () => {
      const { fleet } = exportedFromEast(
        targets(2, 'UNUSED', 'TargetGroupNotInUse'),
      );

      const status = compose(fleet);

      expect(status.overall).toBe('unused');
      expect(clusterIn(status, 'east').state).toBe('unused');
      const unused = finding(status, 'targets-unused');
      expect(unused.title).toBe('Exported, but no route uses it yet');
      expect(unused.action).toContain('Request a route');
    });

    it('is pending while the first health checks run', () => {
      const { fleet } = exportedFromEast(targets(2, 'INITIAL'));

      const status = compose(fleet);

      expect(status.overall).toBe('pending');
      expect(ids(status)).toContain('targets-initial');
    });
  });

  describe('across clusters', () => {
    it('reports a Service with different ports in different clusters', () => {
      const { fleet } = eastWith(
        service(NS, NAME, { ports: [{ port: 80 }] }),
        latticeExport(NS, NAME),
      );
      fleet
        .workload('west')
        .add(
          service(NS, NAME, { ports: [{ port: 8080 }] }),
          latticeExport(NS, NAME),
        );

      const status = compose(fleet);

      expect(status.conflicts).toEqual([
        {
          kind: 'ports',
          values: [
            { cluster: 'east', value: '80/TCP' },
            { cluster: 'west', value: '8080/TCP' },
          ],
        },
      ]);
      const conflict = finding(status, 'cross-cluster-conflict');
      expect(conflict.detail).toContain('east: 80/TCP; west: 8080/TCP');
    });

    it('shows an upstream MCS export with its conditions and quotes a conflict', () => {
      const fleet = new FleetBuilder();
      fleet.config();
      fleet
        .workload('mcs-1', 'mcs')
        .add(
          service(NS, NAME),
          mcsExport(NS, NAME, [
            condition('Valid', 'True', 'Valid'),
            condition('Ready', 'True', 'Exported'),
            condition(
              'Conflict',
              'True',
              'PortConflict',
              'port 80 differs from cluster mcs-2',
            ),
          ]),
        );

      const status = compose(fleet);

      const cluster = clusterIn(status, 'mcs-1');
      expect(cluster.state).toBe('degraded');
      expect(cluster.mcsExport).toMatchObject({
        apiVersion: 'multicluster.x-k8s.io/v1beta1',
        clustersetDnsName: 'checkout.shop.svc.clusterset.local',
      });
      expect(
        cluster.mcsExport?.conditions.map(c => `${c.type}=${c.status}`),
      ).toEqual(['Valid=True', 'Ready=True', 'Conflict=True']);
      expect(finding(status, 'mcs-export-conflict').detail).toContain(
        'Conflict=True (PortConflict: port 80 differs from cluster mcs-2)',
      );
    });

    it('fails an MCS export whose Valid condition is False', () => {
      const fleet = new FleetBuilder();
      fleet.config();
      fleet
        .workload('mcs-1', 'mcs')
        .add(
          mcsExport(NS, NAME, [
            condition('Valid', 'False', 'NoService', 'service not found'),
          ]),
        );

      const status = compose(fleet);

      expect(clusterIn(status, 'mcs-1').state).toBe('failed');
      expect(finding(status, 'mcs-export-invalid').action).toContain(
        'Create the Service',
      );
    });

    it('explains that the Lattice controller ignores an upstream MCS export', () => {
      const { fleet } = eastWith(
        service(NS, NAME),
        mcsExport(NS, NAME, [condition('Valid', 'True', 'Valid')]),
      );

      const status = compose(fleet);

      expect(clusterIn(status, 'east').state).toBe('ignored');
      expect(finding(status, 'export-wrong-api-group').detail).toContain(
        'multicluster.x-k8s.io/v1beta1 ServiceExport',
      );
    });
  });

  describe('imports and routes', () => {
    it('shows an accepted route with its weights, gateway, listener and matching DNS name', () => {
      const fleet = new FleetBuilder();
      const config = fleet.config();
      exportedIn(fleet, fleet.workload('east'));
      exportedIn(fleet, fleet.workload('west'));
      config.add(
        pinnedImport(NS, NAME, 'east'),
        pinnedImport(NS, NAME, 'west'),
      );
      const latticeService = routed(fleet, config, [
        { name: 'checkout-east', weight: 80 },
        { name: 'checkout-west', weight: 20 },
      ]);

      const status = compose(fleet);

      expect(
        status.imports.map(i => [i.name, i.resolution, i.pinnedCluster]),
      ).toEqual([
        ['checkout-east', 'resolved', 'east'],
        ['checkout-west', 'resolved', 'west'],
      ]);
      // Pinned imports cannot reach the other cluster: no exporting clusters repeated on each.
      expect(status.imports.map(i => i.exportingClusters)).toEqual([
        undefined,
        undefined,
      ]);
      const [checkout] = status.routes;
      expect(checkout).toMatchObject({
        kind: 'HTTPRoute',
        name: 'checkout',
        state: 'accepted',
        dns: { state: 'match', assigned: latticeService.dnsEntry?.domainName },
        latticeService: { name: 'checkout-shop', status: 'ACTIVE' },
      });
      expect(checkout.backends.map(b => [b.name, b.weight, b.share])).toEqual([
        ['checkout-east', 80, 80],
        ['checkout-west', 20, 20],
      ]);
      expect(checkout.parents[0]).toMatchObject({
        gatewayName: 'payments',
        sectionName: 'http',
        gatewayProgrammed: { status: 'True' },
        listeners: [{ name: 'http', protocol: 'HTTP', port: 80 }],
        serviceNetworkInLattice: true,
        associationStatus: 'ACTIVE',
      });
      expect(status.overall).toBe('healthy');
      expect(ids(status)).toEqual([]);
    });

    it('shows a TLS passthrough route by its SNI hostname, on the passthrough listener', () => {
      const { fleet, config } = importedFromEast();
      fleet.lattice.serviceNetwork('payments');
      const latticeService = fleet.lattice.service({
        name: 'vault-shop',
        customDomainName: 'vault.example.internal',
      });
      fleet.lattice.associate(latticeService.arn, 'payments');
      const payments = gateway('gateways', 'payments');
      payments.spec!.listeners!.push({
        name: 'tls',
        protocol: 'TLS',
        port: 8443,
        tls: { mode: 'Passthrough' },
      });
      config.add(
        payments,
        route('TLSRoute', NS, 'vault', {
          parentRefs: [
            { name: 'payments', namespace: 'gateways', sectionName: 'tls' },
          ],
          backends: [{ name: 'checkout-east' }],
          hostnames: ['vault.example.internal'],
          conditions: ACCEPTED,
          annotations: {
            [LATTICE_ANNOTATIONS.latticeAssignedDomainName]:
              latticeService.dnsEntry!.domainName!,
            [LATTICE_ANNOTATIONS.latticeServiceArn]: latticeService.arn,
          },
        }),
      );

      const status = compose(fleet);

      expect(status.imports[0].usedBy).toEqual([
        { kind: 'TLSRoute', namespace: NS, name: 'vault' },
      ]);
      const [vault] = status.routes;
      expect(vault).toMatchObject({
        kind: 'TLSRoute',
        state: 'accepted',
        hostnames: ['vault.example.internal'],
        dns: { state: 'match' },
        customDomain: { requested: 'vault.example.internal' },
        latticeService: { name: 'vault-shop' },
      });
      expect(vault.parents[0]).toMatchObject({
        sectionName: 'tls',
        listeners: [
          { name: 'tls', protocol: 'TLS', port: 8443, tlsMode: 'Passthrough' },
        ],
      });
      expect(ids(status)).toEqual([]);
    });

    it('says a route is standalone by its own annotation, or else by its Gateway', () => {
      const standaloneOn = (
        routeValue: string | undefined,
        gatewayValue: string | undefined,
      ) => {
        const { fleet, config } = importedFromEast();
        const payments = gateway('gateways', 'payments');
        if (gatewayValue)
          payments.metadata.annotations = {
            [LATTICE_ANNOTATIONS.standalone]: gatewayValue,
          };
        config.add(
          payments,
          route('HTTPRoute', NS, 'checkout', {
            backends: [{ name: 'checkout-east' }],
            conditions: ACCEPTED,
            annotations: routeValue
              ? { [LATTICE_ANNOTATIONS.standalone]: routeValue }
              : {},
          }),
        );
        return compose(fleet).routes[0].standalone;
      };
      expect(standaloneOn(undefined, undefined)).toBeUndefined();
      expect(standaloneOn('true', undefined)).toBe(true);
      expect(standaloneOn(undefined, 'true')).toBe(true);
      expect(standaloneOn('false', 'true')).toBeUndefined();
    });

    it('names a TLSRoute the controller refused in its findings, with a link to it', () => {
      const { fleet, config } = importedFromEast();
      config.add(
        gateway('gateways', 'payments'),
        route('TLSRoute', NS, 'vault', {
          backends: [{ name: 'checkout-east' }],
          hostnames: ['vault.example.internal'],
          conditions: [
            condition(
              'Accepted',
              'False',
              'NotAllowedByListeners',
              'TLSRoute is not allowed by listener "http"',
            ),
          ],
        }),
      );

      const refused = finding(compose(fleet), 'route-not-accepted');
      expect(refused.detail).toContain('TLSRoute shop/vault');
      expect(refused.detail).toContain(
        'a TLSRoute a TLS listener with tls.mode Passthrough',
      );
      expect(refused.objectRefs).toContainEqual(
        expect.objectContaining({
          kind: 'TLSRoute',
          apiVersion: 'gateway.networking.k8s.io/v1',
          name: 'vault',
        }),
      );
    });

    describe('a DNS name whose Lattice service is not in Lattice', () => {
      /** Lattice was last read from `readSince` (2 minutes ago); the route's conditions last moved `changedAt`. */
      function routeWithoutService(
        changedAt: string,
        readSince: string = minutesAgo(2),
      ) {
        const { fleet, config } = importedFromEast();
        fleet.lattice.serviceNetwork('payments');
        fleet.lattice.sync = { state: 'synced', lastSuccess: readSince };
        config.add(
          gateway('gateways', 'payments'),
          route('HTTPRoute', NS, 'checkout', {
            backends: [{ name: 'checkout-east' }],
            conditions: ACCEPTED.map(accepted => ({
              ...accepted,
              lastTransitionTime: changedAt,
            })),
            annotations: {
              [LATTICE_ANNOTATIONS.latticeAssignedDomainName]:
                'checkout-shop-0a1b2c3d4e5f60718.7d67968.vpc-lattice-svcs.us-west-2.on.aws',
            },
          }),
        );
        return compose(fleet);
      }

      it('says the service is gone when the route has not changed since Lattice was read', () => {
        const status = routeWithoutService(minutesAgo(5));

        expect(status.routes[0].dns.state).toBe('lattice-service-missing');
        expect(finding(status, 'dns-lattice-service-missing').detail).toContain(
          'no service behind it any more',
        );
      });

      it('does not call a service missing that the controller may have made after Lattice was read', () => {
        const status = routeWithoutService(minutesAgo(1));

        expect(status.routes[0].dns.state).toBe('lattice-not-listed-yet');
        expect(ids(status)).not.toContain('dns-lattice-service-missing');
      });

      it('does not call a service missing whose route moved in the second the Lattice read began (Kubernetes times have whole seconds)', () => {
        const status = routeWithoutService(
          '2026-11-21T11:58:05Z',
          '2026-11-21T11:58:05.400Z',
        );

        expect(status.routes[0].dns.state).toBe('lattice-not-listed-yet');
        expect(ids(status)).not.toContain('dns-lattice-service-missing');
      });
    });

    it('explains a route the controller did not accept', () => {
      const { fleet, config } = importedFromEast();
      routed(fleet, config, [{ name: 'checkout-east' }], {
        conditions: [
          condition(
            'Accepted',
            'False',
            'NotAllowedByListeners',
            'route kind GRPCRoute not allowed',
          ),
        ],
        dnsName: '',
      });

      const status = compose(fleet);

      expect(status.routes[0].state).toBe('not-accepted');
      expect(status.overall).toBe('degraded');
      const rejected = finding(status, 'route-not-accepted');
      expect(rejected.title).toBe('Route not accepted: NotAllowedByListeners');
      expect(rejected.detail).toContain(
        'HTTPRoute shop/checkout on Gateway gateways/payments (listener http) has Accepted=False, reason NotAllowedByListeners: "route kind GRPCRoute not allowed"',
      );
      expect(rejected.detail).toContain('a GRPCRoute needs an HTTPS listener');
      expect(ids(status)).not.toContain('dns-not-assigned');
    });

    it('reports a ServiceImport that resolves to no target group and the BackendNotFound it causes', () => {
      const fleet = new FleetBuilder();
      const config = fleet.config();
      fleet.workload('east').add(service(NS, NAME));
      config.add(serviceImport(NS, NAME));
      routed(fleet, config, [{ name: NAME }], {
        conditions: [
          condition('Accepted', 'True', 'Accepted'),
          condition(
            'ResolvedRefs',
            'False',
            'BackendNotFound',
            'target group not found',
          ),
        ],
      });

      const status = compose(fleet);

      expect(status.imports[0]).toMatchObject({
        mode: 'name',
        resolution: 'unresolved',
      });
      expect(status.routes[0].state).toBe('unresolved-refs');
      const unresolved = finding(status, 'import-unresolved');
      expect(unresolved.severity).toBe('error');
      expect(unresolved.detail).toContain(
        'Routes using it (HTTPRoute shop/checkout) report BackendNotFound',
      );
      expect(finding(status, 'route-refs-unresolved').title).toBe(
        'Route backends not resolved: BackendNotFound',
      );
    });

    it('warns about the first-match pitfall of an unpinned import when several clusters export', () => {
      const fleet = new FleetBuilder();
      const config = fleet.config();
      exportedIn(fleet, fleet.workload('east'));
      exportedIn(
        fleet,
        fleet.workload('west'),
        targets(2, 'UNUSED', 'TargetGroupNotInUse'),
      );
      config.add(serviceImport(NS, NAME));
      routed(fleet, config, [{ name: NAME }]);

      const status = compose(fleet);

      expect(status.imports[0]).toMatchObject({
        resolution: 'ambiguous',
        exportingClusters: ['east', 'west'],
      });
      expect(status.imports[0].candidates.map(c => c.cluster)).toEqual([
        'east',
        'west',
      ]);
      const pitfall = finding(status, 'import-unpinned-multiple-clusters');
      expect(pitfall.detail).toContain('all its traffic goes to one cluster');
      expect(pitfall.action).toContain(
        'application-networking.k8s.aws/export-name: checkout and application-networking.k8s.aws/aws-eks-cluster-name: <cluster>',
      );
      const westUnused = status.findings.find(
        f => f.id === 'targets-unused' && f.cluster === 'west',
      );
      expect(westUnused?.title).toBe('No route reaches this cluster');
    });

    it('finds imports by target-group-arn and by the export-name annotation', () => {
      const fleet = new FleetBuilder();
      const config = fleet.config();
      const group = exportedIn(fleet, fleet.workload('east'));
      config.add(
        serviceImport('other', 'checkout-direct', {
          [LATTICE_ANNOTATIONS.targetGroupArn]: group.targetGroup.arn,
        }),
        serviceImport(NS, 'checkout-any', {
          [LATTICE_ANNOTATIONS.exportName]: NAME,
        }),
        serviceImport(NS, 'unrelated'),
      );

      const status = compose(fleet);

      expect(
        status.imports.map(i => [i.namespace, i.name, i.mode, i.resolution]),
      ).toEqual([
        ['shop', 'checkout-any', 'export-name', 'resolved'],
        ['other', 'checkout-direct', 'target-group-arn', 'resolved'],
      ]);
      expect(ids(status)).toContain('import-unused');
    });

    it('flags a DNS name on the route that Lattice does not serve', () => {
      const { fleet, config } = importedFromEast();
      routed(fleet, config, [{ name: 'checkout-east' }], {
        dnsName: 'checkout-shop-0aaa.7d67968.vpc-lattice-svcs.us-west-2.on.aws',
        latticeDnsName:
          'checkout-shop-0bbb.7d67968.vpc-lattice-svcs.us-west-2.on.aws',
      });

      const status = compose(fleet);

      expect(status.routes[0].dns).toEqual({
        state: 'mismatch',
        assigned:
          'checkout-shop-0aaa.7d67968.vpc-lattice-svcs.us-west-2.on.aws',
        lattice: 'checkout-shop-0bbb.7d67968.vpc-lattice-svcs.us-west-2.on.aws',
      });
      expect(finding(status, 'dns-mismatch').action).toContain(
        'Use checkout-shop-0bbb.7d67968.vpc-lattice-svcs.us-west-2.on.aws',
      );
    });

    it('says the DNS name is not assigned yet while the controller has not reported', () => {
      const { fleet, config } = importedFromEast();
      routed(fleet, config, [{ name: 'checkout-east' }], {
        conditions: [],
        dnsName: '',
      });

      const status = compose(fleet);

      expect(status.routes[0].state).toBe('pending');
      expect(status.routes[0].dns.state).toBe('not-assigned');
      expect(ids(status)).toEqual(
        expect.arrayContaining(['route-pending', 'dns-not-assigned']),
      );
    });

    it('warns that a hostname edited after creation does not change the custom domain', () => {
      const { fleet, config } = importedFromEast();
      routed(fleet, config, [{ name: 'checkout-east' }], {
        hostnames: ['checkout.new.example.com'],
        customDomainName: 'checkout.example.com',
      });

      const status = compose(fleet);

      expect(status.routes[0].customDomain).toEqual({
        state: 'changed-after-creation',
        requested: 'checkout.new.example.com',
        lattice: 'checkout.example.com',
      });
      expect(
        finding(status, 'custom-domain-changed-after-creation').detail,
      ).toContain('#642');
    });

    it('explains a Gateway whose service network is missing in Lattice', () => {
      const fleet = new FleetBuilder();
      const config = fleet.config();
      exportedIn(fleet, fleet.workload('east'));
      config.add(
        pinnedImport(NS, NAME, 'east'),
        gateway('gateways', 'orders', [
          condition('Accepted', 'True', 'Accepted'),
          condition(
            'Programmed',
            'False',
            'Pending',
            'VPC Lattice Service Network not found',
          ),
        ]),
        route('HTTPRoute', NS, 'checkout', {
          parentRefs: [{ name: 'orders', namespace: 'gateways' }],
          backends: [{ name: 'checkout-east' }],
          conditions: ACCEPTED,
        }),
      );

      const status = compose(fleet);

      expect(status.routes[0].parents[0]).toMatchObject({
        serviceNetwork: 'orders',
        serviceNetworkInLattice: false,
        gatewayProgrammed: { status: 'False', reason: 'Pending' },
      });
      const missing = finding(status, 'gateway-not-programmed');
      expect(missing.title).toBe('Service network missing in VPC Lattice');
      expect(missing.detail).toContain(
        '"VPC Lattice Service Network not found"',
      );
      expect(missing.action).toContain(
        'kind ServiceNetwork, metadata.name orders',
      );
    });
  });

  describe('data freshness', () => {
    it("says target groups are being read while tags that may be the export's are pending, not that none exist", () => {
      const { fleet, config } = eastWith(
        service(NS, NAME),
        latticeExport(NS, NAME),
      );
      config.add(pinnedImport(NS, NAME, 'east'));
      fleet.lattice.untaggedExports.add(`${NS}/${NAME}`);

      const reading = compose(fleet);

      expect(clusterIn(reading, 'east')).toMatchObject({
        state: 'unknown',
        stateReason: expect.stringMatching(/being read from VPC Lattice/),
      });
      expect(reading.imports.map(i => i.resolution)).toEqual(['unknown']);
      expect(reading.findings.filter(f => f.severity === 'error')).toEqual([]);

      fleet.lattice.untaggedExports.clear();
      const read = compose(fleet);

      expect(clusterIn(read, 'east').state).toBe('pending');
      expect(read.imports.map(i => i.resolution)).toEqual(['unresolved']);
    });

    it('shows a stale cluster from its last known data, marked stale', () => {
      const { fleet, east } = exportedFromEast(targets(2, 'UNUSED'));
      east.syncAll({
        state: 'stale',
        reason: 'watch dropped',
        lastSuccess: minutesAgo(12),
      });

      const status = compose(fleet);

      const cluster = clusterIn(status, 'east');
      expect(cluster).toMatchObject({ state: 'unused', stale: true });
      expect(cluster.sync).toEqual({
        state: 'stale',
        reason: 'watch dropped',
        lastSuccess: minutesAgo(12),
      });
      const stale = finding(status, 'cluster-data-stale');
      expect(stale).toMatchObject({ severity: 'warning', cluster: 'east' });
      expect(stale.detail).toBe(
        'The backend is not receiving updates from cluster east (watch dropped). What you see for it is the data as of 2026-11-21 11:48 UTC (12 minutes ago).',
      );
    });

    it('treats data older than staleAfterMs as stale even when the source says synced', () => {
      const { fleet, east } = exportedFromEast();
      east.syncAll({ state: 'synced', lastSuccess: minutesAgo(30) });

      const status = compose(fleet, { staleAfterMs: 10 * 60_000 });

      expect(clusterIn(status, 'east').sync).toMatchObject({
        state: 'stale',
        reason: 'no update for 30 minutes',
      });
      expect(ids(status)).toContain('cluster-data-stale');
    });

    it('shows an unreachable cluster with no earlier data as unknown', () => {
      const { fleet, east } = eastWith(service(NS, NAME));
      east.syncAll({
        state: 'unreachable',
        reason: 'connect ECONNREFUSED 10.0.0.1:443',
      });

      const status = compose(fleet);

      expect(status.overall).toBe('unknown');
      const shown = clusterIn(status, 'east');
      expect(shown.state).toBe('unknown');
      expect(shown.service).toBeUndefined();
      expect(shown.stateReason).toContain(
        'cannot be reached (connect ECONNREFUSED 10.0.0.1:443)',
      );
      expect(finding(status, 'cluster-unreachable').detail).toContain(
        'holds no earlier data, so its state is unknown',
      );
      expect(ids(status)).not.toContain('not-exported');
    });

    it('shows an unreachable cluster with earlier data from that data', () => {
      const { fleet, east } = exportedFromEast(targets(1, 'UNUSED'));
      east.syncAll({
        state: 'unreachable',
        reason: 'timeout',
        lastSuccess: minutesAgo(3),
      });

      const status = compose(fleet);

      expect(clusterIn(status, 'east')).toMatchObject({
        state: 'unused',
        stale: true,
      });
      expect(finding(status, 'cluster-unreachable').detail).toContain(
        'data as of 2026-11-21 11:57 UTC (3 minutes ago)',
      );
    });

    it('cannot judge target health before Lattice is loaded', () => {
      const { fleet } = exportedFromEast();
      fleet.lattice.sync = { state: 'pending' };

      const status = compose(fleet);

      expect(clusterIn(status, 'east')).toMatchObject({
        state: 'unknown',
        stateReason: 'VPC Lattice data is not loaded yet.',
        targetGroups: [],
      });
      expect(status.overall).toBe('unknown');
      expect(ids(status)).toContain('lattice-data-pending');
    });

    it('takes a first Lattice read cut short for no data: a target group not listed yet is not missing', () => {
      const { fleet, config } = eastWith(
        service(NS, NAME),
        latticeExport(NS, NAME),
      );
      config.add(pinnedImport(NS, NAME, 'east'));
      fleet.lattice.sync = {
        state: 'stale',
        reason:
          'a refresh takes longer than 30 s; not yet refreshed: target groups',
      };

      const status = compose(fleet);

      expect(clusterIn(status, 'east')).toMatchObject({
        state: 'unknown',
        stateReason: 'VPC Lattice data is not loaded yet.',
      });
      expect(status.imports.map(i => i.resolution)).toEqual(['unknown']);
      expect(status.findings.filter(f => f.severity === 'error')).toEqual([]);
    });
  });

  it('reads the snapshot through lookups only, never walking a whole cluster', () => {
    const { fleet, config } = importedFromEast();
    routed(fleet, config, [{ name: 'checkout-east' }]);

    expect(compose(fleet, { forbidScans: true }).overall).toBe('healthy');
  });
});
