/*
 * Writing for Linkerd multicluster: the export is the one label
 * `mirror.linkerd.io/exported: "true"` (gateway mode) on the Service,
 * applied server-side under a field manager of its own so that nothing
 * else of the Service is touched, not even what another provider of ours
 * wrote there (Cilium's annotation). Stopping applies the Service without
 * it, which removes only our field: a label someone else set stays, and
 * the apply says so by changing nothing.
 */
import {
  apiVersionOf,
  KindDescriptor,
  KINDS,
  ServiceRef,
} from '@service-network/backstage-plugin-service-network-common';
import { FIELD_MANAGER } from '../../clusters/types';
import { exportHeader } from '../../exports/serviceExportManifest';
import type { ProviderWriter } from '../types';
import { EXPORT_VALUES, LINKERD_LABELS } from './labels';

const PORTS_NOTE = {
  id: 'linkerd-mirrors-every-port',
  text: (clusters: readonly string[]) =>
    `${clusters.join(', ')} ${
      clusters.length === 1 ? 'uses' : 'use'
    } Linkerd multicluster, whose service mirror mirrors every port of the Service: the chosen ports and route types apply to AWS Gateway API Controller clusters only`,
};

function labelled(kind: KindDescriptor, service: ServiceRef) {
  return {
    apiVersion: apiVersionOf(kind),
    kind: kind.kind,
    metadata: {
      name: service.name,
      namespace: service.namespace,
      labels: { [LINKERD_LABELS.exported]: EXPORT_VALUES.gateway },
    },
  };
}

export const linkerdWriter: ProviderWriter = {
  apiName: 'Linkerd multicluster',
  exportKinds: [KINDS.service],
  fieldManager: `${FIELD_MANAGER}-linkerd`,
  header: exportHeader,
  release: exportHeader,
  plan: ({ service, request, kind }) => ({
    object: labelled(kind, service),
    problems: [],
    notes: request.ports ? [PORTS_NOTE] : [],
    addedTargetGroups: 0,
  }),
  notServed: name =>
    `${name} serves no Services; Linkerd multicluster needs the core API`,
};
