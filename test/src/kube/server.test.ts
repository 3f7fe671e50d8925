import type {
  CoreV1Api,
  KubernetesObject,
  KubernetesObjectApi,
} from '@kubernetes/client-node';
import {
  ClientNode,
  READ_ONLY_TOKEN,
  startTestCluster,
  TestCluster,
} from './__testUtils__/testCluster';

const SERVICE_EXPORT = {
  apiVersion: 'application-networking.k8s.aws/v1alpha1',
  kind: 'ServiceExport',
};
const EXPORTS = {
  group: 'application-networking.k8s.aws',
  plural: 'serviceexports',
};

interface Failure {
  code: number;
  body: {
    reason?: string;
    message?: string;
    code?: number;
    details?: {
      causes?: Array<{ reason?: string; field?: string; message?: string }>;
    };
  };
}

async function failureOf(promise: Promise<unknown>): Promise<Failure> {
  try {
    await promise;
  } catch (error: any) {
    const body =
      typeof error.body === 'string' ? JSON.parse(error.body) : error.body;
    return { code: error.code, body };
  }
  throw new Error('expected the request to fail');
}

function service(
  name: string,
  labels: Record<string, string> = {},
): KubernetesObject {
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name, namespace: 'default', labels },
    spec: { ports: [{ port: 80 }] },
  } as KubernetesObject;
}

type ObjectHeader = Parameters<KubernetesObjectApi['read']>[0];

/** A generic patch as a field manager, with the given content type. */
function patchWith(
  client: KubernetesObjectApi,
  object: KubernetesObject,
  fieldManager: string,
  strategy: Parameters<KubernetesObjectApi['patch']>[5],
  force?: boolean,
) {
  return client.patch(
    object,
    undefined,
    undefined,
    fieldManager,
    force,
    strategy,
  );
}

/** What a generic read needs to address a ServiceExport. */
function exportHeader(name: string): ObjectHeader {
  return { ...SERVICE_EXPORT, metadata: { name, namespace: 'default' } };
}

function serviceExport(name: string, routeType = 'HTTP'): KubernetesObject {
  return {
    ...SERVICE_EXPORT,
    metadata: {
      name,
      namespace: 'default',
      annotations: {
        'application-networking.k8s.aws/federation': 'amazon-vpc-lattice',
      },
    },
    spec: { exportedPorts: [{ port: 80, routeType }] },
  } as KubernetesObject;
}

