import { ConfigReader } from '@backstage/config';
import type { JsonObject } from '@backstage/types';
import type {
  RouteRequest,
  RouteRequestPlan,
} from '@service-network/backstage-plugin-service-network-common';
import { ServiceNetworkAppLinks } from '@service-network/backstage-plugin-service-network-node';
import {
  actionContext as context,
  aliceOnBehalfHeader,
  backendStandInForEachTest,
  outputsOf,
  recoverableCheckpoints,
} from './__testUtils__/actionTestKit';
import { createServiceNetworkRouteRequestAction } from './requestRoute';

const REQUEST_ID = '0b6f3c1e-3f7a-4d8e-9a51-2c4d6e8f0a1b';

const plan: RouteRequestPlan = {
  objects: [
    {
      cluster: 'config',
      action: 'create',
      object: {
        apiVersion: 'application-networking.k8s.aws/v1alpha1',
        kind: 'ServiceImport',
        metadata: { name: 'service-2-workload-1', namespace: 'default' },
      },
    },
    {
      cluster: 'config',
      action: 'update',
      object: {
        apiVersion: 'gateway.networking.k8s.io/v1',
        kind: 'HTTPRoute',
        metadata: { name: 'service-2-v2', namespace: 'default' },
      },
    },
  ],
  latticeServiceName: 'service-2-v2-default',
  problems: [],
};

function createdRequest(): RouteRequest {
  return {
    id: REQUEST_ID,
    state: 'pending',
    entityRef: 'component:default/service-2',
    service: { namespace: 'default', name: 'service-2' },
    spec: {
      entityRef: 'component:default/service-2',
      routeName: 'service-2-v2',
      kind: 'HTTP',
      gateway: { name: 'gateway-1' },
      listener: 'http',
      backends: [{ cluster: 'workload-1', weight: 1 }],
      reason: 'v2 API',
    },
    route: { kind: 'HTTPRoute', namespace: 'default', name: 'service-2-v2' },
    plan,
    planVersion: 1,
    requestedBy: 'user:default/alice',
    createdAt: '2026-11-21T10:00:00.000Z',
    updatedAt: '2026-11-21T10:00:00.000Z',
    expiresAt: '2026-11-28T10:00:00.000Z',
    attempts: 0,
    retryable: false,
  };
}

/** What a template hands over: flat match fields, empty optional fields, a short entity ref. */
const httpInput = {
  entityRef: 'service-2',
  routeName: 'service-2-v2',
  kind: 'HTTP',
  gateway: 'gateway-1',
  listener: 'http',
  pathType: 'PathPrefix',
  path: '/v2',
  backends: [
    { cluster: 'workload-1', weight: 50 },
    { cluster: 'workload-2', weight: 50 },
  ],
  hostname: '',
  headers: [],
  reason: 'The v2 API for the mobile app',
};

/** The outputs of a step that created the request. */
const created = {
  entityRef: 'component:default/service-2',
  id: REQUEST_ID,
  state: 'pending',
  link: `/service-network/requests#request-${REQUEST_ID}`,
};

const httpBody = {
  entityRef: 'component:default/service-2',
  routeName: 'service-2-v2',
  kind: 'HTTP',
  gateway: { name: 'gateway-1' },
  listener: 'http',
  match: { path: { type: 'PathPrefix', value: '/v2' } },
  backends: [
    { cluster: 'workload-1', weight: 50 },
    { cluster: 'workload-2', weight: 50 },
  ],
  reason: 'The v2 API for the mobile app',
};

