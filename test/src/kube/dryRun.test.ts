/*
 * dryRun=All on every write verb, as a real API server answers it: admission
 * and validation (CEL rules included) run and the answer is what the write
 * would store, but nothing is stored, no watch event goes out, the
 * resourceVersion does not move and nothing is allocated.
 */
import { CRD_RESOURCE } from './builtins';
import {
  startTestCluster,
  TestCluster,
  READ_WRITE_TOKEN,
} from './__testUtils__/testCluster';
import type { KubeObject, StoreEvent } from './types';

const EXPORTS_PATH =
  '/apis/application-networking.k8s.aws/v1alpha1/namespaces/shop/serviceexports';
const SERVICES_PATH = '/api/v1/namespaces/shop/services';
const CHECKS_PATH = '/apis/example.com/v1/namespaces/shop/checks';

const serviceExport = (name: string, extra: Record<string, unknown> = {}) => ({
  apiVersion: 'application-networking.k8s.aws/v1alpha1',
  kind: 'ServiceExport',
  metadata: { name, namespace: 'shop', ...extra },
  spec: { exportedPorts: [{ port: 80, routeType: 'HTTP' }] },
});

/** A kind with one CEL rule, to see that dry runs evaluate rules. */
const CHECKS_CRD: KubeObject = {
  apiVersion: 'apiextensions.k8s.io/v1',
  kind: 'CustomResourceDefinition',
  metadata: { name: 'checks.example.com' },
  spec: {
    group: 'example.com',
    names: { plural: 'checks', kind: 'Check' },
    scope: 'Namespaced',
    versions: [
      {
        name: 'v1',
        served: true,
        storage: true,
        schema: {
          openAPIV3Schema: {
            type: 'object',
            properties: {
              spec: {
                type: 'object',
                properties: { limit: { type: 'integer' } },
                'x-kubernetes-validations': [
                  { rule: 'self.limit < 10', message: 'limit is at most 9' },
                ],
              },
            },
          },
        },
      },
    ],
  },
};

