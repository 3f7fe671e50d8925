import http from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import type { TLSSocket } from 'node:tls';
import { ConfigReader } from '@backstage/config';
import { DefaultAwsCredentialsManager } from '@backstage/integration-aws-node';
import {
  KINDS,
  LATTICE_ANNOTATIONS,
} from '@service-network/backstage-plugin-service-network-common';
import { generateServingCertificate } from '@service-network/simulated-fleet';
import type { ClusterConfig } from '../config/serviceNetworkConfig';
import {
  compactHistory,
  configFor,
  Fleet,
  startDemoFleet,
} from '../inventory/__testUtils__/fleet';
import type { KubeObject } from '../inventory/snapshot';
import { ClusterRequestError } from './errors';
import { EKS_TOKEN_PREFIX } from './eksToken';
import { KubernetesClusterClient } from './KubernetesClusterClient';
import { FIELD_MANAGER, WatchEvent } from './types';

jest.setTimeout(60_000);

let fleet: Fleet;
let writable: ClusterConfig;

beforeAll(async () => {
  fleet = await startDemoFleet();
  writable = configFor(fleet, { token: 'token' }).clusters.find(
    c => c.name === 'workload-1',
  )!;
});

afterAll(() => fleet.close());

afterEach(() => {
  for (const cluster of fleet.clusters) cluster.server.faults.reset();
});

function exportManifest(
  name: string,
  annotations: Record<string, string> = {},
): KubeObject {
  return {
    apiVersion: 'application-networking.k8s.aws/v1alpha1',
    kind: 'ServiceExport',
    metadata: { name, namespace: 'default', annotations },
    spec: { exportedPorts: [{ port: 80, routeType: 'HTTP' }] },
  };
}

async function failureOf(
  promise: Promise<unknown>,
): Promise<ClusterRequestError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ClusterRequestError);
  return error as ClusterRequestError;
}

