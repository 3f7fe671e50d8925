/*
 * The README's RBAC commands with the real kubectl, on a cluster that has
 * only its bootstrap policy: `kubectl apply --server-side -f deploy/...`,
 * then reading the issued token out of the Secret, then that token as the
 * backend uses it. Skipped where kubectl is not installed, except in CI.
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { renderKubeconfig } from '../fleet/kubeconfig';
import { generateServingCertificate } from '../fleet/tls';
import { loadProjectCrds } from '../kube/crdManifests';
import { ClusterApiServer, startClusterApiServer } from '../kube/server';
import { rbacFiles } from './deployFiles';

jest.setTimeout(60_000);

const run = promisify(execFile);
const ADMIN = 'admin-token';
const kubectlInstalled = fs.existsSync('/usr/bin/kubectl') || fs.existsSync('/usr/local/bin/kubectl');
const describeWithKubectl = kubectlInstalled || process.env.CI ? describe : describe.skip;

describeWithKubectl('the README’s kubectl commands for deploy/kubernetes', () => {
  let server: ClusterApiServer;
  let kubeconfig: string;
  let caFile: string;

  beforeAll(async () => {
    const tls = generateServingCertificate();
    server = await startClusterApiServer({ name: 'fresh', tokens: [{ token: ADMIN, access: 'read-write' }], tls, serviceAccountTokens: { caData: tls.caData } });
    for (const crd of loadProjectCrds()) server.store.create({ group: 'apiextensions.k8s.io', plural: 'customresourcedefinitions' }, crd);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kubectl-apply-'));
    kubeconfig = path.join(dir, 'kubeconfig');
    fs.writeFileSync(kubeconfig, renderKubeconfig([{ name: 'fresh', url: server.url, token: ADMIN, caData: tls.caData }]));
    caFile = path.join(dir, 'ca.crt');
    fs.writeFileSync(caFile, tls.cert);
  });

  afterAll(() => server.close());

  const kubectl = async (...args: string[]) => (await run('kubectl', ['--kubeconfig', kubeconfig, ...args])).stdout;

  it('apply the workload cluster’s ServiceAccount variant, and the issued token acts as the backend with nothing more', async () => {
    const applied = await kubectl('apply', '--server-side', ...rbacFiles('workload', 'serviceAccount').flatMap(file => ['-f', file]));
    expect(applied.trim().split('\n')).toEqual([
      'namespace/backstage serverside-applied',
      'serviceaccount/service-network serverside-applied',
      'secret/service-network-token serverside-applied',
      'clusterrole.rbac.authorization.k8s.io/service-network-workload serverside-applied',
      'clusterrolebinding.rbac.authorization.k8s.io/service-network-workload serverside-applied',
    ]);
    const token = Buffer.from(
      await kubectl('-n', 'backstage', 'get', 'secret', 'service-network-token', '-o', 'jsonpath={.data.token}'),
      'base64',
    ).toString();
    expect(token.length).toBeGreaterThan(20);

    const backendArgs = ['--server', server.url, '--token', token, '--certificate-authority', caFile];
    await expect(run('kubectl', [...backendArgs, 'get', 'serviceexports.application-networking.k8s.aws', '-A'])).resolves.toBeDefined();
    const refused = await run('kubectl', [...backendArgs, 'get', 'secrets', '-A']).catch(error => error);
    expect(refused.stderr).toContain(
      'Error from server (Forbidden): secrets is forbidden: User "system:serviceaccount:backstage:service-network" cannot list resource "secrets" in API group "" at the cluster scope',
    );
  });

  it('apply the config cluster’s group variant', async () => {
    const applied = await kubectl('apply', '--server-side', ...rbacFiles('config', 'group').flatMap(file => ['-f', file]));
    expect(applied.trim().split('\n')).toEqual([
      'clusterrole.rbac.authorization.k8s.io/service-network-config serverside-applied',
      'clusterrolebinding.rbac.authorization.k8s.io/service-network-config serverside-applied',
    ]);
    const binding = JSON.parse(await kubectl('get', 'clusterrolebinding', 'service-network-config', '-o', 'json'));
    expect(binding.subjects).toEqual([{ apiGroup: 'rbac.authorization.k8s.io', kind: 'Group', name: 'service-network' }]);
  });
});
