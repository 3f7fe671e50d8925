/*
 * Writing for Cilium Cluster Mesh: the export is the one annotation
 * `service.cilium.io/global: "true"` on the Service, applied server-side
 * under our field manager so that nothing else of the Service is touched;
 * stopping applies the Service without it, which removes only our field
 * (an annotation someone else set stays, and the apply says so by changing
 * nothing).
 */
import {
  apiVersionOf,
  KindDescriptor,
  KINDS,
  ServiceRef,
} from '@service-network/backstage-plugin-service-network-common';
import { exportHeader } from '../../exports/serviceExportManifest';
import type { ProviderWriter } from '../types';
import { CILIUM_ANNOTATIONS } from './annotations';

const PORTS_NOTE = {
  id: 'cilium-shares-every-port',
  text: (clusters: readonly string[]) =>
    `${clusters.join(', ')} ${
      clusters.length === 1 ? 'uses' : 'use'
    } Cilium Cluster Mesh, where a global service shares every port of the Service: the chosen ports and route types apply to AWS Gateway API Controller clusters only`,
};

function annotated(kind: KindDescriptor, service: ServiceRef) {
  return {
    apiVersion: apiVersionOf(kind),
    kind: kind.kind,
    metadata: {
      name: service.name,
      namespace: service.namespace,
      annotations: { [CILIUM_ANNOTATIONS.global]: 'true' },
    },
  };
}

export const ciliumWriter: ProviderWriter = {
  apiName: 'Cilium Cluster Mesh',
  exportKinds: [KINDS.service],
  header: exportHeader,
  release: exportHeader,
  plan: ({ service, request, kind }) => ({
    object: annotated(kind, service),
    problems: [],
    notes: request.ports ? [PORTS_NOTE] : [],
    addedTargetGroups: 0,
  }),
  notServed: name =>
    `${name} serves no Services; Cilium Cluster Mesh needs the core API`,
};
