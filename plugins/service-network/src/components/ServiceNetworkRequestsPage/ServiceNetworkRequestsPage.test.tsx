import { screen, waitFor, within } from '@testing-library/react';
import {
  DEVELOPER,
  PLATFORM_ADMIN,
  planDiff,
  routeRequest,
} from '../../__testUtils__/requests';
import {
  expectNoButtons,
  fakeApi,
  renderWithApi,
  responseError,
  user,
} from '../../__testUtils__/render';
import { ServiceNetworkRequestsPage } from './ServiceNetworkRequestsPage';

const APPROVE = 'service-network.route-request.approve';
const notApprover = (name: string) => name !== APPROVE;

const pending = routeRequest({
  id: '11111111-1111-4111-8111-111111111111',
  state: 'pending',
});
const applied = routeRequest({
  id: '22222222-2222-4222-8222-222222222222',
  state: 'applied',
  route: { kind: 'HTTPRoute', namespace: 'default', name: 'service-1-canary' },
  dnsName:
    'service-1-canary-default-0a1b2c.7d67968.vpc-lattice-svcs.us-west-2.on.aws',
  decidedBy: PLATFORM_ADMIN,
  decisionComment: 'ok',
});
const failed = routeRequest({
  id: '33333333-3333-4333-8333-333333333333',
  state: 'failed',
  route: { kind: 'GRPCRoute', namespace: 'default', name: 'service-1-grpc' },
  lastError: 'config cluster unreachable',
  retryable: true,
  attempts: 1,
});

function card(route: string) {
  return within(screen.getByRole('region', { name: `Request for ${route}` }));
}

async function decide(
  route: string,
  decision: 'Approve' | 'Reject',
  comment: string,
) {
  await user.click(card(route).getByRole('button', { name: decision }));
  const dialog = within(await screen.findByRole('dialog'));
  await user.type(dialog.getByLabelText(/Comment/), comment);
  await user.click(dialog.getByRole('button', { name: 'Confirm' }));
  return dialog;
}

