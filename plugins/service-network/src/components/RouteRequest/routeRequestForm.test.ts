import { routeRequestCreate } from '../../__testUtils__/requests';
import {
  fleetOverview,
  fleetWithHttpOnlyGateway,
} from '../../__testUtils__/status';
import {
  checkForm,
  gatewayChoices,
  initialForm,
  listenerChoices,
  previewRequestOf,
  RouteRequestForm,
  sharesOf,
  spreadEvenly,
  withGateway,
  withKind,
} from './routeRequestForm';

const ENTITY = 'component:default/service-1';

/** gateway-1 listens on http and https, gateway-2 on plain HTTP only. */
const [BOTH, HTTP_ONLY] = gatewayChoices(fleetWithHttpOnlyGateway());

function form(change: Partial<RouteRequestForm> = {}): RouteRequestForm {
  return {
    ...initialForm({
      clusters: ['workload-1', 'workload-2'],
      gateways: [BOTH, HTTP_ONLY],
    }),
    reason: 'Needed by checkout',
    ...change,
  };
}

describe('the route request form', () => {
  it('starts valid but for the reason: first gateway, its first listener, every path, even weights', () => {
    const start = initialForm({
      clusters: ['workload-1', 'workload-2'],
      gateways: gatewayChoices(fleetOverview()),
    });

    expect(checkForm(start, ENTITY).problems).toEqual(
      new Map([['reason', expect.stringMatching(/reason cannot be empty/)]]),
    );
    expect(previewRequestOf(start, ENTITY)).toEqual(
      routeRequestCreate({
        entityRef: ENTITY,
        reason: 'preview',
        match: { path: { type: 'PathPrefix', value: '/' } },
      }),
    );
  });

  it('shows each backend its share of the traffic, and spreads evenly on request', () => {
    const backends = [
      { cluster: 'workload-1', included: true, weight: '30' },
      { cluster: 'workload-2', included: true, weight: '10' },
      { cluster: 'workload-3', included: false, weight: '500' },
    ];

    expect(sharesOf(backends)).toEqual(
      new Map([
        ['workload-1', 75],
        ['workload-2', 25],
      ]),
    );
    expect(spreadEvenly(backends).map(b => b.weight)).toEqual([
      '50',
      '50',
      '500',
    ]);
  });

  it('says when every weight is 0, and names the backend whose weight is out of range', () => {
    const zero = form({
      backends: [
        { cluster: 'workload-1', included: true, weight: '0' },
        { cluster: 'workload-2', included: true, weight: '0' },
      ],
    });
    const tooHeavy = form({
      backends: [
        { cluster: 'workload-1', included: false, weight: '1' },
        { cluster: 'workload-2', included: true, weight: '1000' },
      ],
    });

    expect(checkForm(zero, ENTITY).problems.get('backends')).toBe(
      'at least one backend needs a weight above 0, or no traffic is sent anywhere',
    );
    expect(sharesOf(zero.backends).get('workload-1')).toBe(0);
    expect(
      checkForm(tooHeavy, ENTITY).problems.get('weight:workload-2'),
    ).toMatch(/at most 999/);
  });

  it('puts a header problem on the row that has it, skipping empty rows', () => {
    const checked = checkForm(
      form({
        headers: [
          { name: '', value: '' },
          { name: 'x canary', value: '1' },
        ],
      }),
      ENTITY,
    );

    expect(checked.request).toBeUndefined();
    expect(checked.problems.get('header:1')).toMatch(/HTTP token/);
  });

  it("offers the Gateway's listeners, and only HTTPS ones for gRPC", () => {
    expect(listenerChoices(BOTH, 'HTTP').map(l => l.name)).toEqual([
      'http',
      'https',
    ]);
    expect(listenerChoices(BOTH, 'GRPC').map(l => l.name)).toEqual(['https']);
    expect(listenerChoices(HTTP_ONLY, 'GRPC')).toEqual([]);
  });

  it('sends gRPC matches, and moves a gRPC route to the HTTPS listener', () => {
    const grpc = {
      ...withKind(form(), 'GRPC', BOTH),
      grpcService: 'shop.v1.Cart',
      grpcMethod: 'GetCart',
    };

    expect(checkForm(grpc, ENTITY).request).toMatchObject({
      kind: 'GRPC',
      listener: 'https',
      match: { service: 'shop.v1.Cart', method: 'GetCart' },
    });
    expect(withKind(grpc, 'HTTP', BOTH).listener).toBe('https');
    expect(
      checkForm({ ...grpc, grpcService: '' }, ENTITY).problems.get(
        'grpcMethod',
      ),
    ).toMatch(/needs its service/);
  });

  it('offers TLS passthrough only on a passthrough listener, and sends no match but the hostname', () => {
    expect(listenerChoices(BOTH, 'TLS').map(l => l.name)).toEqual(['tls']);
    expect(listenerChoices(HTTP_ONLY, 'TLS')).toEqual([]);
    expect(listenerChoices(BOTH, 'HTTP').map(l => l.name)).toEqual([
      'http',
      'https',
    ]);

    const tls = withKind(form({ pathValue: '/api' }), 'TLS', BOTH);
    expect(tls.listener).toBe('tls');
    expect(checkForm(tls, ENTITY).problems.get('hostname')).toMatch(
      /hostname is required for a TLS route/,
    );
    const request = checkForm(
      { ...tls, hostname: 'vault.example.com' },
      ENTITY,
    ).request;
    expect(request).toMatchObject({
      kind: 'TLS',
      listener: 'tls',
      hostname: 'vault.example.com',
    });
    expect(request).not.toHaveProperty('match');
  });

  it('picks a listener the new Gateway has, and none when it has none for gRPC', () => {
    const onHttpOnly = withGateway(form(), HTTP_ONLY);
    expect(onHttpOnly).toMatchObject({
      gateway: 'default/gateway-2',
      listener: 'web',
    });
    expect(withGateway(onHttpOnly, BOTH).listener).toBe('http');
    expect(
      withGateway(form({ listener: 'https' }), {
        ...BOTH,
        value: 'other/gateway-1',
      }).listener,
    ).toBe('https');

    const grpcWithout = withKind(onHttpOnly, 'GRPC', HTTP_ONLY);
    expect(grpcWithout.listener).toBe('');
    expect(checkForm(grpcWithout, ENTITY).problems.get('listener')).toBe(
      'listener cannot be empty',
    );
    expect(withGateway(grpcWithout, BOTH).listener).toBe('https');
  });
});
