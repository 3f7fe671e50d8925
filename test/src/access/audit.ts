/*
 * The access audit: compares what the backend's identities did (the fleets'
 * records) with what deploy/ grants them. Enough: nothing was refused.
 * Nothing more: every verb on every resource each ClusterRole rule names was
 * used, and every action the IAM policy allows was called. Data-driven: a
 * rule added to a manifest is checked as soon as it is there, and each
 * finding names the rule, action or request concerned.
 */
import type { KubeObject } from '../kube/types';
import type { IamPolicy } from '../lattice/iam';
import type { ClusterKind } from './deployFiles';
import type { AccessRecord, KubernetesAccessRecord, LatticeAccessRecord } from './records';

/** One verb on one resource of one group, as one rule of one of the backend's roles grants it. */
export interface KubernetesGrant {
  clusterKind: ClusterKind;
  roleKind: 'ClusterRole' | 'Role';
  role: string;
  rule: number;
  verb: string;
  apiGroup: string;
  resource: string;
  uses: number;
}

export interface LatticeGrant {
  action: string;
  uses: number;
}

export interface AuditReport {
  kubernetes: { decisions: number; grants: KubernetesGrant[]; refused: KubernetesAccessRecord[] };
  lattice: { requests: number; grants: LatticeGrant[]; refused: LatticeAccessRecord[] };
  /** Every reason the audit fails, in words that say what to change. */
  problems: string[];
}

/** Roles every authenticated user has on a real cluster; what they allow is not the manifests' business. */
const BOOTSTRAP_ROLES = new Set(['system:discovery', 'system:basic-user', 'system:public-info-viewer']);

function list(value: unknown): string[] {
  if (Array.isArray(value)) return value.map(String);
  return typeof value === 'string' ? [value] : [];
}

function group(apiGroup: string): string {
  return apiGroup === '' ? 'the core group' : apiGroup;
}

function describeRequest(record: KubernetesAccessRecord): string {
  if (record.path !== undefined) return `${record.verb} path ${record.path} in a ${record.clusterKind} cluster (${times(record.count)})`;
  const where = record.scope === 'cluster' ? 'across the cluster' : 'in a namespace';
  return `${record.verb} ${record.resource} in ${group(record.apiGroup ?? '')} ${where} in a ${record.clusterKind} cluster (${times(record.count)})`;
}

function times(count: number): string {
  return `${count} time${count === 1 ? '' : 's'}`;
}

/** Each verb x group x resource a role's rules name; wildcards and narrowing by name are problems, not grants. */
export function kubernetesGrants(roles: Record<ClusterKind, KubeObject | KubeObject[]>, problems: string[]): KubernetesGrant[] {
  const each = (Object.entries(roles) as Array<[ClusterKind, KubeObject | KubeObject[]]>).flatMap(([clusterKind, granted]) =>
    (Array.isArray(granted) ? granted : [granted]).map(role => [clusterKind, role] as const),
  );
  return each.flatMap(([clusterKind, role]) => {
    const rules = Array.isArray(role.rules) ? (role.rules as Array<Record<string, unknown>>) : [];
    const roleKind = role.kind === 'Role' ? 'Role' : 'ClusterRole';
    if (rules.length === 0) problems.push(`${roleKind} ${role.metadata.name} has no rules`);
    return rules.flatMap((rule, index) => {
      const where = `${roleKind} ${role.metadata.name} rule ${index}`;
      const verbs = list(rule.verbs);
      const apiGroups = list(rule.apiGroups);
      const resources = list(rule.resources);
      if ([...verbs, ...apiGroups, ...resources].includes('*'))
        problems.push(`${where} grants "*": name the verbs, groups and resources the backend uses`);
      if (list(rule.nonResourceURLs).length)
        problems.push(`${where} grants non-resource URLs: discovery is every authenticated user's already (system:discovery)`);
      if (list(rule.resourceNames).length)
        problems.push(`${where} narrows by resourceNames, which the audit does not judge`);
      return verbs.flatMap(verb =>
        apiGroups.flatMap(apiGroup =>
          resources.map(resource => ({ clusterKind, roleKind, role: role.metadata.name, rule: index, verb, apiGroup, resource, uses: 0 })),
        ),
      );
    });
  });
}

