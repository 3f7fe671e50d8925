/*
 * The seed scenario end to end through the real clients, once with our own
 * CRDs and once with the real upstream CRDs installed instead.
 */
import {
  GetServiceCommand,
  ListTagsForResourceCommand,
  ListTargetsCommand,
  paginateListTargetGroups,
  VPCLatticeClient,
} from '@aws-sdk/client-vpc-lattice';
import type { KubernetesObject, KubernetesObjectApi } from '@kubernetes/client-node';
import { loadCrdsFromDir, referenceCrdsDir } from '../kube/crdManifests';
import { KubeObject } from '../kube/types';
import { startFleet, Fleet, FleetCluster } from './fleet';
import {
  deployment,
  gateway,
  gatewayClass,
  httpRoute,
  pinnedServiceImport,
  service,
  serviceExport,
} from './objects';
import { DEMO_SERVICES, DEMO_TLS_HOSTNAME, GKE_DEMO_SERVICES, seedDemoFleet } from './seed';

const DNS_ANNOTATION = 'application-networking.k8s.aws/lattice-assigned-domain-name';
const ARN_ANNOTATION = 'application-networking.k8s.aws/lattice-service-arn';
const FIELD_MANAGER = 'seed-scenario-test';

async function objectApi(cluster: FleetCluster): Promise<KubernetesObjectApi> {
  const k8s = await import('@kubernetes/client-node');
  const config = new k8s.KubeConfig();
  config.loadFromOptions({
    clusters: [{ name: cluster.name, server: cluster.url, caData: cluster.caData }],
    users: [{ name: 'admin', token: cluster.token }],
    contexts: [{ name: cluster.name, cluster: cluster.name, user: 'admin' }],
    currentContext: cluster.name,
  });
  return k8s.KubernetesObjectApi.makeApiClient(config);
}

async function apply(api: KubernetesObjectApi, objects: KubeObject[]) {
  const { PatchStrategy } = await import('@kubernetes/client-node');
  for (const object of objects) {
    await api.patch(object as KubernetesObject, undefined, undefined, FIELD_MANAGER, true, PatchStrategy.ServerSideApply);
  }
}

function latticeClient(fleet: Fleet) {
  return new VPCLatticeClient({
    endpoint: fleet.lattice.url,
    region: fleet.lattice.region,
    credentials: { accessKeyId: fleet.lattice.accessKeyId, secretAccessKey: fleet.lattice.secretAccessKey },
  });
}

const reference = referenceCrdsDir();
// The third column: whether the clusters serve GKE's kinds (ours define them; the upstream reference folder has none).
const crdSources: Array<[string, () => KubeObject[] | undefined, boolean]> = [['our own CRDs', () => undefined, true]];
if (reference) {
  crdSources.push(['the real upstream CRDs', () => loadCrdsFromDir(reference), false]);
} else {
  // eslint-disable-next-line no-console
  console.log('Skipping the real-CRD runs: ../shared/reference/crds is not beside the repository');
}

