import { startFleet, Fleet } from './fleet';
import { startFleetAdmin, FleetAdminServer } from './admin';

describe('the fleet admin endpoint', () => {
  let fleet: Fleet;
  let admin: FleetAdminServer;

  beforeAll(async () => {
    fleet = await startFleet({ workloadClusters: 1, tls: false });
    admin = await startFleetAdmin(fleet);
  });
  afterAll(async () => {
    await admin.close();
    await fleet.close();
  });

  const send = (method: string, path: string, body?: unknown) =>
    fetch(`${admin.url}${path}`, {
      method,
      headers: { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });

  const clusterAnswers = (url: string, token: string) =>
    fetch(`${url}/api`, { headers: { authorization: `Bearer ${token}` } }).then(
      res => res.status,
      () => 'unreachable',
    );

  it('describes the fleet', async () => {
    const body = await (await send('GET', '/fleet')).json();
    expect(body.clusters.map((c: { name: string; role: string }) => [c.name, c.role])).toEqual([
      ['config', 'config'],
      ['workload-1', 'workload'],
    ]);
    expect(body.lattice.url).toBe(fleet.lattice.url);
  });

  it('makes a cluster unreachable and brings it back', async () => {
    const cluster = fleet.cluster('workload-1');
    expect(await clusterAnswers(cluster.url, cluster.token)).toBe(200);

    expect((await send('PUT', '/faults/clusters/workload-1', { unreachable: true })).status).toBe(200);
    expect(await clusterAnswers(cluster.url, cluster.token)).toBe('unreachable');
    expect(await clusterAnswers(fleet.configCluster.url, fleet.configCluster.token)).toBe(200);

    await send('PUT', '/faults/clusters/workload-1', { unreachable: false });
    expect(await clusterAnswers(cluster.url, cluster.token)).toBe(200);
  });

  it('counts requests per cluster and resets the counts', async () => {
    await send('POST', '/requests/reset');
    await clusterAnswers(fleet.configCluster.url, fleet.configCluster.token);
    const counts = await (await send('GET', '/requests')).json();
    expect(counts.clusters.config.total).toBe(1);
    expect(counts.clusters['workload-1'].total).toBe(0);
  });

  it('lists the writes each cluster stored, with who wrote which object', async () => {
    await send('POST', '/requests/reset');
    const cluster = fleet.cluster('workload-1');
    const write = (query: string) =>
      fetch(`${cluster.url}/api/v1/namespaces/default/services/written${query}`, {
        method: 'PATCH',
        headers: { authorization: `Bearer ${cluster.token}`, 'content-type': 'application/apply-patch+yaml' },
        body: JSON.stringify({ apiVersion: 'v1', kind: 'Service', metadata: { name: 'written' }, spec: { ports: [{ port: 80 }] } }),
      });
    expect((await write('?fieldManager=test&dryRun=All')).status).toBe(201);
    expect((await write('?fieldManager=test')).status).toBe(201);
    const writes = await (await send('GET', '/writes')).json();
    expect(writes.config).toEqual([]);
    expect(writes['workload-1']).toEqual([
      expect.objectContaining({ verb: 'patch', resource: 'services', namespace: 'default', name: 'written' }),
    ]);
  });

  it('expires the watches of a cluster', async () => {
    const response = await send('POST', '/faults/clusters/workload-1/expire-watches');
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ openWatches: 0, expiringWatches: 0 });
  });

  it('throttles the Lattice API on request', async () => {
    const response = await send('PUT', '/faults/lattice', { throttleRate: 1 });
    expect(await response.json()).toMatchObject({ throttleRate: 1 });
    await send('PUT', '/faults/lattice', { throttleRate: 0 });
  });

  it.each([
    ['an unknown fault', '/faults/clusters/workload-1', { slowness: 3 }, 400, 'Unknown fault "slowness"'],
    ['a rate above 1', '/faults/clusters/workload-1', { errorRate: 2 }, 400, '"errorRate" must be between 0 and 1'],
    ['a wrong type', '/faults/lattice', { unreachable: 'yes' }, 400, '"unreachable" must be a boolean'],
    ['an unknown cluster', '/faults/clusters/nope', { latencyMs: 5 }, 404, 'No cluster named nope'],
  ])('refuses %s with a clear message', async (_what, path, body, status, message) => {
    const response = await send('PUT', path, body);
    expect(response.status).toBe(status);
    expect((await response.json()).error).toContain(message);
  });
});
