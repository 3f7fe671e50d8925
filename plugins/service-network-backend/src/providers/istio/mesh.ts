/*
 * What Istio multi-cluster makes of the objects Service Network can read,
 * as Istio documents it:
 * - Namespace sameness: a Service of the same name in the same namespace of
 *   every cluster of the mesh is one service, called by
 *   `<svc>.<ns>.svc.cluster.local` from any of them; its endpoints are those
 *   of all the clusters the caller's control plane watches
 *   (istio.io/latest/docs/ops/configuration/traffic-management/multicluster/,
 *   istio.io/latest/docs/ops/deployment/deployment-models/). Istio's
 *   analyzer IST0170 warns where the copies differ in type, ports or
 *   headlessness (istio.io/latest/docs/reference/config/analysis/ist0170/).
 * - Remote secrets: istiod watches the API server of every cluster it has
 *   a Secret for in istio-system labelled `istio/multiCluster: "true"`
 *   (what `istioctl create-remote-secret --name=<cluster>` writes, as
 *   `istio-remote-secret-<cluster>` annotated
 *   `networking.istio.io/cluster: <cluster>`). Multi-primary: each cluster
 *   holds secrets for the others; primary-remote: only the primary holds
 *   one for the remote, whose proxies the primary's istiod configures, and
 *   the remote's istio-system is annotated
 *   `topology.istio.io/controlPlaneClusters: <primary>`
 *   (istio.io/latest/docs/setup/install/multicluster/multi-primary_multi-network/,
 *   .../primary-remote_multi-network/).
 * - Networks: istio-system's `topology.istio.io/network` label names the
 *   cluster's network; pods on one network reach each other directly. An
 *   endpoint on another network is reached through that network's
 *   east-west gateway: a Service labelled `topology.istio.io/network:
 *   <network>` listening on 15443 (or the port its
 *   `networking.istio.io/gatewayPort` label names), exposed with an
 *   AUTO_PASSTHROUGH Gateway (istio.io/latest/docs/reference/config/labels/).
 * - `networking.istio.io/exportTo` on a Service: the namespaces that see it,
 *   comma-separated; `.` its own, `*` all
 *   (istio.io/latest/docs/reference/config/annotations/). Without it,
 *   MeshConfig.defaultServiceExportTo decides, which is mesh configuration
 *   Service Network cannot read (istio.io/latest/docs/reference/config/istio.mesh.v1alpha1/).
 * - Ambient mode (`istio.io/dataplane-mode: ambient` on the namespace):
 *   multi-cluster is multi-primary on several networks only, and a Service
 *   is shared across clusters only when labelled `istio.io/global: "true"`,
 *   which the local cluster's copy decides
 *   (istio.io/latest/docs/ambient/install/multicluster/); the label works
 *   through MeshConfig.serviceScopeConfigs, again mesh configuration.
 */
import type {
  IstioServiceStatus,
  IstioUnreachable,
} from '@service-network/backstage-plugin-service-network-common';
import type {
  ClusterInventory,
  KubeObject,
  NamespacedIndex,
  ServiceObject,
} from '../../inventory/snapshot';

export const ISTIO_SYSTEM = 'istio-system';
export const ISTIO_LABELS = {
  network: 'topology.istio.io/network',
  gatewayPort: 'networking.istio.io/gatewayPort',
  multiCluster: 'istio/multiCluster',
  dataplaneMode: 'istio.io/dataplane-mode',
  global: 'istio.io/global',
} as const;
export const ISTIO_ANNOTATIONS = {
  exportTo: 'networking.istio.io/exportTo',
  cluster: 'networking.istio.io/cluster',
  controlPlaneClusters: 'topology.istio.io/controlPlaneClusters',
} as const;
export const ISTIO_SOURCES = {
  namespaces: 'istionamespaces',
  remoteSecrets: 'istioremotesecrets',
} as const;

const REMOTE_SECRET_PREFIX = 'istio-remote-secret-';
const DEFAULT_GATEWAY_PORT = 15443;

/** What one cluster of the mesh says about itself and the Service. */
export interface IstioClusterFacts {
  name: string;
  network?: string;
  /** The clusters its istiod watches besides itself. */
  watches: string[];
  /** For a remote: the cluster whose istiod configures it (istio-system's controlPlaneClusters annotation). */
  controlPlane?: string;
  eastWestGateway?: string;
  service?: ServiceObject;
  ambient: boolean;
}

function gatewayPort(service: ServiceObject): number {
  const said = Number(service.metadata.labels?.[ISTIO_LABELS.gatewayPort]);
  return Number.isInteger(said) && said > 0 ? said : DEFAULT_GATEWAY_PORT;
}

/** The cluster a remote secret gives access to: its annotation, else its name. */
export function remoteSecretCluster(secret: KubeObject): string {
  const named = secret.metadata.annotations?.[ISTIO_ANNOTATIONS.cluster];
  if (named) return named;
  const { name } = secret.metadata;
  return name.startsWith(REMOTE_SECRET_PREFIX)
    ? name.slice(REMOTE_SECRET_PREFIX.length)
    : name;
}

export function isAmbientGlobal(service: ServiceObject | undefined): boolean {
  return service?.metadata.labels?.[ISTIO_LABELS.global]?.toLowerCase() === 'true';
}

/** The exportTo annotation's namespaces, as written; undefined where it is not set. */
export function exportToOf(service: ServiceObject | undefined): string[] | undefined {
  const raw = service?.metadata.annotations?.[ISTIO_ANNOTATIONS.exportTo];
  if (raw === undefined) return undefined;
  return raw
    .split(',')
    .map(entry => entry.trim())
    .filter(Boolean);
}

