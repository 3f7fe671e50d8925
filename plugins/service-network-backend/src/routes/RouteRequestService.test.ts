/*
 * The route request workflow against the simulated fleet, through the real
 * cluster clients and inventory: approvals apply in the config cluster, the
 * controller simulator serves the route, and the request goes live.
 */
import type { AuditorService } from '@backstage/backend-plugin-api';
import {
  mockCredentials,
  mockServices,
  TestDatabaseId,
  TestDatabases,
} from '@backstage/backend-test-utils';
import { ConflictError, NotAllowedError } from '@backstage/errors';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import type { JsonObject } from '@backstage/types';
import {
  KINDS,
  LATTICE_ANNOTATIONS,
  RouteRequest,
  RouteRequestCreate,
  RouteRequestNotice,
  serviceNetworkRouteRequestApprovePermission,
} from '@service-network/backstage-plugin-service-network-common';
import { pinnedServiceImport } from '@service-network/simulated-fleet';
import knexFactory, { Knex } from 'knex';
import {
  ClusterRegistry,
  RegisteredCluster,
} from '../clusters/ClusterRegistry';
import { ClusterRefusedError } from '../clusters/dryRun';
import { KubernetesClusterClient } from '../clusters/KubernetesClusterClient';
import type { ClusterClient } from '../clusters/types';
import type { RouteRequestSettings } from '../config/serviceNetworkConfig';
import {
  DEFAULT_PROTECTED_NAMESPACES,
  NamespaceGuard,
  NamespaceOwnersRule,
} from '../guard';
import { createServiceNetworkInventory } from '../inventory/fromConfig';
import type { Inventory } from '../inventory/inventory';
import {
  clustersFor,
  componentEntity,
  connectionFor,
  configFor,
  credentialsFor,
  eventually,
  Fleet,
  serviceExport,
  startDemoFleet,
} from '../inventory/__testUtils__/fleet';
import { withStricterRoutes } from './__testUtils__/stricterRoutes';
import {
  DefaultRouteRequestService,
  PlanChangedError,
  RouteRequestNotifier,
} from './RouteRequestService';

jest.setTimeout(60_000);

const databases = TestDatabases.create({ ids: ['SQLITE_3', 'POSTGRES_15'] });

const ALICE = 'user:default/alice';
const BOB = 'user:default/bob';
const as = (user: string) => ({ credentials: mockCredentials.user(user) });
const approval = { comment: 'Looks right' };
const RACING_APPROVERS = Array.from({ length: 24 }, (_, i) => `user:default/approver-${i}`);

const IMPORTS = KINDS.latticeServiceImport;
const EXPORTS = KINDS.latticeServiceExport;
const PATCHES_OF_IMPORTS = 'serviceimports.application-networking.k8s.aws';
const PATCHES_OF_ROUTES = 'httproutes.gateway.networking.k8s.io';

function routeRequest(
  service: string,
  routeName: string,
  clusters: string[] = ['workload-1', 'workload-2'],
): RouteRequestCreate {
  return {
    entityRef: `component:default/${service}`,
    routeName,
    gateway: { name: 'gateway-1', namespace: 'default' },
    listener: 'http',
    kind: 'HTTP',
    match: { path: { type: 'PathPrefix', value: '/' } },
    backends: clusters.map(cluster => ({ cluster, weight: 50 })),
    reason: 'The storefront calls it',
  };
}

interface AuditRecord {
  eventId: string;
  outcome: 'success' | 'fail';
  meta?: JsonObject;
  severityLevel?: string;
}

function recordingAuditor(): {
  auditor: AuditorService;
  events: AuditRecord[];
} {
  const events: AuditRecord[] = [];
  return {
    events,
    auditor: {
      async createEvent({ eventId, meta, severityLevel }) {
        return {
          async success(options) {
            events.push({
              eventId,
              outcome: 'success',
              meta: { ...meta, ...options?.meta },
              severityLevel,
            });
          },
          async fail(options) {
            events.push({
              eventId,
              outcome: 'fail',
              meta: { ...meta, ...options.meta, error: options.error.message },
              severityLevel,
            });
          },
        };
      },
    },
  };
}

function recordingNotifier() {
  const sent: Array<{
    to: 'approvers' | 'requester';
    id: string;
    what?: RouteRequestNotice;
  }> = [];
  const notifier: RouteRequestNotifier = {
    async notifyApprovers(request) {
      sent.push({ to: 'approvers', id: request.id });
    },
    async notifyRequester(request, what) {
      sent.push({ to: 'requester', id: request.id, what });
    },
  };
  return { notifier, sent };
}

/** The config cluster with its apply sent elsewhere: to a client with other credentials, or nowhere. */
function redirectedApply(
  cluster: RegisteredCluster,
  applyWith: () => ClusterClient,
): Pick<ClusterRegistry, 'configCluster'> {
  const client: ClusterClient = {
    list: (...args) => cluster.client.list(...args),
    watch: (...args) => cluster.client.watch(...args),
    get: (...args) => cluster.client.get(...args),
    delete: (...args) => cluster.client.delete(...args),
    apply: (object, options) => applyWith().apply(object, options),
  };
  return { configCluster: () => ({ config: cluster.config, client }) };
}

