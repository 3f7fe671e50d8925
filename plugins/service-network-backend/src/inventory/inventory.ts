/*
 * The inventory every page view is answered from: one watched cluster per
 * configured cluster and the Lattice poller. Reading it never reaches out
 * to a cluster or to AWS.
 */
import type { LoggerService } from '@backstage/backend-plugin-api';
import type { RegisteredCluster } from '../clusters/ClusterRegistry';
import type { LatticePoller } from '../lattice/latticePoller';
import { WatchedCluster } from './clusterInventory';
import type { WatchTiming } from './kindWatcher';
import type { InventorySnapshot, KubeSource } from './snapshot';

export type InventoryChange =
  | { source: 'kubernetes'; cluster: string; kind: KubeSource }
  | { source: 'lattice' };

export interface InventoryOptions {
  clusters: readonly RegisteredCluster[];
  lattice: Pick<LatticePoller, 'inventory' | 'start' | 'stop' | 'onChange'>;
  logger: LoggerService;
  /** A source without success for this long is reported stale. */
  staleAfterMs: number;
  /**
   * Whether start() and stop() also run the Lattice poller's timer (the
   * default); false when a scheduler calls its refresh() instead.
   */
  pollLattice?: boolean;
  /** Events kept per object. Default 20. */
  eventsPerObject?: number;
  timing?: Partial<Omit<WatchTiming, 'staleAfterMs'>>;
}

export interface Inventory {
  start(): void;
  stop(): void;
  /** The current state; cheap, synchronous, and never makes a request. */
  snapshot(): InventorySnapshot;
  /** Called after every change of data or sync state; answers the unsubscribe. */
  onChange(listener: (change: InventoryChange) => void): () => void;
}

export function createInventory(options: InventoryOptions): Inventory {
  const timing: WatchTiming = {
    staleAfterMs: options.staleAfterMs,
    // A quiet watch is reopened well before it would count as stale.
    watchIdleTimeoutMs: options.staleAfterMs / 2,
    listPageSize: 500,
    retry: { initialMs: 500, maxMs: 30_000 },
    notServedRetryMs: 5 * 60_000,
    watchTimeoutSeconds: [300, 600],
    ...options.timing,
  };
  const listeners = new Set<(change: InventoryChange) => void>();
  const notify = (change: InventoryChange) => {
    for (const listener of listeners) {
      try {
        listener(change);
      } catch (error) {
        options.logger.warn(`An inventory change listener failed: ${error}`);
      }
    }
  };
  const clusters = options.clusters.map(
    ({ config, client }) =>
      new WatchedCluster({
        config,
        client,
        timing,
        eventsPerObject: options.eventsPerObject ?? 20,
        logger: options.logger,
        onChange: kind =>
          notify({ source: 'kubernetes', cluster: config.name, kind }),
      }),
  );
  const snapshot: InventorySnapshot = {
    clusters,
    lattice: options.lattice.inventory,
  };
  const pollLattice = options.pollLattice ?? true;
  let unsubscribeLattice: (() => void) | undefined;

  return {
    start() {
      unsubscribeLattice ??= options.lattice.onChange(() =>
        notify({ source: 'lattice' }),
      );
      for (const cluster of clusters) cluster.start();
      if (pollLattice) options.lattice.start();
    },
    stop() {
      for (const cluster of clusters) cluster.stop();
      if (pollLattice) options.lattice.stop();
      unsubscribeLattice?.();
      unsubscribeLattice = undefined;
    },
    snapshot: () => snapshot,
    onChange(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
