import {
  EntityServiceNetworkStatus,
  WorkloadClusterStatus,
} from '@service-network/backstage-plugin-service-network-common';
import { exportResponse } from '../../__testUtils__/requests';
import {
  entityStatus,
  notExportedCluster,
  targetGroup,
  workloadCluster,
} from '../../__testUtils__/status';
import { FollowedWrite, mergeRetry, writeProgress } from './writeProgress';

const STARTED = new Date('2026-11-21T10:00:00Z');

const exportOf = (clusters: string[]): FollowedWrite => ({
  kind: 'export',
  request: { clusters, ports: [{ port: 80, routeType: 'HTTP' }] },
  response: exportResponse(
    clusters.map(cluster => ({ cluster, outcome: 'applied' })),
  ),
  startedAt: STARTED,
});

function withCluster(
  cluster: WorkloadClusterStatus,
): EntityServiceNetworkStatus {
  return entityStatus({ clusters: [cluster] });
}

/** The steps of workload-1 as `label: state` lines. */
function stepsOf(write: FollowedWrite, status: EntityServiceNetworkStatus) {
  return writeProgress(write, status).clusters[0].steps.map(
    step => `${step.label}: ${step.state}`,
  );
}

const exported = workloadCluster('workload-1');
const seenNotPickedUp = workloadCluster('workload-1', {
  state: 'pending',
  stateReason: 'Waiting for the controller.',
  export: { ...exported.export!, pickedUp: false },
  targetGroups: [],
});
const pickedUp = workloadCluster('workload-1', {
  state: 'pending',
  stateReason: 'Waiting for target groups.',
  targetGroups: [targetGroup('workload-1', { status: 'CREATE_IN_PROGRESS' })],
});

