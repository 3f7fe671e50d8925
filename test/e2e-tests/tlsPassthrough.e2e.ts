/*
 * TLS passthrough in a real browser: service-6 terminates TLS itself and the
 * demo reaches it through tlsroute-1, shown by its SNI name; a developer
 * requests a second TLS passthrough route on gateway-1's passthrough
 * listener, a platform-team user approves it, and the TLSRoute goes live.
 */
import { open, requesterAndApprover, screenshot } from './browser';
import { eventually, getFromCluster } from './stackApi';

const ROUTE =
  '/apis/gateway.networking.k8s.io/v1/namespaces/default/tlsroutes/service-6-direct';
const DNS_ANNOTATION =
  'application-networking.k8s.aws/lattice-assigned-domain-name';
const PAGE = '/catalog/default/component/service-6/service-network';

describe('TLS passthrough', () => {
  const pages = requesterAndApprover();

  it('shows the seeded TLSRoute by its SNI name, and takes a TLS passthrough request through approval', async () => {
    const developer = pages.developer();
    const admin = pages.admin();
    await open(developer, PAGE);
    await developer.getByText('tlsroute-1').first().waitFor();
    await developer
      .getByText(
        /TLS passthrough: Lattice forwards by SNI service-6\.example\.internal/,
      )
      .first()
      .waitFor();
    await screenshot(developer, 'tls-passthrough-service-page');

    await developer
      .getByRole('button', { name: 'Request route' })
      .first()
      .click();
    const form = developer.getByRole('dialog');
    await form.getByLabel('TLS passthrough').check();
    await form.getByText('tls (TLS 8443, passthrough)').waitFor();
    await form.getByLabel('Route name (optional)').fill('service-6-direct');
    await form
      .getByLabel('Hostname (SNI)')
      .fill('service-6-direct.example.internal');
    await form
      .getByLabel('Reason')
      .fill('Direct TLS to the vault for the audit job');
    await form.getByText('Objects to apply').waitFor();
    await form.getByText('kind: TLSRoute').first().waitFor();
    await screenshot(developer, 'tls-passthrough-request-form');
    await form.getByRole('button', { name: 'Submit request' }).click();
    await developer.getByText('pending').first().waitFor();

    await open(admin, '/service-network/requests');
    await admin
      .getByText('Direct TLS to the vault for the audit job')
      .first()
      .waitFor();
    await admin
      .getByText(/TLS passthrough for service-6-direct\.example\.internal/)
      .first()
      .waitFor();
    await admin.getByRole('button', { name: 'Approve' }).first().click();
    const decision = admin.getByRole('dialog');
    await decision
      .getByLabel('Comment')
      .fill('Passthrough on gateway-1 is fine');
    await decision.getByRole('button', { name: 'Confirm' }).click();
    await admin.getByText('applied').first().waitFor({ timeout: 60_000 });

    const route = await eventually(
      'the TLSRoute with its DNS name in the config cluster',
      async () => {
        const response = await getFromCluster('config', ROUTE);
        return response.status === 200 &&
          response.body.metadata.annotations?.[DNS_ANNOTATION]
          ? response.body
          : undefined;
      },
    );
    expect(route.spec.hostnames).toEqual(['service-6-direct.example.internal']);
    expect(route.spec.parentRefs[0].sectionName).toBe('tls');
    const accepted = route.status.parents[0].conditions.find(
      (c: { type: string }) => c.type === 'Accepted',
    );
    expect(accepted.status).toBe('True');

    await open(developer, PAGE);
    await developer
      .getByText(route.metadata.annotations[DNS_ANNOTATION])
      .first()
      .waitFor({ timeout: 60_000 });
    await screenshot(developer, 'tls-passthrough-route-live');
  });
});
