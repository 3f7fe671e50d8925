import { screen, waitFor, within } from '@testing-library/react';
import {
  exportResponse,
  serviceExportObject,
} from '../../__testUtils__/requests';
import {
  expectNoButtons,
  fakeApi,
  renderWithApi,
  responseError,
  user,
} from '../../__testUtils__/render';
import {
  entityStatus,
  notExportedCluster,
  notExportedStatus,
  targetGroup,
  workloadCluster,
} from '../../__testUtils__/status';
import { EntityServiceNetworkCard } from '../EntityServiceNetworkCard';

const noExport = (name: string) => name !== 'service-network.service.export';

function dialog() {
  return within(screen.getByRole('dialog'));
}

async function openExportDialog() {
  await user.click(
    await screen.findByRole('button', { name: 'Export service' }),
  );
  return dialog();
}

function step(cluster: string, label: string) {
  return within(
    screen.getByRole('list', { name: `Progress in ${cluster}` }),
  ).getByRole('listitem', { name: new RegExp(`^${label}: `) });
}

describe('the export actions', () => {
  it('offers Export service and Stop exporting only to those allowed to export the entity', async () => {
    const allowed = fakeApi();
    const { unmount } = await renderWithApi(
      <EntityServiceNetworkCard />,
      allowed,
    );
    expect(
      await screen.findByRole('button', { name: 'Export service' }),
    ).toBeInTheDocument();
    expect(
      screen.getByRole('button', { name: 'Stop exporting' }),
    ).toBeInTheDocument();
    unmount();

    await renderWithApi(<EntityServiceNetworkCard />, fakeApi(), {
      allow: noExport,
    });
    await screen.findByText('Healthy');
    expect(
      screen.getByRole('button', { name: 'Request route' }),
    ).toBeInTheDocument();
    expectNoButtons(screen, ['Export service', 'Stop exporting']);
  });

  it('previews the dry run as YAML and exports to the chosen clusters with the chosen ports', async () => {
    const api = fakeApi({ status: notExportedStatus() });
    await renderWithApi(<EntityServiceNetworkCard />, api);

    const form = await openExportDialog();
    expect(
      form.getByRole('heading', { name: 'Objects to apply' }),
    ).toBeInTheDocument();
    expect(
      await form.findAllByLabelText('ServiceExport default/service-1'),
    ).toHaveLength(2);
    expect(form.getAllByText(/federation: amazon-vpc-lattice/)).toHaveLength(2);

    await user.click(form.getByRole('checkbox', { name: /workload-2/ }));
    await user.click(
      form.getByRole('button', { name: /Route type of port 80/ }),
    );
    await user.click(screen.getByRole('option', { name: 'gRPC' }));
    await waitFor(() =>
      expect(api.exportService).toHaveBeenLastCalledWith(expect.anything(), {
        clusters: ['workload-1'],
        ports: [{ port: 80, routeType: 'GRPC' }],
        dryRun: true,
      }),
    );
    expect(await form.findByText(/routeType: GRPC/)).toBeInTheDocument();

    await user.click(form.getByRole('button', { name: 'Export' }));

    expect(api.exportService).toHaveBeenLastCalledWith(
      { kind: 'Component', namespace: 'default', name: 'service-1' },
      { clusters: ['workload-1'], ports: [{ port: 80, routeType: 'GRPC' }] },
    );
    await waitFor(() =>
      expect(screen.queryByRole('dialog')).not.toBeInTheDocument(),
    );
    expect(
      screen.getByRole('region', { name: 'Exporting' }),
    ).toBeInTheDocument();
  });

  it('shows the steps advance as the status moves on, until the targets are healthy', async () => {
    const pending = workloadCluster('workload-1', {
      state: 'pending',
      stateReason: 'Waiting for the controller.',
      export: { ...workloadCluster('workload-1').export!, pickedUp: false },
      targetGroups: [],
    });
    const api = fakeApi({
      status: entityStatus({
        overall: 'not-exported',
        clusters: [notExportedCluster('workload-1')],
      }),
    });
    await renderWithApi(<EntityServiceNetworkCard />, api);
    const form = await openExportDialog();
    api.getEntityStatus.mockResolvedValue(
      entityStatus({ overall: 'pending', clusters: [pending] }),
    );
    await user.click(form.getByRole('button', { name: 'Export' }));

    await waitFor(() =>
      expect(
        step('workload-1', 'Picked up by the controller'),
      ).toHaveAccessibleName('Picked up by the controller: in progress'),
    );
    expect(step('workload-1', 'Applied')).toHaveAccessibleName('Applied: done');
    expect(
      screen.getByText(/usually takes a few seconds to a minute/),
    ).toBeInTheDocument();

    api.getEntityStatus.mockResolvedValue(
      entityStatus({
        overall: 'pending',
        clusters: [
          workloadCluster('workload-1', {
            state: 'pending',
            stateReason: 'Targets are in their first health checks.',
            targetGroups: [
              targetGroup('workload-1', {
                targets: {
                  listed: true,
                  total: 2,
                  byStatus: { INITIAL: 2 },
                  reasons: [],
                  notHealthy: [],
                },
              }),
            ],
          }),
        ],
      }),
    );
    await user.click(screen.getByRole('button', { name: 'Refresh' }));
    await waitFor(() =>
      expect(step('workload-1', 'Targets healthy')).toHaveAccessibleName(
        'Targets healthy: in progress',
      ),
    );
    expect(step('workload-1', 'Target groups active')).toHaveAccessibleName(
      'Target groups active: done',
    );

    api.getEntityStatus.mockResolvedValue(
      entityStatus({ clusters: [workloadCluster('workload-1')] }),
    );
    await user.click(screen.getByRole('button', { name: 'Refresh' }));
    expect(
      await screen.findByRole('region', { name: 'Exported' }),
    ).toBeInTheDocument();
    expect(step('workload-1', 'Targets healthy')).toHaveAccessibleName(
      'Targets healthy: done',
    );
  });

  it('shows the outcome per cluster when some cluster failed, and retries only that one', async () => {
    const api = fakeApi({ status: notExportedStatus() });
    api.exportService.mockImplementation(async (_ref, request) =>
      request.dryRun
        ? exportResponse(
            (request.clusters ?? []).map(cluster => ({
              cluster,
              outcome: 'planned',
              object: serviceExportObject(),
            })),
            { dryRun: true },
          )
        : exportResponse(
            (request.clusters ?? []).map(cluster =>
              cluster === 'workload-2'
                ? {
                    cluster,
                    outcome: 'failed',
                    error: 'connect ECONNREFUSED 127.0.0.1:6445',
                  }
                : { cluster, outcome: 'applied' },
            ),
          ),
    );
    await renderWithApi(<EntityServiceNetworkCard />, api);
    const form = await openExportDialog();
    await form.findAllByText(/federation: amazon-vpc-lattice/);
    await user.click(form.getByRole('button', { name: 'Export' }));

    const panel = await screen.findByRole('region', {
      name: 'The export did not finish everywhere',
    });
    expect(step('workload-2', 'Applied')).toHaveAccessibleName(
      'Applied: failed',
    );
    expect(
      within(panel).getByText('connect ECONNREFUSED 127.0.0.1:6445'),
    ).toBeInTheDocument();
    expect(step('workload-1', 'Applied')).toHaveAccessibleName('Applied: done');

    api.exportService.mockClear();
    await user.click(within(panel).getByRole('button', { name: 'Retry' }));

    expect(api.exportService).toHaveBeenCalledWith(expect.anything(), {
      clusters: ['workload-2'],
      ports: [{ port: 80, routeType: 'HTTP' }],
    });
  });

  it('asks which clusters to stop exporting from, and what breaks, before deleting', async () => {
    const api = fakeApi();
    await renderWithApi(<EntityServiceNetworkCard />, api);

    await user.click(
      await screen.findByRole('button', { name: 'Stop exporting' }),
    );
    const confirm = dialog();
    expect(
      confirm.getByText(
        /HTTPRoute default\/httproute-1 reaches workload-1 through ServiceImport default\/service-1-workload-1/,
      ),
    ).toBeInTheDocument();
    expect(api.unexportService).not.toHaveBeenCalled();

    await user.click(confirm.getByRole('checkbox', { name: /workload-1/ }));
    await user.click(
      confirm.getByRole('button', { name: 'Stop exporting from 1 cluster' }),
    );

    expect(api.unexportService).toHaveBeenCalledWith(expect.anything(), {
      clusters: ['workload-2'],
    });
    expect(
      await screen.findByRole('region', { name: 'Stopping the export' }),
    ).toBeInTheDocument();
  });

  it('keeps the dialog open with the reason when the backend refuses the export', async () => {
    const api = fakeApi({ status: notExportedStatus() });
    await renderWithApi(<EntityServiceNetworkCard />, api);
    const form = await openExportDialog();
    api.exportService.mockRejectedValue(
      await responseError(
        409,
        'default/service-1 does not exist in workload-2',
      ),
    );

    await user.click(form.getByRole('button', { name: 'Export' }));

    expect(
      await form.findByText('default/service-1 does not exist in workload-2'),
    ).toBeInTheDocument();
  });
});
