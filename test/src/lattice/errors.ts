/*
 * AWS errors of the simulated VPC Lattice API, as restJson1 puts them on the wire:
 * the error name in `x-amzn-ErrorType`, the shape's members in a JSON body, and
 * header-bound members (Retry-After) as headers. The SDK turns them back into
 * exceptions with `.name` and `$metadata.httpStatusCode`.
 */

export type LatticeErrorName =
  | 'ValidationException'
  | 'AccessDeniedException'
  | 'ResourceNotFoundException'
  | 'ConflictException'
  | 'ServiceQuotaExceededException'
  | 'ThrottlingException'
  | 'InternalServerException'
  // Raised by the AWS front door (authentication and routing), not modelled by Lattice.
  | 'MissingAuthenticationTokenException'
  | 'IncompleteSignatureException'
  | 'UnrecognizedClientException'
  | 'InvalidSignatureException'
  | 'UnknownOperationException';

/** Resource types as ResourceNotFoundException/ConflictException name them. */
export type LatticeResourceType =
  | 'SERVICE_NETWORK'
  | 'SERVICE'
  | 'SERVICE_NETWORK_SERVICE_ASSOCIATION'
  | 'SERVICE_NETWORK_VPC_ASSOCIATION'
  | 'TARGET_GROUP'
  | 'LISTENER'
  | 'RULE'
  | 'RESOURCE';

export interface ValidationField {
  name: string;
  message: string;
}

export class LatticeApiError extends Error {
  constructor(
    readonly name: LatticeErrorName,
    readonly httpStatus: number,
    message: string,
    /** Body members besides `message`. */
    readonly fields: Record<string, unknown> = {},
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }

  get body(): Record<string, unknown> {
    return { message: this.message, ...this.fields };
  }
}

/** The Coral validation wording AWS services use, so messages read like the real ones. */
export function constraintMessage(field: string, value: unknown, constraint: string): string {
  return `Value '${String(value)}' at '${field}' failed to satisfy constraint: ${constraint}`;
}

export function validationError(
  fieldList: ValidationField[],
  reason: 'unknownOperation' | 'cannotParse' | 'fieldValidationFailed' | 'other' = 'fieldValidationFailed',
  why?: string,
): LatticeApiError {
  const count = fieldList.length;
  const message =
    why ??
    (count === 0
      ? 'Invalid request'
      : `${count} validation error${count === 1 ? '' : 's'} detected: ${fieldList.map(f => f.message).join('; ')}`);
  return new LatticeApiError('ValidationException', 400, message, {
    reason,
    ...(count ? { fieldList } : {}),
  });
}

export function invalidField(field: string, value: unknown, constraint: string): LatticeApiError {
  return validationError([{ name: field, message: constraintMessage(field, value, constraint) }]);
}

export function accessDenied(message: string): LatticeApiError {
  return new LatticeApiError('AccessDeniedException', 403, message);
}

export function resourceNotFound(resourceType: LatticeResourceType, resourceId: string): LatticeApiError {
  return new LatticeApiError(
    'ResourceNotFoundException',
    404,
    `${describeType(resourceType)} ${resourceId} was not found.`,
    { resourceId, resourceType },
  );
}

export function conflict(resourceType: LatticeResourceType, resourceId: string, message: string): LatticeApiError {
  return new LatticeApiError('ConflictException', 409, message, { resourceId, resourceType });
}

export function quotaExceeded(
  resourceType: LatticeResourceType,
  quotaCode: string,
  message: string,
): LatticeApiError {
  return new LatticeApiError('ServiceQuotaExceededException', 402, message, {
    resourceType,
    serviceCode: 'vpc-lattice',
    quotaCode,
  });
}

export function throttled(retryAfterSeconds: number): LatticeApiError {
  return new LatticeApiError(
    'ThrottlingException',
    429,
    'Rate exceeded',
    { serviceCode: 'vpc-lattice' },
    { 'Retry-After': String(retryAfterSeconds) },
  );
}

export function internalError(): LatticeApiError {
  return new LatticeApiError(
    'InternalServerException',
    500,
    'An internal error occurred. Try again later.',
  );
}

export function unknownOperation(): LatticeApiError {
  return new LatticeApiError('UnknownOperationException', 404, 'Unknown operation');
}

function describeType(resourceType: LatticeResourceType): string {
  const words = resourceType.toLowerCase().split('_').join(' ');
  return words.charAt(0).toUpperCase() + words.slice(1);
}
