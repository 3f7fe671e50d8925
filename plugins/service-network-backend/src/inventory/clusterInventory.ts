/*
 * One cluster's part of the inventory: the indexes status composition reads
 * and the watchers that fill them, one per source the cluster's role needs.
 */
import type { LoggerService } from '@backstage/backend-plugin-api';
import {
  ROUTE_KINDS,
  RouteKindName,
  SyncState,
} from '@service-network/backstage-plugin-service-network-common';
import type { ClusterClient, ClusterDescriptor } from '../clusters/types';
import {
  compactEvent,
  compactGateway,
  compactLatticeServiceExport,
  compactMcsServiceExport,
  compactRoute,
  compactService,
  compactServiceImport,
  Compactor,
} from './compact';
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
  RouteSource,
  ServiceObject,
} from './snapshot';
import { SourceDefinition, WATCHED_SOURCES } from './sources';

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

export class WatchedCluster implements ClusterInventory {
  readonly cluster: ClusterInfo;
  readonly services = new ObjectIndex<ServiceObject>();
  readonly serviceExports = new ServiceExportStore();
  readonly mcsServiceExports = new ObjectIndex<McsServiceExportObject>();
  readonly serviceImports = new ServiceImportStore();
  readonly routes = Object.fromEntries(
    ROUTE_KINDS.map(kind => [kind.kind, new RouteStore()]),
  ) as Record<RouteKindName, RouteStore>;
  readonly gateways = new ObjectIndex<GatewayObject>();
  private readonly events: EventIndex;
  private readonly watchers: SourceWatcher[];

  constructor(options: WatchedClusterOptions) {
    const { config } = options;
    this.cluster = {
      name: config.name,
      role: config.role,
      exportApi: config.serviceExportApi,
    };
    this.events = new EventIndex(options.eventsPerObject);
    const logger = options.logger.child({ cluster: config.name });
    const watcher =
      <T extends KubeObject>(sink: Sink<T>, compact: Compactor<T>) =>
      (source: SourceDefinition): SourceWatcher =>
        new KindWatcher<T>({
          cluster: config.name,
          client: options.client,
          source,
          sink,
          compact,
          timing: options.timing,
          logger,
          onChange: () => options.onChange(source.source),
        });
    const watchers: Record<
      KubeSource,
      (source: SourceDefinition) => SourceWatcher
    > = {
      services: watcher(this.services, compactService),
      serviceexports: watcher(this.serviceExports, compactLatticeServiceExport),
      mcsserviceexports: watcher(
        this.mcsServiceExports,
        compactMcsServiceExport,
      ),
      events: watcher<KubeEvent>(this.events, compactEvent),
      serviceimports: watcher(this.serviceImports, compactServiceImport),
      gateways: watcher(this.gateways, compactGateway),
      ...(Object.fromEntries(
        ROUTE_KINDS.map(kind => [
          kind.plural,
          watcher(this.routes[kind.kind], compactRoute),
        ]),
      ) as Record<RouteSource, (source: SourceDefinition) => SourceWatcher>),
    };
    this.watchers = WATCHED_SOURCES[config.role].map(source =>
      watchers[source.source](source),
    );
  }

  get sync(): Partial<Record<KubeSource, SyncState>> {
    const now = Date.now();
    const states: Partial<Record<KubeSource, SyncState>> = {};
    for (const watcher of this.watchers) {
      const state = watcher.sync(now);
      if (state) states[watcher.source.source] = state;
    }
    return states;
  }

  eventsFor(kind: string, namespace: string, name: string) {
    return this.events.eventsFor(kind, namespace, name);
  }

  start(): void {
    for (const watcher of this.watchers) watcher.start();
  }

  stop(): void {
    for (const watcher of this.watchers) watcher.stop();
  }
}
