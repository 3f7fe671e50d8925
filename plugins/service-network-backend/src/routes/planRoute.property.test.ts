/*
 * The route planner against a real API server's rules, over the whole
 * input space the API accepts: fast-check generates fleets (workload
 * clusters with any configurable name, a Service in any namespace, exported
 * with any ports) and request bodies (HTTP, gRPC and TLS passthrough, every kind of match,
 * hostnames, weights, listeners, backends). A body the request schema
 * refuses is a 400; a plan with problems is a 400 that says why; every
 * other plan must be accepted, object by object, by the simulated API
 * server with the real upstream CRDs and their CEL rules (a server-side
 * apply dry run). Seeded, so a failure reproduces.
 */
import fc from 'fast-check';
import {
  HTTP_METHODS,
  RouteRequestSpec,
  routeRequestCreateSchema,
} from '@service-network/backstage-plugin-service-network-common';
import { referenceApiServer } from '../__testUtils__/referenceApiServer';
import {
  FleetBuilder,
  latticeExport,
  service,
} from '../status/__fixtures__/fleet';
import { latticeGateway } from './__testUtils__/plannerFleet';
import {
  GatewayApiValidator,
  loadGatewayApiValidator,
} from './gatewayApiValidator';
import { planRoute } from './planRoute';

// Fixed for npm test; SN_PROPERTY_SEED and SN_PROPERTY_RUNS explore further.
const SEED = Number(process.env.SN_PROPERTY_SEED ?? 1402);
const RUNS = Number(process.env.SN_PROPERTY_RUNS ?? 400);

const server = referenceApiServer();
const describeWithServer = server ? describe : describe.skip;
if (!server) {
  // eslint-disable-next-line no-console
  console.log(
    'Skipping the planner property test: ../shared/reference/crds is not beside the repository',
  );
}

const label = fc.stringMatching(/^[a-z0-9]([-a-z0-9]{0,20}[a-z0-9])?$/);
const longLabel = fc.stringMatching(/^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/);
/** What serviceNetwork.clusters[].name accepts. */
const clusterName = fc.stringMatching(
  /^[A-Za-z0-9]([-A-Za-z0-9_.]{0,70}[A-Za-z0-9])?$/,
);
const serviceName = fc.stringMatching(/^[a-z]([-a-z0-9]{0,61}[a-z0-9])?$/);
const routeType = fc.constantFrom('HTTP', 'GRPC', 'TLS');
/** Mostly the common case, sometimes the edge: enough plans pass to test the server's side. */
const mostly = <T>(usual: fc.Arbitrary<T>, edge: fc.Arbitrary<T>) =>
  fc.oneof({ weight: 4, arbitrary: usual }, { weight: 1, arbitrary: edge });

