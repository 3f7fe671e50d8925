import { ResponseError } from '@backstage/errors';
import { TestApiProvider, renderInTestApp } from '@backstage/test-utils';
import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { ServiceNetworkApi, serviceNetworkApiRef } from '../../api';
import { ServiceNetworkStatusBanner } from './ServiceNetworkStatusBanner';

function renderWith(api: ServiceNetworkApi) {
  return renderInTestApp(
    <TestApiProvider apis={[[serviceNetworkApiRef, api]]}>
      <ServiceNetworkStatusBanner />
    </TestApiProvider>,
  );
}

async function unavailable(): Promise<ResponseError> {
  return ResponseError.fromResponse(
    new Response(
      JSON.stringify({
        error: { name: 'ServiceUnavailableError', message: 'Still starting' },
        response: { statusCode: 503 },
      }),
      {
        status: 503,
        statusText: 'Service Unavailable',
        headers: { 'Content-Type': 'application/json' },
      },
    ),
  );
}

describe('ServiceNetworkStatusBanner', () => {
  it('says the backend is up when it answers', async () => {
    await renderWith({ getHealth: async () => ({ status: 'ok' }) });

    expect(
      await screen.findByText('The Service Network backend is up.'),
    ).toBeInTheDocument();
  });

  it('shows the server error and recovers on retry', async () => {
    const error = await unavailable();
    const getHealth = jest
      .fn<ReturnType<ServiceNetworkApi['getHealth']>, []>()
      .mockRejectedValueOnce(error)
      .mockResolvedValueOnce({ status: 'ok' });
    await renderWith({ getHealth });

    expect(
      await screen.findByText(/The Service Network backend does not answer/),
    ).toBeInTheDocument();
    expect(screen.getAllByText(/Still starting/).length).toBeGreaterThan(0);

    await userEvent.click(screen.getByRole('button', { name: 'Retry' }));

    expect(
      await screen.findByText('The Service Network backend is up.'),
    ).toBeInTheDocument();
    expect(getHealth).toHaveBeenCalledTimes(2);
  });
});
