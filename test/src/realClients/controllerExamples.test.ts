/*
 * The AWS Gateway API Controller's own published examples and guides
 * (aws-application-networking-k8s files/examples, docs/guides), applied with
 * the machine's kubectl to a fresh fleet as the guides tell a user to, and
 * what the controller answers: routes accepted or refused with its
 * conditions, finalizers, DNS annotations, and the target groups it makes
 * in Lattice with their tags. The manifests are written here after the
 * published YAML (names, fields and values as published).
 */
import { parse } from 'yaml';
import { startFleet, Fleet } from '../fleet/fleet';
import { requireClient } from './clients';
import { KubectlSession, kubectlSession } from './kubectlSession';

const KUBECTL = requireClient(
  'kubectl',
  'kubectl 1.32 is part of the machine image',
);
const describeWithKubectl = KUBECTL ? describe : describe.skip;

const TAG = (key: string) => `application-networking.k8s.aws/${key}`;
const DNS = TAG('lattice-assigned-domain-name');

/** A Deployment and its Service, the shape of examples/service-2.yaml, parking.yaml and the others. */
function app(name: string, port: number, targetPort: number): string {
  return `apiVersion: apps/v1
kind: Deployment
metadata:
  name: ${name}
  labels:
    app: ${name}
spec:
  replicas: 2
  selector:
    matchLabels:
      app: ${name}
  template:
    metadata:
      labels:
        app: ${name}
    spec:
      containers:
      - name: ${name}
        image: public.ecr.aws/x2j8p8w7/http-server:latest
        env:
        - name: PodName
          value: "${name} handler pod"
---
apiVersion: v1
kind: Service
metadata:
  name: ${name}
spec:
  selector:
    app: ${name}
  ports:
    - protocol: TCP
      port: ${port}
      targetPort: ${targetPort}
`;
}

/** examples/service-1-export.yaml and the like. */
function httpExport(name: string): string {
  return `apiVersion: application-networking.k8s.aws/v1alpha1
kind: ServiceExport
metadata:
  name: ${name}
  annotations:
    application-networking.k8s.aws/federation: "amazon-vpc-lattice"
spec:
  exportedPorts:
  - port: 80
    routeType: HTTP
`;
}

/** examples/service-1-import.yaml and the like: no annotations, resolved by name and namespace. */
function plainImport(name: string, port = 80): string {
  return `apiVersion: application-networking.k8s.aws/v1alpha1
kind: ServiceImport
metadata:
  name: ${name}
spec:
  type: ClusterSetIP
  ports:
  - port: ${port}
    protocol: TCP
`;
}

interface Condition {
  type: string;
  status: string;
  reason: string;
}

