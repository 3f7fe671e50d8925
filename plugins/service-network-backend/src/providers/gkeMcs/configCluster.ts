/*
 * GKE's MultiClusterService and MultiClusterIngress (networking.gke.io/v1),
 * read only, in the config cluster: the MultiClusterService named like the
 * Service in its namespace, and the MultiClusterIngresses whose default
 * backend or path backends name that MultiClusterService (GKE,
 * "Multi Cluster Ingress": backends are `serviceName` of a
 * MultiClusterService in the MultiClusterIngress's namespace; the
 * MultiClusterService's `spec.clusters` links (`<location>/<cluster>`)
 * narrow the member clusters it derives Services in, all of them when
 * empty).
 */
import {
  KINDS,
  ServiceRef,
} from '@service-network/backstage-plugin-service-network-common';
import { compactObject, Compactor } from '../../inventory/compact';
import { ObjectIndex } from '../../inventory/objectIndex';
import type {
  ClusterInventory,
  KubeObject,
  NamespacedIndex,
} from '../../inventory/snapshot';
import type { SourceDefinition } from '../types';

interface Backend {
  serviceName?: string;
  servicePort?: number;
}

export type MultiClusterServiceObject = KubeObject<{
  clusters?: Array<{ link?: string }>;
}>;

export type MultiClusterIngressObject = KubeObject<
  { backends: string[] },
  { vip?: string }
>;

// Raw objects are read loosely: the server decides what is present.
type Loose = Record<string, any>;

const compactMultiClusterService: Compactor<MultiClusterServiceObject> = (
  raw,
  type,
) => {
  const spec = raw.spec as Loose | undefined;
  return compactObject<MultiClusterServiceObject>(raw, type, {
    clusters: (spec?.clusters as Loose[] | undefined)?.map(entry => ({
      link: entry.link,
    })),
  });
};

/** Only the backend names are kept: which MultiClusterServices the ingress sends to. */
const compactMultiClusterIngress: Compactor<MultiClusterIngressObject> = (
  raw,
  type,
) => {
  const template = (raw.spec as Loose | undefined)?.template?.spec as
    | Loose
    | undefined;
  const backends: Backend[] = [
    template?.backend,
    ...((template?.rules as Loose[] | undefined) ?? []).flatMap(
      rule => (rule?.http?.paths as Loose[] | undefined)?.map(p => p?.backend) ?? [],
    ),
  ].filter(Boolean);
  const status = raw.status as Loose | undefined;
  return compactObject<MultiClusterIngressObject>(
    raw,
    type,
    {
      backends: [
        ...new Set(backends.flatMap(b => (b.serviceName ? [b.serviceName] : []))),
      ],
    },
    status && { vip: status.VIP },
  );
};

export const MULTI_CLUSTER_SERVICE_SOURCE: SourceDefinition = {
  source: 'gkemulticlusterservices',
  kinds: [KINDS.gkeMultiClusterService],
  optional: true,
  essential: false,
  createIndex: () => new ObjectIndex(),
  compact: compactMultiClusterService,
};

export const MULTI_CLUSTER_INGRESS_SOURCE: SourceDefinition = {
  source: 'gkemulticlusteringresses',
  kinds: [KINDS.gkeMultiClusterIngress],
  optional: true,
  essential: false,
  createIndex: () => new ObjectIndex(),
  compact: compactMultiClusterIngress,
};

/** One sentence per MultiClusterService and MultiClusterIngress of the config cluster that reference the Service. */
export function configClusterFacts(
  config: ClusterInventory | undefined,
  service: ServiceRef,
): string[] {
  if (!config) return [];
  const services = config.index<NamespacedIndex<MultiClusterServiceObject>>(
    MULTI_CLUSTER_SERVICE_SOURCE.source,
  );
  const found = services?.get(service.namespace, service.name);
  if (!found) return [];
  const where = `in config cluster ${config.cluster.name}`;
  const links = (found.spec?.clusters ?? []).flatMap(c =>
    c.link ? [c.link] : [],
  );
  const ingresses = [
    ...(config
      .index<NamespacedIndex<MultiClusterIngressObject>>(
        MULTI_CLUSTER_INGRESS_SOURCE.source,
      )
      ?.inNamespace(service.namespace) ?? []),
  ].filter(ingress => ingress.spec?.backends.includes(service.name));
  return [
    `MultiClusterService ${service.namespace}/${service.name} ${where} derives Services in ${
      links.length ? links.join(', ') : 'every member cluster'
    }.`,
    ...ingresses.map(
      ingress =>
        `MultiClusterIngress ${service.namespace}/${ingress.metadata.name} ${where} sends traffic to it${
          ingress.status?.vip ? ` (VIP ${ingress.status.vip})` : ''
        }.`,
    ),
  ];
}
