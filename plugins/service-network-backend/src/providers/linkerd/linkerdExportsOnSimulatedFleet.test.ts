/*
 * The Linkerd provider's export through the plugin's REST API, against the
 * demo fleet with the simulated service mirror (and Cilium's mesh beside
 * it) running, written with the real clients and the backend's own RBAC.
 */
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { seedDemoFleet, startFleet } from '@service-network/simulated-fleet';
import type { EntityServiceNetworkStatus } from '@service-network/backstage-plugin-service-network-common';
import { entityRest, outcomes } from '../../__testUtils__/entityRest';
import {
  componentEntity,
  eventually,
  Fleet,
  rawConfigFor,
} from '../../inventory/__testUtils__/fleet';
import { serviceNetworkPlugin } from '../../plugin';

const ALICE = mockCredentials.user.header('user:default/alice');
const SERVICES = { group: '', plural: 'services' };
const EXPORTED = 'mirror.linkerd.io/exported';
const GLOBAL = 'service.cilium.io/global';
const PROVIDERS = ['linkerd', 'cilium-clustermesh'];

describe('Linkerd exports on the simulated fleet', () => {
  let fleet: Fleet;
  let server: Awaited<ReturnType<typeof startTestBackend>>['server'];

  const { post, status } = entityRest(() => server, ALICE);
  const stored = (cluster: string, name: string) =>
    fleet.cluster(cluster).store.get(SERVICES, 'default', name);
  const linkerdOf = (current: EntityServiceNetworkStatus, cluster: number) =>
    current.clusters[cluster].providers.find(p => p.provider === 'linkerd');

  beforeAll(async () => {
    fleet = await startFleet({
      reconcileDelayMs: 0,
      linkerdMulticluster: true,
      ciliumMesh: true,
    });
    seedDemoFleet(fleet);
    await fleet.idle();
    ({ server } = await startTestBackend({
      features: [
        serviceNetworkPlugin,
        catalogServiceMock.factory({
          entities: ['checkout', 'wallet', 'comments'].map(componentEntity),
        }),
        mockServices.rootConfig.factory({
          data: rawConfigFor(fleet, {
            providers: { 'workload-1': PROVIDERS, 'workload-2': PROVIDERS },
            settings: { refresh: { latticeIntervalSeconds: 1 } },
          }),
        }),
      ],
    }));
    await eventually('every cluster in sync', async () => {
      const current = await status('checkout');
      return (
        current.clusters?.length === 2 &&
        current.clusters.every(c => c.sync.state === 'synced')
      );
    });
  });

  afterAll(async () => {
    await fleet.close();
  });

  it("shows the seeded export mirrored in the other cluster, by the mirror's name", async () => {
    const current = await eventually('the mirrors to be read', async () => {
      const read = await status('checkout');
      return read.clusters.every(
        c => linkerdOf(read, read.clusters.indexOf(c))?.state === 'healthy',
      )
        ? read
        : undefined;
    });
    expect(linkerdOf(current, 0)).toMatchObject({
      exported: true,
      callName: 'checkout-workload-1.default.svc.cluster.local',
      servedFrom: ['workload-1', 'workload-2'],
    });
    expect(current.clusters[0].linkerd?.mirroredIn).toEqual([
      {
        cluster: 'workload-2',
        link: 'workload-1',
        gateway: '172.20.1.250:4143',
        mirror: 'checkout-workload-1',
        gatewayEndpoints: { ready: 1, total: 1 },
      },
    ]);

    const comments = await status('comments');
    expect(
      comments.findings.find(f => f.id === 'linkerd-no-service-here')?.detail,
    ).toContain('pods here call it as comments-workload-1');
  });

  it('exports by the label alone under its own field manager, goes live, and leaves a Cilium annotation of ours alone', async () => {
    const cilium = await post('wallet', 'export', {
      provider: 'cilium-clustermesh',
      clusters: ['workload-2'],
    });
    expect(outcomes(cilium.body)).toEqual([['workload-2', 'applied']]);
    const before = stored('workload-2', 'wallet');
    const expected = {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: {
        name: 'wallet',
        namespace: 'default',
        labels: { [EXPORTED]: 'true' },
      },
    };

    const dryRun = await post('wallet', 'export', {
      provider: 'linkerd',
      clusters: ['workload-2'],
      dryRun: true,
    });
    expect(dryRun.body.results).toEqual([
      { cluster: 'workload-2', outcome: 'planned', object: expected },
    ]);

    const exported = await post('wallet', 'export', {
      provider: 'linkerd',
      clusters: ['workload-2'],
    });
    expect(outcomes(exported.body)).toEqual([['workload-2', 'applied']]);
    const after = stored('workload-2', 'wallet')!;
    expect(after.metadata.labels).toEqual({
      ...before?.metadata.labels,
      [EXPORTED]: 'true',
    });
    expect(after.metadata.annotations?.[GLOBAL]).toBe('true');
    expect(after.spec).toEqual(before?.spec);
    const ours = after.metadata.managedFields?.find(
      f => f.manager === 'backstage-service-network-linkerd',
    );
    expect(JSON.stringify(ours?.fieldsV1)).toBe(
      JSON.stringify({
        'f:metadata': { 'f:labels': { [`f:${EXPORTED}`]: {} } },
      }),
    );

    const live = await eventually(
      'the service mirror to mirror it',
      async () => {
        const current = await status('wallet');
        return linkerdOf(current, 1)?.state === 'healthy' ? current : undefined;
      },
    );
    expect(live.clusters[1].linkerd?.mirroredIn[0].mirror).toBe(
      'wallet-workload-2',
    );
    expect(
      live.findings.find(f => f.id === 'linkerd-label-missing'),
    ).toBeUndefined();
  });

  it('stops exporting by giving up only our label: the mirror goes, the Cilium annotation and the seed labels stay', async () => {
    const unexported = await post('wallet', 'unexport', {
      provider: 'linkerd',
      clusters: ['workload-2'],
    });
    expect(outcomes(unexported.body)).toEqual([['workload-2', 'deleted']]);
    const after = stored('workload-2', 'wallet')!;
    expect(after.metadata.labels?.[EXPORTED]).toBeUndefined();
    expect(after.metadata.labels?.app).toBe('wallet');
    expect(after.metadata.annotations?.[GLOBAL]).toBe('true');
    await fleet.idle();
    expect(stored('workload-1', 'wallet-workload-2')).toBeUndefined();

    const again = await post('wallet', 'unexport', {
      provider: 'linkerd',
      clusters: ['workload-2'],
    });
    expect(outcomes(again.body)).toEqual([['workload-2', 'absent']]);
  });

  it('leaves a label someone else set: stopping answers absent and the export stays', async () => {
    const unexported = await post('checkout', 'unexport', {
      provider: 'linkerd',
      clusters: ['workload-1'],
    });
    expect(outcomes(unexported.body)).toEqual([['workload-1', 'absent']]);
    expect(stored('workload-1', 'checkout')?.metadata.labels?.[EXPORTED]).toBe(
      'true',
    );
  });
});
