import {
  AuthorizationAttributes,
  authorize,
  Binding,
  denialMessage,
  PolicyRule,
  RbacObjects,
  Role,
  ruleAllows,
  serviceAccountGroups,
  serviceAccountUser,
  subjectMatches,
  UserInfo,
} from './authorizer';

const SA: UserInfo = {
  name: serviceAccountUser('backstage', 'service-network'),
  groups: serviceAccountGroups('backstage'),
};

function resource(verb: string, group: string, plural: string, extra: Partial<AuthorizationAttributes> = {}) {
  return { user: SA, resourceRequest: true, verb, apiGroup: group, resource: plural, ...extra } as AuthorizationAttributes;
}

function path(verb: string, url: string): AuthorizationAttributes {
  return { user: SA, resourceRequest: false, verb, path: url };
}

function objects(options: {
  clusterRoles?: Role[];
  roles?: Role[];
  clusterRoleBindings?: Binding[];
  roleBindings?: Binding[];
}): RbacObjects {
  return {
    clusterRoleBindings: () => options.clusterRoleBindings ?? [],
    roleBindings: namespace => (options.roleBindings ?? []).filter(b => b.metadata.namespace === namespace),
    clusterRole: name => options.clusterRoles?.find(r => r.metadata.name === name),
    role: (namespace, name) =>
      options.roles?.find(r => r.metadata.name === name && r.metadata.namespace === namespace),
  };
}

const toSa = { kind: 'ServiceAccount', name: 'service-network', namespace: 'backstage' };
const crb = (name: string, role: string, subjects = [toSa]): Binding => ({
  metadata: { name },
  roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: role },
  subjects,
});
const rb = (namespace: string, name: string, kind: 'Role' | 'ClusterRole', role: string, subjects = [toSa]): Binding => ({
  metadata: { name, namespace },
  roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind, name: role },
  subjects,
});

describe('ruleAllows', () => {
  const cases: Array<[string, PolicyRule, AuthorizationAttributes, boolean]> = [
    ['exact verb, group and resource', { verbs: ['list'], apiGroups: [''], resources: ['services'] }, resource('list', '', 'services'), true],
    ['another verb', { verbs: ['list'], apiGroups: [''], resources: ['services'] }, resource('patch', '', 'services'), false],
    ['another group', { verbs: ['list'], apiGroups: ['apps'], resources: ['services'] }, resource('list', '', 'services'), false],
    ['the core group is the empty string, not *', { verbs: ['get'], apiGroups: [''], resources: ['serviceexports'] }, resource('get', 'multicluster.x-k8s.io', 'serviceexports'), false],
    ['verb *', { verbs: ['*'], apiGroups: [''], resources: ['services'] }, resource('deletecollection', '', 'services'), true],
    ['group *', { verbs: ['get'], apiGroups: ['*'], resources: ['serviceexports'] }, resource('get', 'multicluster.x-k8s.io', 'serviceexports'), true],
    ['resource *, also for subresources', { verbs: ['patch'], apiGroups: [''], resources: ['*'] }, resource('patch', '', 'services', { subresource: 'status' }), true],
    ['a resource does not cover its subresources', { verbs: ['patch'], apiGroups: ['x'], resources: ['serviceexports'] }, resource('patch', 'x', 'serviceexports', { subresource: 'status' }), false],
    ['resource/subresource', { verbs: ['patch'], apiGroups: ['x'], resources: ['serviceexports/status'] }, resource('patch', 'x', 'serviceexports', { subresource: 'status' }), true],
    ['a subresource rule does not cover the resource', { verbs: ['patch'], apiGroups: ['x'], resources: ['serviceexports/status'] }, resource('patch', 'x', 'serviceexports'), false],
    ['*/subresource', { verbs: ['get'], apiGroups: ['*'], resources: ['*/scale'] }, resource('get', 'apps', 'deployments', { subresource: 'scale' }), true],
    ['*/subresource is not another subresource', { verbs: ['get'], apiGroups: ['*'], resources: ['*/scale'] }, resource('get', 'apps', 'deployments', { subresource: 'status' }), false],
    ['resourceNames: a named object', { verbs: ['get'], apiGroups: [''], resources: ['secrets'], resourceNames: ['token'] }, resource('get', '', 'secrets', { name: 'token' }), true],
    ['resourceNames: another object', { verbs: ['get'], apiGroups: [''], resources: ['secrets'], resourceNames: ['token'] }, resource('get', '', 'secrets', { name: 'other' }), false],
    ['resourceNames: a list naming nothing', { verbs: ['list'], apiGroups: [''], resources: ['secrets'], resourceNames: ['token'] }, resource('list', '', 'secrets'), false],
    ['nonResourceURLs: exact', { verbs: ['get'], nonResourceURLs: ['/version'] }, path('get', '/version'), true],
    ['nonResourceURLs: prefix *', { verbs: ['get'], nonResourceURLs: ['/apis/*'] }, path('get', '/apis/gateway.networking.k8s.io/v1'), true],
    ['nonResourceURLs: /apis/* is not /apis', { verbs: ['get'], nonResourceURLs: ['/apis/*'] }, path('get', '/apis'), false],
    ['nonResourceURLs: *', { verbs: ['get'], nonResourceURLs: ['*'] }, path('get', '/anything'), true],
    ['nonResourceURLs: another method', { verbs: ['get'], nonResourceURLs: ['/api'] }, path('post', '/api'), false],
    ['a resource rule never allows a path', { verbs: ['*'], apiGroups: ['*'], resources: ['*'] }, path('get', '/api'), false],
    ['a path rule never allows a resource', { verbs: ['*'], nonResourceURLs: ['*'] }, resource('get', '', 'services'), false],
  ];
  it.each(cases)('%s', (_what, rule, attributes, allowed) => {
    expect(ruleAllows(attributes, rule)).toBe(allowed);
  });
});

