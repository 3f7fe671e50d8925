import {
  LATTICE_ANNOTATIONS,
  RouteRequestCreate,
} from '@service-network/backstage-plugin-service-network-common';
import { latticeExport, route } from '../status/__fixtures__/fleet';
import {
  ENTITY_REF,
  GRPC_REQUEST,
  HTTP_REQUEST,
  latticeGateway,
  planBody,
  plannedImport,
  PlannerFleet,
  plannerFleet,
  REQUEST_ID,
  SERVICE,
  specOf,
  TLS_REQUEST,
} from './__testUtils__/plannerFleet';
import {
  GatewayApiValidator,
  loadGatewayApiValidator,
} from './gatewayApiValidator';
import { importName, inventoryGaps, OpenRouteClaim } from './planRoute';

let validateGatewayApi: GatewayApiValidator;
beforeAll(async () => {
  validateGatewayApi = await loadGatewayApiValidator();
});

const plan = (
  body: unknown,
  options: { fleet?: PlannerFleet; otherRequests?: OpenRouteClaim[] } = {},
) => planBody(body, { ...options, validateGatewayApi });

const withBody = (changes: Record<string, unknown>) => ({
  ...HTTP_REQUEST,
  ...changes,
});
const withMatch = (match: Record<string, unknown>) => withBody({ match });
const withGrpcMatch = (match: Record<string, unknown>) => ({
  ...GRPC_REQUEST,
  match,
});
const withBackends = (
  ...backends: Array<{ cluster: string; weight: unknown }>
) => withBody({ backends });
const { reason: _reason, ...withoutReason } = HTTP_REQUEST;
const { entityRef: _entityRef, ...withoutEntityRef } = HTTP_REQUEST;
const { gateway: _gateway, ...withoutGateway } = HTTP_REQUEST;
const { listener: _listener, ...withoutListener } = HTTP_REQUEST;

function fleetWith(change: (fleet: PlannerFleet) => void): PlannerFleet {
  const fleet = plannerFleet();
  change(fleet);
  return fleet;
}

const otherRequest: OpenRouteClaim = {
  id: 'other-request',
  route: { kind: 'HTTPRoute', namespace: 'shop', name: 'checkout-v2' },
  latticeServiceName: 'checkout-shop',
  hostname: 'checkout.example.com',
};

interface BadCase {
  body: unknown;
  fleet?: () => PlannerFleet;
  otherRequests?: OpenRouteClaim[];
  problem: RegExp;
}

