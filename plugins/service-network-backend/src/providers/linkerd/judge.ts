/*
 * Linkerd's verdict on the Service in one cluster: exported here, and
 * mirrored (with a live gateway and endpoints, in gateway mode) in every
 * other Linkerd cluster.
 */
import type {
  LinkerdMirrorStatus,
  LinkerdServiceStatus,
} from '@service-network/backstage-plugin-service-network-common';
import type { Judgement } from '../judgement';

export type MirrorProblem =
  | 'no-link'
  | 'not-mirrored'
  | 'gateway-not-ready'
  | 'no-endpoints';

/** What keeps `mirror`'s cluster from calling this cluster's copy; undefined when nothing does. */
export function mirrorProblem(
  mirror: LinkerdMirrorStatus,
): MirrorProblem | undefined {
  if (!mirror.link) return 'no-link';
  if (!mirror.mirror) return 'not-mirrored';
  const endpoints = mirror.gatewayEndpoints;
  // Remote-discovery mirrors have no local endpoints by design.
  if (!endpoints) return undefined;
  if (endpoints.total === 0) return 'no-endpoints';
  return endpoints.ready === 0 ? 'gateway-not-ready' : undefined;
}

const PROBLEM_WORDS: Record<MirrorProblem, string> = {
  'no-link': 'has no Link to this cluster',
  'not-mirrored': 'has no mirror yet',
  'gateway-not-ready': 'sees the gateway as not ready',
  'no-endpoints': 'has a mirror without endpoints',
};

export function judgeLinkerd(
  status: LinkerdServiceStatus,
  hasService: boolean,
  cluster: string,
): Judgement {
  const elsewhere = status.exportedIn.filter(c => c !== cluster).join(', ');
  if (!hasService) {
    return {
      state: 'not-exported',
      reason: elsewhere
        ? `No Service here; exported from ${elsewhere}.`
        : 'No Service in this cluster.',
    };
  }
  if (!status.mode && !status.federatedMember) {
    return {
      state: 'not-exported',
      reason: elsewhere
        ? `Not exported here (no mirror.linkerd.io/exported label); exported from ${elsewhere}.`
        : 'Not exported (no mirror.linkerd.io/exported label).',
    };
  }
  if (!status.mode) {
    return {
      state: 'healthy',
      reason: `Federated member: ${status.federatedIn.join(
        ', ',
      )} share the federated service.`,
    };
  }
  const problems = status.mirroredIn.flatMap(mirror => {
    const problem = mirrorProblem(mirror);
    return problem ? [{ cluster: mirror.cluster, problem }] : [];
  });
  if (!status.mirroredIn.length) {
    return {
      state: 'healthy',
      reason: `Exported (${status.mode} mode); no other cluster runs Linkerd to mirror it.`,
    };
  }
  if (!problems.length) {
    return {
      state: 'healthy',
      reason: `Exported (${
        status.mode
      } mode) and mirrored in ${status.mirroredIn
        .map(m => m.cluster)
        .join(', ')}.`,
    };
  }
  const said = problems
    .map(p => `${p.cluster} ${PROBLEM_WORDS[p.problem]}`)
    .join('; ');
  if (problems.every(p => p.problem === 'not-mirrored')) {
    return {
      state: 'pending',
      reason: `Exported (${status.mode} mode); ${said}.`,
    };
  }
  return {
    state:
      problems.length === status.mirroredIn.length ? 'unhealthy' : 'degraded',
    reason: `Exported (${status.mode} mode), but ${said}.`,
  };
}
