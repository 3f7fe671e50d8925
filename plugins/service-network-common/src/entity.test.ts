import { Entity } from '@backstage/catalog-model';
import { isServiceNetworkAvailable, serviceRefForEntity } from './entity';

function entity(
  name: string,
  annotations: Record<string, string> = {},
  kind = 'Component',
  type = 'service',
): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind,
    metadata: { name, annotations },
    spec: { type },
  };
}

describe('serviceRefForEntity', () => {
  it('maps an entity without annotations to its name in the default namespace', () => {
    expect(serviceRefForEntity(entity('service-1'))).toEqual({
      namespace: 'default',
      name: 'service-1',
    });
  });

  it('uses the Kubernetes plugin annotations when present', () => {
    expect(
      serviceRefForEntity(
        entity('checkout-component', {
          'backstage.io/kubernetes-id': 'checkout',
          'backstage.io/kubernetes-namespace': 'shop',
        }),
      ),
    ).toEqual({ namespace: 'shop', name: 'checkout' });
  });

  it('defaults each Kubernetes plugin annotation independently', () => {
    expect(
      serviceRefForEntity(
        entity('cart', { 'backstage.io/kubernetes-namespace': 'shop' }),
      ),
    ).toEqual({ namespace: 'shop', name: 'cart' });
    expect(
      serviceRefForEntity(
        entity('cart-component', { 'backstage.io/kubernetes-id': 'cart' }),
      ),
    ).toEqual({ namespace: 'default', name: 'cart' });
  });

  it('lets the override annotation win over the Kubernetes plugin annotations', () => {
    expect(
      serviceRefForEntity(
        entity('checkout', {
          'service-network.io/service': 'payments/checkout-v2',
          'backstage.io/kubernetes-id': 'checkout',
          'backstage.io/kubernetes-namespace': 'shop',
        }),
      ),
    ).toEqual({ namespace: 'payments', name: 'checkout-v2' });
  });

  it.each(['checkout', 'a/b/c', '/checkout', 'shop/'])(
    'rejects the malformed override %p',
    value => {
      expect(() =>
        serviceRefForEntity(
          entity('checkout', { 'service-network.io/service': value }),
        ),
      ).toThrow(
        expect.objectContaining({
          name: 'InputError',
          message: expect.stringContaining('service-network.io/service'),
        }),
      );
    },
  );

  it('rejects an entity name that cannot be a Service name and says how to fix it', () => {
    expect(() => serviceRefForEntity(entity('Checkout_Service'))).toThrow(
      "'Checkout_Service' is not a valid Kubernetes Service name; set the service-network.io/service annotation of Checkout_Service to <namespace>/<name>",
    );
  });

  it('rejects an invalid namespace annotation', () => {
    expect(() =>
      serviceRefForEntity(
        entity('cart', { 'backstage.io/kubernetes-namespace': 'Shop' }),
      ),
    ).toThrow("'Shop' is not a valid Kubernetes namespace");
  });
});

describe('isServiceNetworkAvailable', () => {
  it('accepts Components of type service', () => {
    expect(isServiceNetworkAvailable(entity('service-1'))).toBe(true);
  });

  it('skips other Components and kinds without annotations', () => {
    expect(
      isServiceNetworkAvailable(entity('site', {}, 'Component', 'website')),
    ).toBe(false);
    expect(
      isServiceNetworkAvailable(entity('db', {}, 'Resource', 'database')),
    ).toBe(false);
  });

  it.each([
    'service-network.io/service',
    'backstage.io/kubernetes-id',
    'backstage.io/kubernetes-namespace',
  ])('accepts any entity annotated with %s', annotation => {
    expect(
      isServiceNetworkAvailable(
        entity('db', { [annotation]: 'default/db' }, 'Resource', 'database'),
      ),
    ).toBe(true);
  });
});
