/*
 * The whole read side from configuration: cluster clients, the Lattice
 * poller and the inventory over both.
 */
import type { LoggerService } from '@backstage/backend-plugin-api';
import type { AwsCredentialsManager } from '@backstage/integration-aws-node';
import { ClusterRegistry } from '../clusters/ClusterRegistry';
import type { ResolvedCluster } from '../clusters/resolveClusters';
import type { ServiceNetworkConfig } from '../config/serviceNetworkConfig';
import {
  createLatticeInventory,
  LatticePoller,
} from '../lattice/latticePoller';
import { createInventory, Inventory, InventoryOptions } from './inventory';

export interface ServiceNetworkInventory {
  registry: ClusterRegistry;
  lattice: LatticePoller;
  inventory: Inventory;
}

export async function createServiceNetworkInventory(options: {
  config: ServiceNetworkConfig;
  /** From the config, the Kubernetes plugin and modules (see resolveClusters). */
  clusters: readonly ResolvedCluster[];
  credentialsManager: AwsCredentialsManager;
  logger: LoggerService;
  /** A cluster request fails when the server stays silent this long. Default 15 s. */
  requestTimeoutMs?: number;
  pollLattice?: InventoryOptions['pollLattice'];
}): Promise<ServiceNetworkInventory> {
  const { config, credentialsManager, logger } = options;
  const registry = await ClusterRegistry.create(options.clusters, {
    requestTimeoutMs: options.requestTimeoutMs,
  });
  const lattice = await createLatticeInventory({
    config: config.lattice,
    credentialsManager,
    intervalMs: config.latticeIntervalMs,
    staleAfterMs: config.staleAfterMs,
    logger,
  });
  const inventory = createInventory({
    clusters: registry.list(),
    lattice,
    logger,
    staleAfterMs: config.staleAfterMs,
    pollLattice: options.pollLattice,
  });
  return { registry, lattice, inventory };
}
