/*
 * The machine's kubectl (v1.32), unchanged, against the simulated fleet over
 * TLS with the kubeconfig the fleet writes: what a user types, with what a
 * real cluster would answer. Read-only checks run side by side; each test
 * that writes uses objects of its own.
 */
import fs from 'node:fs';
import { parse } from 'yaml';
import { startFleet, Fleet } from '../fleet/fleet';
import {
  CILIUM_DEMO_SERVICES,
  DEMO_SERVICES,
  LINKERD_DEMO_SERVICES,
  GKE_DEMO_SERVICES,
  ISTIO_DEMO_SERVICES,
  MCS_DEMO_SERVICES,
  seedDemoFleet,
} from '../fleet/seed';
import { requireClient, stream, tableRows } from './clients';
import { KubectlSession, kubectlSession } from './kubectlSession';

/** The Services the demo seed puts in workload-1, as kubectl lists them (by name). */
const SEEDED_IN_WORKLOAD_1 = [
  ...DEMO_SERVICES.filter(seed => seed.clusters['workload-1']),
  ...[...MCS_DEMO_SERVICES, ...GKE_DEMO_SERVICES].filter(seed => seed.clusters['workload-1']?.port !== undefined),
  ...CILIUM_DEMO_SERVICES.filter(seed => seed.clusters['workload-1'] !== 'no-service'),
  ...LINKERD_DEMO_SERVICES.filter(seed => seed.clusters['workload-1'] !== 'no-service'),
  ...ISTIO_DEMO_SERVICES.filter(seed => !seed.namespace && seed.clusters['workload-1'] !== 'no-service'),
]
  .map(seed => seed.name)
  .sort();

const KUBECTL = requireClient(
  'kubectl',
  'kubectl 1.32 is part of the machine image',
);
const describeWithKubectl = KUBECTL ? describe : describe.skip;

/** The controller's published example (aws-application-networking-k8s examples/parking.yaml). */
const PARKING = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: parking
  labels:
    app: parking
spec:
  replicas: 2
  selector:
    matchLabels:
      app: parking
  template:
    metadata:
      labels:
        app: parking
    spec:
      containers:
      - name: parking
        image: public.ecr.aws/x2j8p8w7/http-server:latest
        env:
        - name: PodName
          value: "parking handler pod"
---
apiVersion: v1
kind: Service
metadata:
  name: parking
spec:
  selector:
    app: parking
  ports:
    - protocol: TCP
      port: 80
      targetPort: 8090
`;

function route(name: string, extra = ''): string {
  return `apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata:
  name: ${name}
spec:
  parentRefs:
  - group: gateway.networking.k8s.io
    kind: Gateway
    name: gateway-1
    sectionName: http
  rules:
  - backendRefs:
    - name: service-1-workload-1
      kind: ServiceImport
      group: application-networking.k8s.aws
      weight: 10
