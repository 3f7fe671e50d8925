/*
 * A tiny in-memory fleet for status tests: clusters holding hand-built
 * Kubernetes objects and a Lattice account, behind the InventorySnapshot
 * interface. Lookups that a real inventory indexes are plain scans here;
 * whole-cluster `list()` can be forbidden to prove a composer never uses it.
 */
import {
  LATTICE_ANNOTATIONS,
  LATTICE_FEDERATION_VALUE,
  LATTICE_FINALIZERS,
  LATTICE_TAG_KEYS,
  LatticeResourceStatus,
  RouteKindName,
  ProviderSetting,
  SyncState,
  TargetStatus,
} from '@service-network/backstage-plugin-service-network-common';
import type {
  ClusterInventory,
  ClusterInfo,
  GatewayObject,
  InventorySnapshot,
  KubeCondition,
  KubeEvent,
  KubeObject,
  KubeSource,
  LatticeInventory,
  LatticeService,
  LatticeServiceAssociation,
  LatticeServiceNetwork,
  LatticeTarget,
  LatticeTargetGroupEntry,
  McsServiceExportObject,
  McsServiceImportObject,
  NamespacedIndex,
  ParentReference,
  RouteIndex,
  RouteObject,
  ServiceExportIndex,
  ServiceImportIndex,
  ServiceImportObject,
  ServiceObject,
  LatticeServiceExportObject,
} from '../../inventory/snapshot';
import { importedExportName } from '../../inventory/objectIndex';

export const NOW = new Date('2026-11-21T12:00:00.000Z');

export function minutesAgo(minutes: number): string {
  return new Date(NOW.getTime() - minutes * 60_000).toISOString();
}

const SYNCED: SyncState = { state: 'synced', lastSuccess: minutesAgo(0) };

// ---------------------------------------------------------------- objects

const AWS_GROUP = 'application-networking.k8s.aws/v1alpha1';
const GATEWAY_GROUP = 'gateway.networking.k8s.io/v1';
let uidSequence = 0;

function meta(
  namespace: string,
  name: string,
  extra: Partial<KubeObject['metadata']> = {},
): KubeObject['metadata'] {
  uidSequence += 1;
  return {
    namespace,
    name,
    uid: `uid-${uidSequence}`,
    creationTimestamp: minutesAgo(60),
    ...extra,
  };
}

export function service(
  namespace: string,
  name: string,
  options: {
    ports?: Array<{ port: number; protocol?: string; name?: string }>;
    type?: string;
    clusterIP?: string;
    ipFamilies?: string[];
  } = {},
): ServiceObject {
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: meta(namespace, name),
    spec: {
      type: options.type ?? 'ClusterIP',
      clusterIP: options.clusterIP ?? '10.0.0.10',
      ipFamilies: options.ipFamilies ?? ['IPv4'],
      ports: (options.ports ?? [{ port: 80 }]).map(port => ({
        protocol: 'TCP',
        targetPort: port.port,
        ...port,
      })),
    },
  };
}

export function latticeExport(
  namespace: string,
  name: string,
  options: {
    federated?: boolean;
    federationValue?: string;
    pickedUp?: boolean;
    deleting?: boolean;
    exportedPorts?: Array<{ port: number; routeType: string }>;
    createdMinutesAgo?: number;
  } = {},
): LatticeServiceExportObject {
  const federated = options.federated ?? true;
  const federation =
    options.federationValue ??
    (federated ? LATTICE_FEDERATION_VALUE : undefined);
  return {
    apiVersion: AWS_GROUP,
    kind: 'ServiceExport',
    metadata: meta(namespace, name, {
      creationTimestamp: minutesAgo(options.createdMinutesAgo ?? 60),
      annotations: federation
        ? { [LATTICE_ANNOTATIONS.federation]: federation }
        : {},
      finalizers:
        options.pickedUp ?? true ? [LATTICE_FINALIZERS.serviceExport] : [],
      ...(options.deleting ? { deletionTimestamp: minutesAgo(1) } : {}),
    }),
    spec: {
      exportedPorts: options.exportedPorts ?? [{ port: 80, routeType: 'HTTP' }],
    },
  };
}

export function condition(
  type: string,
  status: KubeCondition['status'],
  reason: string,
  message = '',
): KubeCondition {
  return { type, status, reason, message, lastTransitionTime: minutesAgo(5) };
}

export function mcsExport(
  namespace: string,
  name: string,
  conditions: KubeCondition[],
): McsServiceExportObject {
  return {
    apiVersion: 'multicluster.x-k8s.io/v1beta1',
    kind: 'ServiceExport',
    metadata: meta(namespace, name),
    spec: {},
    status: { conditions },
  };
}

