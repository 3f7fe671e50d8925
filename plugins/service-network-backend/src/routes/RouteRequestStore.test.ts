import {
  mockServices,
  TestDatabaseId,
  TestDatabases,
} from '@backstage/backend-test-utils';
import { ConflictError } from '@backstage/errors';
import { RouteRequest } from '@service-network/backstage-plugin-service-network-common';
import knexFactory from 'knex';
import { RouteRequestStore } from './RouteRequestStore';

jest.setTimeout(60_000);

const databases = TestDatabases.create({ ids: ['SQLITE_3', 'POSTGRES_15'] });

function request(
  id: string,
  overrides: Partial<RouteRequest> = {},
): RouteRequest {
  return {
    id,
    state: 'pending',
    entityRef: 'component:default/checkout',
    service: { namespace: 'shop', name: 'checkout' },
    spec: {
      entityRef: 'component:default/checkout',
      routeName: 'checkout',
      gateway: { name: 'gateway-1' },
      listener: 'http',
      kind: 'HTTP',
      backends: [{ cluster: 'workload-1', weight: 1 }],
      reason: 'Needed by the storefront',
    },
    route: { kind: 'HTTPRoute', namespace: 'shop', name: 'checkout' },
    plan: { objects: [], latticeServiceName: 'checkout-shop', problems: [] },
    planVersion: 1,
    requestedBy: 'user:default/alice',
    createdAt: '2026-11-21T10:00:00.000Z',
    updatedAt: '2026-11-21T10:00:00.000Z',
    expiresAt: '2026-11-24T10:00:00.000Z',
    attempts: 0,
    retryable: false,
    ...overrides,
  };
}