describe('writeProgress', () => {
  it('advances step by step as the controller picks the export up, its target groups turn active and targets pass health checks', () => {
    const write = exportOf(['workload-1']);

    expect(
      stepsOf(write, withCluster(notExportedCluster('workload-1'))),
    ).toEqual([
      'Applied: done',
      'Picked up by the controller: active',
      'Target groups active: waiting',
      'Targets healthy: waiting',
    ]);
    expect(stepsOf(write, withCluster(seenNotPickedUp))).toEqual([
      'Applied: done',
      'Picked up by the controller: active',
      'Target groups active: waiting',
      'Targets healthy: waiting',
    ]);
    expect(stepsOf(write, withCluster(pickedUp))).toEqual([
      'Applied: done',
      'Picked up by the controller: done',
      'Target groups active: active',
      'Targets healthy: waiting',
    ]);
    const progress = writeProgress(write, withCluster(exported));
    expect(progress.clusters[0].steps.map(s => s.state)).toEqual([
      'done',
      'done',
      'done',
      'done',
    ]);
    expect(progress.settled).toBe(true);
    expect(writeProgress(write, withCluster(pickedUp)).settled).toBe(false);
  });

  it('counts targets nobody routes to yet as reached, saying why they are UNUSED', () => {
    const unused = workloadCluster('workload-1', {
      state: 'unused',
      stateReason: 'No route uses the target groups.',
    });

    const progress = writeProgress(
      exportOf(['workload-1']),
      withCluster(unused),
    );

    expect(progress.settled).toBe(true);
    expect(progress.clusters[0].steps[3]).toEqual({
      label: 'Targets healthy',
      state: 'done',
      detail:
        'UNUSED: no route uses it yet, so VPC Lattice does not health-check the targets',
    });
  });

  it('fails the awaited step with the controller warning seen since the write, ignoring older ones', () => {
    const warning = {
      type: 'Warning',
      reason: 'FailedDeployModel',
      message: 'ConflictException: target group is CREATE_IN_PROGRESS',
      count: 1,
    };
    const old = workloadCluster('workload-1', {
      ...pickedUp,
      events: [{ ...warning, lastSeen: '2026-11-21T09:00:00Z' }],
    });
    const fresh = workloadCluster('workload-1', {
      ...pickedUp,
      events: [{ ...warning, lastSeen: '2026-11-21T10:00:05Z' }],
    });
    const write = exportOf(['workload-1']);

    expect(writeProgress(write, withCluster(old)).clusters[0].failed).toBe(
      false,
    );
    const progress = writeProgress(write, withCluster(fresh));
    expect(progress.clusters[0].steps[2]).toEqual({
      label: 'Target groups active',
      state: 'failed',
      detail:
        'FailedDeployModel: ConflictException: target group is CREATE_IN_PROGRESS',
    });
    expect(progress.settled).toBe(true);
  });

  it('reports a cluster whose write failed, and only it as the one to write again', () => {
    const write: FollowedWrite = {
      ...exportOf(['workload-1', 'workload-2']),
      response: exportResponse([
        { cluster: 'workload-1', outcome: 'applied' },
        {
          cluster: 'workload-2',
          outcome: 'failed',
          error: 'connect ECONNREFUSED',
        },
      ]),
    };
    const status = entityStatus({
      clusters: [exported, notExportedCluster('workload-2')],
    });

    const progress = writeProgress(write, status);

    expect(progress.failedWrites).toEqual(['workload-2']);
    expect(progress.clusters[1].steps[0]).toEqual({
      label: 'Applied',
      state: 'failed',
      detail: 'connect ECONNREFUSED',
    });
    const retried = mergeRetry(
      write,
      exportResponse([{ cluster: 'workload-2', outcome: 'applied' }]),
    );
    expect(retried.response.results.map(r => r.outcome)).toEqual([
      'applied',
      'applied',
    ]);
  });

  it('follows an unexport until the ServiceExport is gone', () => {
    const write: FollowedWrite = {
      kind: 'unexport',
      request: { clusters: ['workload-1'] },
      response: exportResponse([{ cluster: 'workload-1', outcome: 'deleted' }]),
      startedAt: STARTED,
    };
    const deleting = workloadCluster('workload-1', {
      state: 'deleting',
      export: { ...exported.export!, deleting: true },
    });

    expect(stepsOf(write, withCluster(deleting))).toEqual([
      'Deleted: done',
      'Removed by the controller: active',
    ]);
    expect(
      writeProgress(write, withCluster(notExportedCluster('workload-1')))
        .settled,
    ).toBe(true);
  });

  describe("a provider's own export (Cilium's annotation)", () => {
    const annotation = {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: {
        name: 'service-1',
        namespace: 'default',
        annotations: { 'service.cilium.io/global': 'true' },
      },
    };
    const cilium = (
      state: 'not-exported' | 'healthy' | 'degraded',
      stateReason: string,
    ): WorkloadClusterStatus =>
      workloadCluster('workload-1', {
        export: undefined,
        targetGroups: [],
        providers: [
          {
            provider: 'cilium-clustermesh',
            title: 'Cilium Cluster Mesh (global service)',
            exportKind: { group: '', version: 'v1', kind: 'Service' },
            exported: state !== 'not-exported',
            state,
            stateReason,
            callName:
              state === 'not-exported'
                ? undefined
                : 'service-1.default.svc.cluster.local',
          },
        ],
      });

    it('is followed by the provider state, not the AWS controller steps', () => {
      const write: FollowedWrite = {
        kind: 'export',
        request: { clusters: ['workload-1'], provider: 'cilium-clustermesh' },
        response: exportResponse([
          { cluster: 'workload-1', outcome: 'applied', object: annotation },
        ]),
        startedAt: STARTED,
      };

      expect(
        stepsOf(write, withCluster(cilium('not-exported', 'Not global here.'))),
      ).toEqual([
        'Applied: done',
        'Live through the provider (Cilium Cluster Mesh (global service)): active',
      ]);
      const live = writeProgress(
        write,
        withCluster(cilium('healthy', 'Global: calls reach workload-1.')),
      );
      expect(live.settled).toBe(true);
      expect(live.clusters[0].steps[1].detail).toBe(
        'service-1.default.svc.cluster.local',
      );
      expect(
        stepsOf(write, withCluster(cilium('degraded', 'Not global in workload-2.'))),
      ).toContain(
        'Live through the provider (Cilium Cluster Mesh (global service)): warning',
      );
    });

    it('is released once the provider no longer calls it exported', () => {
      const write: FollowedWrite = {
        kind: 'unexport',
        request: { clusters: ['workload-1'], provider: 'cilium-clustermesh' },
        response: exportResponse([
          { cluster: 'workload-1', outcome: 'deleted', object: annotation },
        ]),
        startedAt: STARTED,
      };

      expect(
        stepsOf(write, withCluster(cilium('healthy', 'Global.'))),
      ).toEqual(['Deleted: done', 'Removed by the controller: active']);
      expect(
        writeProgress(write, withCluster(cilium('not-exported', 'Not global.')))
          .settled,
      ).toBe(true);
    });
  });

  it("follows the requested provider where several export as a field of the Service (Cilium's annotation, Linkerd's label)", () => {
    const label = {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: {
        name: 'service-1',
        namespace: 'default',
        labels: { 'mirror.linkerd.io/exported': 'true' },
      },
    };
    const both = workloadCluster('workload-1', {
      export: undefined,
      targetGroups: [],
      providers: [
        {
          provider: 'cilium-clustermesh',
          title: 'Cilium Cluster Mesh (global service)',
          exportKind: { group: '', version: 'v1', kind: 'Service' },
          exported: false,
          state: 'not-exported',
          stateReason: 'Not a global service.',
        },
        {
          provider: 'linkerd',
          title: 'Linkerd multicluster (service mirror)',
          exportKind: { group: '', version: 'v1', kind: 'Service' },
          exported: true,
          state: 'pending',
          stateReason: 'Exported (gateway mode); workload-2 has no mirror yet.',
        },
      ],
    });
    const write: FollowedWrite = {
      kind: 'export',
      request: { clusters: ['workload-1'], provider: 'linkerd' },
      response: exportResponse([
        { cluster: 'workload-1', outcome: 'applied', object: label },
      ]),
      startedAt: STARTED,
    };

    expect(stepsOf(write, withCluster(both))).toEqual([
      'Applied: done',
      'Live through the provider (Linkerd multicluster (service mirror)): active',
    ]);
  });
});
