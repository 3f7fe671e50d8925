/*
 * The planned objects next to what the config cluster holds under the same
 * names: whether each is created, changed or already as planned, and whose
 * fields the apply would overwrite. Server-side apply lets managers share a
 * field when they set the same value, so only differing values owned by
 * another manager are a takeover the approver has to agree to.
 */
import {
  KubeObjectManifest,
  PlannedFieldChange,
  PlannedObject,
  PlannedTakeover,
  ROUTE_REQUEST_ANNOTATIONS,
} from '@service-network/backstage-plugin-service-network-common';
import { FIELD_MANAGER } from '../clusters/types';
import type { KubeObject } from '../inventory/snapshot';
import { formatPath, PathSegment, sameJson } from './diff';

/** A managedFields entry, as the API server serves it. */
interface ManagedFieldsEntry {
  manager?: string;
  subresource?: string;
  fieldsV1?: Record<string, unknown>;
}

export interface ClusterComparison {
  objects: PlannedObject[];
  problems: string[];
}

/**
 * The fields an apply of `object` sets, at the granularity ownership is
 * reported to the approver: each label and annotation, each top-level
 * field of spec.
 */
function appliedFields(object: KubeObjectManifest): PathSegment[][] {
  const fields: PathSegment[][] = [];
  for (const key of ['labels', 'annotations'] as const) {
    for (const name of Object.keys(object.metadata[key] ?? {}))
      fields.push(['metadata', key, name]);
  }
  for (const name of Object.keys(object.spec ?? {}))
    fields.push(['spec', name]);
  return fields;
}

function valueAt(object: unknown, path: readonly PathSegment[]): unknown {
  let value = object;
  for (const segment of path) {
    value = (value as Record<PathSegment, unknown> | undefined)?.[segment];
  }
  return value;
}

function ownsField(
  entry: ManagedFieldsEntry,
  path: readonly PathSegment[],
): boolean {
  let node: unknown = entry.fieldsV1;
  for (const segment of path) {
    node = (node as Record<string, unknown> | undefined)?.[`f:${segment}`];
    if (node === undefined) return false;
  }
  return true;
}

function compareObject(
  cluster: string,
  desired: KubeObjectManifest,
  existing: KubeObject | undefined,
): PlannedObject {
  if (!existing) return { cluster, object: desired, action: 'create' };
  const others = (
    (existing.metadata as { managedFields?: ManagedFieldsEntry[] })
      .managedFields ?? []
  ).filter(
    entry =>
      entry.manager && entry.manager !== FIELD_MANAGER && !entry.subresource,
  );
  const changes: PlannedFieldChange[] = [];
  const takeovers = new Map<string, string[]>();
  for (const field of appliedFields(desired)) {
    const planned = valueAt(desired, field);
    const current = valueAt(existing, field);
    if (sameJson(planned, current)) continue;
    const path = formatPath(field);
    changes.push({
      path,
      ...(current === undefined ? {} : { current }),
      planned,
    });
    for (const entry of others.filter(candidate =>
      ownsField(candidate, field),
    )) {
      takeovers.set(entry.manager!, [
        ...(takeovers.get(entry.manager!) ?? []),
        path,
      ]);
    }
  }
  const takesOverFrom: PlannedTakeover[] = [...takeovers].map(
    ([manager, paths]) => ({ manager, paths }),
  );
  return {
    cluster,
    object: desired,
    action: changes.length ? 'update' : 'unchanged',
    ...(changes.length ? { changes } : {}),
    ...(takesOverFrom.length ? { takesOverFrom } : {}),
  };
}

function routeProblems(
  desired: KubeObjectManifest,
  existing: KubeObject,
  entityRef: string,
): string[] {
  const label = `${existing.kind} ${existing.metadata.namespace}/${existing.metadata.name}`;
  const problems: string[] = [];
  if (existing.metadata.deletionTimestamp) {
    problems.push(`${label} is being deleted: ask again once it is gone`);
  }
  const servedEntity =
    existing.metadata.annotations?.[ROUTE_REQUEST_ANNOTATIONS.entityRef];
  if (servedEntity && servedEntity !== entityRef) {
    problems.push(
      `${label} already routes to ${servedEntity}: choose another route name`,
    );
  }
  // The controller sets the custom domain when it creates the Lattice service and never changes it.
  const currentHostname = (
    existing.spec as { hostnames?: string[] } | undefined
  )?.hostnames?.[0];
  const plannedHostname = (desired.spec as { hostnames?: string[] } | undefined)
    ?.hostnames?.[0];
  if (currentHostname && currentHostname !== plannedHostname) {
    problems.push(
      `${label} has the custom domain ${currentHostname}, which VPC Lattice cannot change: keep it, or delete the route and ask again`,
    );
  }
  return problems;
}

/**
 * `existing[i]` is the cluster's object named like `desired[i]`, undefined
 * when there is none.
 */
export function planAgainstCluster(options: {
  cluster: string;
  desired: readonly KubeObjectManifest[];
  existing: ReadonlyArray<KubeObject | undefined>;
  entityRef: string;
}): ClusterComparison {
  const objects = options.desired.map((desired, index) =>
    compareObject(options.cluster, desired, options.existing[index]),
  );
  const problems = options.desired.flatMap((desired, index) => {
    const existing = options.existing[index];
    return existing && /Route$/.test(desired.kind)
      ? routeProblems(desired, existing, options.entityRef)
      : [];
  });
  return { objects, problems };
}
