/*
 * How far an export (or its removal) has come in each cluster, read from the
 * write's answer and the entity's status as it is polled. Pure, so the steps
 * can be checked against any status.
 */
import {
  ClusterWriteResult,
  ControllerEvent,
  EntityServiceNetworkStatus,
  ExportRequest,
  ExportResponse,
  ProviderClusterStatus,
  ProviderId,
  StatusCondition,
  UnexportRequest,
  WorkloadClusterStatus,
} from '@service-network/backstage-plugin-service-network-common';

export type WriteKind = 'export' | 'unexport';

/** An export or unexport the user just made, followed until the controller has acted on it. */
export type FollowedWrite =
  | {
      kind: 'export';
      request: ExportRequest;
      response: ExportResponse;
      startedAt: Date;
    }
  | {
      kind: 'unexport';
      request: UnexportRequest;
      response: ExportResponse;
      startedAt: Date;
    };

/**
 * `done`, `active` (what is awaited now), `waiting` (after the active one),
 * `warning` (reached, with a problem of the Service itself, such as
 * unhealthy targets) or `failed` (cannot go on until something is fixed).
 */
export type StepState = 'done' | 'active' | 'waiting' | 'warning' | 'failed';

export interface ProgressStep {
  label: string;
  state: StepState;
  detail?: string;
}

export interface ClusterProgress {
  cluster: string;
  result: ClusterWriteResult;
  steps: ProgressStep[];
  /** Nothing more will happen without the user: every step reached, or one failed. */
  settled: boolean;
  failed: boolean;
}

export interface WriteProgress {
  kind: WriteKind;
  clusters: ClusterProgress[];
  settled: boolean;
  /** Clusters where the write itself failed: what a retry writes again. */
  failedWrites: string[];
}

type Judgement = Omit<ProgressStep, 'label'>;

interface StepCheck {
  label: string;
  judge: () => Judgement;
}

const STEP_LABELS = {
  applied: 'Applied',
  deleted: 'Deleted',
  pickedUp: 'Picked up by the controller',
  targetGroups: 'Target groups active',
  targets: 'Targets healthy',
  mcsValid: 'Accepted by the MCS controller',
  mcsReady: 'Ready in the clusterset',
  live: 'Live through the provider',
  released: 'Removed by the controller',
} as const;

function written(result: ClusterWriteResult): Judgement {
  switch (result.outcome) {
    case 'failed':
      return { state: 'failed', detail: result.error ?? 'the write failed' };
    case 'unchanged':
      return { state: 'done', detail: 'already as requested' };
    case 'absent':
      return { state: 'done', detail: 'there was no ServiceExport' };
    default:
      return { state: 'done' };
  }
}

/** Controller warnings since the write: older ones are about earlier attempts. */
function warningSince(
  cluster: WorkloadClusterStatus,
  startedAt: Date,
): ControllerEvent | undefined {
  return cluster.events.find(
    event =>
      event.type === 'Warning' &&
      (!event.lastSeen || new Date(event.lastSeen) >= startedAt),
  );
}

