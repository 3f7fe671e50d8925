/*
 * npm run bench: Service Network's status endpoint side by side with the
 * Kubernetes plugin's custom-resource query, against one simulated fleet.
 * See the Benchmark section of the README for how to read the output.
 */
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { stringify } from 'yaml';
import { catalogEntities } from './appConfig';
import type { Profile } from './backendProcess';
import type { BenchContext } from './context';
import { startFleetProcess } from './fleetProcess';
import { measureKubernetesPlugin } from './kubernetesPluginSide';
import { BenchResult, checkTargets, renderReport } from './report';
import { measureServiceNetwork } from './serviceNetworkSide';
import { sampleIndexes } from './stats';

const HELP = `Usage: npm run bench -- [options]

  --clusters N          workload clusters (default 50; one config cluster is added)
  --services N          services per workload cluster (default 2000)
  --latency-ms N        latency of every simulated Kubernetes API request (default 30)
  --sample N            entities measured, one page view each (default 100)
  --lattice-budget N    Lattice API calls per minute our backend may make (default 60000)
  --lattice-wait-s N    how long to wait for the Lattice inventory before measuring anyway (default 90)
  --profile cpu|heap    run both backends under the V8 CPU or sampling heap profiler
  --json FILE           where to write the figures (default test/bench/results/<time>.json)
  --help

A quick run: npm run bench -- --clusters 5 --services 200
`;

/** Services are spread over this many namespaces, as in the fleet's large seed. */
const NAMESPACES = 20;
const RESULTS_DIR = path.join(__dirname, 'results');

function wholeNumber(value: string | undefined, fallback: number, name: string): number {
  if (value === undefined) return fallback;
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < 0) throw new Error(`--${name} must be a whole number, got "${value}"`);
  return parsed;
}

function parseOptions() {
  const { values } = parseArgs({
    options: {
      clusters: { type: 'string' },
      services: { type: 'string' },
      'latency-ms': { type: 'string' },
      sample: { type: 'string' },
      'lattice-budget': { type: 'string' },
      'lattice-wait-s': { type: 'string' },
      profile: { type: 'string' },
      json: { type: 'string' },
      help: { type: 'boolean' },
    },
  });
  if (values.profile !== undefined && values.profile !== 'cpu' && values.profile !== 'heap') {
    throw new Error(`--profile must be cpu or heap, got "${values.profile}"`);
  }
  return {
    help: values.help ?? false,
    size: {
      clusters: wholeNumber(values.clusters, 50, 'clusters'),
      services: wholeNumber(values.services, 2000, 'services'),
      namespaces: NAMESPACES,
      latencyMs: wholeNumber(values['latency-ms'], 30, 'latency-ms'),
    },
    sample: wholeNumber(values.sample, 100, 'sample'),
    latticeCallBudgetPerMinute: wholeNumber(values['lattice-budget'], 60_000, 'lattice-budget'),
    latticeWaitMs: wholeNumber(values['lattice-wait-s'], 90, 'lattice-wait-s') * 1000,
    profile: values.profile as Profile | undefined,
    json: values.json,
  };
}

async function main() {
  const options = parseOptions();
  if (options.help) {
    process.stdout.write(HELP);
    return;
  }
  const { size } = options;
  if (size.clusters < 1 || size.services < 1 || options.sample < 1) {
    throw new Error('--clusters, --services and --sample must be at least 1');
  }
  const started = performance.now();
  const startedAt = new Date();
  const stamp = startedAt.toISOString().replace(/[:.]/g, '-');
  const workDir = path.join(RESULTS_DIR, stamp);
  fs.mkdirSync(workDir, { recursive: true });
  const log = (line: string) => process.stdout.write(`${line}\n`);

  log(`Starting the fleet: ${size.clusters} x ${size.services} services, ${size.latencyMs} ms latency (logs in ${workDir})`);
  const fleet = await startFleetProcess(size, workDir);
  try {
    const { timings } = fleet.description;
    const targetGroups = fleet.description.lattice.targetGroups;
    log(`  seeded in ${(timings.seedMs / 1000).toFixed(1)} s, settled in ${(timings.settleMs / 1000).toFixed(1)} s`);
    const sample = sampleIndexes(options.sample, size.services);
    const catalogFile = path.join(workDir, 'catalog.yaml');
    fs.writeFileSync(
      catalogFile,
      catalogEntities(sample, size.namespaces)
        .map(entity => stringify(entity))
        .join('---\n'),
    );
    const context: BenchContext = {
      fleet,
      size,
      sample,
      catalogFile,
      workDir,
      profile: options.profile,
      log,
    };

    log('Service Network backend');
    const ours = await measureServiceNetwork(context, {
      latticeCallBudgetPerMinute: options.latticeCallBudgetPerMinute,
      latticeDeadlineMs: options.latticeWaitMs,
    });
    log('Kubernetes plugin backend');
    const theirs = await measureKubernetesPlugin(context);

    const result: BenchResult = {
      startedAt: startedAt.toISOString(),
      durationMs: Math.round(performance.now() - started),
      size: { ...size, sample: context.sample.length, latticeCallBudgetPerMinute: options.latticeCallBudgetPerMinute },
      fleet: { timings, targetGroups },
      ours,
      theirs,
      targets: checkTargets(ours, theirs),
    };
    const jsonFile = path.resolve(options.json ?? path.join(RESULTS_DIR, `${stamp}.json`));
    fs.mkdirSync(path.dirname(jsonFile), { recursive: true });
    fs.writeFileSync(jsonFile, `${JSON.stringify(result, null, 2)}\n`);
    process.stdout.write(renderReport(result));
    log(`\nFigures written to ${jsonFile}`);
  } finally {
    await fleet.process.stop();
  }
}

main().catch(error => {
  process.stderr.write(`${error.stack ?? error}\n`);
  process.exit(1);
});