/** A ServiceImport as an MCS implementation derives it, backed by these clusters. */
export function mcsImport(
  namespace: string,
  name: string,
  options: {
    clusters: string[];
    ports?: Array<{ port: number; protocol?: string }>;
    type?: 'ClusterSetIP' | 'Headless';
  },
): McsServiceImportObject {
  return {
    apiVersion: 'multicluster.x-k8s.io/v1beta1',
    kind: 'ServiceImport',
    metadata: meta(namespace, name),
    spec: {
      type: options.type ?? 'ClusterSetIP',
      ports: options.ports ?? [{ port: 80, protocol: 'TCP' }],
      ips: options.type === 'Headless' ? [] : ['242.1.0.10'],
    },
    status: { clusters: options.clusters.map(cluster => ({ cluster })) },
  };
}

export function event(
  about: KubeObject,
  options: {
    reason: string;
    message: string;
    type?: string;
    count?: number;
    minutesAgo?: number;
  },
): KubeEvent {
  const at = minutesAgo(options.minutesAgo ?? 1);
  return {
    apiVersion: 'v1',
    kind: 'Event',
    metadata: meta(
      about.metadata.namespace ?? '',
      `${about.metadata.name}.${uidSequence}`,
    ),
    involvedObject: {
      apiVersion: about.apiVersion,
      kind: about.kind,
      namespace: about.metadata.namespace,
      name: about.metadata.name,
      uid: about.metadata.uid,
    },
    type: options.type ?? 'Warning',
    reason: options.reason,
    message: options.message,
    count: options.count ?? 1,
    firstTimestamp: at,
    lastTimestamp: at,
  };
}

export function serviceImport(
  namespace: string,
  name: string,
  annotations: Record<string, string> = {},
): ServiceImportObject {
  return {
    apiVersion: AWS_GROUP,
    kind: 'ServiceImport',
    metadata: meta(namespace, name, {
      annotations,
      finalizers: [LATTICE_FINALIZERS.serviceImport],
    }),
    spec: { type: 'ClusterSetIP', ports: [{ port: 80, protocol: 'TCP' }] },
  };
}

/** A ServiceImport pinned to one exporting cluster, as the route planner writes them. */
export function pinnedImport(
  namespace: string,
  exportName: string,
  cluster: string,
): ServiceImportObject {
  return serviceImport(namespace, `${exportName}-${cluster}`, {
    [LATTICE_ANNOTATIONS.exportName]: exportName,
    [LATTICE_ANNOTATIONS.awsEksClusterName]: cluster,
  });
}

export function route(
  kind: RouteKindName,
  namespace: string,
  name: string,
  options: {
    parentRefs?: ParentReference[];
    backends: Array<{
      name: string;
      kind?: string;
      namespace?: string;
      weight?: number;
    }>;
    hostnames?: string[];
    annotations?: Record<string, string>;
    conditions?: KubeCondition[];
    createdMinutesAgo?: number;
  },
): RouteObject {
  const parentRefs = options.parentRefs ?? [
    { name: 'payments', namespace: 'gateways', sectionName: 'http' },
  ];
  return {
    apiVersion: GATEWAY_GROUP,
    kind,
    metadata: meta(namespace, name, {
      annotations: options.annotations ?? {},
      creationTimestamp: minutesAgo(options.createdMinutesAgo ?? 60),
    }),
    spec: {
      parentRefs,
      hostnames: options.hostnames,
      rules: [
        {
          backendRefs: options.backends.map(backend => ({
            kind: 'ServiceImport',
            ...backend,
          })),
        },
      ],
    },
    status: options.conditions
      ? {
          parents: parentRefs.map(parentRef => ({
            parentRef,
            controllerName:
              'application-networking.k8s.aws/gateway-api-controller',
            conditions: options.conditions,
          })),
        }
      : undefined,
  };
}

export function gateway(
  namespace: string,
  name: string,
  conditions: KubeCondition[] = [
    condition('Accepted', 'True', 'Accepted'),
    condition('Programmed', 'True', 'Programmed'),
  ],
): GatewayObject {
  return {
    apiVersion: GATEWAY_GROUP,
    kind: 'Gateway',
    metadata: meta(namespace, name),
    spec: {
      gatewayClassName: 'amazon-vpc-lattice',
      listeners: [
        { name: 'http', protocol: 'HTTP', port: 80 },
        { name: 'https', protocol: 'HTTPS', port: 443 },
      ],
    },
    status: {
      conditions,
      listeners: [
        { name: 'http', attachedRoutes: 1 },
        { name: 'https', attachedRoutes: 0 },
      ],
    },
  };
}