const BAD_REQUESTS: Record<string, BadCase> = {
  // The body itself.
  'a weight over 999': {
    body: withBackends({ cluster: 'workload-1', weight: 1000 }),
    problem: /backends\[0\]\.weight: .*at most 999/,
  },
  'a negative weight': {
    body: withBackends({ cluster: 'workload-1', weight: -1 }),
    problem: /weight must be at least 0/,
  },
  'a fractional weight': {
    body: withBackends({ cluster: 'workload-1', weight: 2.5 }),
    problem: /weight must be a whole number/,
  },
  'a weight given as text': {
    body: withBackends({ cluster: 'workload-1', weight: '50' }),
    problem: /weight must be a number/,
  },
  '11 backends': {
    body: withBody({
      backends: Array.from({ length: 11 }, (_, i) => ({
        cluster: `workload-${i}`,
        weight: 1,
      })),
    }),
    problem: /at most 10 backends per rule/,
  },
  'no backend': {
    body: withBackends(),
    problem: /name at least one backend cluster/,
  },
  'a cluster listed twice': {
    body: withBackends(
      { cluster: 'workload-1', weight: 1 },
      { cluster: 'workload-1', weight: 2 },
    ),
    problem: /backends\[1\]\.cluster: cluster workload-1 is listed twice/,
  },
  'every weight 0': {
    body: withBackends(
      { cluster: 'workload-1', weight: 0 },
      { cluster: 'workload-2', weight: 0 },
    ),
    problem: /at least one backend needs a weight above 0/,
  },
  'a backend without a cluster': {
    body: withBody({ backends: [{ weight: 1 }] }),
    problem: /backend cluster is required/,
  },
  'a missing reason': {
    body: withoutReason,
    problem: /reason: reason is required/,
  },
  'a blank reason': {
    body: withBody({ reason: '   ' }),
    problem: /reason cannot be empty/,
  },
  'a reason over 2000 characters': {
    body: withBody({ reason: 'x'.repeat(2001) }),
    problem: /reason must be at most 2000/,
  },
  'a missing entityRef': {
    body: withoutEntityRef,
    problem: /entityRef: entityRef is required/,
  },
  'a missing gateway': {
    body: withoutGateway,
    problem: /gateway: gateway is required/,
  },
  'a gateway given as text': {
    body: withBody({ gateway: 'gateway-1' }),
    problem: /gateway must be an object/,
  },
  'a missing listener': {
    body: withoutListener,
    problem: /listener: listener is required/,
  },
  'the kind TCP': {
    body: withBody({ kind: 'TCP' }),
    problem: /kind must be HTTP, GRPC or TLS/,
  },
  'a TLS route without a hostname': {
    body: { ...TLS_REQUEST, hostname: undefined },
    problem:
      /hostname: hostname is required for a TLS route: it is the name \(SNI\) clients connect with/,
  },
  'a TLS route with a match': {
    body: { ...TLS_REQUEST, match: { path: { type: 'Exact', value: '/' } } },
    problem: /Unrecognized key\(s\) in object: 'match'/,
  },
  'a TLS route on the HTTPS listener': {
    body: { ...TLS_REQUEST, listener: 'https' },
    problem:
      /TLSRoute needs a TLS listener with tls.mode Passthrough, and the chosen listener is HTTPS/,
  },
  'a TLS route to a cluster exporting no TLS port': {
    body: {
      ...TLS_REQUEST,
      backends: [
        { cluster: 'workload-1', weight: 1 },
        { cluster: 'workload-2', weight: 1 },
      ],
    },
    problem:
      /shop\/checkout in workload-2 is exported only for HTTP; a TLSRoute needs a port exported as TLS/,
  },
  'two matches in a rule': {
    body: withBody({
      matches: [
        { path: { type: 'Exact', value: '/a' } },
        { path: { type: 'Exact', value: '/b' } },
      ],
    }),
    problem: /Unrecognized key\(s\) in object: 'matches'/,
  },
  'a regular-expression path': {
    body: withMatch({ path: { type: 'RegularExpression', value: '/v[0-9]+' } }),
    problem:
      /match\.path\.type: path type must be Exact or PathPrefix \(the controller rejects RegularExpression\)/,
  },
  'a path without a leading slash': {
    body: withMatch({ path: { type: 'PathPrefix', value: 'api' } }),
    problem: /path must start with '\/'/,
  },
  "a path with '//'": {
    body: withMatch({ path: { type: 'PathPrefix', value: '/api//v1' } }),
    problem: /must not contain '\/\/'/,
  },
  "a path with '/../'": {
    body: withMatch({ path: { type: 'Exact', value: '/api/../admin' } }),
    problem: /'\/\.\.\/' segments/,
  },
  'a path with a query string': {
    body: withMatch({ path: { type: 'Exact', value: '/api?x=1' } }),
    problem: /path may contain only/,
  },
  'six header matches': {
    body: withMatch({
      headers: Array.from({ length: 6 }, (_, i) => ({
        name: `x-h${i}`,
        value: 'v',
      })),
    }),
    problem: /at most 5 header matches per rule/,
  },
  'a header name with a space': {
    body: withMatch({ headers: [{ name: 'x tenant', value: 'a' }] }),
    problem: /header name must be an HTTP token/,
  },
  'a header matched twice': {
    body: withMatch({
      headers: [
        { name: 'X-Tenant', value: 'a' },
        { name: 'x-tenant', value: 'b' },
      ],
    }),
    problem: /header x-tenant is matched twice/,
  },
  'an unknown HTTP method': {
    body: withMatch({ method: 'FETCH' }),
    problem: /method must be one of GET, HEAD/,
  },
  'a gRPC method without its service': {
    body: withGrpcMatch({ method: 'PlaceOrder' }),
    problem: /match\.method: a gRPC method needs its service/,
  },
  'a path match on a gRPC route': {
    body: withGrpcMatch({ path: { type: 'Exact', value: '/x' } }),
    problem: /Unrecognized key\(s\) in object: 'path'/,
  },
  'a gRPC service with a slash': {
    body: withGrpcMatch({ service: 'shop/Checkout' }),
    problem: /dotted name such as shop\.v1\.Checkout/,
  },
  'an IP address as hostname': {
    body: withBody({ hostname: '10.0.0.1' }),
    problem: /hostname must be a DNS name, not an IP address/,
  },
  'a wildcard hostname': {
    body: withBody({ hostname: '*.example.com' }),
    problem: /hostname must not be a wildcard/,
  },
  'an uppercase hostname': {
    body: withBody({ hostname: 'Checkout.example.com' }),
    problem: /hostname must be lowercase/,
  },
  'a single-label hostname': {
    body: withBody({ hostname: 'checkout' }),
    problem: /hostname must be a fully qualified name/,
  },
  'a hostname with an underscore': {
    body: withBody({ hostname: 'check_out.example.com' }),
    problem: /RFC 1123/,
  },
  'an invalid route name': {
    body: withBody({ routeName: 'Checkout_1' }),
    problem: /route name must be lowercase letters/,
  },
  'a 64-character route name': {
    body: withBody({ routeName: 'a'.repeat(64) }),
    problem: /route name must be at most 63/,
  },
  'a body that is not an object': {
    body: 'route please',
    problem: /Expected object, received string/,
  },

  // The request against the fleet.
  'an unknown gateway': {
    body: withBody({ gateway: { name: 'gateway-9', namespace: 'default' } }),
    problem:
      /no Gateway default\/gateway-9 in the config cluster \(Gateways: default\/gateway-1, default\/gateway-2\)/,
  },
  'an ambiguous gateway name': {
    body: withBody({ gateway: { name: 'gateway-1' } }),
    fleet: () =>
      fleetWith(({ config }) => {
        config.add(latticeGateway('other', 'gateway-1'));
      }),
    problem:
      /several Gateways are named gateway-1 \(in default, other\): name the namespace/,
  },
  'an unknown listener': {
    body: withBody({ listener: 'grpc' }),
    problem:
      /Gateway default\/gateway-1 has no listener "grpc" \(listeners: http \(HTTP\), https \(HTTPS\), tls \(TLS\)\)/,
  },
  'gRPC on an HTTP listener': {
    body: { ...GRPC_REQUEST, listener: 'http', hostname: undefined },
    problem:
      /GRPCRoute needs an HTTPS listener, and the chosen listener is HTTP/,
  },
  'HTTP on a TLS listener': {
    body: withBody({ listener: 'tls' }),
    problem:
      /HTTPRoute needs an HTTP or HTTPS listener, and the chosen listener is TLS \(tls.mode Passthrough\)/,
  },
  'an unknown cluster': {
    body: withBackends({ cluster: 'workload-9', weight: 1 }),
    problem:
      /workload-9 is not a workload cluster \(workload clusters: workload-1, workload-2, workload-3, workload-mcs\)/,
  },
  'the config cluster as a backend': {
    body: withBackends({ cluster: 'config', weight: 1 }),
    problem: /config is not a workload cluster/,
  },
  'a cluster where the service is not exported': {
    body: withBackends(
      { cluster: 'workload-1', weight: 1 },
      { cluster: 'workload-3', weight: 1 },
    ),
    problem:
      /shop\/checkout in workload-3 is not exported: export it there first/,
  },
  'a cluster whose export lacks the federation annotation': {
    body: withBackends({ cluster: 'workload-3', weight: 1 }),
    fleet: () =>
      fleetWith(({ workloads }) => {
        workloads['workload-3'].add(
          latticeExport(SERVICE.namespace, SERVICE.name, { federated: false }),
        );
      }),
    problem:
      /lacks the annotation application-networking\.k8s\.aws\/federation: amazon-vpc-lattice, so the controller ignores it/,
  },
  'a cluster whose export is being deleted': {
    body: withBackends({ cluster: 'workload-3', weight: 1 }),
    fleet: () =>
      fleetWith(({ workloads }) => {
        workloads['workload-3'].add(
          latticeExport(SERVICE.namespace, SERVICE.name, { deleting: true }),
        );
      }),
    problem:
      /the ServiceExport of shop\/checkout in workload-3 is being deleted/,
  },
  'a cluster exporting with the upstream MCS API': {
    body: withBackends({ cluster: 'workload-mcs', weight: 1 }),
    problem: /workload-mcs exports with the upstream MCS API/,
  },
  'gRPC to a cluster that exports only HTTP': {
    body: { ...GRPC_REQUEST, backends: [{ cluster: 'workload-2', weight: 1 }] },
    problem:
      /shop\/checkout in workload-2 is exported only for HTTP; a GRPCRoute needs a port exported as GRPC/,
  },
  'a Lattice name taken by an existing route': {
    body: withBody({ routeName: 'checkout-abcdefghijklmnop-v2' }),
    fleet: () =>
      fleetWith(({ config }) => {
        config.add(
          route('GRPCRoute', 'shop', 'checkout-abcdefghijklmnop-v1', {
            backends: [],
          }),
        );
      }),
    problem:
      /the VPC Lattice service name "checkout-abcdefghijk-shop" is taken: GRPCRoute shop\/checkout-abcdefghijklmnop-v1 derives the same name/,
  },
  'a Lattice name claimed by an open request': {
    body: HTTP_REQUEST,
    otherRequests: [{ ...otherRequest, hostname: undefined }],
    problem:
      /"checkout-shop" is claimed by open request other-request \(HTTPRoute shop\/checkout-v2\)/,
  },
  'a route name whose Lattice name would have a double dash': {
    body: withBody({ routeName: 'checkout-frontend-v-x' }),
    problem: /"checkout-frontend-v--shop", is invalid/,
  },
  'a Lattice service no route accounts for': {
    body: HTTP_REQUEST,
    fleet: () =>
      fleetWith(({ builder }) => {
        builder.lattice.service({ name: 'checkout-shop' });
      }),
    problem:
      /VPC Lattice already has a service named "checkout-shop" that no route in the config cluster accounts for/,
  },
  'a hostname another route has': {
    body: withBody({ hostname: 'pay.example.com' }),
    fleet: () =>
      fleetWith(({ config }) => {
        config.add(
          route('HTTPRoute', 'payments', 'pay', {
            backends: [],
            hostnames: ['pay.example.com'],
          }),
        );
      }),
    problem:
      /hostname pay\.example\.com is already the custom domain of HTTPRoute payments\/pay/,
  },
  'a hostname another open request asks for': {
    body: { ...GRPC_REQUEST, routeName: 'checkout-grpc' },
    otherRequests: [otherRequest],
    problem:
      /hostname checkout\.example\.com is asked for by open request other-request/,
  },
  "a hostname outside the listener's": {
    body: { ...GRPC_REQUEST, hostname: 'checkout.example.org' },
    problem:
      /hostname checkout\.example\.org is outside the listener's hostname \*\.example\.com/,
  },
  'a config cluster without GRPCRoute': {
    body: GRPC_REQUEST,
    fleet: () =>
      fleetWith(({ config }) => {
        delete config.sync.grpcroutes;
      }),
    problem:
      /the config cluster does not serve GRPCRoute \(gateway\.networking\.k8s\.io\/v1\): install its CRD first/,
  },
};

