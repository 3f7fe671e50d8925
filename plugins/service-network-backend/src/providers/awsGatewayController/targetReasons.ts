/*
 * What a Lattice target status and reason code mean, in plain words.
 * Lattice does not publish its reason codes; these cover the codes seen in
 * practice (with or without ELB's `Target.`/`Elb.` prefix) and fall back to
 * the status, which Lattice does document.
 */
import type { TargetStatus } from '@service-network/backstage-plugin-service-network-common';

const STATUS_MEANING: Record<TargetStatus, string> = {
  HEALTHY: 'passes its health checks and receives traffic',
  UNHEALTHY: 'fails its health checks, so Lattice sends it no traffic',
  INITIAL: 'is registered; its first health checks have not finished yet',
  UNUSED:
    'is not health-checked: no listener rule of any Lattice service forwards to its target group',
  UNAVAILABLE:
    'is not health-checked because health checks are turned off for its target group',
  DRAINING:
    'is being deregistered (its pod went away or is not ready); open connections drain for up to 5 minutes',
};

const CODE_MEANING: Record<string, string> = {
  HealthCheckFailed:
    'the health check could not connect, or got an answer outside the expected status codes',
  FailedHealthChecks:
    'the health check could not connect, or the answer was malformed',
  ResponseCodeMismatch:
    'the health check got an HTTP status outside the expected range (statusMatch)',
  Timeout: 'the health check timed out',
  NotRegistered: 'the target is not registered with the target group',
  IpUnusable: 'the target IP cannot be used (reserved or outside the VPC)',
  InvalidState: 'the target is not running',
};

/** `Target.Timeout` and `Timeout` mean the same. */
function bareCode(reasonCode: string): string {
  return reasonCode.replace(/^(Target|Elb)\./, '');
}

export function targetMeaning(
  status: TargetStatus,
  reasonCode: string | undefined,
): string {
  const specific = reasonCode ? CODE_MEANING[bareCode(reasonCode)] : undefined;
  const general = `The target ${STATUS_MEANING[status]}`;
  return specific ? `${general}: ${specific}.` : `${general}.`;
}
