import { X509Certificate } from 'node:crypto';
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
import {
  bearerToken,
  compactHistory,
  connectionFor,
  Fleet,
  startDemoFleet,
} from '../inventory/__testUtils__/fleet';
import type { KubeObject } from '../inventory/snapshot';
import { ClusterRequestError } from './errors';
import { ownCredentials, reusedCredentials } from './credentials';
import { EKS_TOKEN_PREFIX } from './eksToken';
import {
  ClusterConnection,
  KubernetesClusterClient,
} from './KubernetesClusterClient';
import { FIELD_MANAGER, WatchEvent } from './types';

jest.setTimeout(60_000);

let fleet: Fleet;
let writable: ClusterConnection;
let writableToken: string;

beforeAll(async () => {
  fleet = await startDemoFleet();
  writable = connectionFor(fleet.cluster('workload-1'));
  writableToken = fleet.cluster('workload-1').token;
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

  it('asks the server with dryRun=All: it validates and answers, and nothing is written', async () => {
    const client = await KubernetesClusterClient.create(writable);
    const ref = { namespace: 'default', name: 'dry-run' };
    const dry = await client.apply(exportManifest('dry-run'), { dryRun: true });
    expect(dry.metadata.uid).toBeTruthy();
    expect(await client.get(KINDS.latticeServiceExport, ref)).toBeUndefined();
    const refused = await failureOf(
      client.apply(
        {
          ...exportManifest('dry-run'),
          spec: { exportedPorts: [{ port: 80, routeType: 'FOO' }] },
        },
        { dryRun: true },
      ),
    );
    expect(refused.statusCode).toBe(422);
    expect(refused.reason).toContain('Unsupported value: "FOO"');

    await client.apply(exportManifest('dry-run'));
    expect(
      await client.delete(KINDS.latticeServiceExport, ref, { dryRun: true }),
    ).toBe(true);
    expect(await client.get(KINDS.latticeServiceExport, ref)).toBeDefined();
    await client.delete(KINDS.latticeServiceExport, ref);
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
      credentials: bearerToken('nope'),
    });
    const refused = await failureOf(wrongToken.list(KINDS.service));
    expect(refused.statusCode).toBe(401);
    expect(refused.reason).toMatch(
      /rejected the credentials \(401 Unauthorized\)/,
    );

    const workload1 = fleet.cluster('workload-1');
    const readOnly = await KubernetesClusterClient.create(
      connectionFor(workload1, workload1.readOnlyToken),
    );
    const denied = await failureOf(
      readOnly.apply(exportManifest('not-allowed')),
    );
    expect(denied.statusCode).toBe(403);
    expect(denied.reason).toMatch(/^access denied \(403 Forbidden\)/);
  });

  it('asks for a fresh credential once the cluster refuses one, as an expired token is', async () => {
    const issued: string[] = [];
    const credentials = reusedCredentials(async () => {
      // The first token has expired by the time it is used; the next is good.
      const token = issued.length ? writableToken : 'expired-token';
      issued.push(token);
      return { type: 'bearer token', token };
    });
    const client = await KubernetesClusterClient.create({
      ...writable,
      credentials,
    });
    expect((await failureOf(client.list(KINDS.service))).statusCode).toBe(401);
    expect((await client.list(KINDS.service)).items.length).toBeGreaterThan(0);
    expect(issued).toEqual(['expired-token', writableToken]);
  });

  it('presents a client certificate when the credential is one, and a new one when it changes', async () => {
    const serving = generateServingCertificate();
    const clientCertificates = [
      generateServingCertificate(),
      generateServingCertificate(),
    ];
    const presented: string[] = [];
    const server = https.createServer(
      {
        cert: serving.cert,
        key: serving.key,
        // Which certificate arrives is what is checked; trust is the API server's business.
        requestCert: true,
        rejectUnauthorized: false,
      },
      (request, response) => {
        const socket = request.socket as TLSSocket;
        presented.push(socket.getPeerCertificate().fingerprint256 ?? '');
        response.writeHead(200, { 'content-type': 'application/json' });
        // The generated client reads discovery before an object.
        const discovery = {
          kind: 'APIResourceList',
          groupVersion: 'v1',
          resources: [{ name: 'services', namespaced: true, kind: 'Service' }],
        };
        response.end(
          JSON.stringify(
            request.url === '/api/v1'
              ? discovery
              : { metadata: { resourceVersion: '7' }, items: [] },
          ),
        );
      },
    );
    await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
    try {
      let current = clientCertificates[0];
      const client = await KubernetesClusterClient.create({
        name: 'pinniped',
        url: `https://127.0.0.1:${(server.address() as AddressInfo).port}`,
        caData: serving.caData,
        credentials: {
          get: async () => ({
            type: 'x509 client certificate',
            cert: current.cert,
            key: current.key,
          }),
          refused: () => undefined,
        },
      });
      await client.list(KINDS.service);
      await client.get(KINDS.service, { namespace: 'default', name: 'x' });
      current = clientCertificates[1];
      await client.list(KINDS.service);
      const fingerprints = clientCertificates.map(
        c => new X509Certificate(c.cert).fingerprint256,
      );
      // The list, then the generated client's discovery and get, then the list with the new certificate.
      expect(presented).toEqual([
        fingerprints[0],
        fingerprints[0],
        fingerprints[0],
        fingerprints[1],
      ]);
    } finally {
      server.closeAllConnections();
      server.close();
    }
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

  it('ends a watch the server cut off, and reports a resourceVersion it no longer holds as 410 Gone, keeping the connection', async () => {
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
    // Every connection the simulated API server accepts goes through its faults.
    const { faults } = fleet.cluster('workload-1').server as unknown as {
      faults: { admitConnection(socket: unknown): void };
    };
    const admitted = jest.spyOn(faults, 'admitConnection');
    const gone = await failureOf(expired.done);
    expect(gone.statusCode).toBe(410);
    // The relist after it goes over the same connection: no new TLS handshake for each expired watch.
    await client.list(KINDS.service);
    expect(admitted).not.toHaveBeenCalled();
    admitted.mockRestore();
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
        credentials: bearerToken('the-token'),
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
      const serverUrl = `http://127.0.0.1:${
        (server.address() as AddressInfo).port
      }`;
      const client = await KubernetesClusterClient.create({
        name: 'payments-prod',
        url: serverUrl,
        credentials: await ownCredentials(
          {
            url: serverUrl,
            auth: { provider: 'aws', clusterId: 'payments-prod' },
            skipTLSVerify: false,
          },
          credentialsManager,
          'payments-prod',
        ),
      });
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
