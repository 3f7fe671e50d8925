import {
  defaultRouteName,
  describeIssues,
  isOpenRouteRequestState,
  routeRequestCreateSchema,
  routeRequestDecisionSchema,
} from './routeRequests';

const body = {
  entityRef: 'component:default/checkout',
  gateway: { name: 'gateway-1' },
  listener: 'https',
  kind: 'GRPC',
  match: { service: 'shop.v1.Checkout', method: 'PlaceOrder' },
  backends: [
    { cluster: 'workload-1', weight: 0 },
    { cluster: 'workload-2', weight: 999 },
  ],
  hostname: 'checkout.example.com',
  reason: '  Orders go through gRPC  ',
};

describe('routeRequestCreateSchema', () => {
  it('accepts a gRPC request at the edges of the limits and trims the reason', () => {
    const parsed = routeRequestCreateSchema.parse(body);
    expect(parsed.reason).toBe('Orders go through gRPC');
    expect(parsed.kind === 'GRPC' && parsed.match).toEqual({
      service: 'shop.v1.Checkout',
      method: 'PlaceOrder',
    });
  });

  it('reports every problem with the field it concerns', () => {
    const parsed = routeRequestCreateSchema.safeParse({
      ...body,
      listener: 'HTTPS',
      backends: [{ cluster: 'w', weight: 1000 }],
    });
    expect(parsed.success).toBe(false);
    expect(describeIssues(parsed.error!)).toEqual([
      'listener: listener must be a Gateway listener name (lowercase letters, digits, - and .)',
      'backends[0].weight: backend weight must be at most 999 (VPC Lattice target-group weights are 0 to 999)',
    ]);
  });

  it('names the kind when it is neither HTTP, GRPC nor TLS', () => {
    expect(
      describeIssues(
        routeRequestCreateSchema.safeParse({ ...body, kind: 'TCP' }).error!,
      ),
    ).toEqual(['kind: kind must be HTTP, GRPC or TLS']);
  });
});

describe('routeRequestDecisionSchema', () => {
  it('needs a comment', () => {
    expect(routeRequestDecisionSchema.safeParse({ comment: ' ' }).success).toBe(
      false,
    );
    expect(
      routeRequestDecisionSchema.parse({ comment: 'ok', planVersion: 2 }),
    ).toEqual({ comment: 'ok', planVersion: 2 });
  });
});

describe('route request helpers', () => {
  it('names a route after its service by default', () => {
    expect(defaultRouteName({ namespace: 'shop', name: 'checkout' })).toBe(
      'checkout',
    );
  });

  it('counts requests holding their route as open', () => {
    expect(
      ['pending', 'approved', 'applying', 'failed'].every(s =>
        isOpenRouteRequestState(s as any),
      ),
    ).toBe(true);
    expect(
      ['applied', 'rejected', 'cancelled', 'expired'].some(s =>
        isOpenRouteRequestState(s as any),
      ),
    ).toBe(false);
  });
});
