/*
 * One cluster's simulated AWS Gateway API Controller (v2.1.3 behaviour):
 * watches the cluster's store and the shared Lattice account, queues the
 * objects that need a reconcile, and writes back through the store as the
 * `lattice-controller` field manager, so API clients see real watch events.
 */
import { ObjectStore } from '../kube/types';
import { LatticeState } from '../lattice/types';
import { ControllerContext } from './context';
import { createEventRecorder } from './events';
import { reconcileGateway, reconcileGatewayClass } from './gateways';
import { PeerServices, reconcileMcsServiceExport } from './mcs';
import { managedByValue } from './naming';
import { createWorkQueue, ReconcileOutcome } from './queue';
import { reconcileRoute } from './routes';
import { reconcileServiceExport } from './serviceExports';
import { reconcileServiceImport } from './serviceImports';
import { StoreIndex } from './storeIndex';
import { reconcileTargetGroupPolicy } from './targetGroupPolicies';
import { targetGroupCatalog } from './targetGroupCatalog';
import { parseWorkKey, Watches, WorkItem, workKey } from './watches';

export interface ControllerSimulatorOptions {
  clusterName: string;
  store: ObjectStore;
  lattice: LatticeState;
  accountId: string;
  vpcId: string;
  /** Wait before each reconcile; 0 in tests, a few seconds to watch a demo progress. */
  reconcileDelayMs?: number;
  /** Every object is reconciled again this often. */
  resyncIntervalMs?: number;
  /** Also run a minimal upstream MCS implementation for multicluster.x-k8s.io ServiceExports. */
  upstreamMcs?: boolean;
  /** The same Service in the other clusters, for MCS conflict detection. */
  peerServices?: PeerServices;
  /** Where failed reconciles are reported (they are retried with backoff). */
  log?: (message: string) => void;
}

export interface ControllerSimulator {
  stop(): void;
  /** Resolves when no reconcile is queued or running. */
  idle(): Promise<void>;
  isIdle(): boolean;
}

const DEFAULT_RESYNC_MS = 60_000;

export function startControllerSimulator(
  options: ControllerSimulatorOptions,
): ControllerSimulator {
  const { store, lattice, clusterName, accountId, vpcId } = options;
  const managedBy = managedByValue(accountId, clusterName, vpcId);
  const now = () => new Date();
  const index = new StoreIndex(store);
  const ctx: ControllerContext = {
    clusterName,
    accountId,
    vpcId,
    managedBy,
    store,
    lattice,
    index,
    targetGroups: targetGroupCatalog(lattice),
    events: createEventRecorder(store, index, now),
    now,
  };
  const watches = new Watches(store, index, {
    upstreamMcs: options.upstreamMcs ?? false,
  });
  const peerServices = options.peerServices ?? (() => []);
  const log =
    options.log ?? ((message: string) => process.stderr.write(`${message}\n`));

  const reconcile = ({ kind, namespace, name }: WorkItem): ReconcileOutcome => {
    switch (kind) {
      case 'GatewayClass':
        return reconcileGatewayClass(ctx, name);
      case 'Gateway':
        return reconcileGateway(ctx, namespace, name);
      case 'HTTPRoute':
      case 'GRPCRoute':
      case 'TLSRoute':
        return reconcileRoute(ctx, kind, namespace, name);
      case 'ServiceExport':
        return reconcileServiceExport(ctx, namespace, name);
      case 'ServiceImport':
        return reconcileServiceImport(ctx, namespace, name);
      case 'TargetGroupPolicy':
        return reconcileTargetGroupPolicy(ctx, namespace, name);
      case 'McsServiceExport':
        return reconcileMcsServiceExport(ctx, peerServices, namespace, name);
      default:
        return 'done';
    }
  };

  const queue = createWorkQueue({
    delayMs: options.reconcileDelayMs ?? 0,
    process: key => reconcile(parseWorkKey(key)),
    onError: (key, error) =>
      log(
        `[controller ${clusterName}] reconcile ${key} failed, will retry: ${
          error instanceof Error ? error.message : String(error)
        }`,
      ),
  });
  const enqueue = (items: WorkItem[]) =>
    items.forEach(item => queue.add(workKey(item)));

  const unsubscribeLattice = lattice.subscribe(
    change => enqueue(watches.forLatticeChange(change)),
    ['serviceNetwork', 'service'],
  );
  const unsubscribeOwnTargetGroups = ctx.targetGroups.subscribeOwned(
    managedBy,
    change => enqueue(watches.forOwnTargetGroupChange(change)),
  );
  // Every target group of the account matters only to a cluster that imports, so follow them only then.
  let unsubscribeAllTargetGroups: (() => void) | undefined;
  const followImports = () => {
    if (index.hasImports() && !unsubscribeAllTargetGroups) {
      unsubscribeAllTargetGroups = ctx.targetGroups.subscribe(change =>
        enqueue(watches.forImportedTargetGroupChange(change)),
      );
    } else if (!index.hasImports() && unsubscribeAllTargetGroups) {
      unsubscribeAllTargetGroups();
      unsubscribeAllTargetGroups = undefined;
    }
  };
  followImports();
  const unsubscribeStore = store.subscribeReadOnly(event => {
    index.observe(event);
    followImports();
    enqueue(watches.forStoreEvent(event));
  });
  const resync = setInterval(
    () => enqueue(watches.all()),
    options.resyncIntervalMs ?? DEFAULT_RESYNC_MS,
  );
  resync.unref();
  enqueue(watches.all());

  return {
    stop() {
      clearInterval(resync);
      unsubscribeStore();
      unsubscribeLattice();
      unsubscribeOwnTargetGroups();
      unsubscribeAllTargetGroups?.();
      queue.stop();
    },
    idle: () => queue.idle(),
    isIdle: () => queue.isIdle(),
  };
}

/**
 * Resolves when every controller is idle at once: a reconcile in one cluster
 * can queue work in another (a new target group re-resolves routes).
 */
export async function settleControllers(
  controllers: ReadonlyArray<Pick<ControllerSimulator, 'idle' | 'isIdle'>>,
): Promise<void> {
  do {
    await Promise.all(controllers.map(c => c.idle()));
  } while (!controllers.every(c => c.isIdle()));
}
