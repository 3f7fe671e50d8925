import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import {
  fleetCluster,
  fleetGateway,
  fleetOverview,
  fleetServiceNetwork,
  minutesAgo,
} from '../../__testUtils__/status';
import { fakeApi, renderWithApi, rowWith } from '../../__testUtils__/render';
import { ServiceNetworkFleetPage } from './ServiceNetworkFleetPage';

describe('ServiceNetworkFleetPage', () => {
  it('shows every cluster with its role, sync per source and counts, and the totals', async () => {
    const fleet = fleetOverview();
    fleet.clusters[2] = fleetCluster('workload-2', {
      sync: {
        state: 'unreachable',
        reason: 'connect ECONNREFUSED',
        lastSuccess: minutesAgo(5),
      },
      sources: [
        {
          source: 'services',
          state: 'unreachable',
          reason: 'connect ECONNREFUSED',
          lastSuccess: minutesAgo(5),
        },
      ],
    });
    await renderWithApi(<ServiceNetworkFleetPage />, fakeApi({ fleet }));

    await screen.findByRole('heading', { name: 'Clusters', level: 2 });
    const config = rowWith('config');
    expect(
      config.getByText('config cluster: Gateways, routes, ServiceImports'),
    ).toBeInTheDocument();
    expect(
      config.getByText(/^gateways, httproutes, serviceimports: synced/),
    ).toBeInTheDocument();
    expect(config.getByText('6')).toBeInTheDocument();
    expect(config.getByText('2 accepted')).toBeInTheDocument();
    expect(config.getByText('1 not accepted')).toBeInTheDocument();

    const workload1 = rowWith('workload-1');
    expect(
      workload1.getByText('workload cluster, exports with the AWS controller'),
    ).toBeInTheDocument();
    expect(workload1.getByText('3 federated')).toBeInTheDocument();
    expect(
      workload1.getByText('1 ignored (no federation annotation)'),
    ).toBeInTheDocument();

    const workload2 = rowWith('workload-2');
    expect(
      workload2.getByText(
        /^services: unreachable \(connect ECONNREFUSED\) · last success .*\(5 min ago\)$/,
      ),
    ).toBeInTheDocument();
    expect(
      screen.getByText(
        /^workload-2 unreachable since .*: showing the last known data\.$/,
      ),
    ).toBeInTheDocument();

    expect(
      screen.getByText('7 federated, 1 ignored, 0 MCS'),
    ).toBeInTheDocument();
    expect(
      screen.getByText('2 accepted, 1 not accepted, 0 pending'),
    ).toBeInTheDocument();
  });

  it('shows each service network with its Gateways, Programmed state and VPC associations', async () => {
    const fleet = fleetOverview({
      serviceNetworks: [
        fleetServiceNetwork('gateway-1', { vpcCount: 2, serviceCount: 5 }),
        fleetServiceNetwork('gateway-2', {
          inLattice: false,
          gateways: [
            fleetGateway('gateway-2', {
              programmed: 'False',
              reason: 'Invalid',
              message: 'service network gateway-2 not found',
              listeners: [],
            }),
          ],
        }),
      ],
    });
    await renderWithApi(<ServiceNetworkFleetPage />, fakeApi({ fleet }));

    await screen.findByRole('heading', { name: 'Service networks', level: 2 });
    const healthy = rowWith('gateway-1');
    expect(
      healthy.getByText(
        'config: default/gateway-1 Programmed True (Programmed)',
      ),
    ).toBeInTheDocument();
    expect(
      healthy.getByText(
        'listeners http (HTTP 80), https (HTTPS 443), tls (TLS 8443, passthrough)',
      ),
    ).toBeInTheDocument();
    expect(healthy.getByText('2')).toBeInTheDocument();
    expect(healthy.getByText('5')).toBeInTheDocument();
    const broken = rowWith('gateway-2');
    expect(broken.getByText(/^not in Lattice/)).toBeInTheDocument();
    expect(
      broken.getByText('config: default/gateway-2 Programmed False (Invalid)'),
    ).toBeInTheDocument();
    expect(
      broken.getByText('service network gateway-2 not found'),
    ).toBeInTheDocument();
    expect(
      broken.getByText('no listeners: routes cannot attach'),
    ).toBeInTheDocument();
  });

  it('asks the backend again on refresh', async () => {
    const api = fakeApi();
    await renderWithApi(<ServiceNetworkFleetPage />, api);
    await screen.findByRole('heading', { name: 'Clusters', level: 2 });

    await userEvent.click(screen.getByRole('button', { name: 'Refresh' }));

    expect(api.getFleetOverview).toHaveBeenCalledTimes(2);
  });

  it('shows the error when the backend fails', async () => {
    const api = fakeApi();
    api.getFleetOverview.mockRejectedValue(new Error('Service Unavailable'));
    await renderWithApi(<ServiceNetworkFleetPage />, api);

    expect(
      await screen.findByText(/Could not load the fleet overview/),
    ).toBeInTheDocument();
  });
});
