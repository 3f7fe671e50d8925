import {
  createMockDirectory,
  mockCredentials,
  mockServices,
} from '@backstage/backend-test-utils';
import { ActionContext } from '@backstage/plugin-scaffolder-node';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import type { JsonValue } from '@backstage/types';
import type {
  ClusterWriteOutcome,
  ExportResponse,
} from '@internal/plugin-service-network-common';
import http from 'node:http';
import { AddressInfo } from 'node:net';
import { createServiceNetworkExportAction } from './export';

interface ReceivedRequest {
  method?: string;
  path?: string;
  authorization?: string;
  body: any;
}

/** Our backend's export endpoint, played on loopback: records requests, answers what the test says. */
async function startBackendStandIn() {
  const received: ReceivedRequest[] = [];
  let answer = { status: 500, body: {} as unknown };
  const server = http.createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
    received.push({
      method: req.method,
      path: req.url,
      authorization: req.headers.authorization,
      body,
    });
    res.writeHead(answer.status, { 'content-type': 'application/json' });
    res.end(JSON.stringify(answer.body));
  });
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    received,
    answerWith(status: number, body: unknown) {
      answer = { status, body };
    },
    close: () => new Promise(resolve => server.close(resolve)),
  };
}

function serviceExport(name: string) {
  return {
    apiVersion: 'application-networking.k8s.aws/v1alpha1',
    kind: 'ServiceExport',
    metadata: {
      name,
      namespace: 'default',
      annotations: {
        'application-networking.k8s.aws/federation': 'amazon-vpc-lattice',
      },
    },
  };
}

function exportResponse(
  dryRun: boolean,
  outcomes: Record<string, ClusterWriteOutcome>,
): ExportResponse {
  return {
    entityRef: 'component:default/service-5',
    service: { namespace: 'default', name: 'service-5' },
    dryRun,
    results: Object.entries(outcomes).map(([cluster, outcome]) =>
      outcome === 'failed'
        ? { cluster, outcome, error: 'the cluster did not answer in time' }
        : {
            cluster,
            outcome,
            object: serviceExport('service-5'),
            resourceVersion: '7',
          },
    ),
    warnings: [],
  };
}

/** Checkpoints as the scaffolder keeps them for a recovered task: a success is stored as JSON and reused, a failure is not. */
function recoverableCheckpoints() {
  const saved = new Map<string, JsonValue>();
  const checkpoint = jest.fn(
    async (opts: { key: string; fn: () => Promise<JsonValue> }) => {
      if (saved.has(opts.key)) return saved.get(opts.key);
      const value = await opts.fn();
      saved.set(opts.key, JSON.parse(JSON.stringify(value)));
      return value;
    },
  );
  return {
    saved,
    checkpoint: checkpoint as ActionContext<any, any>['checkpoint'],
  };
}

