/*
 * Issue 17 against the running dev backend: the real MCP client
 * (@modelcontextprotocol/sdk) over Streamable HTTP to the MCP actions
 * server at /api/mcp-actions/v1, as an editor's assistant connects to the
 * portal. The static token of app-config lists the tools; the calls go as
 * signed-in users with their Backstage tokens. The key steps are written to
 * screenshots/mcp-transcript.txt.
 */
import fs from 'node:fs';
import path from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import {
  BACKEND,
  backend,
  eventually,
  getFromCluster,
  SERVICE_EXPORT,
  signIn,
} from './stackApi';

const MCP = `${BACKEND}/api/mcp-actions/v1`;
const STATIC_TOKEN = 'service-network-dev-mcp-token';
const TRANSCRIPT = path.join(__dirname, 'screenshots', 'mcp-transcript.txt');

describe('Service Network over MCP', () => {
  const clients: Client[] = [];
  const transcript: string[] = [];

  async function connect(token: string) {
    const client = new Client({
      name: 'service-network-e2e',
      version: '1.0.0',
    });
    await client.connect(
      new StreamableHTTPClientTransport(new URL(MCP), {
        requestInit: { headers: { authorization: `Bearer ${token}` } },
      }),
    );
    clients.push(client);
    return client;
  }

  /** Calls a tool and notes the call and the gist of its answer. */
  async function call(
    who: string,
    client: Client,
    tool: string,
    args: Record<string, unknown>,
    gist: (output: any) => unknown,
  ) {
    const result = await client.callTool({
      name: `service-network.${tool}`,
      arguments: args,
    });
    const text = (result.content as Array<{ text: string }>)[0].text;
    const output = result.structuredContent as any;
    transcript.push(
      `${who} → ${tool} ${JSON.stringify(args)}`,
      `  ← ${result.isError ? text : JSON.stringify(gist(output))}`,
    );
    return { isError: !!result.isError, text, output };
  }

  afterAll(async () => {
    await Promise.all(clients.map(client => client.close()));
    fs.mkdirSync(path.dirname(TRANSCRIPT), { recursive: true });
    fs.writeFileSync(TRANSCRIPT, `${transcript.join('\n')}\n`);
  });

  it("lists Service Network's tools with their schemas, with the static token", async () => {
    const { tools } = await (await connect(STATIC_TOKEN)).listTools();
    const ours = tools.filter(tool => tool.name.startsWith('service-network.'));
    expect(ours.map(tool => tool.name).sort()).toEqual([
      'service-network.create-route-request',
      'service-network.export-service',
      'service-network.get-fleet-overview',
      'service-network.get-route-request',
      'service-network.get-service-network-status',
      'service-network.list-route-requests',
      'service-network.preview-route-request',
      'service-network.unexport-service',
    ]);
    for (const tool of ours)
      expect(tool.inputSchema).toMatchObject({ type: 'object' });
    expect(
      ours.find(t => t.name === 'service-network.create-route-request')!
        .inputSchema.required,
    ).toEqual(
      expect.arrayContaining([
        'entityRef',
        'kind',
        'gateway',
        'listener',
        'backends',
        'reason',
      ]),
    );

    // Both schemas as the registry serves them, for the sizes.
    const { body } = await backend(
      await signIn('developer'),
      'GET',
      '/api/service-network/.backstage/actions/v1/actions',
    );
    const sizes = body.actions.map(
      (action: any) =>
        `${action.name}: input ${
          JSON.stringify(action.schema.input).length
        } B, output ${JSON.stringify(action.schema.output).length} B`,
    );
    transcript.push(
      `static token → tools/list: ${ours.length} tools`,
      ...sizes.map((line: string) => `  ${line}`),
    );
  });

  it('refuses the static token a call, saying the actions act for users', async () => {
    const refused = await call(
      'static token',
      await connect(STATIC_TOKEN),
      'get-fleet-overview',
      {},
      output => output,
    );
    expect(refused.isError).toBe(true);
    expect(refused.text).toMatch(
      /^NotAllowedError: Service Network acts for signed-in users only, .*call it with a user's Backstage token$/,
    );
  });

  it("answers a service's status with its DNS name", async () => {
    const developer = await connect(await signIn('developer'));
    const { output } = await call(
      'developer',
      developer,
      'get-service-network-status',
      { entityRef: 'service-1' },
      o => ({
        overall: o.overall,
        dnsNames: o.dnsNames,
      }),
    );
    expect(output.entityRef).toBe('component:default/service-1');
    expect(output.dnsNames[0]).toMatch(
      /^httproute-1-default-.+\.vpc-lattice-svcs\.us-west-2\.on\.aws$/,
    );
  });

  it('dry-runs an export, performs it, the fleet shows it, and stops it again', async () => {
    const developer = await connect(await signIn('developer'));
    const target = {
      entityRef: 'component:default/service-3',
      clusters: ['workload-2'],
    };
    const outcomes = (o: any) => ({
      dryRun: o.dryRun,
      results: o.results.map((r: any) => `${r.cluster}: ${r.outcome}`),
    });

    const dryRun = await call(
      'developer',
      developer,
      'export-service',
      target,
      outcomes,
    );
    expect(dryRun.output).toMatchObject({
      dryRun: true,
      results: [{ cluster: 'workload-2', outcome: 'planned' }],
    });
    expect(dryRun.output.results[0].object.metadata.annotations).toMatchObject({
      'application-networking.k8s.aws/federation': 'amazon-vpc-lattice',
    });

    try {
      const done = await call(
        'developer',
        developer,
        'export-service',
        { ...target, dryRun: false },
        outcomes,
      );
      expect(['applied', 'unchanged']).toContain(
        done.output.results[0].outcome,
      );
      expect(
        (await getFromCluster('workload-2', SERVICE_EXPORT('service-3')))
          .status,
      ).toBe(200);
      const shown = await eventually(
        'the status to show the export in workload-2',
        async () => {
          const { structuredContent } = await developer.callTool({
            name: 'service-network.get-service-network-status',
            arguments: { entityRef: 'service-3' },
          });
          const workload2 = (structuredContent as any)?.clusters.find(
            (c: any) => c.cluster === 'workload-2',
          );
          return workload2?.exportedPorts.length ? workload2 : undefined;
        },
      );
      transcript.push(
        `developer → get-service-network-status {"entityRef":"service-3"}`,
        `  ← workload-2: ${shown.state} (${shown.exportedPorts.join(', ')})`,
      );
      const fleet = await call(
        'developer',
        developer,
        'get-fleet-overview',
        {},
        o =>
          o.clusters.map(
            (c: any) => `${c.name}: ${c.exports.federated} exports`,
          ),
      );
      expect(
        fleet.output.clusters.find((c: any) => c.name === 'workload-2').exports
          .federated,
      ).toBeGreaterThanOrEqual(4);
    } finally {
      // Leave service-3 as seeded for the other browser tests.
      const stopped = await call(
        'developer',
        developer,
        'unexport-service',
        { ...target, dryRun: false },
        outcomes,
      );
      expect(stopped.output.results).toMatchObject([
        { cluster: 'workload-2', outcome: 'deleted' },
      ]);
      await eventually(
        'the ServiceExport gone from workload-2',
        async () =>
          (
            await getFromCluster('workload-2', SERVICE_EXPORT('service-3'))
          ).status === 404 || undefined,
      );
    }
  });

  it('creates a route request, and lists and reads it', async () => {
    const developer = await connect(await signIn('developer'));
    const created = await call(
      'developer',
      developer,
      'create-route-request',
      {
        entityRef: 'component:default/service-3',
        kind: 'HTTP',
        routeName: 'service-3-assistant',
        gateway: { name: 'gateway-1' },
        listener: 'http',
        backends: [{ cluster: 'workload-1', weight: 1 }],
        reason: 'Requested from an editor assistant',
      },
      o => ({ id: o.id, state: o.state, route: o.route, link: o.link }),
    );
    expect(created.output).toMatchObject({
      state: 'pending',
      route: 'HTTPRoute default/service-3-assistant',
      requestedBy: 'user:default/developer',
      link: `http://localhost:3000/service-network/requests#request-${created.output.id}`,
    });
    const mine = await call(
      'developer',
      developer,
      'list-route-requests',
      { mine: true, state: ['pending'] },
      o => o.items.map((r: any) => r.route),
    );
    expect(mine.output.items.map((r: any) => r.id)).toContain(
      created.output.id,
    );
    const read = await call(
      'developer',
      developer,
      'get-route-request',
      { id: created.output.id },
      o => o.plan.objects.map((p: any) => `${p.action} ${p.object}`),
    );
    expect(read.output.plan.objects.map((p: any) => p.object)).toContain(
      'HTTPRoute default/service-3-assistant',
    );
  });

  it('refuses, with a clear message, an export the user may not make', async () => {
    const admin = await connect(await signIn('platform-admin'));
    const refused = await call(
      'platform-admin',
      admin,
      'export-service',
      { entityRef: 'component:default/service-3' },
      o => o,
    );
    expect(refused.isError).toBe(true);
    expect(refused.text).toBe(
      'NotAllowedError: You may not export or unexport component:default/service-3: the permission policy denies service-network.service.export',
    );
  });
});
