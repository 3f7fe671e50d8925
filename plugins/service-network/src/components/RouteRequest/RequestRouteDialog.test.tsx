import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { routePlan, routeRequestCreate } from '../../__testUtils__/requests';
import {
  fakeApi,
  renderWithApi,
  responseError,
  user,
} from '../../__testUtils__/render';
import {
  fleetWithHttpOnlyGateway,
  notExportedStatus,
} from '../../__testUtils__/status';
import { EntityServiceNetworkCard } from '../EntityServiceNetworkCard';

async function openRequestDialog() {
  await user.click(
    await screen.findByRole('button', { name: 'Request route' }),
  );
  return within(await screen.findByRole('dialog'));
}

/** Typing key by key re-plans on each key; the form only cares about the result. */
function setText(field: HTMLElement, text: string) {
  fireEvent.change(field, { target: { value: text } });
}

describe('the Request route dialog', () => {
  it('helps the weights add up: shares in %, spread evenly, and no request while all are 0', async () => {
    await renderWithApi(<EntityServiceNetworkCard />, fakeApi());
    const form = await openRequestDialog();
    setText(await form.findByLabelText(/Reason/), 'For checkout');

    const weight1 = form.getByLabelText('Weight for workload-1');
    const weight2 = form.getByLabelText('Weight for workload-2');
    expect(weight1).toHaveValue(50);
    expect(form.getAllByText('50 % of traffic')).toHaveLength(2);

    setText(weight1, '30');
    setText(weight2, '10');
    expect(form.getByText('75 % of traffic')).toBeInTheDocument();
    expect(form.getByText('25 % of traffic')).toBeInTheDocument();

    setText(weight1, '0');
    setText(weight2, '0');
    expect(
      form.getByText(
        'at least one backend needs a weight above 0, or no traffic is sent anywhere',
      ),
    ).toBeInTheDocument();
    expect(form.getByRole('button', { name: 'Submit request' })).toBeDisabled();

    setText(weight2, '1000');
    expect(
      form.getByText(/backend weight must be at most 999/),
    ).toBeInTheDocument();

    await user.click(form.getByRole('button', { name: 'Spread evenly' }));
    expect(weight1).toHaveValue(50);
    expect(weight2).toHaveValue(50);
    expect(form.getByRole('button', { name: 'Submit request' })).toBeEnabled();
  });

  it('previews the planned objects as a diff against the cluster, and submits the request', async () => {
    const api = fakeApi({
      plan: routePlan({
        problems: [],
      }),
    });
    await renderWithApi(<EntityServiceNetworkCard />, api);
    const form = await openRequestDialog();

    expect(
      await form.findByText(
        'Creates ServiceImport default/service-1-workload-1 in config',
      ),
    ).toBeInTheDocument();
    expect(
      form.getByText('Updates HTTPRoute default/service-1 in config'),
    ).toBeInTheDocument();
    expect(form.getByText('~ spec.parentRefs')).toBeInTheDocument();
    expect(form.getByText('- - name: gateway-2')).toBeInTheDocument();
    expect(api.previewRouteRequest).toHaveBeenCalledWith(
      expect.objectContaining({ kind: 'HTTP', listener: 'http' }),
    );

    await user.click(form.getByLabelText('gRPC'));
    setText(form.getByLabelText('gRPC service'), 'shop.v1.Cart');
    setText(form.getByLabelText(/Reason/), 'Cart calls from workload-2');
    await waitFor(() =>
      expect(api.previewRouteRequest).toHaveBeenLastCalledWith(
        expect.objectContaining({
          kind: 'GRPC',
          listener: 'https',
          match: { service: 'shop.v1.Cart' },
        }),
      ),
    );
    await user.click(form.getByRole('button', { name: 'Submit request' }));

    expect(api.createRouteRequest).toHaveBeenCalledWith(
      routeRequestCreate({
        kind: 'GRPC',
        listener: 'https',
        reason: 'Cart calls from workload-2',
        match: { service: 'shop.v1.Cart' },
      }),
    );
    await waitFor(() =>
      expect(screen.queryByRole('dialog')).not.toBeInTheDocument(),
    );
  });

  it('requests a TLS passthrough route on the passthrough listener, with the SNI hostname and no match', async () => {
    const api = fakeApi();
    await renderWithApi(<EntityServiceNetworkCard />, api);
    const form = await openRequestDialog();

    await user.click(form.getByLabelText('TLS passthrough'));
    expect(form.getByRole('button', { name: /^Listener/ })).toHaveTextContent(
      'tls (TLS 8443, passthrough)',
    );
    expect(form.queryByLabelText(/^Path/)).not.toBeInTheDocument();
    setText(await form.findByLabelText(/Reason/), 'The vault terminates TLS');
    expect(form.getByRole('button', { name: 'Submit request' })).toBeDisabled();
    expect(
      form.getByText(/hostname is required for a TLS route/),
    ).toBeInTheDocument();
    setText(form.getByLabelText('Hostname (SNI)'), 'vault.example.internal');
    await user.click(form.getByRole('button', { name: 'Submit request' }));

    await waitFor(() =>
      expect(api.createRouteRequest).toHaveBeenCalledWith(
        routeRequestCreate({
          kind: 'TLS',
          listener: 'tls',
          hostname: 'vault.example.internal',
          reason: 'The vault terminates TLS',
        }),
      ),
    );
  });

  it("offers the chosen Gateway's listeners, only HTTPS ones for gRPC, and says when there is none", async () => {
    const api = fakeApi({ fleet: fleetWithHttpOnlyGateway() });
    await renderWithApi(<EntityServiceNetworkCard />, api);
    const form = await openRequestDialog();
    setText(await form.findByLabelText(/Reason/), 'For checkout');
    const listener = () => form.getByRole('button', { name: /^Listener/ });
    const options = () =>
      screen.getAllByRole('option').map(option => option.textContent);

    await user.click(listener());
    expect(options()).toEqual(['http (HTTP 80)', 'https (HTTPS 443)']);
    await user.click(screen.getByRole('option', { name: 'http (HTTP 80)' }));

    await user.click(form.getByLabelText('gRPC'));
    expect(listener()).toHaveTextContent('https (HTTPS 443)');
    await user.click(listener());
    expect(options()).toEqual(['https (HTTPS 443)']);
    await user.click(screen.getByRole('option', { name: 'https (HTTPS 443)' }));

    await user.click(
      form.getByRole('button', { name: /^Gateway \(service network\)/ }),
    );
    await user.click(screen.getByRole('option', { name: /^gateway-2 / }));
    expect(
      form.getByText('gRPC needs an HTTPS listener, and this Gateway has none'),
    ).toBeInTheDocument();
    expect(listener()).toHaveAttribute('aria-disabled', 'true');
    expect(form.getByRole('button', { name: 'Submit request' })).toBeDisabled();

    await user.click(form.getByLabelText('HTTP'));
    expect(listener()).toHaveTextContent('web (HTTP 8080)');
    await waitFor(() =>
      expect(api.previewRouteRequest).toHaveBeenLastCalledWith(
        expect.objectContaining({
          kind: 'HTTP',
          gateway: { name: 'gateway-2', namespace: 'default' },
          listener: 'web',
        }),
      ),
    );
    expect(form.getByRole('button', { name: 'Submit request' })).toBeEnabled();
  });

  it('shows the plan problems, and the reason the backend refuses a request', async () => {
    const api = fakeApi({
      plan: routePlan({
        problems: ['Gateway default/gateway-1 has no listener "https"'],
      }),
    });
    api.createRouteRequest.mockRejectedValue(
      await responseError(
        409,
        'Request 1234 already holds HTTPRoute default/service-1',
      ),
    );
    await renderWithApi(<EntityServiceNetworkCard />, api);
    const form = await openRequestDialog();

    expect(
      await form.findByText(
        'Gateway default/gateway-1 has no listener "https"',
      ),
    ).toBeInTheDocument();
    setText(form.getByLabelText(/Reason/), 'Needed');
    await user.click(form.getByRole('button', { name: 'Submit request' }));

    expect(
      await form.findByText(
        'Request 1234 already holds HTTPRoute default/service-1',
      ),
    ).toBeInTheDocument();
  });

  it('cannot be opened before the Service is exported somewhere', async () => {
    await renderWithApi(
      <EntityServiceNetworkCard />,
      fakeApi({ status: notExportedStatus() }),
    );

    expect(
      await screen.findByRole('button', { name: 'Request route' }),
    ).toBeDisabled();
  });
});