describe('planRoute', () => {
  it.each(Object.entries(BAD_REQUESTS))(
    'refuses %s, naming the problem',
    (_what, bad) => {
      const planned = plan(bad.body, {
        fleet: bad.fleet?.(),
        otherRequests: bad.otherRequests,
      });
      expect(planned.problems).toContainEqual(
        expect.stringMatching(bad.problem),
      );
    },
  );

  it('has at least 30 bad requests in its table', () => {
    expect(Object.keys(BAD_REQUESTS).length).toBeGreaterThanOrEqual(30);
  });

  it('plans one pinned ServiceImport per backend cluster, then the weighted HTTPRoute', () => {
    const planned = plan({
      ...HTTP_REQUEST,
      match: {
        path: { type: 'Exact', value: '/orders' },
        headers: [{ name: 'x-canary', value: 'yes' }],
        method: 'POST',
      },
    });
    expect(planned.problems).toEqual([]);
    expect(planned.latticeServiceName).toBe('checkout-shop');
    expect(planned.objects).toEqual([
      plannedImport('workload-1'),
      plannedImport('workload-2'),
      {
        apiVersion: 'gateway.networking.k8s.io/v1',
        kind: 'HTTPRoute',
        metadata: {
          name: 'checkout',
          namespace: 'shop',
          annotations: {
            'service-network.io/entity-ref': ENTITY_REF,
            'service-network.io/route-request': REQUEST_ID,
          },
        },
        spec: {
          parentRefs: [
            {
              group: 'gateway.networking.k8s.io',
              kind: 'Gateway',
              namespace: 'default',
              name: 'gateway-1',
              sectionName: 'http',
            },
          ],
          rules: [
            {
              matches: [
                {
                  path: { type: 'Exact', value: '/orders' },
                  headers: [{ type: 'Exact', name: 'x-canary', value: 'yes' }],
                  method: 'POST',
                },
              ],
              backendRefs: [
                {
                  group: 'application-networking.k8s.aws',
                  kind: 'ServiceImport',
                  name: 'checkout-workload-1',
                  weight: 80,
                },
                {
                  group: 'application-networking.k8s.aws',
                  kind: 'ServiceImport',
                  name: 'checkout-workload-2',
                  weight: 20,
                },
              ],
            },
          ],
        },
      },
    ]);
  });

  it('matches every path when the request names no match', () => {
    const [, , httpRoute] = plan(HTTP_REQUEST).objects;
    expect((httpRoute.spec as any).rules[0].matches).toEqual([
      { path: { type: 'PathPrefix', value: '/' } },
    ]);
  });

  it('plans a GRPCRoute on the HTTPS listener with the service, method, headers and custom domain', () => {
    const planned = plan(GRPC_REQUEST);
    expect(planned.problems).toEqual([]);
    const [serviceImport, grpcRoute] = planned.objects;
    expect(serviceImport.spec).toEqual({
      type: 'ClusterSetIP',
      ports: [{ port: 9090, protocol: 'TCP' }],
    });
    expect(grpcRoute.kind).toBe('GRPCRoute');
    expect(grpcRoute.spec).toMatchObject({
      hostnames: ['checkout.example.com'],
      parentRefs: [{ name: 'gateway-1', sectionName: 'https' }],
      rules: [
        {
          matches: [
            {
              method: {
                type: 'Exact',
                service: 'shop.v1.Checkout',
                method: 'PlaceOrder',
              },
              headers: [{ type: 'Exact', name: 'x-tenant', value: 'blue' }],
            },
          ],
        },
      ],
    });
  });

  it('plans a TLSRoute on the passthrough listener: one rule of weighted imports, the hostname as SNI, no match', () => {
    const planned = plan(TLS_REQUEST);
    expect(planned.problems).toEqual([]);
    const [serviceImport, tlsRoute] = planned.objects;
    expect(serviceImport.spec).toEqual({
      type: 'ClusterSetIP',
      ports: [{ port: 8443, protocol: 'TCP' }],
    });
    expect(tlsRoute).toMatchObject({
      apiVersion: 'gateway.networking.k8s.io/v1',
      kind: 'TLSRoute',
      metadata: { name: 'checkout', namespace: 'shop' },
    });
    expect(tlsRoute.spec).toEqual({
      parentRefs: [
        {
          group: 'gateway.networking.k8s.io',
          kind: 'Gateway',
          namespace: 'default',
          name: 'gateway-1',
          sectionName: 'tls',
        },
      ],
      hostnames: ['checkout.example.com'],
      rules: [
        {
          backendRefs: [
            {
              group: 'application-networking.k8s.aws',
              kind: 'ServiceImport',
              name: serviceImport.metadata.name,
              weight: 1,
            },
          ],
        },
      ],
    });
  });

  it('leaves matches out of a gRPC rule that matches everything', () => {
    const [, grpcRoute] = plan({ ...GRPC_REQUEST, match: undefined }).objects;
    expect((grpcRoute.spec as any).rules[0]).not.toHaveProperty('matches');
  });

  it('finds the gateway by name alone when only one has it', () => {
    const planned = plan({ ...HTTP_REQUEST, gateway: { name: 'gateway-2' } });
    expect(planned.problems).toEqual([]);
    expect((planned.objects[2].spec as any).parentRefs[0]).toMatchObject({
      namespace: 'default',
      name: 'gateway-2',
    });
  });

  it('plans the same route again when the request updates it', () => {
    const fleet = fleetWith(({ config }) => {
      config.add(
        route('HTTPRoute', 'shop', 'checkout', {
          backends: [],
          hostnames: ['checkout.example.com'],
        }),
      );
    });
    expect(
      plan({ ...HTTP_REQUEST, hostname: 'checkout.example.com' }, { fleet })
        .problems,
    ).toEqual([]);
  });

  it('drops a backend it cannot pin from the route, so a re-plan shows it gone', () => {
    const planned = plan(
      withBackends(
        { cluster: 'workload-1', weight: 1 },
        { cluster: 'workload-3', weight: 1 },
      ),
    );
    expect(planned.objects.map(o => o.metadata.name)).toEqual([
      'checkout-workload-1',
      'checkout',
    ]);
    expect((planned.objects[1].spec as any).rules[0].backendRefs).toHaveLength(
      1,
    );
  });

  it("reports the Gateway API schema's objections to the route", () => {
    const planned = planBody(HTTP_REQUEST, {
      validateGatewayApi: object => [`${object.kind} spec.rules broken`],
    });
    expect(planned.problems).toEqual([
      'Gateway API schema: HTTPRoute spec.rules broken',
    ]);
  });

  it('prefers the export named like the service over one naming it by annotation', () => {
    const fleet = fleetWith(({ workloads }) => {
      const alias = latticeExport(SERVICE.namespace, 'checkout-alias');
      alias.metadata.annotations![LATTICE_ANNOTATIONS.serviceName] =
        SERVICE.name;
      workloads['workload-3'].add(
        alias,
        latticeExport(SERVICE.namespace, SERVICE.name),
      );
    });
    const [serviceImport] = plan(
      withBackends({ cluster: 'workload-3', weight: 1 }),
      { fleet },
    ).objects;
    expect(
      serviceImport.metadata.annotations?.[LATTICE_ANNOTATIONS.exportName],
    ).toBe('checkout');
  });
});