describe('service-network:export', () => {
  let backend: Awaited<ReturnType<typeof startBackendStandIn>>;
  const alice = mockCredentials.user('user:default/alice');
  const workspace = createMockDirectory();

  beforeEach(async () => {
    backend = await startBackendStandIn();
  });
  afterEach(() => backend.close());

  function action() {
    return createServiceNetworkExportAction({
      discovery: mockServices.discovery.mock({
        getBaseUrl: async pluginId => `${backend.url}/api/${pluginId}`,
      }),
      auth: mockServices.auth(),
    });
  }

  /** createMockActionContext takes only some fields; the rest are laid over it. */
  function context(
    input: Record<string, unknown>,
    overrides: Partial<ActionContext<any, any>> = {},
  ): ActionContext<any, any> {
    return {
      ...createMockActionContext<any, any>({
        input,
        logger: mockServices.logger.mock(),
        workspacePath: workspace.path,
      }),
      getInitiatorCredentials: async () => alice,
      ...overrides,
    };
  }

  it('in a dry run, asks the backend for a plan and writes no checkpoint', async () => {
    backend.answerWith(200, exportResponse(true, { 'workload-1': 'planned' }));
    const checkpoint = jest.fn();
    const ctx = context(
      {
        entityRef: 'component:default/service-5',
        clusters: ['workload-1'],
        ports: [{ port: 8080, routeType: 'HTTP' }],
      },
      { isDryRun: true, checkpoint },
    );

    await action().handler(ctx);

    expect(backend.received).toEqual([
      expect.objectContaining({
        method: 'POST',
        path: '/api/service-network/entities/default/component/service-5/export',
        body: {
          clusters: ['workload-1'],
          ports: [{ port: 8080, routeType: 'HTTP' }],
          dryRun: true,
        },
      }),
    ]);
    expect(checkpoint).not.toHaveBeenCalled();
    expect(ctx.output).toHaveBeenCalledWith('clusters', ['workload-1']);
    expect(ctx.output).toHaveBeenCalledWith('objects', [
      serviceExport('service-5'),
    ]);
    expect(ctx.logger.info).toHaveBeenCalledWith(
      'workload-1: ServiceExport default/service-5 would be applied',
    );
  });

  it('exports inside a checkpoint, as the user who runs the template, and outputs what was applied', async () => {
    backend.answerWith(
      200,
      exportResponse(false, {
        'workload-1': 'applied',
        'workload-2': 'unchanged',
      }),
    );
    const { saved, checkpoint } = recoverableCheckpoints();
    const ctx = context(
      { entityRef: 'component:default/service-5' },
      { checkpoint },
    );

    await action().handler(ctx);

    expect(backend.received).toHaveLength(1);
    expect(backend.received[0].body).toEqual({ dryRun: false });
    expect(backend.received[0].authorization).toBe(
      mockCredentials.service.header({
        onBehalfOf: alice,
        targetPluginId: 'service-network',
      }),
    );
    expect(saved.size).toBe(1);
    expect(ctx.output).toHaveBeenCalledWith(
      'entityRef',
      'component:default/service-5',
    );
    expect(ctx.output).toHaveBeenCalledWith('clusters', [
      'workload-1',
      'workload-2',
    ]);
    expect(ctx.output).toHaveBeenCalledWith('objects', [
      serviceExport('service-5'),
      serviceExport('service-5'),
    ]);
    expect(ctx.output).toHaveBeenCalledWith('results', [
      { cluster: 'workload-1', outcome: 'applied', resourceVersion: '7' },
      { cluster: 'workload-2', outcome: 'unchanged', resourceVersion: '7' },
    ]);
    expect(ctx.logger.info).toHaveBeenCalledWith(
      'workload-1: ServiceExport default/service-5 applied',
    );
    expect(ctx.logger.info).toHaveBeenCalledWith(
      'workload-2: ServiceExport default/service-5 already as requested, unchanged',
    );
  });

  it('reads a short entity ref as a Component in the default namespace and treats an empty cluster list as every cluster', async () => {
    backend.answerWith(200, exportResponse(false, { 'workload-1': 'applied' }));
    const ctx = context({ entityRef: 'service-5', clusters: [], ports: [] });

    await action().handler(ctx);

    expect(backend.received[0].path).toBe(
      '/api/service-network/entities/default/component/service-5/export',
    );
    expect(backend.received[0].body).toEqual({ dryRun: false });
    expect(ctx.output).toHaveBeenCalledWith(
      'entityRef',
      'component:default/service-5',
    );
  });

  it('does not export again when a recovered task finds the checkpoint done', async () => {
    backend.answerWith(200, exportResponse(false, { 'workload-2': 'applied' }));
    const { checkpoint } = recoverableCheckpoints();
    const input = { entityRef: 'service-5', clusters: ['workload-2'] };

    await action().handler(context(input, { checkpoint }));
    const recovered = context(input, { checkpoint });
    await action().handler(recovered);

    expect(backend.received).toHaveLength(1);
    expect(recovered.output).toHaveBeenCalledWith('clusters', ['workload-2']);
    expect(recovered.output).toHaveBeenCalledWith('objects', [
      serviceExport('service-5'),
    ]);
    expect(recovered.logger.info).toHaveBeenCalledWith(
      'component:default/service-5 was exported by an earlier attempt of this task; not asking again',
    );

    await action().handler(
      context({ ...input, clusters: ['workload-1'] }, { checkpoint }),
    );
    expect(backend.received).toHaveLength(2);
  });

  it.each([
    [400, 'InputError', 'routeType must be one of HTTP, GRPC, TLS'],
    [403, 'NotAllowedError', 'You may not export component:default/service-5'],
    [404, 'NotFoundError', 'No entity named component:default/service-5'],
  ])(
    'fails with the backend message when it answers %i',
    async (status, name, message) => {
      backend.answerWith(status, { error: { name, message } });

      await expect(
        action().handler(context({ entityRef: 'service-5' })),
      ).rejects.toThrow(
        `Exporting component:default/service-5 failed with HTTP ${status}: ${message}`,
      );
    },
  );

  it('names the clusters that failed when only some did, and exports again on retry', async () => {
    backend.answerWith(
      502,
      exportResponse(false, {
        'workload-1': 'applied',
        'workload-2': 'failed',
      }),
    );
    const { saved, checkpoint } = recoverableCheckpoints();
    const input = { entityRef: 'service-5' };

    await expect(
      action().handler(context(input, { checkpoint })),
    ).rejects.toThrow(
      'Exporting component:default/service-5 failed in 1 of 2 clusters (done in workload-1): workload-2: the cluster did not answer in time',
    );
    expect(saved.size).toBe(0);

    backend.answerWith(
      200,
      exportResponse(false, {
        'workload-1': 'unchanged',
        'workload-2': 'applied',
      }),
    );
    const retried = context(input, { checkpoint });
    await action().handler(retried);
    expect(backend.received).toHaveLength(2);
    expect(retried.output).toHaveBeenCalledWith('clusters', [
      'workload-1',
      'workload-2',
    ]);
  });
});
