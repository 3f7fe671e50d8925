/*
 * The actions through the real actions registry, actions service and MCP
 * server of a test backend, called with the real MCP client over
 * Streamable HTTP, against the simulated demo fleet. What an assistant gets
 * must be what the REST API answers the same user: the same permission
 * checks, messages and audit events.
 */
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import {
  actionsRegistryServiceFactory,
  actionsServiceFactory,
} from '@backstage/backend-defaults/alpha';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import type { JsonObject } from '@backstage/types';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import {
  serviceNetworkExportPermission,
  serviceNetworkRouteRequestApprovePermission,
} from '@service-network/backstage-plugin-service-network-common';
import request from 'supertest';
import {
  componentEntity,
  eventually,
  Fleet,
  rawConfigFor,
  startDemoFleet,
} from '../inventory/__testUtils__/fleet';
import { serviceNetworkPlugin } from '../plugin';

jest.setTimeout(60_000);

const ALICE = 'user:default/alice';
const BOB = 'user:default/bob';
const WRITES = ['create', 'update', 'patch', 'delete'] as const;

/** A route to one cluster on gateway-1's http listener. */
const routeTo = (entityRef: string, routeName: string) => ({
  entityRef,
  kind: 'HTTP',
  routeName,
  gateway: { name: 'gateway-1' },
  listener: 'http',
  backends: [{ cluster: 'workload-1', weight: 1 }],
  reason: 'Asked for by an assistant',
});

interface AuditRecord {
  eventId: string;
  hasRequest: boolean;
  meta?: JsonObject;
  status: 'initiated' | 'succeeded' | 'failed';
  error?: string;
}

/** Alice owns the services and asks for routes; Bob is the platform team. */
function policy() {
  const permissions = mockServices.permissions.mock();
  permissions.authorize.mockImplementation(
    async (requests, { credentials }) => {
      const user = (credentials.principal as { userEntityRef?: string })
        .userEntityRef;
      return requests.map(({ permission }) => {
        if (permission.name === serviceNetworkExportPermission.name)
          return {
            result:
              user === ALICE ? AuthorizeResult.ALLOW : AuthorizeResult.DENY,
          };
        if (
          permission.name === serviceNetworkRouteRequestApprovePermission.name
        )
          return {
            result: user === BOB ? AuthorizeResult.ALLOW : AuthorizeResult.DENY,
          };
        return { result: AuthorizeResult.ALLOW };
      });
    },
  );
  permissions.authorizeConditional.mockImplementation(async requests =>
    requests.map(() => ({ result: AuthorizeResult.ALLOW })),
  );
  return permissions;
}

function recordingAuditor(records: AuditRecord[]) {
  return mockServices.auditor.mock({
    createEvent: async options => {
      const record: AuditRecord = {
        eventId: options.eventId,
        hasRequest: !!options.request,
        meta: options.meta,
        status: 'initiated',
      };
      records.push(record);
      return {
        success: async params =>
          void Object.assign(record, {
            status: 'succeeded',
            meta: { ...record.meta, ...params?.meta },
          }),
        fail: async params =>
          void Object.assign(record, {
            status: 'failed',
            error: params.error.message,
          }),
      };
    },
  });
}

async function backendFor(
  fleet: Fleet,
  audits: AuditRecord[],
  settings: JsonObject = {},
) {
  const { server } = await startTestBackend({
    features: [
      serviceNetworkPlugin,
      import('@backstage/plugin-mcp-actions-backend'),
      actionsRegistryServiceFactory,
      actionsServiceFactory,
      catalogServiceMock.factory({
        entities: [
          ...['service-1', 'service-2', 'service-5'].map(componentEntity),
          // Its annotations point at a namespace Service Network never writes to.
          {
            ...componentEntity('dns'),
            metadata: {
              name: 'dns',
              namespace: 'default',
              annotations: {
                'backstage.io/kubernetes-namespace': 'kube-system',
                'backstage.io/kubernetes-id': 'kube-dns',
              },
            },
          },
        ],
      }),
      mockServices.rootConfig.factory({
        data: {
          ...rawConfigFor(fleet, {
            // Both may decide as far as the config goes; the policy says who does.
            settings: {
              refresh: { latticeIntervalSeconds: 1 },
              routeRequests: { approvers: [ALICE, BOB] },
              ...settings,
            },
          }),
          backend: { actions: { pluginSources: ['service-network'] } },
        },
      }),
      policy().factory,
      recordingAuditor(audits).factory,
    ],
  });
  return server;
}

