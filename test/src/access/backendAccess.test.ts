/*
 * "Nothing more", the refusals: with the token bound to deploy/kubernetes and
 * the key restricted by deploy/aws/iam-policy.json, everything outside the
 * backend's grants is refused with a real server's 403, while what it needs
 * is allowed (so a refusal is not just everything being refused). The
 * fleets here do not record to the access log: these requests are not the
 * backend's.
 */
import { GetServiceNetworkCommand, ListServicesCommand, VPCLatticeClient } from '@aws-sdk/client-vpc-lattice';
import { Fleet, FleetCluster, startFleet } from '../fleet/fleet';
import { seedDemoFleet } from '../fleet/seed';
import { BackendIdentityVariant, rbacFiles } from './deployFiles';

jest.setTimeout(60_000);

const APPLY = 'application/apply-patch+yaml';
const MERGE = 'application/merge-patch+json';
const SA = 'system:serviceaccount:backstage:service-network';
const ASSUMED_ROLE = 'arn:aws:sts::123456789012:assumed-role/backstage-service-network/backstage';

async function startDemo(backendIdentity: BackendIdentityVariant): Promise<Fleet> {
  const fleet = await startFleet({ tls: false, recordAccess: false, backendIdentity });
  seedDemoFleet(fleet);
  await fleet.idle();
  return fleet;
}

