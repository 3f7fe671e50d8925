/**
 * Body of `GET /api/service-network/health`, which needs no sign-in and
 * answers 200 whenever the backend runs:
 * - `ok`: configured and watching its clusters;
 * - `starting`: the backend has not finished starting;
 * - `not-configured`: the `serviceNetwork` config (or the clusters it names)
 *   has problems; the backend log names each, and so do the 503 answers of
 *   the other endpoints to signed-in callers.
 *
 * @public
 */
export type HealthResponse =
  | { status: 'ok' }
  | { status: 'starting' }
  | { status: 'not-configured'; message: string };

/**
 * The `error.name` of the 503 answers of every endpoint that needs clusters
 * while Service Network is not configured; `error.message` names the
 * problems and `error.problems` lists them.
 *
 * @public
 */
export const NOT_CONFIGURED_ERROR_NAME = 'NotConfiguredError';
