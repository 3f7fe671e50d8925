/*
 * The inventory every page view is answered from: one watched cluster per
 * configured cluster and the Lattice poller. Reading it never reaches out
 * to a cluster or to AWS.
 */
import type { LoggerService } from '@backstage/backend-plugin-api';
import type { RegisteredCluster } from '../clusters/ClusterRegistry';
import type { ExportRef, LatticePoller } from '../lattice/latticePoller';
import { WatchedCluster } from './clusterInventory';
import type { WatchTiming } from './kindWatcher';
import type { InventorySnapshot, KubeSource } from './snapshot';

export type InventoryChange =
  | { source: 'kubernetes'; cluster: string; kind: KubeSource }
  | { source: 'lattice' };

export interface InventoryOptions {
  clusters: readonly RegisteredCluster[];
  lattice: Pick<
    LatticePoller,
    'inventory' | 'start' | 'stop' | 'onChange' | 'want'
  >;
  logger: LoggerService;
  /** A source without success for this long is reported stale. */
  staleAfterMs: number;
  /**
   * Whether start() and stop() also run the Lattice poller's timer (the
   * default); false when a scheduler calls its refresh() instead.
   */
  pollLattice?: boolean;
  /** The first Lattice refresh waits for every cluster's first lists, at most this long. Default 15 s. */
  latticeStartDelayMs?: number;
  /** Events kept per object. Default 20. */
  eventsPerObject?: number;
  timing?: Partial<Omit<WatchTiming, 'staleAfterMs'>>;
}

export interface Inventory {
  start(): void;
  stop(): void;
  /** The current state; cheap, synchronous, and never makes a request. */
  snapshot(): InventorySnapshot;
  /**
   * Asks for the Lattice details (tags, target health) of these exports
   * ahead of the rest, as someone is looking at them; never waits.
   */
  wantLatticeDetails(exports: readonly ExportRef[]): void;
  /** Called after every change of data or sync state; answers the unsubscribe. */
  onChange(listener: (change: InventoryChange) => void): () => void;
}

const LATTICE_START_DELAY_MS = 15_000;

export function createInventory(options: InventoryOptions): Inventory {
  const timing: WatchTiming = {
    staleAfterMs: options.staleAfterMs,
    // A quiet watch is reopened well before it would count as stale.
    watchIdleTimeoutMs: options.staleAfterMs / 2,
    listPageSize: 500,
    // Capped low so a cluster that comes back is synced within seconds; a retry is one cheap request.
    retry: { initialMs: 500, maxMs: 8_000 },
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
  // Every cluster's first lists come before the first Lattice refresh:
  // both compete for one thread, and Lattice data means nothing to a page
  // until the cluster objects it belongs to are in.
  let latticeStart: NodeJS.Timeout | undefined;
  let latticeStarted = false;
  const startLattice = () => {
    clearTimeout(latticeStart);
    // Also ends the check below, which would otherwise run on every watch event.
    latticeStart = undefined;
    if (latticeStarted) return;
    latticeStarted = true;
    options.lattice.start();
  };
  const clustersListed = () =>
    clusters.every(cluster =>
      Object.values(cluster.sync).every(state => state?.state !== 'pending'),
    );
  listeners.add(change => {
    if (
      change.source === 'kubernetes' &&
      pollLattice &&
      latticeStart &&
      clustersListed()
    ) {
      startLattice();
    }
  });

  return {
    start() {
      unsubscribeLattice ??= options.lattice.onChange(() =>
        notify({ source: 'lattice' }),
      );
      for (const cluster of clusters) cluster.start();
      if (pollLattice && !latticeStarted) {
        latticeStart = setTimeout(
          startLattice,
          options.latticeStartDelayMs ?? LATTICE_START_DELAY_MS,
        );
        if (clustersListed()) startLattice();
      }
    },
    stop() {
      for (const cluster of clusters) cluster.stop();
      clearTimeout(latticeStart);
      latticeStart = undefined;
      if (latticeStarted) options.lattice.stop();
      latticeStarted = false;
      unsubscribeLattice?.();
      unsubscribeLattice = undefined;
    },
    snapshot: () => snapshot,
    wantLatticeDetails: exports => options.lattice.want(exports),
    onChange(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
