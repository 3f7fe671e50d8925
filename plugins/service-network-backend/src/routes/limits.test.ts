import { KubeObjectManifest } from '@service-network/backstage-plugin-service-network-common';
import { latticeServiceNameProblem, routeLimitViolations } from './limits';

const backend = (weight: number) => ({
  kind: 'ServiceImport',
  name: `import-${weight}`,
  weight,
});

function route(kind: string, rules: unknown[]): KubeObjectManifest {
  return {
    apiVersion: 'gateway.networking.k8s.io/v1',
    kind,
    metadata: { name: 'checkout', namespace: 'shop' },
    spec: { parentRefs: [{ name: 'gateway-1' }], rules },
  };
}

describe('routeLimitViolations', () => {
  it('accepts what the planner writes', () => {
    const httpRoute = route('HTTPRoute', [
      {
        matches: [
          {
            path: { type: 'PathPrefix', value: '/' },
            headers: [{ type: 'Exact', name: 'a', value: 'b' }],
            method: 'GET',
          },
        ],
        backendRefs: [backend(0), backend(999)],
      },
    ]);
    expect(routeLimitViolations(httpRoute, { protocol: 'HTTP' })).toEqual([]);
    expect(routeLimitViolations(httpRoute, { protocol: 'HTTPS' })).toEqual([]);
    const grpcRoute = route('GRPCRoute', [
      {
        matches: [{ method: { type: 'Exact', service: 'shop.Checkout' } }],
        backendRefs: [backend(1)],
      },
    ]);
    expect(routeLimitViolations(grpcRoute, { protocol: 'HTTPS' })).toEqual([]);
    const tlsRoute = route('TLSRoute', [{ backendRefs: [backend(10)] }]);
    expect(
      routeLimitViolations(tlsRoute, {
        protocol: 'TLS',
        tlsMode: 'Passthrough',
      }),
    ).toEqual([]);
  });

  it.each<[string, KubeObjectManifest, string, RegExp]>([
    [
      'two matches in a rule',
      route('HTTPRoute', [
        {
          matches: [
            { path: { type: 'Exact', value: '/a' } },
            { method: 'GET' },
          ],
          backendRefs: [backend(1)],
        },
      ]),
      'HTTP',
      /^rule 1: 2 matches; the controller supports one match per rule$/,
    ],
    [
      'a regular-expression path',
      route('HTTPRoute', [
        {
          matches: [{ path: { type: 'RegularExpression', value: '/v[0-9]' } }],
        },
      ]),
      'HTTP',
      /^rule 1: path match type RegularExpression is not supported \(Exact or PathPrefix only\)$/,
    ],
    [
      'six header matches',
      route('HTTPRoute', [
        {
          matches: [
            {
              headers: Array.from({ length: 6 }, (_, i) => ({
                name: `h${i}`,
                value: 'v',
              })),
            },
          ],
        },
      ]),
      'HTTP',
      /^rule 1: 6 header matches; at most 5 are supported$/,
    ],
    [
      'a regular-expression header match',
      route('HTTPRoute', [
        {
          matches: [
            {
              headers: [
                { type: 'RegularExpression', name: 'x-a', value: '.*' },
              ],
            },
          ],
        },
      ]),
      'HTTP',
      /^rule 1: header x-a uses match type RegularExpression; only Exact is supported$/,
    ],
    [
      'a query parameter match',
      route('HTTPRoute', [
        { matches: [{ queryParams: [{ name: 'q', value: '1' }] }] },
      ]),
      'HTTP',
      /query parameter matches are not supported/,
    ],
    [
      'a filter',
      route('HTTPRoute', [{ filters: [{ type: 'RequestRedirect' }] }]),
      'HTTP',
      /filters are ignored by the controller/,
    ],
    [
      '11 backends',
      route('HTTPRoute', [
        { backendRefs: Array.from({ length: 11 }, () => backend(1)) },
      ]),
      'HTTP',
      /^rule 1: 11 backends; VPC Lattice forwards to at most 10$/,
    ],
    [
      'a weight of 1000',
      route('HTTPRoute', [{ backendRefs: [backend(1000)] }]),
      'HTTP',
      /weight 1000 is outside 0 to 999/,
    ],
    [
      'a backend kind the controller cannot resolve',
      route('HTTPRoute', [{ backendRefs: [{ kind: 'Pod', name: 'p' }] }]),
      'HTTP',
      /backend kind Pod is not supported \(Service or ServiceImport\)/,
    ],
    [
      'gRPC on an HTTP listener',
      route('GRPCRoute', []),
      'HTTP',
      /^GRPCRoute needs an HTTPS listener, and the chosen listener is HTTP$/,
    ],
    [
      'HTTP on a TLS listener',
      route('HTTPRoute', []),
      'TLS',
      /^HTTPRoute needs an HTTP or HTTPS listener, and the chosen listener is TLS$/,
    ],
    [
      'a gRPC method without service',
      route('GRPCRoute', [{ matches: [{ method: { method: 'Get' } }] }]),
      'HTTPS',
      /a gRPC method match needs a service/,
    ],
    [
      'a gRPC regular-expression method',
      route('GRPCRoute', [
        {
          matches: [{ method: { type: 'RegularExpression', service: 'a.B' } }],
        },
      ]),
      'HTTPS',
      /gRPC method match type RegularExpression is not supported/,
    ],
    [
      'a TLSRoute on a TLS listener that terminates',
      route('TLSRoute', []),
      'TLS',
      /^TLSRoute needs a TLS listener with tls.mode Passthrough, and the chosen listener is TLS$/,
    ],
    [
      'a TLSRoute on an HTTPS listener',
      route('TLSRoute', []),
      'HTTPS',
      /^TLSRoute needs a TLS listener with tls.mode Passthrough/,
    ],
    [
      'a TCPRoute',
      route('TCPRoute', []),
      'TCP',
      /TCPRoute is not a route kind the planner writes/,
    ],
  ])('flags %s', (_what, manifest, protocol, violation) => {
    expect(routeLimitViolations(manifest, { protocol })).toContainEqual(
      expect.stringMatching(violation),
    );
  });
});

describe('latticeServiceNameProblem', () => {
  it.each(['checkout-shop', 'abc', 'a'.repeat(40)])('accepts %s', name => {
    expect(latticeServiceNameProblem(name)).toBeUndefined();
  });

  it.each([
    'ab',
    'a'.repeat(41),
    'svc-checkout',
    'check--out',
    'Checkout-shop',
    'checkout_shop',
  ])('refuses %s', name => {
    expect(latticeServiceNameProblem(name)).toContain(`"${name}", is invalid`);
  });
});
