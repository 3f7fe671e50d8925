import fs from 'node:fs';
import path from 'node:path';
import { parseAllDocuments } from 'yaml';
import { KINDS } from './kinds';

// The shared reference folder beside the repository (as in CI), or where SERVICE_NETWORK_SHARED_DIR points.
const CRD_DIR = path.join(
  process.env.SERVICE_NETWORK_SHARED_DIR ||
    path.resolve(__dirname, '../../../../shared'),
  'reference',
  'crds',
);
// Ours, written from the upstream definitions, for kinds the reference folder has none of (GKE's).
const PROJECT_CRD_DIR = path.resolve(__dirname, '../../../test/crds');

interface Crd {
  spec: {
    group: string;
    scope: 'Namespaced' | 'Cluster';
    names: { kind: string; plural: string };
    versions: { name: string; served: boolean }[];
  };
}

function loadCrds(dir: string): Crd[] {
  return fs
    .readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter(file => file.endsWith('.yaml'))
    .flatMap(file =>
      parseAllDocuments(fs.readFileSync(path.join(dir, file), 'utf8')),
    )
    .map(doc => doc.toJS() as Crd)
    .filter(doc => doc?.spec?.names);
}

// Kinds Kubernetes serves itself; every other kind must come from a CRD.
const BUILT_IN_GROUPS = ['', 'discovery.k8s.io'];
const customKinds = Object.entries(KINDS).filter(
  ([, kind]) => !BUILT_IN_GROUPS.includes(kind.group),
);
const haveCrds = fs.existsSync(CRD_DIR);
if (!haveCrds) {
  // eslint-disable-next-line no-console
  console.warn(`Skipping CRD checks: ${CRD_DIR} is not on this machine`);
}

(haveCrds ? describe : describe.skip)('KINDS against the real CRDs', () => {
  const real = haveCrds ? loadCrds(CRD_DIR) : [];
  const realGroups = new Set(real.map(crd => crd.spec.group));
  // A group the reference folder lacks altogether is checked against ours.
  const crds = [
    ...real,
    ...loadCrds(PROJECT_CRD_DIR).filter(
      crd => !realGroups.has(crd.spec.group),
    ),
  ];

  it.each(customKinds)('%s is served by a CRD', (_key, kind) => {
    const crd = crds.find(
      c => c.spec.group === kind.group && c.spec.names.plural === kind.plural,
    );
    expect(crd?.spec.names.kind).toBe(kind.kind);
    expect(crd?.spec.scope).toBe(kind.namespaced ? 'Namespaced' : 'Cluster');
    expect(crd?.spec.versions).toContainEqual(
      expect.objectContaining({ name: kind.version, served: true }),
    );
  });
});
