/*
 * Which reconciles a change calls for, as the controller's watches and
 * mappers do: a Service change maps to its exports and the routes using it,
 * a Gateway change to every route, a target group appearing in Lattice to
 * the routes whose imports it can serve, and so on. Mappings look up the
 * controller's indexes, so a change costs what it concerns, not the fleet.
 */
import { deepEqual } from '../kube/json';
import {
  GroupResource,
  KubeObject,
  ObjectStore,
  StoreEvent,
} from '../kube/types';
import { LatticeChange } from '../lattice/types';
import {
  ANNOTATIONS,
  RESOURCES,
  ROUTE_KIND_LIST,
  ROUTE_KINDS,
  RouteKind,
  SERVICE_NAME_LABEL,
} from './constants';
import { listServed } from './kubeAccess';
import { SOURCE_TYPE_SERVICE_EXPORT, TAG_KEYS } from './naming';
import type { StoreIndex } from './storeIndex';
import type {
  TaggedTargetGroup,
  TargetGroupChange,
} from './targetGroupCatalog';

export type WorkKind =
  | 'GatewayClass'
  | 'Gateway'
  | RouteKind
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
  upstreamMcs: boolean;
}

const INDEXED: Array<{ kind: WorkKind; resource: GroupResource }> = [
  { kind: 'Gateway', resource: RESOURCES.gateways },
  ...ROUTE_KIND_LIST.map(kind => ({
    kind,
    resource: ROUTE_KINDS[kind].resource,
  })),
];

function routeKindOf(resource: GroupResource): RouteKind | undefined {
  return ROUTE_KIND_LIST.find(kind =>
    sameResource(resource, ROUTE_KINDS[kind].resource),
  );
}

function itemsOf(kind: WorkKind, objects: KubeObject[]): WorkItem[] {
  return objects.map(o => ({
    kind,
    namespace: o.metadata.namespace ?? '',
    name: o.metadata.name,
  }));
}

export function sameResource(a: GroupResource, b: GroupResource): boolean {
  return a.group === b.group && a.plural === b.plural;
}

/**
 * Whether a change can matter to Gateways and routes that use this object:
 * they read its spec, so a write to status or metadata alone cannot.
 */
function specChanged(event: StoreEvent): boolean {
  return (
    event.type !== 'MODIFIED' ||
    !deepEqual(event.previous?.spec, event.object.spec)
  );
}

/** What a route reads of its Gateway: the spec, and whether its services stand alone. */
function gatewayChanged(event: StoreEvent): boolean {
  return (
    specChanged(event) ||
    event.previous?.metadata.annotations?.[ANNOTATIONS.standalone] !==
      event.object.metadata.annotations?.[ANNOTATIONS.standalone]
  );
}

/** What a Gateway reads of a route: its spec, its DNS name annotation, and whether it is going. */
function attachmentChanged(event: StoreEvent): boolean {
  const { previous, object } = event;
  return (
    specChanged(event) ||
    previous?.metadata.annotations?.[ANNOTATIONS.assignedDomainName] !==
      object.metadata.annotations?.[ANNOTATIONS.assignedDomainName] ||
    Boolean(previous?.metadata.deletionTimestamp) !==
      Boolean(object.metadata.deletionTimestamp)
  );
}

/** The names a TargetGroupPolicy targets, before and after the change. */
function policyTargets(event: StoreEvent): string[] {
  const targetName = (policy: KubeObject | undefined) =>
    (policy?.spec as { targetRef?: { name?: string } } | undefined)?.targetRef
      ?.name;
  return [
    ...new Set([targetName(event.previous), targetName(event.object)]),
  ].filter((name): name is string => Boolean(name));
}

export class Watches {
  /** Work keys of the indexed kinds that exist in the store. */
  private readonly indexed = new Map<WorkKind, Map<string, WorkItem>>();