describe.each(databases.eachSupportedId())(
  'RouteRequestStore on %s',
  databaseId => {
    async function createStore(id: TestDatabaseId = databaseId) {
      const knex = await databases.init(id);
      return RouteRequestStore.create({
        database: mockServices.database({ knex }),
      });
    }

    it('stores a request and reads it back field for field', async () => {
      const store = await createStore();
      const stored = request('r1', {
        planDiff: {
          fromVersion: 1,
          toVersion: 2,
          objects: [],
          problemsAdded: ['x'],
          problemsRemoved: [],
          text: '+ x',
        },
        retryable: true,
        applyResults: [
          { cluster: 'config', outcome: 'failed', error: 'connection refused' },
        ],
      });
      await store.insert(stored);
      expect(await store.get('r1')).toEqual(stored);
      expect(await store.get('missing')).toBeUndefined();
    });

    it('allows one open request per route, and a new one once it is closed', async () => {
      const store = await createStore();
      await store.insert(request('r1'));
      await expect(store.insert(request('r2'))).rejects.toThrow(ConflictError);
      await expect(store.insert(request('r2'))).rejects.toThrow(
        'An open request for HTTPRoute shop/checkout already exists (r1, pending, requested by user:default/alice)',
      );
      await store.insert(
        request('r3', {
          route: { kind: 'HTTPRoute', namespace: 'shop', name: 'checkout-v2' },
        }),
      );

      expect(
        await store.update(
          'r1',
          { state: 'pending' },
          { state: 'rejected', updatedAt: '2026-11-21T11:00:00.000Z' },
        ),
      ).toBe(true);
      await store.insert(request('r2'));
      expect((await store.findOpen('shop/checkout'))?.id).toBe('r2');
    });

    it('changes a row only while it still meets the condition', async () => {
      const store = await createStore();
      await store.insert(request('r1', { planVersion: 2 }));
      const claim = {
        state: 'approved' as const,
        decidedBy: 'user:default/bob',
        updatedAt: '2026-11-21T11:00:00.000Z',
      };

      expect(
        await store.update('r1', { state: 'pending', planVersion: 1 }, claim),
      ).toBe(false);
      expect(
        await store.update('r1', { state: 'pending', planVersion: 2 }, claim),
      ).toBe(true);
      expect(
        await store.update('r1', { state: 'pending', planVersion: 2 }, claim),
      ).toBe(false);
      expect(
        await store.update(
          'r1',
          { state: 'approved', attempts: 1 },
          { state: 'applying', updatedAt: claim.updatedAt },
        ),
      ).toBe(false);
      expect(
        await store.update(
          'r1',
          { state: 'approved', attempts: 0 },
          { state: 'applying', attempts: 1, updatedAt: claim.updatedAt },
        ),
      ).toBe(true);
      expect(await store.get('r1')).toMatchObject({
        state: 'applying',
        attempts: 1,
        decidedBy: 'user:default/bob',
      });
    });

    it('clears optional fields with null and keeps the rest', async () => {
      const store = await createStore();
      await store.insert(
        request('r1', {
          state: 'failed',
          lastError: 'boom',
          retryable: true,
          attempts: 1,
        }),
      );
      await store.update(
        'r1',
        { state: 'failed' },
        {
          state: 'applied',
          lastError: null,
          retryable: false,
          appliedAt: '2026-11-21T12:00:00.000Z',
          updatedAt: '2026-11-21T12:00:00.000Z',
        },
      );
      const applied = await store.get('r1');
      expect(applied).toMatchObject({
        state: 'applied',
        retryable: false,
        appliedAt: '2026-11-21T12:00:00.000Z',
        attempts: 1,
      });
      expect(applied?.lastError).toBeUndefined();
      expect(await store.findOpen('shop/checkout')).toBeUndefined();
    });

    it('records the DNS name once', async () => {
      const store = await createStore();
      await store.insert(request('r1', { state: 'applied' }));
      const live = {
        dnsName: 'checkout-shop-0a1b.vpc-lattice-svcs.us-west-2.on.aws',
        liveAt: '2026-11-21T12:00:00.000Z',
        updatedAt: '2026-11-21T12:00:00.000Z',
      };
      expect(
        await store.update('r1', { state: 'applied', notLive: true }, live),
      ).toBe(true);
      expect(
        await store.update('r1', { state: 'applied', notLive: true }, live),
      ).toBe(false);
      expect(await store.list({ states: ['applied'], notLive: true })).toEqual(
        [],
      );
    });

    it('lists newest first, filtered by state, entity, requester and times', async () => {
      const store = await createStore();
      await store.insert(
        request('old', {
          createdAt: '2026-11-20T10:00:00.000Z',
          expiresAt: '2026-11-21T09:00:00.000Z',
        }),
      );
      await store.insert(
        request('new', {
          route: { kind: 'HTTPRoute', namespace: 'shop', name: 'checkout-v2' },
          createdAt: '2026-11-21T10:00:00.000Z',
          requestedBy: 'user:default/carol',
        }),
      );
      await store.insert(
        request('other', {
          state: 'applied',
          entityRef: 'component:default/billing',
          route: { kind: 'HTTPRoute', namespace: 'shop', name: 'billing' },
          createdAt: '2026-11-19T10:00:00.000Z',
        }),
      );
      const ids = (list: RouteRequest[]) => list.map(r => r.id);
      expect(ids(await store.list())).toEqual(['new', 'old', 'other']);
      expect(ids(await store.list({ states: ['pending'] }))).toEqual([
        'new',
        'old',
      ]);
      expect(
        ids(await store.list({ entityRef: 'component:default/billing' })),
      ).toEqual(['other']);
      expect(
        ids(await store.list({ requestedBy: 'user:default/carol' })),
      ).toEqual(['new']);
      expect(
        ids(
          await store.list({
            states: ['pending'],
            expiresBefore: '2026-11-21T10:00:00.000Z',
          }),
        ),
      ).toEqual(['old']);
      expect(ids(await store.list({ limit: 1 }))).toEqual(['new']);
    });

    it('keeps its data across a restart: migrations run again without harm', async () => {
      const knex = await databases.init(databaseId);
      const first = await RouteRequestStore.create({
        database: mockServices.database({ knex }),
      });
      await first.insert(request('r1'));
      const second = await RouteRequestStore.create({
        database: mockServices.database({ knex }),
      });
      expect((await second.get('r1'))?.plan.latticeServiceName).toBe(
        'checkout-shop',
      );
    });

    it('starts six replicas on one fresh database at once: all migrate and share the rows', async () => {
      const first = await databases.init(databaseId);
      // Another replica has its own connection pool; an in-memory SQLite database can only be shared.
      const others = [1, 2, 3, 4, 5].map(() =>
        databaseId === 'SQLITE_3'
          ? first
          : knexFactory({ client: 'pg', connection: first.client.config.connection }),
      );
      try {
        const [a, b, c] = await Promise.all(
          [first, ...others].map(knex =>
            RouteRequestStore.create({ database: mockServices.database({ knex }) }),
          ),
        );
        await a.insert(request('r1'));
        expect((await b.get('r1'))?.id).toBe('r1');
        expect((await c.get('r1'))?.id).toBe('r1');
        // knex's lock row, once: a second row would fail every later migration, restarts included.
        expect(await first('knex_migrations_lock').select('is_locked')).toEqual([{ is_locked: 0 }]);
      } finally {
        await Promise.all(others.filter(knex => knex !== first).map(knex => knex.destroy()));
      }
    });

    it('leaves migrations alone when told to skip them', async () => {
      const knex = await databases.init(databaseId);
      const store = await RouteRequestStore.create({
        database: mockServices.database({ knex, migrations: { skip: true } }),
      });
      // The driver's error may come from another realm, so compare its text.
      const failure = await store.get('r1').then(String, String);
      expect(failure).toMatch(/route_requests/);
    });
  },
);
