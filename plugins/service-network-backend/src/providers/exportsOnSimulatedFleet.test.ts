/*
 * The GKE and Cilium providers' exports through the plugin's REST API,
 * against the simulated fleet with GKE's MCS controller and Cilium's mesh
 * running, written with the real clients and the backend's own RBAC.
 */
import { mockCredentials, mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { applyAll, service as serviceObject, startFleet } from '@service-network/simulated-fleet';
import { entityRest, outcomes } from '../__testUtils__/entityRest';
import { componentEntity, eventually, Fleet, rawConfigFor } from '../inventory/__testUtils__/fleet';
import { serviceNetworkPlugin } from '../plugin';

const ALICE = mockCredentials.user.header('user:default/alice');
const SERVICES = { group: '', plural: 'services' };
const GKE_EXPORTS = { group: 'net.gke.io', plural: 'serviceexports' };
const GLOBAL = 'service.cilium.io/global';
const PROVIDERS = ['gke-mcs', 'cilium-clustermesh'];

describe('GKE and Cilium exports on the simulated fleet', () => {
  let fleet: Fleet;
  let server: Awaited<ReturnType<typeof startTestBackend>>['server'];

  const { post, status } = entityRest(() => server, ALICE);
  const stored = (cluster: string, name: string) => fleet.cluster(cluster).store.get(SERVICES, 'default', name);

  beforeAll(async () => {
    fleet = await startFleet({ reconcileDelayMs: 0, gkeFleet: true, ciliumMesh: true });
    for (const cluster of fleet.workloadClusters) {
      const octet = cluster.name.slice(-1);
      const catalog = serviceObject('default', 'catalog', `172.20.${octet}.30`);
      applyAll(cluster.store, [
        // Someone else's annotation, which the export must leave alone.
        { ...catalog, metadata: { ...catalog.metadata, annotations: { 'example.com/owner': 'team-a' } } },
        serviceObject('default', 'orders', `172.20.${octet}.31`),
      ]);
    }
    const contested = serviceObject('default', 'contested', '172.20.1.32');
    applyAll(fleet.cluster('workload-1').store, [
      { ...contested, metadata: { ...contested.metadata, annotations: { [GLOBAL]: 'false' } } },
    ]);
    ({ server } = await startTestBackend({
      features: [
        serviceNetworkPlugin,
        catalogServiceMock.factory({ entities: ['catalog', 'orders', 'contested'].map(componentEntity) }),
        mockServices.rootConfig.factory({
          data: rawConfigFor(fleet, {
            providers: { 'workload-1': PROVIDERS, 'workload-2': PROVIDERS },
            settings: { refresh: { latticeIntervalSeconds: 1 } },
          }),
        }),
      ],
    }));
    await eventually('every cluster in sync', async () => {
      const current = await status('catalog');
      return current.clusters?.length === 2 && current.clusters.every(c => c.sync.state === 'synced');
    });
  });

  afterAll(async () => {
    await fleet.close();
  });

  it('plans only the global annotation of the Service, applies it under our field manager, and leaves the rest of the Service as it was', async () => {
    const before = stored('workload-1', 'catalog');
    const expected = {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 'catalog', namespace: 'default', annotations: { [GLOBAL]: 'true' } },
    };

    const dryRun = await post('catalog', 'export', { provider: 'cilium-clustermesh', dryRun: true });
    expect(dryRun.status).toBe(200);
    expect(dryRun.body.results).toEqual([
      { cluster: 'workload-1', outcome: 'planned', object: expected },
      { cluster: 'workload-2', outcome: 'planned', object: expected },
    ]);
    expect(stored('workload-1', 'catalog')?.metadata.resourceVersion).toBe(before?.metadata.resourceVersion);

    const exported = await post('catalog', 'export', { provider: 'cilium-clustermesh' });
    expect(outcomes(exported.body)).toEqual([['workload-1', 'applied'], ['workload-2', 'applied']]);
    const after = stored('workload-1', 'catalog')!;
    expect(after.metadata.annotations).toEqual({ 'example.com/owner': 'team-a', [GLOBAL]: 'true' });
    expect(after.spec).toEqual(before?.spec);
    const ours = after.metadata.managedFields?.find(f => f.manager === 'backstage-service-network');
    expect(JSON.stringify(ours?.fieldsV1)).toBe(JSON.stringify({ 'f:metadata': { 'f:annotations': { [`f:${GLOBAL}`]: {} } } }));

    const live = await eventually('the status to show the global service', async () => {
      const current = await status('catalog');
      return current.clusters.every(c => c.providers.find(p => p.provider === 'cilium-clustermesh')?.state === 'healthy')
        ? current
        : undefined;
    });
    expect(live.clusters[0].providers.find(p => p.provider === 'cilium-clustermesh')?.servedFrom).toEqual(['workload-1', 'workload-2']);

    const again = await post('catalog', 'export', { provider: 'cilium-clustermesh' });
    expect(outcomes(again.body)).toEqual([['workload-1', 'unchanged'], ['workload-2', 'unchanged']]);
  });

  it('stops exporting by giving up only our field: the annotation goes, the rest stays', async () => {
    await eventually('the export to be seen', async () =>
      (await status('catalog')).clusters.every(c => c.ciliumGlobal?.global) || undefined,
    );
    const unexported = await post('catalog', 'unexport', { provider: 'cilium-clustermesh', clusters: ['workload-2'] });
    expect(outcomes(unexported.body)).toEqual([['workload-2', 'deleted']]);
    expect(stored('workload-2', 'catalog')?.metadata.annotations).toEqual({ 'example.com/owner': 'team-a' });
    expect(stored('workload-1', 'catalog')?.metadata.annotations?.[GLOBAL]).toBe('true');

    const again = await post('catalog', 'unexport', { provider: 'cilium-clustermesh', clusters: ['workload-2'] });
    expect(outcomes(again.body)).toEqual([['workload-2', 'absent']]);
  });

  it("refuses, writing nothing, where someone else's manager owns the annotation with another value", async () => {
    const before = stored('workload-1', 'contested')?.metadata.resourceVersion;

    const refused = await post('contested', 'export', { provider: 'cilium-clustermesh', clusters: ['workload-1'] });

    expect(refused.status).toBe(409);
    expect(refused.body.error.message).toContain('Nothing was exported');
    expect(refused.body.error.message).toContain(GLOBAL);
    expect(stored('workload-1', 'contested')?.metadata.resourceVersion).toBe(before);
  });

  it("writes a net.gke.io ServiceExport that GKE's controller makes Exported, and deletes it again", async () => {
    const expected = { apiVersion: 'net.gke.io/v1', kind: 'ServiceExport', metadata: { name: 'orders', namespace: 'default' } };
    const exported = await post('orders', 'export', { provider: 'gke-mcs' });
    expect(exported.body.results).toEqual([
      { cluster: 'workload-1', outcome: 'applied', object: expected, resourceVersion: expect.any(String) },
      { cluster: 'workload-2', outcome: 'applied', object: expected, resourceVersion: expect.any(String) },
    ]);

    const live = await eventually('GKE to export it', async () => {
      const current = await status('orders');
      return current.clusters.every(c => c.gkeImport && c.providers[0].state === 'healthy') ? current : undefined;
    });
    expect(live.clusters[0].providers[0]).toMatchObject({
      provider: 'gke-mcs',
      callName: 'orders.default.svc.clusterset.local',
      servedFrom: [
        'projects/123456789012/locations/global/memberships/workload-1',
        'projects/123456789012/locations/global/memberships/workload-2',
      ],
    });
    expect(live.clusters[0].gkeExport?.conditions.map(c => c.type)).toEqual(['Initialized', 'Exported', 'Conflict']);

    const unexported = await post('orders', 'unexport', { provider: 'gke-mcs' });
    expect(outcomes(unexported.body)).toEqual([['workload-1', 'deleted'], ['workload-2', 'deleted']]);
    expect(fleet.cluster('workload-1').store.get(GKE_EXPORTS, 'default', 'orders')).toBeUndefined();
  });
});
