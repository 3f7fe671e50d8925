import { LATTICE_ANNOTATIONS } from '@service-network/backstage-plugin-service-network-common';
import {
  ObjectIndex,
  RouteStore,
  ServiceExportStore,
  ServiceImportStore,
} from './objectIndex';
import type { KubeObject, RouteObject } from './snapshot';

function object(
  namespace: string,
  name: string,
  annotations?: Record<string, string>,
): KubeObject<never, never> {
  return {
    apiVersion: 'v1',
    kind: 'Thing',
    metadata: { namespace, name, annotations },
  };
}

function route(
  namespace: string,
  name: string,
  backends: Array<{ name: string; namespace?: string }>,
): RouteObject {
  return {
    apiVersion: 'gateway.networking.k8s.io/v1',
    kind: 'HTTPRoute',
    metadata: { namespace, name },
    spec: { rules: [{ backendRefs: backends }] },
  };
}

const names = (items: Iterable<KubeObject>) =>
  [...items].map(item => item.metadata.name).sort();

describe('ObjectIndex', () => {
  it('finds objects by namespace and name, and lists a namespace or everything', () => {
    const index = new ObjectIndex<KubeObject>();
    index.replaceAll([
      object('a', 'one'),
      object('a', 'two'),
      object('b', 'one'),
    ]);
    expect(index.get('b', 'one')?.metadata.namespace).toBe('b');
    expect(index.get('b', 'two')).toBeUndefined();
    expect(names(index.inNamespace('a'))).toEqual(['one', 'two']);
    expect(names(index.inNamespace('c'))).toEqual([]);
    expect(names(index.list())).toEqual(['one', 'one', 'two']);
    expect(index.size).toBe(3);
  });

  it('replaces an object on update and forgets it on removal', () => {
    const index = new ObjectIndex<KubeObject>();
    index.upsert(object('a', 'one', { v: '1' }));
    index.upsert(object('a', 'one', { v: '2' }));
    expect(index.get('a', 'one')?.metadata.annotations).toEqual({ v: '2' });
    index.remove(object('a', 'one'));
    expect(index.get('a', 'one')).toBeUndefined();
    expect(index.size).toBe(0);
  });

  it('answers iterables that can be read more than once', () => {
    const index = new ObjectIndex<KubeObject>();
    index.upsert(object('a', 'one'));
    const inA = index.inNamespace('a');
    expect(names(inA)).toEqual(['one']);
    expect(names(inA)).toEqual(['one']);
  });
});

describe('ServiceExportStore', () => {
  it('finds the exports of a Service: the one named like it and those naming it in an annotation', () => {
    const exports = new ServiceExportStore();
    exports.replaceAll([
      object('shop', 'cart'),
      object('shop', 'cart-v2', { [LATTICE_ANNOTATIONS.serviceName]: 'cart' }),
      object('shop', 'orders'),
      object('other', 'cart-v3', { [LATTICE_ANNOTATIONS.serviceName]: 'cart' }),
    ]);
    expect(names(exports.forService('shop', 'cart'))).toEqual([
      'cart',
      'cart-v2',
    ]);
    expect(names(exports.forService('other', 'cart'))).toEqual(['cart-v3']);
    expect(names(exports.forService('shop', 'payments'))).toEqual([]);
  });

  it('moves an export when its annotation changes', () => {
    const exports = new ServiceExportStore();
    exports.upsert(
      object('shop', 'cart-v2', { [LATTICE_ANNOTATIONS.serviceName]: 'cart' }),
    );
    exports.upsert(
      object('shop', 'cart-v2', {
        [LATTICE_ANNOTATIONS.serviceName]: 'basket',
      }),
    );
    expect(names(exports.forService('shop', 'cart'))).toEqual([]);
    expect(names(exports.forService('shop', 'basket'))).toEqual(['cart-v2']);
    exports.remove(object('shop', 'cart-v2'));
    expect(names(exports.forService('shop', 'basket'))).toEqual([]);
  });
});

describe('ServiceImportStore', () => {
  it('finds imports by the target group they point at', () => {
    const imports = new ServiceImportStore();
    const arn = 'arn:aws:vpc-lattice:us-west-2:123456789012:targetgroup/tg-1';
    imports.replaceAll([
      object('shop', 'direct', { [LATTICE_ANNOTATIONS.targetGroupArn]: arn }),
      object('shop', 'by-tags'),
    ]);
    expect(names(imports.withTargetGroupArn(arn))).toEqual(['direct']);
  });

  it('finds imports by the export they resolve to, by name or export-name annotation', () => {
    const imports = new ServiceImportStore();
    const renamed = (namespace: string, name: string, exportName: string) =>
      object(namespace, name, { [LATTICE_ANNOTATIONS.exportName]: exportName });
    imports.replaceAll([
      object('shop', 'cart'),
      renamed('shop', 'cart-eu', 'cart'),
      renamed('shop', 'basket', 'orders'),
      object('edge', 'cart'),
    ]);
    expect(names(imports.forExport('shop', 'cart'))).toEqual(['cart', 'cart-eu']);
    expect(names(imports.forExport('shop', 'basket'))).toEqual([]);
    expect(names(imports.forExport('shop', 'orders'))).toEqual(['basket']);
    imports.remove(renamed('shop', 'cart-eu', 'cart'));
    expect(names(imports.forExport('shop', 'cart'))).toEqual(['cart']);
  });
});

describe('RouteStore', () => {
  it('finds routes by backend, a backend without namespace being in the route namespace', () => {
    const routes = new RouteStore();
    routes.replaceAll([
      route('shop', 'local', [{ name: 'cart' }]),
      route('edge', 'remote', [
        { name: 'cart', namespace: 'shop' },
        { name: 'cart' },
      ]),
    ]);
    expect(names(routes.byBackend('shop', 'cart'))).toEqual([
      'local',
      'remote',
    ]);
    expect(names(routes.byBackend('edge', 'cart'))).toEqual(['remote']);
    routes.upsert(route('edge', 'remote', [{ name: 'orders' }]));
    expect(names(routes.byBackend('shop', 'cart'))).toEqual(['local']);
    expect(names(routes.byBackend('edge', 'orders'))).toEqual(['remote']);
  });
});
