/*
 * Which reconciles a change calls for, as the controller's watches and
 * mappers do: a Service change maps to its exports, a Gateway change to every
 * route, a target group appearing in Lattice to every route, and so on.
 * Routes and Gateways are fanned out to often, so their keys are indexed
 * from the change feed instead of listed each time.
 */
import {
  GroupResource,
  KubeObject,
  ObjectStore,
  StoreEvent,
} from '../kube/types';
import { LatticeChange } from '../lattice/types';
import { RESOURCES, SERVICE_NAME_LABEL } from './constants';
import { listServed } from './kubeAccess';
import { SOURCE_TYPE_SERVICE_EXPORT, TAG_KEYS } from './naming';
import { backingServiceName } from './serviceExports';
import { TargetGroupCatalog } from './targetGroupCatalog';

export type WorkKind =
  | 'GatewayClass'
  | 'Gateway'
  | 'HTTPRoute'
  | 'GRPCRoute'
  | 'ServiceExport'
  | 'ServiceImport'
  | 'TargetGroupPolicy'
  | 'McsServiceExport';

export interface WorkItem {
  kind: WorkKind;
  namespace: string;
  name: string;
}

export function workKey(item: WorkItem): string {
  return `${item.kind}|${item.namespace}|${item.name}`;
}

export function parseWorkKey(key: string): WorkItem {
  const [kind, namespace, name] = key.split('|');
  return { kind: kind as WorkKind, namespace, name };
}

export interface WatchOptions {
  managedBy: string;
  upstreamMcs: boolean;
}

const INDEXED: Array<{ kind: WorkKind; resource: GroupResource }> = [
  { kind: 'Gateway', resource: RESOURCES.gateways },
  { kind: 'HTTPRoute', resource: RESOURCES.httpRoutes },
  { kind: 'GRPCRoute', resource: RESOURCES.grpcRoutes },
];

function itemsOf(kind: WorkKind, objects: KubeObject[]): WorkItem[] {
  return objects.map(o => ({
    kind,
    namespace: o.metadata.namespace ?? '',
    name: o.metadata.name,
  }));
}

function sameResource(a: GroupResource, b: GroupResource): boolean {
  return a.group === b.group && a.plural === b.plural;
}

export class Watches {
  /** Work keys of the indexed kinds that exist in the store. */
  private readonly indexed = new Map<WorkKind, Map<string, WorkItem>>();

  constructor(
    private readonly store: ObjectStore,
    private readonly targetGroups: TargetGroupCatalog,
    private readonly options: WatchOptions,
  ) {
    this.reindex();
  }

  /** Everything this controller reconciles, for the first pass and periodic resyncs. */
  all(): WorkItem[] {
    const { store } = this;
    return [
      ...itemsOf('GatewayClass', listServed(store, RESOURCES.gatewayClasses)),
      ...this.gateways(),
      ...itemsOf('ServiceExport', listServed(store, RESOURCES.serviceExports)),
      ...itemsOf('ServiceImport', listServed(store, RESOURCES.serviceImports)),
      ...itemsOf(
        'TargetGroupPolicy',
        listServed(store, RESOURCES.targetGroupPolicies),
      ),
      ...(this.options.upstreamMcs
        ? itemsOf(
            'McsServiceExport',
            listServed(store, RESOURCES.mcsServiceExports),
          )
        : []),
      ...this.routes(),
    ];
  }

