/*
 * Findings about the Lattice side of one cluster's export: target groups
 * that failed or are still coming, and target health with reason codes.
 */
import {
  Finding,
  ServiceRef,
  TargetGroupStatus,
  TargetReasonCount,
  WorkloadClusterStatus,
} from '@service-network/backstage-plugin-service-network-common';
import { portsWithoutTargetGroup } from './exportStatus';
import { latticeRef } from '../../status/refs';
import { combinedHealth } from './targetGroups';

interface Context {
  cluster: WorkloadClusterStatus;
  service: ServiceRef;
  /** Whether any route reaches any cluster's export of this Service. */
  routed: boolean;
}

function unhealthyChecks(namespace: string): string {
  return (
    `Check, in this order: (1) the pods are Ready and answer on the health check path (kubectl -n ${namespace} get pods); ` +
    '(2) the health check settings: a TargetGroupPolicy on the ServiceExport sets spec.healthCheck.path, port and statusMatch (by default Lattice checks / and expects 200); ' +
    '(3) the security groups of the pods or nodes allow inbound traffic on the target port from the VPC Lattice managed prefix lists com.amazonaws.<region>.vpc-lattice and com.amazonaws.<region>.ipv6.vpc-lattice.'
  );
}

function refsOf(groups: readonly TargetGroupStatus[]) {
  return groups.map(group =>
    latticeRef('LatticeTargetGroup', group.name, group.arn),
  );
}

function subject(context: Context): string {
  return `${context.service.namespace}/${context.service.name} in cluster ${context.cluster.cluster}`;
}

function describeReasons(reasons: readonly TargetReasonCount[]): string {
  return reasons
    .map(
      reason =>
        `${reason.count} ${reason.status}${
          reason.reasonCode ? ` (${reason.reasonCode})` : ''
        }: ${reason.meaning}`,
    )
    .join(' ');
}

/** What a failed target group means, by the step that failed. */
const FAILED_GROUPS: Partial<
  Record<
    TargetGroupStatus['status'],
    Pick<Finding, 'id' | 'severity' | 'action'> & { verb: string; why: string }
  >
> = {
  CREATE_FAILED: {
    id: 'target-group-create-failed',
    severity: 'error',
    verb: 'created',
    why: '',
    action:
      'Fix the cause the message names (often a quota, the VPC or the protocol), then export again (Unexport, then Export on this page) so the controller creates the target group anew.',
  },
  DELETE_FAILED: {
    id: 'target-group-delete-failed',
    severity: 'warning',
    verb: 'deleted',
    why: ' A target group cannot be deleted while a listener rule still forwards to it.',
    action:
      'Remove the route backends that still use it, then delete the target group in the VPC Lattice console or with aws vpc-lattice delete-target-group.',
  },
};

function targetGroupStateFindings(context: Context): Finding[] {
  return context.cluster.targetGroups.flatMap((group): Finding[] => {
    const failed = FAILED_GROUPS[group.status];
    if (!failed) {
      return [];
    }
    const failure = [group.failureCode, group.failureMessage]
      .filter(Boolean)
      .join(': ');
    return [
      {
        id: failed.id,
        severity: failed.severity,
        cluster: context.cluster.cluster,
        title: `Target group for port ${group.port} could not be ${failed.verb}`,
        detail: `VPC Lattice reports target group ${group.name} (port ${
          group.port
        }) of ${subject(context)} as ${group.status}${
          failure ? `: ${failure}` : '.'
        }${failed.why}`,
        action: failed.action,
        objectRefs: refsOf([group]),
      },
    ];
  });
}

