import { screen } from '@testing-library/react';
import {
  degradedCluster,
  entityStatus,
  minutesAgo,
  notExportedStatus,
  workloadCluster,
} from '../../__testUtils__/status';
import { fakeApi, renderWithApi } from '../../__testUtils__/render';
import { EntityServiceNetworkCard } from './EntityServiceNetworkCard';

describe('EntityServiceNetworkCard', () => {
  it('shows the DNS names with a copy button, the overall state and one chip per cluster', async () => {
    const status = entityStatus({
      clusters: [workloadCluster('workload-1'), degradedCluster('workload-2')],
      overall: 'degraded',
      summary: 'Exported, with problems in workload-2 (degraded).',
    });
    const dnsName = status.routes[0].dns.assigned!;
    await renderWithApi(<EntityServiceNetworkCard />, fakeApi({ status }));

    expect(await screen.findByText(dnsName)).toBeInTheDocument();
    expect(
      screen.getByRole('button', { name: `Copy ${dnsName}` }),
    ).toBeInTheDocument();
    expect(
      screen.getByText('HTTPRoute default/httproute-1: matches Lattice'),
    ).toBeInTheDocument();
    expect(screen.getByText('Degraded')).toBeInTheDocument();
    expect(
      screen.getByRole('listitem', {
        name: 'workload-1: healthy: All 2 targets are healthy.',
      }),
    ).toBeInTheDocument();
    expect(
      screen.getByRole('listitem', {
        name: 'workload-2: degraded: 1 of 2 targets is unhealthy.',
      }),
    ).toBeInTheDocument();
  });

  it('says when nothing is exported, and how to export', async () => {
    await renderWithApi(
      <EntityServiceNetworkCard />,
      fakeApi({ status: notExportedStatus() }),
    );

    expect(
      await screen.findByText('Not exported from any cluster'),
    ).toBeInTheDocument();
    expect(
      screen.getByText(
        /runs in workload-1, workload-2, but no cluster exports it/,
      ),
    ).toHaveTextContent(
      'application-networking.k8s.aws/federation: amazon-vpc-lattice',
    );
  });

  it('says when no route gives the Service a DNS name yet', async () => {
    await renderWithApi(
      <EntityServiceNetworkCard />,
      fakeApi({ status: entityStatus({ overall: 'unused', routes: [] }) }),
    );

    expect(
      await screen.findByText(/None yet: no route reaches this Service/),
    ).toBeInTheDocument();
  });

  it('warns that a cluster shows last known data', async () => {
    const status = entityStatus({
      clusters: [
        workloadCluster('workload-1'),
        workloadCluster('workload-2', {
          stale: true,
          sync: {
            state: 'unreachable',
            reason: 'connect ECONNREFUSED 127.0.0.1:6445',
            lastSuccess: minutesAgo(4),
          },
        }),
      ],
    });
    await renderWithApi(<EntityServiceNetworkCard />, fakeApi({ status }));

    expect(
      await screen.findByText(
        /^workload-2 unreachable since .* \(connect ECONNREFUSED 127\.0\.0\.1:6445\): showing the last known data\.$/,
      ),
    ).toBeInTheDocument();
    expect(
      screen.getByRole('listitem', { name: /^workload-2: healthy \(stale\)/ }),
    ).toBeInTheDocument();
  });
});
