/**
 * Body of `GET /api/service-network/health`.
 *
 * @public
 */
export interface HealthResponse {
  status: 'ok';
}