${extra}`;
}

describeWithKubectl('kubectl against the simulated fleet', () => {
  let fleet: Fleet;
  let session: KubectlSession;
  const kubectl = (context: string, args: string[], input?: string) =>
    session.kubectl(context, args, input);
  const ok = (context: string, args: string[], input?: string) =>
    session.ok(context, args, input);
  const manifest = (name: string, text: string) => session.manifest(name, text);

  /** The controller's example under another name, applied and rolled out. */
  const rollOutParkingAs = async (name: string) => {
    await ok('workload-1', [
      'apply',
      '-f',
      manifest(`${name}.yaml`, PARKING.replace(/parking/g, name)),
    ]);
    await ok('workload-1', [
      'rollout',
      'status',
      `deployment/${name}`,
      '--timeout=30s',
    ]);
  };

  beforeAll(async () => {
    // A short reconcile delay, so that a delete is seen waiting on the controller's finalizer.
    fleet = await startFleet({ reconcileDelayMs: 150 });
    seedDemoFleet(fleet);
    await fleet.idle();
    session = kubectlSession(KUBECTL!, fleet);
  });
  afterAll(async () => {
    await fleet?.close();
    session?.close();
  });

  describe('printing', () => {
    it('prints the columns a real server prints for Services, with -o wide adding the selector', async () => {
      const [plain, wide] = await Promise.all([
        ok('workload-1', ['get', 'svc', 'service-1']),
        ok('workload-1', ['get', 'svc', 'service-1', '-o', 'wide']),
      ]);
      expect(tableRows(plain)).toEqual([
        ['NAME', 'TYPE', 'CLUSTER-IP', 'EXTERNAL-IP', 'PORT(S)', 'AGE'],
        [
          'service-1',
          'ClusterIP',
          '172.20.1.10',
          '<none>',
          '80/TCP',
          expect.stringMatching(/^\d+s$/),
        ],
      ]);
      expect(tableRows(wide)[0]).toEqual([
        'NAME',
        'TYPE',
        'CLUSTER-IP',
        'EXTERNAL-IP',
        'PORT(S)',
        'AGE',
        'SELECTOR',
      ]);
      expect(tableRows(wide)[1][6]).toBe('app=service-1');
    });

    it('prints the workloads, their pods and EndpointSlices as pkg/printers does', async () => {
      const [deployments, pods, slices, replicaSets, namespaces] =
        await Promise.all([
          ok('workload-2', ['get', 'deploy', '-o', 'wide']),
          ok('workload-2', [
            'get',
            'pods',
            '-o',
            'wide',
            '-l',
            'app=service-2',
          ]),
          ok('workload-2', [
            'get',
            'endpointslices',
            '-l',
            'kubernetes.io/service-name=service-2',
          ]),
          ok('workload-2', ['get', 'rs']),
          ok('workload-2', ['get', 'ns']),
        ]);
      expect(tableRows(deployments)[0]).toEqual([
        'NAME',
        'READY',
        'UP-TO-DATE',
        'AVAILABLE',
        'AGE',
        'CONTAINERS',
        'IMAGES',
        'SELECTOR',
      ]);
      expect(
        tableRows(deployments)
          .find(row => row[0] === 'service-2-canary')
          ?.slice(1, 4),
      ).toEqual(['0/1', '1', '0']);
      expect(
        tableRows(deployments).find(row => row[0] === 'service-1')?.[7],
      ).toBe('app=service-1,track=stable');
      const podRows = tableRows(pods);
      expect(podRows[0]).toEqual([
        'NAME',
        'READY',
        'STATUS',
        'RESTARTS',
        'AGE',
        'IP',
        'NODE',
        'NOMINATED NODE',
        'READINESS GATES',
      ]);
      expect(
        podRows
          .slice(1)
          .map(row => [row[1], row[2], row[6]])
          .sort(),
      ).toEqual([
        ['0/1', 'Running', 'workload-2-node-1'],
        ['1/1', 'Running', 'workload-2-node-1'],
      ]);
      expect(
        podRows.slice(1).every(row => /^10\.2\.\d+\.\d+$/.test(row[5])),
      ).toBe(true);
      const sliceRows = tableRows(slices);
      expect(sliceRows[0]).toEqual([
        'NAME',
        'ADDRESSTYPE',
        'PORTS',
        'ENDPOINTS',
        'AGE',
      ]);
      expect(sliceRows[1].slice(1, 3)).toEqual(['IPv4', '8080']);
      expect(sliceRows[1][3].split(',').sort()).toEqual(
        podRows
          .slice(1)
          .map(row => row[5])
          .sort(),
      );
      expect(tableRows(replicaSets)[0]).toEqual([
        'NAME',
        'DESIRED',
        'CURRENT',
        'READY',
        'AGE',
      ]);
      expect(tableRows(namespaces)).toContainEqual([
        'default',
        'Active',
        expect.any(String),
      ]);
    });

    it("prints each CRD's additionalPrinterColumns, with JSONPath filters and dates as ages", async () => {
      const [gateways, classes, routes] = await Promise.all([
        ok('config', ['get', 'gateways']),
        ok('config', ['get', 'gatewayclasses', '-o', 'wide']),
        ok('config', ['get', 'httproutes']),
      ]);
      const gatewayRows = tableRows(gateways);
      expect(gatewayRows[0]).toEqual([
        'NAME',
        'CLASS',
        'ADDRESS',
        'PROGRAMMED',
        'AGE',
      ]);
      expect(gatewayRows[1]).toEqual([
        'gateway-1',
        'amazon-vpc-lattice',
        expect.stringMatching(/\.vpc-lattice-svcs\.us-west-2\.on\.aws$/),
        'True',
        expect.stringMatching(/^\d+s$/),
      ]);
      expect(tableRows(classes)[0]).toEqual([
        'NAME',
        'CONTROLLER',
        'ACCEPTED',
        'AGE',
        'DESCRIPTION',
      ]);
      expect(tableRows(classes)[1].slice(0, 3)).toEqual([
        'amazon-vpc-lattice',
        'application-networking.k8s.aws/gateway-api-controller',
        'True',
      ]);
      expect(tableRows(routes)[0]).toEqual(['NAME', 'HOSTNAMES', 'AGE']);
    });

    it("prints the backend's RBAC objects: bindings with their role and, wide, their subjects", async () => {
      const [bindings, accounts, secrets] = await Promise.all([
        ok('workload-1', ['get', 'clusterrolebindings', '-o', 'wide']),
        ok('workload-1', ['get', 'serviceaccounts', '-A']),
        ok('workload-1', ['get', 'secrets', '-A']),
      ]);
      const rows = tableRows(bindings);
      expect(rows[0]).toEqual([
        'NAME',
        'ROLE',
        'AGE',
        'USERS',
        'GROUPS',
        'SERVICEACCOUNTS',
      ]);
      expect(
        rows.some(
          row =>
            row[1].startsWith('ClusterRole/') &&
            /^backstage\/service-network$/.test(row[row.length - 1]),
        ),
      ).toBe(true);
      expect(tableRows(accounts)[0]).toEqual([
        'NAMESPACE',
        'NAME',
        'SECRETS',
        'AGE',
      ]);
      expect(tableRows(secrets)[0]).toEqual([
        'NAMESPACE',
        'NAME',
        'TYPE',
        'DATA',
        'AGE',
      ]);
      expect(
        tableRows(secrets)
          .slice(1)
          .some(
            row =>
              row[2] === 'kubernetes.io/service-account-token' &&
              row[3] === '3',
          ),
      ).toBe(true);
    });

    it('prints events with their object and, wide, their source', async () => {
      const wide = await ok('workload-1', [
        'get',
        'events',
        '-o',
        'wide',
        '--field-selector',
        'involvedObject.kind=Deployment',
      ]);
      const rows = tableRows(wide);
      expect(rows[0]).toEqual([
        'LAST SEEN',
        'TYPE',
        'REASON',
        'OBJECT',
        'SUBOBJECT',
        'SOURCE',
        'MESSAGE',
        'FIRST SEEN',
        'COUNT',
        'NAME',
      ]);
      expect(
        rows.some(
          row =>
            row.includes('ScalingReplicaSet') &&
            row.includes('deployment/service-1'),
        ),
      ).toBe(true);
    });

    it('prints objects as yaml, json and jsonpath', async () => {
      const [yamlText, json, jsonpath] = await Promise.all([
        ok('workload-1', ['get', 'svc', 'service-1', '-o', 'yaml']),
        ok('workload-1', ['get', 'svc', '-o', 'json']),
        ok('config', [
          'get',
          'httproute',
          'httproute-1',
          '-o',
          "jsonpath={.metadata.annotations['application-networking\\.k8s\\.aws/lattice-assigned-domain-name']}",
        ]),
      ]);
      expect(parse(yamlText)).toMatchObject({
        kind: 'Service',
        spec: { clusterIP: '172.20.1.10' },
      });
      expect(JSON.parse(json)).toMatchObject({
        kind: 'List',
        items: expect.arrayContaining([
          expect.objectContaining({ kind: 'Service' }),
        ]),
      });
      expect(jsonpath).toMatch(
        /^httproute-1-default-[0-9a-z]+\..+\.vpc-lattice-svcs\.us-west-2\.on\.aws$/,
      );
    });

    it('lists in chunks, and selects by label and field', async () => {
      const chunked = await kubectl('workload-1', [
        'get',
        'svc',
        '--chunk-size=2',
        '-v=6',
      ]);
      expect(chunked.code).toBe(0);
      expect(
        tableRows(chunked.stdout)
          .slice(1)
          .map(row => row[0]),
      ).toEqual(SEEDED_IN_WORKLOAD_1);
      // One request per chunk of two, the last one answering without a continue token (kubectl may log a request twice).
      expect(new Set(chunked.stderr.match(/services\?[^\s]*limit=2/g)).size).toBe(
        Math.ceil(SEEDED_IN_WORKLOAD_1.length / 2),
      );
      const [byLabel, byField] = await Promise.all([
        ok('workload-1', [
          'get',
          'pods',
          '-l',
          'app=service-1,track=stable',
          '-o',
          'name',
        ]),
        ok('workload-1', [
          'get',
          'svc',
          '--field-selector',
          'metadata.name=service-2',
          '-o',
          'name',
        ]),
      ]);
      expect(byLabel.trim().split('\n')).toHaveLength(2);
      expect(byField.trim()).toBe('service/service-2');
    });

    it('watches with get -w and prints each change as a row', async () => {
      const watch = stream(
        KUBECTL!,
        [
          '--context',
          'workload-1',
          'get',
          'svc',
          '-w',
          '--output-watch-events',
        ],
        session.env,
      );
      try {
        await watch.waitFor(/ADDED\s+service-5/);
        await ok('workload-1', [
          'create',
          'service',
          'clusterip',
          'watched',
          '--tcp=80:8080',
        ]);
        await watch.waitFor(/ADDED\s+watched\s+ClusterIP/);
        await ok('workload-1', ['label', 'svc', 'watched', 'seen=yes']);
        const output = await watch.waitFor(/MODIFIED\s+watched/);
        expect(tableRows(output)[0]).toEqual([
          'EVENT',
          'NAME',
          'TYPE',
          'CLUSTER-IP',
          'EXTERNAL-IP',
          'PORT(S)',
          'AGE',
        ]);
      } finally {
        watch.stop();
      }
    });
  });

  describe('explain', () => {
    it('explains custom and built-in fields from the OpenAPI v3 documents, and from v2 when asked', async () => {
      const [routeSpec, ports, probe, v2] = await Promise.all([
        ok('config', ['explain', 'httproute.spec']),
        ok('workload-1', ['explain', 'svc.spec.ports']),
        ok('workload-1', [
          'explain',
          'deploy.spec.template.spec.containers.readinessProbe.exec',
        ]),
        ok('workload-1', [
          'explain',
          'pods.spec.containers',
          '--output',
          'plaintext-openapiv2',
        ]),
      ]);
      expect(routeSpec).toMatch(/KIND:\s+HTTPRoute/);
      expect(routeSpec).toMatch(/parentRefs\s+<\[\]Object>/);
      expect(routeSpec).toMatch(/rules\s+<\[\]Object>/);
      expect(ports).toMatch(/FIELD: ports <\[\]ServicePort>/);
      expect(ports).toMatch(/port\s+<integer> -required-/);
      expect(ports).toMatch(/protocol\s+<string>\s+enum: SCTP, TCP, UDP/);
      expect(probe).toMatch(/command\s+<\[\]string>/);
      expect(v2).toMatch(/RESOURCE: containers <\[\]Object>/);
      expect(v2).toMatch(/readinessProbe\s+<Object>/);
    });
  });

  describe('kubectl describe', () => {
    it('describes a Service with its endpoints and a Deployment with its ReplicaSet and events', async () => {
      const [svc, deploy, pod] = await Promise.all([
        ok('workload-2', ['describe', 'svc', 'service-2']),
        ok('workload-2', ['describe', 'deploy', 'service-1']),
        ok('workload-2', ['describe', 'pods', '-l', 'track=canary']),
      ]);
      expect(svc).toMatch(/Selector:\s+app=service-2/);
      expect(svc).toMatch(/TargetPort:\s+8080\/TCP/);
      // kubectl lists the addresses of the Service's EndpointSlices: the ready pod and the canary.
      expect(svc).toMatch(
        /Endpoints:\s+10\.2\.\d+\.\d+:8080,10\.2\.\d+\.\d+:8080\n/,
      );
      expect(deploy).toMatch(
        /Replicas:\s+2 desired \| 2 updated \| 2 total \| 2 available \| 0 unavailable/,
      );
      expect(deploy).toMatch(
        /NewReplicaSet:\s+service-1-[a-z0-9]+ \(2\/2 replicas created\)/,
      );
      expect(deploy).toMatch(
        /Normal\s+ScalingReplicaSet\s+.*deployment-controller\s+Scaled up replica set service-1-[a-z0-9]+ from 0 to 2/,
      );
      expect(pod).toMatch(/Ready\s+False/);
      expect(pod).toMatch(
        /Warning\s+Unhealthy\s+.*kubelet\s+Readiness probe failed: HTTP probe failed with statuscode: 503/,
      );
    });
  });

  describe('apply', () => {
    it("applies the controller's published example: a Deployment and its Service, rolled out", async () => {
      const file = manifest('parking.yaml', PARKING);
      expect(await ok('workload-1', ['apply', '-f', file])).toBe(
        'deployment.apps/parking created\nservice/parking created\n',
      );
      expect(
        await ok('workload-1', [
          'rollout',
          'status',
          'deployment/parking',
          '--timeout=30s',
        ]),
      ).toMatch(/deployment "parking" successfully rolled out/);
      const slices = await ok('workload-1', [
        'get',
        'endpointslices',
        '-l',
        'kubernetes.io/service-name=parking',
        '-o',
        'json',
      ]);
      const [slice] = JSON.parse(slices).items;
      expect(
        slice.metadata.labels['endpointslice.kubernetes.io/managed-by'],
      ).toBe('endpointslice-controller.k8s.io');
      expect(slice.ports).toEqual([{ name: '', port: 8090, protocol: 'TCP' }]);
      expect(
        slice.endpoints.map(
          (endpoint: { conditions: unknown }) => endpoint.conditions,
        ),
      ).toEqual([
        { ready: true, serving: true, terminating: false },
        { ready: true, serving: true, terminating: false },
      ]);
      // Applying the same file again changes nothing.
      expect(await ok('workload-1', ['apply', '-f', file])).toBe(
        'deployment.apps/parking unchanged\nservice/parking unchanged\n',
      );
    });

    it('merges three ways: a field left out of the file goes, a field set by someone else stays', async () => {
      const file = manifest(
        'merge.yaml',
        `apiVersion: v1
