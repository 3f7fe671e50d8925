import { CRD_RESOURCE, NAMESPACE_RESOURCE, SERVICE_RESOURCE } from './builtins';
import { loadProjectCrds } from './crdManifests';
import { thrownKubeApiError } from './__testUtils__/thrown';
import { createObjectStore } from './store';
import type { KubeObject, ObjectStore, StoreEvent } from './types';

const EXPORTS = {
  group: 'application-networking.k8s.aws',
  plural: 'serviceexports',
};
const ROUTES = { group: 'gateway.networking.k8s.io', plural: 'httproutes' };

function service(
  name: string,
  namespace = 'default',
  extra: Partial<KubeObject> = {},
): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name, namespace },
    spec: { ports: [{ port: 80 }] },
    ...extra,
  };
}

function serviceExport(name: string, finalizers?: string[]): KubeObject {
  return {
    apiVersion: 'application-networking.k8s.aws/v1alpha1',
    kind: 'ServiceExport',
    metadata: {
      name,
      namespace: 'default',
      ...(finalizers ? { finalizers } : {}),
    },
    spec: { exportedPorts: [{ port: 80, routeType: 'HTTP' }] },
  };
}

function storeWithCrds(options?: { historyLimit?: number }): ObjectStore {
  const store = createObjectStore(options);
  for (const crd of loadProjectCrds()) store.create(CRD_RESOURCE, crd);
  return store;
}