function awsExportChecks(
  cluster: WorkloadClusterStatus,
  status: EntityServiceNetworkStatus,
  startedAt: Date,
): StepCheck[] {
  const serviceExport = cluster.export;
  const warning = warningSince(cluster, startedAt);
  return [
    {
      label: STEP_LABELS.pickedUp,
      judge: () => {
        if (!serviceExport) {
          return {
            state: 'active',
            detail: 'waiting for the cluster watch to see the ServiceExport',
          };
        }
        if (!serviceExport.federated) {
          return {
            state: 'failed',
            detail:
              'the federation annotation is missing, so the controller ignores the export',
          };
        }
        if (serviceExport.pickedUp) return { state: 'done' };
        if (warning) {
          return {
            state: 'failed',
            detail: `${warning.reason}: ${warning.message}`,
          };
        }
        return {
          state: 'active',
          detail: 'waiting for the controller to add its finalizer',
        };
      },
    },
    {
      label: STEP_LABELS.targetGroups,
      judge: () => {
        const broken = cluster.targetGroups.find(
          group => group.status === 'CREATE_FAILED',
        );
        if (broken) {
          return {
            state: 'failed',
            detail: `${broken.name}: ${
              broken.failureMessage ?? broken.failureCode ?? 'CREATE_FAILED'
            }`,
          };
        }
        const expected = serviceExport?.legacyMode
          ? 1
          : serviceExport?.exportedPorts.length ?? 1;
        const active = cluster.targetGroups.filter(
          group => group.status === 'ACTIVE',
        ).length;
        if (active >= expected) {
          return { state: 'done', detail: `${active} active` };
        }
        if (warning) {
          return {
            state: 'failed',
            detail: `${warning.reason}: ${warning.message}`,
          };
        }
        const lattice =
          status.lattice.sync.state === 'synced'
            ? ''
            : ` (VPC Lattice data is ${status.lattice.sync.state})`;
        return {
          state: 'active',
          detail: `${active} of ${expected} active${lattice}`,
        };
      },
    },
    {
      label: STEP_LABELS.targets,
      judge: () => {
        switch (cluster.state) {
          case 'healthy':
            return { state: 'done', detail: cluster.stateReason };
          case 'unused':
            return {
              state: 'done',
              detail:
                'UNUSED: no route uses it yet, so VPC Lattice does not health-check the targets',
            };
          case 'degraded':
          case 'unhealthy':
            return { state: 'warning', detail: cluster.stateReason };
          default:
            return { state: 'active', detail: cluster.stateReason };
        }
      },
    },
  ];
}

function condition(
  conditions: StatusCondition[] | undefined,
  type: string,
): StatusCondition | undefined {
  return conditions?.find(c => c.type === type);
}

function conditionJudgement(
  found: StatusCondition | undefined,
  awaiting: string,
): Judgement {
  if (found?.status === 'True') return { state: 'done' };
  if (found?.status === 'False') {
    return {
      state: 'failed',
      detail: [found.reason, found.message].filter(Boolean).join(': '),
    };
  }
  return { state: 'active', detail: awaiting };
}

function mcsExportChecks(cluster: WorkloadClusterStatus): StepCheck[] {
  const conditions = cluster.mcsExport?.conditions;
  return [
    {
      label: STEP_LABELS.mcsValid,
      judge: () =>
        conditionJudgement(
          condition(conditions, 'Valid'),
          'waiting for the Valid condition',
        ),
    },
    {
      label: STEP_LABELS.mcsReady,
      judge: () => {
        const judged = conditionJudgement(
          condition(conditions, 'Ready'),
          'waiting for the Ready condition',
        );
        return judged.state === 'done'
          ? { state: 'done', detail: cluster.mcsExport?.clustersetDnsName }
          : judged;
      },
    },
  ];
}

/**
 * The provider entry the write was for: the requested provider's, else the
 * one whose export kind the written object is, by group and kind (several
 * providers export as a field of the Service: Cilium, Linkerd).
 */
function writtenEntry(
  cluster: WorkloadClusterStatus,
  result: ClusterWriteResult,
  provider: ProviderId | undefined,
): ProviderClusterStatus | undefined {
  const object = result.object;
  if (!object) return undefined;
  const requested = provider && cluster.providers.find(entry => entry.provider === provider);
  if (requested) return requested;
  const group = object.apiVersion.includes('/')
    ? object.apiVersion.split('/')[0]
    : '';
  return cluster.providers.find(
    entry =>
      entry.exportKind.group === group && entry.exportKind.kind === object.kind,
  );
}

/** Writes the AWS and upstream MCS steps do not describe (GKE, Cilium): followed by the provider's own state. */
function providerChecks(entry: ProviderClusterStatus): StepCheck[] {
  return [
    {
      label: `${STEP_LABELS.live} (${entry.title})`,
      judge: () => {
        switch (entry.state) {
          case 'healthy':
            return { state: 'done', detail: entry.callName ?? entry.stateReason };
          case 'degraded':
          case 'unhealthy':
            return { state: 'warning', detail: entry.stateReason };
          case 'failed':
            return { state: 'failed', detail: entry.stateReason };
          default:
            return { state: 'active', detail: entry.stateReason };
        }
      },
    },
  ];
}