async function asBackend(cluster: FleetCluster, method: string, path: string, body?: unknown, contentType = 'application/json') {
  const response = await fetch(`${cluster.url}${path}`, {
    method,
    headers: { authorization: `Bearer ${cluster.backendToken}`, ...(body === undefined ? {} : { 'content-type': contentType }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: response.status, body: await response.json() };
}

const EXPORTS = '/apis/application-networking.k8s.aws/v1alpha1';
const GATEWAY_API = '/apis/gateway.networking.k8s.io/v1';
const manifest = (apiVersion: string, kind: string, name: string, spec: unknown = {}) => ({
  apiVersion,
  kind,
  metadata: { name, namespace: 'default' },
  spec,
});

/** [cluster, what, method, path, body, content type, the resource part of the message, verb and scope of the message] */
type Refusal = [
  'workload' | 'config',
  string,
  string,
  string,
  unknown,
  string | undefined,
  string,
  string,
];
const REFUSALS: Refusal[] = [
  // The Cilium provider applies one annotation of a Service (patch); replacing or deleting one stays refused.
  ['workload', 'replacing a Service (update)', 'PUT', '/api/v1/namespaces/default/services/service-1', manifest('v1', 'Service', 'service-1'), undefined, 'services "service-1"', 'cannot update resource "services" in API group "" in the namespace "default"'],
  ['workload', 'deleting a Service', 'DELETE', '/api/v1/namespaces/default/services/service-1', undefined, undefined, 'services "service-1"', 'cannot delete resource "services" in API group "" in the namespace "default"'],
  ['workload', 'listing Secrets', 'GET', '/api/v1/secrets', undefined, undefined, 'secrets', 'cannot list resource "secrets" in API group "" at the cluster scope'],
  ['workload', 'reading its own token Secret', 'GET', '/api/v1/namespaces/backstage/secrets/service-network-token', undefined, undefined, 'secrets "service-network-token"', 'cannot get resource "secrets" in API group "" in the namespace "backstage"'],
  // Listing them is granted, for Linkerd's mirrors; nothing more.
  ['workload', 'deleting an EndpointSlice', 'DELETE', '/apis/discovery.k8s.io/v1/namespaces/default/endpointslices/x', undefined, undefined, 'endpointslices.discovery.k8s.io "x"', 'cannot delete resource "endpointslices" in API group "discovery.k8s.io" in the namespace "default"'],
  ['workload', 'writing a ServiceExport’s status', 'PATCH', `${EXPORTS}/namespaces/default/serviceexports/service-1/status`, { status: {} }, MERGE, 'serviceexports.application-networking.k8s.aws "service-1"', 'cannot patch resource "serviceexports/status" in API group "application-networking.k8s.aws" in the namespace "default"'],
  ['workload', 'replacing a ServiceExport (update)', 'PUT', `${EXPORTS}/namespaces/default/serviceexports/service-1`, manifest('application-networking.k8s.aws/v1alpha1', 'ServiceExport', 'service-1'), undefined, 'serviceexports.application-networking.k8s.aws "service-1"', 'cannot update resource "serviceexports" in API group "application-networking.k8s.aws" in the namespace "default"'],
  ['workload', 'deleting every ServiceExport at once', 'DELETE', `${EXPORTS}/namespaces/default/serviceexports`, undefined, undefined, 'serviceexports.application-networking.k8s.aws', 'cannot deletecollection resource "serviceexports" in API group "application-networking.k8s.aws" in the namespace "default"'],
  ['workload', 'writing a TargetGroupPolicy (another kind of the group)', 'PATCH', `${EXPORTS}/namespaces/default/targetgrouppolicies/p?fieldManager=x`, manifest('application-networking.k8s.aws/v1alpha1', 'TargetGroupPolicy', 'p'), APPLY, 'targetgrouppolicies.application-networking.k8s.aws "p"', 'cannot patch resource "targetgrouppolicies" in API group "application-networking.k8s.aws" in the namespace "default"'],
  ['workload', 'writing an HTTPRoute in a workload cluster', 'PATCH', `${GATEWAY_API}/namespaces/default/httproutes/r?fieldManager=x`, manifest('gateway.networking.k8s.io/v1', 'HTTPRoute', 'r'), APPLY, 'httproutes.gateway.networking.k8s.io "r"', 'cannot patch resource "httproutes" in API group "gateway.networking.k8s.io" in the namespace "default"'],
  ['workload', 'granting itself more (a ClusterRoleBinding)', 'POST', '/apis/rbac.authorization.k8s.io/v1/clusterrolebindings', { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRoleBinding', metadata: { name: 'more' }, roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'cluster-admin' }, subjects: [] }, undefined, 'clusterrolebindings.rbac.authorization.k8s.io', 'cannot create resource "clusterrolebindings" in API group "rbac.authorization.k8s.io" at the cluster scope'],
  ['config', 'deleting a Gateway', 'DELETE', `${GATEWAY_API}/namespaces/default/gateways/gateway-1`, undefined, undefined, 'gateways.gateway.networking.k8s.io "gateway-1"', 'cannot delete resource "gateways" in API group "gateway.networking.k8s.io" in the namespace "default"'],
  ['config', 'patching a Gateway', 'PATCH', `${GATEWAY_API}/namespaces/default/gateways/gateway-1`, { metadata: { labels: { a: 'b' } } }, MERGE, 'gateways.gateway.networking.k8s.io "gateway-1"', 'cannot patch resource "gateways" in API group "gateway.networking.k8s.io" in the namespace "default"'],
  ['config', 'deleting an HTTPRoute', 'DELETE', `${GATEWAY_API}/namespaces/default/httproutes/httproute-1`, undefined, undefined, 'httproutes.gateway.networking.k8s.io "httproute-1"', 'cannot delete resource "httproutes" in API group "gateway.networking.k8s.io" in the namespace "default"'],
  ['config', 'deleting a ServiceImport', 'DELETE', `${EXPORTS}/namespaces/default/serviceimports/service-3`, undefined, undefined, 'serviceimports.application-networking.k8s.aws "service-3"', 'cannot delete resource "serviceimports" in API group "application-networking.k8s.aws" in the namespace "default"'],
  ['config', 'writing a ServiceExport in the config cluster', 'PATCH', `${EXPORTS}/namespaces/default/serviceexports/x?fieldManager=x`, manifest('application-networking.k8s.aws/v1alpha1', 'ServiceExport', 'x'), APPLY, 'serviceexports.application-networking.k8s.aws "x"', 'cannot patch resource "serviceexports" in API group "application-networking.k8s.aws" in the namespace "default"'],
  ['config', 'listing Services in the config cluster', 'GET', '/api/v1/services', undefined, undefined, 'services', 'cannot list resource "services" in API group "" at the cluster scope'],
  ['config', 'reading upstream MCS ServiceImports', 'GET', '/apis/multicluster.x-k8s.io/v1beta1/serviceimports', undefined, undefined, 'serviceimports.multicluster.x-k8s.io', 'cannot list resource "serviceimports" in API group "multicluster.x-k8s.io" at the cluster scope'],
  ['config', 'listing namespaces', 'GET', '/api/v1/namespaces', undefined, undefined, 'namespaces', 'cannot list resource "namespaces" in API group "" at the cluster scope'],
];

describe.each<[BackendIdentityVariant, string]>([
  ['serviceAccount', SA],
  ['group', ASSUMED_ROLE],
])('the backend’s token bound with the %s variant', (variant, user) => {
  let fleet: Fleet;

  beforeAll(async () => {
    fleet = await startDemo(variant);
  });

  afterAll(() => fleet.close());

  it('was installed from the files an adopter applies, and authenticates as the bound identity', async () => {
    expect(rbacFiles('workload', variant).map(file => file.split('/deploy/')[1])).toEqual(
      variant === 'serviceAccount'
        ? ['kubernetes/service-account.yaml', 'kubernetes/workload-cluster/clusterrole.yaml', 'kubernetes/workload-cluster/binding-serviceaccount.yaml']
        : ['kubernetes/workload-cluster/clusterrole.yaml', 'kubernetes/workload-cluster/binding-group.yaml'],
    );
    for (const cluster of fleet.clusters) expect(cluster.backendUser).toBe(user);
    const role = await fetch(`${fleet.configCluster.url}/apis/rbac.authorization.k8s.io/v1/clusterroles/service-network-config`, {
      headers: { authorization: `Bearer ${fleet.configCluster.token}` },
    });
    expect((await role.json()).metadata.managedFields.map((f: { manager: string }) => f.manager)).toEqual(['kubectl']);
  });

  it('allows what the backend does: list and watch across the cluster, apply and delete its exports', async () => {
    const workload = fleet.cluster('workload-1');
    expect((await asBackend(workload, 'GET', '/api/v1/services')).status).toBe(200);
    expect((await asBackend(workload, 'GET', '/api/v1/events?fieldSelector=involvedObject.kind%3DServiceExport')).status).toBe(200);
    const path = `${EXPORTS}/namespaces/default/serviceexports/service-5?fieldManager=backstage-service-network`;
    const exportOf = manifest('application-networking.k8s.aws/v1alpha1', 'ServiceExport', 'service-5', { exportedPorts: [{ port: 80, routeType: 'HTTP' }] });
    expect((await asBackend(workload, 'PATCH', path, exportOf, APPLY)).status).toBe(201);
    expect((await asBackend(workload, 'DELETE', `${EXPORTS}/namespaces/default/serviceexports/service-5`)).status).toBe(200);
    expect((await asBackend(fleet.configCluster, 'GET', `${GATEWAY_API}/gateways`)).status).toBe(200);
    expect((await asBackend(fleet.configCluster, 'GET', '/apis')).status).toBe(200);
  });

  it.each(REFUSALS)('refuses %s: %s', async (kind, _what, method, path, body, contentType, subject, denial) => {
    const cluster = kind === 'config' ? fleet.configCluster : fleet.cluster('workload-1');
    const refused = await asBackend(cluster, method, path, body, contentType);
    expect(refused.status).toBe(403);
    expect(refused.body).toMatchObject({ kind: 'Status', reason: 'Forbidden', code: 403, message: `${subject} is forbidden: User "${user}" ${denial}` });
  });
});

describe('the backend’s VPC Lattice key', () => {
  let fleet: Fleet;

  beforeAll(async () => {
    fleet = await startDemo('serviceAccount');
  });

  afterAll(() => fleet.close());

  const client = () =>
    new VPCLatticeClient({
      region: fleet.lattice.region,
      endpoint: fleet.lattice.url,
      credentials: { accessKeyId: fleet.lattice.backendAccessKeyId, secretAccessKey: fleet.lattice.backendSecretAccessKey },
    });

  it('may call what the policy allows, and is refused the rest in AWS’s words', async () => {
    expect((await client().send(new ListServicesCommand({}))).items?.length).toBeGreaterThan(0);
    const [network] = fleet.lattice.state.listServiceNetworks();
    const refused = await client()
      .send(new GetServiceNetworkCommand({ serviceNetworkIdentifier: network.id }))
      .catch(error => error);
    expect(refused).toMatchObject({
      name: 'AccessDeniedException',
      message:
        'User: arn:aws:iam::123456789012:user/backstage-service-network is not authorized to perform: vpc-lattice:GetServiceNetwork because no identity-based policy allows the vpc-lattice:GetServiceNetwork action',
      $metadata: { httpStatusCode: 403 },
    });
    expect(fleet.lattice.server.decisions(key => key === fleet.lattice.backendAccessKeyId)).toEqual([
      { accessKeyId: fleet.lattice.backendAccessKeyId, operation: 'ListServices', action: 'vpc-lattice:ListServices', allowed: true, count: 1 },
      { accessKeyId: fleet.lattice.backendAccessKeyId, operation: 'GetServiceNetwork', action: 'vpc-lattice:GetServiceNetwork', allowed: false, count: 1 },
    ]);
  });
});