describe('service-network:route:request', () => {
  const backend = backendStandInForEachTest();
  const action = (appConfig: JsonObject = {}) =>
    createServiceNetworkRouteRequestAction({
      ...backend.deps(),
      links: ServiceNetworkAppLinks.fromConfig(new ConfigReader(appConfig)),
    });

  it('in a dry run, previews the plan, stores nothing and outputs no request id', async () => {
    backend.answerWith(200, plan);
    const checkpoint = jest.fn();
    const ctx = context(
      {
        ...httpInput,
        gateway: 'mesh/gateway-1',
        method: 'GET',
        headers: [{ name: 'x-canary', value: 'true' }],
      },
      { isDryRun: true, checkpoint },
    );

    await action().handler(ctx);

    expect(backend.received).toEqual([
      {
        method: 'POST',
        path: '/api/service-network/route-requests/preview',
        authorization: aliceOnBehalfHeader,
        body: {
          ...httpBody,
          gateway: { namespace: 'mesh', name: 'gateway-1' },
          match: {
            path: { type: 'PathPrefix', value: '/v2' },
            method: 'GET',
            headers: [{ name: 'x-canary', value: 'true' }],
          },
        },
      },
    ]);
    expect(checkpoint).not.toHaveBeenCalled();
    expect(ctx.logger.info).toHaveBeenCalledWith(
      'config: HTTPRoute default/service-2-v2 would be updated on approval',
    );
    expect(outputsOf(ctx)).toEqual({
      entityRef: 'component:default/service-2',
      link: '/service-network/requests',
    });
  });

  it('fails a dry run whose plan has problems, naming each', async () => {
    backend.answerWith(200, {
      ...plan,
      problems: [
        'service-2 is not exported from workload-2',
        'listener http of gateway-1 does not exist',
      ],
    });

    await expect(
      action().handler(context(httpInput, { isDryRun: true })),
    ).rejects.toThrow(
      'The route cannot be made as asked:\n- service-2 is not exported from workload-2\n- listener http of gateway-1 does not exist',
    );
  });

  it('creates the request inside a checkpoint, as the user who runs the template, and outputs its id, state and link', async () => {
    backend.answerWith(201, createdRequest());
    const { saved, checkpoint } = recoverableCheckpoints();
    const ctx = context(httpInput, { checkpoint });

    await action().handler(ctx);

    expect(backend.received).toEqual([
      {
        method: 'POST',
        path: '/api/service-network/route-requests',
        authorization: aliceOnBehalfHeader,
        body: httpBody,
      },
    ]);
    expect([...saved.values()]).toEqual([{ id: REQUEST_ID, state: 'pending' }]);
    expect(outputsOf(ctx)).toEqual(created);
    expect(ctx.logger.info).toHaveBeenCalledWith(
      'config: ServiceImport default/service-2-workload-1 will be created on approval',
    );
  });

  it("links to where the app's config puts the requests page, and not at all where it disables it", async () => {
    backend.answerWith(201, createdRequest());
    const moved = context(httpInput);
    await action({
      app: {
        extensions: [
          { 'page:service-network': { config: { path: '/network' } } },
        ],
      },
    }).handler(moved);
    expect(outputsOf(moved).link).toBe(
      `/network/requests#request-${REQUEST_ID}`,
    );

    const disabled = context(httpInput);
    await action({
      app: { extensions: [{ 'sub-page:service-network/requests': false }] },
    }).handler(disabled);
    expect(outputsOf(disabled)).toEqual({
      entityRef: created.entityRef,
      id: created.id,
      state: created.state,
    });
  });

  it('sends the gRPC match for a GRPC route and says which HTTP fields it ignored', async () => {
    backend.answerWith(201, createdRequest());
    const ctx = context({
      ...httpInput,
      kind: 'GRPC',
      listener: 'https',
      grpcService: 'shop.v1.Catalog',
      grpcMethod: 'GetItem',
    });

    await action().handler(ctx);

    expect(backend.received[0].body).toEqual({
      ...httpBody,
      kind: 'GRPC',
      listener: 'https',
      match: { service: 'shop.v1.Catalog', method: 'GetItem' },
    });
    expect(ctx.logger.warn).toHaveBeenCalledWith(
      'path and method do not apply to a GRPC route; ignoring them',
    );
  });

  it('sends a TLS passthrough route with its hostname and no match, and says which match fields it ignored', async () => {
    backend.answerWith(201, createdRequest());
    const ctx = context({
      ...httpInput,
      kind: 'TLS',
      listener: 'tls',
      hostname: 'vault.example.internal',
    });

    await action().handler(ctx);

    const { match: _match, ...withoutMatch } = httpBody as Record<
      string,
      unknown
    >;
    expect(backend.received[0].body).toEqual({
      ...withoutMatch,
      kind: 'TLS',
      listener: 'tls',
      hostname: 'vault.example.internal',
    });
    expect(ctx.logger.warn).toHaveBeenCalledWith(
      'path, method, headers and gRPC matches do not apply to a TLS route; ignoring them',
    );
  });

  it('does not create a second request when a recovered task finds the checkpoint done', async () => {
    backend.answerWith(201, createdRequest());
    const { checkpoint } = recoverableCheckpoints();

    await action().handler(context(httpInput, { checkpoint }));
    const recovered = context(httpInput, { checkpoint });
    await action().handler(recovered);

    expect(backend.received).toHaveLength(1);
    expect(outputsOf(recovered)).toEqual(created);
    expect(recovered.logger.info).toHaveBeenCalledWith(
      `Route request ${REQUEST_ID} was made by an earlier attempt of this task; not asking again`,
    );
  });

  it('says an open request already exists when the backend answers 409, and stores no checkpoint', async () => {
    const message = `An open request for HTTPRoute default/service-2-v2 already exists (${REQUEST_ID}, pending, requested by user:default/bob): wait for its outcome or cancel it first`;
    backend.answerWith(409, { error: { name: 'ConflictError', message } });
    const { saved, checkpoint } = recoverableCheckpoints();

    await expect(
      action().handler(context(httpInput, { checkpoint })),
    ).rejects.toThrow(
      `Requesting a route for component:default/service-2 (HTTP, gateway-1 listener http) failed: an open request already exists for this route (see /service-network/requests): ${message}`,
    );
    expect(saved.size).toBe(0);
  });

  it.each([
    [
      400,
      'InputError',
      'Invalid request body: backends[1].weight: backend weight must be at most 999 (VPC Lattice target-group weights are 0 to 999)',
    ],
    [
      403,
      'NotAllowedError',
      'The permission policy denies you service-network.route-request.create',
    ],
  ])(
    'fails with the backend message when it answers %i',
    async (status, name, message) => {
      backend.answerWith(status, { error: { name, message } });

      await expect(action().handler(context(httpInput))).rejects.toThrow(
        `Requesting a route for component:default/service-2 (HTTP, gateway-1 listener http) failed with HTTP ${status}: ${message}`,
      );
    },
  );

  it('refuses a gateway that is neither a name nor namespace/name, before calling the backend', async () => {
    await expect(
      action().handler(context({ ...httpInput, gateway: 'a/b/c' })),
    ).rejects.toThrow(
      'gateway "a/b/c" must be a Gateway name or namespace/name',
    );
    expect(backend.received).toHaveLength(0);
  });
});
