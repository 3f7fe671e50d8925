import { ConfigReader } from '@backstage/config';
import type { JsonObject } from '@backstage/types';
import { ServiceNetworkAppLinks } from './links';

const linksFor = (config: JsonObject) =>
  ServiceNetworkAppLinks.fromConfig(new ConfigReader(config));

describe('ServiceNetworkAppLinks', () => {
  it("uses the requests page's default path, absolute under app.baseUrl", () => {
    const links = linksFor({ app: { baseUrl: 'https://portal.example.com/' } });
    expect(links.routeRequests()).toEqual({
      path: '/service-network/requests',
      url: 'https://portal.example.com/service-network/requests',
    });
    expect(links.routeRequest('a b')).toEqual({
      path: '/service-network/requests#request-a%20b',
      url: 'https://portal.example.com/service-network/requests#request-a%20b',
    });
  });

  it('keeps the base path of an app served below the root', () => {
    expect(
      linksFor({
        app: { baseUrl: 'https://example.com/portal' },
      }).routeRequests()?.url,
    ).toBe('https://example.com/portal/service-network/requests');
  });

  it('follows the paths the new frontend system is configured with, the later entry winning', () => {
    const links = linksFor({
      app: {
        extensions: [
          { 'page:service-network': { config: { path: '/platform/network' } } },
          'catalog.page',
          {
            'sub-page:service-network/requests': { config: { path: '/asks/' } },
          },
          { 'page:service-network': { config: { path: '/net' } } },
        ],
      },
    });
    expect(links.routeRequest('r-1')?.path).toBe('/net/asks#request-r-1');
    // Without app.baseUrl the link stays a path.
    expect(links.routeRequest('r-1')?.url).toBe('/net/asks#request-r-1');
  });

  it('has no link to a page the app-config disables, and one again when a later entry enables it', () => {
    expect(
      linksFor({
        app: { extensions: [{ 'page:service-network': false }] },
      }).routeRequests(),
    ).toBeUndefined();
    expect(
      linksFor({
        app: {
          extensions: [
            { 'sub-page:service-network/requests': { disabled: true } },
          ],
        },
      }).routeRequest('r-1'),
    ).toBeUndefined();
    expect(
      linksFor({
        app: {
          extensions: [
            { 'sub-page:service-network/requests': false },
            'sub-page:service-network/requests',
          ],
        },
      }).routeRequests()?.path,
    ).toBe('/service-network/requests');
  });
});
