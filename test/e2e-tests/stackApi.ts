/*
 * The stack's HTTP APIs for the browser tests: the backend as a signed-in
 * user, and the fleet's Kubernetes APIs with the kubeconfig it writes.
 */
import fs from 'node:fs';
import https from 'node:https';
import path from 'node:path';
import { parse } from 'yaml';

export const BACKEND = 'http://localhost:7007';
export const KUBECONFIG = path.join(__dirname, '..', '.fleet', 'kubeconfig');
export const SERVICE_EXPORT = (name: string) =>
  `/apis/application-networking.k8s.aws/v1alpha1/namespaces/default/serviceexports/${name}`;

/** Signs in as the dev app does: the devUsers provider, with the user named by its cookie. */
export async function signIn(user: string): Promise<string> {
  const response = await fetch(`${BACKEND}/api/auth/devUsers/refresh`, {
    headers: { cookie: `service-network-dev-user=${user}`, 'x-requested-with': 'XMLHttpRequest' },
  });
  if (!response.ok) throw new Error(`sign-in as ${user}: ${response.status} ${await response.text()}`);
  return (await response.json()).backstageIdentity.token;
}

export async function backend(token: string, method: string, route: string, body?: unknown) {
  const response = await fetch(`${BACKEND}${route}`, {
    method,
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: response.status, body: await response.json().catch(() => undefined) };
}

export async function eventually<T>(what: string, attempt: () => Promise<T | undefined>, timeoutMs = 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const result = await attempt();
    if (result !== undefined) return result;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise(resolve => setTimeout(resolve, 500));
  }
}

/** A request to a fleet cluster's Kubernetes API with the kubeconfig's credentials for that context. */
export function requestToCluster(
  context: string,
  method: string,
  apiPath: string,
  body?: { contentType: string; value: unknown },
): Promise<{ status: number; body: any }> {
  const config = parse(fs.readFileSync(KUBECONFIG, 'utf8'));
  const { cluster: clusterName, user: userName } = config.contexts.find((c: any) => c.name === context).context;
  const cluster = config.clusters.find((c: any) => c.name === clusterName).cluster;
  const user = config.users.find((u: any) => u.name === userName).user;
  const payload = body === undefined ? undefined : JSON.stringify(body.value);
  return new Promise((resolve, reject) => {
    const request = https.request(
      new URL(apiPath, cluster.server),
      {
        method,
        ca: Buffer.from(cluster['certificate-authority-data'], 'base64'),
        headers: {
          authorization: `Bearer ${user.token}`,
          ...(body ? { 'content-type': body.contentType } : {}),
        },
      },
      res => {
        let text = '';
        res.on('data', chunk => (text += chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: JSON.parse(text) }));
      },
    );
    request.on('error', reject);
    request.end(payload);
  });
}

/** GET from a fleet cluster's Kubernetes API with the kubeconfig's credentials for that context. */
export function getFromCluster(context: string, apiPath: string): Promise<{ status: number; body: any }> {
  return requestToCluster(context, 'GET', apiPath);
}

/** A JSON merge patch, as kubectl scale and kubectl annotate send them. */
export function mergePatchInCluster(context: string, apiPath: string, patch: unknown) {
  return requestToCluster(context, 'PATCH', apiPath, { contentType: 'application/merge-patch+json', value: patch });
}
