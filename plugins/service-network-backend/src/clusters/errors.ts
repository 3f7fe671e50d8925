/*
 * Failures talking to a cluster, with a reason in plain words: it is shown
 * to users as why a cluster's data is not current.
 */
import { STATUS_CODES } from 'node:http';

export class ClusterRequestError extends Error {
  override readonly name = 'ClusterRequestError';

  constructor(
    /** Plain-language reason, e.g. "connection refused". */
    readonly reason: string,
    /** The HTTP status, when the server answered. */
    readonly statusCode?: number,
    options?: { cause?: unknown; serverMessage?: string },
  ) {
    super(reason, options);
    this.serverMessage = options?.serverMessage;
  }

  /** The message of the Status the API server answered, in its own words. */
  readonly serverMessage?: string;
}

const NETWORK_REASONS: Record<string, string> = {
  ECONNREFUSED: 'connection refused',
  ECONNRESET: 'connection reset',
  EPIPE: 'connection reset',
  ENOTFOUND: 'host not found',
  EAI_AGAIN: 'host name lookup failed',
  EHOSTUNREACH: 'host unreachable',
  ENETUNREACH: 'network unreachable',
  ETIMEDOUT: 'connection timed out',
};

const TLS_CODE =
  /^(CERT_|UNABLE_TO_|DEPTH_ZERO_|SELF_SIGNED_|ERR_TLS_|ERR_SSL_)/;

function statusMeaning(statusCode: number): string {
  if (statusCode === 401) return 'the API server rejected the credentials';
  if (statusCode === 403) return 'access denied';
  if (statusCode === 404) return 'not found';
  if (statusCode === 409) return 'conflict';
  if (statusCode === 410) return 'the resource version is too old';
  if (statusCode === 429) return 'the API server is throttling requests';
  if (statusCode >= 500) return 'the API server failed';
  return 'the request was refused';
}

/** A Status body's message, when the body is one. */
function statusMessage(body: unknown): string | undefined {
  const parsed = typeof body === 'string' ? safeParse(body) : body;
  const message = (parsed as { message?: unknown } | undefined)?.message;
  return typeof message === 'string' && message ? message : undefined;
}

function safeParse(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** An answer with a non-success status; `body` is the Status the server sent, raw or parsed. */
export function responseError(
  statusCode: number,
  body?: unknown,
): ClusterRequestError {
  const message = statusMessage(body);
  const status = `${statusCode} ${STATUS_CODES[statusCode] ?? 'Unknown'}`;
  return new ClusterRequestError(
    `${statusMeaning(statusCode)} (${status})${message ? `: ${message}` : ''}`,
    statusCode,
    { serverMessage: message },
  );
}

export function timeoutError(timeoutMs: number): ClusterRequestError {
  const seconds = timeoutMs / 1000;
  return new ClusterRequestError(
    `no answer within ${
      seconds >= 1 ? `${Math.round(seconds)} s` : `${timeoutMs} ms`
    }`,
  );
}

/** Any failure of a request, as a ClusterRequestError. */
export function toClusterRequestError(error: unknown): ClusterRequestError {
  if (error instanceof ClusterRequestError) return error;
  const failure = error as {
    code?: unknown;
    errno?: unknown;
    body?: unknown;
    message?: string;
  };
  // The generated client's ApiException carries the HTTP status as a numeric `code`.
  if (typeof failure?.code === 'number') {
    const answered = responseError(failure.code, failure.body);
    return new ClusterRequestError(answered.reason, failure.code, {
      cause: error,
      serverMessage: answered.serverMessage,
    });
  }
  const code =
    typeof failure?.code === 'string'
      ? failure.code
      : String(failure?.errno ?? '');
  let reason = NETWORK_REASONS[code];
  if (!reason && TLS_CODE.test(code))
    reason = `the server's TLS certificate is not trusted (${code})`;
  if (!reason && /socket hang up/i.test(failure?.message ?? ''))
    reason = 'connection closed before an answer';
  return new ClusterRequestError(
    reason ?? failure?.message ?? String(error),
    undefined,
    { cause: error },
  );
}
