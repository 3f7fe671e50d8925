/*
 * The writer of a provider whose export is one field of the Service itself
 * (Cilium's annotation, Linkerd's label): the export applies just that
 * field server-side, so nothing else of the Service is touched, and
 * stopping applies the Service without it, which gives up only our field
 * (one someone else set stays, and the apply says so by changing nothing).
 */
import {
  apiVersionOf,
  KINDS,
} from '@service-network/backstage-plugin-service-network-common';
import { exportHeader } from '../exports/serviceExportManifest';
import type { ProviderWriter } from './types';

export function serviceFieldWriter(options: {
  apiName: string;
  /** The field, as metadata: `{annotations: {...}}` or `{labels: {...}}`. */
  field: { annotations?: Record<string, string>; labels?: Record<string, string> };
  /** Why chosen ports do not apply here: "a global service shares every port of the Service". */
  everyPort: { id: string; words: string };
  fieldManager?: string;
}): ProviderWriter {
  const { apiName, field, everyPort } = options;
  const portsNote = {
    id: everyPort.id,
    text: (clusters: readonly string[]) =>
      `${clusters.join(', ')} ${
        clusters.length === 1 ? 'uses' : 'use'
      } ${apiName}, ${everyPort.words}: the chosen ports and route types apply to AWS Gateway API Controller clusters only`,
  };
  return {
    apiName,
    exportKinds: [KINDS.service],
    ...(options.fieldManager ? { fieldManager: options.fieldManager } : {}),
    header: exportHeader,
    release: exportHeader,
    plan: ({ service, request, kind }) => ({
      object: {
        apiVersion: apiVersionOf(kind),
        kind: kind.kind,
        metadata: { name: service.name, namespace: service.namespace, ...field },
      },
      problems: [],
      notes: request.ports ? [portsNote] : [],
      addedTargetGroups: 0,
    }),
    notServed: name => `${name} serves no Services; ${apiName} needs the core API`,
  };
}
