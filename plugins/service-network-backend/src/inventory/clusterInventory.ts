/*
 * One cluster's part of the inventory: the indexes status composition reads
 * and the watchers that fill them, one per source the cluster's role and
 * providers need.
 */
import type { LoggerService } from '@backstage/backend-plugin-api';
import {
  ROUTE_KINDS,
  RouteKindName,
  SyncState,
} from '@service-network/backstage-plugin-service-network-common';
import type { ClusterClient, ClusterDescriptor } from '../clusters/types';
import { primaryFamily } from '../providers/registry';
import { EventIndex } from './eventIndex';
import { KindWatcher, WatchTiming } from './kindWatcher';
import {
  ObjectIndex,
  RouteStore,
  ServiceExportStore,
  ServiceImportStore,
  Sink,
} from './objectIndex';
import type {
  ClusterInfo,
  ClusterInventory,
  GatewayObject,
  KubeEvent,
  KubeObject,
  KubeSource,
  McsServiceExportObject,
  NamespacedIndex,
  RouteIndex,
  ServiceExportIndex,
  ServiceImportIndex,
  ServiceObject,
} from './snapshot';
import { sourcesFor } from './sources';

export interface WatchedClusterOptions {
  config: ClusterDescriptor;
  client: ClusterClient;
  timing: WatchTiming;
  /** Events kept per object, newest first. */
  eventsPerObject: number;
  logger: LoggerService;
  onChange(source: KubeSource): void;
}

type SourceWatcher = Pick<
  KindWatcher<KubeObject>,
  'source' | 'sync' | 'start' | 'stop'
>;

const NO_EVENTS: readonly KubeEvent[] = [];

export class WatchedCluster implements ClusterInventory {
  readonly cluster: ClusterInfo;
  readonly services: NamespacedIndex<ServiceObject>;
  readonly serviceExports: ServiceExportIndex;
  readonly mcsServiceExports: NamespacedIndex<McsServiceExportObject>;
  readonly serviceImports: ServiceImportIndex;
  readonly routes: Readonly<Record<RouteKindName, RouteIndex>>;
  readonly gateways: NamespacedIndex<GatewayObject>;
  private readonly indexes = new Map<string, Sink<KubeObject>>();
  private readonly watchers: SourceWatcher[];

  constructor(options: WatchedClusterOptions) {
    const { config } = options;
    this.cluster = {
      name: config.name,
      role: config.role,
      exportApi: primaryFamily(config.providers),
      providers: config.providers,
    };
    const logger = options.logger.child({ cluster: config.name });
    this.watchers = sourcesFor(config).map(source => {
      const sink = source.createIndex({
        eventsPerObject: options.eventsPerObject,
      });
      this.indexes.set(source.source, sink);
      return new KindWatcher<KubeObject>({
        cluster: config.name,
        client: options.client,
        source,
        sink,
        compact: source.compact,
        timing: options.timing,
        logger,
        onChange: () => options.onChange(source.source),
      });
    });
    // Kinds not watched here read as empty, as a cluster that holds none.
    this.services = this.index('services') ?? new ObjectIndex();
    this.serviceExports =
      this.index('serviceexports') ?? new ServiceExportStore();
    this.mcsServiceExports =
      this.index('mcsserviceexports') ?? new ObjectIndex();
    this.serviceImports =
      this.index('serviceimports') ?? new ServiceImportStore();
    this.routes = Object.fromEntries(
      ROUTE_KINDS.map(kind => [
        kind.kind,
        this.index<RouteIndex>(kind.plural) ?? new RouteStore(),
      ]),
    ) as Record<RouteKindName, RouteIndex>;
    this.gateways = this.index('gateways') ?? new ObjectIndex();
  }

  index<I>(source: string): I | undefined {
    return this.indexes.get(source) as I | undefined;
  }

  get sync(): Record<KubeSource, SyncState> {
    const now = Date.now();
    const states: Record<KubeSource, SyncState> = {};
    for (const watcher of this.watchers) {
      const state = watcher.sync(now);
      if (state) states[watcher.source.source] = state;
    }
    return states;
  }

  eventsFor(kind: string, namespace: string, name: string) {
    return (
      this.index<EventIndex>('events')?.eventsFor(kind, namespace, name) ??
      NO_EVENTS
    );
  }

  start(): void {
    for (const watcher of this.watchers) watcher.start();
  }

  stop(): void {
    for (const watcher of this.watchers) watcher.stop();
  }
}
