import { KubeObject } from '../kube/types';
import { evaluateParents, ParentLookups } from './routeParents';

function gateway(
  name: string,
  listeners: unknown[],
  namespace = 'infra',
): KubeObject {
  return {
    apiVersion: 'gateway.networking.k8s.io/v1',
    kind: 'Gateway',
    metadata: { name, namespace },
    spec: { gatewayClassName: 'amazon-vpc-lattice', listeners },
  };
}

function route(
  kind: string,
  parentRefs: unknown[],
  namespace = 'infra',
): KubeObject {
  return {
    apiVersion: 'gateway.networking.k8s.io/v1',
    kind,
    metadata: { name: 'checkout', namespace },
    spec: { parentRefs },
  };
}

const network = gateway('network', [
  { name: 'http', protocol: 'HTTP', port: 80 },
  {
    name: 'https',
    protocol: 'HTTPS',
    port: 443,
    allowedRoutes: { namespaces: { from: 'All' } },
  },
  {
    name: 'teams',
    protocol: 'HTTP',
    port: 8080,
    allowedRoutes: {
      namespaces: {
        from: 'Selector',
        selector: { matchLabels: { team: 'shop' } },
      },
    },
  },
]);

const lookups: ParentLookups = {
  controlledGateway: (namespace, name) =>
    namespace === 'infra' && name === 'network' ? network : undefined,
  namespaceLabels: (namespace): Record<string, string> =>
    namespace === 'shop' ? { team: 'shop' } : {},
};

describe('evaluateParents', () => {
  it('accepts a route on the listener its sectionName names', () => {
    const [parent] = evaluateParents(
      route('HTTPRoute', [{ name: 'network', sectionName: 'http' }]),
      'HTTPRoute',
      lookups,
    );
    expect(parent.reason).toBe('Accepted');
    expect(parent.listeners.map(l => l.name)).toEqual(['http']);
  });

  it('uses the first listener when no sectionName is given', () => {
    const [parent] = evaluateParents(
      route('HTTPRoute', [{ name: 'network' }]),
      'HTTPRoute',
      lookups,
    );
    expect(parent.listeners.map(l => l.name)).toEqual(['http']);
  });

  it('reports a sectionName without a listener as NoMatchingParent', () => {
    const [parent] = evaluateParents(
      route('HTTPRoute', [{ name: 'network', sectionName: 'grpc' }]),
      'HTTPRoute',
      lookups,
    );
    expect(parent).toMatchObject({
      reason: 'NoMatchingParent',
      message: expect.stringContaining('"grpc"'),
    });
  });

  it('refuses a GRPCRoute on an HTTP listener and takes it on HTTPS', () => {
    const [onHttp] = evaluateParents(
      route('GRPCRoute', [{ name: 'network', sectionName: 'http' }]),
      'GRPCRoute',
      lookups,
    );
    expect(onHttp).toMatchObject({
      reason: 'NotAllowedByListeners',
      message: expect.stringContaining('GRPCRoute'),
    });
    const [onHttps] = evaluateParents(
      route('GRPCRoute', [{ name: 'network', sectionName: 'https' }]),
      'GRPCRoute',
      lookups,
    );
    expect(onHttps.reason).toBe('Accepted');
  });

  it('applies allowedRoutes.namespaces: Same by default, All, or a label selector', () => {
    const fromShop = (sectionName: string) =>
      evaluateParents(
        route(
          'HTTPRoute',
          [{ name: 'network', namespace: 'infra', sectionName }],
          'shop',
        ),
        'HTTPRoute',
        lookups,
      )[0];
    expect(fromShop('http').reason).toBe('NotAllowedByListeners');
    expect(fromShop('https').reason).toBe('Accepted');
    expect(fromShop('teams').reason).toBe('Accepted');
    const fromWeb = evaluateParents(
      route(
        'HTTPRoute',
        [{ name: 'network', namespace: 'infra', sectionName: 'teams' }],
        'web',
      ),
      'HTTPRoute',
      lookups,
    )[0];
    expect(fromWeb.reason).toBe('NotAllowedByListeners');
  });

  it('leaves parents that are not this controller’s Gateways out', () => {
    expect(
      evaluateParents(
        route('HTTPRoute', [
          { name: 'other' },
          { name: 'network', kind: 'Service', group: '' },
        ]),
        'HTTPRoute',
        lookups,
      ),
    ).toEqual([]);
  });
});
