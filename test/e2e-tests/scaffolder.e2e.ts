/*
 * The "Export a service" template run by the real scaffolder of the dev
 * backend, over its HTTP API, as the guest user: the ServiceExport lands in
 * the workload cluster of the simulated fleet.
 */
import { backend, eventually, getFromCluster, SERVICE_EXPORT, signIn } from './stackApi';

describe('the export-service template', () => {
  it('exports service-3 to workload-2 through the scaffolder, as the guest user', async () => {
    const token = await signIn('guest');
    expect((await getFromCluster('workload-2', SERVICE_EXPORT('service-3'))).status).toBe(404);
    await eventually('the template in the catalog', async () => {
      const { status } = await backend(token, 'GET', '/api/catalog/entities/by-name/template/default/export-service');
      return status === 200 ? true : undefined;
    });

    const created = await backend(token, 'POST', '/api/scaffolder/v2/tasks', {
      templateRef: 'template:default/export-service',
      values: { service: 'component:default/service-3', clusters: ['workload-2'] },
    });
    expect(created.status).toBe(201);

    const task = await eventually('the task to finish', async () => {
      const { body } = await backend(token, 'GET', `/api/scaffolder/v2/tasks/${created.body.id}`);
      return ['completed', 'failed', 'cancelled'].includes(body.status) ? body : undefined;
    });
    const { body: events } = await backend(token, 'GET', `/api/scaffolder/v2/tasks/${created.body.id}/events`);
    const log = events.map((event: any) => event.body.message).join('\n');
    // The log comes along so that a failed task shows why.
    expect({ status: task.status, log }).toEqual({ status: 'completed', log: expect.any(String) });
    expect(log).toContain('workload-2: ServiceExport default/service-3 applied');
    expect(events.find((event: any) => event.type === 'completion').body.output.links).toEqual([
      { title: 'Open the service', icon: 'catalog', entityRef: 'component:default/service-3' },
    ]);

    const exported = await getFromCluster('workload-2', SERVICE_EXPORT('service-3'));
    expect(exported.status).toBe(200);
    expect(exported.body.metadata.annotations).toMatchObject({
      'application-networking.k8s.aws/federation': 'amazon-vpc-lattice',
    });
  });
});