describe('subjectMatches', () => {
  const user: UserInfo = { name: 'alice', groups: ['devs', 'system:authenticated'] };
  it.each([
    [{ kind: 'User', name: 'alice' }, '', true],
    [{ kind: 'User', name: 'bob' }, '', false],
    [{ kind: 'Group', name: 'devs' }, '', true],
    [{ kind: 'Group', name: 'alice' }, '', false],
    [{ kind: 'Unknown', name: 'alice' }, '', false],
  ])('%j in namespace "%s": %s', (subject, namespace, expected) => {
    expect(subjectMatches(user, subject, namespace)).toBe(expected);
  });

  it('matches a ServiceAccount by its namespace, or the binding’s when it has none', () => {
    expect(subjectMatches(SA, toSa, '')).toBe(true);
    expect(subjectMatches(SA, { ...toSa, namespace: 'other' }, '')).toBe(false);
    expect(subjectMatches(SA, { kind: 'ServiceAccount', name: 'service-network' }, 'backstage')).toBe(true);
    expect(subjectMatches(SA, { kind: 'ServiceAccount', name: 'service-network' }, '')).toBe(false);
    expect(subjectMatches(SA, { kind: 'Group', name: 'system:serviceaccounts:backstage' }, '')).toBe(true);
  });
});

