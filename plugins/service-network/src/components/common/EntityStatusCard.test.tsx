import { screen } from '@testing-library/react';
import {
  fakeApi,
  renderWithApi,
  responseError,
} from '../../__testUtils__/render';
import { EntityServiceNetworkCard } from '../EntityServiceNetworkCard';
import { EntityServiceNetworkContent } from '../EntityServiceNetworkContent';

describe.each([
  ['card', <EntityServiceNetworkCard />],
  ['tab', <EntityServiceNetworkContent />],
])('the entity %s before it has a status', (_, element) => {
  it.each([
    [
      404,
      'No entity component:default/service-1',
      /This entity is not known to the catalog, or it is hidden from you/,
    ],
    [
      400,
      "'Bad_Name' is not a valid Kubernetes Service name",
      /annotations do not name a valid Kubernetes Service/,
    ],
  ])(
    'explains the backend answering %i',
    async (statusCode, message, explanation) => {
      const api = fakeApi();
      api.getEntityStatus.mockRejectedValue(
        await responseError(statusCode, message),
      );
      await renderWithApi(element, api);

      expect(await screen.findByText(explanation)).toBeInTheDocument();
    },
  );

  it('shows progress until the backend answers', async () => {
    const api = fakeApi();
    api.getEntityStatus.mockReturnValue(new Promise(() => {}));
    await renderWithApi(element, api);

    expect(
      await screen.findByRole('progressbar', { name: 'Loading' }),
    ).toBeInTheDocument();
    expect(screen.getByText('Not loaded yet')).toBeInTheDocument();
  });
});