export function targets(
  count: number,
  status: TargetStatus,
  reasonCode?: string,
  firstIp = 1,
): LatticeTarget[] {
  return Array.from({ length: count }, (_, index) => ({
    id: `10.1.0.${firstIp + index}`,
    port: 8080,
    status,
    reasonCode,
  }));
}

// ---------------------------------------------------------------- indexes

class ObjectIndex<T extends KubeObject> implements NamespacedIndex<T> {
  readonly items: T[] = [];

  constructor(private readonly scans: ScanGuard) {}

  // Cluster-scoped objects are under '', as in the inventory's index.
  get(namespace: string, name: string): T | undefined {
    return this.items.find(
      item =>
        (item.metadata.namespace ?? '') === namespace &&
        item.metadata.name === name,
    );
  }

  inNamespace(namespace: string): T[] {
    return this.items.filter(
      item => (item.metadata.namespace ?? '') === namespace,
    );
  }

  list(): T[] {
    this.scans.check();
    return this.items;
  }
}

class ExportIndex
  extends ObjectIndex<LatticeServiceExportObject>
  implements ServiceExportIndex
{
  forService(namespace: string, serviceName: string) {
    return this.inNamespace(namespace).filter(
      item =>
        (item.metadata.annotations?.[LATTICE_ANNOTATIONS.serviceName] ??
          item.metadata.name) === serviceName,
    );
  }
}

class ImportIndex
  extends ObjectIndex<ServiceImportObject>
  implements ServiceImportIndex
{
  withTargetGroupArn(arn: string) {
    return this.items.filter(
      item =>
        item.metadata.annotations?.[LATTICE_ANNOTATIONS.targetGroupArn] === arn,
    );
  }

  forExport(namespace: string, exportName: string) {
    return this.inNamespace(namespace).filter(
      item => importedExportName(item) === exportName,
    );
  }
}

class RoutesIndex extends ObjectIndex<RouteObject> implements RouteIndex {
  byBackend(namespace: string, name: string) {
    return this.items.filter(item =>
      (item.spec?.rules ?? []).some(rule =>
        (rule.backendRefs ?? []).some(
          backend =>
            backend.name === name &&
            (backend.namespace ?? item.metadata.namespace) === namespace,
        ),
      ),
    );
  }
}

class ScanGuard {
  forbidden = false;

  check() {
    if (this.forbidden) {
      throw new Error('list() walked a whole cluster');
    }
  }
}

// ---------------------------------------------------------------- clusters

const ALL_SOURCES: KubeSource[] = [
  'services',
  'serviceexports',
  'mcsserviceexports',
  'mcsserviceimports',
  'events',
  'serviceimports',
  'httproutes',
  'grpcroutes',
  'tlsroutes',
  'gateways',
];

/** Kinds the providers define sources of their own for, by group and kind. */
const PROVIDER_SOURCES: Record<string, KubeSource> = {
  'net.gke.io/ServiceExport': 'gkeserviceexports',
  'net.gke.io/ServiceImport': 'gkeserviceimports',
  'networking.gke.io/MultiClusterService': 'gkemulticlusterservices',
  'networking.gke.io/MultiClusterIngress': 'gkemulticlusteringresses',
  // Linkerd's, added as the sources compact them.
  'multicluster.linkerd.io/Link': 'linkerdlinks',
  'discovery.k8s.io/EndpointSlice': 'linkerdmirrorslices',
  // Core kinds only Istio reads (its own sources, by apiVersion `v1`).
  'v1/Namespace': 'istionamespaces',
  'v1/Secret': 'istioremotesecrets',
};

export class ClusterBuilder implements ClusterInventory {
  readonly sync: Record<KubeSource, SyncState>;
  readonly services: ObjectIndex<ServiceObject>;
  readonly serviceExports: ExportIndex;
  readonly mcsServiceExports: ObjectIndex<McsServiceExportObject>;
  readonly mcsServiceImports: ObjectIndex<McsServiceImportObject>;
  readonly serviceImports: ImportIndex;
  readonly routes: Record<RouteKindName, RoutesIndex>;
  readonly gateways: ObjectIndex<GatewayObject>;
  private readonly events: KubeEvent[] = [];
  private readonly providerIndexes = new Map<KubeSource, ObjectIndex<KubeObject>>();

