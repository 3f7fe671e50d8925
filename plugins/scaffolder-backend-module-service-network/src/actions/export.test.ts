import type {
  ClusterWriteOutcome,
  ExportResponse,
} from '@service-network/backstage-plugin-service-network-common';
import {
  actionContext as context,
  aliceOnBehalfHeader,
  backendStandInForEachTest,
  recoverableCheckpoints,
} from './__testUtils__/actionTestKit';
import { createServiceNetworkExportAction } from './export';

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

describe('service-network:export', () => {
  const backend = backendStandInForEachTest();
  const action = () => createServiceNetworkExportAction(backend.deps());

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
    expect(backend.received[0].authorization).toBe(aliceOnBehalfHeader);
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
