/*
 * Legacy (unaggregated) discovery documents, built from the served resource
 * types: /api, /api/v1, /apis, /apis/<group> and /apis/<group>/<version>.
 * Clients asking for aggregated discovery get these too, as from a server
 * that does not offer it, and fall back.
 */
import type { ResourceType } from './types';

/** The version a real server serves as of this simulation. */
export const SERVER_VERSION = {
  major: '1',
  minor: '31',
  gitVersion: 'v1.31.0',
  gitCommit: '9e1f9c5a6fc9b4a35ccc1ab3fc2d7c37a7d5af1e',
  gitTreeState: 'clean',
  buildDate: '2024-08-13T07:28:49Z',
  goVersion: 'go1.22.5',
  compiler: 'gc',
  platform: 'linux/amd64',
};

const VERSION_PATTERN = /^v(\d+)(?:(alpha|beta)(\d+))?$/;
const STABILITY: Record<string, number> = { alpha: 0, beta: 1 };

/** Kubernetes' version priority: GA before beta before alpha, higher numbers first, others last. */
function compareVersions(a: string, b: string): number {
  const rank = (version: string): [number, number, number] | undefined => {
    const match = VERSION_PATTERN.exec(version);
    if (!match) return undefined;
    return [STABILITY[match[2]] ?? 2, Number(match[1]), Number(match[3] ?? 0)];
  };
  const left = rank(a);
  const right = rank(b);
  if (!left && !right) return a.localeCompare(b);
  if (!left || !right) return left ? -1 : 1;
  for (let index = 0; index < 3; index += 1) {
    if (left[index] !== right[index]) return right[index] - left[index];
  }
  return 0;
}

export function typesIn(
  types: readonly ResourceType[],
  group: string,
  version: string,
): ResourceType[] {
  return types.filter(type => type.group === group && type.version === version);
}

export function apiVersions(serverAddress: string) {
  return {
    kind: 'APIVersions',
    versions: ['v1'],
    serverAddressByClientCIDRs: [{ clientCIDR: '0.0.0.0/0', serverAddress }],
  };
}

function groupVersions(
  types: readonly ResourceType[],
  group: string,
): string[] {
  return [
    ...new Set(
      types.filter(type => type.group === group).map(type => type.version),
    ),
  ].sort(compareVersions);
}

export function apiGroup(types: readonly ResourceType[], group: string) {
  const versions = groupVersions(types, group);
  if (versions.length === 0) return undefined;
  const entries = versions.map(version => ({
    groupVersion: `${group}/${version}`,
    version,
  }));
  return { name: group, versions: entries, preferredVersion: entries[0] };
}

export function apiGroupList(types: readonly ResourceType[]) {
  const groups = [
    ...new Set(types.map(type => type.group).filter(group => group !== '')),
  ];
  return {
    kind: 'APIGroupList',
    apiVersion: 'v1',
    groups: groups.map(group => apiGroup(types, group)!),
  };
}

export function apiResourceList(
  types: readonly ResourceType[],
  group: string,
  version: string,
) {
  const served = typesIn(types, group, version);
  if (served.length === 0) return undefined;
  const resources = served.flatMap(type => {
    const entry = {
      name: type.plural,
      singularName: type.singular,
      namespaced: type.namespaced,
      kind: type.kind,
      verbs: type.verbs,
      ...(type.shortNames?.length ? { shortNames: type.shortNames } : {}),
      ...(type.categories?.length ? { categories: type.categories } : {}),
    };
    const status = {
      name: `${type.plural}/status`,
      singularName: '',
      namespaced: type.namespaced,
      kind: type.kind,
      verbs: ['get', 'patch', 'update'],
    };
    const scale = {
      name: `${type.plural}/scale`,
      singularName: '',
      namespaced: type.namespaced,
      group: 'autoscaling',
      version: 'v1',
      kind: 'Scale',
      verbs: ['get', 'patch', 'update'],
    };
    return [
      entry,
      ...(type.statusSubresource ? [status] : []),
      ...(type.scaleSubresource ? [scale] : []),
    ];
  });
  return {
    kind: 'APIResourceList',
    ...(group ? { apiVersion: 'v1' } : {}),
    groupVersion: group ? `${group}/${version}` : version,
    resources,
  };
}