  constructor(readonly cluster: ClusterInfo, private readonly scans: ScanGuard) {
    this.sync = Object.fromEntries(ALL_SOURCES.map(source => [source, SYNCED]));
    this.services = new ObjectIndex(scans);
    this.serviceExports = new ExportIndex(scans);
    this.mcsServiceExports = new ObjectIndex(scans);
    this.mcsServiceImports = new ObjectIndex(scans);
    this.serviceImports = new ImportIndex(scans);
    this.routes = {
      HTTPRoute: new RoutesIndex(scans),
      GRPCRoute: new RoutesIndex(scans),
      TLSRoute: new RoutesIndex(scans),
    };
    this.gateways = new ObjectIndex(scans);
  }

  /** Files each object under its kind (and, for ServiceExports, its API group); add Events oldest first. */
  add(...objects: KubeObject[]): this {
    for (const object of objects) {
      const group = object.apiVersion.split('/')[0];
      const providerSource = PROVIDER_SOURCES[`${group}/${object.kind}`];
      if (providerSource) {
        const index =
          this.providerIndexes.get(providerSource) ?? new ObjectIndex(this.scans);
        index.items.push(object);
        this.providerIndexes.set(providerSource, index);
        this.sync[providerSource] = SYNCED;
        continue;
      }
      switch (object.kind) {
        case 'Service':
          this.services.items.push(object as ServiceObject);
          break;
        case 'ServiceExport':
          if (group === 'multicluster.x-k8s.io') {
            this.mcsServiceExports.items.push(object as McsServiceExportObject);
          } else {
            this.serviceExports.items.push(
              object as LatticeServiceExportObject,
            );
          }
          break;
        case 'ServiceImport':
          if (group === 'multicluster.x-k8s.io') {
            this.mcsServiceImports.items.push(object as McsServiceImportObject);
          } else {
            this.serviceImports.items.push(object as ServiceImportObject);
          }
          break;
        case 'HTTPRoute':
        case 'GRPCRoute':
        case 'TLSRoute':
          this.routes[object.kind].items.push(object as RouteObject);
          break;
        case 'Gateway':
          this.gateways.items.push(object as GatewayObject);
          break;
        case 'Event':
          this.events.unshift(object as KubeEvent);
          break;
        default:
          throw new Error(`The test fleet does not hold ${object.kind}`);
      }
    }
    return this;
  }

  /** The stores by source, as the watched inventory files them. */
  index<I>(source: KubeSource): I | undefined {
    const stores: Record<string, unknown> = {
      services: this.services,
      serviceexports: this.serviceExports,
      mcsserviceexports: this.mcsServiceExports,
      mcsserviceimports: this.mcsServiceImports,
      serviceimports: this.serviceImports,
      httproutes: this.routes.HTTPRoute,
      grpcroutes: this.routes.GRPCRoute,
      tlsroutes: this.routes.TLSRoute,
      gateways: this.gateways,
    };
    return (stores[source] ?? this.providerIndexes.get(source)) as I | undefined;
  }

  /** Sets every source of the cluster to this state. */
  syncAll(state: SyncState): this {
    for (const source of ALL_SOURCES) {
      this.sync[source] = state;
    }
    return this;
  }

  eventsFor(kind: string, namespace: string, name: string): KubeEvent[] {
    return this.events.filter(
      item =>
        item.involvedObject.kind === kind &&
        item.involvedObject.namespace === namespace &&
        item.involvedObject.name === name,
    );
  }
}

// ---------------------------------------------------------------- lattice

let latticeSequence = 0;

function latticeId(prefix: string): string {
  latticeSequence += 1;
  return `${prefix}-${String(latticeSequence).padStart(17, '0')}`;
}

function arnOf(type: string, id: string): string {
  return `arn:aws:vpc-lattice:us-west-2:123456789012:${type}/${id}`;
}

export class LatticeBuilder implements LatticeInventory {
  sync: SyncState = SYNCED;
  private readonly groups: LatticeTargetGroupEntry[] = [];
  private readonly services: LatticeService[] = [];
  private readonly networks: LatticeServiceNetwork[] = [];
  private readonly associations: LatticeServiceAssociation[] = [];

  /** A target group of a ServiceExport, tagged the way the controller tags it. */
  targetGroup(options: {
    cluster: string;
    namespace: string;
    exportName: string;
    port?: number;
    status?: LatticeResourceStatus;
    targets?: LatticeTarget[];
    failureMessage?: string;
  }): LatticeTargetGroupEntry {
    const id = latticeId('tg');
    const port = options.port ?? 80;
    const entry: LatticeTargetGroupEntry = {
      targetGroup: {
        id,
        arn: arnOf('targetgroup', id),
        name: `k8s-${options.namespace}-${options.exportName}-abcdefghij`,
        status: options.status ?? 'ACTIVE',
        port,
        protocol: 'HTTP',
        protocolVersion: 'HTTP1',
        vpcIdentifier: `vpc-${options.cluster}`,
        tags: {
          [LATTICE_TAG_KEYS.clusterName]: options.cluster,
          [LATTICE_TAG_KEYS.serviceName]: options.exportName,
          [LATTICE_TAG_KEYS.serviceNamespace]: options.namespace,
          [LATTICE_TAG_KEYS.sourceType]: 'ServiceExport',
        },
        failureMessage: options.failureMessage,
      },
      targets: options.targets,
    };
    this.groups.push(entry);
    return entry;
  }

