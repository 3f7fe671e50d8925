/*
 * The roles and bindings a cluster starts with (the bootstrap policy of
 * plugin/pkg/auth/authorizer/rbac/bootstrappolicy, the part every
 * authenticated user gets), and the simulator's read-only role for its
 * read-only tokens. A product's own roles must not repeat these: discovery
 * and health paths are every authenticated user's already.
 */
import type { KubeObject, ObjectStore } from '../types';
import { PolicyRule, RBAC_GROUP } from './authorizer';
import { CLUSTER_ROLE_BINDING_RESOURCE, CLUSTER_ROLE_RESOURCE } from './kinds';

/** The group of the simulator's read-only tokens: get, list and watch everything. */
export const READ_ONLY_GROUP = 'simulated-fleet:read-only';

const BOOTSTRAP_METADATA = {
  labels: { 'kubernetes.io/bootstrapping': 'rbac-defaults' },
  annotations: { 'rbac.authorization.kubernetes.io/autoupdate': 'true' },
};

const HEALTH_AND_VERSION = ['/livez', '/readyz', '/healthz', '/version', '/version/'];

function clusterRole(name: string, rules: PolicyRule[]): KubeObject {
  return {
    apiVersion: `${RBAC_GROUP}/v1`,
    kind: 'ClusterRole',
    metadata: { name, ...BOOTSTRAP_METADATA },
    rules,
  };
}

function groupBinding(name: string, groups: string[]): KubeObject {
  return {
    apiVersion: `${RBAC_GROUP}/v1`,
    kind: 'ClusterRoleBinding',
    metadata: { name, ...BOOTSTRAP_METADATA },
    roleRef: { apiGroup: RBAC_GROUP, kind: 'ClusterRole', name },
    subjects: groups.map(group => ({ apiGroup: RBAC_GROUP, kind: 'Group', name: group })),
  };
}

export function bootstrapPolicy(): KubeObject[] {
  return [
    clusterRole('cluster-admin', [
      { apiGroups: ['*'], resources: ['*'], verbs: ['*'] },
      { nonResourceURLs: ['*'], verbs: ['*'] },
    ]),
    groupBinding('cluster-admin', ['system:masters']),
    clusterRole('system:discovery', [
      { nonResourceURLs: [...HEALTH_AND_VERSION, '/openapi', '/openapi/*', '/api', '/api/*', '/apis', '/apis/*'], verbs: ['get'] },
    ]),
    groupBinding('system:discovery', ['system:authenticated']),
    clusterRole('system:basic-user', [
      {
        apiGroups: ['authorization.k8s.io'],
        resources: ['selfsubjectaccessreviews', 'selfsubjectrulesreviews'],
        verbs: ['create'],
      },
    ]),
    groupBinding('system:basic-user', ['system:authenticated']),
    clusterRole('system:public-info-viewer', [{ nonResourceURLs: HEALTH_AND_VERSION, verbs: ['get'] }]),
    groupBinding('system:public-info-viewer', ['system:authenticated', 'system:unauthenticated']),
    clusterRole(READ_ONLY_GROUP, [{ apiGroups: ['*'], resources: ['*'], verbs: ['get', 'list', 'watch'] }]),
    groupBinding(READ_ONLY_GROUP, [READ_ONLY_GROUP]),
  ];
}

/** Creates the bootstrap roles and bindings a store does not hold yet, as the API server does on start. */
export function installBootstrapPolicy(store: ObjectStore): void {
  for (const object of bootstrapPolicy()) {
    const resource = object.kind === 'ClusterRole' ? CLUSTER_ROLE_RESOURCE : CLUSTER_ROLE_BINDING_RESOURCE;
    if (!store.getReadOnly(resource, undefined, object.metadata.name))
      store.create(resource, object, { fieldManager: 'kube-apiserver', readOnlyResult: true });
  }
}
