import { createObjectStore } from '../kube/store';
import { ObjectStore } from '../kube/types';
import { RESOURCES } from './constants';
import { installIstioMesh } from './istioMesh';

const SECRETS = { group: '', plural: 'secrets' };
const NAMESPACES = { group: '', plural: 'namespaces' };
const ROLE_BINDINGS = { group: 'rbac.authorization.k8s.io', plural: 'rolebindings' };

function stores(...names: string[]): Record<string, ObjectStore> {
  return Object.fromEntries(names.map(name => [name, createObjectStore()]));
}

const secretNames = (store: ObjectStore) =>
  store.listReadOnly(SECRETS, 'istio-system').map(secret => secret.metadata.name).sort();

describe('the Istio mesh simulator', () => {
  it('installs multi-primary as the guide does: network labels, east-west gateways and a remote secret for every peer', () => {
    const clusters = stores('east', 'west', 'north');
    installIstioMesh({
      members: Object.entries(clusters).map(([name, store]) => ({ name, store, network: `net-${name}` })),
    });

    const east = clusters.east;
    expect(east.getReadOnly(NAMESPACES, undefined, 'istio-system')?.metadata.labels).toMatchObject({
      'topology.istio.io/network': 'net-east',
    });
    const gateway = east.getReadOnly(RESOURCES.services, 'istio-system', 'istio-eastwestgateway');
    expect(gateway?.metadata.labels).toMatchObject({ istio: 'eastwestgateway', 'topology.istio.io/network': 'net-east' });
    expect((gateway?.spec as { ports: Array<{ port: number }> }).ports.map(p => p.port)).toContain(15443);
    expect(secretNames(east)).toEqual(['istio-remote-secret-north', 'istio-remote-secret-west']);
    const secret = east.getReadOnly(SECRETS, 'istio-system', 'istio-remote-secret-west');
    expect(secret?.metadata.labels).toEqual({ 'istio/multiCluster': 'true' });
    expect(secret?.metadata.annotations).toEqual({ 'networking.istio.io/cluster': 'west' });
    // The kubeconfig is stored as data, as the API server stores stringData.
    expect(Object.keys(secret?.data as object)).toEqual(['west']);
    // The backend's Role in istio-system, as an adopter applies it.
    expect(east.getReadOnly(ROLE_BINDINGS, 'istio-system', 'service-network-istio')).toBeDefined();
  });

  it('gives only the primary remote secrets in primary-remote, and leaves out a gateway when told to', () => {
    const clusters = stores('primary', 'remote');
    installIstioMesh({
      model: 'primary-remote',
      members: [
        { name: 'primary', store: clusters.primary, network: 'net-1' },
        { name: 'remote', store: clusters.remote, network: 'net-1', eastWestGateway: false },
      ],
    });

    expect(secretNames(clusters.primary)).toEqual(['istio-remote-secret-remote']);
    expect(secretNames(clusters.remote)).toEqual([]);
    // The remote names its control plane's cluster, as the guide annotates it.
    expect(clusters.remote.getReadOnly(NAMESPACES, undefined, 'istio-system')?.metadata.annotations).toEqual({
      'topology.istio.io/controlPlaneClusters': 'primary',
    });
    expect(clusters.primary.getReadOnly(NAMESPACES, undefined, 'istio-system')?.metadata.annotations).toBeUndefined();
    expect(clusters.remote.getReadOnly(RESOURCES.services, 'istio-system', 'istio-eastwestgateway')).toBeUndefined();
  });
});
