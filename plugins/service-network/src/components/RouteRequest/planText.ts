/*
 * A planned object as a diff against the cluster, in text: what an
 * approver reads before the objects are applied. Pure.
 */
import { PlannedObject } from '@service-network/backstage-plugin-service-network-common';
import { stringify } from 'yaml';

function lines(value: unknown): string[] {
  return stringify(value).trimEnd().split('\n');
}

function prefixed(prefix: string, value: unknown): string[] {
  return lines(value).map(line => `${prefix} ${line}`);
}

/**
 * `+` lines for an object the apply creates; for one it updates, each
 * changed field with `-` (in the cluster) and `+` (planned) lines.
 */
export function plannedObjectDiff(planned: PlannedObject): string {
  if (planned.action === 'create') {
    return prefixed('+', planned.object).join('\n');
  }
  if (planned.action === 'unchanged') {
    return '  (the cluster already holds this object as planned)';
  }
  return (planned.changes ?? [])
    .flatMap(change => [
      `~ ${change.path}`,
      ...(change.current === undefined
        ? []
        : prefixed('-', change.current).map(line => `  ${line}`)),
      ...prefixed('+', change.planned).map(line => `  ${line}`),
    ])
    .join('\n');
}
