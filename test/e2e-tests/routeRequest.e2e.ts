/*
 * Issue 5 in a real browser: a developer requests a route for service-1 from
 * the service page; a platform-team user reviews it on the requests page,
 * with the existing routes it overlaps, and approves it;
 * the ServiceImports and the route appear in the config cluster and the DNS
 * name appears on the service page.
 */
import { open, requesterAndApprover, screenshot } from './browser';
import { eventually, getFromCluster } from './stackApi';

const ROUTE = '/apis/gateway.networking.k8s.io/v1/namespaces/default/httproutes/service-1-canary';
const DNS_ANNOTATION = 'application-networking.k8s.aws/lattice-assigned-domain-name';

describe('route requests', () => {
  const pages = requesterAndApprover();

  it('goes from a developer request to an approved, applied route with a DNS name', async () => {
    const developer = pages.developer();
    const admin = pages.admin();
    expect((await getFromCluster('config', ROUTE)).status).toBe(404);

    await open(developer, '/catalog/default/component/service-1/service-network');
    await developer.getByRole('button', { name: 'Request route' }).first().click();
    const form = developer.getByRole('dialog');
    await form.getByLabel('Route name (optional)').fill('service-1-canary');
    await form.getByLabel('Gateway (service network)').click();
    await developer.getByRole('option', { name: /gateway-2/ }).click();
    await form.getByLabel('Path', { exact: true }).fill('/canary');
    await form.getByLabel('Reason').fill('Canary traffic for the checkout redesign');
    await form.getByText('Objects to apply').waitFor();
    await screenshot(developer, 'route-request-form');
    await form.getByRole('button', { name: 'Submit request' }).click();
    await developer.getByText('pending').first().waitFor();

    // Developers see their request, but deciding is for the platform team.
    await open(developer, '/service-network/requests');
    await developer.getByText('Canary traffic for the checkout redesign').first().waitFor();
    expect(await developer.getByRole('button', { name: 'Approve' }).count()).toBe(0);

    await open(admin, '/service-network/requests');
    await admin.getByText('Canary traffic for the checkout redesign').first().waitFor();
    // The review names the seed's routes on gateway-2's listener that also carry /canary (they match every path).
    const overlaps = admin
      .getByRole('region', { name: 'Request for HTTPRoute default/service-1-canary' })
      .getByLabel('Overlapping routes');
    await overlaps.waitFor();
    // Other suites' routes on that listener may be listed too.
    expect(await overlaps.getByRole('listitem').allTextContents()).toEqual(
      expect.arrayContaining(
        ['httproute-2', 'httproute-3', 'httproute-4'].map(
          name =>
            `HTTPRoute default/${name} (in the config cluster): gateway-2 (default), listener http, any hostname, any method, path prefix /canary`,
        ),
      ),
    );
    await screenshot(admin, 'requests-page-pending');
    await admin.getByRole('button', { name: 'Approve' }).first().click();
    const decision = admin.getByRole('dialog');
    await decision.getByLabel('Comment').fill('Looks right; go ahead');
    await decision.getByRole('button', { name: 'Confirm' }).click();
    await admin.getByText('applied').first().waitFor({ timeout: 60_000 });

    const route = await eventually('the route with its DNS name in the config cluster', async () => {
      const response = await getFromCluster('config', ROUTE);
      return response.status === 200 && response.body.metadata.annotations?.[DNS_ANNOTATION] ? response.body : undefined;
    });
    const dnsName: string = route.metadata.annotations[DNS_ANNOTATION];
    const backends = route.spec.rules[0].backendRefs.map((b: { name: string; kind: string }) => [b.kind, b.name]);
    for (const [kind, name] of backends) {
      expect(kind).toBe('ServiceImport');
      const imported = await getFromCluster('config', `/apis/application-networking.k8s.aws/v1alpha1/namespaces/default/serviceimports/${name}`);
      expect(imported.status).toBe(200);
      expect(imported.body.metadata.annotations['application-networking.k8s.aws/export-name']).toBe('service-1');
    }

    await open(developer, '/catalog/default/component/service-1/service-network');
    await developer.getByText(dnsName).first().waitFor({ timeout: 60_000 });
    await screenshot(developer, 'route-live-on-service-page');
  });
});
