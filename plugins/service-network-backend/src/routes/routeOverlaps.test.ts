import type { RouteRequest } from '@service-network/backstage-plugin-service-network-common';
import type { RouteMatch, RouteObject } from '../inventory/snapshot';
import { findRouteOverlaps, withOverlaps } from './routeOverlaps';

function route(
  name: string,
  options: {
    kind?: string;
    listener?: string;
    gateway?: string;
    hostnames?: string[];
    matches?: RouteMatch[][];
  } = {},
): RouteObject {
  return {
    apiVersion: 'gateway.networking.k8s.io/v1',
    kind: options.kind ?? 'HTTPRoute',
    metadata: { namespace: 'default', name },
    spec: {
      parentRefs: [
        {
          name: options.gateway ?? 'gateway-1',
          ...(options.listener === undefined
            ? {}
            : { sectionName: options.listener }),
        },
      ],
      ...(options.hostnames ? { hostnames: options.hostnames } : {}),
      rules: (options.matches ?? [[]]).map(matches => ({
        matches,
        backendRefs: [{ name: 'backend' }],
      })),
    },
  };
}

const asked = route('asked', {
  listener: 'http',
  matches: [[{ path: { type: 'PathPrefix', value: '/api' }, method: 'GET' }]],
});
const names = (others: RouteObject[]) =>
  findRouteOverlaps(
    asked,
    others.map(r => ({ route: r })),
  ).map(o => o.route.name);

describe('findRouteOverlaps', () => {
  it('names a route on the same listener matching the same path and method, and says what both share', () => {
    expect(
      findRouteOverlaps(asked, [
        { route: route('everything', { listener: 'http' }) },
      ]),
    ).toEqual([
      {
        route: { kind: 'HTTPRoute', namespace: 'default', name: 'everything' },
        listener: 'gateway-1 (default), listener http',
        hostname: 'any hostname',
        match: 'GET, path prefix /api',
      },
    ]);
  });

  it('counts a parentRef without a listener as attached to every listener of its gateway', () => {
    expect(
      findRouteOverlaps(asked, [{ route: route('all-listeners') }])[0].listener,
    ).toBe('gateway-1 (default), listener http');
    expect(
      names([
        route('other-listener', { listener: 'https' }),
        route('other-gateway', { gateway: 'gateway-2' }),
      ]),
    ).toEqual([]);
  });

  it('needs a hostname in common; a route without hostnames serves them all', () => {
    const named = route('named', {
      listener: 'http',
      hostnames: ['shop.example.com'],
    });
    const withHostname = {
      ...asked,
      spec: { ...asked.spec, hostnames: ['shop.example.com'] },
    };
    expect(findRouteOverlaps(asked, [{ route: named }])[0].hostname).toBe(
      'shop.example.com',
    );
    expect(
      findRouteOverlaps(withHostname, [
        {
          route: route('wildcard', {
            listener: 'http',
            hostnames: ['*.example.com'],
          }),
        },
      ])[0].hostname,
    ).toBe('shop.example.com');
    expect(
      findRouteOverlaps(withHostname, [
        {
          route: route('elsewhere', {
            listener: 'http',
            hostnames: ['cart.example.com'],
          }),
        },
      ]),
    ).toEqual([]);
  });

  it('compares paths by segment, exact against prefix, and methods and headers that exclude each other', () => {
    const match = (m: RouteMatch) =>
      route(JSON.stringify(m), { listener: 'http', matches: [[m]] });
    const overlapping = [
      match({ path: { type: 'PathPrefix', value: '/api/v2' } }),
      match({ path: { type: 'Exact', value: '/api/cart' }, method: 'GET' }),
      match({
        path: { type: 'PathPrefix', value: '/' },
        headers: [{ name: 'x-canary', value: '1' }],
      }),
    ];
    const apart = [
      match({ path: { type: 'PathPrefix', value: '/apiv2' } }),
      match({ path: { type: 'Exact', value: '/' } }),
      match({ path: { type: 'PathPrefix', value: '/api' }, method: 'POST' }),
    ];
    expect(names([...overlapping, ...apart])).toEqual(
      overlapping.map(r => r.metadata.name),
    );
    expect(findRouteOverlaps(asked, [{ route: overlapping[1] }])[0].match).toBe(
      'GET, path /api/cart',
    );

    const canary = route('canary', {
      listener: 'http',
      matches: [[{ headers: [{ name: 'X-Canary', value: '1' }] }]],
    });
    const stable = route('stable', {
      listener: 'http',
      matches: [[{ headers: [{ name: 'x-canary', value: '0' }] }]],
    });
    expect(findRouteOverlaps(canary, [{ route: stable }])).toEqual([]);
  });

  it('matches gRPC routes by service and method, and TLS routes by hostname alone', () => {
    const grpc = (
      name: string,
      method?: { service?: string; method?: string },
    ) =>
      route(name, {
        kind: 'GRPCRoute',
        listener: 'https',
        matches: [method ? [{ method }] : []],
      });
    const cart = grpc('cart', { service: 'shop.Cart', method: 'Get' });
    expect(
      findRouteOverlaps(cart, [
        { route: grpc('any') },
        { route: grpc('cart-any', { service: 'shop.Cart' }) },
        { route: grpc('cart-put', { service: 'shop.Cart', method: 'Put' }) },
        { route: grpc('orders', { service: 'shop.Orders' }) },
      ]).map(o => [o.route.name, o.match]),
    ).toEqual([
      ['any', 'gRPC shop.Cart/Get'],
      ['cart-any', 'gRPC shop.Cart/Get'],
    ]);

    const tls = (name: string, hostname: string) =>
      route(name, { kind: 'TLSRoute', listener: 'tls', hostnames: [hostname] });
    expect(
      findRouteOverlaps(tls('db', 'db.example.com'), [
        { route: tls('db-too', 'db.example.com') },
        { route: tls('cache', 'cache.example.com') },
      ]).map(o => o.route.name),
    ).toEqual(['db-too']);
  });

  it('leaves out the route itself and routes of another kind', () => {
    expect(
      names([asked, route('grpc', { kind: 'GRPCRoute', listener: 'http' })]),
    ).toEqual([]);
  });
});

describe('withOverlaps', () => {
  const request = (
    id: string,
    state: RouteRequest['state'],
    planned: RouteObject,
  ) =>
    ({
      id,
      state,
      route: {
        kind: planned.kind,
        namespace: 'default',
        name: planned.metadata.name,
      },
      plan: {
        objects: [{ cluster: 'config', object: planned, action: 'create' }],
        latticeServiceName: 'x',
        problems: [],
      },
    } as unknown as RouteRequest);

  it("adds to pending requests the cluster's routes and the other open requests they overlap, and leaves the rest", () => {
    const mine = request('mine', 'pending', asked);
    const other = request(
      'other',
      'pending',
      route('other-asked', { listener: 'http' }),
    );
    const applied = request('applied', 'applied', asked);
    const [reviewed, otherReviewed, appliedAsIs] = withOverlaps(
      [mine, other, applied],
      {
        routes: [route('in-cluster', { listener: 'http' })],
        open: [mine, other],
      },
    );
    expect(reviewed.overlaps?.map(o => [o.route.name, o.requestId])).toEqual([
      ['in-cluster', undefined],
      ['other-asked', 'other'],
    ]);
    expect(otherReviewed.overlaps?.map(o => o.route.name)).toEqual([
      'in-cluster',
      'asked',
    ]);
    expect(appliedAsIs).toBe(applied);
  });
});