describe('ServiceNetworkRequestsPage', () => {
  it('shows approvers every request in the order the backend gives (pending first), with requester, reason and the diff to apply', async () => {
    const api = fakeApi({ requests: [pending, applied, failed] });
    await renderWithApi(<ServiceNetworkRequestsPage />, api, {
      user: PLATFORM_ADMIN,
    });

    expect(await screen.findByText('All requests')).toBeInTheDocument();
    expect(api.listRouteRequests).toHaveBeenCalledWith({});
    const titles = screen
      .getAllByRole('region', { name: /^Request for / })
      .map(region => region.getAttribute('aria-label'));
    expect(titles).toEqual([
      'Request for HTTPRoute default/service-1',
      'Request for HTTPRoute default/service-1-canary',
      'Request for GRPCRoute default/service-1-grpc',
    ]);
    const first = card('HTTPRoute default/service-1');
    expect(first.getByText('pending')).toBeInTheDocument();
    // The entity and the requester are links to their catalog pages.
    expect(first.getByText(/^for /)).toHaveTextContent(
      /^for service-1, by developer, 10 min ago$/,
    );
    expect(
      first.getAllByRole('link', { name: 'developer' })[0],
    ).toHaveAttribute('href', '/catalog/default/user/developer');
    expect(
      first.getByText('The checkout team calls service-1 from workload-2.'),
    ).toBeInTheDocument();
    expect(
      first.getByText('Updates HTTPRoute default/service-1 in config'),
    ).toBeInTheDocument();
    expect(first.getByText('~ spec.parentRefs')).toBeInTheDocument();
    expect(first.getByRole('button', { name: 'Approve' })).toBeInTheDocument();
    expect(first.getByRole('button', { name: 'Reject' })).toBeInTheDocument();
    expect(
      card('HTTPRoute default/service-1-canary').getByText('applied'),
    ).toBeInTheDocument();
    expect(screen.getByText(applied.dnsName!)).toBeInTheDocument();
  });

  it('shows the reviewer the routes a pending request overlaps, by name and what they share', async () => {
    const overlapping = routeRequest({
      ...pending,
      overlaps: [
        {
          route: {
            kind: 'HTTPRoute',
            namespace: 'default',
            name: 'httproute-1',
          },
          listener: 'gateway-1 (default), listener http',
          hostname: 'any hostname',
          match: 'any method, path prefix /',
        },
        {
          route: {
            kind: 'HTTPRoute',
            namespace: 'default',
            name: 'service-2-api',
          },
          requestId: '44444444-4444-4444-8444-444444444444',
          listener: 'gateway-1 (default), listener http',
          hostname: 'any hostname',
          match: 'GET, path prefix /api',
        },
      ],
    });
    await renderWithApi(
      <ServiceNetworkRequestsPage />,
      fakeApi({ requests: [overlapping, applied] }),
      { user: PLATFORM_ADMIN },
    );
    const alert = await card('HTTPRoute default/service-1').findByLabelText(
      'Overlapping routes',
    );
    expect(alert).toHaveTextContent('Overlaps 2 routes on the same listener');
    const items = within(alert)
      .getAllByRole('listitem')
      .map(item => item.textContent);
    expect(items).toEqual([
      'HTTPRoute default/httproute-1 (in the config cluster): gateway-1 (default), listener http, any hostname, any method, path prefix /',
      'HTTPRoute default/service-2-api (asked for by open request 44444444-4444-4444-8444-444444444444): gateway-1 (default), listener http, any hostname, GET, path prefix /api',
    ]);
    expect(
      card('HTTPRoute default/service-1-canary').queryByLabelText(
        'Overlapping routes',
      ),
    ).not.toBeInTheDocument();
  });

  it('shows the others only their own requests, without Approve or Reject', async () => {
    const api = fakeApi({ requests: [pending] });
    await renderWithApi(<ServiceNetworkRequestsPage />, api, {
      allow: notApprover,
    });

    expect(await screen.findByText('My requests')).toBeInTheDocument();
    expect(api.listRouteRequests).toHaveBeenCalledWith({ mine: true });
    const mine = card('HTTPRoute default/service-1');
    expect(mine.getByText('pending')).toBeInTheDocument();
    expectNoButtons(mine, ['Approve', 'Reject']);
  });

  it('approves with the comment and the plan version looked at', async () => {
    const api = fakeApi({ requests: [pending] });
    await renderWithApi(<ServiceNetworkRequestsPage />, api, {
      user: PLATFORM_ADMIN,
    });
    await screen.findByText('All requests');

    await decide('HTTPRoute default/service-1', 'Approve', 'Looks right');

    expect(api.approveRouteRequest).toHaveBeenCalledWith(pending.id, {
      comment: 'Looks right',
      planVersion: 1,
    });
    await waitFor(() =>
      expect(screen.queryByRole('dialog')).not.toBeInTheDocument(),
    );
  });

  it('shows what changed when the cluster moved on, and approves the new plan on the second confirm', async () => {
    const api = fakeApi({ requests: [pending] });
    api.approveRouteRequest.mockRejectedValueOnce(
      await responseError(
        409,
        'The cluster changed since this request was planned',
        {
          diff: planDiff(),
        },
      ),
    );
    await renderWithApi(<ServiceNetworkRequestsPage />, api, {
      user: PLATFORM_ADMIN,
    });
    await screen.findByText('All requests');

    const dialog = await decide('HTTPRoute default/service-1', 'Approve', 'ok');

    expect(
      await dialog.findByText(
        'The cluster changed since this request was planned',
      ),
    ).toBeInTheDocument();
    expect(dialog.getByText('+ weight: 70')).toBeInTheDocument();
    await user.click(dialog.getByRole('button', { name: 'Confirm' }));
    expect(api.approveRouteRequest).toHaveBeenLastCalledWith(pending.id, {
      comment: 'ok',
      planVersion: 2,
    });
  });

  it('rejects with the comment', async () => {
    const api = fakeApi({ requests: [pending] });
    await renderWithApi(<ServiceNetworkRequestsPage />, api, {
      user: PLATFORM_ADMIN,
    });
    await screen.findByText('All requests');

    await decide('HTTPRoute default/service-1', 'Reject', 'Use gateway-2');

    expect(api.rejectRouteRequest).toHaveBeenCalledWith(pending.id, {
      comment: 'Use gateway-2',
    });
  });

  it('lets requesters cancel their pending request, and approvers retry a failed one', async () => {
    const api = fakeApi({ requests: [pending, failed] });
    await renderWithApi(<ServiceNetworkRequestsPage />, api, {
      user: DEVELOPER,
    });
    await screen.findByText('All requests');

    await user.click(
      card('HTTPRoute default/service-1').getByRole('button', {
        name: 'Cancel request',
      }),
    );
    expect(api.cancelRouteRequest).toHaveBeenCalledWith(pending.id);

    const failedCard = card('GRPCRoute default/service-1-grpc');
    expect(
      failedCard.getByText(/config cluster unreachable/),
    ).toBeInTheDocument();
    await user.click(failedCard.getByRole('button', { name: 'Retry' }));
    expect(api.retryRouteRequest).toHaveBeenCalledWith(failed.id);
  });
});
