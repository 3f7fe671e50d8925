/*
 * The namespace guard through the REST API on the simulated demo fleet:
 * entities pointed at kube-system or at another team's namespace are shown
 * read-only and every write is refused before any cluster is asked.
 */
import { mockCredentials, startTestBackend, mockServices } from '@backstage/backend-test-utils';
import type { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import {
  EntityServiceNetworkStatus,
  NAMESPACE_NOT_WRITABLE_FINDING,
} from '@service-network/backstage-plugin-service-network-common';
import request from 'supertest';
import { orgUserInfoFactory, SERVICE_1_ROUTE, USERS } from '../__testUtils__/org';
import { componentEntity, eventually, Fleet, rawConfigFor, startDemoFleet } from '../inventory/__testUtils__/fleet';
import { serviceNetworkPlugin } from '../plugin';

jest.setTimeout(60_000);

const pointedAt = (name: string, namespace: string, service: string): Entity => ({
  ...componentEntity(name),
  metadata: {
    name,
    namespace: 'default',
    annotations: { 'backstage.io/kubernetes-namespace': namespace, 'backstage.io/kubernetes-id': service },
  },
});

const ROUTE = SERVICE_1_ROUTE;

describe('the namespace guard', () => {
  let fleet: Fleet;
  let server: Awaited<ReturnType<typeof startTestBackend>>['server'];
  const service1 = componentEntity('service-1');
  const entities = [service1, pointedAt('dns', 'kube-system', 'kube-dns'), pointedAt('borrowed', 'team-b-web', 'service-1')];

  const as = (user: string) => mockCredentials.user.header(user);
  const post = (path: string, user: string, body: object = {}) =>
    request(server).post(`/api/service-network${path}`).set('Authorization', as(user)).send(body);
  const writes = () =>
    fleet.clusters.reduce(
      (sum, c) => sum + (['create', 'update', 'patch', 'delete'] as const).reduce((n, verb) => n + c.server.requests.count(verb), 0),
      0,
    );

  beforeAll(async () => {
    fleet = await startDemoFleet();
    ({ server } = await startTestBackend({
      features: [
        serviceNetworkPlugin,
        catalogServiceMock.factory({ entities }),
        orgUserInfoFactory,
        mockServices.rootConfig.factory({
          data: rawConfigFor(fleet, {
            settings: {
              refresh: { latticeIntervalSeconds: 1 },
              routeRequests: { approvers: ['group:default/platform-team'] },
              namespaces: {
                owners: [
                  { namespace: 'team-b-*', owners: ['team-b'] },
                  { namespace: 'default', owners: ['team-a'] },
                ],
              },
            },
          }),
        }),
      ],
    }));
    await eventually('the inventory to see the fleet', async () => {
      const preview = await post('/route-requests/preview', USERS.owner, { ...ROUTE, entityRef: 'component:default/service-1' });
      return preview.status === 200 && preview.body.problems.length === 0;
    });
  });

  afterAll(async () => {
    await fleet.close();
  });

  beforeEach(() => {
    for (const cluster of fleet.clusters) cluster.server.requests.reset();
  });

  it.each([
    ['dns', USERS.owner, 'Service Network never writes to namespace kube-system (serviceNetwork.namespaces.protected lists kube-system)'],
    [
      'borrowed',
      USERS.owner,
      'Namespace team-b-web is written only for entities owned by group:default/team-b (serviceNetwork.namespaces.owners[0] (team-b-*)); this entity is owned by group:default/team-a',
    ],
    ['service-1', USERS.otherTeam, 'Namespace default is written only by group:default/team-a (serviceNetwork.namespaces.owners[1] (default)), and you are not one of them'],
  ])('refuses every write for %s by %s with a 403 naming the namespace and the rule', async (name, user, message) => {
    const responses = [
      await post(`/entities/default/component/${name}/export`, user),
      await post(`/entities/default/component/${name}/export`, user, { dryRun: true }),
      await post(`/entities/default/component/${name}/unexport`, user),
      await post('/route-requests/preview', user, { ...ROUTE, entityRef: `component:default/${name}` }),
      await post('/route-requests', user, { ...ROUTE, entityRef: `component:default/${name}` }),
    ];
    expect(responses.map(r => [r.status, r.body.error?.name, r.body.error?.message])).toEqual(
      responses.map(() => [403, 'NotAllowedError', message]),
    );
    expect(writes()).toBe(0);
  });

  it('shows such a Service read-only, with a finding saying why it cannot be exported', async () => {
    const response = await request(server).get('/api/service-network/entities/default/component/dns/status').set('Authorization', as(USERS.owner));
    expect(response.status).toBe(200);
    const status: EntityServiceNetworkStatus = response.body;
    expect(status.service).toEqual({ namespace: 'kube-system', name: 'kube-dns' });
    const finding = status.findings.find(f => f.id === NAMESPACE_NOT_WRITABLE_FINDING);
    expect(finding).toMatchObject({ severity: 'warning', detail: expect.stringContaining('never writes to namespace kube-system') });
    expect(finding?.action).toContain('serviceNetwork.namespaces.protected');
    // Nothing advises exporting what cannot be exported.
    expect(status.findings.map(f => f.id)).not.toContain('not-exported');

    const own = await request(server).get('/api/service-network/entities/default/component/service-1/status').set('Authorization', as(USERS.owner));
    expect(own.body.findings.map((f: { id: string }) => f.id)).not.toContain(NAMESPACE_NOT_WRITABLE_FINDING);
  });

  it("re-checks at approval: a request whose entity changed owner since is refused and nothing is applied", async () => {
    const created = await post('/route-requests', USERS.owner, { ...ROUTE, entityRef: 'component:default/service-1', routeName: 'guarded' });
    expect(created.status).toBe(201);
    service1.spec!.owner = 'team-b';
    try {
      const approved = await post(`/route-requests/${created.body.id}/approve`, USERS.platform, { comment: 'ok' });
      expect(approved.status).toBe(403);
      expect(approved.body.error.message).toContain('Namespace default is written only for entities owned by group:default/team-a');
      // Rejecting writes nothing, so the guard does not stand in its way.
      const rejected = await post(`/route-requests/${created.body.id}/reject`, USERS.platform, { comment: 'no' });
      expect(rejected.status).toBe(200);
      expect(writes()).toBe(0);
    } finally {
      service1.spec!.owner = 'team-a';
    }
  });
});
