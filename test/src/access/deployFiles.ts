/*
 * What an adopter sets up outside Backstage, read from the files they are
 * told to apply (deploy/ at the repository root): the Kubernetes RBAC per
 * kind of cluster and the IAM policy for VPC Lattice. The fleet installs
 * these and the access audit compares them with what the backend did.
 */
import fs from 'node:fs';
import path from 'node:path';
import { parseManifests } from '../kube/crdManifests';
import type { KubeObject } from '../kube/types';
import type { IamPolicy } from '../lattice/iam';

export type ClusterKind = 'config' | 'workload';
/** How the backend authenticates: a ServiceAccount token, or (EKS) an IAM role an access entry maps to a group. */
export type BackendIdentityVariant = 'serviceAccount' | 'group';

const repositoryDir = path.resolve(
  path.dirname(require.resolve('@service-network/simulated-fleet/package.json')),
  '..',
);
export const DEPLOY_DIR = path.join(repositoryDir, 'deploy');

/** The files an adopter applies to a cluster of this kind, in the order the README gives. */
export function rbacFiles(kind: ClusterKind, variant: BackendIdentityVariant): string[] {
  const dir = path.join(DEPLOY_DIR, 'kubernetes');
  const forKind = path.join(dir, `${kind}-cluster`);
  return variant === 'serviceAccount'
    ? [path.join(dir, 'service-account.yaml'), path.join(forKind, 'clusterrole.yaml'), path.join(forKind, 'binding-serviceaccount.yaml')]
    : [path.join(forKind, 'clusterrole.yaml'), path.join(forKind, 'binding-group.yaml')];
}

export function rbacManifests(kind: ClusterKind, variant: BackendIdentityVariant): KubeObject[] {
  return rbacFiles(kind, variant).flatMap(parseManifests);
}

/** The one ClusterRole the backend is granted in a cluster of this kind. */
export function backendClusterRole(kind: ClusterKind): KubeObject {
  const roles = parseManifests(path.join(DEPLOY_DIR, 'kubernetes', `${kind}-cluster`, 'clusterrole.yaml')).filter(
    object => object.kind === 'ClusterRole',
  );
  if (roles.length !== 1) throw new Error(`deploy/kubernetes/${kind}-cluster/clusterrole.yaml must hold exactly one ClusterRole`);
  return roles[0];
}

/**
 * Every role deploy/ grants the backend in a cluster of this kind: the
 * ClusterRole, and the Roles of the optional files beside it (istio-role.yaml:
 * a Role in istio-system for Istio's remote secrets).
 */
export function backendRoles(kind: ClusterKind): KubeObject[] {
  const dir = path.join(DEPLOY_DIR, 'kubernetes', `${kind}-cluster`);
  const roles = fs
    .readdirSync(dir)
    .filter(file => file.endsWith('.yaml') && file !== 'clusterrole.yaml')
    .flatMap(file => parseManifests(path.join(dir, file)))
    .filter(object => object.kind === 'Role');
  return [backendClusterRole(kind), ...roles];
}

export const IAM_POLICY_FILE = path.join(DEPLOY_DIR, 'aws', 'iam-policy.json');

export function iamPolicy(): IamPolicy {
  return JSON.parse(fs.readFileSync(IAM_POLICY_FILE, 'utf8'));
}