  constructor(
    private readonly store: ObjectStore,
    private readonly index: StoreIndex,
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

  /** Call after the StoreIndex has taken the change in. */
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
    const { index } = this;

    if (is(RESOURCES.customResourceDefinitions)) {
      this.reindex();
      return this.all();
    }
    if (is(RESOURCES.gatewayClasses)) {
      return [
        self('GatewayClass'),
        ...(specChanged(event) ? [...this.gateways(), ...this.routes()] : []),
      ];
    }
    if (is(RESOURCES.gateways))
      return [self('Gateway'), ...(gatewayChanged(event) ? this.routes() : [])];
    const routeKind = routeKindOf(event.resource);
    if (routeKind) {
      return [
        self(routeKind),
        ...(attachmentChanged(event) ? this.gateways() : []),
      ];
    }
    if (is(RESOURCES.serviceImports)) {
      return [
        self('ServiceImport'),
        ...index.routesReferencing('ServiceImport', namespace, metadata.name),
      ];
    }
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
        ...policyTargets(event).flatMap(name =>
          index.routesReferencing('Service', namespace, name),
        ),
      ];
    }
    if (is(RESOURCES.services)) {
      return [
        ...index.exportsBackedBy(namespace, metadata.name),
        ...(this.options.upstreamMcs ? [self('McsServiceExport')] : []),
        ...this.policiesIn(namespace),
        ...index.routesReferencing('Service', namespace, metadata.name),
      ];
    }
    if (is(RESOURCES.endpointSlices)) {
      const serviceName = metadata.labels?.[SERVICE_NAME_LABEL];
      return serviceName
        ? [
            ...index.exportsBackedBy(namespace, serviceName),
            ...index.routesReferencing('Service', namespace, serviceName),
          ]
        : [];
    }
    if (is(RESOURCES.namespaces)) return index.routesIn(metadata.name);
    return [];
  }

  forLatticeChange(change: LatticeChange): WorkItem[] {
    switch (change.kind) {
      case 'serviceNetwork':
        return [...this.gateways(), ...this.routes()];
      case 'service':
        return change.action === 'deleted' && change.name !== undefined
          ? this.index.routesNamed(change.name)
          : [];
      default:
        return [];
    }
  }

  /** A change to one of this controller's own target groups. */
  forOwnTargetGroupChange({
    action,
    targetGroup,
  }: TargetGroupChange): WorkItem[] {
    const owner = this.ownerOfTargetGroup(targetGroup);
    // Any update concerns the owner (used by rules or not, status, retiring); a route needs its own groups back.
    return action === 'updated'
      ? owner
      : owner.filter(item => item.kind !== 'ServiceExport');
  }

  /** Any target group of the account: appearing, going or being retired changes what imports resolve to. */
  forImportedTargetGroupChange({
    action,
    targetGroup,
  }: TargetGroupChange): WorkItem[] {
    const resolvable =
      action !== 'updated' || targetGroup.status === 'DELETE_IN_PROGRESS';
    return resolvable ? this.index.routesImporting(targetGroup) : [];
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
    return ROUTE_KIND_LIST.flatMap(kind => [
      ...this.indexed.get(kind)!.values(),
    ]);
  }

  private gateways(): WorkItem[] {
    return [...this.indexed.get('Gateway')!.values()];
  }

  private policiesIn(namespace: string): WorkItem[] {
    return itemsOf(
      'TargetGroupPolicy',
      listServed(this.store, RESOURCES.targetGroupPolicies, namespace),
    );
  }

  /** The export or route of this cluster a target group belongs to, by its tags. */
  private ownerOfTargetGroup({ tags }: TaggedTargetGroup): WorkItem[] {
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
    if (ROUTE_KIND_LIST.includes(sourceType as RouteKind)) {
      return [
        {
          kind: sourceType as RouteKind,
          namespace: tags[TAG_KEYS.routeNamespace],
          name: tags[TAG_KEYS.routeName],
        },
      ];
    }
    return [];
  }
}