  service(options: {
    name: string;
    dnsName?: string;
    customDomainName?: string;
    status?: LatticeResourceStatus;
  }): LatticeService {
    const id = latticeId('svc');
    const created: LatticeService = {
      id,
      arn: arnOf('service', id),
      name: options.name,
      status: options.status ?? 'ACTIVE',
      dnsEntry: {
        domainName:
          options.dnsName ??
          `${options.name}-${id.slice(
            4,
          )}.7d67968.vpc-lattice-svcs.us-west-2.on.aws`,
      },
      customDomainName: options.customDomainName,
    };
    this.services.push(created);
    return created;
  }

  serviceNetwork(name: string, vpcs = 2): LatticeServiceNetwork {
    const id = latticeId('sn');
    const created = {
      id,
      arn: arnOf('servicenetwork', id),
      name,
      numberOfAssociatedVPCs: vpcs,
      numberOfAssociatedServices: 1,
    };
    this.networks.push(created);
    return created;
  }

  associate(
    serviceArn: string,
    serviceNetworkName: string,
    status: LatticeResourceStatus = 'ACTIVE',
  ): void {
    this.associations.push({
      id: latticeId('snsa'),
      status,
      serviceArn,
      serviceNetworkName,
    });
  }

  /** Exports (`namespace/name`) that may have target groups not tagged yet. */
  readonly untaggedExports = new Set<string>();

  tagsPending(ref: { namespace: string; name: string }) {
    return this.untaggedExports.has(`${ref.namespace}/${ref.name}`);
  }

  targetGroupsForExport(ref: {
    namespace: string;
    name: string;
    cluster?: string;
  }) {
    return this.groups.filter(
      ({ targetGroup: { tags } }) =>
        tags[LATTICE_TAG_KEYS.sourceType] === 'ServiceExport' &&
        tags[LATTICE_TAG_KEYS.serviceNamespace] === ref.namespace &&
        tags[LATTICE_TAG_KEYS.serviceName] === ref.name &&
        (!ref.cluster || tags[LATTICE_TAG_KEYS.clusterName] === ref.cluster),
    );
  }

  targetGroupByArn(arn: string) {
    return this.groups.find(entry => entry.targetGroup.arn === arn);
  }

  serviceByArn(arn: string) {
    return this.services.find(candidate => candidate.arn === arn);
  }

  serviceByName(name: string) {
    return this.services.find(candidate => candidate.name === name);
  }

  serviceNetworkByName(name: string) {
    return this.networks.find(candidate => candidate.name === name);
  }

  serviceNetworks() {
    return this.networks;
  }

  associationsOfService(serviceArn: string) {
    return this.associations.filter(
      candidate => candidate.serviceArn === serviceArn,
    );
  }
}

// ---------------------------------------------------------------- fleet

export class FleetBuilder {
  readonly lattice = new LatticeBuilder();
  private readonly clusters: ClusterBuilder[] = [];
  private readonly scans = new ScanGuard();

  config(name = 'config'): ClusterBuilder {
    return this.cluster({
      name,
      role: 'config',
      exportApi: 'aws',
      providers: [{ id: 'aws-gateway-controller' }],
    });
  }

  /** `exportApi` picks the provider; `providers` sets several. */
  workload(
    name: string,
    exportApi: ClusterInfo['exportApi'] = 'aws',
    providers: ProviderSetting[] = [
      exportApi === 'aws'
        ? { id: 'aws-gateway-controller' }
        : { id: 'mcs', implementation: 'generic' },
    ],
  ): ClusterBuilder {
    return this.cluster({ name, role: 'workload', exportApi, providers });
  }

  private cluster(info: ClusterInfo): ClusterBuilder {
    const created = new ClusterBuilder(info, this.scans);
    this.clusters.push(created);
    return created;
  }

  /** `forbidScans`: make `list()` throw, as a composer that must use indexes only. */
  build(options: { forbidScans?: boolean } = {}): InventorySnapshot {
    this.scans.forbidden = options.forbidScans ?? false;
    return { clusters: this.clusters, lattice: this.lattice };
  }
}
