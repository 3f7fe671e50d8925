/*
 * The "Export a service" template run by the real scaffolder of the dev
 * backend, over its HTTP API, as the guest user: the ServiceExport lands in
 * the workload cluster of the simulated fleet.
 */
import fs from 'node:fs';
import https from 'node:https';
import path from 'node:path';
import { parse } from 'yaml';

const BACKEND = 'http://localhost:7007';
const KUBECONFIG = path.join(__dirname, '..', '.fleet', 'kubeconfig');
const SERVICE_EXPORT = (name: string) =>
  `/apis/application-networking.k8s.aws/v1alpha1/namespaces/default/serviceexports/${name}`;

/** Signs in as the dev app does: the devUsers provider, with the user named by its cookie. */
async function signIn(user: string): Promise<string> {
  const response = await fetch(`${BACKEND}/api/auth/devUsers/refresh`, {
    headers: { cookie: `service-network-dev-user=${user}`, 'x-requested-with': 'XMLHttpRequest' },
  });
  if (!response.ok) throw new Error(`sign-in as ${user}: ${response.status} ${await response.text()}`);
  return (await response.json()).backstageIdentity.token;
}

async function backend(token: string, method: string, route: string, body?: unknown) {
  const response = await fetch(`${BACKEND}${route}`, {
    method,
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: response.status, body: await response.json().catch(() => undefined) };
}

async function eventually<T>(what: string, attempt: () => Promise<T | undefined>, timeoutMs = 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const result = await attempt();
    if (result !== undefined) return result;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise(resolve => setTimeout(resolve, 500));
  }
}

/** GET from a fleet cluster's Kubernetes API with the kubeconfig's credentials for that context. */
function getFromCluster(context: string, apiPath: string): Promise<{ status: number; body: any }> {
  const config = parse(fs.readFileSync(KUBECONFIG, 'utf8'));
  const { cluster: clusterName, user: userName } = config.contexts.find((c: any) => c.name === context).context;
  const cluster = config.clusters.find((c: any) => c.name === clusterName).cluster;
  const user = config.users.find((u: any) => u.name === userName).user;
  return new Promise((resolve, reject) => {
    https
      .get(
        new URL(apiPath, cluster.server),
        {
          ca: Buffer.from(cluster['certificate-authority-data'], 'base64'),
          headers: { authorization: `Bearer ${user.token}` },
        },
        res => {
          let text = '';
          res.on('data', chunk => (text += chunk));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, body: JSON.parse(text) }));
        },
      )
      .on('error', reject);
  });
}

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
