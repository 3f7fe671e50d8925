/*
 * GKE multi-cluster Services (net.gke.io): KEP-1645's semantics under GKE's
 * own group, so it is the MCS provider's code on GKE's API.
 *
 * Facts that shape this (GKE, "Configuring multi-cluster Services"; sources
 * in the README's providers table):
 * - A net.gke.io/v1 ServiceExport named like the Service exports it to the
 *   fleet; the GKE MCS controller then creates a ServiceImport of that name
 *   in every fleet cluster that has the namespace, with `spec.ips` (the
 *   clusterset IP), `spec.ports`, `spec.type` and in `status.clusters` the
 *   exporting clusters by fleet membership
 *   (`projects/<number>/locations/<location>/memberships/<name>`).
 * - Its conditions are Initialized, Exported and Conflict (read here as
 *   KEP-1645's Valid, Ready and Conflict).
 * - Callers use `<svc>.<ns>.svc.clusterset.local`; the first export in a
 *   fleet can take several minutes (up to 20) to become reachable.
 * - MultiClusterService and MultiClusterIngress (networking.gke.io) live in
 *   the fleet's config cluster; they are read there, never written.
 */
import { KINDS } from '@service-network/backstage-plugin-service-network-common';
import {
  compactMcsServiceExport,
  compactMcsServiceImport,
} from '../../inventory/compact';
import { ObjectIndex } from '../../inventory/objectIndex';
import type { McsApi } from '../mcs/api';
import { mcsExplainerFor } from '../mcs/explaining';
import { mcsReaderFor } from '../mcs/reading';
import { mcsWriterFor } from '../mcs/writing';
import type { ServiceNetworkProvider } from '../types';
import {
  configClusterFacts,
  MULTI_CLUSTER_INGRESS_SOURCE,
  MULTI_CLUSTER_SERVICE_SOURCE,
} from './configCluster';

const GKE_MCS_API: McsApi = {
  id: 'gke-mcs',
  family: 'mcs',
  apiName: 'GKE multi-cluster Services',
  exportKinds: [KINDS.gkeServiceExport],
  exportSource: {
    source: 'gkeserviceexports',
    kinds: [KINDS.gkeServiceExport],
    optional: true,
    essential: true,
    createIndex: () => new ObjectIndex(),
    compact: compactMcsServiceExport,
  },
  importSource: {
    source: 'gkeserviceimports',
    kinds: [KINDS.gkeServiceImport],
    optional: true,
    essential: false,
    createIndex: () => new ObjectIndex(),
    compact: compactMcsServiceImport,
  },
  configSources: [MULTI_CLUSTER_SERVICE_SOURCE, MULTI_CLUSTER_INGRESS_SOURCE],
  conditions: { valid: 'Initialized', ready: 'Exported', conflict: 'Conflict' },
  details: { export: 'gkeExport', import: 'gkeImport' },
  title: () => 'GKE multi-cluster Services',
  facts: (_setting, { service, config }) => [
    'GKE names the exporting clusters by fleet membership; a first export in a fleet can take several minutes to be reachable.',
    ...configClusterFacts(config, service),
  ],
  notServed: name =>
    `${name} does not serve GKE's ServiceExport (net.gke.io v1): enable multi-cluster Services for the fleet (gcloud container fleet multi-cluster-services enable) and register ${name} in it, or give ${name} the provider that runs there (providers in app-config)`,
};

export const gkeMcs: ServiceNetworkProvider = {
  id: 'gke-mcs',
  reader: mcsReaderFor(GKE_MCS_API),
  explainer: mcsExplainerFor(GKE_MCS_API),
  writer: mcsWriterFor(GKE_MCS_API),
};