/** The actions the policy allows, each by its exact name. */
export function latticeGrants(policy: IamPolicy, problems: string[]): LatticeGrant[] {
  const statements = Array.isArray(policy.Statement) ? policy.Statement : [policy.Statement];
  const actions = statements
    .filter(statement => statement.Effect === 'Allow')
    .flatMap(statement => {
      if (statement.NotAction !== undefined) problems.push('The IAM policy allows by NotAction: name the actions instead');
      return list(statement.Action);
    });
  for (const action of actions.filter(a => /[*?]/.test(a)))
    problems.push(`The IAM policy allows ${action}: name the actions the backend calls instead of a wildcard`);
  if (actions.length === 0) problems.push('The IAM policy allows nothing');
  return [...new Set(actions)].map(action => ({ action, uses: 0 }));
}

function auditKubernetes(records: KubernetesAccessRecord[], grants: KubernetesGrant[], problems: string[]) {
  const refused: KubernetesAccessRecord[] = [];
  for (const record of records) {
    if (!record.allowed) {
      refused.push(record);
      problems.push(`Refused: ${describeRequest(record)}. Grant it in deploy/kubernetes/${record.clusterKind}-cluster/clusterrole.yaml, or stop the backend asking`);
      continue;
    }
    const source = record.grantedBy;
    if (source === undefined || source === 'system:masters') {
      problems.push(`Allowed as system:masters: ${describeRequest(record)}. The backend must use the token bound to deploy/kubernetes`);
      continue;
    }
    const grant = grants.find(
      g =>
        g.clusterKind === record.clusterKind &&
        g.roleKind === source.role.kind &&
        g.role === source.role.name &&
        g.rule === source.rule &&
        g.verb === record.verb &&
        g.apiGroup === record.apiGroup &&
        g.resource === record.resource,
    );
    if (grant) grant.uses += record.count;
    else if (!BOOTSTRAP_ROLES.has(source.role.name))
      problems.push(`Allowed by ${source.role.kind} ${source.role.name}, which deploy/kubernetes does not grant for this kind of cluster: ${describeRequest(record)}`);
  }
  for (const grant of grants.filter(g => g.uses === 0)) {
    problems.push(
      `Unused: ${grant.roleKind} ${grant.role} rule ${grant.rule} grants ${grant.verb} on ${grant.resource} in ${group(grant.apiGroup)}, which the backend never did in a ${grant.clusterKind} cluster. Drop it, or add the test that exercises it`,
    );
  }
  return refused;
}

function auditLattice(records: LatticeAccessRecord[], grants: LatticeGrant[], problems: string[]) {
  const refused: LatticeAccessRecord[] = [];
  for (const record of records) {
    const grant = grants.find(g => g.action.toLowerCase() === record.action.toLowerCase());
    if (!record.allowed) {
      refused.push(record);
      problems.push(`Refused: ${record.action} (${times(record.count)}). Add it to deploy/aws/iam-policy.json, or stop the backend calling it`);
    } else if (grant) {
      grant.uses += record.count;
    } else {
      problems.push(`Called ${record.action} without the policy allowing it: the Lattice key the backend used is not the restricted one`);
    }
  }
  for (const grant of grants.filter(g => g.uses === 0))
    problems.push(`Unused: deploy/aws/iam-policy.json allows ${grant.action}, which the backend never called. Drop it, or add the test that exercises it`);
  return refused;
}

export function audit(
  records: readonly AccessRecord[],
  roles: Record<ClusterKind, KubeObject | KubeObject[]>,
  policy: IamPolicy,
): AuditReport {
  const problems: string[] = [];
  const kubeRecords = records.filter((r): r is KubernetesAccessRecord => r.kind === 'kubernetes');
  const latticeRecords = records.filter((r): r is LatticeAccessRecord => r.kind === 'lattice');
  if (kubeRecords.length === 0) problems.push('No Kubernetes request by the backend was recorded: nothing shows the roles are enough');
  if (latticeRecords.length === 0) problems.push('No VPC Lattice call by the backend was recorded: nothing shows the policy is enough');
  const kubeGrants = kubernetesGrants(roles, problems);
  const actionGrants = latticeGrants(policy, problems);
  const sum = (items: Array<{ count: number }>) => items.reduce((total, item) => total + item.count, 0);
  return {
    kubernetes: { decisions: sum(kubeRecords), grants: kubeGrants, refused: auditKubernetes(kubeRecords, kubeGrants, problems) },
    lattice: { requests: sum(latticeRecords), grants: actionGrants, refused: auditLattice(latticeRecords, actionGrants, problems) },
    problems,
  };
}