describe('dryRun=All', () => {
  let cluster: TestCluster;
  let events: StoreEvent[] = [];

  const call = async (
    method: string,
    path: string,
    body?: unknown,
    contentType = 'application/json',
  ) => {
    const response = await fetch(`${cluster.server.url}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${READ_WRITE_TOKEN}`,
        'content-type': contentType,
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    return { status: response.status, body: await response.json() };
  };
  const store = () => cluster.server.store;
  const EXPORTS = {
    group: 'application-networking.k8s.aws',
    plural: 'serviceexports',
  };

  /** Runs a dry run and checks that it changed nothing at all. */
  const unchanged = async <T>(run: () => Promise<T>): Promise<T> => {
    const version = store().currentResourceVersion();
    const before = JSON.stringify([
      store().list(EXPORTS),
      store().list({ group: '', plural: 'services' }),
    ]);
    events = [];
    const result = await run();
    expect(store().currentResourceVersion()).toBe(version);
    expect(
      JSON.stringify([
        store().list(EXPORTS),
        store().list({ group: '', plural: 'services' }),
      ]),
    ).toBe(before);
    expect(events).toEqual([]);
    return result;
  };

  beforeAll(async () => {
    cluster = await startTestCluster();
    store().create(CRD_RESOURCE, CHECKS_CRD);
    store().subscribe(event => events.push(event));
    await call(
      'POST',
      EXPORTS_PATH,
      serviceExport('existing', { finalizers: ['example.com/hold'] }),
    );
    await call('POST', EXPORTS_PATH, serviceExport('other'));
    await call('POST', SERVICES_PATH, {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 'checkout' },
      spec: { ports: [{ port: 80 }] },
    });
  });

  afterAll(() => cluster.server.close());

  it('create answers 201 with what would be stored, generated fields included, and no resourceVersion', async () => {
    const { status, body } = await unchanged(() =>
      call(
        'POST',
        `${EXPORTS_PATH}?dryRun=All`,
        serviceExport('', { generateName: 'checkout-' }),
      ),
    );
    expect(status).toBe(201);
    expect(body.metadata).toEqual(
      expect.objectContaining({
        namespace: 'shop',
        generation: 1,
        uid: expect.any(String),
        creationTimestamp: expect.any(String),
      }),
    );
    expect(body.metadata.name).toMatch(/^checkout-[a-z0-9]{5}$/);
    expect(body.metadata.resourceVersion).toBeUndefined();
    expect(body.metadata.managedFields).toEqual([
      expect.objectContaining({ operation: 'Update' }),
    ]);
  });

  it('create of a Service allocates nothing for good', async () => {
    const dry = await unchanged(() =>
      call('POST', `${SERVICES_PATH}?dryRun=All`, {
        apiVersion: 'v1',
        kind: 'Service',
        metadata: { name: 'dry' },
        spec: { ports: [{ port: 80 }] },
      }),
    );
    const real = await call('POST', SERVICES_PATH, {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 'real' },
      spec: { ports: [{ port: 80 }] },
    });
    expect(real.body.spec.clusterIP).toBe(dry.body.spec.clusterIP);
  });

  it('validates: schema and CEL refusals are the same 422 as without dry run', async () => {
    const bad = {
      ...serviceExport('bad'),
      spec: { exportedPorts: [{ port: 80, routeType: 'FOO' }] },
    };
    expect(
      (await unchanged(() => call('POST', `${EXPORTS_PATH}?dryRun=All`, bad)))
        .status,
    ).toBe(422);
    const check = {
      apiVersion: 'example.com/v1',
      kind: 'Check',
      metadata: { name: 'c' },
      spec: { limit: 12 },
    };
    const refused = await unchanged(() =>
      call('POST', `${CHECKS_PATH}?dryRun=All`, check),
    );
    expect(refused.status).toBe(422);
    expect(refused.body.message).toBe(
      'Check.example.com "c" is invalid: spec: Invalid value: "object": limit is at most 9',
    );
  });

  it('update answers the updated object at the current resourceVersion', async () => {
    const current = store().get(EXPORTS, 'shop', 'existing')!;
    const changed = {
      ...current,
      spec: { exportedPorts: [{ port: 8080, routeType: 'HTTP' }] },
    };
    const { status, body } = await unchanged(() =>
      call('PUT', `${EXPORTS_PATH}/existing?dryRun=All`, changed),
    );
    expect(status).toBe(200);
    expect(body.spec.exportedPorts[0].port).toBe(8080);
    expect(body.metadata.resourceVersion).toBe(
      current.metadata.resourceVersion,
    );
    expect(body.metadata.generation).toBe(2);
  });

  it.each([
    [
      'merge',
      'application/merge-patch+json',
      { spec: { exportedPorts: [{ port: 9090, routeType: 'GRPC' }] } },
      EXPORTS_PATH,
    ],
    [
      'JSON',
      'application/json-patch+json',
      [{ op: 'replace', path: '/spec/exportedPorts/0/port', value: 9090 }],
      EXPORTS_PATH,
    ],
  ])(
    'a %s patch answers the patched object',
    async (_type, contentType, patch, path) => {
      const { status, body } = await unchanged(() =>
        call('PATCH', `${path}/existing?dryRun=All`, patch, contentType),
      );
      expect(status).toBe(200);
      expect(body.spec.exportedPorts[0].port).toBe(9090);
    },
  );

  it('a strategic merge patch of a Service answers the ports merged by port number', async () => {
    const { status, body } = await unchanged(() =>
      call(
        'PATCH',
        `${SERVICES_PATH}/checkout?dryRun=All`,
        { spec: { ports: [{ port: 80, targetPort: 8080 }] } },
        'application/strategic-merge-patch+json',
      ),
    );
    expect(status).toBe(200);
    expect(body.spec.ports).toEqual([
      expect.objectContaining({ port: 80, targetPort: 8080, protocol: 'TCP' }),
    ]);
  });

  it('server-side apply answers 201 for a new object and 200 for an existing one, with the manager recorded', async () => {
    const created = await unchanged(() =>
      call(
        'PATCH',
        `${EXPORTS_PATH}/new?dryRun=All&fieldManager=tester`,
        serviceExport('new'),
        'application/apply-patch+yaml',
      ),
    );
    expect(created.status).toBe(201);
    expect(created.body.metadata.managedFields).toEqual([
      expect.objectContaining({ manager: 'tester', operation: 'Apply' }),
    ]);
    const updated = await unchanged(() =>
      call(
        'PATCH',
        `${EXPORTS_PATH}/other?dryRun=All&fieldManager=tester&force=true`,
        {
          ...serviceExport('other'),
          spec: { exportedPorts: [{ port: 81, routeType: 'HTTP' }] },
        },
        'application/apply-patch+yaml',
      ),
    );
    expect(updated.status).toBe(200);
    expect(updated.body.spec.exportedPorts[0].port).toBe(81);
  });

  it('an apply conflict is reported as without dry run', async () => {
    const conflict = await unchanged(() =>
      call(
        'PATCH',
        `${EXPORTS_PATH}/other?dryRun=All&fieldManager=tester`,
        {
          ...serviceExport('other'),
          spec: { exportedPorts: [{ port: 81, routeType: 'HTTP' }] },
        },
        'application/apply-patch+yaml',
      ),
    );
    expect(conflict.status).toBe(409);
  });

  it('a status update answers the new status', async () => {
    await store().create(CRD_RESOURCE, {
      ...CHECKS_CRD,
      metadata: { name: 'probes.example.com' },
      spec: {
        ...(CHECKS_CRD.spec as object),
        names: { plural: 'probes', kind: 'Probe' },
        versions: [
          {
            name: 'v1',
            served: true,
            storage: true,
            subresources: { status: {} },
            schema: {
              openAPIV3Schema: {
                type: 'object',
                properties: {
                  status: {
                    type: 'object',
                    properties: { phase: { type: 'string' } },
                  },
                },
              },
            },
          },
        ],
      },
    });
    const created = await call(
      'POST',
      '/apis/example.com/v1/namespaces/shop/probes',
      { apiVersion: 'example.com/v1', kind: 'Probe', metadata: { name: 'p' } },
    );
    const version = store().currentResourceVersion();
    const { status, body } = await call(
      'PUT',
      '/apis/example.com/v1/namespaces/shop/probes/p/status?dryRun=All',
      { ...created.body, status: { phase: 'Ready' } },
    );
    expect(status).toBe(200);
    expect(body.status).toEqual({ phase: 'Ready' });
    expect(store().currentResourceVersion()).toBe(version);
    expect(
      store().get({ group: 'example.com', plural: 'probes' }, 'shop', 'p')
        ?.status,
    ).toBeUndefined();
  });

  it('delete answers the object, marked for deletion when finalizers hold it', async () => {
    const plain = await unchanged(() =>
      call('DELETE', `${EXPORTS_PATH}/other?dryRun=All`),
    );
    expect(plain.body.metadata).toEqual(
      expect.objectContaining({
        name: 'other',
        resourceVersion: expect.any(String),
      }),
    );
    expect(plain.body.metadata.deletionTimestamp).toBeUndefined();
    expect(store().get(EXPORTS, 'shop', 'other')).toBeDefined();
    const held = await unchanged(() =>
      call('DELETE', `${EXPORTS_PATH}/existing?dryRun=All`),
    );
    expect(held.body.metadata.deletionTimestamp).toEqual(expect.any(String));
    expect(
      store().get(EXPORTS, 'shop', 'existing')?.metadata.deletionTimestamp,
    ).toBeUndefined();
  });

  it('deletecollection answers the list it would delete', async () => {
    const { status, body } = await unchanged(() =>
      call('DELETE', `${EXPORTS_PATH}?dryRun=All`),
    );
    expect(status).toBe(200);
    expect(
      body.items.map((item: KubeObject) => item.metadata.name).sort(),
    ).toEqual(['existing', 'other']);
  });

  it('refuses dry-run values other than All', async () => {
    const { status, body } = await unchanged(() =>
      call('POST', `${EXPORTS_PATH}?dryRun=Some`, serviceExport('x')),
    );
    expect(status).toBe(422);
    expect(body.details.causes).toEqual([
      expect.objectContaining({
        field: 'dryRun',
        reason: 'FieldValueNotSupported',
      }),
    ]);
  });
});