describe('authorize', () => {
  const reader: Role = { metadata: { name: 'reader' }, rules: [{ verbs: ['get', 'list', 'watch'], apiGroups: [''], resources: ['services'] }] };
  const writer: Role = {
    metadata: { name: 'writer' },
    rules: [
      { verbs: ['list'], apiGroups: [''], resources: ['events'] },
      { verbs: ['patch'], apiGroups: [''], resources: ['services'] },
    ],
  };

  it('lets system:masters do anything without asking RBAC', () => {
    const admin = { name: 'admin', groups: ['system:masters'] };
    expect(authorize({ ...resource('delete', '', 'secrets'), user: admin }, objects({}))).toEqual({ allowed: true, privileged: true });
  });

  it('names the binding, role and rule that allowed a request', () => {
    const rbac = objects({ clusterRoles: [reader, writer], clusterRoleBindings: [crb('read', 'reader'), crb('write', 'writer')] });
    expect(authorize(resource('patch', '', 'services', { namespace: 'default', name: 'a' }), rbac)).toEqual({
      allowed: true,
      source: {
        binding: { kind: 'ClusterRoleBinding', name: 'write' },
        role: { kind: 'ClusterRole', name: 'writer' },
        rule: 1,
      },
    });
    expect(authorize(resource('delete', '', 'services', { namespace: 'default', name: 'a' }), rbac)).toEqual({ allowed: false, reason: '' });
  });

  it('grants a ClusterRoleBinding everywhere, across all namespaces too', () => {
    const rbac = objects({ clusterRoles: [reader], clusterRoleBindings: [crb('read', 'reader')] });
    expect(authorize(resource('list', '', 'services'), rbac).allowed).toBe(true);
    expect(authorize(resource('list', '', 'services', { namespace: 'any' }), rbac).allowed).toBe(true);
  });

  it('grants a RoleBinding in its own namespace only, also when it refers to a ClusterRole', () => {
    const rbac = objects({
      clusterRoles: [reader],
      roles: [{ ...writer, metadata: { name: 'writer', namespace: 'team-a' } }],
      roleBindings: [rb('team-a', 'read', 'ClusterRole', 'reader'), rb('team-a', 'write', 'Role', 'writer')],
    });
    expect(authorize(resource('list', '', 'services', { namespace: 'team-a' }), rbac)).toMatchObject({
      allowed: true,
      source: { binding: { kind: 'RoleBinding', name: 'read', namespace: 'team-a' }, role: { kind: 'ClusterRole', name: 'reader' } },
    });
    expect(authorize(resource('patch', '', 'services', { namespace: 'team-a' }), rbac)).toMatchObject({
      allowed: true,
      source: { role: { kind: 'Role', name: 'writer', namespace: 'team-a' } },
    });
    expect(authorize(resource('list', '', 'services', { namespace: 'team-b' }), rbac).allowed).toBe(false);
    // Listing across all namespaces needs cluster scope.
    expect(authorize(resource('list', '', 'services'), rbac).allowed).toBe(false);
  });

  it('does not find a Role of another namespace through a RoleBinding', () => {
    const rbac = objects({
      roles: [{ ...reader, metadata: { name: 'reader', namespace: 'team-b' } }],
      roleBindings: [rb('team-a', 'read', 'Role', 'reader')],
    });
    expect(authorize(resource('list', '', 'services', { namespace: 'team-a' }), rbac)).toEqual({
      allowed: false,
      reason: 'RBAC: role.rbac.authorization.k8s.io "reader" not found',
    });
  });

  it('ignores bindings for other subjects, and says which roles it could not find', () => {
    const rbac = objects({
      clusterRoles: [reader],
      clusterRoleBindings: [
        crb('others', 'reader', [{ kind: 'User', name: 'bob' }] as never),
        crb('missing-1', 'gone'),
        crb('missing-2', 'also-gone'),
      ],
    });
    expect(authorize(resource('list', '', 'services'), rbac)).toEqual({
      allowed: false,
      reason:
        'RBAC: [clusterrole.rbac.authorization.k8s.io "gone" not found, clusterrole.rbac.authorization.k8s.io "also-gone" not found]',
    });
  });

  it('binds groups, such as the ones an EKS access entry maps an IAM role to', () => {
    const eksUser = { name: 'arn:aws:sts::123456789012:assumed-role/backstage/session', groups: ['service-network', 'system:authenticated'] };
    const rbac = objects({
      clusterRoles: [reader],
      clusterRoleBindings: [crb('read', 'reader', [{ apiGroup: 'rbac.authorization.k8s.io', kind: 'Group', name: 'service-network' }] as never)],
    });
    expect(authorize({ ...resource('watch', '', 'services'), user: eksUser }, rbac).allowed).toBe(true);
    expect(authorize(resource('watch', '', 'services'), rbac).allowed).toBe(false);
  });
});

describe('denialMessage', () => {
  it('words denials as the API server does', () => {
    expect(denialMessage(resource('patch', '', 'services', { namespace: 'default', name: 'x' }))).toBe(
      'User "system:serviceaccount:backstage:service-network" cannot patch resource "services" in API group "" in the namespace "default"',
    );
    expect(denialMessage(resource('list', 'gateway.networking.k8s.io', 'gateways'))).toBe(
      'User "system:serviceaccount:backstage:service-network" cannot list resource "gateways" in API group "gateway.networking.k8s.io" at the cluster scope',
    );
    expect(denialMessage(resource('update', 'x.io', 'things', { subresource: 'status', namespace: 'a' }), 'RBAC: clusterrole.rbac.authorization.k8s.io "r" not found')).toBe(
      'User "system:serviceaccount:backstage:service-network" cannot update resource "things/status" in API group "x.io" in the namespace "a": RBAC: clusterrole.rbac.authorization.k8s.io "r" not found',
    );
    expect(denialMessage(path('post', '/api'))).toBe('User "system:serviceaccount:backstage:service-network" cannot post path "/api"');
  });
});