describe('Service Network actions over MCP', () => {
  let fleet: Fleet;
  let server: Awaited<ReturnType<typeof backendFor>>;
  const audits: AuditRecord[] = [];
  const clients: Client[] = [];

  async function mcp(authorization: string, target = server) {
    const client = new Client({
      name: 'service-network-actions-test',
      version: '1.0.0',
    });
    await client.connect(
      new StreamableHTTPClientTransport(
        new URL(`http://localhost:${target.port()}/api/mcp-actions/v1`),
        {
          requestInit: { headers: { authorization } },
        },
      ),
    );
    clients.push(client);
    return client;
  }
  const as = (user: string) => mockCredentials.user.header(user);
  async function call(client: Client, name: string, args: JsonObject) {
    const result = await client.callTool({
      name: `service-network.${name}`,
      arguments: args,
    });
    const text = (result.content as Array<{ text: string }>)[0].text;
    return {
      isError: !!result.isError,
      text,
      output: result.structuredContent as any,
    };
  }
  const writes = () =>
    fleet.clusters.reduce(
      (sum, c) =>
        sum + WRITES.reduce((n, verb) => n + c.server.requests.count(verb), 0),
      0,
    );

  beforeAll(async () => {
    fleet = await startDemoFleet();
    server = await backendFor(fleet, audits);
  });

  afterAll(async () => {
    await Promise.all(clients.map(client => client.close()));
    await fleet.close();
  });

  it('lists the tools with object input schemas and descriptions; deciding on route requests is not among them by default', async () => {
    const { tools } = await (await mcp(as(ALICE))).listTools();
    expect(tools.map(t => t.name).sort()).toEqual(
      [
        'create-route-request',
        'export-service',
        'get-fleet-overview',
        'get-route-request',
        'get-service-network-status',
        'list-route-requests',
        'preview-route-request',
        'unexport-service',
      ].map(name => `service-network.${name}`),
    );
    for (const tool of tools) {
      expect(tool.inputSchema.type).toBe('object');
      expect(tool.description!.length).toBeGreaterThan(100);
    }
    const exportTool = tools.find(
      t => t.name === 'service-network.export-service',
    )!;
    expect(exportTool.inputSchema.properties).toMatchObject({
      entityRef: { type: 'string' },
      dryRun: { type: 'boolean', default: true },
    });
    expect(
      tools.find(t => t.name === 'service-network.get-service-network-status')!
        .annotations,
    ).toMatchObject({ readOnlyHint: true });
  });

  it('answers a service status compactly, with its DNS name', async () => {
    const client = await mcp(as(ALICE));
    const status = await eventually('service-1 with its DNS name', async () => {
      const { output } = await call(client, 'get-service-network-status', {
        entityRef: 'service-1',
      });
      return output?.dnsNames?.length ? output : undefined;
    });
    expect(status).toMatchObject({
      entityRef: 'component:default/service-1',
      service: 'default/service-1',
      clusters: [
        { cluster: 'workload-1', exportedPorts: ['80/HTTP'] },
        { cluster: 'workload-2', exportedPorts: ['80/HTTP'] },
      ],
      routes: [
        {
          route: 'HTTPRoute default/httproute-1',
          gateways: ['default/gateway-1'],
        },
      ],
    });
    expect(status.dnsNames[0]).toMatch(
      /^httproute-1-default-.+\.vpc-lattice-svcs\.us-west-2\.on\.aws$/,
    );
    expect(JSON.stringify(status).length).toBeLessThan(4000);
  });

  it('dry-runs an export by default and writes only when asked, audited as the calling user', async () => {
    const client = await mcp(as(ALICE));
    const before = writes();
    const dryRun = await call(client, 'export-service', {
      entityRef: 'component:default/service-5',
    });
    expect(dryRun.output).toMatchObject({
      dryRun: true,
      results: [
        {
          cluster: 'workload-1',
          outcome: 'planned',
          object: { kind: 'ServiceExport', metadata: { name: 'service-5' } },
        },
        { cluster: 'workload-2', outcome: 'planned' },
      ],
    });
    expect(dryRun.output.message).toMatch(/^Dry run: nothing was written/);
    expect(writes()).toBe(before);

    const exported = await call(client, 'export-service', {
      entityRef: 'component:default/service-5',
      dryRun: false,
    });
    expect(
      exported.output.results.map((r: { outcome: string }) => r.outcome),
    ).toEqual(['applied', 'applied']);
    await eventually(
      'the fleet overview to count the new exports',
      async () => {
        const { output } = await call(client, 'get-fleet-overview', {});
        return (
          output.clusters.every(
            (c: { role: string; exports: { federated: number } }) =>
              c.role === 'config' || c.exports.federated >= 4,
          ) || undefined
        );
      },
    );

    const event = audits.filter(a => a.eventId === 'service-export').at(-1)!;
    expect(event).toMatchObject({
      hasRequest: false,
      status: 'succeeded',
      meta: {
        entityRef: 'component:default/service-5',
        dryRun: false,
        actor: ALICE,
      },
    });
  });

  it('refuses what the permission policy denies with the message the REST API gives, and writes nothing', async () => {
    const before = writes();
    const refused = await call(await mcp(as(BOB)), 'unexport-service', {
      entityRef: 'component:default/service-5',
      dryRun: false,
    });
    const http = await request(server)
      .post(
        '/api/service-network/entities/default/component/service-5/unexport',
      )
      .set('Authorization', as(BOB))
      .send({});

    expect(refused).toMatchObject({ isError: true });
    expect(http.status).toBe(403);
    expect(refused.text).toBe(`NotAllowedError: ${http.body.error.message}`);
    expect(refused.text).toBe(
      'NotAllowedError: You may not export or unexport component:default/service-5: the permission policy denies service-network.service.export',
    );
    expect(writes()).toBe(before);
  });

  it("refuses writes in a guarded namespace with the REST API's message", async () => {
    const client = await mcp(as(ALICE));
    const http = await request(server)
      .post('/api/service-network/entities/default/component/dns/export')
      .set('Authorization', as(ALICE))
      .send({ dryRun: true });
    const refusals = [
      await call(client, 'export-service', { entityRef: 'dns' }),
      await call(client, 'unexport-service', { entityRef: 'dns' }),
      await call(
        client,
        'preview-route-request',
        routeTo('dns', 'dns-assistant'),
      ),
      await call(
        client,
        'create-route-request',
        routeTo('dns', 'dns-assistant'),
      ),
    ];

    expect(http.status).toBe(403);
    expect(http.body.error.message).toBe(
      'Service Network never writes to namespace kube-system (serviceNetwork.namespaces.protected lists kube-system)',
    );
    for (const refused of refusals) {
      expect(refused).toMatchObject({
        isError: true,
        text: `NotAllowedError: ${http.body.error.message}`,
      });
    }
  });

  it('refuses a service token: the actions act for users', async () => {
    const ci = await mcp(mockCredentials.service.header());
    expect((await ci.listTools()).tools).toHaveLength(8);
    const refused = await call(ci, 'get-fleet-overview', {});
    expect(refused.isError).toBe(true);
    expect(refused.text).toMatch(
      /^NotAllowedError: Service Network acts for signed-in users only, and this call carries the credentials of a service \(.+\): call it with a user's Backstage token$/,
    );
  });

  it('previews, creates, lists and reads a route request; bad input is refused naming the field', async () => {
    const client = await mcp(as(ALICE));
    const body = routeTo('component:default/service-2', 'service-2-assistant');
    const preview = await call(client, 'preview-route-request', body);
    expect(preview.output.problems).toEqual([]);
    expect(
      preview.output.objects.map((o: { object: string; action: string }) => [
        o.object,
        o.action,
      ]),
    ).toContainEqual(['HTTPRoute default/service-2-assistant', 'create']);

    const created = await call(client, 'create-route-request', body);
    expect(created.output).toMatchObject({
      state: 'pending',
      route: 'HTTPRoute default/service-2-assistant',
      requestedBy: ALICE,
      backends: ['workload-1: 1'],
    });
    const mine = await call(client, 'list-route-requests', { mine: true });
    expect(mine.output.items.map((r: { id: string }) => r.id)).toEqual([
      created.output.id,
    ]);
    const read = await call(client, 'get-route-request', {
      id: created.output.id,
    });
    expect(read.output.plan.objects.at(-1).manifest).toMatchObject({
      kind: 'HTTPRoute',
      metadata: { name: 'service-2-assistant' },
    });
    expect(
      audits.filter(a => a.eventId === 'route-request-create').at(-1),
    ).toMatchObject({ status: 'succeeded', meta: { actor: ALICE } });

    const bad = await call(client, 'create-route-request', {
      ...body,
      backends: [{ cluster: 'workload-1', weight: 1000 }],
    });
    expect(bad.text).toBe(
      'InputError: Invalid input: backends[0].weight: backend weight must be at most 999 (VPC Lattice target-group weights are 0 to 999)',
    );
    const tooMany = await call(client, 'list-route-requests', { limit: 501 });
    expect(tooMany.text).toBe(
      'InputError: Invalid limit: Number must be less than or equal to 500',
    );
    const notUuid = await call(client, 'get-route-request', { id: '42' });
    expect(notUuid.text).toBe(
      'InputError: Invalid route request id: id: route request ids are UUIDs',
    );
  });

  it('offers approving and rejecting when the platform team turns it on, under the same checks', async () => {
    const decisions = await backendFor(fleet, audits, {
      actions: { routeRequestDecisions: true },
    });
    const alice = await mcp(as(ALICE), decisions);
    const bob = await mcp(as(BOB), decisions);
    expect((await alice.listTools()).tools.map(t => t.name)).toEqual(
      expect.arrayContaining([
        'service-network.approve-route-request',
        'service-network.reject-route-request',
      ]),
    );
    // A bare name is a component in the default namespace.
    const created = await call(
      alice,
      'create-route-request',
      routeTo('service-1', 'service-1-assistant'),
    );
    const byAlice = await call(alice, 'approve-route-request', {
      id: created.output.id,
      comment: 'Mine',
    });
    expect(byAlice.text).toBe(
      'NotAllowedError: The permission policy denies you service-network.route-request.approve',
    );
    const rejected = await call(bob, 'reject-route-request', {
      id: created.output.id,
      comment: 'Use httproute-1',
    });
    expect(rejected.output).toMatchObject({
      state: 'rejected',
      decidedBy: BOB,
      decisionComment: 'Use httproute-1',
    });
  });

  it('answers what the REST API answers while Service Network is not configured', async () => {
    const { server: unconfigured } = await startTestBackend({
      features: [
        serviceNetworkPlugin,
        import('@backstage/plugin-mcp-actions-backend'),
        actionsRegistryServiceFactory,
        actionsServiceFactory,
        catalogServiceMock.factory({ entities: [] }),
        mockServices.rootConfig.factory({
          data: {
            backend: { actions: { pluginSources: ['service-network'] } },
          },
        }),
      ],
    });
    const refused = await call(
      await mcp(as(ALICE), unconfigured),
      'get-fleet-overview',
      {},
    );
    const http = await request(unconfigured)
      .get('/api/service-network/fleet')
      .set('Authorization', as(ALICE));

    expect(http.status).toBe(503);
    expect(refused.text).toBe(
      `ServiceUnavailableError: ${http.body.error.message}`,
    );
    expect(refused.text).toMatch(
      /^ServiceUnavailableError: Service Network is not configured: serviceNetwork is missing from app-config/,
    );
  });
});
