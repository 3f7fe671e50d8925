/*
 * RBAC through the simulated API server's HTTP API: the four kinds served
 * like any other, ServiceAccount tokens issued through Secrets, and requests
 * allowed or refused as a real cluster's authorizer would.
 */
import { READ_WRITE_TOKEN, startTestCluster, TestCluster } from '../__testUtils__/testCluster';

let cluster: TestCluster;

beforeAll(async () => {
  cluster = await startTestCluster();
});

afterAll(() => cluster.server.close());

const JSON_TYPE = 'application/json';
const APPLY = 'application/apply-patch+yaml';
const RBAC = '/apis/rbac.authorization.k8s.io/v1';

async function call(token: string | undefined, method: string, path: string, body?: unknown, contentType = JSON_TYPE) {
  const response = await fetch(`${cluster.server.url}${path}`, {
    method,
    headers: {
      ...(token ? { authorization: `Bearer ${token}` } : {}),
      ...(body === undefined ? {} : { 'content-type': contentType }),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  let parsed: any;
  try {
    parsed = JSON.parse(text);
  } catch {
    parsed = text;
  }
  return { status: response.status, body: parsed };
}

const admin = (method: string, path: string, body?: unknown, contentType?: string) =>
  call(READ_WRITE_TOKEN, method, path, body, contentType);

function clusterRole(name: string, rules: unknown[]) {
  return { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRole', metadata: { name }, rules };
}

function binding(kind: 'ClusterRoleBinding' | 'RoleBinding', name: string, role: { kind: string; name: string }, subjects: unknown[], namespace?: string) {
  return {
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind,
    metadata: namespace ? { name, namespace } : { name },
    roleRef: { apiGroup: 'rbac.authorization.k8s.io', ...role },
    subjects,
  };
}

/** A user with a token of its own, for one test. */
let users = 0;
function newUser(groups: string[] = []) {
  users += 1;
  const user = { token: `user-${users}-token`, user: `user-${users}`, groups };
  cluster.server.grantToken(user);
  return user;
}

describe('the RBAC kinds', () => {
  it('are served, created, applied, read, listed and deleted like any kind', async () => {
    const created = await admin('POST', `${RBAC}/clusterroles`, clusterRole('reader', [{ apiGroups: [''], resources: ['services'], verbs: ['list'] }]));
    expect(created.status).toBe(201);
    const applied = await admin(
      'PATCH',
      `${RBAC}/namespaces/team-a/rolebindings/readers?fieldManager=test`,
      binding('RoleBinding', 'readers', { kind: 'ClusterRole', name: 'reader' }, [{ kind: 'Group', name: 'team-a' }], 'team-a'),
      APPLY,
    );
    expect(applied.status).toBe(201);
    // v1 defaults a Group subject's apiGroup.
    expect(applied.body.subjects).toEqual([{ apiGroup: 'rbac.authorization.k8s.io', kind: 'Group', name: 'team-a' }]);
    expect((await admin('GET', `${RBAC}/clusterroles/reader`)).body.rules).toEqual([{ apiGroups: [''], resources: ['services'], verbs: ['list'] }]);
    const bootstrap = (await admin('GET', `${RBAC}/clusterroles`)).body.items.map((r: any) => r.metadata.name);
    expect(bootstrap).toEqual(expect.arrayContaining(['cluster-admin', 'system:discovery', 'system:basic-user', 'system:public-info-viewer', 'reader']));
    expect((await admin('GET', `${RBAC}/rolebindings`)).body.items.map((b: any) => b.metadata.namespace)).toEqual(['team-a']);
    const discovery = (await admin('GET', RBAC)).body.resources.map((r: any) => [r.name, r.namespaced]);
    expect(discovery).toEqual(
      expect.arrayContaining([
        ['roles', true],
        ['rolebindings', true],
        ['clusterroles', false],
        ['clusterrolebindings', false],
      ]),
    );
    expect((await admin('DELETE', `${RBAC}/namespaces/team-a/rolebindings/readers`)).status).toBe(200);
    expect((await admin('DELETE', `${RBAC}/clusterroles/reader`)).status).toBe(200);
  });

  it('refuses invalid roles and bindings with the validation messages of a real server', async () => {
    const role = await admin(
      'POST',
      `${RBAC}/namespaces/default/roles`,
      { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'Role', metadata: { name: 'bad' }, rules: [{ resources: ['services'] }, { nonResourceURLs: ['/api'], verbs: ['get'] }] },
    );
    expect(role.status).toBe(422);
    expect(role.body.message).toBe(
      'Role.rbac.authorization.k8s.io "bad" is invalid: [rules[0].verbs: Required value: verbs must contain at least one value, rules[0].apiGroups: Required value: resource rules must supply at least one api group, rules[1].nonResourceURLs: Invalid value: []interface {}{"/api"}: namespaced rules cannot apply to non-resource URLs]',
    );
    const crb = await admin('POST', `${RBAC}/clusterrolebindings`, binding('ClusterRoleBinding', 'bad', { kind: 'Role', name: 'x' }, [{ kind: 'ServiceAccount', name: 'sa' }, { kind: 'Robot', name: 'r2' }]));
    expect(crb.status).toBe(422);
    expect(crb.body.message).toBe(
      'ClusterRoleBinding.rbac.authorization.k8s.io "bad" is invalid: [roleRef.kind: Unsupported value: "Role": supported values: "ClusterRole", subjects[0].namespace: Required value, subjects[1].kind: Unsupported value: "Robot": supported values: "ServiceAccount", "User", "Group"]',
    );
  });

  it('keeps a binding’s roleRef as written', async () => {
    const path = `${RBAC}/clusterrolebindings/fixed`;
    await admin('POST', `${RBAC}/clusterrolebindings`, binding('ClusterRoleBinding', 'fixed', { kind: 'ClusterRole', name: 'a' }, []));
    const changed = await admin('PATCH', path, { roleRef: { name: 'b' } }, 'application/merge-patch+json');
    expect(changed.status).toBe(422);
    expect(changed.body.message).toMatch(/^ClusterRoleBinding.rbac.authorization.k8s.io "fixed" is invalid: roleRef: Invalid value: .*: cannot change roleRef$/);
    await admin('DELETE', path);
  });
});

describe('authorization', () => {
  it('lets a user do what its bindings grant, and refuses the rest with a 403 Status in the API server’s words', async () => {
    const user = newUser(['exporters']);
    await admin('POST', `${RBAC}/clusterroles`, clusterRole('exporter', [{ apiGroups: ['application-networking.k8s.aws'], resources: ['serviceexports'], verbs: ['get', 'list', 'patch', 'create'] }]));
    await admin('POST', `${RBAC}/clusterrolebindings`, binding('ClusterRoleBinding', 'exporters', { kind: 'ClusterRole', name: 'exporter' }, [{ kind: 'Group', name: 'exporters' }]));

    const exportsPath = '/apis/application-networking.k8s.aws/v1alpha1/namespaces/default/serviceexports';
    expect((await call(user.token, 'GET', exportsPath)).status).toBe(200);
    expect((await call(user.token, 'GET', '/apis/application-networking.k8s.aws/v1alpha1/serviceexports')).status).toBe(200);
    const applied = await call(
      user.token,
      'PATCH',
      `${exportsPath}/shop?fieldManager=test`,
      { apiVersion: 'application-networking.k8s.aws/v1alpha1', kind: 'ServiceExport', metadata: { name: 'shop' } },
      APPLY,
    );
    expect(applied.status).toBe(201);

    const refused = await call(user.token, 'DELETE', `${exportsPath}/shop`);
    expect(refused).toEqual({
      status: 403,
      body: {
        kind: 'Status',
        apiVersion: 'v1',
        metadata: {},
        status: 'Failure',
        message:
          'serviceexports.application-networking.k8s.aws "shop" is forbidden: User "user-1" cannot delete resource "serviceexports" in API group "application-networking.k8s.aws" in the namespace "default"',
        reason: 'Forbidden',
        details: { name: 'shop', group: 'application-networking.k8s.aws', kind: 'serviceexports' },
        code: 403,
      },
    });
    const status = await call(user.token, 'PATCH', `${exportsPath}/shop/status`, { status: {} }, 'application/merge-patch+json');
    expect(status.body.message).toBe(
      'serviceexports.application-networking.k8s.aws "shop" is forbidden: User "user-1" cannot patch resource "serviceexports/status" in API group "application-networking.k8s.aws" in the namespace "default"',
    );
    const namespaces = await call(user.token, 'GET', '/api/v1/namespaces');
    expect(namespaces.body.message).toBe('namespaces is forbidden: User "user-1" cannot list resource "namespaces" in API group "" at the cluster scope');
    // Authorization comes before the resource is looked up, as the filter chain's does.
    expect((await call(user.token, 'GET', '/apis/example.com/v1/widgets')).status).toBe(403);
  });

  it('needs create as well as patch for a server-side apply that creates its object', async () => {
    const user = newUser(['patchers']);
    await admin('POST', `${RBAC}/clusterroles`, clusterRole('patcher', [{ apiGroups: [''], resources: ['services'], verbs: ['patch'] }]));
    await admin('POST', `${RBAC}/clusterrolebindings`, binding('ClusterRoleBinding', 'patchers', { kind: 'ClusterRole', name: 'patcher' }, [{ kind: 'Group', name: 'patchers' }]));
    const manifest = { apiVersion: 'v1', kind: 'Service', metadata: { name: 'new-one' }, spec: { ports: [{ port: 80 }] } };
    const path = '/api/v1/namespaces/default/services/new-one?fieldManager=test';

    const refused = await call(user.token, 'PATCH', path, manifest, APPLY);
    expect([refused.status, refused.body.message]).toEqual([403, 'services "new-one" is forbidden: ']);
    expect(cluster.server.store.get({ group: '', plural: 'services' }, 'default', 'new-one')).toBeUndefined();

    expect((await admin('PATCH', path, manifest, APPLY)).status).toBe(201);
    const updated = await call(user.token, 'PATCH', path, { ...manifest, metadata: { name: 'new-one', labels: { a: 'b' } } }, APPLY);
    expect(updated.status).toBe(200);
  });

  it('grants a RoleBinding in its namespace only, even to a ClusterRole, and lists across namespaces only with cluster scope', async () => {
    const user = newUser();
    await admin('POST', `${RBAC}/clusterroles`, clusterRole('service-reader', [{ apiGroups: [''], resources: ['services'], verbs: ['list'] }]));
    await admin('POST', `${RBAC}/namespaces/team-b/rolebindings`, binding('RoleBinding', 'reads', { kind: 'ClusterRole', name: 'service-reader' }, [{ kind: 'User', name: user.user }], 'team-b'));

    expect((await call(user.token, 'GET', '/api/v1/namespaces/team-b/services')).status).toBe(200);
    expect((await call(user.token, 'GET', '/api/v1/namespaces/default/services')).body.message).toBe(
      'services is forbidden: User "user-3" cannot list resource "services" in API group "" in the namespace "default"',
    );
    expect((await call(user.token, 'GET', '/api/v1/services')).body.message).toBe(
      'services is forbidden: User "user-3" cannot list resource "services" in API group "" at the cluster scope',
    );
  });

  it('matches resourceNames, also for a list selecting one object by name', async () => {
    const user = newUser(['one-secret']);
    await admin('POST', `${RBAC}/clusterroles`, clusterRole('one-secret', [{ apiGroups: [''], resources: ['secrets'], resourceNames: ['mine'], verbs: ['get', 'list'] }]));
    await admin('POST', `${RBAC}/clusterrolebindings`, binding('ClusterRoleBinding', 'one-secret', { kind: 'ClusterRole', name: 'one-secret' }, [{ kind: 'Group', name: 'one-secret' }]));
    await admin('POST', '/api/v1/namespaces/default/secrets', { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'mine' }, stringData: { a: 'b' } });

    expect((await call(user.token, 'GET', '/api/v1/namespaces/default/secrets/mine')).body.data).toEqual({ a: 'Yg==' });
    expect((await call(user.token, 'GET', '/api/v1/namespaces/default/secrets/theirs')).status).toBe(403);
    expect((await call(user.token, 'GET', '/api/v1/namespaces/default/secrets?fieldSelector=metadata.name%3Dmine')).status).toBe(200);
    expect((await call(user.token, 'GET', '/api/v1/namespaces/default/secrets')).status).toBe(403);
  });

  it('says which roles a binding refers to that do not exist', async () => {
    const user = newUser(['orphans']);
    await admin('POST', `${RBAC}/clusterrolebindings`, binding('ClusterRoleBinding', 'orphan', { kind: 'ClusterRole', name: 'not-there' }, [{ kind: 'Group', name: 'orphans' }]));
    expect((await call(user.token, 'GET', '/api/v1/services')).body.message).toBe(
      'services is forbidden: User "user-5" cannot list resource "services" in API group "" at the cluster scope: RBAC: clusterrole.rbac.authorization.k8s.io "not-there" not found',
    );
  });

  it('gives every authenticated user discovery, and anonymous callers health and version only', async () => {
    const user = newUser();
    for (const path of ['/api', '/api/v1', '/apis', '/apis/rbac.authorization.k8s.io/v1', '/openapi/v3', '/version', '/healthz']) {
      expect([path, (await call(user.token, 'GET', path)).status]).toEqual([path, 200]);
    }
    expect((await call(user.token, 'POST', '/apis', {})).body.message).toBe('forbidden: User "user-6" cannot post path "/apis"');
    expect((await call(undefined, 'GET', '/version')).status).toBe(200);
    expect((await call(undefined, 'GET', '/api')).status).toBe(401);
  });

  it('logs every decision with what allowed it', async () => {
    const user = newUser(['exporters']);
    cluster.server.authorizations.reset();
    await call(user.token, 'GET', '/apis/application-networking.k8s.aws/v1alpha1/serviceexports');
    await call(user.token, 'DELETE', '/api/v1/namespaces/default/services/x');
    expect(cluster.server.authorizations.entries(name => name === user.user)).toEqual([
      {
        user: user.user,
        groups: ['exporters', 'system:authenticated'],
        verb: 'list',
        apiGroup: 'application-networking.k8s.aws',
        resource: 'serviceexports',
        scope: 'cluster',
        allowed: true,
        grantedBy: { binding: { kind: 'ClusterRoleBinding', name: 'exporters' }, role: { kind: 'ClusterRole', name: 'exporter' }, rule: 0 },
        count: 1,
      },
      {
        user: user.user,
        groups: ['exporters', 'system:authenticated'],
        verb: 'delete',
        apiGroup: '',
        resource: 'services',
        scope: 'namespace',
        allowed: false,
        count: 1,
      },
    ]);
  });
});

describe('ServiceAccount tokens', () => {
  const secret = {
    apiVersion: 'v1',
    kind: 'Secret',
    metadata: { name: 'robot-token', annotations: { 'kubernetes.io/service-account.name': 'robot' } },
    type: 'kubernetes.io/service-account-token',
  };

  it('are issued into a service-account-token Secret and authenticate as the account, with its groups', async () => {
    await admin('POST', '/api/v1/namespaces/ops/serviceaccounts', { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'robot' } });
    await admin('POST', '/api/v1/namespaces/ops/secrets', secret);
    const stored = (await admin('GET', '/api/v1/namespaces/ops/secrets/robot-token')).body;
    expect(Object.keys(stored.data).sort()).toEqual(['namespace', 'token']);
    expect(Buffer.from(stored.data.namespace, 'base64').toString()).toBe('ops');
    const token = Buffer.from(stored.data.token, 'base64').toString();

    await admin('POST', `${RBAC}/clusterroles`, clusterRole('ops-robot', [{ apiGroups: [''], resources: ['namespaces'], verbs: ['get'] }]));
    await admin(
      'POST',
      `${RBAC}/clusterrolebindings`,
      binding('ClusterRoleBinding', 'ops-robots', { kind: 'ClusterRole', name: 'ops-robot' }, [{ kind: 'Group', name: 'system:serviceaccounts:ops' }]),
    );
    expect((await call(token, 'GET', '/api/v1/namespaces/ops')).status).toBe(200);
    expect((await call(token, 'GET', '/api/v1/namespaces')).body.message).toBe(
      'namespaces is forbidden: User "system:serviceaccount:ops:robot" cannot list resource "namespaces" in API group "" at the cluster scope',
    );

    // The token lives as long as its Secret and its account.
    await admin('DELETE', '/api/v1/namespaces/ops/serviceaccounts/robot');
    expect((await call(token, 'GET', '/api/v1/namespaces/ops')).status).toBe(401);
    expect((await admin('GET', '/api/v1/namespaces/ops/secrets/robot-token')).status).toBe(404);
  });

  it('are not issued for an account that does not exist: the token controller deletes the Secret', async () => {
    expect((await admin('POST', '/api/v1/namespaces/ops/secrets', { ...secret, metadata: { ...secret.metadata, name: 'nobody-token', annotations: { 'kubernetes.io/service-account.name': 'nobody' } } })).status).toBe(201);
    expect((await admin('GET', '/api/v1/namespaces/ops/secrets/nobody-token')).status).toBe(404);
  });

  it('need the account named on the Secret', async () => {
    const unnamed = await admin('POST', '/api/v1/namespaces/ops/secrets', { ...secret, metadata: { name: 'unnamed' } });
    expect([unnamed.status, unnamed.body.message]).toEqual([
      422,
      'Secret "unnamed" is invalid: metadata.annotations[kubernetes.io/service-account.name]: Required value',
    ]);
  });
});
