import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import type { Entity } from '@backstage/catalog-model';
import { InputError, NotFoundError } from '@backstage/errors';
import { catalogEntityReadPermission } from '@backstage/plugin-catalog-common/alpha';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import {
  DefaultEntityDirectory,
  ENTITY_DIRECTORY_TASK_ID,
} from './EntityDirectory';

const ALICE = mockCredentials.user('user:default/alice');

function component(
  name: string,
  annotations: Record<string, string> = {},
): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name, namespace: 'default', uid: `uid-${name}`, annotations },
    spec: { type: 'service', owner: 'team-a', lifecycle: 'production' },
  };
}

const ref = (name: string) => ({
  kind: 'component',
  namespace: 'default',
  name,
});

async function setUp(options: {
  entities: Entity[];
  result?: AuthorizeResult.ALLOW | AuthorizeResult.DENY;
}) {
  const catalog = catalogServiceMock({ entities: options.entities });
  jest.spyOn(catalog, 'getEntityByRef');
  jest.spyOn(catalog, 'queryEntities');
  const permissions = mockServices.permissions({
    result: options.result ?? AuthorizeResult.ALLOW,
  });
  jest.spyOn(permissions, 'authorize');
  const scheduler = mockServices.scheduler.mock();
  scheduler.triggerTask.mockResolvedValue();
  const logger = mockServices.logger.mock();
  const directory = await DefaultEntityDirectory.create({
    catalog,
    auth: mockServices.auth({ pluginId: 'service-network' }),
    permissions,
    scheduler,
    intervalMs: 60_000,
    logger,
  });
  const [[task]] = scheduler.scheduleTask.mock.calls;
  /** What the scheduler runs every interval. */
  const refresh = () => task.fn(new AbortController().signal);
  return { catalog, permissions, scheduler, logger, directory, refresh };
}

