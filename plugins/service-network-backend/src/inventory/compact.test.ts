import {
  compactEvent,
  compactGateway,
  compactRoute,
  compactService,
} from './compact';
import type { KubeObject } from './snapshot';

const type = { apiVersion: 'v1', kind: 'Service' };

describe('compaction', () => {
  it('keeps what status reads and drops managedFields, last-applied-configuration, labels and the rest', () => {
    const raw = {
      metadata: {
        name: 'cart',
        namespace: 'shop',
        uid: 'u1',
        resourceVersion: '42',
        labels: { app: 'cart' },
        annotations: {
          'kubectl.kubernetes.io/last-applied-configuration': '{"huge":true}',
          'application-networking.k8s.aws/federation': 'amazon-vpc-lattice',
        },
        managedFields: [{ manager: 'kubectl', fieldsV1: {} }],
        ownerReferences: [{ kind: 'Thing' }],
      },
      spec: {
        type: 'ClusterIP',
        clusterIP: '10.0.0.1',
        selector: { app: 'cart' },
        sessionAffinity: 'None',
        ports: [
          {
            name: 'http',
            port: 80,
            targetPort: 8080,
            protocol: 'TCP',
            nodePort: 30080,
          },
        ],
      },
      status: { loadBalancer: {} },
    } as unknown as KubeObject;
    const compacted = compactService(raw, type);
    expect(JSON.parse(JSON.stringify(compacted))).toEqual({
      apiVersion: 'v1',
      kind: 'Service',
      metadata: {
        name: 'cart',
        namespace: 'shop',
        uid: 'u1',
        annotations: {
          'application-networking.k8s.aws/federation': 'amazon-vpc-lattice',
        },
      },
      spec: {
        type: 'ClusterIP',
        clusterIP: '10.0.0.1',
        ports: [{ name: 'http', port: 80, targetPort: 8080, protocol: 'TCP' }],
      },
    });
  });

  it('shares the parts that recur between objects, read-only', () => {
    const service = (name: string) =>
      ({
        metadata: {
          name,
          namespace: 'shop',
          annotations: { 'example.com/team': 'payments' },
        },
        spec: {
          type: 'ClusterIP',
          clusterIP: `10.0.0.${name.length}`,
          ipFamilies: ['IPv4'],
          ports: [{ name: 'http', port: 80, protocol: 'TCP' }],
        },
      } as unknown as KubeObject);
    const cart = compactService(service('cart'), type);
    const orders = compactService(service('orders'), type);
    expect(cart.spec!.ports).toBe(orders.spec!.ports);
    expect(cart.spec!.ipFamilies).toBe(orders.spec!.ipFamilies);
    expect(cart.metadata.annotations).toBe(orders.metadata.annotations);
    expect(cart.spec!.clusterIP).not.toBe(orders.spec!.clusterIP);
    expect(Object.isFrozen(cart.spec!.ports![0])).toBe(true);
  });

  it('keeps route backends, matches, parents and their conditions', () => {
    const raw = {
      metadata: { name: 'r', namespace: 'shop' },
      spec: {
        parentRefs: [{ name: 'gw', sectionName: 'http' }],
        rules: [
          {
            matches: [{ path: { value: '/' } }],
            filters: [],
            backendRefs: [{ name: 'cart', kind: 'ServiceImport', weight: 5 }],
          },
        ],
      },
      status: {
        parents: [
          {
            parentRef: { name: 'gw' },
            controllerName:
              'application-networking.k8s.aws/gateway-api-controller',
            conditions: [
              {
                type: 'Accepted',
                status: 'True',
                reason: 'Accepted',
                message: '',
              },
            ],
          },
        ],
      },
    } as unknown as KubeObject;
    const route = JSON.parse(
      JSON.stringify(
        compactRoute(raw, {
          apiVersion: 'gateway.networking.k8s.io/v1',
          kind: 'HTTPRoute',
        }),
      ),
    );
    // Filters go; matches stay, for the overlap check of route requests.
    expect(route.spec.rules).toEqual([
      {
        backendRefs: [{ name: 'cart', kind: 'ServiceImport', weight: 5 }],
        matches: [{ path: { value: '/' } }],
      },
    ]);
    expect(route.status.parents[0].conditions).toEqual([
      { type: 'Accepted', status: 'True', reason: 'Accepted', message: '' },
    ]);
  });

  it('keeps Gateway listeners and the routes attached to each, for the route request form', () => {
    const raw = {
      metadata: { name: 'payments', namespace: 'gateways' },
      spec: {
        gatewayClassName: 'amazon-vpc-lattice',
        listeners: [
          {
            name: 'https',
            protocol: 'HTTPS',
            port: 443,
            hostname: '*.example.com',
            tls: {
              mode: 'Terminate',
              options: {
                'application-networking.k8s.aws/certificate-arn': 'arn:cert',
              },
            },
            allowedRoutes: { namespaces: { from: 'All' } },
          },
        ],
      },
      status: {
        listeners: [
          {
            name: 'https',
            attachedRoutes: 2,
            supportedKinds: [{ kind: 'HTTPRoute' }, { kind: 'GRPCRoute' }],
            conditions: [],
          },
        ],
      },
    } as unknown as KubeObject;
    const gateway = JSON.parse(
      JSON.stringify(
        compactGateway(raw, {
          apiVersion: 'gateway.networking.k8s.io/v1',
          kind: 'Gateway',
        }),
      ),
    );
    expect(gateway.spec.listeners).toEqual([
      {
        name: 'https',
        protocol: 'HTTPS',
        port: 443,
        hostname: '*.example.com',
        tls: { mode: 'Terminate' },
      },
    ]);
    expect(gateway.status.listeners).toEqual([
      { name: 'https', attachedRoutes: 2, conditions: [] },
    ]);
  });

  it('stores times as Date#toISOString writes them, whatever form they came in', () => {
    const compacted = compactService(
      {
        metadata: {
          name: 'cart',
          namespace: 'shop',
          creationTimestamp: '2026-11-21T10:00:00Z',
          deletionTimestamp: new Date('2026-11-21T11:30:00Z'),
        },
      } as KubeObject,
      type,
    );
    expect(compacted.metadata.creationTimestamp).toBe(
      '2026-11-21T10:00:00.000Z',
    );
    expect(compacted.metadata.deletionTimestamp).toBe(
      '2026-11-21T11:30:00.000Z',
    );
  });

  it('caps long event messages', () => {
    const raw = {
      metadata: { name: 'e', namespace: 'shop' },
      involvedObject: {
        kind: 'ServiceExport',
        name: 'cart',
        namespace: 'shop',
      },
      reason: 'FailedDeployModel',
      message: 'x'.repeat(5000),
      source: { component: 'serviceExport' },
    } as unknown as KubeObject;
    const compacted = compactEvent(raw, { apiVersion: 'v1', kind: 'Event' });
    expect(compacted.message!.length).toBeLessThan(1100);
    expect(compacted.reason).toBe('FailedDeployModel');
  });
});
