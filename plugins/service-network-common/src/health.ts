/**
 * Body of `GET /api/service-network/health`, which needs no sign-in and
 * answers 200 whenever the backend runs:
 * - `ok`: configured and watching its clusters;
 * - `starting`: the backend has not finished starting;
 * - `not-configured`: the `serviceNetwork` config (or the clusters it names)
 *   has problems; the backend log names each, and so do the 503 answers
 *   (`ServiceUnavailableError`, with the list in `error.problems`) of the
 *   other endpoints to signed-in callers.
 *
 * @public
 */
export type HealthResponse =
  | { status: 'ok' }
  | { status: 'starting' }
  | { status: 'not-configured'; message: string };