describe('KubernetesClusterClient', () => {
  it('lists page by page, with the resourceVersion to watch from', async () => {
    const client = await KubernetesClusterClient.create(writable);
    const first = await client.list(KINDS.service, { limit: 2 });
    expect(first.items).toHaveLength(2);
    expect(first.continue).toBeTruthy();
    expect(first.resourceVersion).toMatch(/^\d+$/);
    const names = first.items.map(item => item.metadata.name);
    let page = first;
    while (page.continue) {
      page = await client.list(KINDS.service, {
        limit: 2,
        continue: page.continue,
      });
      names.push(...page.items.map(item => item.metadata.name));
    }
    const stored = fleet
      .cluster('workload-1')
      .store.list({ group: '', plural: 'services' });
    expect(names.sort()).toEqual(stored.map(s => s.metadata.name).sort());
  });

  it('filters with a field selector', async () => {
    const client = await KubernetesClusterClient.create(writable);
    const { items } = await client.list(KINDS.service, {
      fieldSelector: 'metadata.name=service-3',
    });
    expect(items.map(item => item.metadata.name)).toEqual(['service-3']);
  });

  it('watches changes after a resourceVersion until aborted', async () => {
    const client = await KubernetesClusterClient.create(writable);
    const { resourceVersion } = await client.list(KINDS.latticeServiceExport);
    const events: WatchEvent[] = [];
    const handle = await client.watch(
      KINDS.latticeServiceExport,
      { resourceVersion },
      event => events.push(event),
    );
    await client.apply(exportManifest('watched'));
    await client.delete(KINDS.latticeServiceExport, {
      namespace: 'default',
      name: 'watched',
    });
    await fleet.idle();
    await new Promise(resolve => setTimeout(resolve, 200));
    handle.abort();
    await handle.done;
    const seen = events
      .filter(e => e.object.metadata.name === 'watched')
      .map(e => e.type);
    expect(seen[0]).toBe('ADDED');
    expect(seen[seen.length - 1]).toBe('DELETED');
  });

  it('applies server-side as backstage-service-network, without taking over other managers unless forced', async () => {
    const client = await KubernetesClusterClient.create(writable);
    const applied = await client.apply(
      exportManifest('applied', {
        [LATTICE_ANNOTATIONS.federation]: 'amazon-vpc-lattice',
      }),
    );
    expect(applied.metadata.uid).toBeTruthy();
    const managers = (
      applied.metadata as {
        managedFields?: Array<{ manager: string; operation: string }>;
      }
    ).managedFields;
    expect(managers).toContainEqual(
      expect.objectContaining({ manager: FIELD_MANAGER, operation: 'Apply' }),
    );

    // service-1's export was applied by the fleet's seed, which owns its annotation.
    const conflict = await failureOf(
      client.apply(
        exportManifest('service-1', {
          [LATTICE_ANNOTATIONS.federation]: 'something-else',
        }),
      ),
    );
    expect(conflict.statusCode).toBe(409);
    expect(conflict.reason).toMatch(/^conflict \(409 Conflict\)/);
    const forced = await client.apply(
      exportManifest('service-1', {
        [LATTICE_ANNOTATIONS.federation]: 'something-else',
      }),
      {
        force: true,
      },
    );
    expect(forced.metadata.annotations?.[LATTICE_ANNOTATIONS.federation]).toBe(
      'something-else',
    );
  });

  it('gets objects, and answers undefined for missing ones', async () => {
    const client = await KubernetesClusterClient.create(writable);
    const found = await client.get(KINDS.service, {
      namespace: 'default',
      name: 'service-2',
    });
    expect(found?.metadata.name).toBe('service-2');
    expect(
      await client.get(KINDS.service, {
        namespace: 'default',
        name: 'no-such-service',
      }),
    ).toBeUndefined();
  });

  it('deletes, and answers false when the object was already gone', async () => {
    const client = await KubernetesClusterClient.create(writable);
    await client.apply(exportManifest('short-lived'));
    expect(
      await client.delete(KINDS.latticeServiceExport, {
        namespace: 'default',
        name: 'short-lived',
      }),
    ).toBe(true);
    expect(
      await client.delete(KINDS.latticeServiceExport, {
        namespace: 'default',
        name: 'short-lived',
      }),
    ).toBe(false);
  });

  it('explains refused credentials and missing permissions', async () => {
    const wrongToken = await KubernetesClusterClient.create({
      ...writable,
      auth: { provider: 'serviceAccount', token: 'nope' },
    });
    const refused = await failureOf(wrongToken.list(KINDS.service));
    expect(refused.statusCode).toBe(401);
    expect(refused.reason).toMatch(
      /rejected the credentials \(401 Unauthorized\)/,
    );

    const readOnly = await KubernetesClusterClient.create(
      configFor(fleet).clusters.find(c => c.name === 'workload-1')!,
    );
    const denied = await failureOf(
      readOnly.apply(exportManifest('not-allowed')),
    );
    expect(denied.statusCode).toBe(403);
    expect(denied.reason).toMatch(/^access denied \(403 Forbidden\)/);
  });

  it('fails in plain words when the cluster is unreachable or too slow', async () => {
    const server = fleet.cluster('workload-1').server;
    server.faults.unreachable = true;
    const client = await KubernetesClusterClient.create(writable);
    expect((await failureOf(client.list(KINDS.service))).reason).toMatch(
      /^connection (reset|closed before an answer)$/,
    );

    server.faults.reset();
    const untrusting = await KubernetesClusterClient.create({
      ...writable,
      caData: undefined,
    });
    expect((await failureOf(untrusting.list(KINDS.service))).reason).toMatch(
      /^the server's TLS certificate is not trusted \(/,
    );

    server.faults.latencyMs = 2_000;
    const impatient = await KubernetesClusterClient.create(writable, {
      requestTimeoutMs: 200,
    });
    expect((await failureOf(impatient.list(KINDS.service))).reason).toBe(
      'no answer within 200 ms',
    );
    expect(
      (
        await failureOf(
          impatient.get(KINDS.service, {
            namespace: 'default',
            name: 'service-1',
          }),
        )
      ).reason,
    ).toBe('no answer within 200 ms');
  });

  it('ends a watch the server cut off, and reports a resourceVersion it no longer holds as 410 Gone', async () => {
    const client = await KubernetesClusterClient.create(writable);
    const { resourceVersion } = await client.list(KINDS.service);
    const handle = await client.watch(
      KINDS.service,
      { resourceVersion },
      () => undefined,
    );
    fleet.cluster('workload-1').server.faults.dropWatches();
    await expect(handle.done).resolves.toBeUndefined();

    compactHistory(fleet.cluster('workload-1'));
    const expired = await client.watch(
      KINDS.service,
      { resourceVersion },
      () => undefined,
    );
    const gone = await failureOf(expired.done);
    expect(gone.statusCode).toBe(410);
  });

  it('reuses one connection and TLS session per cluster, with a connection of its own for every watch', async () => {
    const tls = generateServingCertificate();
    /** Per TLS connection the server accepted: whether it resumed an earlier session. */
    const handshakes: boolean[] = [];
    const authorizations: string[] = [];
    const server = https.createServer(
      { cert: tls.cert, key: tls.key },
      (request, response) => {
        authorizations.push(request.headers.authorization ?? '');
        response.writeHead(200, { 'content-type': 'application/json' });
        if (request.url?.includes('watch=true')) {
          response.flushHeaders();
          return;
        }
        response.end(
          JSON.stringify({ metadata: { resourceVersion: '7' }, items: [] }),
        );
      },
    );
    server.on('secureConnection', (socket: TLSSocket) =>
      handshakes.push(socket.isSessionReused()),
    );
    await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
    try {
      const client = await KubernetesClusterClient.create({
        ...writable,
        url: `https://127.0.0.1:${(server.address() as AddressInfo).port}`,
        caData: tls.caData,
        auth: { provider: 'serviceAccount', token: 'the-token' },
      });

      await client.list(KINDS.service);
      await client.list(KINDS.service);
      expect(handshakes).toEqual([false]);

      // More watches than a connection cap would let through, and a list besides; quiet watches
      // stay open past the test's deadline, so none frees a connection for a queued one.
      const watches = await Promise.all(
        Array.from({ length: 12 }, () =>
          client.watch(
            KINDS.service,
            { resourceVersion: '7', idleTimeoutMs: 60_000 },
            () => undefined,
          ),
        ),
      );
      await client.list(KINDS.service);
      for (const watch of watches) watch.abort();

      // The first watch took the pooled connection; every new one resumed the first TLS session.
      expect(handshakes).toHaveLength(13);
      expect(handshakes.slice(1).every(resumed => resumed)).toBe(true);
      expect(authorizations).toHaveLength(15);
      expect(new Set(authorizations)).toEqual(new Set(['Bearer the-token']));
    } finally {
      server.closeAllConnections();
      server.close();
    }
  }, 10_000);

  it('authenticates to EKS clusters with a token naming the cluster', async () => {
    const seen: string[] = [];
    const server = http.createServer((request, response) => {
      seen.push(request.headers.authorization ?? '');
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end(
        JSON.stringify({ metadata: { resourceVersion: '7' }, items: [] }),
      );
    });
    await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
    try {
      const credentialsManager = DefaultAwsCredentialsManager.fromConfig(
        new ConfigReader({
          aws: {
            mainAccount: {
              accessKeyId: 'AKIDEXAMPLE',
              secretAccessKey: 'secret',
            },
          },
        }),
      );
      const client = await KubernetesClusterClient.create(
        {
          ...writable,
          url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
          auth: { provider: 'aws', clusterId: 'payments-prod' },
        },
        { credentialsManager },
      );
      expect(await client.list(KINDS.service)).toEqual({
        items: [],
        resourceVersion: '7',
      });
      const [scheme, token] = seen[0].split(' ');
      expect(scheme).toBe('Bearer');
      expect(token.startsWith(EKS_TOKEN_PREFIX)).toBe(true);
      const url = new URL(
        Buffer.from(
          token.slice(EKS_TOKEN_PREFIX.length),
          'base64url',
        ).toString(),
      );
      expect(url.searchParams.get('X-Amz-SignedHeaders')).toBe(
        'host;x-k8s-aws-id',
      );
      expect(url.searchParams.get('X-Amz-Credential')).toMatch(
        /^AKIDEXAMPLE\//,
      );
    } finally {
      server.close();
    }
  });
});