/** The namespaces besides its own an exportTo lets see the Service: undefined for all of them. */
export function otherNamespacesSeeing(
  exportTo: readonly string[],
  namespace: string,
): string[] | undefined {
  if (exportTo.includes('*')) return undefined;
  return exportTo.filter(entry => entry !== '.' && entry !== namespace);
}

export function istioFacts(
  inventory: ClusterInventory,
  namespace: string,
  name: string,
): IstioClusterFacts {
  const namespaces = inventory.index<NamespacedIndex<KubeObject>>(ISTIO_SOURCES.namespaces);
  const secrets = inventory.index<NamespacedIndex<KubeObject>>(ISTIO_SOURCES.remoteSecrets);
  const system = namespaces?.get('', ISTIO_SYSTEM);
  const network = system?.metadata.labels?.[ISTIO_LABELS.network];
  const own = inventory.cluster.name;
  const watches = [
    ...new Set(
      [...(secrets?.inNamespace(ISTIO_SYSTEM) ?? [])]
        .filter(secret => secret.metadata.labels?.[ISTIO_LABELS.multiCluster] === 'true')
        .map(remoteSecretCluster),
    ),
  ]
    .filter(cluster => cluster !== own)
    .sort();
  const gateway = network
    ? [...inventory.services.inNamespace(ISTIO_SYSTEM)].find(
        service =>
          service.metadata.labels?.[ISTIO_LABELS.network] === network &&
          (service.spec?.ports ?? []).some(port => port.port === gatewayPort(service)),
      )
    : undefined;
  const mode = namespaces?.get('', namespace)?.metadata.labels?.[ISTIO_LABELS.dataplaneMode];
  const controlPlane = system?.metadata.annotations?.[ISTIO_ANNOTATIONS.controlPlaneClusters]
    ?.split(',')
    .map(entry => entry.trim())
    .find(entry => entry && entry !== own);
  return {
    name: own,
    network,
    watches,
    controlPlane,
    eastWestGateway: gateway && `${ISTIO_SYSTEM}/${gateway.metadata.name}`,
    service: inventory.services.get(namespace, name),
    ambient: mode === 'ambient',
  };
}

/** The cluster whose istiod configures this one's proxies: its primary for a remote, else itself. */
function controlPlaneOf(
  cluster: IstioClusterFacts,
  mesh: readonly IstioClusterFacts[],
): IstioClusterFacts {
  return mesh.find(other => other.name === cluster.controlPlane) ?? cluster;
}

/** Why calls from `from` cannot reach the endpoints in `to`, or undefined when they can. */
function blocked(
  from: IstioClusterFacts,
  to: IstioClusterFacts,
  mesh: readonly IstioClusterFacts[],
): IstioUnreachable['reason'] | undefined {
  const control = controlPlaneOf(from, mesh);
  if (to.name !== control.name && !control.watches.includes(to.name)) return 'no-remote-secret';
  if ((from.network ?? '') !== (to.network ?? '') && !to.eastWestGateway) return 'no-east-west-gateway';
  return undefined;
}

/** Whether calls from `from` go to other clusters at all: in ambient mode only for a global service. */
function sharesFrom(from: IstioClusterFacts): boolean {
  return !from.ambient || isAmbientGlobal(from.service);
}

/** Whether calls from some other cluster of the mesh reach the endpoints in `here`. */
function reachedFromElsewhere(
  here: IstioClusterFacts,
  mesh: readonly IstioClusterFacts[],
): string[] {
  if (!here.service) return [];
  return mesh
    .filter(
      other =>
        other !== here &&
        other.service !== undefined &&
        sharesFrom(other) &&
        blocked(other, here, mesh) === undefined,
    )
    .map(other => other.name)
    .sort();
}

/** The Service as seen from `here`; `mesh` is every cluster running Istio, `here` among them. */
export function istioServiceStatus(
  here: IstioClusterFacts,
  mesh: readonly IstioClusterFacts[],
): IstioServiceStatus {
  const others = mesh.filter(other => other !== here);
  const running = others.filter(other => other.service);
  const unreachable: IstioUnreachable[] = [];
  const reached: string[] = [];
  if (here.service && sharesFrom(here)) {
    for (const other of running) {
      const reason = blocked(here, other, mesh);
      if (reason) unreachable.push({ cluster: other.name, reason });
      else reached.push(other.name);
    }
  }
  const control = controlPlaneOf(here, mesh);
  const runsIn = mesh.filter(member => member.service).map(member => member.name).sort();
  return {
    network: here.network,
    watches: here.watches,
    ...(control !== here ? { primary: control.name } : {}),
    ambient: here.ambient,
    global: isAmbientGlobal(here.service),
    exportTo: exportToOf(here.service),
    runsIn,
    missingIn: runsIn.length ? mesh.filter(member => !member.service).map(member => member.name).sort() : [],
    servedFrom: here.service ? [here.name, ...reached].sort() : [],
    unreachable,
    eastWestGateway: here.eastWestGateway,
    reachedFrom: reachedFromElsewhere(here, mesh),
    inconsistentWith: inconsistentCopies(here, mesh),
  };
}

/** Mesh clusters whose copy of the Service differs from this one in type, ports or headlessness (IST0170). */
function inconsistentCopies(
  here: IstioClusterFacts,
  mesh: readonly IstioClusterFacts[],
): string[] {
  const shape = (service: ServiceObject) =>
    JSON.stringify({
      type: service.spec?.type ?? 'ClusterIP',
      headless: service.spec?.clusterIP === 'None',
      ports: (service.spec?.ports ?? [])
        .map(port => `${port.port}/${port.protocol ?? 'TCP'}`)
        .sort(),
    });
  if (!here.service) return [];
  const mine = shape(here.service);
  return mesh
    .filter(other => other !== here && other.service && shape(other.service) !== mine)
    .map(other => other.name)
    .sort();
}
