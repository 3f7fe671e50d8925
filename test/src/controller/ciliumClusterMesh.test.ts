import { service } from '../fleet/objects';
import { loadProjectCrds } from '../kube/crdManifests';
import { createObjectStore } from '../kube/store';
import { KubeObject, ObjectStore } from '../kube/types';
import { CiliumClusterMesh, startCiliumClusterMesh } from './ciliumClusterMesh';
import { RESOURCES } from './constants';

const CRDS = loadProjectCrds();
const MESH_LABEL = 'endpointslice.kubernetes.io/managed-by';
let stores: Record<string, ObjectStore>;
let mesh: CiliumClusterMesh;

beforeEach(() => {
  stores = {};
  for (const name of ['east', 'west', 'north']) {
    const store = createObjectStore();
    for (const crd of CRDS) store.create(RESOURCES.customResourceDefinitions, crd);
    stores[name] = store;
  }
  mesh = startCiliumClusterMesh({
    members: Object.entries(stores).map(([name, store]) => ({ name, store })),
  });
});

afterEach(() => mesh.stop());

/** The Service with these annotations, and the slice the endpoint controller would write for its pod. */
function serviceIn(cluster: string, annotations: Record<string, string>, podIp: string): void {
  const object = service('shop', 'catalog', '172.20.0.10', [{ name: 'http', port: 80, targetPort: 8080 }]);
  stores[cluster].create(RESOURCES.services, { ...object, metadata: { ...object.metadata, annotations } });
  stores[cluster].create(RESOURCES.endpointSlices, {
    apiVersion: 'discovery.k8s.io/v1',
    kind: 'EndpointSlice',
    metadata: {
      name: 'catalog-abcde',
      namespace: 'shop',
      labels: { 'kubernetes.io/service-name': 'catalog', [MESH_LABEL]: 'endpointslice-controller.k8s.io' },
    },
    addressType: 'IPv4',
    endpoints: [{ addresses: [podIp], conditions: { ready: true } }],
    ports: [{ name: 'http', port: 8080, protocol: 'TCP' }],
  });
}

function meshSlices(cluster: string): KubeObject[] {
  return stores[cluster]
    .list(RESOURCES.endpointSlices, 'shop')
    .filter(slice => slice.metadata.labels?.[MESH_LABEL] === 'endpointslice-mesh-controller.cilium.io');
}

const SYNCED = {
  'service.cilium.io/global': 'true',
  'service.cilium.io/global-sync-endpoint-slices': 'true',
};

describe('the Cilium Cluster Mesh simulator', () => {
  it("writes each sharing member's endpoints into the others as mesh EndpointSlices labelled with their source cluster", async () => {
    serviceIn('east', SYNCED, '10.1.0.5');
    serviceIn('west', SYNCED, '10.2.0.5');
    serviceIn('north', {}, '10.3.0.5');
    await mesh.idle();

    expect(meshSlices('east')).toEqual([
      expect.objectContaining({
        metadata: expect.objectContaining({
          name: 'catalog-west',
          labels: {
            'kubernetes.io/service-name': 'catalog',
            [MESH_LABEL]: 'endpointslice-mesh-controller.cilium.io',
            'multicluster.kubernetes.io/source-cluster': 'west',
          },
          ownerReferences: [expect.objectContaining({ kind: 'Service', name: 'catalog' })],
        }),
        endpoints: [{ addresses: ['10.2.0.5'], conditions: { ready: true } }],
        ports: [{ name: 'http', port: 8080, protocol: 'TCP' }],
      }),
    ]);
    expect(meshSlices('west').map(s => s.metadata.name)).toEqual(['catalog-east']);
    // north's copy is not global: it gets nothing and gives nothing.
    expect(meshSlices('north')).toEqual([]);
  });

  it('stops sharing a member that says shared: "false", and removes the slices when the Service stops being global', async () => {
    serviceIn('east', SYNCED, '10.1.0.5');
    serviceIn('west', { ...SYNCED, 'service.cilium.io/shared': 'false' }, '10.2.0.5');
    await mesh.idle();

    expect(meshSlices('east')).toEqual([]);
    expect(meshSlices('west').map(s => s.metadata.name)).toEqual(['catalog-east']);

    const west = stores.west.get(RESOURCES.services, 'shop', 'catalog')!;
    stores.west.update(RESOURCES.services, { ...west, metadata: { ...west.metadata, annotations: {} } });
    await mesh.idle();
    expect(meshSlices('west')).toEqual([]);
  });

  it("syncs a ClusterIP global service's slices only when asked, as Cilium does by default", async () => {
    serviceIn('east', { 'service.cilium.io/global': 'true' }, '10.1.0.5');
    serviceIn('west', { 'service.cilium.io/global': 'true' }, '10.2.0.5');
    await mesh.idle();

    expect(meshSlices('east')).toEqual([]);
  });
});