const path = fc.record({
  type: fc.constantFrom('Exact', 'PathPrefix'),
  value: mostly(
    fc.stringMatching(/^\/(?:[-A-Za-z0-9/._~&+=:@]|%[0-9A-Fa-f]{2}){0,60}$/),
    fc.constantFrom(
      '/',
      '/.',
      '/..',
      '/a/.',
      '/a/..',
      '/a/./b',
      '/a/../b',
      '/a//b',
      '/%2f',
      '/a%2Fb',
      '/%41',
      '/a#b',
      '/a b',
      '/~user/',
      `/${'a'.repeat(199)}`,
    ),
  ),
});
const header = fc.record({
  name: mostly(
    fc.stringMatching(/^[!#$%&'*+\-.^_`|~0-9A-Za-z]{1,40}$/),
    fc.stringMatching(/^[!#$%&'*+\-.^_`|~0-9A-Za-z]{90,110}$/),
  ),
  value: mostly(
    fc.stringMatching(/^[\x20-\x7e]{1,60}$/),
    fc.stringMatching(/^[\x20-\x7e]{190,210}$/),
  ),
});
const headers = mostly(
  fc.array(header, { maxLength: 3 }),
  fc.array(header, { minLength: 4, maxLength: 6 }),
);
const hostname = mostly(
  fc
    .tuple(label, fc.constantFrom('example.com', 'shop.example.com'))
    .map(([first, rest]) => `${first}.${rest}`),
  fc.oneof(
    fc
      .array(longLabel, { minLength: 2, maxLength: 5 })
      .map(labels => labels.join('.')),
    fc.constantFrom(
      '10.0.0.1',
      '*.example.com',
      'a.example.123',
      'Shop.example.com',
    ),
  ),
);

const httpMatch = fc.record(
  { path, headers, method: fc.constantFrom(...HTTP_METHODS) },
  { requiredKeys: [] },
);
const grpcMatch = fc
  .record(
    {
      service: mostly(
        fc.stringMatching(
          /^[A-Za-z_][A-Za-z_0-9]{0,12}(\.[A-Za-z_][A-Za-z_0-9]{0,12}){0,4}$/,
        ),
        fc.stringMatching(
          /^[A-Za-z_][A-Za-z_0-9]{40,60}(\.[A-Za-z_][A-Za-z_0-9]{40,60}){2}$/,
        ),
      ),
      method: mostly(
        fc.stringMatching(/^[A-Za-z_][A-Za-z_0-9]{0,20}$/),
        fc.stringMatching(/^[A-Za-z_][A-Za-z_0-9]{10,40}$/),
      ),
      headers,
    },
    { requiredKeys: [] },
  )
  .filter(match =>
    mostlyTrue(match.method === undefined || match.service !== undefined),
  );

/** Keeps most of what passes a test and a few of what does not. */
let sampled = 0;
function mostlyTrue(passes: boolean): boolean {
  sampled++;
  return passes || sampled % 5 === 0;
}

interface World {
  namespace: string;
  name: string;
  clusters: Array<{
    name: string;
    ports: Array<{ port: number; routeType: string }>;
  }>;
}

const world: fc.Arbitrary<World> = fc.record({
  namespace: label,
  name: serviceName,
  clusters: fc.uniqueArray(
    fc.record({
      name: clusterName,
      ports: mostly(
        fc.constant([
          { port: 80, routeType: 'HTTP' },
          { port: 9090, routeType: 'GRPC' },
          { port: 8443, routeType: 'TLS' },
        ]),
        fc.uniqueArray(
          fc.record({
            port: fc.oneof(
              fc.constantFrom(80, 443, 8080, 9090),
              fc.integer({ min: 1, max: 65535 }),
            ),
            routeType,
          }),
          { maxLength: 3, selector: port => `${port.port}/${port.routeType}` },
        ),
      ),
    }),
    { minLength: 1, maxLength: 4, selector: cluster => cluster.name },
  ),
});

function bodyFor(clusters: string[]) {
  const backends = fc.uniqueArray(
    fc.record({
      cluster: fc.oneof(
        { weight: 9, arbitrary: fc.constantFrom(...clusters) },
        { weight: 1, arbitrary: clusterName },
      ),
      weight: mostly(
        fc.integer({ min: 1, max: 999 }),
        fc.constantFrom(0, 1, 999),
      ),
    }),
    { minLength: 1, maxLength: 4, selector: backend => backend.cluster },
  );
  const common = {
    entityRef: fc.constant('component:default/checkout'),
    routeName: mostly(label, longLabel),
    gateway: fc.record(
      {
        name: fc.constantFrom('gateway-1', 'gateway-2'),
        namespace: fc.constant('default'),
      },
      { requiredKeys: ['name'] },
    ),
    listener: mostly(
      fc.constantFrom('http', 'https'),
      fc.oneof(fc.constant('tls'), label),
    ),
    backends,
    hostname,
    reason: fc.constant('Property test'),
  };
  const optional = ['routeName', 'hostname'] as const;
  const required = Object.keys(common).filter(
    key => !(optional as readonly string[]).includes(key),
  ) as Array<keyof typeof common>;
  return fc.oneof(
    fc.record(
      { ...common, kind: fc.constant('HTTP'), match: httpMatch },
      { requiredKeys: [...required, 'kind'] },
    ),
    fc.record(
      {
        ...common,
        kind: fc.constant('GRPC'),
        listener: mostly(fc.constant('https'), common.listener),
        match: grpcMatch,
      },
      { requiredKeys: [...required, 'kind'] },
    ),
    // TLS passthrough: the hostname (SNI) is required, nothing is matched.
    fc.record(
      {
        ...common,
        kind: fc.constant('TLS'),
        listener: mostly(fc.constant('tls'), common.listener),
      },
      { requiredKeys: [...required, 'kind', 'hostname'] },
    ),
  );
}

function snapshotOf(input: World) {
  const builder = new FleetBuilder();
  builder
    .config()
    .add(
      latticeGateway('default', 'gateway-1'),
      latticeGateway('default', 'gateway-2'),
    );
  for (const cluster of input.clusters) {
    builder.workload(cluster.name).add(
      service(input.namespace, input.name, {
        ports: cluster.ports.length
          ? cluster.ports.map(p => ({ port: p.port }))
          : undefined,
      }),
      latticeExport(
        input.namespace,
        input.name,
        cluster.ports.length ? { exportedPorts: cluster.ports } : {},
      ),
    );
  }
  builder.lattice.serviceNetwork('gateway-1');
  return builder.build();
}

describeWithServer(
  'the route planner over every request the API accepts',
  () => {
    let validateGatewayApi: GatewayApiValidator;

    beforeAll(async () => {
      validateGatewayApi = await loadGatewayApiValidator();
    });

    it('plans only what the real API server accepts, and refuses the rest with a reason', () => {
      const outcomes = { refusedBySchema: 0, refusedByPlanner: 0, accepted: 0 };
      const acceptedByKind: Record<string, number> = {};
      fc.assert(
        fc.property(
          world.chain(input =>
            fc.tuple(
              fc.constant(input),
              bodyFor(input.clusters.map(c => c.name)),
            ),
          ),
          ([input, body]) => {
            const parsed = routeRequestCreateSchema.safeParse(body);
            if (!parsed.success) {
              outcomes.refusedBySchema++;
              return;
            }
            const spec: RouteRequestSpec = {
              ...parsed.data,
              routeName: parsed.data.routeName ?? input.name,
            };
            const planned = planRoute({
              requestId: '00000000-0000-4000-8000-000000000001',
              entityRef: 'component:default/checkout',
              spec,
              service: { namespace: input.namespace, name: input.name },
              snapshot: snapshotOf(input),
              otherRequests: [],
              validateGatewayApi,
            });
            if (planned.problems.length) {
              if (planned.problems.some(problem => problem.length < 10))
                throw new Error(
                  `A refusal without a reason: ${JSON.stringify(
                    planned.problems,
                  )}`,
                );
              outcomes.refusedByPlanner++;
              return;
            }
            const refusals = planned.objects.flatMap(object => {
              const refusal = server!.refusal(object);
              return refusal ? [refusal] : [];
            });
            expect(refusals).toEqual([]);
            outcomes.accepted++;
            acceptedByKind[spec.kind] = (acceptedByKind[spec.kind] ?? 0) + 1;
          },
        ),
        { seed: SEED, numRuns: RUNS },
      );
      // eslint-disable-next-line no-console
      console.log(
        `Route planner property: ${JSON.stringify({
          ...outcomes,
          acceptedByKind,
        })}`,
      );
      expect(outcomes.accepted).toBeGreaterThan(RUNS / 5);
      // Every kind reaches the server, TLS passthrough routes among them.
      expect(Object.keys(acceptedByKind).sort()).toEqual([
        'GRPC',
        'HTTP',
        'TLS',
      ]);
    });
  },
);
