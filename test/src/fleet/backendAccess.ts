/*
 * The backend's access to the fleet, set up as an adopter sets it up: each
 * cluster gets the RBAC manifests from deploy/kubernetes for its kind, applied
 * as `kubectl apply --server-side` would, and a token bound to them (the
 * ServiceAccount's, issued by the cluster; or one for a user in the group an
 * EKS access entry names). The Lattice API gets a key restricted by
 * deploy/aws/iam-policy.json.
 */
import { ACCESS_LOG_ENV, AccessRecord, writeAccessRecords } from '../access/records';
import { BackendIdentityVariant, ClusterKind, iamPolicy, rbacManifests } from '../access/deployFiles';
import { serviceAccountUser } from '../kube/rbac/authorizer';
import type { ClusterApiServer } from '../kube/server';
import { SECRET_RESOURCE, SERVICE_ACCOUNT_TOKEN_TYPE } from '../kube/serviceAccounts';
import type { KubeObject } from '../kube/types';
import type { LatticeApiServer, LatticeCredential } from '../lattice/server';
import { applyAll } from './seed';

export interface BackendIdentity {
  token: string;
  /** The user name requests with the token authenticate as. */
  user: string;
}

/** The role Backstage's AWS credentials stand for in the simulated account (an EKS access entry maps it to a group). */
export const BACKEND_ROLE_NAME = 'backstage-service-network';

export function backendLatticeCredential(accountId: string): LatticeCredential & { accessKeyId: string } {
  return {
    accessKeyId: 'AKIASERVICENETWORK01',
    secretAccessKey: 'service-network-backend-secret-access-key',
    principalArn: `arn:aws:iam::${accountId}:user/${BACKEND_ROLE_NAME}`,
    policy: iamPolicy(),
  };
}

/** Deterministic ServiceAccount tokens, so a dev config can name them: a simulator on loopback. */
export function serviceAccountToken(cluster: string) {
  return (namespace: string, serviceAccount: string) => `${cluster}-${namespace}-${serviceAccount}-token`;
}

function subjectsOf(objects: KubeObject[], kind: string): Array<{ name: string; namespace?: string }> {
  const binding = objects.find(object => object.kind === 'ClusterRoleBinding');
  const subjects = (binding?.subjects ?? []) as Array<{ kind: string; name: string; namespace?: string }>;
  return subjects.filter(subject => subject.kind === kind);
}

export function installBackendAccess(
  server: ClusterApiServer,
  cluster: { name: string; role: ClusterKind },
  variant: BackendIdentityVariant,
  accountId: string,
): BackendIdentity {
  const objects = rbacManifests(cluster.role, variant);
  applyAll(server.store, objects, 'kubectl');
  if (variant === 'group') {
    const groups = subjectsOf(objects, 'Group').map(subject => subject.name);
    const identity = {
      token: `${cluster.name}-${BACKEND_ROLE_NAME}-group-token`,
      user: `arn:aws:sts::${accountId}:assumed-role/${BACKEND_ROLE_NAME}/backstage`,
    };
    server.grantToken({ ...identity, groups });
    return identity;
  }
  const secret = objects.find(object => object.type === SERVICE_ACCOUNT_TOKEN_TYPE);
  const [account] = subjectsOf(objects, 'ServiceAccount');
  if (!secret || !account?.namespace) throw new Error('deploy/kubernetes must bind a ServiceAccount and ask for its token Secret');
  const stored = server.store.getReadOnly(SECRET_RESOURCE, secret.metadata.namespace, secret.metadata.name);
  const token = (stored?.data as Record<string, string> | undefined)?.token;
  if (!token) throw new Error(`the token controller did not fill in ${secret.metadata.namespace}/${secret.metadata.name}`);
  return { token: Buffer.from(token, 'base64').toString('utf8'), user: serviceAccountUser(account.namespace, account.name) };
}

/** Appends what the backend's identities did to the access log directory, when one is set. */
export function recordBackendAccess(
  clusters: ReadonlyArray<{ name: string; role: ClusterKind; server: ClusterApiServer; backendUser: string }>,
  lattice: LatticeApiServer,
  backendAccessKeyId: string,
): string | undefined {
  if (!process.env[ACCESS_LOG_ENV]) return undefined;
  const records: AccessRecord[] = [
    ...clusters.flatMap(cluster =>
      cluster.server.authorizations
        .entries(user => user === cluster.backendUser)
        .map(record => ({ kind: 'kubernetes' as const, cluster: cluster.name, clusterKind: cluster.role, ...record })),
    ),
    ...lattice.decisions(key => key === backendAccessKeyId).map(decision => ({ kind: 'lattice' as const, ...decision })),
  ];
  return writeAccessRecords(records);
}
