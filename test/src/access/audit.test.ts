import type { KubeObject } from '../kube/types';
import type { IamPolicy } from '../lattice/iam';
import { audit } from './audit';
import { backendClusterRole, backendRoles, iamPolicy } from './deployFiles';
import type { KubernetesAccessRecord, LatticeAccessRecord } from './records';

const role = (name: string, rules: unknown[]): KubeObject => ({
  apiVersion: 'rbac.authorization.k8s.io/v1',
  kind: 'ClusterRole',
  metadata: { name },
  rules,
});

const ROLES = {
  workload: role('w', [{ apiGroups: [''], resources: ['services'], verbs: ['list', 'watch'] }]),
  config: role('c', [{ apiGroups: ['gateway.networking.k8s.io'], resources: ['gateways'], verbs: ['list'] }]),
};
const POLICY: IamPolicy = {
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Action: ['vpc-lattice:ListServices', 'vpc-lattice:ListTargets'], Resource: '*' }],
};

function kube(clusterKind: 'workload' | 'config', verb: string, apiGroup: string, resource: string, granted?: { role: string; rule: number }): KubernetesAccessRecord {
  return {
    kind: 'kubernetes',
    cluster: `${clusterKind}-1`,
    clusterKind,
    user: 'system:serviceaccount:backstage:service-network',
    groups: [],
    verb,
    apiGroup,
    resource,
    scope: 'cluster',
    allowed: Boolean(granted),
    ...(granted
      ? { grantedBy: { binding: { kind: 'ClusterRoleBinding', name: granted.role }, role: { kind: 'ClusterRole', name: granted.role }, rule: granted.rule } }
      : {}),
    count: 2,
  } as KubernetesAccessRecord;
}

const lattice = (operation: string, allowed = true): LatticeAccessRecord => ({
  kind: 'lattice',
  accessKeyId: 'AKIA',
  operation,
  action: `vpc-lattice:${operation}`,
  allowed,
  count: 3,
});

const ENOUGH = [
  kube('workload', 'list', '', 'services', { role: 'w', rule: 0 }),
  kube('workload', 'watch', '', 'services', { role: 'w', rule: 0 }),
  kube('config', 'list', 'gateway.networking.k8s.io', 'gateways', { role: 'c', rule: 0 }),
  lattice('ListServices'),
  lattice('ListTargets'),
];

