/*
 * The Kubernetes Multi-Cluster Services API (KEP-1645, multicluster.x-k8s.io)
 * and its implementations.
 */
import { KINDS } from '@service-network/backstage-plugin-service-network-common';
import { compactMcsServiceImport } from '../../inventory/compact';
import { ObjectIndex } from '../../inventory/objectIndex';
import { MCS_CONDITIONS, MCS_EXPORT_SOURCE } from '../mcsExportSource';
import type { ServiceNetworkProvider } from '../types';
import type { McsApi } from './api';
import { mcsExplainerFor } from './explaining';
import { implementationFacts, implementationTitle } from './implementations';
import { mcsReaderFor } from './reading';
import { mcsWriterFor } from './writing';

const MCS_API: McsApi = {
  id: 'mcs',
  family: 'mcs',
  apiName: 'MCS API',
  exportKinds: MCS_EXPORT_SOURCE.kinds,
  exportSource: MCS_EXPORT_SOURCE,
  importSource: {
    source: 'mcsserviceimports',
    kinds: [
      KINDS.mcsServiceImport,
      // eslint-disable-next-line no-restricted-syntax -- built once, at start-up
      { ...KINDS.mcsServiceImport, version: 'v1alpha1' },
    ],
    optional: true,
    essential: false,
    createIndex: () => new ObjectIndex(),
    compact: compactMcsServiceImport,
  },
  conditions: MCS_CONDITIONS,
  details: { export: 'mcsExport', import: 'mcsImport' },
  title: setting => implementationTitle(setting.implementation),
  facts: (setting, context) =>
    implementationFacts(setting.implementation, context),
  notServed: name =>
    `${name} does not serve the upstream MCS ServiceExport (multicluster.x-k8s.io v1beta1 or v1alpha1): install the MCS API there, or give ${name} the provider that runs there (providers in app-config)`,
};

export const mcs: ServiceNetworkProvider = {
  id: 'mcs',
  reader: mcsReaderFor(MCS_API),
  explainer: mcsExplainerFor(MCS_API),
  writer: mcsWriterFor(MCS_API),
};