describe.each(crdSources)('the simulated fleet with %s', (_label, crds, servesGke) => {
  let fleet: Fleet;

  beforeEach(async () => {
    fleet = await startFleet({ workloadClusters: 2, crds: crds() });
  });
  afterEach(() => fleet.close());

  it('plays the seed scenario: export, import and route give a DNS name Lattice agrees with', async () => {
    const lattice = latticeClient(fleet);
    const workload = await objectApi(fleet.cluster('workload-1'));
    const config = await objectApi(fleet.configCluster);
    fleet.lattice.state.createServiceNetwork({ name: 'gateway-1' });

    await apply(config, [gatewayClass(), gateway('default', 'gateway-1')]);
    // The workload as a user applies it: the cluster's controller-manager runs its pods and writes the EndpointSlice.
    await apply(workload, [
      service('default', 'service-1', '172.20.1.10'),
      deployment('default', 'service-1', 2),
      serviceExport('default', 'service-1', { federated: true }),
    ]);
    await fleet.idle();

    const exported = await workload.read({
      apiVersion: 'application-networking.k8s.aws/v1alpha1',
      kind: 'ServiceExport',
      metadata: { name: 'service-1', namespace: 'default' },
    });
    expect(exported.metadata?.finalizers).toContain('serviceexport.k8s.aws/resources');

    const targetGroups = [];
    for await (const page of paginateListTargetGroups({ client: lattice }, {})) targetGroups.push(...(page.items ?? []));
    const tagged = await Promise.all(
      targetGroups.map(async tg => ({ tg, tags: (await lattice.send(new ListTagsForResourceCommand({ resourceArn: tg.arn }))).tags ?? {} })),
    );
    const exportGroups = tagged.filter(
      ({ tags }) =>
        tags['application-networking.k8s.aws/ServiceName'] === 'service-1' &&
        tags['application-networking.k8s.aws/ClusterName'] === 'workload-1' &&
        tags['application-networking.k8s.aws/SourceTypeKey'] === 'ServiceExport',
    );
    expect(exportGroups).toHaveLength(1);
    expect(exportGroups[0].tg).toMatchObject({ port: 80, protocol: 'HTTP', status: 'ACTIVE' });

    await apply(config, [
      pinnedServiceImport('default', 'service-1-workload-1', 'service-1', 'workload-1'),
      httpRoute('default', 'httproute-1', [{ gateway: 'gateway-1', section: 'http' }], [
        { importName: 'service-1-workload-1', weight: 100 },
      ]),
    ]);
    await fleet.idle();

    const route = await config.read({
      apiVersion: 'gateway.networking.k8s.io/v1',
      kind: 'HTTPRoute',
      metadata: { name: 'httproute-1', namespace: 'default' },
    });
    const dnsName = route.metadata?.annotations?.[DNS_ANNOTATION];
    expect(dnsName).toMatch(/^httproute-1-default-[0-9a-z]+\..+\.vpc-lattice-svcs\.us-west-2\.on\.aws$/);
    const accepted = (route as { status?: { parents?: Array<{ conditions: Array<{ type: string; status: string }> }> } })
      .status?.parents?.[0]?.conditions?.find(c => c.type === 'Accepted');
    expect(accepted?.status).toBe('True');

    const latticeService = await lattice.send(
      new GetServiceCommand({ serviceIdentifier: route.metadata!.annotations![ARN_ANNOTATION] }),
    );
    expect(latticeService.dnsEntry?.domainName).toBe(dnsName);

    // Once a rule forwards to it, the group's targets are health-checked rather than UNUSED.
    const targets = await lattice.send(new ListTargetsCommand({ targetGroupIdentifier: exportGroups[0].tg.id! }));
    expect(targets.items?.map(t => t.status)).toEqual(['HEALTHY', 'HEALTHY']);
  });

  it('seeds the demo topology: every route with DNS, the unannotated export ignored', async () => {
    seedDemoFleet(fleet);
    await fleet.idle();

    const routes = fleet.configCluster.store.list({ group: 'gateway.networking.k8s.io', plural: 'httproutes' });
    expect(routes.map(r => r.metadata.name).sort()).toEqual(['httproute-1', 'httproute-2', 'httproute-3', 'httproute-4']);
    const resolvedRefs = (name: string) =>
      (routes.find(r => r.metadata.name === name) as { status?: { parents?: Array<{ conditions: Array<{ type: string; reason: string }> }> } })
        .status?.parents?.[0]?.conditions?.find(c => c.type === 'ResolvedRefs')?.reason;
    for (const route of routes) {
      expect(route.metadata.annotations?.[DNS_ANNOTATION]).toBeTruthy();
    }
    expect(['httproute-1', 'httproute-2', 'httproute-3'].map(resolvedRefs)).toEqual(['ResolvedRefs', 'ResolvedRefs', 'ResolvedRefs']);
    // service-5 is not exported yet: its route waits for a target group.
    expect(resolvedRefs('httproute-4')).toBe('BackendNotFound');
    const ignored = fleet.cluster('workload-1').store.get(
      { group: 'application-networking.k8s.aws', plural: 'serviceexports' },
      'default',
      'service-4',
    );
    expect(ignored?.metadata.finalizers ?? []).toEqual([]);

    // service-6 is reached by TLS passthrough, by its hostname.
    const [tls] = fleet.configCluster.store.list({ group: 'gateway.networking.k8s.io', plural: 'tlsroutes' });
    expect(tls.metadata.name).toBe('tlsroute-1');
    expect(tls.metadata.annotations?.[DNS_ANNOTATION]).toMatch(/^tlsroute-1-default-/);
    const passthrough = fleet.lattice.state.findServiceByName('tlsroute-1-default')!;
    expect(passthrough.customDomainName).toBe(DEMO_TLS_HOSTNAME);
    expect(fleet.lattice.state.listListeners(passthrough.id).map(l => l.protocol)).toEqual(['TLS_PASSTHROUGH']);

    const federatedExports = DEMO_SERVICES.flatMap(s =>
      Object.values(s.clusters).filter(c => c.export === 'federated'),
    ).length;
    const exportGroups = fleet.lattice.state
      .listTargetGroups()
      .filter(tg => fleet.lattice.state.tagsOf(tg.arn)['application-networking.k8s.aws/SourceTypeKey'] === 'ServiceExport');
    expect(exportGroups).toHaveLength(federatedExports);

    // GKE's part of the demo only where the clusters serve net.gke.io and networking.gke.io.
    const names = (cluster: FleetCluster, resource: { group: string; plural: string }) =>
      cluster.store.serves(resource) ? cluster.store.list(resource).map(o => o.metadata.name).sort() : [];
    const gkeExported = (cluster: string) =>
      GKE_DEMO_SERVICES.filter(s => s.clusters[cluster]?.export).map(s => s.name).sort();
    for (const cluster of ['workload-1', 'workload-2']) {
      expect(names(fleet.cluster(cluster), { group: 'net.gke.io', plural: 'serviceexports' })).toEqual(
        servesGke ? gkeExported(cluster) : [],
      );
    }
    expect(names(fleet.configCluster, { group: 'networking.gke.io', plural: 'multiclusterservices' })).toEqual(
      servesGke ? ['orders'] : [],
    );
    // Nor GKE's Services without their exports.
    expect(names(fleet.cluster('workload-1'), { group: '', plural: 'services' }).includes('orders')).toBe(servesGke);
  });
});
