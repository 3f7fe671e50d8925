import { fleetOverview } from '../../__testUtils__/status';
import {
  checkForm,
  gatewayChoices,
  initialForm,
  previewRequestOf,
  RouteRequestForm,
  sharesOf,
  spreadEvenly,
  withKind,
} from './routeRequestForm';

const ENTITY = 'component:default/service-1';

function form(change: Partial<RouteRequestForm> = {}): RouteRequestForm {
  return {
    ...initialForm({
      clusters: ['workload-1', 'workload-2'],
      gateways: gatewayChoices(fleetOverview()),
    }),
    reason: 'Needed by checkout',
    ...change,
  };
}

describe('the route request form', () => {
  it('starts valid but for the reason: first gateway, http listener, every path, even weights', () => {
    const start = initialForm({
      clusters: ['workload-1', 'workload-2'],
      gateways: gatewayChoices(fleetOverview()),
    });

    expect(checkForm(start, ENTITY).problems).toEqual(
      new Map([['reason', expect.stringMatching(/reason cannot be empty/)]]),
    );
    expect(previewRequestOf(start, ENTITY)).toEqual({
      entityRef: ENTITY,
      kind: 'HTTP',
      gateway: { name: 'gateway-1', namespace: 'default' },
      listener: 'http',
      backends: [
        { cluster: 'workload-1', weight: 50 },
        { cluster: 'workload-2', weight: 50 },
      ],
      reason: 'preview',
      match: { path: { type: 'PathPrefix', value: '/' } },
    });
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

  it('sends gRPC matches, and moves a gRPC route to the HTTPS listener', () => {
    const grpc = {
      ...withKind(form(), 'GRPC'),
      grpcService: 'shop.v1.Cart',
      grpcMethod: 'GetCart',
    };

    expect(checkForm(grpc, ENTITY).request).toMatchObject({
      kind: 'GRPC',
      listener: 'https',
      match: { service: 'shop.v1.Cart', method: 'GetCart' },
    });
    expect(
      checkForm({ ...grpc, grpcService: '' }, ENTITY).problems.get(
        'grpcMethod',
      ),
    ).toMatch(/needs its service/);
  });
});