describe('the access audit', () => {
  it('passes when nothing was refused and every grant was used, counting the uses', () => {
    const report = audit(ENOUGH, ROLES, POLICY);
    expect(report.problems).toEqual([]);
    expect(report.kubernetes.grants.map(g => [g.role, g.verb, g.resource, g.uses])).toEqual([
      ['w', 'list', 'services', 2],
      ['w', 'watch', 'services', 2],
      ['c', 'list', 'gateways', 2],
    ]);
    expect(report.lattice).toMatchObject({ requests: 6, refused: [] });
  });

  it('names the rule that was never used, and the action never called', () => {
    const report = audit(
      ENOUGH.filter(r => !(r.kind === 'kubernetes' && r.verb === 'watch') && !(r.kind === 'lattice' && r.operation === 'ListTargets')),
      ROLES,
      POLICY,
    );
    expect(report.problems).toEqual([
      'Unused: ClusterRole w rule 0 grants watch on services in the core group, which the backend never did in a workload cluster. Drop it, or add the test that exercises it',
      'Unused: deploy/aws/iam-policy.json allows vpc-lattice:ListTargets, which the backend never called. Drop it, or add the test that exercises it',
    ]);
  });

  it('names every request that was refused', () => {
    const report = audit([...ENOUGH, kube('workload', 'get', '', 'services'), lattice('GetService', false)], ROLES, POLICY);
    expect(report.problems).toEqual([
      'Refused: get services in the core group across the cluster in a workload cluster (2 times). Grant it in deploy/kubernetes/workload-cluster/clusterrole.yaml, or stop the backend asking',
      'Refused: vpc-lattice:GetService (3 times). Add it to deploy/aws/iam-policy.json, or stop the backend calling it',
    ]);
  });

  it('fails on nothing collected, and on grants it cannot judge', () => {
    const loose = { workload: role('w', [{ apiGroups: ['*'], resources: ['services'], verbs: ['get'] }]), config: role('c', []) };
    const report = audit([], loose, { Version: '2012-10-17', Statement: { Effect: 'Allow', Action: 'vpc-lattice:*', Resource: '*' } });
    expect(report.problems).toEqual([
      'No Kubernetes request by the backend was recorded: nothing shows the roles are enough',
      'No VPC Lattice call by the backend was recorded: nothing shows the policy is enough',
      'ClusterRole w rule 0 grants "*": name the verbs, groups and resources the backend uses',
      'ClusterRole c has no rules',
      'The IAM policy allows vpc-lattice:*: name the actions the backend calls instead of a wildcard',
      'Unused: ClusterRole w rule 0 grants get on services in *, which the backend never did in a workload cluster. Drop it, or add the test that exercises it',
      'Unused: deploy/aws/iam-policy.json allows vpc-lattice:*, which the backend never called. Drop it, or add the test that exercises it',
    ]);
  });

  it('accepts what the bootstrap roles allow, and nothing else outside the manifests', () => {
    const discovery = { ...kube('config', 'get', '', ''), path: '/apis', apiGroup: undefined, resource: undefined, scope: undefined, allowed: true, grantedBy: { binding: { kind: 'ClusterRoleBinding' as const, name: 'system:discovery' }, role: { kind: 'ClusterRole' as const, name: 'system:discovery' }, rule: 0 } };
    const admin = { ...kube('config', 'delete', 'gateway.networking.k8s.io', 'gateways'), allowed: true, grantedBy: 'system:masters' as const };
    expect(audit([...ENOUGH, discovery, admin], ROLES, POLICY).problems).toEqual([
      'Allowed as system:masters: delete gateways in gateway.networking.k8s.io across the cluster in a config cluster (2 times). The backend must use the token bound to deploy/kubernetes',
    ]);
  });

  it("counts a namespaced Role's grants beside the ClusterRole's, and names it when unused", () => {
    const secrets: KubeObject = {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'Role',
      metadata: { name: 'istio', namespace: 'istio-system' },
      rules: [{ apiGroups: [''], resources: ['secrets'], verbs: ['list', 'watch'] }],
    };
    const listed = {
      ...kube('workload', 'list', '', 'secrets'),
      scope: 'namespace',
      allowed: true,
      grantedBy: { binding: { kind: 'RoleBinding', name: 'istio' }, role: { kind: 'Role', name: 'istio' }, rule: 0 },
    } as KubernetesAccessRecord;
    const report = audit([...ENOUGH, listed], { ...ROLES, workload: [ROLES.workload, secrets] }, POLICY);
    expect(report.kubernetes.grants.find(g => g.roleKind === 'Role' && g.verb === 'list')?.uses).toBe(2);
    expect(report.problems).toEqual([
      'Unused: Role istio rule 0 grants watch on secrets in the core group, which the backend never did in a workload cluster. Drop it, or add the test that exercises it',
    ]);
    // The same grant by a ClusterRole of that name is not the Role's.
    const asClusterRole = {
      ...listed,
      grantedBy: { binding: { kind: 'ClusterRoleBinding', name: 'istio' }, role: { kind: 'ClusterRole', name: 'istio' }, rule: 0 },
    } as KubernetesAccessRecord;
    expect(audit([...ENOUGH, asClusterRole], { ...ROLES, workload: [ROLES.workload, secrets] }, POLICY).problems).toContain(
      'Allowed by ClusterRole istio, which deploy/kubernetes does not grant for this kind of cluster: list secrets in the core group in a namespace in a workload cluster (2 times)',
    );
  });

  it('reads the workload Role for Istio beside the ClusterRole from deploy/', () => {
    expect(backendRoles('workload').map(r => `${r.kind} ${r.metadata.name}`)).toEqual([
      `ClusterRole ${backendClusterRole('workload').metadata.name}`,
      'Role service-network-istio',
    ]);
    expect(backendRoles('config')).toHaveLength(1);
  });

  it('reads grants the manifests in deploy/ hold: ClusterRoles without wildcards and a policy naming each action', () => {
    const roles = { workload: backendClusterRole('workload'), config: backendClusterRole('config') };
    const report = audit([], roles, iamPolicy());
    expect(report.problems.filter(p => !p.startsWith('Unused') && !p.startsWith('No '))).toEqual([]);
    expect(report.kubernetes.grants.length).toBeGreaterThan(20);
    expect(report.lattice.grants.map(g => g.action)).toContain('vpc-lattice:ListTargetGroups');
  });
});