/** Whether the written object is an upstream MCS ServiceExport, whichever provider the cluster lists first. */
function isMcsWrite(result: ClusterWriteResult): boolean {
  return (
    result.object?.apiVersion.startsWith('multicluster.x-k8s.io/') ?? false
  );
}

function releaseCheck(
  cluster: WorkloadClusterStatus,
  result: ClusterWriteResult,
  provider: ProviderId | undefined,
): StepCheck {
  const entry = writtenEntry(cluster, result, provider);
  const own =
    entry &&
    entry.provider !== 'aws-gateway-controller' &&
    entry.provider !== 'mcs';
  const remains = () => {
    if (own) return entry.exported;
    return isMcsWrite(result) ? cluster.mcsExport : cluster.export;
  };
  return {
    label: STEP_LABELS.released,
    judge: () => {
      const remaining = remains();
      if (!remaining) {
        return { state: 'done', detail: 'gone from the cluster' };
      }
      return {
        state: 'active',
        detail: cluster.export?.deleting
          ? 'the controller is removing its target groups'
          : 'waiting for the cluster watch to see the deletion',
      };
    },
  };
}

/**
 * Judges the steps in order: once one is not done, the later ones wait.
 * A step still awaited while the cluster's state is `failed` has failed,
 * for the reason the status gives.
 */
function runChecks(
  checks: StepCheck[],
  cluster: WorkloadClusterStatus | undefined,
): ProgressStep[] {
  const steps: ProgressStep[] = [];
  let blocked = false;
  for (const check of checks) {
    if (blocked) {
      steps.push({ label: check.label, state: 'waiting' });
      continue;
    }
    let judged = check.judge();
    if (judged.state === 'active' && cluster?.state === 'failed') {
      judged = { state: 'failed', detail: cluster.stateReason };
    }
    steps.push({ label: check.label, ...judged });
    blocked = judged.state !== 'done';
  }
  return steps;
}

function clusterProgress(
  write: FollowedWrite,
  result: ClusterWriteResult,
  status: EntityServiceNetworkStatus | undefined,
): ClusterProgress {
  const cluster = status?.clusters.find(c => c.cluster === result.cluster);
  const first: StepCheck = {
    label: write.kind === 'export' ? STEP_LABELS.applied : STEP_LABELS.deleted,
    judge: () => written(result),
  };
  let later: StepCheck[] = [];
  if (cluster && status) {
    const entry = writtenEntry(cluster, result, write.request.provider);
    if (write.kind === 'unexport') {
      later = [releaseCheck(cluster, result, write.request.provider)];
    } else if (isMcsWrite(result)) {
      later = mcsExportChecks(cluster);
    } else if (entry && entry.provider !== 'aws-gateway-controller') {
      later = providerChecks(entry);
    } else {
      later = awsExportChecks(cluster, status, write.startedAt);
    }
  }
  const steps = runChecks([first, ...later], cluster);
  const failed = steps.some(step => step.state === 'failed');
  const last = steps[steps.length - 1];
  return {
    cluster: result.cluster,
    result,
    steps,
    failed,
    settled:
      failed ||
      (cluster !== undefined &&
        (last.state === 'done' || last.state === 'warning')),
  };
}

/** Each cluster's steps, from the write's answer and the latest status. */
export function writeProgress(
  write: FollowedWrite,
  status: EntityServiceNetworkStatus | undefined,
): WriteProgress {
  const clusters = write.response.results.map(result =>
    clusterProgress(write, result, status),
  );
  return {
    kind: write.kind,
    clusters,
    settled: clusters.every(c => c.settled),
    failedWrites: clusters
      .filter(c => c.result.outcome === 'failed')
      .map(c => c.cluster),
  };
}

/** A retry's answer in place of the first answer for the clusters it wrote again. */
export function mergeRetry(
  write: FollowedWrite,
  retried: ExportResponse,
): FollowedWrite {
  const byCluster = new Map(retried.results.map(r => [r.cluster, r]));
  return {
    ...write,
    response: {
      ...write.response,
      results: write.response.results.map(r => byCluster.get(r.cluster) ?? r),
      warnings: retried.warnings,
    },
  };
}
