/*
 * The Service Network templates run by the real scaffolder of the dev
 * backend, over its HTTP API, as a signed-in user: "Export a service" lands a
 * ServiceExport in a workload cluster of the simulated fleet; "Request a
 * route" leaves a pending route request for the platform team.
 */
import { backend, eventually, getFromCluster, SERVICE_EXPORT, signIn } from './stackApi';

/** Runs a catalog template to its end; the log comes along so that a failed task shows why. */
async function runTemplate(token: string, name: string, values: Record<string, unknown>) {
  await eventually(`the ${name} template in the catalog`, async () => {
    const { status } = await backend(token, 'GET', `/api/catalog/entities/by-name/template/default/${name}`);
    return status === 200 ? true : undefined;
  });
  const created = await backend(token, 'POST', '/api/scaffolder/v2/tasks', {
    templateRef: `template:default/${name}`,
    values,
  });
  expect(created.status).toBe(201);

  const task = await eventually('the task to finish', async () => {
    const { body } = await backend(token, 'GET', `/api/scaffolder/v2/tasks/${created.body.id}`);
    return ['completed', 'failed', 'cancelled'].includes(body.status) ? body : undefined;
  });
  const { body: events } = await backend(token, 'GET', `/api/scaffolder/v2/tasks/${created.body.id}/events`);
  const log: string = events.map((event: any) => event.body.message).join('\n');
  expect({ status: task.status, log }).toEqual({ status: 'completed', log: expect.any(String) });
  return { log, output: events.find((event: any) => event.type === 'completion').body.output };
}

describe('the Service Network templates', () => {
  it('export-service exports service-3 to workload-2 through the scaffolder, as the guest user', async () => {
    const token = await signIn('guest');
    expect((await getFromCluster('workload-2', SERVICE_EXPORT('service-3'))).status).toBe(404);

    const { log, output } = await runTemplate(token, 'export-service', {
      service: 'component:default/service-3',
      clusters: ['workload-2'],
    });

    expect(log).toContain('workload-2: ServiceExport default/service-3 applied');
    expect(output.links).toEqual([
      { title: 'Open the service', icon: 'catalog', entityRef: 'component:default/service-3' },
    ]);
    const exported = await getFromCluster('workload-2', SERVICE_EXPORT('service-3'));
    expect(exported.status).toBe(200);
    expect(exported.body.metadata.annotations).toMatchObject({
      'application-networking.k8s.aws/federation': 'amazon-vpc-lattice',
    });
  });

  it('request-route leaves a pending request for service-2 on gateway-1, made by the developer', async () => {
    const token = await signIn('developer');

    const { log, output } = await runTemplate(token, 'request-route', {
      service: 'component:default/service-2',
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
      reason: 'The v2 API for the mobile app',
    });

    expect(log).toContain('config: HTTPRoute default/service-2-v2 will be created on approval');
    expect(output.links).toEqual([
      { title: 'Open the route request', icon: 'dashboard', url: expect.stringMatching(/^\/service-network\/requests#request-[0-9a-f-]+$/) },
      { title: 'Open the service', icon: 'catalog', entityRef: 'component:default/service-2' },
    ]);
    const { status, body } = await backend(token, 'GET', '/api/service-network/route-requests?mine=true');
    expect(status).toBe(200);
    const requests = body.items.filter((request: any) => request.route.name === 'service-2-v2');
    expect(requests).toEqual([
      expect.objectContaining({
        state: 'pending',
        entityRef: 'component:default/service-2',
        requestedBy: 'user:default/developer',
        route: { kind: 'HTTPRoute', namespace: 'default', name: 'service-2-v2' },
        spec: expect.objectContaining({
          gateway: { name: 'gateway-1' },
          listener: 'http',
          match: { path: { type: 'PathPrefix', value: '/v2' } },
          backends: [
            { cluster: 'workload-1', weight: 50 },
            { cluster: 'workload-2', weight: 50 },
          ],
        }),
      }),
    ]);
    expect(log).toContain(`Route request ${requests[0].id} is pending`);
  });
});