describeWithKubectl("the controller's published examples, with kubectl", () => {
  let fleet: Fleet;
  let session: KubectlSession;
  const ok = (context: string, args: string[]) => session.ok(context, args);
  const apply = (context: string, name: string, text: string) =>
    ok(context, ['apply', '-f', session.manifest(`${name}.yaml`, text)]);
  const get = async (context: string, what: string) =>
    JSON.parse(await ok(context, ['get', what, '-o', 'json']));
  const lattice = () => fleet.lattice.state;

  /** A route's parent conditions, once the controller has reported on it. */
  const reported = async (what: string): Promise<Record<string, string>> => {
    await fleet.idle();
    const route = await get('config', what);
    const conditions: Condition[] =
      route.status?.parents?.[0]?.conditions ?? [];
    return Object.fromEntries(
      conditions.map(c => [c.type, `${c.status}/${c.reason}`]),
    );
  };
  /** The Lattice target groups whose tags include these, as source/cluster/name protocol:port. */
  const targetGroups = (tags: Record<string, string>) =>
    lattice()
      .listTargetGroups()
      .filter(tg => tg.status !== 'DELETE_IN_PROGRESS')
      .filter(tg => {
        const held = lattice().tagsOf(tg.arn);
        return Object.entries(tags).every(([k, v]) => held[TAG(k)] === v);
      })
      .map(tg => {
        const held = lattice().tagsOf(tg.arn);
        return `${held[TAG('SourceTypeKey')]} ${held[TAG('ClusterName')]}/${
          held[TAG('ServiceName')]
        } ${tg.config.protocol}:${tg.config.port}`;
      })
      .sort();
  const serviceOf = async (what: string) => {
    const route = await get('config', what);
    const service = lattice().getService(
      route.metadata.annotations[TAG('lattice-service-arn')],
    );
    return { route, service };
  };

  beforeAll(async () => {
    fleet = await startFleet({});
    session = kubectlSession(KUBECTL!, fleet);
    // The guides create the service networks by hand (console, CLI or IaC).
    for (const name of [
      'my-gateway',
      'my-hotel',
      'my-hotel-tls-passthrough',
      'mixed-gateway',
    ])
      lattice().createServiceNetwork({ name });
    await apply(
      'config',
      'gatewayclass',
      `apiVersion: gateway.networking.k8s.io/v1beta1
kind: GatewayClass
metadata:
  name: amazon-vpc-lattice
spec:
  controllerName: application-networking.k8s.aws/gateway-api-controller
`,
    );
  }, 60_000);
  afterAll(async () => {
    await fleet?.close();
    session?.close();
  });

  it('walks the multi-cluster guide: exports in two clusters, imports and one HTTPRoute in the config cluster', async () => {
    await apply('workload-1', 'service-1', app('service-1', 80, 8090));
    await apply('workload-1', 'service-1-export', httpExport('service-1'));
    await apply('workload-2', 'service-2', app('service-2', 80, 8090));
    await apply('workload-2', 'service-2-export', httpExport('service-2'));
    await apply(
      'config',
      'my-gateway',
      `apiVersion: gateway.networking.k8s.io/v1beta1
kind: Gateway
metadata:
  name: my-gateway
spec:
  gatewayClassName: amazon-vpc-lattice
  listeners:
  - name: http
    protocol: HTTP
    port: 80
`,
    );
    const myHttpRoute = `apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata:
  name: my-httproute
spec:
  parentRefs:
  - name: my-hotel
    sectionName: http
  rules:
  - backendRefs:
    - name: service-1
      kind: ServiceImport
    matches:
    - path:
        type: PathPrefix
        value: /service-1
  - backendRefs:
    - name: service-2
      kind: ServiceImport
    matches:
    - path:
        type: PathPrefix
        value: /service-2
`;
    await apply('config', 'my-httproute', myHttpRoute);
    await apply('config', 'service-1-import', plainImport('service-1'));
    await apply('config', 'service-2-import', plainImport('service-2'));

    // As published, the route names the Gateway my-hotel, which this guide never creates:
    // the controller ignores a route whose parent is not one of its Gateways.
    expect(await reported('httproute/my-httproute')).toEqual({});
    expect(
      (await get('config', 'httproute/my-httproute')).metadata.finalizers,
    ).toBeUndefined();

    await apply(
      'config',
      'my-httproute',
      myHttpRoute.replace('name: my-hotel', 'name: my-gateway'),
    );
    expect(await reported('httproute/my-httproute')).toEqual({
      Accepted: 'True/Accepted',
      ResolvedRefs: 'True/ResolvedRefs',
    });
    const { route, service } = await serviceOf('httproute/my-httproute');
    expect(route.metadata.finalizers).toEqual(['httproute.k8s.aws/resources']);
    expect(route.metadata.annotations[DNS]).toBe(service.dnsEntry.domainName);
    expect(service.name).toBe('my-httproute-default');
    expect(targetGroups({ SourceTypeKey: 'ServiceExport' })).toEqual([
      'ServiceExport workload-1/service-1 HTTP:80',
      'ServiceExport workload-2/service-2 HTTP:80',
    ]);
    const exported = await get('workload-1', 'serviceexport/service-1');
    expect(exported.metadata.finalizers).toEqual([
      'serviceexport.k8s.aws/resources',
    ]);
    const imported = await get('config', 'serviceimport/service-1');
    expect(imported.metadata.finalizers).toEqual([
      'serviceimport.k8s.aws/resource',
    ]);
  });

  it('walks blue-green routing: 10 to a local Service, 90 to an imported one, and a GRPCRoute that needs HTTPS', async () => {
    await apply(
      'config',
      'my-hotel-gateway',
      `apiVersion: gateway.networking.k8s.io/v1beta1
kind: Gateway
metadata:
  name: my-hotel
spec:
  gatewayClassName: amazon-vpc-lattice
  listeners:
  - name: http
    protocol: HTTP
    port: 80
`,
    );
    await apply('config', 'inventory-ver1', app('inventory-ver1', 80, 8090));
    await apply(
      'workload-2',
      'inventory-ver2',
      app('inventory-ver2', 80, 8090),
    );
    await apply(
      'workload-2',
      'inventory-ver2-export',
      httpExport('inventory-ver2'),
    );
    await apply(
      'config',
      'inventory-ver2-import',
      plainImport('inventory-ver2'),
    );
    await apply(
      'config',
      'inventory-route-bluegreen',
      `apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata:
  name: inventory
spec:
  parentRefs:
  - name: my-hotel
    sectionName: http
  rules:
  - backendRefs:
    - name: inventory-ver1
      kind: Service
      port: 80
      weight: 10
    - name: inventory-ver2
      kind: ServiceImport
      weight: 90
`,
    );
    expect(await reported('httproute/inventory')).toEqual({
      Accepted: 'True/Accepted',
      ResolvedRefs: 'True/ResolvedRefs',
    });
    const { service } = await serviceOf('httproute/inventory');
    const [listener] = lattice().listListeners(service.id);
    const [rule] = lattice()
      .listRules(service.id, listener.id)
      .filter(r => !r.isDefault);
    const weights = rule.action.forward!.targetGroups.map(
      ({ targetGroupIdentifier, weight }) => {
        const tags = lattice().tagsOf(
          lattice().getTargetGroup(targetGroupIdentifier).arn,
        );
        return `${tags[TAG('SourceTypeKey')]} ${
          tags[TAG('ServiceName')]
        }=${weight}`;
      },
    );
    expect(weights).toEqual([
      'HTTPRoute inventory-ver1=10',
      'ServiceExport inventory-ver2=90',
    ]);
    expect(
      targetGroups({ SourceTypeKey: 'HTTPRoute', RouteName: 'inventory' }),
    ).toEqual(['HTTPRoute config/inventory-ver1 HTTP:80']);

    // examples/greeter-grpc-route.yaml on my-hotel, whose only listener is HTTP.
    await apply(
      'config',
      'greeter-grpc-server',
      app('greeter-grpc-server', 443, 50051),
    );
    await apply(
      'config',
      'greeter-grpc-route',
      `apiVersion: gateway.networking.k8s.io/v1
kind: GRPCRoute
metadata:
  name: greeter-grpc-route
spec:
  parentRefs:
  - name: my-hotel
    sectionName: https
  rules:
  - backendRefs:
    - name: greeter-grpc-server
      kind: Service
      port: 443
      weight: 10
    matches:
        - method:
            service: helloworld.Greeter
            method: SayHello
`,
    );
    expect((await reported('grpcroute/greeter-grpc-route')).Accepted).toBe(
      'False/NoMatchingParent',
    );
    // The gRPC guide's Gateway has the HTTPS listener it needs.
    const gateway = await get('config', 'gateway/my-hotel');
    gateway.spec.listeners.push({
      name: 'https',
      protocol: 'HTTPS',
      port: 443,
      tls: { mode: 'Terminate', certificateRefs: [{ name: 'unused' }] },
    });
    delete gateway.metadata.resourceVersion;
    await apply('config', 'my-hotel-https', JSON.stringify(gateway));
    expect(await reported('grpcroute/greeter-grpc-route')).toEqual({
      Accepted: 'True/Accepted',
      ResolvedRefs: 'True/ResolvedRefs',
    });
    const grpc = await serviceOf('grpcroute/greeter-grpc-route');
    const [grpcListener] = lattice().listListeners(grpc.service.id);
    expect(grpcListener).toMatchObject({ protocol: 'HTTPS', port: 443 });
    expect(targetGroups({ SourceTypeKey: 'GRPCRoute' })).toEqual([
      'GRPCRoute config/greeter-grpc-server HTTP:443',
    ]);
    expect(lattice().tagsOf(grpc.service.arn)[TAG('RouteType')]).toBe('grpc');
  });

  it('walks the TLS passthrough guide, in one cluster and across two with a TargetGroupPolicy', async () => {
    await apply(
      'config',
      'my-gateway-tls-passthrough',
      `apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata:
  name: my-hotel-tls-passthrough
spec:
  gatewayClassName: amazon-vpc-lattice
  listeners:
    - name: http
      protocol: HTTP
      port: 80
    - name: tls
      protocol: TLS
      port: 443
      tls:
        mode: Passthrough
`,
    );
    await apply(
      'config',
      'nginx-server-tls-passthrough',
      app('nginx-tls', 443, 443),
    );
    await apply(
      'config',
      'tlsroute-nginx',
      `apiVersion: gateway.networking.k8s.io/v1
kind: TLSRoute
metadata:
  name: nginx-tls-route
spec:
  hostnames:
    - nginx-test.my-test.com
  parentRefs:
    - name: my-hotel-tls-passthrough
      sectionName: tls
  rules:
    - backendRefs:
        - name: nginx-tls
          kind: Service
          port: 443
`,
    );
    expect(await reported('tlsroute/nginx-tls-route')).toEqual({
      Accepted: 'True/Accepted',
      ResolvedRefs: 'True/ResolvedRefs',
    });
    const nginx = await serviceOf('tlsroute/nginx-tls-route');
    expect(nginx.route.metadata.finalizers).toEqual([
      'tlsroute.k8s.aws/resources',
    ]);
    expect(nginx.route.metadata.annotations[DNS]).toBe(
      nginx.service.dnsEntry.domainName,
    );
    expect(nginx.service.customDomainName).toBe('nginx-test.my-test.com');
    expect(lattice().listListeners(nginx.service.id)).toEqual([
      expect.objectContaining({
        name: 'nginx-tls-route-default-443-tls',
        protocol: 'TLS_PASSTHROUGH',
        port: 443,
      }),
    ]);

    // Across clusters: tls-rate2 exported from workload-1 (legacy, no exportedPorts) with a TCP policy.
    await apply('config', 'tls-rate1', app('tls-rate1', 443, 443));
    await apply('workload-1', 'tls-rate2', app('tls-rate2', 443, 443));
    await apply(
      'workload-1',
      'tls-rate2-export',
      `apiVersion: application-networking.k8s.aws/v1alpha1
kind: ServiceExport
metadata:
  name: tls-rate2
  annotations:
    application-networking.k8s.aws/federation: "amazon-vpc-lattice"
`,
    );
    await apply(
      'workload-1',
      'tls-rate2-targetgrouppolicy',
      `apiVersion: application-networking.k8s.aws/v1alpha1
kind: TargetGroupPolicy
metadata:
    name: tls-rate2
spec:
    targetRef:
        group: "application-networking.k8s.aws"
        kind: ServiceExport
        name: tls-rate2
    protocol: TCP
    healthCheck:
         enabled: false
`,
    );
    await apply('config', 'tls-rate2-import', plainImport('tls-rate2', 443));
    await apply(
      'config',
      'rate-tlsroute-bluegreen',
      `apiVersion: gateway.networking.k8s.io/v1
kind: TLSRoute
metadata:
  name: rate-tls-passthrough
spec:
  hostnames:
    - tls-rate.my-test.com
  parentRefs:
    - name: my-hotel-tls-passthrough
      sectionName: tls
  rules:
    - backendRefs:
        - name: tls-rate1
          kind: Service
          port: 443
          weight: 10
        - name: tls-rate2
          kind: ServiceImport
          port: 443
          weight: 90
`,
    );
    expect(await reported('tlsroute/rate-tls-passthrough')).toEqual({
      Accepted: 'True/Accepted',
      ResolvedRefs: 'True/ResolvedRefs',
    });
    const rate = await serviceOf('tlsroute/rate-tls-passthrough');
    const [listener] = lattice().listListeners(rate.service.id);
    expect(
      listener.defaultAction.forward!.targetGroups.map(g => g.weight),
    ).toEqual([10, 90]);
    expect(targetGroups({ ServiceName: 'tls-rate2' })).toEqual([
      'ServiceExport workload-1/tls-rate2 TCP:80',
    ]);
    expect(targetGroups({ SourceTypeKey: 'TLSRoute' })).toEqual([
      'TLSRoute config/nginx-tls TCP:443',
      'TLSRoute config/tls-rate1 TCP:443',
    ]);
    const policy = await get('workload-1', 'targetgrouppolicy/tls-rate2');
    expect(
      policy.status.conditions.find((c: Condition) => c.type === 'Accepted'),
    ).toMatchObject({ status: 'True', reason: 'Accepted' });
    const [tcp] = lattice()
      .listTargetGroups()
      .filter(
        tg => lattice().tagsOf(tg.arn)[TAG('ServiceName')] === 'tls-rate2',
      );
    expect(lattice().getTargetGroup(tcp.id).config.healthCheck).toMatchObject({
      enabled: false,
    });
  });

  it("applies the TargetGroupPolicy reference's health check to a route's Service backend", async () => {
    await apply(
      'config',
      'my-parking-service',
      app('my-parking-service', 80, 8090),
    );
    await apply(
      'config',
      'parking-route',
      `apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata:
  name: parking
spec:
  parentRefs:
  - name: my-hotel
    sectionName: http
  rules:
  - backendRefs:
    - name: my-parking-service
      kind: Service
      port: 80
`,
    );
    await apply(
      'config',
      'test-policy',
      `apiVersion: application-networking.k8s.aws/v1alpha1
kind: TargetGroupPolicy
metadata:
    name: test-policy
spec:
    targetRef:
        group: ""
        kind: Service
        name: my-parking-service
    protocol: HTTPS
    protocolVersion: HTTP1
    healthCheck:
        enabled: true
        intervalSeconds: 5
        timeoutSeconds: 1
        healthyThresholdCount: 3
        unhealthyThresholdCount: 2
        path: "/healthcheck"
        port: 80
        protocol: HTTP
        protocolVersion: HTTP1
        statusMatch: "200"
`,
    );
    await fleet.idle();
    const [group] = lattice()
      .listTargetGroups()
      .filter(tg => tg.status !== 'DELETE_IN_PROGRESS')
      .filter(
        tg =>
          lattice().tagsOf(tg.arn)[TAG('ServiceName')] === 'my-parking-service',
      );
    const config = lattice().getTargetGroup(group.id).config;
    expect(config).toMatchObject({
      protocol: 'HTTPS',
      protocolVersion: 'HTTP1',
      port: 80,
    });
    expect(config.healthCheck).toMatchObject({
      enabled: true,
      healthCheckIntervalSeconds: 5,
      healthCheckTimeoutSeconds: 1,
      healthyThresholdCount: 3,
      unhealthyThresholdCount: 2,
      path: '/healthcheck',
      port: 80,
      matcher: { httpCode: '200' },
    });
    const policy = await get('config', 'tgp/test-policy');
    expect(
      policy.status.conditions.find((c: Condition) => c.type === 'Accepted'),
    ).toMatchObject({ status: 'True' });
  });

  it('walks the standalone services guide: no service network association unless a route opts back in', async () => {
    const mixed = `# Gateway with standalone annotation - affects all routes by default
apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata:
  name: mixed-gateway
  annotations:
    application-networking.k8s.aws/standalone: "true"
spec:
  gatewayClassName: amazon-vpc-lattice
  listeners:
  - name: http
    protocol: HTTP
    port: 80
---
# Route that inherits gateway setting (standalone)
apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata:
  name: inherited-standalone-route
spec:
  parentRefs:
  - name: mixed-gateway
  rules:
  - matches:
    - path:
        type: PathPrefix
        value: /standalone
    backendRefs:
    - name: standalone-service
      port: 80
---
# Route that overrides gateway setting (service network associated)
apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata:
  name: networked-override-route
  annotations:
    application-networking.k8s.aws/standalone: "false"
spec:
  parentRefs:
  - name: mixed-gateway
  rules:
  - matches:
    - path:
        type: PathPrefix
        value: /networked
    backendRefs:
    - name: networked-service
      port: 80
`;
    await apply(
      'config',
      'standalone-service',
      app('standalone-service', 80, 8090),
    );
    await apply(
      'config',
      'networked-service',
      app('networked-service', 80, 8090),
    );
    await apply('config', 'mixed-standalone-routes', mixed);
    const networksOf = async (what: string) => {
      expect((await reported(what)).Accepted).toBe('True/Accepted');
      const { route, service } = await serviceOf(what);
      expect(route.metadata.annotations[DNS]).toBe(service.dnsEntry.domainName);
      return lattice()
        .listServiceAssociations({ serviceIdentifier: service.id })
        .map(a => lattice().getServiceNetwork(a.serviceNetworkId).name);
    };
    expect(await networksOf('httproute/inherited-standalone-route')).toEqual(
      [],
    );
    expect(await networksOf('httproute/networked-override-route')).toEqual([
      'mixed-gateway',
    ]);

    // Switching modes with kubectl annotate, as the guide shows.
    await ok('config', [
      'annotate',
      'httproute/networked-override-route',
      'application-networking.k8s.aws/standalone=true',
      '--overwrite',
    ]);
    expect(await networksOf('httproute/networked-override-route')).toEqual([]);
    await ok('config', [
      'annotate',
      'gateway/mixed-gateway',
      'application-networking.k8s.aws/standalone-',
    ]);
    expect(await networksOf('httproute/inherited-standalone-route')).toEqual([
      'mixed-gateway',
    ]);
  });

  it('prints TLSRoutes with the CRD columns and explains their fields', async () => {
    const rows = (await ok('config', ['get', 'tlsroutes'])).trim().split('\n');
    expect(rows[0].split(/\s+/)).toEqual(['NAME', 'AGE']);
    expect(
      rows
        .slice(1)
        .map(row => row.split(/\s+/)[0])
        .sort(),
    ).toEqual(['nginx-tls-route', 'rate-tls-passthrough']);
    const explained = await ok('config', [
      'explain',
      'tlsroute.spec.hostnames',
    ]);
    expect(explained).toMatch(/FIELD: hostnames <\[\]string>/);
    const route = parse(
      await ok('config', ['get', 'tlsroute/nginx-tls-route', '-o', 'yaml']),
    );
    expect(route.apiVersion).toBe('gateway.networking.k8s.io/v1');
  });
});