  forStoreEvent(event: StoreEvent): WorkItem[] {
    this.observe(event);
    const { metadata } = event.object;
    const namespace = metadata.namespace ?? '';
    const self = (kind: WorkKind): WorkItem => ({
      kind,
      namespace,
      name: metadata.name,
    });
    const is = (resource: GroupResource) =>
      sameResource(event.resource, resource);

    if (is(RESOURCES.customResourceDefinitions)) {
      this.reindex();
      return this.all();
    }
    if (is(RESOURCES.gatewayClasses))
      return [self('GatewayClass'), ...this.gateways(), ...this.routes()];
    if (is(RESOURCES.gateways)) return [self('Gateway'), ...this.routes()];
    if (is(RESOURCES.httpRoutes))
      return [self('HTTPRoute'), ...this.gateways()];
    if (is(RESOURCES.grpcRoutes))
      return [self('GRPCRoute'), ...this.gateways()];
    if (is(RESOURCES.serviceImports))
      return [self('ServiceImport'), ...this.routes()];
    if (is(RESOURCES.serviceExports))
      return [self('ServiceExport'), ...this.policiesIn(namespace)];
    if (is(RESOURCES.mcsServiceExports))
      return this.options.upstreamMcs ? [self('McsServiceExport')] : [];
    if (is(RESOURCES.targetGroupPolicies)) {
      return [
        self('TargetGroupPolicy'),
        ...itemsOf(
          'ServiceExport',
          listServed(this.store, RESOURCES.serviceExports, namespace),
        ),
        ...this.routes(),
      ];
    }
    if (is(RESOURCES.services)) {
      return [
        ...this.exportsBackedBy(namespace, metadata.name),
        ...(this.options.upstreamMcs ? [self('McsServiceExport')] : []),
        ...this.policiesIn(namespace),
        ...this.routes(),
      ];
    }
    if (is(RESOURCES.endpointSlices)) {
      const serviceName = metadata.labels?.[SERVICE_NAME_LABEL];
      return serviceName
        ? [...this.exportsBackedBy(namespace, serviceName), ...this.routes()]
        : [];
    }
    if (is(RESOURCES.namespaces)) return this.routes();
    return [];
  }

  forLatticeChange(change: LatticeChange): WorkItem[] {
    switch (change.kind) {
      case 'serviceNetwork':
        return [...this.gateways(), ...this.routes()];
      case 'service':
        return change.action === 'deleted' ? this.routes() : [];
      case 'targetGroup': {
        if (change.action !== 'updated') return this.routes();
        // It became used or unused by rules, changed status, or is being retired.
        const retiring =
          this.targetGroups.get(change.id)?.status === 'DELETE_IN_PROGRESS';
        return [
          ...this.ownerOfTargetGroup(change.id),
          ...(retiring ? this.routes() : []),
        ];
      }
      default:
        return [];
    }
  }

  private observe(event: StoreEvent): void {
    const entry = INDEXED.find(({ resource }) =>
      sameResource(event.resource, resource),
    );
    if (!entry) return;
    const [item] = itemsOf(entry.kind, [event.object]);
    const keys = this.indexed.get(entry.kind)!;
    if (event.type === 'DELETED') keys.delete(workKey(item));
    else keys.set(workKey(item), item);
  }

  private reindex(): void {
    for (const { kind, resource } of INDEXED) {
      const items = itemsOf(kind, listServed(this.store, resource));
      this.indexed.set(kind, new Map(items.map(item => [workKey(item), item])));
    }
  }

  private routes(): WorkItem[] {
    return [
      ...this.indexed.get('HTTPRoute')!.values(),
      ...this.indexed.get('GRPCRoute')!.values(),
    ];
  }

  private gateways(): WorkItem[] {
    return [...this.indexed.get('Gateway')!.values()];
  }

  private exportsBackedBy(namespace: string, serviceName: string): WorkItem[] {
    return itemsOf(
      'ServiceExport',
      listServed(this.store, RESOURCES.serviceExports, namespace).filter(
        e => backingServiceName(e) === serviceName,
      ),
    );
  }

  private policiesIn(namespace: string): WorkItem[] {
    return itemsOf(
      'TargetGroupPolicy',
      listServed(this.store, RESOURCES.targetGroupPolicies, namespace),
    );
  }

  /** The export or route of this cluster a target group belongs to, by its tags. */
  private ownerOfTargetGroup(id: string): WorkItem[] {
    const tags = this.targetGroups.get(id)?.tags;
    if (!tags || tags[TAG_KEYS.managedBy] !== this.options.managedBy) return [];
    const sourceType = tags[TAG_KEYS.sourceType];
    if (sourceType === SOURCE_TYPE_SERVICE_EXPORT) {
      return [
        {
          kind: 'ServiceExport',
          namespace: tags[TAG_KEYS.serviceNamespace],
          name: tags[TAG_KEYS.serviceName],
        },
      ];
    }
    if (sourceType === 'HTTPRoute' || sourceType === 'GRPCRoute') {
      return [
        {
          kind: sourceType,
          namespace: tags[TAG_KEYS.routeNamespace],
          name: tags[TAG_KEYS.routeName],
        },
      ];
    }
    return [];
  }
}
