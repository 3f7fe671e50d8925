/*
 * What a failed Lattice call means for the inventory: back off (throttled),
 * unreachable (no connection, no access), or a failure worth retrying at
 * the next refresh.
 */
import { toClusterRequestError } from '../clusters/errors';

export type LatticeFailure =
  | { kind: 'throttled'; retryAfterMs: number; reason: string }
  | { kind: 'unreachable'; reason: string }
  | { kind: 'failed'; reason: string };

const ACCESS_ERRORS = new Set([
  'AccessDeniedException',
  'UnrecognizedClientException',
  'InvalidSignatureException',
  'ExpiredTokenException',
  'CredentialsProviderError',
]);

interface SdkError {
  name?: string;
  message?: string;
  code?: string;
  retryAfterSeconds?: number;
  $metadata?: { httpStatusCode?: number };
}

export function classifyLatticeError(error: unknown): LatticeFailure {
  const failure = (error ?? {}) as SdkError;
  const name = failure.name ?? 'Error';
  const status = failure.$metadata?.httpStatusCode;
  if (name === 'ThrottlingException' || status === 429) {
    return {
      kind: 'throttled',
      retryAfterMs: (failure.retryAfterSeconds ?? 0) * 1000,
      reason: `AWS is throttling VPC Lattice calls (${name})`,
    };
  }
  if (ACCESS_ERRORS.has(name) || status === 401 || status === 403) {
    return {
      kind: 'unreachable',
      reason: `access to VPC Lattice denied (${name}: ${failure.message})`,
    };
  }
  if (name === 'TimeoutError') {
    return {
      kind: 'unreachable',
      reason: `VPC Lattice did not answer in time (${failure.message})`,
    };
  }
  if (status === undefined) {
    // No HTTP answer at all: a connection failure, described like a cluster's.
    return {
      kind: 'unreachable',
      reason: `VPC Lattice: ${toClusterRequestError(error).reason}`,
    };
  }
  return {
    kind: 'failed',
    reason: `VPC Lattice answered ${name} (${status}): ${failure.message}`,
  };
}
