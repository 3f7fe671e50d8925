/*
 * The one write the benchmark makes to a cluster, over its Kubernetes API as
 * any client would: a JSON patch adding a port to a Service.
 */
import https from 'node:https';
import type { FleetDescription } from './fleetProcess';

type Cluster = FleetDescription['clusters'][number];

export function addServicePort(cluster: Cluster, namespace: string, name: string, port: number): Promise<void> {
  const url = new URL(`${cluster.url}/api/v1/namespaces/${namespace}/services/${name}`);
  const body = JSON.stringify([
    { op: 'add', path: '/spec/ports/-', value: { name: `bench-${port}`, port, targetPort: port, protocol: 'TCP' } },
  ]);
  return new Promise((resolve, reject) => {
    const req = https.request(
      url,
      {
        method: 'PATCH',
        ca: Buffer.from(cluster.caData, 'base64'),
        headers: {
          authorization: `Bearer ${cluster.token}`,
          'content-type': 'application/json-patch+json',
          'content-length': Buffer.byteLength(body),
        },
      },
      res => {
        const chunks: Buffer[] = [];
        res.on('data', chunk => chunks.push(chunk));
        res.on('end', () => {
          if ((res.statusCode ?? 500) < 300) resolve();
          else reject(new Error(`PATCH ${url.pathname}: ${res.statusCode} ${Buffer.concat(chunks).toString()}`));
        });
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}
