/*
 * TargetGroupPolicy: which policy applies to a target group's source, what it
 * changes (protocol, version, health check), and its Accepted status.
 */
import { KubeObject, ObjectStore } from '../kube/types';
import { TargetGroupConfig } from '../lattice/types';
import { ConditionUpdate, setConditions, Condition } from './conditions';
import { RESOURCES } from './constants';
import { ControllerContext } from './context';
import { getServed, listServed, patchStatus } from './kubeAccess';
import { ReconcileOutcome } from './queue';

export interface PolicyTarget {
  group: string;
  kind: string;
  name: string;
}

interface TargetRef extends PolicyTarget {
  namespace?: string;
}

interface PolicyHealthCheck {
  enabled?: boolean;
  intervalSeconds?: number;
  timeoutSeconds?: number;
  healthyThresholdCount?: number;
  unhealthyThresholdCount?: number;
  path?: string;
  port?: number;
  protocol?: 'HTTP' | 'HTTPS';
  protocolVersion?: 'HTTP1' | 'HTTP2';
  statusMatch?: string;
}

interface PolicySpec {
  targetRef?: TargetRef;
  protocol?: TargetGroupConfig['protocol'];
  protocolVersion?: TargetGroupConfig['protocolVersion'];
  healthCheck?: PolicyHealthCheck;
}

export const EXPORT_POLICY_TARGET = {
  group: RESOURCES.serviceExports.group,
  kind: 'ServiceExport',
};
export const SERVICE_POLICY_TARGET = { group: '', kind: 'Service' };

function specOf(policy: KubeObject): PolicySpec {
  return (policy.spec ?? {}) as PolicySpec;
}

function targets(policy: KubeObject, target: PolicyTarget): boolean {
  const ref = specOf(policy).targetRef;
  return (
    ref !== undefined &&
    (ref.group ?? '') === target.group &&
    ref.kind === target.kind &&
    ref.name === target.name &&
    (ref.namespace ?? policy.metadata.namespace) === policy.metadata.namespace
  );
}

function byAge(a: KubeObject, b: KubeObject): number {
  const created = (o: KubeObject) => o.metadata.creationTimestamp ?? '';
  return (
    created(a).localeCompare(created(b)) ||
    a.metadata.name.localeCompare(b.metadata.name)
  );
}

/** The policy in force for a target: the oldest one naming it. */
export function policyFor(
  store: ObjectStore,
  namespace: string,
  target: PolicyTarget,
): KubeObject | undefined {
  return listServed(store, RESOURCES.targetGroupPolicies, namespace)
    .filter(
      policy => !policy.metadata.deletionTimestamp && targets(policy, target),
    )
    .sort(byAge)[0];
}

/** Lattice's HealthCheckConfig; Lattice's defaults where the policy says nothing. */
export function healthCheckConfig(
  policy: KubeObject | undefined,
): Record<string, unknown> {
  const check = (policy && specOf(policy).healthCheck) ?? {};
  return {
    enabled: check.enabled ?? true,
    protocol: check.protocol ?? 'HTTP',
    protocolVersion: check.protocolVersion ?? 'HTTP1',
    ...(check.port !== undefined ? { port: check.port } : {}),
    path: check.path ?? '/',
    healthCheckIntervalSeconds: check.intervalSeconds ?? 30,
    healthCheckTimeoutSeconds: check.timeoutSeconds ?? 5,
    healthyThresholdCount: check.healthyThresholdCount ?? 5,
    unhealthyThresholdCount: check.unhealthyThresholdCount ?? 2,
    matcher: { httpCode: check.statusMatch ?? '200' },
  };
}

/** Protocol and version: the policy's when it sets them, else the route type's defaults. */
export function protocolOf(
  policy: KubeObject | undefined,
  defaults: Pick<TargetGroupConfig, 'protocol' | 'protocolVersion'>,
): Pick<TargetGroupConfig, 'protocol' | 'protocolVersion'> {
  const spec = policy ? specOf(policy) : {};
  if (!spec.protocol) return defaults;
  if (spec.protocol === 'TCP') return { protocol: 'TCP' };
  return {
    protocol: spec.protocol,
    protocolVersion: spec.protocolVersion ?? 'HTTP1',
  };
}

function resourceOfTarget(ref: TargetRef) {
  if (
    ref.kind === EXPORT_POLICY_TARGET.kind &&
    ref.group === EXPORT_POLICY_TARGET.group
  ) {
    return RESOURCES.serviceExports;
  }
  if (ref.kind === SERVICE_POLICY_TARGET.kind && (ref.group ?? '') === '')
    return RESOURCES.services;
  return undefined;
}

function acceptance(
  ctx: ControllerContext,
  policy: KubeObject,
): Omit<ConditionUpdate, 'type'> {
  const spec = specOf(policy);
  const namespace = policy.metadata.namespace ?? 'default';
  const ref = spec.targetRef;
  const generation = policy.metadata.generation;
  const result = (
    status: 'True' | 'False',
    reason: string,
    message: string,
  ) => ({
    status,
    reason,
    message,
    ...(generation !== undefined ? { observedGeneration: generation } : {}),
  });
  const resource = ref && resourceOfTarget(ref);
  if (!ref || !resource) {
    return result(
      'False',
      'Invalid',
      'targetRef must name a Service or an application-networking.k8s.aws ServiceExport',
    );
  }
  if (ref.namespace && ref.namespace !== namespace) {
    return result(
      'False',
      'Invalid',
      'targetRef must be in the same namespace as the policy',
    );
  }
  if (spec.protocol === 'TCP' && spec.protocolVersion) {
    return result(
      'False',
      'Invalid',
      'protocolVersion must be empty when protocol is TCP',
    );
  }
  if (!getServed(ctx.store, resource, namespace, ref.name)) {
    return result(
      'False',
      'TargetNotFound',
      `${ref.kind} ${namespace}/${ref.name} not found`,
    );
  }
  const winner = policyFor(ctx.store, namespace, {
    group: ref.group ?? '',
    kind: ref.kind,
    name: ref.name,
  });
  if (winner && winner.metadata.name !== policy.metadata.name) {
    return result(
      'False',
      'Conflicted',
      `${ref.kind} ${ref.name} already has policy ${winner.metadata.name}`,
    );
  }
  return result('True', 'Accepted', 'Policy is accepted');
}

export function reconcileTargetGroupPolicy(
  ctx: ControllerContext,
  namespace: string,
  name: string,
): ReconcileOutcome {
  const policy = getServed(
    ctx.store,
    RESOURCES.targetGroupPolicies,
    namespace,
    name,
  );
  if (!policy || policy.metadata.deletionTimestamp) return 'done';
  const status = (policy.status ?? {}) as { conditions?: Condition[] };
  const conditions = setConditions(
    status.conditions,
    [{ type: 'Accepted', ...acceptance(ctx, policy) }],
    ctx.now(),
  );
  patchStatus(ctx.store, RESOURCES.targetGroupPolicies, policy, { conditions });
  return 'done';
}
