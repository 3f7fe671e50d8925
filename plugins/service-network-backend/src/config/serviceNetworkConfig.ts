import { parseEntityRef, stringifyEntityRef } from '@backstage/catalog-model';
import { Config } from '@backstage/config';
import fs from 'node:fs';
import path from 'node:path';

export type ClusterRole = 'config' | 'workload';
export type ServiceExportApi = 'aws' | 'mcs';

export interface ClusterConfig {
  name: string;
  title: string;
  role: ClusterRole;
  url: string;
  auth:
    | { provider: 'serviceAccount'; token?: string }
    | { provider: 'aws'; clusterId: string; assumeRole?: string; externalId?: string };
  caData?: string;
  skipTLSVerify: boolean;
  serviceExportApi: ServiceExportApi;
}

export interface LatticeConfig {
  region: string;
  accountId?: string;
  endpoint?: string;
  callBudgetPerMinute: number;
  /** Target groups per region the account may have. */
  targetGroupQuota: number;
}

export interface RouteRequestSettings {
  allowSelfApproval: boolean;
  expireAfterMs: number;
  /** How often expiry, automatic retries and the DNS-live check run. */
  checkIntervalMs: number;
  /** Entity refs (groups or users) told about new requests. */
  approvers: string[];
}

export interface ServiceNetworkConfig {
  clusters: ClusterConfig[];
  lattice: LatticeConfig;
  latticeIntervalMs: number;
  /** How often the entity-to-Service map is refreshed from the catalog. */
  catalogIntervalMs: number;
  staleAfterMs: number;
  routeRequests: RouteRequestSettings;
}

function readCaFile(file: string | undefined, where: string): string | undefined {
  if (!file) return undefined;
  try {
    return fs.readFileSync(file).toString('base64');
  } catch (error) {
    throw new Error(`${where}.caFile: cannot read ${path.resolve(file)}: ${error.message}`);
  }
}

const CLUSTER_NAME = /^[a-z0-9]([-a-z0-9_.]*[a-z0-9])?$/i;

function readCluster(config: Config, index: number): ClusterConfig {
  const where = `serviceNetwork.clusters[${index}]`;
  const name = config.getString('name');
  if (!CLUSTER_NAME.test(name)) {
    throw new Error(`${where}.name "${name}" must be letters, digits, '-', '_' or '.', starting and ending with a letter or digit`);
  }
  const role = config.getString('role');
  if (role !== 'config' && role !== 'workload') {
    throw new Error(`${where}.role must be "config" or "workload", got "${role}"`);
  }
  const url = config.getString('url');
  if (!/^https?:\/\//.test(url)) throw new Error(`${where}.url must be an http(s) URL, got "${url}"`);
  const provider = config.getOptionalString('authProvider') ?? 'serviceAccount';
  const metadata = config.getOptionalConfig('authMetadata');
  let auth: ClusterConfig['auth'];
  if (provider === 'serviceAccount') {
    auth = { provider, token: config.getOptionalString('serviceAccountToken') };
  } else if (provider === 'aws') {
    auth = {
      provider,
      clusterId: metadata?.getOptionalString('kubernetes.io/x-k8s-aws-id') ?? name,
      assumeRole: metadata?.getOptionalString('kubernetes.io/aws-assume-role'),
      externalId: metadata?.getOptionalString('kubernetes.io/aws-external-id'),
    };
  } else {
    throw new Error(`${where}.authProvider must be "serviceAccount" or "aws", got "${provider}"`);
  }
  const serviceExportApi = config.getOptionalString('serviceExportApi') ?? 'aws';
  if (serviceExportApi !== 'aws' && serviceExportApi !== 'mcs') {
    throw new Error(`${where}.serviceExportApi must be "aws" or "mcs", got "${serviceExportApi}"`);
  }
  return {
    name,
    title: config.getOptionalString('title') ?? name,
    role,
    url: url.replace(/\/+$/, ''),
    auth,
    caData: config.getOptionalString('caData') ?? readCaFile(config.getOptionalString('caFile'), where),
    skipTLSVerify: config.getOptionalBoolean('skipTLSVerify') ?? false,
    serviceExportApi,
  };
}

function positive(value: number | undefined, fallback: number, key: string) {
  if (value === undefined) return fallback;
  if (!(value > 0)) throw new Error(`serviceNetwork.${key} must be a positive number, got ${value}`);
  return value;
}

function readApprovers(refs: string[] | undefined): string[] {
  if (!refs) return ['group:default/platform-team'];
  return refs.map((ref, index) => {
    try {
      return stringifyEntityRef(parseEntityRef(ref));
    } catch (error) {
      throw new Error(`serviceNetwork.routeRequests.approvers[${index}] must be an entity ref such as group:default/platform-team: ${error.message}`);
    }
  });
}

/** Reads and checks the `serviceNetwork` section once, with errors that name the offending key. */
export function readServiceNetworkConfig(root: Config): ServiceNetworkConfig {
  const config = root.getConfig('serviceNetwork');
  const clusters = config.getConfigArray('clusters').map(readCluster);
  const names = new Set<string>();
  for (const cluster of clusters) {
    if (names.has(cluster.name)) throw new Error(`serviceNetwork.clusters: the name "${cluster.name}" is used twice`);
    names.add(cluster.name);
  }
  if (clusters.filter(c => c.role === 'config').length > 1) {
    throw new Error('serviceNetwork.clusters: only one cluster can have the role "config"');
  }
  const lattice = config.getConfig('lattice');
  const refresh = config.getOptionalConfig('refresh');
  const routeRequests = config.getOptionalConfig('routeRequests');
  return {
    clusters,
    lattice: {
      region: lattice.getString('region'),
      accountId: lattice.getOptionalString('accountId'),
      endpoint: lattice.getOptionalString('endpoint'),
      callBudgetPerMinute: positive(lattice.getOptionalNumber('callBudgetPerMinute'), 600, 'lattice.callBudgetPerMinute'),
      targetGroupQuota: positive(lattice.getOptionalNumber('targetGroupQuota'), 500, 'lattice.targetGroupQuota'),
    },
    latticeIntervalMs: positive(refresh?.getOptionalNumber('latticeIntervalSeconds'), 30, 'refresh.latticeIntervalSeconds') * 1000,
    catalogIntervalMs: positive(refresh?.getOptionalNumber('catalogIntervalSeconds'), 60, 'refresh.catalogIntervalSeconds') * 1000,
    staleAfterMs: positive(refresh?.getOptionalNumber('staleAfterSeconds'), 60, 'refresh.staleAfterSeconds') * 1000,
    routeRequests: {
      allowSelfApproval: routeRequests?.getOptionalBoolean('allowSelfApproval') ?? false,
      expireAfterMs:
        positive(routeRequests?.getOptionalNumber('expireAfterHours'), 72, 'routeRequests.expireAfterHours') * 3_600_000,
      checkIntervalMs:
        positive(routeRequests?.getOptionalNumber('checkIntervalSeconds'), 30, 'routeRequests.checkIntervalSeconds') * 1000,
      approvers: readApprovers(routeRequests?.getOptionalStringArray('approvers')),
    },
  };
}