describe('DefaultRouteRequestService on the simulated fleet', () => {
  let fleet: Fleet;
  let registry: ClusterRegistry;
  let inventory: Inventory;
  let settings: RouteRequestSettings;

  beforeAll(async () => {
    fleet = await startDemoFleet();
    const config = configFor(fleet);
    settings = config.routeRequests;
    ({ registry, inventory } = await createServiceNetworkInventory({
      config,
      clusters: await clustersFor(fleet),
      credentialsManager: credentialsFor(fleet),
      logger: mockServices.logger.mock(),
    }));
    inventory.start();
    await eventually('the inventory to sync', () =>
      inventory
        .snapshot()
        .clusters.every(cluster =>
          Object.values(cluster.sync).every(sync => sync?.state === 'synced'),
        ),
    );
  });

  afterAll(async () => {
    inventory.stop();
    await fleet.close();
  });

  beforeEach(() => {
    fleet.configCluster.server.requests.reset();
  });

  async function createService(
    options: {
      knex?: Knex;
      settings?: Partial<RouteRequestSettings>;
      clusters?: Pick<ClusterRegistry, 'configCluster'>;
      namespaceOwners?: NamespaceOwnersRule[];
      /** Namespaces never written; default DEFAULT_PROTECTED_NAMESPACES. */
      protectedNamespaces?: string[];
      now?: () => Date;
      /** Who the policy allows to approve; default everyone, every other permission is allowed. */
      approvers?: string[];
      denyAll?: boolean;
    } = {},
  ) {
    const permissions = mockServices.permissions.mock();
    permissions.authorize.mockImplementation(async (requests, { credentials }) =>
      requests.map(({ permission }) => ({
        result:
          !options.denyAll &&
          (permission.name !== serviceNetworkRouteRequestApprovePermission.name ||
            !options.approvers ||
            options.approvers.includes((credentials.principal as { userEntityRef: string }).userEntityRef))
            ? AuthorizeResult.ALLOW
            : AuthorizeResult.DENY,
      })),
    );
    permissions.authorizeConditional.mockImplementation(async requests =>
      requests.map(() => ({ result: options.denyAll ? AuthorizeResult.DENY : AuthorizeResult.ALLOW })),
    );
    const { auditor, events } = recordingAuditor();
    const { notifier, sent } = recordingNotifier();
    const service = await DefaultRouteRequestService.create({
      database: mockServices.database({
        knex: options.knex ?? (await databases.init('SQLITE_3')),
      }),
      // The configured approvers: whoever the policy lets approve.
      settings: { ...settings, approvers: options.approvers ?? [ALICE, BOB, ...RACING_APPROVERS], ...options.settings },
      catalog: catalogServiceMock({
        entities: ['service-1', 'service-2', 'service-3', 'service-4'].map(
          componentEntity,
        ),
      }),
      inventory,
      clusters: options.clusters ?? registry,
      auditor,
      permissions,
      logger: mockServices.logger.mock(),
      guard: new NamespaceGuard({
        protected: options.protectedNamespaces ?? DEFAULT_PROTECTED_NAMESPACES,
        owners: options.namespaceOwners ?? [],
      }),
      userInfo: mockServices.userInfo(),
      auth: mockServices.auth(),
      authorizeConditions: decision => decision.result === AuthorizeResult.ALLOW,
      notifier,
      now: options.now,
    });
    return { service, events, sent };
  }

  const patches = () => fleet.configCluster.server.requests.count('patch');
  const configObject = (
    resource: { group: string; plural: string },
    name: string,
  ) => fleet.configCluster.store.get(resource, 'default', name);

  it('applies the imports and the route on approval; the controller serves it and the request goes live once', async () => {
    const { service, events, sent } = await createService();
    const created = await service.create(
      routeRequest('service-1', 'svc1-storefront'),
      as(ALICE),
    );
    expect(created).toMatchObject({
      state: 'pending',
      requestedBy: ALICE,
      planVersion: 1,
      route: { name: 'svc1-storefront' },
    });
    // The seed already holds identical imports: they are shared, not taken over.
    expect(
      created.plan.objects.map(o => [
        o.object.kind,
        o.object.metadata.name,
        o.action,
        o.takesOverFrom,
      ]),
    ).toEqual([
      ['ServiceImport', 'service-1-workload-1', 'unchanged', undefined],
      ['ServiceImport', 'service-1-workload-2', 'unchanged', undefined],
      ['HTTPRoute', 'svc1-storefront', 'create', undefined],
    ]);
    expect(sent).toEqual([{ to: 'approvers', id: created.id }]);
    expect(patches()).toBe(0);
    // The review shows the seed's routes on the same listener, matching every path as this one does.
    const overlap = (name: string) => ({
      route: { kind: 'HTTPRoute', namespace: 'default', name },
      listener: 'gateway-1 (default), listener http',
      hostname: 'any hostname',
      match: 'any method, path prefix /',
    });
    const reviewed = await service.get(created.id, as(BOB));
    expect(reviewed.overlaps).toEqual(
      expect.arrayContaining([overlap('httproute-1'), overlap('httproute-2')]),
    );
    expect(reviewed.overlaps?.map(o => o.route.name)).not.toContain('httproute-3');
    expect((await service.list({}, as(BOB))).find(r => r.id === created.id)?.overlaps).toEqual(reviewed.overlaps);

    const applied = await service.approve(created.id, approval, as(BOB));
    expect(applied.overlaps).toBeUndefined();
    expect(applied).toMatchObject({
      state: 'applied',
      decidedBy: BOB,
      decisionComment: 'Looks right',
      attempts: 1,
    });
    expect(
      applied.applyResults?.map(r => [r.object?.metadata.name, r.outcome]),
    ).toEqual([
      ['service-1-workload-1', 'applied'],
      ['service-1-workload-2', 'applied'],
      ['svc1-storefront', 'applied'],
    ]);
    expect(
      fleet.configCluster.server.requests.count('patch', PATCHES_OF_IMPORTS),
    ).toBe(2);
    expect(
      fleet.configCluster.server.requests.count('patch', PATCHES_OF_ROUTES),
    ).toBe(1);
    expect(
      configObject(
        { group: 'gateway.networking.k8s.io', plural: 'httproutes' },
        'svc1-storefront',
      )?.spec,
    ).toMatchObject({
      rules: [
        {
          backendRefs: [
            { name: 'service-1-workload-1', weight: 50 },
            { name: 'service-1-workload-2', weight: 50 },
          ],
        },
      ],
    });

    await eventually(
      'the controller to give the route a DNS name',
      async () => (await service.checkLive()) === 1,
    );
    const live = await service.get(created.id, as(ALICE));
    expect(live.dnsName).toMatch(
      /^svc1-storefront-default-.+\.vpc-lattice-svcs\.us-west-2\.on\.aws$/,
    );
    expect(live.liveAt).toBeDefined();
    expect(await service.checkLive()).toBe(0);
    expect(sent.filter(s => s.to === 'requester').map(s => s.what)).toEqual([
      'applied',
      'live',
    ]);
    expect(events.map(e => `${e.eventId}:${e.outcome}`)).toEqual([
      'route-request-create:success',
      'route-request-apply:success',
      'route-request-approve:success',
      'route-request-live:success',
    ]);
    // Every transition is logged at the default level ('low' would be debug).
    expect(events.map(e => e.severityLevel)).toEqual([
      'medium',
      'medium',
      'medium',
      'medium',
    ]);
  });

  it('refuses self-approval unless configured for small teams', async () => {
    const strict = await createService();
    const mine = await strict.service.create(
      routeRequest('service-1', 'svc1-self'),
      as(ALICE),
    );
    await expect(
      strict.service.approve(mine.id, approval, as(ALICE)),
    ).rejects.toThrow(NotAllowedError);
    expect((await strict.service.get(mine.id, as(ALICE))).state).toBe('pending');
    expect(patches()).toBe(0);

    const relaxed = await createService({
      settings: { allowSelfApproval: true },
    });
    const own = await relaxed.service.create(
      routeRequest('service-1', 'svc1-self'),
      as(ALICE),
    );
    expect(
      (await relaxed.service.approve(own.id, approval, as(ALICE))).state,
    ).toBe('applied');
  });

  it('answers 409 for a second open request for the same route, and lets the requester cancel', async () => {
    const { service } = await createService();
    const first = await service.create(
      routeRequest('service-1', 'svc1-once'),
      as(ALICE),
    );
    await expect(
      service.create(routeRequest('service-1', 'svc1-once'), as(BOB)),
    ).rejects.toThrow(
      new ConflictError(
        `An open request for HTTPRoute default/svc1-once already exists (${first.id}, pending, requested by ${ALICE}): wait for its outcome or cancel it first`,
      ),
    );
    await expect(service.cancel(first.id, as(BOB))).rejects.toThrow(
      NotAllowedError,
    );
    expect((await service.cancel(first.id, as(ALICE))).state).toBe('cancelled');
    await expect(service.approve(first.id, approval, as(BOB))).rejects.toThrow(
      /is cancelled; only a pending request can be approved/,
    );
    expect(
      (await service.create(routeRequest('service-1', 'svc1-once'), as(BOB)))
        .state,
    ).toBe('pending');
  });

  it('rejects with a comment and tells the requester', async () => {
    const { service, sent } = await createService();
    const created = await service.create(
      routeRequest('service-1', 'svc1-rejected'),
      as(ALICE),
    );
    const rejected = await service.reject(
      created.id,
      { comment: 'Use the shared route' },
      as(BOB),
    );
    expect(rejected).toMatchObject({
      state: 'rejected',
      decidedBy: BOB,
      decisionComment: 'Use the shared route',
    });
    expect(sent).toContainEqual({
      to: 'requester',
      id: created.id,
      what: 'rejected',
    });
    expect(patches()).toBe(0);
  });

  it('does not store a request it cannot plan, and says why', async () => {
    const { service } = await createService();
    await expect(
      service.create(routeRequest('service-3', 'svc3-both'), as(ALICE)),
    ).rejects.toThrow(/default\/service-3 in workload-2 is not exported/);
    expect(await service.list({}, as(ALICE))).toEqual([]);
  });

  it('asks the permission policy on every entry point, and acts for users only', async () => {
    const { service: denying, events } = await createService({ denyAll: true });
    const refusals = await Promise.all(
      [
        denying.preview(routeRequest('service-1', 'svc1-denied'), as(ALICE)),
        denying.create(routeRequest('service-1', 'svc1-denied'), as(ALICE)),
        denying.approve('6f1c2d3e-4b5a-4c6d-8e7f-8091a2b3c4d5', approval, as(BOB)),
        denying.reject('6f1c2d3e-4b5a-4c6d-8e7f-8091a2b3c4d5', approval, as(BOB)),
        denying.retry('6f1c2d3e-4b5a-4c6d-8e7f-8091a2b3c4d5', as(BOB)),
      ].map(call => call.then(() => 'allowed', (error: Error) => `${error.name}: ${error.message}`)),
    );
    expect(refusals).toEqual([
      ...Array(2).fill('NotAllowedError: The permission policy denies you service-network.route-request.create'),
      ...Array(3).fill('NotAllowedError: The permission policy denies you service-network.route-request.approve'),
    ]);
    expect(events).toEqual([]);

    const { service } = await createService({ approvers: [BOB] });
    const asService = { credentials: mockCredentials.service('external:ci') };
    await expect(service.list({}, asService)).rejects.toThrow(
      'Service Network acts for signed-in users only, and this call carries the credentials of a service (external:ci)',
    );
    await expect(service.create(routeRequest('service-1', 'svc1-ci'), asService)).rejects.toThrow(NotAllowedError);
  });

  it('lists pending requests first for approvers, newest first for everyone else, and the caller\'s own on request', async () => {
    let clock = Date.now();
    const { service } = await createService({ approvers: [BOB], now: () => new Date((clock += 1000)) });
    const first = await service.create(routeRequest('service-1', 'svc1-first'), as(ALICE));
    const second = await service.create(routeRequest('service-2', 'svc2-second', ['workload-1']), as(BOB));
    await service.reject(second.id, { comment: 'Use the shared route' }, as(BOB));
    const third = await service.create(routeRequest('service-4', 'svc4-third', ['workload-2']), as(ALICE));
    await service.cancel(third.id, as(ALICE));
    const ids = async (caller: ReturnType<typeof as>, mine = false) =>
      (await service.list({ mine }, caller)).map(r => r.id);

    expect(await ids(as(ALICE))).toEqual([third.id, second.id, first.id]);
    expect(await ids(as(BOB))).toEqual([first.id, third.id, second.id]);
    expect(await ids(as(BOB), true)).toEqual([second.id]);
  });

  it('takes over an apply whose replica stopped renewing its claim, and leaves a fresh claim alone', async () => {
    const knex = await databases.init('SQLITE_3');
    const { service } = await createService({ knex });
    const created = await service.create(routeRequest('service-1', 'svc1-interrupted'), as(ALICE));
    // The replica applying it died right after claiming attempt 1: its claim was last renewed `ms` ago.
    const claimedAgo = (ms: number) =>
      knex('route_requests')
        .where({ id: created.id })
        .update({ state: 'applying', attempts: 1, decided_by: BOB, updated_at: new Date(Date.now() - ms).toISOString() });

    await claimedAgo(5_000);
    expect(await service.retryFailed()).toBe(0);
    expect((await service.get(created.id, as(BOB))).state).toBe('applying');
    await claimedAgo(11_000);
    expect(await service.retryFailed()).toBe(1);
    expect(await service.get(created.id, as(BOB))).toMatchObject({ state: 'applied', attempts: 2 });
  });

  it('renews its claim while an apply takes longer than the claim lasts, so no other replica takes it over', async () => {
    const knex = await databases.init('SQLITE_3');
    const replicaA = await createService({ knex });
    const replicaB = await createService({ knex });
    const created = await replicaA.service.create(routeRequest('service-1', 'svc1-slow'), as(ALICE));
    const { faults } = fleet.configCluster.server;
    faults.latencyMs = 4_000;
    try {
      const approving = replicaA.service.approve(created.id, approval, as(BOB));
      while ((await replicaB.service.get(created.id, as(BOB))).state !== 'applying') {
        await new Promise(resolve => setTimeout(resolve, 200));
      }
      // Past the 10 s a claim lasts unrenewed; three writes of 4 s each are still under way.
      await new Promise(resolve => setTimeout(resolve, 11_000));
      expect((await replicaB.service.get(created.id, as(BOB))).state).toBe('applying');
      expect(await replicaB.service.retryFailed()).toBe(0);
      faults.latencyMs = 0;
      expect(await approving).toMatchObject({ state: 'applied', attempts: 1 });
    } finally {
      faults.latencyMs = 0;
    }
  });

  describe.each(databases.eachSupportedId())(
    'on %s',
    (databaseId: TestDatabaseId) => {
      it('applies once when 24 approvals race through two instances on one database', async () => {
        const knexA = await databases.init(databaseId);
        // PostgreSQL: a second connection pool, as a second replica has; SQLite in memory is one connection.
        const knexB = databaseId.startsWith('POSTGRES')
          ? knexFactory(knexA.client.config)
          : knexA;
        try {
          const replicaA = await createService({ knex: knexA });
          const replicaB = await createService({ knex: knexB });
          const routeName = `svc1-race-${databaseId
            .toLowerCase()
            .replace(/_/g, '')}`;
          const created = await replicaA.service.create(
            routeRequest('service-1', routeName),
            as(ALICE),
          );
          fleet.configCluster.server.requests.reset();

          const outcomes = await Promise.allSettled(
            Array.from({ length: 24 }, (_, i) =>
              (i % 2 ? replicaB : replicaA).service.approve(
                created.id,
                approval,
                as(`user:default/approver-${i}`),
              ),
            ),
          );

          const applied = outcomes.filter(
            o => o.status === 'fulfilled',
          ) as PromiseFulfilledResult<RouteRequest>[];
          const refused = outcomes.filter(
            o => o.status === 'rejected',
          ) as PromiseRejectedResult[];
          expect(applied).toHaveLength(1);
          expect(applied[0].value.state).toBe('applied');
          expect(refused).toHaveLength(23);
          expect(refused.every(r => r.reason instanceof ConflictError)).toBe(
            true,
          );
          expect(patches()).toBe(created.plan.objects.length);
          expect(await replicaB.service.get(created.id, as(ALICE))).toMatchObject({
            state: 'applied',
            attempts: 1,
          });
          const applies = [...replicaA.events, ...replicaB.events].filter(
            e => e.eventId === 'route-request-apply',
          );
          expect(applies).toHaveLength(1);
        } finally {
          if (knexB !== knexA) await knexB.destroy();
        }
      });

      it('keeps a request across a restart: a new instance on the same database approves it', async () => {
        const knex = await databases.init(databaseId);
        const before = await createService({ knex });
        const routeName = `svc1-restart-${databaseId
          .toLowerCase()
          .replace(/_/g, '')}`;
        const created = await before.service.create(
          routeRequest('service-1', routeName),
          as(ALICE),
        );

        const after = await createService({ knex });
        // As stored; reading it adds the routes it overlaps, as of now.
        expect(await after.service.get(created.id, as(ALICE))).toEqual({
          ...created,
          overlaps: expect.any(Array),
        });
        expect(
          (await after.service.approve(created.id, approval, as(BOB))).state,
        ).toBe('applied');
      });
    },
  );

  it('expires pending requests past their time and frees the route', async () => {
    const { service, sent, events } = await createService();
    const created = await service.create(
      routeRequest('service-1', 'svc1-expiring'),
      as(ALICE),
    );
    const expiry = new Date(created.expiresAt);
    expect(expiry.getTime() - new Date(created.createdAt).getTime()).toBe(
      72 * 3_600_000,
    );

    expect(await service.expireStale(new Date(expiry.getTime() - 1000))).toBe(
      0,
    );
    expect(await service.expireStale(new Date(expiry.getTime() + 1000))).toBe(
      1,
    );
    expect(await service.expireStale(new Date(expiry.getTime() + 2000))).toBe(
      0,
    );
    expect((await service.get(created.id, as(ALICE))).state).toBe('expired');
    expect(sent).toContainEqual({
      to: 'requester',
      id: created.id,
      what: 'expired',
    });
    expect(events).toContainEqual(
      expect.objectContaining({
        eventId: 'route-request-expire',
        outcome: 'success',
        // Logged at the default level, as every transition is.
        severityLevel: 'medium',
      }),
    );
    await expect(
      service.approve(created.id, approval, as(BOB)),
    ).rejects.toThrow(ConflictError);
    expect(
      (
        await service.create(
          routeRequest('service-1', 'svc1-expiring'),
          as(ALICE),
        )
      ).state,
    ).toBe('pending');
  });

  it('keeps the error of a failed apply, retries transient failures on schedule, and a human retries the rest', async () => {
    const config = registry.configCluster()!;
    const readOnly = (
      await ClusterRegistry.create(await clustersFor(fleet, { token: 'readOnlyToken' }))
    ).configCluster()!.client;
    const nowhere = await KubernetesClusterClient.create({
      ...connectionFor(fleet.configCluster),
      url: 'https://127.0.0.1:1',
    });
    let applyWith: ClusterClient = config.client;
    const { service, sent } = await createService({
      clusters: redirectedApply(config, () => applyWith),
    });

    const transient = await service.create(
      routeRequest('service-1', 'svc1-flaky'),
      as(ALICE),
    );
    applyWith = nowhere;
    const failed = await service.approve(transient.id, approval, as(BOB));
    expect(failed).toMatchObject({
      state: 'failed',
      retryable: true,
      attempts: 1,
    });
    expect(failed.lastError).toBe(
      [
        'ServiceImport default/service-1-workload-1',
        'ServiceImport default/service-1-workload-2',
        'HTTPRoute default/svc1-flaky',
      ]
        .map(
          object =>
            `config could not be asked about writing ${object}: connection refused`,
        )
        .join('; '),
    );
    expect(failed.applyResults?.map(r => r.outcome)).toEqual([
      'failed',
      'failed',
      'failed',
    ]);
    expect(sent).toContainEqual({
      to: 'requester',
      id: transient.id,
      what: 'failed',
    });

    // The simulator refuses writes with the read-only token, dry runs too: the API server's refusal.
    applyWith = config.client;
    const denied = await service.create(
      routeRequest('service-4', 'svc4-denied', ['workload-2']),
      as(ALICE),
    );
    applyWith = readOnly;
    await expect(service.approve(denied.id, approval, as(BOB))).rejects.toThrow(
      /^The config cluster refused the plan in a dry run, so nothing was applied: config refused ServiceImport default\/service-4-workload-2: serviceimports.application-networking.k8s.aws "service-4-workload-2" is forbidden/,
    );
    expect(await service.get(denied.id, as(ALICE))).toMatchObject({
      state: 'failed',
      retryable: false,
      lastError: expect.stringMatching(/is forbidden/),
    });

    applyWith = config.client;
    expect(await service.retryFailed()).toBe(1);
    expect(await service.get(transient.id, as(ALICE))).toMatchObject({
      state: 'applied',
      attempts: 2,
    });
    expect((await service.get(transient.id, as(ALICE))).lastError).toBeUndefined();
    expect((await service.get(denied.id, as(ALICE))).state).toBe('failed');

    expect(await service.retry(denied.id, as(BOB))).toMatchObject({
      state: 'applied',
      attempts: 2,
    });
    expect(await service.retryFailed()).toBe(0);
  });

  it('checks an automatic retry as an approval: refused once the namespace is protected or the approver no longer is one, with the reason on the request', async () => {
    const knex = await databases.init('SQLITE_3');
    const config = registry.configCluster()!;
    const nowhere = await KubernetesClusterClient.create({
      ...connectionFor(fleet.configCluster),
      url: 'https://127.0.0.1:1',
    });
    let applyWith: ClusterClient = config.client;
    const before = await createService({
      knex,
      clusters: redirectedApply(config, () => applyWith),
    });
    const failedApply = async (routeName: string) => {
      const created = await before.service.create(routeRequest('service-1', routeName), as(ALICE));
      applyWith = nowhere;
      expect(await before.service.approve(created.id, approval, as(BOB))).toMatchObject({
        state: 'failed',
        retryable: true,
      });
      applyWith = config.client;
      return created.id;
    };
    const guarded = await failedApply('svc1-guarded');

    // A restart with new settings: default is now protected; the cluster is back.
    const protectedNow = await createService({
      knex,
      protectedNamespaces: [...DEFAULT_PROTECTED_NAMESPACES, 'default'],
    });
    expect(await protectedNow.service.retryFailed()).toBe(1);
    const refusal =
      'Service Network never writes to namespace default (serviceNetwork.namespaces.protected lists default)';
    expect(await protectedNow.service.get(guarded, as(ALICE))).toMatchObject({
      state: 'failed',
      retryable: false,
      attempts: 1,
      lastError: `Not applied again automatically: ${refusal}`,
    });
    expect(patches()).toBe(0);
    expect(protectedNow.events).toContainEqual(
      expect.objectContaining({
        eventId: 'route-request-retry',
        outcome: 'fail',
        meta: expect.objectContaining({ requestId: guarded, automatic: true }),
      }),
    );
    expect(protectedNow.sent).toContainEqual({ to: 'requester', id: guarded, what: 'failed' });
    // Refused for good: no longer due, and a human's retry meets the same check.
    expect(await protectedNow.service.retryFailed()).toBe(0);
    await expect(protectedNow.service.retry(guarded, as(BOB))).rejects.toThrow(
      new NotAllowedError(refusal),
    );

    const undecided = await failedApply('svc1-approver-left');
    const withoutBob = await createService({ knex, approvers: [ALICE] });
    // The guarded request is no longer due; this one is.
    expect(await withoutBob.service.retryFailed()).toBe(1);
    expect(await withoutBob.service.get(undecided, as(ALICE))).toMatchObject({
      state: 'failed',
      retryable: false,
      lastError:
        'Not applied again automatically: user:default/bob, who approved it, is no longer one of the approvers in serviceNetwork.routeRequests.approvers (user:default/alice)',
    });
    expect(patches()).toBe(0);

    // With today's settings unchanged, the same retry applies it.
    const unchanged = await createService({ knex });
    await knex('route_requests').where({ id: undecided }).update({ retryable: true });
    expect(await unchanged.service.retryFailed()).toBe(1);
    expect(await unchanged.service.get(undecided, as(ALICE))).toMatchObject({ state: 'applied', attempts: 2 });
  });

  it('writes nothing when the config cluster refuses the route at approval, answers its message, and applies on retry once it accepts', async () => {
    const { service, events } = await createService();
    const created = await service.create(
      routeRequest('service-4', 'svc4-strict', ['workload-2']),
      as(ALICE),
    );
    const importName = 'service-4-workload-2';
    const hadImport = configObject(IMPORTS, importName) !== undefined;

    // The cluster's HTTPRoute rules change after the request was made: routes now need a hostname.
    await withStricterRoutes(
      fleet.configCluster.store,
      {
        rule: 'has(self.hostnames)',
        message: 'routes in this cluster need a hostname',
      },
      async () => {
        fleet.configCluster.server.requests.reset();
        const refused = await service
          .approve(created.id, approval, as(BOB))
          .catch(error => error);
        expect(refused).toBeInstanceOf(ClusterRefusedError);
        expect(refused.message).toBe(
          'The config cluster refused the plan in a dry run, so nothing was applied: config refused HTTPRoute default/svc4-strict: HTTPRoute.gateway.networking.k8s.io "svc4-strict" is invalid: spec: Invalid value: "object": routes in this cluster need a hostname. The request is failed; retry it once the cluster accepts the objects, or cancel it',
        );
        expect(patches()).toBe(0);
        expect(fleet.configCluster.server.requests.dryRuns).toBe(2);
        expect(configObject(IMPORTS, importName) !== undefined).toBe(hadImport);
        expect(
          configObject(
            { group: 'gateway.networking.k8s.io', plural: 'httproutes' },
            'svc4-strict',
          ),
        ).toBeUndefined();
        const failed = await service.get(created.id, as(ALICE));
        expect(failed).toMatchObject({
          state: 'failed',
          retryable: false,
          decidedBy: BOB,
        });
        expect(failed.lastError).toContain(
          'routes in this cluster need a hostname',
        );
        expect(
          failed.applyResults?.map(r => [r.object?.kind, r.outcome]),
        ).toEqual([
          ['ServiceImport', 'planned'],
          ['HTTPRoute', 'failed'],
        ]);
        expect(await service.retryFailed()).toBe(0);
      },
    );
    expect(await service.retry(created.id, as(BOB))).toMatchObject({
      state: 'applied',
      attempts: 2,
    });
    expect(
      configObject(
        { group: 'gateway.networking.k8s.io', plural: 'httproutes' },
        'svc4-strict',
      ),
    ).toBeDefined();
    expect(
      events
        .filter(e => e.eventId === 'route-request-apply')
        .map(e => e.outcome),
    ).toEqual(['fail', 'success']);
  });

  it('re-plans when a backend cluster stopped exporting: shows the diff, applies nothing, and applies the plan approved again', async () => {
    const { service } = await createService();
    const created = await service.create(
      routeRequest('service-2', 'svc2-both'),
      as(ALICE),
    );
    const workload2 = fleet.cluster('workload-2');
    workload2.store.delete(EXPORTS, 'default', 'service-2');
    // Gone, not just being deleted: the controller's finalizer goes a moment
    // later, and a plan made in between would change once more.
    await eventually(
      'the inventory to lose the export',
      () =>
        !inventory
          .snapshot()
          .clusters.find(c => c.cluster.name === 'workload-2')
          ?.serviceExports.get('default', 'service-2'),
    );
    fleet.configCluster.server.requests.reset();

    const refused = await service
      .approve(created.id, approval, as(BOB))
      .catch(error => error);
    expect(refused).toBeInstanceOf(PlanChangedError);
    expect(refused).toBeInstanceOf(ConflictError);
    const diff = (refused as PlanChangedError).diff;
    expect(diff.objects.map(o => [o.kind, o.name, o.change])).toEqual([
      ['ServiceImport', 'service-2-workload-2', 'removed'],
      ['HTTPRoute', 'svc2-both', 'changed'],
    ]);
    expect(diff.problemsAdded).toEqual([
      expect.stringMatching(/default\/service-2 in workload-2/),
    ]);
    expect(refused.message).toContain('--- plan version 1\n+++ plan version 2');
    expect(patches()).toBe(0);
    const replanned = await service.get(created.id, as(ALICE));
    expect(replanned).toMatchObject({
      state: 'pending',
      planVersion: 2,
      planDiff: diff,
    });
    await expect(
      service.approve(created.id, approval, as(BOB)),
    ).rejects.toThrow(/cannot be applied as planned/);
    expect(patches()).toBe(0);

    workload2.store.apply(
      EXPORTS,
      serviceExport('default', 'service-2', { federated: true }),
      {
        fieldManager: 'fleet-seed',
        force: true,
      },
    );
    await eventually('the inventory to see the export again', () =>
      inventory
        .snapshot()
        .clusters.find(c => c.cluster.name === 'workload-2')
        ?.serviceExports.get('default', 'service-2'),
    );
    await expect(
      service.approve(created.id, { ...approval, planVersion: 1 }, as(BOB)),
    ).rejects.toThrow(/you saw version 1, it is now 2/);
    const back = await service
      .approve(created.id, { ...approval, planVersion: 2 }, as(BOB))
      .catch(error => error);
    expect((back as PlanChangedError).diff.problemsRemoved).toHaveLength(1);
    expect(patches()).toBe(0);
    expect(
      (
        await service.approve(
          created.id,
          { ...approval, planVersion: 3 },
          as(BOB),
        )
      ).state,
    ).toBe('applied');
    expect(patches()).toBe(3);
  });

  it('re-plans when someone else now owns an object under a planned name, and takes it over only once approved again', async () => {
    const { service } = await createService();
    const created = await service.create(
      routeRequest('service-3', 'svc3-new', ['workload-1']),
      as(ALICE),
    );
    expect(created.plan.objects[0]).toMatchObject({
      action: 'create',
      object: { metadata: { name: 'service-3-workload-1' } },
    });
    fleet.configCluster.store.apply(
      IMPORTS,
      pinnedServiceImport(
        'default',
        'service-3-workload-1',
        'billing',
        'workload-1',
      ),
      { fieldManager: 'kubectl', force: true },
    );

    const refused = (await service
      .approve(created.id, approval, as(BOB))
      .catch(error => error)) as PlanChangedError;
    expect(refused).toBeInstanceOf(PlanChangedError);
    expect(refused.diff.objects).toEqual([
      {
        kind: 'ServiceImport',
        namespace: 'default',
        name: 'service-3-workload-1',
        change: 'changed',
        paths: [
          {
            path: '(takes over fields from)',
            before: [],
            after: [
              {
                manager: 'kubectl',
                paths: [
                  `metadata.annotations["${LATTICE_ANNOTATIONS.exportName}"]`,
                ],
              },
            ],
          },
        ],
      },
    ]);
    expect(patches()).toBe(0);
    expect(
      configObject(IMPORTS, 'service-3-workload-1')?.metadata.annotations?.[
        LATTICE_ANNOTATIONS.exportName
      ],
    ).toBe('billing');

    const replanned = await service.get(created.id, as(ALICE));
    expect(replanned.plan.objects[0]).toMatchObject({
      action: 'update',
      changes: [
        {
          path: `metadata.annotations["${LATTICE_ANNOTATIONS.exportName}"]`,
          current: 'billing',
          planned: 'service-3',
        },
      ],
    });
    expect(
      (
        await service.approve(
          created.id,
          { ...approval, planVersion: 2 },
          as(BOB),
        )
      ).state,
    ).toBe('applied');
    expect(
      configObject(IMPORTS, 'service-3-workload-1')?.metadata.annotations?.[
        LATTICE_ANNOTATIONS.exportName
      ],
    ).toBe('service-3');
  });
  it('applies a gRPC route request as a GRPCRoute on the HTTPS listener', async () => {
    // service-3 has only a Service in workload-2: export its port for gRPC there.
    fleet.cluster('workload-2').store.apply(
      EXPORTS,
      serviceExport('default', 'service-3', {
        federated: true,
        ports: [{ port: 80, routeType: 'GRPC' }],
      }),
      { fieldManager: 'fleet-seed', force: true },
    );
    await eventually('the inventory to see the gRPC export', () =>
      inventory
        .snapshot()
        .clusters.find(c => c.cluster.name === 'workload-2')
        ?.serviceExports.get('default', 'service-3'),
    );
    const { service } = await createService();
    const created = await service.create(
      {
        ...routeRequest('service-3', 'svc3-grpc', ['workload-2']),
        kind: 'GRPC',
        listener: 'https',
        match: { service: 'shop.v1.Storefront' },
      },
      as(ALICE),
    );
    expect(
      created.plan.objects.map(o => [o.object.kind, o.object.metadata.name, o.action]),
    ).toEqual([
      ['ServiceImport', 'service-3-workload-2', 'create'],
      ['GRPCRoute', 'svc3-grpc', 'create'],
    ]);

    const applied = await service.approve(created.id, approval, as(BOB));
    expect(applied.state).toBe('applied');
    expect(configObject(KINDS.grpcRoute, 'svc3-grpc')?.spec).toMatchObject({
      parentRefs: [{ name: 'gateway-1', sectionName: 'https' }],
      rules: [
        {
          matches: [{ method: { service: 'shop.v1.Storefront' } }],
          backendRefs: [{ kind: 'ServiceImport', name: 'service-3-workload-2' }],
        },
      ],
    });
  });
});
