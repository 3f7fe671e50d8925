/*
 * One finding for what many clusters share. A Service exported to fifty
 * clusters would otherwise list the same sentence fifty times, each
 * naming its own cluster: the page said nothing more, and its answer was a
 * third findings.
 */
import type { Finding } from '@service-network/backstage-plugin-service-network-common';

/** How many clusters a merged finding names before counting the rest. */
const MOST_NAMED = 3;
const PLACEHOLDER = '\u0000';

/** `cluster east` and `Cluster east` become plural when merged; a bare name becomes the list. */
const MENTIONS = ['cluster', 'Cluster'];

function replaceAll(text: string, from: string, to: string): string {
  return text.split(from).join(to);
}

function withoutCluster(text: string, cluster: string): string {
  const mentioned = MENTIONS.reduce(
    (result, word) =>
      replaceAll(result, `${word} ${cluster}`, `${word} ${PLACEHOLDER}`),
    text,
  );
  return replaceAll(mentioned, cluster, PLACEHOLDER);
}

function withClusters(template: string, clusters: readonly string[]): string {
  const names = named(clusters);
  const mentioned = MENTIONS.reduce(
    (result, word) =>
      replaceAll(result, `${word} ${PLACEHOLDER}`, `${word}s ${names}`),
    template,
  );
  return replaceAll(mentioned, PLACEHOLDER, names);
}

function named(clusters: readonly string[]): string {
  if (clusters.length <= MOST_NAMED) {
    return `${clusters.slice(0, -1).join(', ')} and ${clusters.at(-1)}`;
  }
  return `${clusters.slice(0, 2).join(', ')} and ${clusters.length - 2} more`;
}

/** Findings that say the same, and what they say with the cluster left out. */
interface Group {
  findings: Finding[];
  title: string;
  detail: string;
  action: string;
}

function merge(group: Group): Finding {
  const { findings } = group;
  if (findings.length === 1) return findings[0];
  const clusters = findings.map(finding => finding.cluster!);
  const objectRefs = findings.flatMap(finding => finding.objectRefs ?? []);
  return {
    id: findings[0].id,
    severity: findings[0].severity,
    clusters,
    title: withClusters(group.title, clusters),
    detail: withClusters(group.detail, clusters),
    action: withClusters(group.action, clusters),
    ...(objectRefs.length > 0 ? { objectRefs } : {}),
  };
}

/**
 * Findings of different clusters that say the same thing but for the
 * cluster's name become one, in the place of the first; the rest keep
 * their order.
 */
export function mergeAcrossClusters(findings: readonly Finding[]): Finding[] {
  const groups = new Map<string, Group>();
  const merged: Array<Finding | Group> = [];
  for (const finding of findings) {
    const { cluster } = finding;
    if (cluster === undefined) {
      merged.push(finding);
      continue;
    }
    const title = withoutCluster(finding.title, cluster);
    const detail = withoutCluster(finding.detail, cluster);
    const action = withoutCluster(finding.action, cluster);
    const key = JSON.stringify([
      finding.id,
      finding.severity,
      title,
      detail,
      action,
    ]);
    const group = groups.get(key);
    if (group) {
      group.findings.push(finding);
    } else {
      const started = { findings: [finding], title, detail, action };
      groups.set(key, started);
      merged.push(started);
    }
  }
  return merged.map(entry => ('findings' in entry ? merge(entry) : entry));
}
