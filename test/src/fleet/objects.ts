/*
 * Builders for the objects the fleet seeds. They produce what kubectl apply
 * of a typical manifest would: the seed writes them through the same store
 * and validation as API clients do.
 */
import { READINESS_ANNOTATION } from '../controllerManager/kubelet';
import { KubeObject } from '../kube/types';

export const FEDERATION_ANNOTATION = 'application-networking.k8s.aws/federation';
export const FEDERATION_VALUE = 'amazon-vpc-lattice';
export const GATEWAY_CLASS = 'amazon-vpc-lattice';
export const CONTROLLER_NAME = 'application-networking.k8s.aws/gateway-api-controller';

export interface EndpointSpec {
  ip: string;
  ready: boolean;
}

export interface ServicePort {
  name: string;
  port: number;
  targetPort: number;
}

const HTTP_PORT: ServicePort = { name: 'http', port: 80, targetPort: 8080 };

/**
 * A Service for pods labelled `app: <name>`; with `selector: false` it selects
 * nothing and its EndpointSlices are written by hand (the controller-manager
 * leaves those alone).
 */
export function service(
  namespace: string,
  name: string,
  clusterIp: string,
  ports: ServicePort[] = [HTTP_PORT],
  options: { selector?: boolean } = {},
): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name, namespace, labels: { app: name } },
    spec: {
      type: 'ClusterIP',
      ...(options.selector === false ? {} : { selector: { app: name } }),
      clusterIP: clusterIp,
      clusterIPs: [clusterIp],
      ipFamilies: ['IPv4'],
      ipFamilyPolicy: 'SingleStack',
      ports: ports.map(p => ({ name: p.name, port: p.port, targetPort: p.targetPort, protocol: 'TCP' })),
    },
  };
}

export const HAND_WRITTEN_SLICES = 'fleet-seed.service-network.io';

/** EndpointSlices written by hand, for a Service without a selector. */
export function endpointSlice(
  namespace: string,
  serviceName: string,
  endpoints: EndpointSpec[],
  ports: ServicePort[] = [HTTP_PORT],
): KubeObject {
  return {
    apiVersion: 'discovery.k8s.io/v1',
    kind: 'EndpointSlice',
    metadata: {
      name: `${serviceName}-slice`,
      namespace,
      labels: {
        'kubernetes.io/service-name': serviceName,
        // Not the EndpointSlice controller's: it would replace a slice it thinks is its own.
        'endpointslice.kubernetes.io/managed-by': HAND_WRITTEN_SLICES,
      },
    },
    addressType: 'IPv4',
    endpoints: endpoints.map((e, i) => ({
      addresses: [e.ip],
      conditions: { ready: e.ready, serving: e.ready, terminating: false },
      targetRef: { kind: 'Pod', namespace, name: `${serviceName}-${i}` },
    })),
    ports: ports.map(p => ({ name: p.name, port: p.targetPort, protocol: 'TCP' })),
  };
}

export const WORKLOAD_IMAGE = 'public.ecr.aws/x2j8p8w7/http-server:latest';

/**
 * A Deployment as in the controller's examples (examples/parking.yaml): pods
 * labelled `app: <app>`, serving on the Service's target port 8080. A
 * `track` other than stable names the Deployment `<app>-<track>`; with
 * `failingReadiness` its readiness probe fails in the simulator.
 */
export function deployment(
  namespace: string,
  app: string,
  replicas: number,
  options: { track?: string; failingReadiness?: boolean } = {},
): KubeObject {
  const track = options.track ?? 'stable';
  const name = track === 'stable' ? app : `${app}-${track}`;
  const labels = { app, track };
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: {
      name,
      namespace,
      labels: { app },
      ...(options.failingReadiness
        ? { annotations: { [READINESS_ANNOTATION]: 'fail' } }
        : {}),
    },
    spec: {
      replicas,
      selector: { matchLabels: labels },
      template: {
        metadata: { labels },
        spec: {
          containers: [
            {
              name: app,
              image: WORKLOAD_IMAGE,
              ports: [{ name: 'http', containerPort: HTTP_PORT.targetPort }],
              env: [{ name: 'PodName', value: `${name} handler pod` }],
              readinessProbe: { httpGet: { path: '/', port: 'http' } },
            },
          ],
        },
      },
    },
  };
}

export function serviceExport(
  namespace: string,
  name: string,
  options: { federated: boolean; ports?: Array<{ port: number; routeType: 'HTTP' | 'GRPC' | 'TLS' }> },
): KubeObject {
  return {
    apiVersion: 'application-networking.k8s.aws/v1alpha1',
    kind: 'ServiceExport',
    metadata: {
      name,
      namespace,
      ...(options.federated ? { annotations: { [FEDERATION_ANNOTATION]: FEDERATION_VALUE } } : {}),
    },
    spec: { exportedPorts: options.ports ?? [{ port: 80, routeType: 'HTTP' }] },
  };
}

