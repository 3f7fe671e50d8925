/*
 * The AWS Gateway API Controller on Amazon VPC Lattice.
 */
import type { ServiceNetworkProvider } from '../types';
import { awsExplainer } from './explaining';
import { awsReader } from './reading';
import { awsWriter } from './writing';

export const awsGatewayController: ServiceNetworkProvider = {
  id: 'aws-gateway-controller',
  reader: awsReader,
  explainer: awsExplainer,
  writer: awsWriter,
};
