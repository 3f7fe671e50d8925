/*
 * Linkerd multicluster: a Service labelled `mirror.linkerd.io/exported`
 * is mirrored as `<svc>-<cluster>` into every cluster holding a Link to
 * its cluster; `mirror.linkerd.io/federated: member` joins it to
 * `<svc>-federated`. Facts and sources in ./labels.ts and the README.
 */
import type { ServiceNetworkProvider } from '../types';
import { linkerdExplainer } from './explaining';
import { linkerdReader } from './reading';
import { linkerdWriter } from './writing';

export const linkerd: ServiceNetworkProvider = {
  id: 'linkerd',
  reader: linkerdReader,
  explainer: linkerdExplainer,
  writer: linkerdWriter,
};
