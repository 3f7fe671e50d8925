/*
 * The plugin's entity endpoints as a test calls them: export, unexport and
 * status of a component in the default namespace, as one user.
 */
import type {
  EntityServiceNetworkStatus,
  ExportResponse,
} from '@service-network/backstage-plugin-service-network-common';
import request from 'supertest';

type Server = Parameters<typeof request>[0];

export function entityRest(server: () => Server, authorization: string) {
  const base = (name: string) =>
    `/api/service-network/entities/default/component/${name}`;
  return {
    post: (name: string, action: 'export' | 'unexport', body: object) =>
      request(server())
        .post(`${base(name)}/${action}`)
        .set('Authorization', authorization)
        .send(body),
    status: async (name: string): Promise<EntityServiceNetworkStatus> =>
      (
        await request(server())
          .get(`${base(name)}/status`)
          .set('Authorization', authorization)
      ).body,
  };
}

/** Each cluster's outcome, in order. */
export function outcomes(body: ExportResponse): string[][] {
  return body.results.map(r => [r.cluster, r.outcome]);
}
