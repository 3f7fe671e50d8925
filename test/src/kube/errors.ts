/*
 * Errors as a real API server reports them: a v1 Status with the code, reason,
 * message and details that client libraries and kubectl interpret.
 */
import type { FieldCause, GroupResource } from './types';

export interface StatusCause {
  reason?: string;
  message?: string;
  field?: string;
}

export interface StatusDetails {
  name?: string;
  group?: string;
  kind?: string;
  uid?: string;
  causes?: StatusCause[];
  retryAfterSeconds?: number;
}

export interface Status {
  kind: 'Status';
  apiVersion: 'v1';
  metadata: Record<string, unknown>;
  status: 'Failure' | 'Success';
  message?: string;
  reason?: string;
  details?: StatusDetails;
  code: number;
}

export class KubeApiError extends Error {
  readonly status: Status;

  constructor(status: Status) {
    super(status.message);
    this.name = 'KubeApiError';
    this.status = status;
  }

  get code(): number {
    return this.status.code;
  }

  get reason(): string | undefined {
    return this.status.reason;
  }
}

export function failure(
  code: number,
  reason: string,
  message: string,
  details?: StatusDetails,
): KubeApiError {
  return new KubeApiError({
    kind: 'Status',
    apiVersion: 'v1',
    metadata: {},
    status: 'Failure',
    message,
    reason,
    ...(details ? { details } : {}),
    code,
  });
}

/** `services`, `serviceexports.application-networking.k8s.aws`: how messages name a resource. */
export function qualifiedResource(resource: GroupResource): string {
  return resource.group
    ? `${resource.plural}.${resource.group}`
    : resource.plural;
}

function resourceDetails(
  resource: GroupResource,
  name?: string,
): StatusDetails {
  return {
    ...(name ? { name } : {}),
    ...(resource.group ? { group: resource.group } : {}),
    kind: resource.plural,
  };
}

export function badRequest(message: string): KubeApiError {
  return failure(400, 'BadRequest', message);
}

export function unauthorized(): KubeApiError {
  return failure(401, 'Unauthorized', 'Unauthorized');
}

export function forbidden(
  resource: GroupResource,
  name: string | undefined,
  why: string,
): KubeApiError {
  const subject = name
    ? `${qualifiedResource(resource)} "${name}"`
    : qualifiedResource(resource);
  return failure(
    403,
    'Forbidden',
    `${subject} is forbidden: ${why}`,
    resourceDetails(resource, name),
  );
}

export function notFound(resource: GroupResource, name: string): KubeApiError {
  return failure(
    404,
    'NotFound',
    `${qualifiedResource(resource)} "${name}" not found`,
    resourceDetails(resource, name),
  );
}

export function resourceNotFound(): KubeApiError {
  return failure(
    404,
    'NotFound',
    'the server could not find the requested resource',
    {},
  );
}

export function methodNotAllowed(): KubeApiError {
  return failure(
    405,
    'MethodNotAllowed',
    'the server does not allow this method on the requested resource',
    {},
  );
}

export function alreadyExists(
  resource: GroupResource,
  name: string,
): KubeApiError {
  return failure(
    409,
    'AlreadyExists',
    `${qualifiedResource(resource)} "${name}" already exists`,
    resourceDetails(resource, name),
  );
}

export function conflict(
  resource: GroupResource,
  name: string,
  why: string,
): KubeApiError {
  return failure(
    409,
    'Conflict',
    `Operation cannot be fulfilled on ${qualifiedResource(
      resource,
    )} "${name}": ${why}`,
    resourceDetails(resource, name),
  );
}

export function staleResourceVersion(
  resource: GroupResource,
  name: string,
): KubeApiError {
  return conflict(
    resource,
    name,
    'the object has been modified; please apply your changes to the latest version and try again',
  );
}

/** A server-side apply conflict: one cause per field another manager owns. */
export function applyConflict(
  message: string,
  causes: StatusCause[],
): KubeApiError {
  return failure(409, 'Conflict', message, { causes });
}

export function expired(message: string): KubeApiError {
  return failure(410, 'Expired', message);
}

export function requestEntityTooLarge(message: string): KubeApiError {
  return failure(413, 'RequestEntityTooLarge', message);
}

export function notAcceptable(accepted: string[]): KubeApiError {
  return failure(
    406,
    'NotAcceptable',
    `only the following media types are accepted: ${accepted.join(', ')}`,
  );
}

export function unsupportedMediaType(accepted: string[]): KubeApiError {
  return failure(
    415,
    'UnsupportedMediaType',
    `the body of the request was in an unknown format - accepted media types include: ${accepted.join(
      ', ',
    )}`,
  );
}

/** 422 Invalid, naming the kind as `Kind.group "name"` and listing every cause. */
export function invalid(
  kind: { group: string; kind: string },
  name: string,
  causes: FieldCause[],
): KubeApiError {
  const qualifiedKind = kind.group ? `${kind.kind}.${kind.group}` : kind.kind;
  // Like field.ErrorList's aggregate: each distinct message once, bracketed when several.
  const lines = [
    ...new Set(
      causes.map(cause =>
        cause.field ? `${cause.field}: ${cause.message}` : cause.message,
      ),
    ),
  ];
  const summary = lines.length === 1 ? lines[0] : `[${lines.join(', ')}]`;
  return failure(
    422,
    'Invalid',
    `${qualifiedKind} "${name}" is invalid: ${summary}`,
    {
      name,
      ...(kind.group ? { group: kind.group } : {}),
      kind: kind.kind,
      causes: causes.map(cause => ({
        reason: cause.reason,
        message: cause.message,
        field: cause.field,
      })),
    },
  );
}

/** The 422 a real server gives when a JSON patch cannot be applied. */
export function patchNotApplicable(reason: string): KubeApiError {
  return failure(
    422,
    'Invalid',
    'the server rejected our request due to an error in our request',
    {
      causes: [{ reason: 'UnexpectedServerResponse', message: reason }],
    },
  );
}

export function internalError(message: string): KubeApiError {
  return failure(500, 'InternalError', `Internal error occurred: ${message}`, {
    causes: [{ message }],
  });
}

export function serviceUnavailable(message: string): KubeApiError {
  return failure(503, 'ServiceUnavailable', message);
}

export function isKubeApiError(error: unknown): error is KubeApiError {
  return error instanceof KubeApiError;
}
