import type { CoreV1Api, V1Service } from '@kubernetes/client-node';
import { SERVICE_RESOURCE } from './builtins';
import { startTestCluster, TestCluster } from './__testUtils__/testCluster';
import type { KubeObject } from './types';

function service(name: string): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name, namespace: 'default' },
    spec: { ports: [{ port: 80 }] },
  };
}

/** Resolves once `check` holds, polling the event loop (watch events arrive asynchronously). */
async function eventually(check: () => boolean, what: string): Promise<void> {
  for (let attempt = 0; attempt < 200; attempt += 1) {
    if (check()) return;
    await new Promise(resolve => setTimeout(resolve, 10));
  }
  throw new Error(`timed out waiting until ${what}`);
}

interface WatchEnd {
  ended: boolean;
  error?: unknown;
}

interface Seen {
  type: string;
  name?: string;
  code?: number;
  reason?: string;
}

describe('watches on the simulated API server', () => {
  let cluster: TestCluster;
  let core: CoreV1Api;
  const aborts: AbortController[] = [];

  async function watchServices(
    query: Record<string, string | number | boolean>,
    seen: Seen[],
    done: WatchEnd,
  ) {
    const watch = new cluster.client.Watch(cluster.kubeConfig());
    const controller = await watch.watch(
      '/api/v1/namespaces/default/services',
      query,
      (type, object) =>
        seen.push({
          type,
          name: object?.metadata?.name,
          code: object?.code,
          reason: object?.reason,
        }),
      error => {
        done.ended = true;
        done.error = error;
      },
    );
    aborts.push(controller);
  }

  beforeEach(async () => {
    cluster = await startTestCluster({
      historyLimit: 20,
      bookmarkIntervalMs: 50,
    });
    core = cluster.kubeConfig().makeApiClient(cluster.client.CoreV1Api);
  });

  afterEach(async () => {
    aborts.splice(0).forEach(controller => controller.abort());
    await cluster.server.close();
  });

  it('streams current objects, then changes, with bookmarks when allowed', async () => {
    const { store } = cluster.server;
    store.create(SERVICE_RESOURCE, service('existing'));
    const seen: Seen[] = [];
    await watchServices({ allowWatchBookmarks: true }, seen, { ended: false });
    await eventually(() => seen.length > 0, 'the initial ADDED arrives');

    store.create(SERVICE_RESOURCE, service('web'));
    store.mergePatch(SERVICE_RESOURCE, 'default', 'web', {
      metadata: { labels: { a: 'b' } },
    });
    store.delete(SERVICE_RESOURCE, 'default', 'web');
    await eventually(
      () => seen.some(event => event.type === 'DELETED'),
      'the deletion arrives',
    );
    await eventually(
      () => seen.some(event => event.type === 'BOOKMARK'),
      'a bookmark arrives',
    );

    expect(seen.filter(event => event.type !== 'BOOKMARK')).toEqual([
      { type: 'ADDED', name: 'existing' },
      { type: 'ADDED', name: 'web' },
      { type: 'MODIFIED', name: 'web' },
      { type: 'DELETED', name: 'web' },
    ]);
  });

  it('replays from a resourceVersion and reports a compacted one as 410 Expired', async () => {
    const { store } = cluster.server;
    const from = store.currentResourceVersion();
    store.create(SERVICE_RESOURCE, service('after'));
    const replayed: Seen[] = [];
    await watchServices({ resourceVersion: from }, replayed, { ended: false });
    await eventually(() => replayed.length === 1, 'the replayed event arrives');
    expect(replayed).toEqual([{ type: 'ADDED', name: 'after' }]);

    for (let index = 0; index < 25; index += 1)
      store.create(SERVICE_RESOURCE, service(`filler-${index}`));
    const expired: Seen[] = [];
    const done: WatchEnd = { ended: false };
    await watchServices({ resourceVersion: from }, expired, done);
    await eventually(() => done.ended, 'the expired watch ends');
    expect(expired).toEqual([
      { type: 'ERROR', code: 410, reason: 'Expired', name: undefined },
    ]);
  });

  it('keeps an informer in sync across a dropped watch and a 410 Gone by relisting', async () => {
    const { store, faults, requests } = cluster.server;
    store.create(SERVICE_RESOURCE, service('first'));
    const informer = cluster.client.makeInformer<V1Service>(
      cluster.kubeConfig(),
      '/api/v1/namespaces/default/services',
      () => core.listNamespacedService({ namespace: 'default' }),
    );
    const errors: unknown[] = [];
    informer.on('error', error => errors.push(error));
    await informer.start();
    await eventually(
      () => faults.snapshot().openWatches === 1,
      'the informer watches',
    );
    expect(informer.list().map(item => item.metadata?.name)).toEqual(['first']);

    // Cut the watch and outrun the history before the informer resumes from its resourceVersion.
    faults.dropWatches();
    store.delete(SERVICE_RESOURCE, 'default', 'first');
    for (let index = 0; index < 30; index += 1)
      store.create(SERVICE_RESOURCE, service(`svc-${index}`));

    await eventually(
      () => informer.list().length === 30 && !informer.get('first', 'default'),
      'the informer relists',
    );
    expect(requests.count('list', 'services')).toBe(2);
    expect(errors).toEqual([]);
    await informer.stop();
  });

  it('answers each watch resumed after an expiry with 410 Gone, once', async () => {
    const { store, faults } = cluster.server;
    const from = store.create(SERVICE_RESOURCE, service('kept')).metadata.resourceVersion!;
    const cut: WatchEnd = { ended: false };
    await watchServices({ resourceVersion: from }, [], cut);
    await eventually(() => faults.snapshot().openWatches === 1, 'the watch is open');

    expect(faults.expireWatches()).toBe(1);
    await eventually(() => cut.ended, 'the watch is cut');
    const resumed: Seen[] = [];
    const resumedEnd: WatchEnd = { ended: false };
    await watchServices({ resourceVersion: from }, resumed, resumedEnd);
    await eventually(() => resumedEnd.ended, 'the resumed watch ends');
    expect(resumed).toEqual([{ type: 'ERROR', code: 410, reason: 'Expired', name: undefined }]);

    const again: Seen[] = [];
    await watchServices({ resourceVersion: from }, again, { ended: false });
    store.create(SERVICE_RESOURCE, service('after'));
    await eventually(() => again.length === 1, 'the next watch sees the new Service');
    expect(again).toEqual([{ type: 'ADDED', name: 'after', code: undefined, reason: undefined }]);
  });

  it('follows a label selector: objects that start or stop matching are ADDED or DELETED', async () => {
    const { store } = cluster.server;
    const seen: Seen[] = [];
    await watchServices({ labelSelector: 'app=web' }, seen, { ended: false });
    store.create(SERVICE_RESOURCE, service('svc'));
    store.mergePatch(SERVICE_RESOURCE, 'default', 'svc', {
      metadata: { labels: { app: 'web' } },
    });
    store.mergePatch(SERVICE_RESOURCE, 'default', 'svc', {
      metadata: { labels: { app: 'web', tier: 'a' } },
    });
    store.mergePatch(SERVICE_RESOURCE, 'default', 'svc', {
      metadata: { labels: { app: 'db' } },
    });
    await eventually(() => seen.length === 3, 'three events arrive');
    expect(seen.map(event => event.type)).toEqual([
      'ADDED',
      'MODIFIED',
      'DELETED',
    ]);
  });

  it('ends every open watch when faults drop them', async () => {
    const first: WatchEnd = { ended: false };
    const second: WatchEnd = { ended: false };
    await watchServices({}, [], first);
    await watchServices({ labelSelector: 'app=web' }, [], second);
    await eventually(
      () => cluster.server.faults.snapshot().openWatches === 2,
      'both watches are open',
    );

    expect(cluster.server.faults.dropWatches()).toBe(2);
    await eventually(() => first.ended && second.ended, 'both watches end');
    expect(first.error).toBeNull();
  });

  it('ends a watch after timeoutSeconds', async () => {
    const done: WatchEnd = { ended: false };
    await watchServices({ timeoutSeconds: 1 }, [], done);
    await eventually(() => done.ended, 'the watch times out');
    expect(done.error).toBeNull();
  });

  it('resets connections while unreachable and serves again afterwards', async () => {
    const { faults } = cluster.server;
    const watchEnded: WatchEnd = { ended: false };
    await watchServices({}, [], watchEnded);
    await eventually(
      () => faults.snapshot().openWatches === 1,
      'the watch is open',
    );

    faults.unreachable = true;
    await eventually(() => watchEnded.ended, 'the open watch is cut');
    await expect(
      core.listNamespacedService({ namespace: 'default' }),
    ).rejects.toThrow(/ECONNRESET|socket hang up|ECONNREFUSED/);

    faults.unreachable = false;
    const list = await core.listNamespacedService({ namespace: 'default' });
    expect(list.items).toEqual([]);
  });

  it('answers injected errors with 500 or 503 until reset', async () => {
    const { faults } = cluster.server;
    faults.errorRate = 1;
    const failure = await core
      .listNamespacedService({ namespace: 'default' })
      .catch(error => error);
    expect([500, 503]).toContain(failure.code);
    faults.reset();
    await expect(
      core.listNamespacedService({ namespace: 'default' }),
    ).resolves.toBeDefined();
  });
});