describe('simulated API server with @kubernetes/client-node', () => {
  let cluster: TestCluster;
  let objects: KubernetesObjectApi;
  let core: CoreV1Api;

  let PatchStrategy: ClientNode['PatchStrategy'];

  beforeEach(async () => {
    cluster = await startTestCluster();
    PatchStrategy = cluster.client.PatchStrategy;
    objects = cluster.client.KubernetesObjectApi.makeApiClient(
      cluster.kubeConfig(),
    );
    core = cluster.kubeConfig().makeApiClient(cluster.client.CoreV1Api);
  });

  afterEach(() => cluster.server.close());

  it('creates, reads, lists, replaces and deletes through discovery-driven generic calls', async () => {
    const created = await objects.create(service('web', { app: 'web' }));
    expect(created.metadata?.uid).toBeTruthy();
    expect((created as any).spec.clusterIP).toMatch(/^10\.96\./);

    const read = await objects.read({
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 'web', namespace: 'default' },
    });
    expect(read.metadata?.resourceVersion).toBe(
      created.metadata?.resourceVersion,
    );

    const list = await objects.list('v1', 'Service', 'default');
    expect(list.items.map(item => item.metadata?.name)).toEqual(['web']);

    const replaced = await objects.replace({
      ...read,
      metadata: { ...read.metadata, labels: { app: 'web', tier: 'front' } },
    });
    expect(Number(replaced.metadata?.resourceVersion)).toBeGreaterThan(
      Number(read.metadata?.resourceVersion),
    );

    await objects.delete(replaced);
    const missing = await failureOf(
      core.readNamespacedService({ name: 'web', namespace: 'default' }),
    );
    expect(missing.code).toBe(404);
    expect(missing.body).toMatchObject({
      reason: 'NotFound',
      message: 'services "web" not found',
    });
  });

  it('applies server-side: creates, keeps the resourceVersion on the same intent, refuses another manager, and yields to force', async () => {
    const first = await patchWith(
      objects,
      serviceExport('checkout'),
      'backstage',
      PatchStrategy.ServerSideApply,
    );
    expect(first.metadata?.managedFields?.[0]).toMatchObject({
      manager: 'backstage',
      operation: 'Apply',
    });

    const again = await patchWith(
      objects,
      serviceExport('checkout'),
      'backstage',
      PatchStrategy.ServerSideApply,
    );
    expect(again.metadata?.resourceVersion).toBe(
      first.metadata?.resourceVersion,
    );
    expect(again.metadata?.managedFields).toEqual(
      first.metadata?.managedFields,
    );

    const conflict = await failureOf(
      patchWith(
        objects,
        serviceExport('checkout', 'GRPC'),
        'someone-else',
        PatchStrategy.ServerSideApply,
      ),
    );
    expect(conflict.code).toBe(409);
    expect(conflict.body.reason).toBe('Conflict');
    expect(conflict.body.message).toBe(
      'Apply failed with 1 conflict: conflict with "backstage" using application-networking.k8s.aws/v1alpha1: .spec.exportedPorts',
    );
    expect(conflict.body.details?.causes).toEqual([
      {
        reason: 'FieldManagerConflict',
        message:
          'conflict with "backstage" using application-networking.k8s.aws/v1alpha1',
        field: '.spec.exportedPorts',
      },
    ]);

    const forced = await patchWith(
      objects,
      serviceExport('checkout', 'GRPC'),
      'someone-else',
      PatchStrategy.ServerSideApply,
      true,
    );
    expect((forced as any).spec.exportedPorts[0].routeType).toBe('GRPC');
    expect(
      forced.metadata?.managedFields?.find(
        entry => entry.manager === 'backstage',
      )?.fieldsV1,
    ).toEqual({
      'f:metadata': {
        'f:annotations': { 'f:application-networking.k8s.aws/federation': {} },
      },
    });
  });

  it('requires a field manager for apply, as a real server does', async () => {
    const refused = await failureOf(
      objects.patch(
        serviceExport('checkout'),
        undefined,
        undefined,
        undefined,
        undefined,
        PatchStrategy.ServerSideApply,
      ),
    );
    expect(refused.code).toBe(422);
    expect(refused.body.message).toBe(
      'PatchOptions.meta.k8s.io "" is invalid: fieldManager: Required value: is required for apply patch',
    );
  });

  it('removes fields a manager stops applying', async () => {
    await patchWith(
      objects,
      serviceExport('checkout'),
      'backstage',
      PatchStrategy.ServerSideApply,
    );
    const trimmed = serviceExport('checkout');
    delete trimmed.metadata!.annotations;
    const result = await patchWith(
      objects,
      trimmed,
      'backstage',
      PatchStrategy.ServerSideApply,
    );
    expect(result.metadata?.annotations).toBeUndefined();
  });

  it('refuses an invalid custom object with 422 naming the field', async () => {
    const refused = await failureOf(
      objects.create(serviceExport('bad', 'FOO')),
    );
    expect(refused.code).toBe(422);
    expect(refused.body.message).toBe(
      'ServiceExport.application-networking.k8s.aws "bad" is invalid: spec.exportedPorts[0].routeType: Unsupported value: "FOO": supported values: "HTTP", "GRPC", "TLS"',
    );
    expect(refused.body.details?.causes).toEqual([
      {
        reason: 'FieldValueNotSupported',
        field: 'spec.exportedPorts[0].routeType',
        message:
          'Unsupported value: "FOO": supported values: "HTTP", "GRPC", "TLS"',
      },
    ]);
  });

  it('answers 409 Conflict to an update from a stale resourceVersion', async () => {
    const created = await objects.create(service('web'));
    await objects.replace({
      ...created,
      metadata: { ...created.metadata, labels: { changed: 'yes' } },
    });
    const stale = await failureOf(
      objects.replace({
        ...created,
        metadata: { ...created.metadata, labels: { changed: 'no' } },
      }),
    );
    expect(stale.code).toBe(409);
    expect(stale.body).toMatchObject({
      reason: 'Conflict',
      message:
        'Operation cannot be fulfilled on services "web": the object has been modified; please apply your changes to the latest version and try again',
    });
  });

  it('pages with limit and continue over a consistent snapshot while others write', async () => {
    for (const name of ['a', 'b', 'c', 'd', 'e'])
      await objects.create(service(name));
    const first = await core.listNamespacedService({
      namespace: 'default',
      limit: 2,
    });
    expect(first.items.map(item => item.metadata?.name)).toEqual(['a', 'b']);
    expect(first.metadata?.remainingItemCount).toBe(3);

    await objects.create(service('bb'));
    await objects.delete(service('d'));

    const names: string[] = [];
    let token = first.metadata?._continue;
    while (token) {
      const page = await core.listNamespacedService({
        namespace: 'default',
        limit: 2,
        _continue: token,
      });
      expect(page.metadata?.resourceVersion).toBe(
        first.metadata?.resourceVersion,
      );
      names.push(...page.items.map(item => item.metadata!.name!));
      token = page.metadata?._continue;
    }
    expect(names).toEqual(['c', 'd', 'e']);
    const fresh = await core.listNamespacedService({ namespace: 'default' });
    expect(fresh.items.map(item => item.metadata?.name)).toEqual([
      'a',
      'b',
      'bb',
      'c',
      'e',
    ]);
  });

  it('selects by label and by field, and refuses unsupported fields with 400', async () => {
    await objects.create(service('web', { app: 'shop', tier: 'front' }));
    await objects.create(service('db', { app: 'shop', tier: 'back' }));
    await objects.create(service('other'));
    const names = async (query: {
      labelSelector?: string;
      fieldSelector?: string;
    }) =>
      (await core.listServiceForAllNamespaces(query)).items.map(
        item => item.metadata?.name,
      );

    expect(await names({ labelSelector: 'app=shop,tier!=back' })).toEqual([
      'web',
    ]);
    expect(await names({ labelSelector: 'tier in (front,back)' })).toEqual([
      'db',
      'web',
    ]);
    expect(await names({ labelSelector: '!app' })).toEqual(['other']);
    expect(await names({ fieldSelector: 'metadata.name=db' })).toEqual(['db']);

    await core.createNamespacedEvent({
      namespace: 'default',
      body: {
        metadata: { name: 'checkout.1' },
        involvedObject: {
          kind: 'ServiceExport',
          name: 'checkout',
          namespace: 'default',
        },
        reason: 'FailedBuildModel',
        type: 'Warning',
        message: 'service not found',
      },
    });
    const events = await core.listNamespacedEvent({
      namespace: 'default',
      fieldSelector:
        'involvedObject.kind=ServiceExport,reason=FailedBuildModel',
    });
    expect(events.items.map(event => event.metadata?.name)).toEqual([
      'checkout.1',
    ]);

    const refused = await failureOf(
      core.listServiceForAllNamespaces({ fieldSelector: 'spec.ports=80' }),
    );
    expect(refused).toEqual({
      code: 400,
      body: expect.objectContaining({
        reason: 'BadRequest',
        message: 'field label not supported: spec.ports',
      }),
    });
  });

  it('keeps an object with finalizers until the last one is removed', async () => {
    const exported = serviceExport('checkout');
    exported.metadata!.finalizers = ['serviceexport.k8s.aws/resources'];
    await objects.create(exported);

    await objects.delete(exported);
    const deleting = await objects.read(exportHeader('checkout'));
    expect(deleting.metadata?.deletionTimestamp).toBeTruthy();
    expect(deleting.metadata?.generation).toBe(2);

    const added = await failureOf(
      patchWith(
        objects,
        {
          ...exported,
          metadata: {
            ...exported.metadata,
            finalizers: ['serviceexport.k8s.aws/resources', 'another/one'],
          },
        },
        'test',
        PatchStrategy.MergePatch,
      ),
    );
    expect(added.code).toBe(422);

    await patchWith(
      objects,
      {
        ...SERVICE_EXPORT,
        metadata: { name: 'checkout', namespace: 'default', finalizers: null },
      } as any,
      'test',
      PatchStrategy.MergePatch,
    );
    expect((await failureOf(objects.read(exportHeader('checkout')))).code).toBe(
      404,
    );
  });

  it('patches custom objects with merge and JSON patches, and refuses strategic merge with 415', async () => {
    const custom = cluster
      .kubeConfig()
      .makeApiClient(cluster.client.CustomObjectsApi);
    await objects.create(serviceExport('checkout'));
    const merged: any = await patchWith(
      objects,
      {
        ...SERVICE_EXPORT,
        metadata: {
          name: 'checkout',
          namespace: 'default',
          labels: { team: 'a' },
        },
      } as KubernetesObject,
      'test',
      PatchStrategy.MergePatch,
    );
    expect(merged.metadata.labels).toEqual({ team: 'a' });

    const patched: any = await custom.patchNamespacedCustomObject({
      ...EXPORTS,
      version: 'v1alpha1',
      namespace: 'default',
      name: 'checkout',
      body: [
        { op: 'replace', path: '/spec/exportedPorts/0/port', value: 8080 },
      ],
    });
    expect(patched.spec.exportedPorts[0].port).toBe(8080);

    const failedTest = await failureOf(
      custom.patchNamespacedCustomObject({
        ...EXPORTS,
        version: 'v1alpha1',
        namespace: 'default',
        name: 'checkout',
        body: [{ op: 'test', path: '/spec/exportedPorts/0/port', value: 1 }],
      }),
    );
    expect(failedTest.code).toBe(422);

    const strategic = await failureOf(
      patchWith(
        objects,
        serviceExport('checkout'),
        'test',
        PatchStrategy.StrategicMergePatch,
      ),
    );
    expect(strategic.code).toBe(415);
    expect(strategic.body.message).toBe(
      'the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml',
    );
  });

  it('merges Service ports by key in a strategic merge patch', async () => {
    await core.createNamespacedService({
      namespace: 'default',
      body: {
        metadata: { name: 'web' },
        spec: { ports: [{ name: 'http', port: 80 }] },
      },
    });
    const patched = await patchWith(
      objects,
      {
        apiVersion: 'v1',
        kind: 'Service',
        metadata: { name: 'web', namespace: 'default' },
        spec: { ports: [{ name: 'https', port: 443 }] },
      } as KubernetesObject,
      'test',
      PatchStrategy.StrategicMergePatch,
    );
    expect(
      (patched as any).spec.ports.map((port: { port: number }) => port.port),
    ).toEqual([80, 443]);
  });

  it('writes status only through the status subresource of a kind that has one', async () => {
    await core.createNamespacedService({
      namespace: 'default',
      body: {
        metadata: { name: 'lb' },
        spec: { type: 'LoadBalancer', ports: [{ port: 80 }] },
      },
    });
    // The generated client sends JSON patches.
    const setIngress = [
      {
        op: 'add',
        path: '/status/loadBalancer/ingress',
        value: [{ ip: '1.2.3.4' }],
      },
    ];
    const ignored = await core.patchNamespacedService({
      name: 'lb',
      namespace: 'default',
      body: setIngress,
    });
    expect(ignored.status?.loadBalancer?.ingress).toBeUndefined();
    const written = await core.patchNamespacedServiceStatus({
      name: 'lb',
      namespace: 'default',
      body: setIngress,
    });
    expect(written.status?.loadBalancer?.ingress).toEqual([{ ip: '1.2.3.4' }]);
  });

  it('answers 401 without a valid token and 403 to writes with a read-only token', async () => {
    const anonymous = await fetch(`${cluster.server.url}/api`);
    expect(anonymous.status).toBe(401);
    expect(await anonymous.json()).toMatchObject({
      kind: 'Status',
      reason: 'Unauthorized',
      code: 401,
    });
    const wrong = await failureOf(
      cluster
        .kubeConfig('wrong')
        .makeApiClient(cluster.client.CoreV1Api)
        .listNamespace(),
    );
    expect(wrong.code).toBe(401);

    const readOnly = cluster.client.KubernetesObjectApi.makeApiClient(
      cluster.kubeConfig(READ_ONLY_TOKEN),
    );
    await objects.create(serviceExport('x'));
    expect((await readOnly.read(exportHeader('x'))).metadata?.name).toBe('x');
    const denied = await failureOf(
      patchWith(
        readOnly,
        serviceExport('x'),
        'ro',
        PatchStrategy.ServerSideApply,
      ),
    );
    expect(denied.code).toBe(403);
    expect(denied.body).toMatchObject({
      reason: 'Forbidden',
      message:
        'serviceexports.application-networking.k8s.aws "x" is forbidden: User "read-only" cannot patch resource "serviceexports" in API group "application-networking.k8s.aws" in the namespace "default"',
    });
  });

  it('serves discovery with preferred versions and 404s unknown resources and paths', async () => {
    const authorized = {
      headers: { Authorization: 'Bearer read-write-token' },
    };
    const groups = await (
      await fetch(`${cluster.server.url}/apis`, authorized)
    ).json();
    const gateway = groups.groups.find(
      (group: { name: string }) => group.name === 'gateway.networking.k8s.io',
    );
    expect(gateway.preferredVersion).toEqual({
      groupVersion: 'gateway.networking.k8s.io/v1',
      version: 'v1',
    });
    const core1 = await (
      await fetch(`${cluster.server.url}/api/v1`, authorized)
    ).json();
    expect(
      core1.resources.map((resource: { name: string }) => resource.name),
    ).toEqual(
      expect.arrayContaining([
        'services',
        'services/status',
        'namespaces',
        'events',
      ]),
    );

    const unknown = await fetch(
      `${cluster.server.url}/apis/example.com/v1/widgets`,
      authorized,
    );
    expect(unknown.status).toBe(404);
    expect(await unknown.json()).toMatchObject({
      message: 'the server could not find the requested resource',
    });
    expect(
      (await fetch(`${cluster.server.url}/nowhere`, authorized)).status,
    ).toBe(404);
  });

  it('fails writes but spares dry runs at writeErrorRate', async () => {
    cluster.server.faults.writeErrorRate = 1;
    try {
      await objects.create(service('spared'), undefined, 'All');
      expect([500, 503]).toContain(
        (await failureOf(objects.create(service('failed')))).code,
      );
    } finally {
      cluster.server.faults.reset();
    }
  });

  it('validates and answers dry runs without storing', async () => {
    const dry = await objects.create(service('dry'), undefined, 'All');
    expect(dry.metadata?.name).toBe('dry');
    expect(
      (
        await failureOf(
          objects.read({
            apiVersion: 'v1',
            kind: 'Service',
            metadata: { name: 'dry', namespace: 'default' },
          }),
        )
      ).code,
    ).toBe(404);
  });

  it('deletes a collection by selector', async () => {
    await objects.create(service('a', { app: 'shop' }));
    await objects.create(service('b', { app: 'shop' }));
    await objects.create(service('c'));
    await core.deleteCollectionNamespacedService({
      namespace: 'default',
      labelSelector: 'app=shop',
    });
    const left = await core.listNamespacedService({ namespace: 'default' });
    expect(left.items.map(item => item.metadata?.name)).toEqual(['c']);
  });

  it('answers a Table to clients that ask for one, as kubectl get does', async () => {
    await objects.create(service('web'));
    const response = await fetch(
      `${cluster.server.url}/api/v1/namespaces/default/services`,
      {
        headers: {
          Authorization: 'Bearer read-write-token',
          Accept:
            'application/json;as=Table;v=v1;g=meta.k8s.io,application/json',
        },
      },
    );
    const table = await response.json();
    expect(table).toMatchObject({ kind: 'Table', apiVersion: 'meta.k8s.io/v1' });
    // The columns of pkg/printers' Service printer; Selector only with -o wide.
    expect(
      table.columnDefinitions.map(
        (column: { name: string; priority: number }) =>
          `${column.name}${column.priority ? ' (wide)' : ''}`,
      ),
    ).toEqual([
      'Name',
      'Type',
      'Cluster-IP',
      'External-IP',
      'Port(s)',
      'Age',
      'Selector (wide)',
    ]);
    expect(table.rows).toEqual([
      {
        cells: [
          'web',
          'ClusterIP',
          expect.stringMatching(/^10\.96\./),
          '<none>',
          '80/TCP',
          expect.stringMatching(/^\d+s$/),
          '<none>',
        ],
        object: expect.objectContaining({ kind: 'PartialObjectMetadata' }),
      },
    ]);
  });

  it('counts requests by verb and resource, and dry runs apart', async () => {
    cluster.server.requests.reset();
    await core.listNamespacedService({ namespace: 'default' });
    await core.createNamespacedService({
      namespace: 'default',
      body: service('counted'),
    });
    await core.createNamespacedService({
      namespace: 'default',
      body: service('dry-counted'),
      dryRun: 'All',
    });
    await core.readNamespacedService({ name: 'counted', namespace: 'default' });
    expect(cluster.server.requests.snapshot()).toEqual({
      total: 4,
      dryRuns: 1,
      byVerb: { list: 1, create: 1, get: 1 },
      byResource: { services: { list: 1, create: 1, get: 1 } },
    });
  });
});
