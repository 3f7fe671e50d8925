/*
 * The Kubernetes Multi-Cluster Services API (KEP-1645) and its
 * implementations.
 */
import type { ServiceNetworkProvider } from '../types';
import { mcsExplainer } from './explaining';
import { mcsReader } from './reading';
import { mcsWriter } from './writing';

export const mcs: ServiceNetworkProvider = {
  id: 'mcs',
  reader: mcsReader,
  explainer: mcsExplainer,
  writer: mcsWriter,
};
