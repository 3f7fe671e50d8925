/*
 * Loading manifests, CustomResourceDefinitions above all: the project's own (test/crds) and, for
 * conformance tests, the real ones next to the repository (../shared/reference/crds).
 */
import fs from 'node:fs';
import path from 'node:path';
import { parseAllDocuments } from 'yaml';
import type { KubeObject } from './types';

const packageDir = path.dirname(
  require.resolve('@service-network/simulated-fleet/package.json'),
);

function yamlFilesUnder(dir: string): string[] {
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .flatMap(entry => {
      const entryPath = path.join(dir, entry.name);
      if (entry.isDirectory()) return yamlFilesUnder(entryPath);
      return /\.ya?ml$/.test(entry.name) ? [entryPath] : [];
    })
    .sort();
}

/** Every document of one YAML manifest file. */
export function parseManifests(file: string): KubeObject[] {
  return parseAllDocuments(fs.readFileSync(file, 'utf8')).flatMap(document => {
    if (document.errors.length > 0)
      throw new Error(`${file}: ${document.errors[0].message}`);
    const value = document.toJS();
    return value && typeof value === 'object' ? [value as KubeObject] : [];
  });
}

/** Every document of every YAML file under `dir`, in path order. */
export function loadCrdsFromDir(dir: string): KubeObject[] {
  return yamlFilesUnder(dir).flatMap(parseManifests);
}

/** The CRDs the simulated clusters install: the controller's, upstream MCS and Gateway API. */
export function loadProjectCrds(): KubeObject[] {
  return loadCrdsFromDir(path.join(packageDir, 'crds'));
}

/**
 * The real upstream CRDs, when the shared reference folder sits next to the
 * repository (as in CI), or where SERVICE_NETWORK_SHARED_DIR points (a git
 * worktree elsewhere).
 */
export function referenceCrdsDir(): string | undefined {
  const shared =
    process.env.SERVICE_NETWORK_SHARED_DIR ||
    path.resolve(packageDir, '..', '../shared');
  const dir = path.join(shared, 'reference', 'crds');
  return fs.existsSync(dir) ? dir : undefined;
}

export interface FleetCrds {
  /** `reference`: the real upstream CRDs; `project`: our own (test/crds), when those are not at hand. */
  source: 'reference' | 'project';
  dir: string;
  crds: KubeObject[];
}

/**
 * What the simulated clusters install: the real upstream CRDs, with all
 * their CEL rules, wherever they can be read, and ours for the kinds they
 * lack; only our own definitions (which carry the rules we rely on) on a
 * machine without them.
 */
export function loadFleetCrds(): FleetCrds {
  const reference = referenceCrdsDir();
  const dir = path.join(packageDir, 'crds');
  const project = loadCrdsFromDir(dir);
  if (!reference) return { source: 'project', dir, crds: project };
  const real = loadCrdsFromDir(reference);
  // Kinds the reference folder has no definition of (GKE's, Cilium's) come from ours.
  const known = new Set(real.map(crd => crd.metadata.name));
  return {
    source: 'reference',
    dir: reference,
    crds: [...real, ...project.filter(crd => !known.has(crd.metadata.name))],
  };
}