/** An MCS ServiceExport (upstream, or GKE's net.gke.io/v1): no spec, every port of the Service is exported. */
export function mcsServiceExport(
  namespace: string,
  name: string,
  apiVersion = 'multicluster.x-k8s.io/v1beta1',
): KubeObject {
  return {
    apiVersion,
    kind: 'ServiceExport',
    metadata: { name, namespace },
  };
}

/** A ServiceImport pinned to one cluster's export, the pattern the controller documents for weighting. */
export function pinnedServiceImport(
  namespace: string,
  name: string,
  exportName: string,
  clusterName: string,
  port = 80,
): KubeObject {
  return {
    apiVersion: 'application-networking.k8s.aws/v1alpha1',
    kind: 'ServiceImport',
    metadata: {
      name,
      namespace,
      annotations: {
        'application-networking.k8s.aws/export-name': exportName,
        'application-networking.k8s.aws/aws-eks-cluster-name': clusterName,
      },
    },
    spec: { type: 'ClusterSetIP', ports: [{ port, protocol: 'TCP' }] },
  };
}

export function gatewayClass(): KubeObject {
  return {
    apiVersion: 'gateway.networking.k8s.io/v1',
    kind: 'GatewayClass',
    metadata: { name: GATEWAY_CLASS },
    spec: { controllerName: CONTROLLER_NAME },
  };
}

/**
 * Routes from any namespace may attach when `allowRoutesFromAllNamespaces` (the default admits the Gateway's own).
 * With `tlsPassthrough`, a third listener `tls` on port 8443 takes TLSRoutes, as in the controller's
 * examples/my-gateway-tls-passthrough.yaml.
 */
export function gateway(
  namespace: string,
  name: string,
  allowRoutesFromAllNamespaces = false,
  options: { tlsPassthrough?: boolean } = {},
): KubeObject {
  const allowedRoutes = allowRoutesFromAllNamespaces ? { allowedRoutes: { namespaces: { from: 'All' } } } : {};
  const passthrough = options.tlsPassthrough
    ? [{ name: 'tls', protocol: 'TLS', port: 8443, tls: { mode: 'Passthrough' }, ...allowedRoutes }]
    : [];
  return {
    apiVersion: 'gateway.networking.k8s.io/v1',
    kind: 'Gateway',
    metadata: { name, namespace },
    spec: {
      gatewayClassName: GATEWAY_CLASS,
      listeners: [
        { name: 'http', protocol: 'HTTP', port: 80, ...allowedRoutes },
        {
          name: 'https',
          protocol: 'HTTPS',
          port: 443,
          tls: { mode: 'Terminate', certificateRefs: [{ name: `${name}-cert` }] },
          ...allowedRoutes,
        },
        ...passthrough,
      ],
    },
  };
}

export interface RouteBackend {
  importName: string;
  weight: number;
}

export function httpRoute(
  namespace: string,
  name: string,
  parents: Array<{ gateway: string; section: string; namespace?: string }>,
  backends: RouteBackend[],
  pathPrefix = '/',
): KubeObject {
  return {
    apiVersion: 'gateway.networking.k8s.io/v1',
    kind: 'HTTPRoute',
    metadata: { name, namespace },
    spec: {
      parentRefs: parents.map(p => ({
        name: p.gateway,
        sectionName: p.section,
        ...(p.namespace ? { namespace: p.namespace } : {}),
      })),
      rules: [
        {
          matches: [{ path: { type: 'PathPrefix', value: pathPrefix } }],
          backendRefs: backends.map(b => ({
            name: b.importName,
            kind: 'ServiceImport',
            group: 'application-networking.k8s.aws',
            weight: b.weight,
          })),
        },
      ],
    },
  };
}

export interface TlsRouteBackend {
  kind: 'Service' | 'ServiceImport';
  name: string;
  /** Required for a Service (the CRD's rule); ignored by the controller for a ServiceImport. */
  port?: number;
  weight?: number;
}

/** A TLS passthrough route: one hostname (the SNI), one rule, on a gateway's `tls` listener. */
export function tlsRoute(
  namespace: string,
  name: string,
  parent: { gateway: string; namespace?: string; section?: string },
  hostname: string,
  backends: TlsRouteBackend[],
): KubeObject {
  return {
    apiVersion: 'gateway.networking.k8s.io/v1',
    kind: 'TLSRoute',
    metadata: { name, namespace },
    spec: {
      hostnames: [hostname],
      parentRefs: [
        {
          name: parent.gateway,
          sectionName: parent.section ?? 'tls',
          ...(parent.namespace ? { namespace: parent.namespace } : {}),
        },
      ],
      rules: [
        {
          backendRefs: backends.map(b => ({
            name: b.name,
            kind: b.kind,
            ...(b.kind === 'ServiceImport' ? { group: 'application-networking.k8s.aws' } : {}),
            ...(b.port !== undefined ? { port: b.port } : {}),
            ...(b.weight !== undefined ? { weight: b.weight } : {}),
          })),
        },
      ],
    },
  };
}
