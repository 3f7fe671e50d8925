import { ResponseError } from '@backstage/errors';

/** What the backend said went wrong, rather than "Request failed with 409 Conflict". */
export function errorMessage(error: unknown): string {
  if (error instanceof ResponseError) {
    return error.cause?.message || error.message;
  }
  return error instanceof Error ? error.message : String(error);
}
