import { InputError } from '@backstage/errors';
import { describeIssues } from '@service-network/backstage-plugin-service-network-common';
import { z } from 'zod';

/**
 * Parses with one of the shared request schemas, or throws a 400 naming
 * every problem and its field: the REST API and the actions give the same
 * answer to the same bad input.
 */
export function parseWith<T>(
  schema: z.ZodType<T, z.ZodTypeDef, unknown>,
  value: unknown,
  what: string,
): T {
  const parsed = schema.safeParse(value);
  if (!parsed.success)
    throw new InputError(
      `Invalid ${what}: ${describeIssues(parsed.error).join('; ')}`,
    );
  return parsed.data;
}

/** A route request's id, as the REST API's path and the actions take it. */
export const routeRequestIdSchema = z.object({
  id: z.string().uuid('route request ids are UUIDs'),
});

/** How many route requests a list may answer, from a query string or a number. */
export const routeRequestListLimitSchema = z.coerce.number().int().min(1).max(500);
