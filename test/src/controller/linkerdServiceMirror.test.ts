import { service } from '../fleet/objects';
import { loadProjectCrds } from '../kube/crdManifests';
import { createObjectStore } from '../kube/store';
import { KubeObject, ObjectStore } from '../kube/types';
import { RESOURCES } from './constants';
import { LINKERD_GATEWAY, LinkerdServiceMirror, selects, startLinkerdServiceMirror } from './linkerdServiceMirror';

const CRDS = loadProjectCrds();
let stores: Record<string, ObjectStore>;
let mirror: LinkerdServiceMirror;

beforeEach(() => {
  stores = {};
  for (const name of ['east', 'west']) {
    const store = createObjectStore();
    for (const crd of CRDS) store.create(RESOURCES.customResourceDefinitions, crd);
    stores[name] = store;
  }
  mirror = startLinkerdServiceMirror({
    members: Object.entries(stores).map(([name, store]) => ({ name, store })),
  });
});

afterEach(() => mirror.stop());

/** The slice the endpoint controller would write for a Service's pods. */
function slice(namespace: string, name: string, ready: boolean): KubeObject {
  return {
    apiVersion: 'discovery.k8s.io/v1',
    kind: 'EndpointSlice',
    metadata: {
      name: `${name}-abcde`,
      namespace,
      labels: { 'kubernetes.io/service-name': name, 'endpointslice.kubernetes.io/managed-by': 'endpointslice-controller.k8s.io' },
    },
    addressType: 'IPv4',
    endpoints: [{ addresses: ['10.1.0.5'], conditions: { ready } }],
    ports: [{ name: 'http', port: 8080, protocol: 'TCP' }],
  };
}

function checkoutIn(cluster: string, labels: Record<string, string>, ready = true): void {
  const object = service('shop', 'checkout', '172.20.0.10', [{ name: 'http', port: 80, targetPort: 8080 }]);
  stores[cluster].apply(
    RESOURCES.services,
    { ...object, metadata: { ...object.metadata, labels: { ...object.metadata.labels, ...labels } } },
    { fieldManager: 'test', force: true },
  );
  stores[cluster].apply(RESOURCES.endpointSlices, slice('shop', 'checkout', ready), { fieldManager: 'test', force: true });
}

/** The target's multicluster gateway, with a ready or an unready pod. */
function gatewayIn(cluster: string, alive: boolean): void {
  stores[cluster].apply(RESOURCES.endpointSlices, slice(LINKERD_GATEWAY.namespace, LINKERD_GATEWAY.name, alive), {
    fieldManager: 'test',
    force: true,
  });
}

function linkIn(cluster: string, target: string, spec: Record<string, unknown> = {}): void {
  stores[cluster].create(RESOURCES.linkerdLinks, {
    apiVersion: 'multicluster.linkerd.io/v1alpha2',
    kind: 'Link',
    metadata: { name: target, namespace: 'linkerd-multicluster' },
    spec: { targetClusterName: target, gatewayAddress: '203.0.113.7', gatewayPort: '4143', ...spec },
  });
}

const get = (cluster: string, name: string) => stores[cluster].get(RESOURCES.services, 'shop', name);
const mirrorSlices = (cluster: string) =>
  stores[cluster]
    .list(RESOURCES.endpointSlices, 'shop')
    .filter(s => s.metadata.labels?.['endpointslice.kubernetes.io/managed-by'] === 'endpointslicemirroring-controller.k8s.io');

describe('the Linkerd service mirror simulator', () => {
  it('mirrors a Service labelled exported into the linked cluster as <svc>-<target>, with the gateway as its endpoint', async () => {
    checkoutIn('east', { 'mirror.linkerd.io/exported': 'true' });
    gatewayIn('east', true);
    linkIn('west', 'east');
    await mirror.idle();

    expect(get('west', 'checkout-east')?.metadata).toMatchObject({
      labels: { 'mirror.linkerd.io/mirrored-service': 'true', 'mirror.linkerd.io/cluster-name': 'east' },
      annotations: { 'mirror.linkerd.io/remote-svc-fq-name': 'checkout.shop.svc.cluster.local' },
    });
    expect(mirrorSlices('west')).toEqual([
      expect.objectContaining({
        metadata: expect.objectContaining({
          labels: expect.objectContaining({
            'kubernetes.io/service-name': 'checkout-east',
            'mirror.linkerd.io/cluster-name': 'east',
          }),
        }),
        endpoints: [{ addresses: ['203.0.113.7'], conditions: { ready: true } }],
        ports: [{ name: 'http', port: 4143, protocol: 'TCP' }],
      }),
    ]);
    // Nothing goes the other way without a Link in east.
    expect(get('east', 'checkout-west')).toBeUndefined();
  });

  it('removes the mirror and its slice when the label goes', async () => {
    checkoutIn('east', { 'mirror.linkerd.io/exported': 'true' });
    gatewayIn('east', true);
    linkIn('west', 'east');
    await mirror.idle();

    checkoutIn('east', { 'mirror.linkerd.io/exported': 'false' });
    await mirror.idle();

    expect(get('west', 'checkout-east')).toBeUndefined();
    expect(mirrorSlices('west')).toEqual([]);
  });

  it('shows a gateway that is down as not ready, and leaves the mirror of a Service without ready pods without endpoints', async () => {
    checkoutIn('east', { 'mirror.linkerd.io/exported': 'true' });
    gatewayIn('east', false);
    linkIn('west', 'east');
    await mirror.idle();
    expect(mirrorSlices('west')[0].endpoints).toEqual([{ addresses: ['203.0.113.7'], conditions: { ready: false } }]);

    gatewayIn('east', true);
    checkoutIn('east', { 'mirror.linkerd.io/exported': 'true' }, false);
    await mirror.idle();
    expect(mirrorSlices('west')[0].endpoints).toEqual([]);
  });

  it('mirrors remote-discovery without local endpoints, labelled for the destination controller', async () => {
    checkoutIn('east', { 'mirror.linkerd.io/exported': 'remote-discovery' });
    linkIn('west', 'east');
    await mirror.idle();

    expect(get('west', 'checkout-east')?.metadata.labels).toMatchObject({
      'multicluster.linkerd.io/remote-discovery': 'east',
      'multicluster.linkerd.io/remote-service': 'checkout',
    });
    expect(mirrorSlices('west')).toEqual([]);
  });

  it("joins federated members of linked clusters and the cluster's own into <svc>-federated", async () => {
    checkoutIn('east', { 'mirror.linkerd.io/federated': 'member' });
    checkoutIn('west', { 'mirror.linkerd.io/federated': 'member' });
    linkIn('west', 'east');
    await mirror.idle();

    expect(get('west', 'checkout-federated')?.metadata.annotations).toEqual({
      'multicluster.linkerd.io/remote-discovery': 'checkout@east',
      'multicluster.linkerd.io/local-discovery': 'checkout',
    });
    expect(get('east', 'checkout-federated')?.metadata.annotations).toEqual({
      'multicluster.linkerd.io/local-discovery': 'checkout',
    });
  });

  it("follows the Link's own selector", async () => {
    checkoutIn('east', { 'mirror.linkerd.io/exported': 'true', tier: 'web' });
    linkIn('west', 'east', { selector: { matchExpressions: [{ key: 'tier', operator: 'In', values: ['api'] }] } });
    await mirror.idle();

    expect(get('west', 'checkout-east')).toBeUndefined();
    expect(selects({}, { tier: 'web' })).toBe(false);
  });
});