describe('object store', () => {
  it('fills in metadata and counts generations only for changes outside metadata and status', () => {
    const store = storeWithCrds();
    const created = store.create(EXPORTS, serviceExport('checkout'));
    expect(created.metadata).toMatchObject({
      generation: 1,
      uid: expect.any(String),
      creationTimestamp: expect.any(String),
    });

    const labelled = store.mergePatch(EXPORTS, 'default', 'checkout', {
      metadata: { labels: { a: 'b' } },
    });
    expect(labelled.metadata.generation).toBe(1);
    expect(Number(labelled.metadata.resourceVersion)).toBeGreaterThan(
      Number(created.metadata.resourceVersion),
    );

    const changed = store.mergePatch(EXPORTS, 'default', 'checkout', {
      spec: { exportedPorts: [{ port: 81, routeType: 'GRPC' }] },
    });
    expect(changed.metadata.generation).toBe(2);
  });

  it('names objects from generateName and puts namespaced objects in an existing or new namespace', () => {
    const store = createObjectStore();
    const named = store.create(SERVICE_RESOURCE, {
      ...service(''),
      metadata: { name: '', generateName: 'web-', namespace: 'team-a' },
    });
    expect(named.metadata.name).toMatch(/^web-[a-z0-9]{5}$/);
    expect(store.get(NAMESPACE_RESOURCE, undefined, 'team-a')?.status).toEqual({
      phase: 'Active',
    });
    expect(
      store.list(NAMESPACE_RESOURCE).map(namespace => namespace.metadata.name),
    ).toEqual(['default', 'team-a']);
  });

  it('treats a resourceVersion in a patch as a precondition', () => {
    const store = createObjectStore();
    const created = store.create(SERVICE_RESOURCE, service('web'));
    store.mergePatch(SERVICE_RESOURCE, 'default', 'web', {
      metadata: { labels: { a: 'b' } },
    });
    const stale = thrownKubeApiError(() =>
      store.mergePatch(SERVICE_RESOURCE, 'default', 'web', {
        metadata: {
          resourceVersion: created.metadata.resourceVersion,
          labels: { a: 'c' },
        },
      }),
    );
    expect(stale.code).toBe(409);
    const current = store.get(SERVICE_RESOURCE, 'default', 'web')!;
    const patched = store.patch(SERVICE_RESOURCE, 'default', 'web', 'json', [
      { op: 'replace', path: '/metadata/labels/a', value: 'd' },
    ]);
    expect(Number(patched.metadata.resourceVersion)).toBeGreaterThan(
      Number(current.metadata.resourceVersion),
    );
  });

  it('refuses stale updates, and treats an update that changes nothing as no write', () => {
    const store = createObjectStore();
    const events: StoreEvent[] = [];
    const created = store.create(SERVICE_RESOURCE, service('web'));
    store.subscribe(event => events.push(event));

    const same = store.update(SERVICE_RESOURCE, created);
    expect(same.metadata.resourceVersion).toBe(
      created.metadata.resourceVersion,
    );
    expect(events).toEqual([]);

    store.update(SERVICE_RESOURCE, {
      ...created,
      metadata: { ...created.metadata, labels: { a: 'b' } },
    });
    const stale = thrownKubeApiError(() =>
      store.update(SERVICE_RESOURCE, {
        ...created,
        metadata: { ...created.metadata, labels: { a: 'c' } },
      }),
    );
    expect(stale.status).toMatchObject({
      code: 409,
      reason: 'Conflict',
      details: { name: 'web', kind: 'services' },
    });
  });

  it('keeps status on main-resource writes and changes only status through the subresource', () => {
    const store = createObjectStore();
    store.create(SERVICE_RESOURCE, service('lb'));
    const ingress = { loadBalancer: { ingress: [{ ip: '1.2.3.4' }] } };
    const main = store.mergePatch(SERVICE_RESOURCE, 'default', 'lb', {
      status: ingress,
      metadata: { labels: { a: 'b' } },
    });
    expect(main.status).toEqual({ loadBalancer: {} });
    const status = store.mergePatch(
      SERVICE_RESOURCE,
      'default',
      'lb',
      { status: ingress, metadata: { labels: { a: 'c' } } },
      { subresource: 'status', fieldManager: 'controller' },
    );
    expect(status.status).toEqual(ingress);
    expect(status.metadata.labels).toEqual({ a: 'b' });
    expect(
      status.metadata.managedFields?.find(
        entry => entry.manager === 'controller',
      ),
    ).toMatchObject({
      operation: 'Update',
      subresource: 'status',
    });
  });

  it('marks objects with finalizers as deleting and deletes them when the last finalizer goes', () => {
    const store = storeWithCrds();
    store.create(
      EXPORTS,
      serviceExport('checkout', ['serviceexport.k8s.aws/resources']),
    );
    const events: StoreEvent[] = [];
    store.subscribe(event => events.push(event));

    const marked = store.delete(EXPORTS, 'default', 'checkout');
    expect(marked.metadata.deletionTimestamp).toBeDefined();
    expect(marked.metadata.generation).toBe(2);
    expect(
      store.delete(EXPORTS, 'default', 'checkout').metadata.resourceVersion,
    ).toBe(marked.metadata.resourceVersion);

    const refused = thrownKubeApiError(() =>
      store.mergePatch(EXPORTS, 'default', 'checkout', {
        metadata: { finalizers: ['serviceexport.k8s.aws/resources', 'x/y'] },
      }),
    );
    expect(refused.status.details?.causes?.[0]).toMatchObject({
      field: 'metadata.finalizers',
      reason: 'FieldValueForbidden',
    });

    store.mergePatch(EXPORTS, 'default', 'checkout', {
      metadata: { finalizers: null },
    });
    expect(store.get(EXPORTS, 'default', 'checkout')).toBeUndefined();
    expect(events.map(event => event.type)).toEqual(['MODIFIED', 'DELETED']);
  });

  it('deletes a namespace with its objects, waiting for finalizers while Terminating', () => {
    const store = storeWithCrds();
    store.create(SERVICE_RESOURCE, service('web', 'shop'));
    store.create(EXPORTS, {
      ...serviceExport('checkout', ['keep/me']),
      metadata: {
        name: 'checkout',
        namespace: 'shop',
        finalizers: ['keep/me'],
      },
    });

    const terminating = store.delete(NAMESPACE_RESOURCE, undefined, 'shop');
    expect(terminating.status).toEqual({ phase: 'Terminating' });
    expect(store.get(SERVICE_RESOURCE, 'shop', 'web')).toBeUndefined();
    expect(
      thrownKubeApiError(() =>
        store.create(SERVICE_RESOURCE, service('late', 'shop')),
      ).code,
    ).toBe(403);

    store.mergePatch(EXPORTS, 'shop', 'checkout', {
      metadata: { finalizers: null },
    });
    expect(store.get(NAMESPACE_RESOURCE, undefined, 'shop')).toBeUndefined();
    expect(
      thrownKubeApiError(() =>
        store.delete(NAMESPACE_RESOURCE, undefined, 'default'),
      ).code,
    ).toBe(403);
  });

  it('serves a CRD once it is accepted, in every served version, and forgets it with its objects on delete', () => {
    const store = storeWithCrds();
    const crd = store.get(
      CRD_RESOURCE,
      undefined,
      'httproutes.gateway.networking.k8s.io',
    )!;
    expect(
      (crd.status as { conditions: Array<{ type: string; status: string }> })
        .conditions,
    ).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ type: 'Established', status: 'True' }),
        expect.objectContaining({ type: 'NamesAccepted', status: 'True' }),
      ]),
    );
    const route: KubeObject = {
      apiVersion: 'gateway.networking.k8s.io/v1beta1',
      kind: 'HTTPRoute',
      metadata: { name: 'r', namespace: 'default' },
      spec: { parentRefs: [{ name: 'network' }] },
    };
    expect(store.create(ROUTES, route).apiVersion).toBe(
      'gateway.networking.k8s.io/v1beta1',
    );
    expect(store.get(ROUTES, 'default', 'r')?.apiVersion).toBe(
      'gateway.networking.k8s.io/v1',
    );

    const events: StoreEvent[] = [];
    store.subscribe(event => events.push(event));
    store.delete(
      CRD_RESOURCE,
      undefined,
      'httproutes.gateway.networking.k8s.io',
    );
    expect(
      events.map(event => `${event.type} ${event.resource.plural}`),
    ).toEqual(['DELETED httproutes', 'DELETED customresourcedefinitions']);
    expect(
      store.resourceType('gateway.networking.k8s.io', 'v1', 'httproutes'),
    ).toBeUndefined();
    expect(
      thrownKubeApiError(() => store.get(ROUTES, 'default', 'r')).code,
    ).toBe(404);
  });

  it('refuses an invalid CRD with 422', () => {
    const store = createObjectStore();
    const [crd] = loadProjectCrds();
    const broken = {
      ...crd,
      spec: { ...(crd.spec as object), scope: 'Galactic' },
    };
    expect(
      thrownKubeApiError(() => store.create(CRD_RESOURCE, broken)).status,
    ).toMatchObject({
      code: 422,
      reason: 'Invalid',
      details: { causes: [expect.objectContaining({ field: 'spec.scope' })] },
    });
  });

  it('writes nothing on a dry run', () => {
    const store = createObjectStore();
    const before = store.currentResourceVersion();
    const dry = store.create(SERVICE_RESOURCE, service('dry'), {
      dryRun: true,
    });
    expect(dry.metadata.uid).toBeDefined();
    expect(store.get(SERVICE_RESOURCE, 'default', 'dry')).toBeUndefined();
    expect(store.currentResourceVersion()).toBe(before);
  });

  it('delivers changes in order even when a listener writes while being told', () => {
    const store = createObjectStore();
    const seen: string[] = [];
    store.subscribe(event => {
      if (event.object.metadata.name === 'first')
        store.create(SERVICE_RESOURCE, service('second'));
    });
    store.subscribe(event =>
      seen.push(
        `${event.object.metadata.name}@${event.object.metadata.resourceVersion}`,
      ),
    );
    store.create(SERVICE_RESOURCE, service('first'));
    expect(seen).toEqual(['first@2', 'second@3']);
  });

  it('replays recent changes, reads past states, and reports compacted history as 410 Expired', () => {
    const store = createObjectStore({ historyLimit: 5 });
    const start = store.currentResourceVersion();
    store.create(SERVICE_RESOURCE, service('a'));
    const afterA = store.currentResourceVersion();
    store.create(SERVICE_RESOURCE, service('b'));
    expect(
      store.eventsSince(start).map(event => event.object.metadata.name),
    ).toEqual(['a', 'b']);
    expect(
      store
        .listPage(SERVICE_RESOURCE, {
          resourceVersion: afterA,
          resourceVersionMatch: 'Exact',
        })
        .items.map(item => item.metadata.name),
    ).toEqual(['a']);

    for (const name of ['c', 'd', 'e', 'f'])
      store.create(SERVICE_RESOURCE, service(name));
    expect(
      thrownKubeApiError(() => store.eventsSince(start)).status,
    ).toMatchObject({
      code: 410,
      reason: 'Expired',
    });
    expect(
      thrownKubeApiError(() =>
        store.listPage(SERVICE_RESOURCE, {
          resourceVersion: start,
          resourceVersionMatch: 'Exact',
        }),
      ).code,
    ).toBe(410);
  });

  it('validates built-in kinds as a real server does', () => {
    const store = createObjectStore();
    const refused = thrownKubeApiError(() =>
      store.create(
        SERVICE_RESOURCE,
        service('Bad_Name', 'default', { spec: { ports: [{ port: 0 }] } }),
      ),
    );
    expect(refused.status.details?.causes?.map(cause => cause.field)).toEqual([
      'metadata.name',
      'spec.ports[0].port',
    ]);
    expect(refused.message).toMatch(
      /^Service "Bad_Name" is invalid: \[metadata\.name: Invalid value: "Bad_Name": a DNS-1035 label/,
    );
  });
});
