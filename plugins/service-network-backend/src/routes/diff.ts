/*
 * What changed between two plans of one request, for the approver: per
 * object, added, removed, or the paths that changed; and the problems that
 * appeared or went away. Only what the apply would do counts: the objects
 * as applied and whose fields they take over. The informational `action`
 * and `changes` follow the cluster (including our own earlier writes) and
 * are left out, or a half-finished apply would look like a changed plan.
 */
import type {
  PlannedObject,
  PlanObjectDiff,
  PlanPathDiff,
  RouteRequestPlan,
  RouteRequestPlanDiff,
} from '@service-network/backstage-plugin-service-network-common';

export type PathSegment = string | number;

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

/** `spec.rules[0].backendRefs`, `metadata.annotations["example.com/key"]`. */
export function formatPath(segments: readonly PathSegment[]): string {
  return segments
    .map((segment, index) => {
      if (typeof segment === 'number') return `[${segment}]`;
      if (!IDENTIFIER.test(segment)) return `[${JSON.stringify(segment)}]`;
      return index === 0 ? segment : `.${segment}`;
    })
    .join('');
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Equality of JSON values. Unlike util.isDeepStrictEqual it ignores
 * prototypes, which differ between objects parsed or cloned in other realms.
 */
export function sameJson(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a) && Array.isArray(b)) {
    return (
      a.length === b.length &&
      a.every((item, index) => sameJson(item, b[index]))
    );
  }
  if (isPlainObject(a) && isPlainObject(b)) {
    const keys = Object.keys(a).filter(key => a[key] !== undefined);
    return (
      keys.length ===
        Object.keys(b).filter(key => b[key] !== undefined).length &&
      keys.every(key => sameJson(a[key], b[key]))
    );
  }
  return false;
}

function diffValues(
  before: unknown,
  after: unknown,
  path: PathSegment[],
  out: PlanPathDiff[],
): void {
  if (sameJson(before, after)) return;
  if (isPlainObject(before) && isPlainObject(after)) {
    const keys = [
      ...new Set([...Object.keys(before), ...Object.keys(after)]),
    ].sort();
    for (const key of keys)
      diffValues(before[key], after[key], [...path, key], out);
    return;
  }
  if (Array.isArray(before) && Array.isArray(after)) {
    for (
      let index = 0;
      index < Math.max(before.length, after.length);
      index++
    ) {
      diffValues(before[index], after[index], [...path, index], out);
    }
    return;
  }
  out.push({
    path: formatPath(path),
    ...(before === undefined ? {} : { before }),
    ...(after === undefined ? {} : { after }),
  });
}

function objectKey(planned: PlannedObject): string {
  const { kind, metadata } = planned.object;
  return `${kind} ${metadata.namespace ?? ''}/${metadata.name}`;
}

/** The part of a planned object that decides what the apply does. */
function effect(planned: PlannedObject) {
  return { object: planned.object, takesOverFrom: planned.takesOverFrom ?? [] };
}

function objectDiff(
  planned: PlannedObject,
  change: PlanObjectDiff['change'],
  paths: PlanPathDiff[] = [],
): PlanObjectDiff {
  const { kind, metadata } = planned.object;
  return {
    kind,
    namespace: metadata.namespace,
    name: metadata.name,
    change,
    paths,
  };
}

function changedPaths(
  before: PlannedObject,
  after: PlannedObject,
): PlanPathDiff[] {
  const paths: PlanPathDiff[] = [];
  diffValues(before.object, after.object, [], paths);
  const owners = effect(before).takesOverFrom;
  const newOwners = effect(after).takesOverFrom;
  if (!sameJson(owners, newOwners)) {
    paths.push({
      path: '(takes over fields from)',
      before: owners,
      after: newOwners,
    });
  }
  return paths;
}

function json(value: unknown): string {
  return JSON.stringify(value);
}

function renderObject(diff: PlanObjectDiff, planned: PlannedObject): string[] {
  const header = `@@ ${diff.kind} ${diff.namespace ?? ''}/${diff.name} (${
    diff.change
  })`;
  if (diff.change === 'added') return [header, `+ ${json(planned.object)}`];
  if (diff.change === 'removed') return [header, `- ${json(planned.object)}`];
  return [
    header,
    ...diff.paths.flatMap(path => [
      ...('before' in path ? [`- ${path.path}: ${json(path.before)}`] : []),
      ...('after' in path ? [`+ ${path.path}: ${json(path.after)}`] : []),
    ]),
  ];
}

/**
 * The difference between a request's plan and a fresh one; undefined when
 * applying either would do the same.
 */
export function diffPlans(
  before: RouteRequestPlan,
  after: RouteRequestPlan,
  versions: { fromVersion: number; toVersion: number },
): RouteRequestPlanDiff | undefined {
  const beforeByKey = new Map(
    before.objects.map(planned => [objectKey(planned), planned]),
  );
  const afterByKey = new Map(
    after.objects.map(planned => [objectKey(planned), planned]),
  );
  const objects: PlanObjectDiff[] = [];
  const lines: string[] = [];
  const record = (diff: PlanObjectDiff, shown: PlannedObject) => {
    objects.push(diff);
    lines.push(...renderObject(diff, shown));
  };
  for (const [key, planned] of beforeByKey) {
    const fresh = afterByKey.get(key);
    if (!fresh) {
      record(objectDiff(planned, 'removed'), planned);
    } else if (!sameJson(effect(planned), effect(fresh))) {
      record(objectDiff(fresh, 'changed', changedPaths(planned, fresh)), fresh);
    }
  }
  for (const [key, planned] of afterByKey) {
    if (!beforeByKey.has(key)) record(objectDiff(planned, 'added'), planned);
  }
  const problemsAdded = after.problems.filter(
    problem => !before.problems.includes(problem),
  );
  const problemsRemoved = before.problems.filter(
    problem => !after.problems.includes(problem),
  );
  if (problemsAdded.length || problemsRemoved.length) {
    lines.push(
      '@@ problems',
      ...problemsRemoved.map(p => `- ${p}`),
      ...problemsAdded.map(p => `+ ${p}`),
    );
  }
  if (!objects.length && !problemsAdded.length && !problemsRemoved.length)
    return undefined;
  const text = [
    `--- plan version ${versions.fromVersion}`,
    `+++ plan version ${versions.toVersion}`,
    ...lines,
  ].join('\n');
  return { ...versions, objects, problemsAdded, problemsRemoved, text };
}