function missingGroupFindings(context: Context): Finding[] {
  const { cluster } = context;
  const serviceExport = cluster.export;
  if (cluster.state !== 'pending' || !serviceExport?.pickedUp) {
    return [];
  }
  const missing = portsWithoutTargetGroup(serviceExport, cluster.targetGroups);
  return missing.length > 0
    ? [
        {
          id: 'target-group-pending',
          severity: 'info',
          cluster: cluster.cluster,
          title: 'Target group being created',
          detail: `The controller is creating the VPC Lattice target group for port ${missing.join(
            ', ',
          )} of ${subject(context)}.`,
          action: 'Wait; this usually takes less than a minute.',
        },
      ]
    : [];
}

function healthFindings(context: Context): Finding[] {
  const { cluster, service, routed } = context;
  const active = cluster.targetGroups.filter(
    group => group.status === 'ACTIVE',
  );
  const health = combinedHealth(active);
  if (!health.listed || cluster.state === 'unknown') {
    return [];
  }
  const refs = refsOf(active);
  const reasons = active.flatMap(group =>
    group.targets.reasons.filter(reason => reason.status !== 'HEALTHY'),
  );
  const base = { cluster: cluster.cluster, objectRefs: refs };
  if (health.total === 0) {
    return [
      {
        id: 'targets-none-registered',
        severity: 'error',
        title: 'No targets registered',
        detail: `The target groups of ${subject(
          context,
        )} have no targets: the Service has no ready endpoints there, so the controller registered no pods.`,
        action: `Check that pods behind the Service run and are Ready, and that its selector matches their labels: kubectl -n ${service.namespace} get endpointslices -l kubernetes.io/service-name=${service.name}`,
        ...base,
      },
    ];
  }
  if (cluster.state === 'unused') {
    return [
      {
        id: 'targets-unused',
        severity: 'info',
        title: routed
          ? 'No route reaches this cluster'
          : 'Exported, but no route uses it yet',
        detail: `All ${health.total} targets of ${subject(
          context,
        )} are UNUSED: no VPC Lattice listener rule forwards to its target group, so Lattice neither health-checks nor routes to them.${
          routed ? ' Routes exist, but none resolves to this cluster.' : ''
        }`,
        action: routed
          ? `Add a ServiceImport pinned to this cluster (annotations export-name: ${
              cluster.export?.name ?? service.name
            }, aws-eks-cluster-name: ${
              cluster.cluster
            }) and a weighted backendRef to it in the route; Request route on this page does both.`
          : 'Request a route (Request route on this page) so that clients in the service network can reach the Service.',
        ...base,
      },
    ];
  }
  const unhealthy = health.count('UNHEALTHY');
  if (cluster.state === 'pending' && health.count('INITIAL') > 0) {
    return [
      {
        id: 'targets-initial',
        severity: 'info',
        title: 'Health checks in progress',
        detail: `${health.count('INITIAL')} of ${
          health.total
        } targets of ${subject(
          context,
        )} are still in their first health checks.`,
        action:
          'Wait; the first checks take about as long as the health check interval times the healthy threshold.',
        ...base,
      },
    ];
  }
  if (cluster.state === 'unhealthy') {
    return [
      {
        id: 'targets-unhealthy',
        severity: 'error',
        title: 'No healthy targets',
        detail: `None of the ${health.total} targets of ${subject(
          context,
        )} is healthy, so Lattice sends it no traffic. ${describeReasons(
          reasons,
        )}`,
        action: unhealthyChecks(service.namespace),
        ...base,
      },
    ];
  }
  if (unhealthy > 0) {
    return [
      {
        id: 'targets-partly-healthy',
        severity: 'warning',
        title: `${unhealthy} of ${health.total} targets unhealthy`,
        detail: `Some targets of ${subject(
          context,
        )} fail their health checks; Lattice sends traffic only to the healthy ones. ${describeReasons(
          reasons,
        )}`,
        action: unhealthyChecks(service.namespace),
        ...base,
      },
    ];
  }
  return [];
}

/** Findings about the target groups and targets of one picked-up export. */
export function targetFindings(context: Context): Finding[] {
  return [
    ...targetGroupStateFindings(context),
    ...missingGroupFindings(context),
    ...healthFindings(context),
  ];
}
