import { KubeObjectManifest } from '@service-network/backstage-plugin-service-network-common';
import { loadGatewayApiValidator } from './gatewayApiValidator';

const httpRoute = (rule: Record<string, unknown>): KubeObjectManifest => ({
  apiVersion: 'gateway.networking.k8s.io/v1',
  kind: 'HTTPRoute',
  metadata: { name: 'checkout', namespace: 'shop' },
  spec: {
    parentRefs: [{ name: 'gateway-1', sectionName: 'http' }],
    rules: [rule],
  },
});

describe('the Gateway API validator', () => {
  it('accepts a valid route', async () => {
    const validate = await loadGatewayApiValidator();
    expect(
      validate(
        httpRoute({
          backendRefs: [
            { kind: 'ServiceImport', name: 'checkout-w1', weight: 5 },
          ],
        }),
      ),
    ).toEqual([]);
  });

  it('names the field the schema refuses', async () => {
    const validate = await loadGatewayApiValidator();
    expect(
      validate(
        httpRoute({
          backendRefs: [{ name: 'checkout-w1', weight: 1_000_001 }],
        }),
      ),
    ).toEqual([
      'HTTPRoute spec.rules.0.backendRefs.0.weight must be <= 1000000',
    ]);
    expect(
      validate(httpRoute({ matches: [{ method: 'FETCH' }] })),
    ).toContainEqual(
      expect.stringMatching(
        /^HTTPRoute spec\.rules\.0\.matches\.0\.method must be equal to one of the allowed values/,
      ),
    );
  });

  it('refuses kinds it has no schema for', async () => {
    const validate = await loadGatewayApiValidator();
    expect(validate({ ...httpRoute({}), kind: 'TCPRoute' })).toEqual([
      'gateway.networking.k8s.io/v1 TCPRoute is not a Gateway API route this validator knows',
    ]);
    // TLSRoute it knows: v1 requires the hostnames and each rule's backendRefs.
    expect(validate({ ...httpRoute({}), kind: 'TLSRoute' })).toEqual([
      'TLSRoute spec must have required property hostnames',
      'TLSRoute spec.rules.0 must have required property backendRefs',
    ]);
  });
});
