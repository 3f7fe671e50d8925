/*
 * Judges the state of the Service in one workload cluster as the AWS
 * Gateway API Controller sees it, with the reason in one sentence.
 */
import type {
  ControllerEvent,
  LatticeExportStatus,
  ServiceSummary,
  TargetGroupStatus,
} from '@service-network/backstage-plugin-service-network-common';
import { isFailure } from '../../status/events';
import type { Judgement } from '../judgement';
import { portsWithoutTargetGroup } from './exportStatus';
import { combinedHealth } from './targetGroups';

/** What is known about the Service in one cluster, before judging it. */
export interface ClusterFacts {
  namespace: string;
  service?: ServiceSummary;
  events: readonly ControllerEvent[];
  targetGroups: readonly TargetGroupStatus[];
  latticeHasData: boolean;
  /** Target groups that may be this export's are still being tagged. */
  latticeTagsPending: boolean;
}

function targetHealthState(
  targetGroups: readonly TargetGroupStatus[],
): Judgement {
  const health = combinedHealth(
    targetGroups.filter(group => group.status === 'ACTIVE'),
  );
  if (!health.listed) {
    return { state: 'unknown', reason: 'Target health is not loaded yet.' };
  }
  if (health.total === 0) {
    return { state: 'unhealthy', reason: 'No targets are registered.' };
  }
  if (health.count('UNUSED') === health.total) {
    return {
      state: 'unused',
      reason: 'Exported; no route sends traffic to it yet.',
    };
  }
  // With health checks off (UNAVAILABLE) Lattice routes to every target.
  const serving = health.count('HEALTHY') + health.count('UNAVAILABLE');
  const failing = health.count('UNHEALTHY');
  const checked = serving + failing + health.count('INITIAL');
  if (failing === 0 && serving > 0) {
    return {
      state: 'healthy',
      reason: `${serving} of ${checked} targets healthy.`,
    };
  }
  if (failing === 0 && health.count('INITIAL') > 0) {
    return {
      state: 'pending',
      reason: 'The first health checks are still running.',
    };
  }
  if (serving === 0) {
    return {
      state: 'unhealthy',
      reason: `None of ${health.total} targets is healthy.`,
    };
  }
  return {
    state: 'degraded',
    reason: `${serving} of ${checked} targets healthy.`,
  };
}

export function judgeLatticeExport(
  facts: ClusterFacts,
  serviceExport: LatticeExportStatus,
): Judgement {
  const exportName = `ServiceExport ${facts.namespace}/${serviceExport.name}`;
  const failures = facts.events.filter(isFailure);
  if (!serviceExport.federated) {
    return {
      state: 'ignored',
      reason: `${exportName} lacks the federation annotation, so the controller ignores it.`,
    };
  }
  if (serviceExport.deleting) {
    return { state: 'deleting', reason: `${exportName} is being deleted.` };
  }
  if (!serviceExport.pickedUp) {
    return failures.length > 0
      ? {
          state: 'failed',
          reason: `The controller failed on ${exportName}: ${failures[0].reason}.`,
        }
      : {
          state: 'pending',
          reason: `Waiting for the controller to pick up ${exportName}.`,
        };
  }
  if (!facts.service) {
    return {
      state: 'failed',
      reason: `Service ${facts.namespace}/${serviceExport.serviceName} does not exist in this cluster.`,
    };
  }
  if (!facts.latticeHasData) {
    return { state: 'unknown', reason: 'VPC Lattice data is not loaded yet.' };
  }
  if (facts.targetGroups.some(group => group.status === 'CREATE_FAILED')) {
    return { state: 'failed', reason: 'A target group could not be created.' };
  }
  const missing = portsWithoutTargetGroup(serviceExport, facts.targetGroups);
  if (missing.length > 0 && facts.latticeTagsPending) {
    return {
      state: 'unknown',
      reason:
        'Its target groups are being read from VPC Lattice; this page updates by itself.',
    };
  }
  if (missing.length > 0) {
    return failures.length > 0
      ? {
          state: 'failed',
          reason: `No target group for port ${missing.join(
            ', ',
          )}: the controller reports ${failures[0].reason}.`,
        }
      : {
          state: 'pending',
          reason: `The controller is creating the target group for port ${missing.join(
            ', ',
          )}.`,
        };
  }
  if (facts.targetGroups.some(group => group.status === 'CREATE_IN_PROGRESS')) {
    return { state: 'pending', reason: 'Target groups are being created.' };
  }
  // E.g. a protocol change in a TargetGroupPolicy replaces the target group.
  if (!facts.targetGroups.some(group => group.status === 'ACTIVE')) {
    return { state: 'pending', reason: 'Target groups are being replaced.' };
  }
  return targetHealthState(facts.targetGroups);
}