describe('DefaultEntityDirectory', () => {
  it('refreshes on a local schedule, reading only the fields the mapping needs with its own credentials', async () => {
    const { catalog, scheduler, refresh } = await setUp({
      entities: [component('service-1')],
    });

    expect(scheduler.scheduleTask).toHaveBeenCalledWith(
      expect.objectContaining({
        id: ENTITY_DIRECTORY_TASK_ID,
        scope: 'local',
        frequency: { milliseconds: 60_000 },
      }),
    );
    await refresh();
    expect(catalog.queryEntities).toHaveBeenCalledWith(
      {
        fields: [
          'kind',
          'metadata.name',
          'metadata.namespace',
          'metadata.annotations',
          'spec.owner',
        ],
        limit: 500,
      },
      { credentials: mockCredentials.service('plugin:service-network') },
    );
  });

  it("answers a known entity from memory after checking the caller's read permission", async () => {
    const { catalog, permissions, directory, refresh } = await setUp({
      entities: [
        component('service-1'),
        component('storefront', {
          'service-network.io/service': 'shop/checkout',
        }),
      ],
    });
    await refresh();

    await expect(
      directory.lookup(ref('service-1'), { credentials: ALICE }),
    ).resolves.toEqual({
      entityRef: 'component:default/service-1',
      service: { namespace: 'default', name: 'service-1' },
      owner: 'group:default/team-a',
    });
    // Refs compare case-insensitively, as in the catalog.
    await expect(
      directory.lookup(
        { kind: 'Component', namespace: 'default', name: 'StoreFront' },
        { credentials: ALICE },
      ),
    ).resolves.toEqual({
      entityRef: 'component:default/storefront',
      service: { namespace: 'shop', name: 'checkout' },
      owner: 'group:default/team-a',
    });
    expect(catalog.getEntityByRef).not.toHaveBeenCalled();
    expect(permissions.authorize).toHaveBeenCalledWith(
      [
        {
          permission: catalogEntityReadPermission,
          resourceRef: 'component:default/service-1',
        },
      ],
      { credentials: ALICE },
    );
  });

  it('reads every page of a large catalog', async () => {
    const names = Array.from({ length: 1_201 }, (_, i) => `service-${i}`);
    const { catalog, directory, refresh } = await setUp({
      entities: names.map(name => component(name)),
    });
    await refresh();

    expect(catalog.queryEntities).toHaveBeenCalledTimes(3);
    for (const name of [names[0], names[600], names[1_200]]) {
      await expect(
        directory.lookup(ref(name), { credentials: ALICE }),
      ).resolves.toMatchObject({
        service: { name },
      });
    }
    expect(catalog.getEntityByRef).not.toHaveBeenCalled();
  });

  it('reads an entity it does not know yet as the caller, and remembers it', async () => {
    const { catalog, directory } = await setUp({
      entities: [component('service-1')],
    });

    await expect(
      directory.lookup(ref('service-1'), { credentials: ALICE }),
    ).resolves.toMatchObject({
      service: { namespace: 'default', name: 'service-1' },
    });
    expect(catalog.getEntityByRef).toHaveBeenCalledWith(ref('service-1'), {
      credentials: ALICE,
    });

    await directory.lookup(ref('service-1'), { credentials: ALICE });
    expect(catalog.getEntityByRef).toHaveBeenCalledTimes(1);
  });

  it('refreshes early when it had to read through, at most once in a while', async () => {
    const { directory, scheduler } = await setUp({
      entities: [component('service-1'), component('service-2')],
    });

    await directory.lookup(ref('service-1'), { credentials: ALICE });
    expect(scheduler.triggerTask).toHaveBeenCalledWith(
      ENTITY_DIRECTORY_TASK_ID,
    );
    await directory.lookup(ref('service-2'), { credentials: ALICE });
    expect(scheduler.triggerTask).toHaveBeenCalledTimes(1);
  });

  it('answers 404 for an entity the catalog does not have', async () => {
    const { directory, refresh } = await setUp({
      entities: [component('service-1')],
    });
    await refresh();

    const lookup = directory.lookup(ref('nope'), { credentials: ALICE });
    await expect(lookup).rejects.toThrow(NotFoundError);
    await expect(lookup).rejects.toThrow(
      'No entity component:default/nope in the catalog',
    );
  });

  it("remembers an allowed read for a few seconds per user, and asks again after that or for another user", async () => {
    jest.useFakeTimers({ doNotFake: ['nextTick', 'setImmediate'] });
    try {
      const { permissions, directory, refresh } = await setUp({
        entities: [component('service-1')],
      });
      await refresh();
      const BOB = mockCredentials.user('user:default/bob');
      const view = (credentials = ALICE) =>
        directory.lookup(ref('service-1'), { credentials });

      await view();
      await view();
      expect(permissions.authorize).toHaveBeenCalledTimes(1);
      await view(BOB);
      expect(permissions.authorize).toHaveBeenCalledTimes(2);
      jest.advanceTimersByTime(10_001);
      await view();
      expect(permissions.authorize).toHaveBeenCalledTimes(3);
    } finally {
      jest.useRealTimers();
    }
  });

  it('asks again every time it was denied', async () => {
    const { permissions, directory, refresh } = await setUp({
      entities: [component('service-1')],
      result: AuthorizeResult.DENY,
    });
    await refresh();
    for (let i = 0; i < 2; i++) {
      await expect(
        directory.lookup(ref('service-1'), { credentials: ALICE }),
      ).rejects.toThrow(NotFoundError);
    }
    expect(permissions.authorize).toHaveBeenCalledTimes(2);
  });

  it('answers a caller who may not read the entity exactly as if it did not exist', async () => {
    const { catalog, directory, refresh } = await setUp({
      entities: [component('service-1')],
      result: AuthorizeResult.DENY,
    });
    await refresh();

    const lookup = directory.lookup(ref('service-1'), { credentials: ALICE });
    await expect(lookup).rejects.toThrow(NotFoundError);
    await expect(lookup).rejects.toThrow(
      'No entity component:default/service-1 in the catalog',
    );
    expect(catalog.getEntityByRef).not.toHaveBeenCalled();
  });

  it('reports an annotation that names no valid Service, as a direct read would', async () => {
    const { directory, refresh } = await setUp({
      entities: [
        component('broken', { 'service-network.io/service': 'no-slash' }),
      ],
    });
    await refresh();

    await expect(
      directory.lookup(ref('broken'), { credentials: ALICE }),
    ).rejects.toThrow(InputError);
  });

  it('forgets an entity removed from the catalog at the next refresh', async () => {
    const { catalog, directory, refresh } = await setUp({
      entities: [component('service-1')],
    });
    await refresh();
    await directory.lookup(ref('service-1'), { credentials: ALICE });

    await catalog.removeEntityByUid('uid-service-1');
    await refresh();

    await expect(
      directory.lookup(ref('service-1'), { credentials: ALICE }),
    ).rejects.toThrow(NotFoundError);
    expect(catalog.getEntityByRef).toHaveBeenCalledTimes(1);
  });

  it('keeps the last map and warns when a refresh fails', async () => {
    const { catalog, logger, directory, refresh } = await setUp({
      entities: [component('service-1')],
    });
    await refresh();
    (catalog.queryEntities as jest.Mock).mockRejectedValueOnce(
      new Error('connect ECONNREFUSED'),
    );

    await expect(refresh()).resolves.toBeUndefined();

    expect(logger.warn).toHaveBeenCalledWith(
      expect.stringContaining('connect ECONNREFUSED'),
    );
    await expect(
      directory.lookup(ref('service-1'), { credentials: ALICE }),
    ).resolves.toMatchObject({
      entityRef: 'component:default/service-1',
    });
    expect(catalog.getEntityByRef).not.toHaveBeenCalled();
  });
});