kind: Service
metadata:
  name: merged
  labels: {tier: web, owner: me}
spec:
  selector: {app: merged}
  ports:
  - {name: http, port: 80, targetPort: 8080}
  - {name: admin, port: 9000}
`,
      );
      await ok('workload-1', ['apply', '-f', file]);
      await ok('workload-1', ['label', 'svc', 'merged', 'team=blue']);
      manifest(
        'merge.yaml',
        fs
          .readFileSync(file, 'utf8')
          .replace(', owner: me', '')
          .replace('  - {name: admin, port: 9000}\n', ''),
      );
      const patch = await kubectl('workload-1', ['apply', '-f', file, '-v=8']);
      expect(patch.code).toBe(0);
      // Built-in kinds get a strategic merge patch computed from the OpenAPI v3 patch metadata.
      expect(patch.stderr).toMatch(
        /Content-Type: application\/strategic-merge-patch\+json/,
      );
      const live = JSON.parse(
        await ok('workload-1', ['get', 'svc', 'merged', '-o', 'json']),
      );
      expect(live.metadata.labels).toEqual({ tier: 'web', team: 'blue' });
      expect(
        live.spec.ports.map((port: { name: string }) => port.name),
      ).toEqual(['http']);
      expect(
        JSON.parse(
          live.metadata.annotations[
            'kubectl.kubernetes.io/last-applied-configuration'
          ],
        ),
      ).toMatchObject({
        metadata: { labels: { tier: 'web' } },
      });
    });

    it('applies custom resources client-side with a JSON merge patch', async () => {
      const file = manifest('route.yaml', route('applied-route'));
      await ok('config', ['apply', '-f', file]);
      manifest(
        'route.yaml',
        route('applied-route').replace('weight: 10', 'weight: 20'),
      );
      const patch = await kubectl('config', ['apply', '-f', file, '-v=8']);
      expect(patch.code).toBe(0);
      expect(patch.stderr).toMatch(
        /Content-Type: application\/merge-patch\+json/,
      );
      expect(patch.stderr).not.toMatch(/error calculating patch/);
      expect(
        await ok('config', [
          'get',
          'httproute',
          'applied-route',
          '-o',
          'jsonpath={.spec.rules[0].backendRefs[0].weight}',
        ]),
      ).toBe('20');
    });

    it('refuses unknown fields as a real server does (kubectl validates strictly by default)', async () => {
      const file = manifest(
        'unknown.yaml',
        PARKING.split('---')[1]
          .replace('targetPort: 8090', 'targetPort: 8090\n      colour: blue')
          .replace('name: parking', 'name: unknown-field'),
      );
      const strict = await kubectl('workload-1', ['apply', '-f', file]);
      expect(strict.code).not.toBe(0);
      expect(strict.stderr).toMatch(
        /Service in version "v1" cannot be handled as a Service: strict decoding error: unknown field "spec.ports\[0\].colour"/,
      );
      const warned = await kubectl('workload-1', [
        'apply',
        '-f',
        file,
        '--validate=warn',
      ]);
      expect(warned.code).toBe(0);
      expect(warned.stderr).toMatch(
        /Warning: unknown field "spec.ports\[0\].colour"/,
      );
    });

    it('applies server-side, refuses a conflicting manager and gives way with --force-conflicts', async () => {
      const file = manifest('ssa.yaml', route('ssa-route'));
      await ok('config', [
        'apply',
        '--server-side',
        '--field-manager=team-a',
        '-f',
        file,
      ]);
      manifest(
        'ssa.yaml',
        route('ssa-route').replace('weight: 10', 'weight: 30'),
      );
      const conflict = await kubectl('config', [
        'apply',
        '--server-side',
        '--field-manager=team-b',
        '-f',
        file,
      ]);
      expect(conflict.code).not.toBe(0);
      expect(conflict.stderr).toMatch(
        /Apply failed with 1 conflict: conflict with "team-a" using gateway.networking.k8s.io\/v1: \.spec\.rules/,
      );
      expect(conflict.stderr).toMatch(/--force-conflicts/);
      expect(
        await ok('config', [
          'apply',
          '--server-side',
          '--field-manager=team-b',
          '--force-conflicts',
          '-f',
          file,
        ]),
      ).toMatch(
        /httproute.gateway.networking.k8s.io\/ssa-route serverside-applied/,
      );
      const live = JSON.parse(
        await ok('config', [
          'get',
          'httproute',
          'ssa-route',
          '-o',
          'json',
          '--show-managed-fields',
        ]),
      );
      expect(live.spec.rules[0].backendRefs[0].weight).toBe(30);
      expect(
        live.metadata.managedFields.map(
          (entry: { manager: string }) => entry.manager,
        ),
      ).toContain('team-b');
    });

    it('shows what would change with diff (server-side dry run), and nothing when nothing would', async () => {
      const file = manifest('diff.yaml', route('diffed-route'));
      await ok('config', ['apply', '--server-side', '-f', file]);
      const same = await kubectl('config', ['diff', '-f', file]);
      expect(same).toMatchObject({ code: 0, stdout: '' });
      manifest(
        'diff.yaml',
        route('diffed-route').replace('weight: 10', 'weight: 40'),
      );
      const changed = await kubectl('config', ['diff', '-f', file]);
      expect(changed.code).toBe(1);
      expect(changed.stdout).toMatch(/^-\s+weight: 10$/m);
      expect(changed.stdout).toMatch(/^\+\s+weight: 40$/m);
      const serverSide = await kubectl('config', [
        'diff',
        '--server-side',
        '-f',
        file,
      ]);
      expect(serverSide.code).toBe(1);
      expect(serverSide.stdout).toMatch(/^\+\s+weight: 40$/m);
      // Nothing was written.
      expect(
        await ok('config', [
          'get',
          'httproute',
          'diffed-route',
          '-o',
          'jsonpath={.spec.rules[0].backendRefs[0].weight}',
        ]),
      ).toBe('10');
    });

    it('creates with --dry-run=server: validated and defaulted, not stored', async () => {
      const dry = await ok('workload-1', [
        'create',
        'deployment',
        'dry',
        '--image=nginx:1.27',
        '--dry-run=server',
        '-o',
        'yaml',
      ]);
      expect(parse(dry)).toMatchObject({
        metadata: { name: 'dry', uid: expect.any(String) },
        spec: { replicas: 1, strategy: { type: 'RollingUpdate' } },
      });
      const missing = await kubectl('workload-1', ['get', 'deployment', 'dry']);
      expect(missing.stderr).toMatch(/deployments.apps "dry" not found/);
      const invalid = await kubectl('config', [
        'create',
        '-f',
        manifest(
          'bad-route.yaml',
          route('bad-route').replace('weight: 10', 'weight: -1'),
        ),
        '--dry-run=server',
      ]);
      expect(invalid.stderr).toMatch(
        /The HTTPRoute "bad-route" is invalid: spec.rules\[0\].backendRefs\[0\].weight: Invalid value: -1: spec.rules\[0\].backendRefs\[0\].weight in body should be greater than or equal to 0/,
      );
    });
  });

  describe('patch, label, annotate', () => {
    it('patches with each patch type; strategic merge only for built-in kinds', async () => {
      await ok('workload-1', [
        'create',
        'service',
        'clusterip',
        'patched',
        '--tcp=80:8080',
      ]);
      await ok('workload-1', [
        'patch',
        'svc',
        'patched',
        '--type=strategic',
        '-p',
        '{"spec":{"ports":[{"name":"metrics","port":9090}]}}',
      ]);
      await ok('workload-1', [
        'patch',
        'svc',
        'patched',
        '--type=merge',
        '-p',
        '{"metadata":{"labels":{"merged":"yes"}}}',
      ]);
      await ok('workload-1', [
        'patch',
        'svc',
        'patched',
        '--type=json',
        '-p',
        '[{"op":"replace","path":"/spec/ports/0/targetPort","value":8081}]',
      ]);
      const live = JSON.parse(
        await ok('workload-1', ['get', 'svc', 'patched', '-o', 'json']),
      );
      expect(
        live.spec.ports.map((port: { port: number; targetPort: number }) => [
          port.port,
          port.targetPort,
        ]),
      ).toEqual([
        [80, 8081],
        [9090, 9090],
      ]);
      expect(live.metadata.labels.merged).toBe('yes');
      const refused = await kubectl('config', [
        'patch',
        'httproute',
        'httproute-1',
        '-p',
        '{"spec":{"hostnames":["x.example.com"]}}',
      ]);
      expect(refused.code).not.toBe(0);
      expect(refused.stderr).toMatch(
        /application\/strategic-merge-patch\+json is not supported by gateway.networking.k8s.io\/v1, Kind=HTTPRoute/,
      );
      const merged = await ok('config', [
        'patch',
        'httproute',
        'httproute-4',
        '--type=merge',
        '-p',
        '{"metadata":{"labels":{"patched":"yes"}}}',
      ]);
      expect(merged).toMatch(
        /httproute.gateway.networking.k8s.io\/httproute-4 patched/,
      );
    });

    it('labels and annotates, overwrites and removes', async () => {
      await ok('workload-1', ['label', 'svc', 'service-3', 'tier=backend']);
      const clash = await kubectl('workload-1', [
        'label',
        'svc',
        'service-3',
        'tier=frontend',
      ]);
      expect(clash.stderr).toMatch(
        /'tier' already has a value \(backend\), and --overwrite is false/,
      );
      await ok('workload-1', [
        'label',
        'svc',
        'service-3',
        'tier=frontend',
        '--overwrite',
      ]);
      await ok('workload-1', ['annotate', 'svc', 'service-3', 'note=hello']);
      expect(
        await ok('workload-1', [
          'get',
          'svc',
          'service-3',
          '-o',
          'jsonpath={.metadata.labels.tier} {.metadata.annotations.note}',
        ]),
      ).toBe('frontend hello');
      await ok('workload-1', ['label', 'svc', 'service-3', 'tier-']);
      await ok('workload-1', ['annotate', 'svc', 'service-3', 'note-']);
      expect(
        await ok('workload-1', [
          'get',
          'svc',
          'service-3',
          '-o',
          'jsonpath={.metadata.labels.tier}{.metadata.annotations.note}',
        ]),
      ).toBe('');
    });
  });

  describe('deletion and waiting', () => {
    it("waits for the controller's finalizer when deleting an export", async () => {
      const exportOf = 'serviceexports.application-networking.k8s.aws';
      // A finalizer of our own keeps the export visible after the controller has let go of it.
      await ok('workload-2', [
        'patch',
        exportOf,
        'service-4',
        '--type=json',
        '-p',
        '[{"op":"add","path":"/metadata/finalizers/-","value":"example.com/hold"}]',
      ]);
      const noWait = await ok('workload-2', [
        'delete',
        exportOf,
        'service-4',
        '--wait=false',
      ]);
      expect(noWait).toMatch(
        /serviceexport.application-networking.k8s.aws "service-4" deleted/,
      );
      // Marked for deletion, it waits for the controller to clean up and remove its finalizer.
      await ok('workload-2', [
        'wait',
        '--for=jsonpath={.metadata.finalizers[0]}=example.com/hold',
        `${exportOf}/service-4`,
        '--timeout=30s',
      ]);
      const marked = JSON.parse(
        await ok('workload-2', ['get', exportOf, 'service-4', '-o', 'json']),
      );
      expect(marked.metadata.deletionTimestamp).toBeDefined();
      expect(marked.metadata.finalizers).toEqual(['example.com/hold']);
      const refused = await kubectl('workload-2', [
        'patch',
        exportOf,
        'service-4',
        '--type=json',
        '-p',
        '[{"op":"add","path":"/metadata/finalizers/-","value":"example.com/late"}]',
      ]);
      expect(refused.stderr).toMatch(
        /Forbidden: no new finalizers can be added if the object is being deleted/,
      );
      await ok('workload-2', [
        'patch',
        exportOf,
        'service-4',
        '--type=merge',
        '-p',
        '{"metadata":{"finalizers":null}}',
      ]);
      await ok('workload-2', [
        'wait',
        '--for=delete',
        `${exportOf}/service-4`,
        '--timeout=30s',
      ]);
      // A plain delete blocks until the object is gone.
      const deleted = await ok('workload-2', [
        'delete',
        'serviceexports.application-networking.k8s.aws',
        'service-2',
        '--timeout=30s',
      ]);
      expect(deleted).toMatch(/"service-2" deleted/);
      expect(
        (
          await kubectl('workload-2', [
            'get',
            'serviceexports.application-networking.k8s.aws',
            'service-2',
          ])
        ).stderr,
      ).toMatch(/not found/);
    });

    it('waits for a Gateway condition, and for a route condition through jsonpath', async () => {
      await ok('config', [
        'wait',
        '--for=condition=Programmed',
        'gateway/gateway-1',
        '--timeout=30s',
      ]);
      await ok('config', [
        'apply',
        '-f',
        manifest('waited.yaml', route('waited-route')),
      ]);
      await ok('config', [
        'wait',
        '--for=jsonpath={.status.parents[0].conditions[?(@.type=="Accepted")].status}=True',
        'httproute/waited-route',
        '--timeout=30s',
      ]);
      // Routes report conditions per parent, not in status.conditions: kubectl's condition wait never matches, as on a real cluster.
      const condition = await kubectl('config', [
        'wait',
        '--for=condition=Accepted',
        'httproute/waited-route',
        '--timeout=1s',
      ]);
      expect(condition.code).not.toBe(0);
      expect(condition.stderr).toMatch(/timed out waiting for the condition/);
    });
  });

  describe('workloads', () => {
    it('scales a Deployment through /scale, and its pods and endpoints follow', async () => {
      await rollOutParkingAs('scaled');
      expect(
        await ok('workload-1', ['scale', 'deployment/scaled', '--replicas=3']),
      ).toBe('deployment.apps/scaled scaled\n');
      await ok('workload-1', [
        'rollout',
        'status',
        'deployment/scaled',
        '--timeout=30s',
      ]);
      expect(
        (
          await ok('workload-1', [
            'get',
            'pods',
            '-l',
            'app=scaled',
            '-o',
            'name',
          ])
        )
          .trim()
          .split('\n'),
      ).toHaveLength(3);
      await ok('workload-1', ['scale', 'deployment/scaled', '--replicas=0']);
      await ok('workload-1', [
        'wait',
        '--for=delete',
        'pod',
        '-l',
        'app=scaled',
        '--timeout=30s',
      ]);
      const [slice] = JSON.parse(
        await ok('workload-1', [
          'get',
          'endpointslices',
          '-l',
          'kubernetes.io/service-name=scaled',
          '-o',
          'json',
        ]),
      ).items;
      // The EndpointSlice controller keeps one slice, with no endpoints, for a Service that selects no pod.
      expect(slice.endpoints).toBeNull();
      expect(
        tableRows(await ok('workload-1', ['get', 'deploy', 'scaled']))[1].slice(
          1,
          4,
        ),
      ).toEqual(['0/0', '0', '0']);
    });

    it('rolls out a new image, keeps the old ReplicaSet as history and rolls back', async () => {
      await rollOutParkingAs('rolled');
      await ok('workload-1', [
        'set',
        'image',
        'deployment/rolled',
        'rolled=public.ecr.aws/nginx/nginx:1.27',
      ]);
      await ok('workload-1', [
        'rollout',
        'status',
        'deployment/rolled',
        '--timeout=30s',
      ]);
      const sets = tableRows(
        await ok('workload-1', ['get', 'rs', '-l', 'app=rolled']),
      );
      expect(
        sets
          .slice(1)
          .map(row => row.slice(1, 4))
          .sort(),
      ).toEqual([
        ['0', '0', '0'],
        ['2', '2', '2'],
      ]);
      expect(
        await ok('workload-1', ['rollout', 'history', 'deployment/rolled']),
      ).toMatch(/REVISION\s+CHANGE-CAUSE\n1\s+<none>\n2\s+<none>/);
      await ok('workload-1', ['rollout', 'undo', 'deployment/rolled']);
      await ok('workload-1', [
        'rollout',
        'status',
        'deployment/rolled',
        '--timeout=30s',
      ]);
      expect(
        await ok('workload-1', [
          'get',
          'deploy',
          'rolled',
          '-o',
          'jsonpath={.spec.template.spec.containers[0].image}',
        ]),
      ).toBe('public.ecr.aws/x2j8p8w7/http-server:latest');
    });

    it('lists pods, deployments and services together with get all', async () => {
      const all = await ok('workload-1', ['get', 'all', '-l', 'app=service-1']);
      expect(all).toMatch(/^pod\/service-1-/m);
      expect(all).toMatch(/^service\/service-1\s+ClusterIP/m);
      expect(all).toMatch(/^deployment.apps\/service-1\s+2\/2/m);
      expect(all).toMatch(/^replicaset.apps\/service-1-/m);
    });
  });
});
