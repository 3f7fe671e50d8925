/*
 * The export planner against a real API server's rules, over the whole
 * input space the export API accepts: fast-check generates fleets (AWS and
 * upstream-MCS workload clusters of either served version, a Service with
 * any ports, protocols and app protocols) and export requests (clusters,
 * ports, route types). A body the schema refuses is a 400; a plan with
 * problems a 4xx that says why; every other write must be accepted by the
 * simulated API server with the real upstream CRDs (a server-side apply
 * dry run). Seeded, so a failure reproduces.
 */
import fc from 'fast-check';
import { exportRequestSchema } from '@service-network/backstage-plugin-service-network-common';
import { referenceApiServer } from '../__testUtils__/referenceApiServer';
import { FleetBuilder, service } from '../status/__fixtures__/fleet';
import { hasService, planExport } from './planExport';
import { VersionLookup, selectClusters } from './preflight';

// Fixed for npm test; SN_PROPERTY_SEED and SN_PROPERTY_RUNS explore further.
const SEED = Number(process.env.SN_PROPERTY_SEED ?? 1403);
const RUNS = Number(process.env.SN_PROPERTY_RUNS ?? 300);

const server = referenceApiServer();
const describeWithServer = server ? describe : describe.skip;

const mostly = <T>(usual: fc.Arbitrary<T>, edge: fc.Arbitrary<T>) =>
  fc.oneof({ weight: 4, arbitrary: usual }, { weight: 1, arbitrary: edge });
const clusterName = fc.stringMatching(
  /^[A-Za-z0-9]([-A-Za-z0-9_.]{0,30}[A-Za-z0-9])?$/,
);
const servicePort = fc.record(
  {
    name: fc.oneof(
      fc.constantFrom('http', 'grpc', 'grpc-web', 'h2', 'metrics'),
      fc.stringMatching(/^[a-z]([-a-z0-9]{0,13}[a-z0-9])?$/),
    ),
    port: fc.oneof(
      fc.constantFrom(80, 443, 8080, 9090),
      fc.integer({ min: 1, max: 65535 }),
    ),
    protocol: mostly(fc.constant('TCP'), fc.constantFrom('UDP', 'SCTP')),
    appProtocol: fc.constantFrom(
      'grpc',
      'http',
      'kubernetes.io/h2c',
      'example.com/grpc',
    ),
  },
  { requiredKeys: ['port'] },
);

const world = fc.record({
  namespace: fc.stringMatching(/^[a-z0-9]([-a-z0-9]{0,20}[a-z0-9])?$/),
  name: fc.stringMatching(/^[a-z]([-a-z0-9]{0,40}[a-z0-9])?$/),
  clusters: fc.uniqueArray(
    fc.record({
      name: clusterName,
      api: fc.constantFrom('aws', 'mcs'),
      mcsVersion: fc.constantFrom('v1beta1', 'v1alpha1'),
      runsService: mostly(fc.constant(true), fc.constant(false)),
      ports: fc.uniqueArray(servicePort, {
        minLength: 1,
        maxLength: 4,
        selector: port => port.port,
      }),
    }),
    { minLength: 1, maxLength: 4, selector: cluster => cluster.name },
  ),
});

type World = typeof world extends fc.Arbitrary<infer T> ? T : never;

function requestFor(input: World) {
  const ports = input.clusters.flatMap(cluster =>
    cluster.ports.map(port => port.port),
  );
  return fc.record(
    {
      clusters: mostly(
        fc.subarray(
          input.clusters.map(cluster => cluster.name),
          { minLength: 1 },
        ),
        fc.array(
          fc.oneof(
            clusterName,
            fc.constantFrom(...input.clusters.map(cluster => cluster.name)),
          ),
          { maxLength: 3 },
        ),
      ),
      ports: mostly(
        fc.uniqueArray(
          fc.record({
            port: fc.constantFrom(...ports),
            routeType: fc.constantFrom('HTTP', 'GRPC', 'TLS'),
          }),
          { minLength: 1, maxLength: 3, selector: port => port.port },
        ),
        fc.array(
          fc.record({
            port: fc.integer({ min: 0, max: 70000 }),
            routeType: fc.constantFrom('HTTP', 'GRPC', 'TLS', 'UDP'),
          }),
          { maxLength: 3 },
        ),
      ),
      dryRun: fc.boolean(),
    },
    { requiredKeys: [] },
  );
}

describeWithServer(
  'the export planner over every export request the API accepts',
  () => {
    it('plans only ServiceExports the real API server accepts, and refuses the rest with a reason', () => {
      const outcomes = { refusedBySchema: 0, refusedByPlanner: 0, accepted: 0 };
      fc.assert(
        fc.property(
          world.chain(input => fc.tuple(fc.constant(input), requestFor(input))),
          ([input, body]) => {
            const parsed = exportRequestSchema.safeParse(body);
            if (!parsed.success) {
              outcomes.refusedBySchema++;
              return;
            }
            const builder = new FleetBuilder();
            builder.config();
            const servedVersions = new Map<string, VersionLookup>();
            for (const cluster of input.clusters) {
              const workload = builder.workload(cluster.name, cluster.api);
              if (cluster.runsService)
                workload.add(
                  service(input.namespace, input.name, {
                    ports: cluster.ports,
                  }),
                );
              servedVersions.set(cluster.name, { version: cluster.mcsVersion });
            }
            const snapshot = builder.build();
            const ref = { namespace: input.namespace, name: input.name };
            const plan = planExport({
              service: ref,
              request: parsed.data,
              selection: selectClusters(
                snapshot,
                parsed.data.clusters,
                hasService(ref),
              ),
              servedVersions,
              lattice: snapshot.lattice,
              quota: { limit: 500, inUse: 0, region: 'us-west-2' },
            });
            if (plan.problems.length) {
              if (plan.problems.some(problem => problem.message.length < 10))
                throw new Error(
                  `A refusal without a reason: ${JSON.stringify(
                    plan.problems,
                  )}`,
                );
              outcomes.refusedByPlanner++;
              return;
            }
            const refusals = plan.writes.flatMap(write => {
              const refusal = server!.refusal(write.object);
              return refusal ? [`${write.cluster}: ${refusal}`] : [];
            });
            expect(refusals).toEqual([]);
            outcomes.accepted++;
          },
        ),
        { seed: SEED, numRuns: RUNS },
      );
      // eslint-disable-next-line no-console
      console.log(`Export planner property: ${JSON.stringify(outcomes)}`);
      expect(outcomes.accepted).toBeGreaterThan(RUNS / 5);
    });
  },
);