describe('importName', () => {
  it('keeps <export>-<cluster> when it is a valid name', () => {
    expect(importName('checkout', 'workload-1')).toBe('checkout-workload-1');
  });

  it('turns cluster names into name characters and shortens long ones with a hash', () => {
    expect(importName('checkout', 'EKS_prod.eu')).toBe('checkout-eks-prod-eu');
    const long = importName('a'.repeat(50), 'cluster-with-a-long-name');
    expect(long).toHaveLength(63);
    expect(long).toMatch(/^a{50}-clu-[0-9a-f]{8}$/);
    expect(importName('a'.repeat(50), 'cluster-with-another-name')).not.toBe(
      long,
    );
  });
});

describe('inventoryGaps', () => {
  it('names each source the plan reads that is not synced', () => {
    const fleet = plannerFleet();
    fleet.workloads['workload-2'].sync.serviceexports = {
      state: 'unreachable',
      reason: 'connection refused',
    };
    fleet.config.sync.gateways = { state: 'pending' };
    const body: RouteRequestCreate = HTTP_REQUEST;
    expect(inventoryGaps(fleet.builder.build(), specOf(body))).toEqual([
      'gateways in config is pending',
      'serviceexports in workload-2 is unreachable (connection refused)',
    ]);
  });

  it('ignores clusters the request does not use', () => {
    const fleet = plannerFleet();
    fleet.workloads['workload-3'].sync.serviceexports = { state: 'stale' };
    expect(inventoryGaps(fleet.builder.build(), specOf(HTTP_REQUEST))).toEqual(
      [],
    );
  });
});
