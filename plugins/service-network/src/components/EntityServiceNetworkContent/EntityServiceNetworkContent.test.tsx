import { act, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import {
  degradedCluster,
  entityStatus,
  finding,
  minutesAgo,
  notExportedStatus,
  route,
  serviceImport,
  workloadCluster,
} from '../../__testUtils__/status';
import { fakeApi, renderWithApi, rowWith } from '../../__testUtils__/render';
import { routeRequest } from '../../__testUtils__/requests';
import { EntityServiceNetworkContent } from './EntityServiceNetworkContent';

describe('EntityServiceNetworkContent', () => {
  it('shows one row per workload cluster with its Service, export, target health and events', async () => {
    const status = entityStatus({
      clusters: [
        workloadCluster('workload-1'),
        degradedCluster('workload-2', {
          stale: true,
          sync: {
            state: 'unreachable',
            reason: 'connect ECONNREFUSED',
            lastSuccess: minutesAgo(3),
          },
          events: [
            {
              type: 'Warning',
              reason: 'FailedDeployModel',
              message: 'target group registration throttled',
              count: 3,
              lastSeen: minutesAgo(2),
            },
          ],
        }),
      ],
    });
    await renderWithApi(<EntityServiceNetworkContent />, fakeApi({ status }));

    await screen.findByRole('heading', { name: 'Workload clusters', level: 2 });
    const degraded = rowWith('workload-2');
    expect(degraded.getByText('degraded (last known)')).toBeInTheDocument();
    expect(
      degraded.getByText('1 of 2 targets is unhealthy.'),
    ).toBeInTheDocument();
    expect(degraded.getByText('ClusterIP 172.20.1.10')).toBeInTheDocument();
    expect(degraded.getByText('http 80/TCP → 8080')).toBeInTheDocument();
    expect(
      degraded.getByText('application-networking.k8s.aws'),
    ).toBeInTheDocument();
    expect(degraded.getByText('federation annotation set')).toBeInTheDocument();
    expect(
      degraded.getByText('picked up by the controller'),
    ).toBeInTheDocument();
    expect(
      degraded.getByText('port 80 HTTP/HTTP1: ACTIVE'),
    ).toBeInTheDocument();
    expect(
      degraded.getByText('1 unhealthy (Target.Timeout)'),
    ).toBeInTheDocument();
    expect(degraded.getByText(/^FailedDeployModel ×3/)).toBeInTheDocument();
    expect(
      degraded.getByText('target group registration throttled'),
    ).toBeInTheDocument();
    expect(
      degraded.getByText(/^data unreachable, as of .*\(3 min ago\)$/),
    ).toBeInTheDocument();
    expect(rowWith('workload-1').getByText('2 healthy')).toBeInTheDocument();
    expect(rowWith('workload-1').getByText('data synced')).toBeInTheDocument();
  });

  it('shows each route with its conditions, weights, DNS check and Lattice service', async () => {
    const rejected = route('httproute-1', [
      'service-1-workload-1',
      'service-1-workload-2',
    ]);
    rejected.state = 'not-accepted';
    rejected.parents[0].conditions = [
      {
        type: 'Accepted',
        status: 'False',
        reason: 'NotAllowedByListeners',
        message: 'listener http does not allow this route',
      },
      { type: 'ResolvedRefs', status: 'True', reason: 'ResolvedRefs' },
    ];
    rejected.dns = { state: 'not-assigned' };
    await renderWithApi(
      <EntityServiceNetworkContent />,
      fakeApi({ status: entityStatus({ routes: [rejected] }) }),
    );

    await screen.findByRole('heading', { name: 'Routes', level: 2 });
    const row = rowWith('HTTPRoute in default, cluster config');
    expect(row.getByText('not accepted')).toBeInTheDocument();
    expect(
      row.getByText('Accepted: False (NotAllowedByListeners)'),
    ).toBeInTheDocument();
    expect(
      row.getByText('listener http does not allow this route'),
    ).toBeInTheDocument();
    expect(
      row.getByText('ResolvedRefs: True (ResolvedRefs)'),
    ).toBeInTheDocument();
    expect(row.getByText('listener http (HTTP 80)')).toBeInTheDocument();
    expect(row.getAllByText(/weight 10 \(50%\)/)).toHaveLength(2);
    expect(
      row.getByText(
        'not assigned yet: the controller has not written it on the route',
      ),
    ).toBeInTheDocument();
    expect(row.getByText('httproute-1-default: ACTIVE')).toBeInTheDocument();
  });

  it('names the clusters an unpinned import could reach, where it is ambiguous', async () => {
    const pinned = serviceImport('service-1-workload-1', 'workload-1');
    const unpinned = serviceImport('service-1', 'workload-1', {
      mode: 'name',
      pinnedCluster: undefined,
      resolution: 'ambiguous',
      candidates: [
        ...pinned.candidates,
        ...serviceImport('service-1-workload-2', 'workload-2').candidates,
      ],
      exportingClusters: ['workload-1', 'workload-2'],
    });
    await renderWithApi(
      <EntityServiceNetworkContent />,
      fakeApi({ status: entityStatus({ imports: [pinned, unpinned] }) }),
    );

    await screen.findByRole('heading', { name: 'ServiceImports', level: 2 });
    const ambiguous = rowWith('export service-1 (its own name)');
    expect(ambiguous.getByText('not pinned')).toBeInTheDocument();
    expect(
      ambiguous.getByText(
        'exported from workload-1, workload-2; the controller takes the first match',
      ),
    ).toBeInTheDocument();
    expect(
      rowWith('pinned to cluster workload-1').queryByText(/exported from/),
    ).not.toBeInTheDocument();
  });

  it('lists the findings worst first, with what to do', async () => {
    const status = entityStatus({
      findings: [
        finding('info', 'Import unused'),
        finding('error', 'Target group failed', { cluster: 'workload-2' }),
        finding('warning', 'Data may be out of date'),
      ],
    });
    await renderWithApi(<EntityServiceNetworkContent />, fakeApi({ status }));

    const list = await screen.findByRole('list', { name: 'Findings' });
    expect(
      within(list)
        .getAllByRole('alert')
        .map(alert => alert.getAttribute('aria-label')),
    ).toEqual([
      'error: Target group failed',
      'warning: Data may be out of date',
      'info: Import unused',
    ]);
    expect(
      within(list).getByText('What to do about Target group failed.'),
    ).toBeInTheDocument();
    expect(screen.getByText('1 error, 1 warning, 1 note')).toBeInTheDocument();
  });

  it('says which clusters a finding is about, naming many on hover', async () => {
    const clusters = Array.from({ length: 50 }, (_, i) => `workload-${i + 1}`);
    const status = entityStatus({
      findings: [
        finding('error', 'Target group failed', { cluster: 'workload-2' }),
        finding('info', 'Exported, but no route uses it yet', { clusters }),
      ],
    });
    await renderWithApi(<EntityServiceNetworkContent />, fakeApi({ status }));

    const list = await screen.findByRole('list', { name: 'Findings' });
    expect(within(list).getByText('workload-2')).toBeInTheDocument();
    expect(within(list).getByTitle(clusters.join(', '))).toHaveTextContent(
      '50 clusters',
    );
  });

  it('draws the topology from service network to cluster, with weights on the edges', async () => {
    await renderWithApi(<EntityServiceNetworkContent />, fakeApi());

    const topology = await screen.findByRole('figure', { name: 'Topology' });
    const node = (column: string, name: string | RegExp) =>
      within(within(topology).getByRole('list', { name: column })).getByRole(
        'listitem',
        { name },
      );
    expect(
      node('Service networks', 'gateway-1: programmed'),
    ).toBeInTheDocument();
    expect(
      node('Routes', 'httproute-1: HTTPRoute · accepted'),
    ).toBeInTheDocument();
    expect(
      node('ServiceImports', 'service-1-workload-1: resolved · workload-1'),
    ).toBeInTheDocument();
    expect(
      node('ServiceExports', 'service-1 in workload-2: healthy · 2/2 targets'),
    ).toBeInTheDocument();
    expect(node('Workload clusters', 'workload-1: synced')).toBeInTheDocument();
    expect(within(topology).getAllByText('50% · w10')).toHaveLength(2);
    expect(within(topology).getByText('http:80')).toBeInTheDocument();
  });

  it('says when nothing is exported and what to do, instead of an empty topology', async () => {
    await renderWithApi(
      <EntityServiceNetworkContent />,
      fakeApi({ status: notExportedStatus() }),
    );

    expect(
      await screen.findByRole('heading', {
        name: 'Not exported from any cluster',
      }),
    ).toBeInTheDocument();
    expect(
      screen.getByText(/create a ServiceExport default\/service-1 annotated/),
    ).toBeInTheDocument();
    expect(
      screen.queryByRole('figure', { name: 'Topology' }),
    ).not.toBeInTheDocument();
    expect(
      screen.queryByText('Use Export on this page.'),
    ).not.toBeInTheDocument();
    expect(
      screen.getByRole('heading', { name: 'Workload clusters', level: 2 }),
    ).toBeInTheDocument();
  });

  it('warns when a cluster is unreachable and the page shows its last known data', async () => {
    const status = entityStatus({
      lattice: {
        sync: {
          state: 'stale',
          reason: 'ThrottlingException',
          lastSuccess: minutesAgo(3),
        },
      },
    });
    await renderWithApi(<EntityServiceNetworkContent />, fakeApi({ status }));

    expect(
      await screen.findByText('Some data is not current'),
    ).toBeInTheDocument();
    expect(
      screen.getByText(
        /^VPC Lattice stale since .* \(ThrottlingException\): showing the last known data\.$/,
      ),
    ).toBeInTheDocument();
  });

  it('asks the backend again when the refresh button is pressed', async () => {
    const api = fakeApi();
    await renderWithApi(<EntityServiceNetworkContent />, api);
    await screen.findByRole('figure', { name: 'Topology' });
    expect(api.getEntityStatus).toHaveBeenCalledTimes(1);

    await userEvent.click(screen.getByRole('button', { name: 'Refresh' }));

    expect(api.getEntityStatus).toHaveBeenCalledTimes(2);
    expect(api.getEntityStatus).toHaveBeenLastCalledWith({
      kind: 'Component',
      namespace: 'default',
      name: 'service-1',
    });
  });

  it('keeps the last data and says so when a refresh fails', async () => {
    const api = fakeApi();
    await renderWithApi(<EntityServiceNetworkContent />, api);
    await screen.findByRole('figure', { name: 'Topology' });
    api.getEntityStatus.mockRejectedValueOnce(new Error('Failed to fetch'));

    await userEvent.click(screen.getByRole('button', { name: 'Refresh' }));

    expect(
      await screen.findByText(
        /Could not refresh \(Failed to fetch\): showing the data from/,
      ),
    ).toBeInTheDocument();
    expect(
      screen.getByRole('figure', { name: 'Topology' }),
    ).toBeInTheDocument();
  });

  it("lists the Service's route requests with their state and, once applied, the live route's DNS name", async () => {
    const dnsName =
      'service-1-default-0a1b2c3d4e.7d67968.vpc-lattice-svcs.us-west-2.on.aws';
    const api = fakeApi({
      requests: [
        routeRequest({ state: 'pending' }),
        routeRequest({
          id: '22222222-2222-4222-8222-222222222222',
          state: 'applied',
          route: {
            kind: 'HTTPRoute',
            namespace: 'default',
            name: 'httproute-1',
          },
          dnsName,
        }),
      ],
    });
    await renderWithApi(<EntityServiceNetworkContent />, api);

    await screen.findByText('HTTPRoute default/service-1');
    const table = screen
      .getByText('Route requests')
      .closest<HTMLElement>('.MuiPaper-root')!;
    const rowOf = (label: string) =>
      within(
        within(table)
          .getAllByRole('row')
          .find(row => within(row).queryByText(label))!,
      );
    const pendingRow = rowOf('HTTPRoute default/service-1');
    expect(pendingRow.getByText('pending')).toBeInTheDocument();
    expect(pendingRow.getByText('once applied')).toBeInTheDocument();
    expect(
      pendingRow.getByRole('button', { name: 'Cancel request' }),
    ).toBeInTheDocument();
    const appliedRow = rowOf('HTTPRoute default/httproute-1');
    expect(appliedRow.getByText('applied')).toBeInTheDocument();
    expect(appliedRow.getByText(dnsName)).toBeInTheDocument();
    expect(appliedRow.getByText('route accepted')).toBeInTheDocument();
    expect(api.listRouteRequests).toHaveBeenCalledWith({
      entityRef: 'component:default/service-1',
    });
  });

  describe('polling', () => {
    beforeEach(() => jest.useFakeTimers());
    afterEach(() => {
      jest.useRealTimers();
      Object.defineProperty(document, 'visibilityState', {
        value: 'visible',
        configurable: true,
      });
    });

    async function advance(ms: number) {
      await act(async () => {
        jest.advanceTimersByTime(ms);
      });
    }

    it('asks the backend again every 10 s while the page is visible', async () => {
      const api = fakeApi();
      await renderWithApi(<EntityServiceNetworkContent />, api);
      expect(api.getEntityStatus).toHaveBeenCalledTimes(1);

      await advance(9_000);
      expect(api.getEntityStatus).toHaveBeenCalledTimes(1);
      await advance(1_000);
      expect(api.getEntityStatus).toHaveBeenCalledTimes(2);
      await advance(10_000);
      await advance(10_000);
      expect(api.getEntityStatus).toHaveBeenCalledTimes(4);
      expect(screen.getByText('Updated 0 s ago')).toBeInTheDocument();
    });

    it('asks for the route requests every 2 s while one is being applied', async () => {
      const api = fakeApi({ requests: [routeRequest({ state: 'applying' })] });
      await renderWithApi(<EntityServiceNetworkContent />, api);
      await act(async () => {});
      expect(api.listRouteRequests).toHaveBeenCalledTimes(1);

      await advance(2_000);
      expect(api.listRouteRequests).toHaveBeenCalledTimes(2);

      api.listRouteRequests.mockResolvedValue([
        routeRequest({ state: 'applied', dnsName: 'x.on.aws' }),
      ]);
      await advance(2_000);
      await advance(2_000);
      expect(api.listRouteRequests).toHaveBeenCalledTimes(3);
    });

    it('does not poll while the page is hidden, and catches up when it is shown', async () => {
      const api = fakeApi();
      await renderWithApi(<EntityServiceNetworkContent />, api);
      Object.defineProperty(document, 'visibilityState', {
        value: 'hidden',
        configurable: true,
      });

      await advance(60_000);
      expect(api.getEntityStatus).toHaveBeenCalledTimes(1);

      Object.defineProperty(document, 'visibilityState', {
        value: 'visible',
        configurable: true,
      });
      await act(async () => {
        document.dispatchEvent(new Event('visibilitychange'));
      });
      expect(api.getEntityStatus).toHaveBeenCalledTimes(2);
    });
  });
});
