/*
 * The controller's indexes over one cluster's store, kept current from the
 * store's change feed as client-go informers keep their indexers: which
 * exports a Service backs, a Service's EndpointSlices, which routes a change
 * to an import, a Service, a namespace or a Lattice service concerns, which
 * imports a target group can serve, and Events by series. Watch mappings and
 * reconciles look things up here instead of listing whole kinds.
 */
import {
  GroupResource,
  KubeObject,
  ObjectStore,
  StoreEvent,
} from '../kube/types';
import {
  ANNOTATIONS,
  RESOURCES,
  ROUTE_KINDS,
  RouteKind,
  SERVICE_NAME_LABEL,
} from './constants';
import { KeyIndex } from './keyIndex';
import { latticeServiceNameOf, SOURCE_TYPE_SERVICE_EXPORT, TAG_KEYS } from './naming';
import { backendKind, backendNamespace } from './resolve';
import { routeRules } from './routeRules';
import { backingServiceName } from './serviceExports';
import type { TaggedTargetGroup } from './targetGroupCatalog';
import { parseWorkKey, WorkItem, workKey } from './watches';

/** What makes Events one series for the recorder: the involved object and what was said, by whom. */
export interface EventSeries {
  namespace: string;
  involvedObject: { kind?: string; name?: string; uid?: string };
  type?: string;
  reason?: string;
  message?: string;
  component?: string;
}

export function seriesKey(series: EventSeries): string {
  const { involvedObject: involved } = series;
  return JSON.stringify([
    series.namespace,
    involved.kind,
    involved.name,
    involved.uid ?? null,
    series.type,
    series.reason,
    series.message,
    series.component,
  ]);
}

function objectId(object: KubeObject): string {
  return `${object.metadata.namespace ?? ''}/${object.metadata.name}`;
}

function serviceKey(namespace: string, name: string): string {
  return `${namespace}/${name}`;
}

function exportKeys(serviceExport: KubeObject): string[] {
  const namespace = serviceExport.metadata.namespace ?? 'default';
  return [serviceKey(namespace, backingServiceName(serviceExport))];
}

function sliceKeys(slice: KubeObject): string[] {
  const serviceName = slice.metadata.labels?.[SERVICE_NAME_LABEL];
  return serviceName
    ? [serviceKey(slice.metadata.namespace ?? 'default', serviceName)]
    : [];
}

/** A route is filed under the backends it references, its namespace and its Lattice service's name. */
function routeKeys(route: KubeObject): string[] {
  const namespace = route.metadata.namespace ?? 'default';
  const backends = routeRules(route)
    .flatMap(rule => rule.backendRefs ?? [])
    .map(
      ref =>
        `${backendKind(ref)}:${serviceKey(
          backendNamespace(ref, namespace),
          ref.name,
        )}`,
    );
  return [
    ...new Set([
      ...backends,
      `Namespace:${namespace}`,
      `Lattice:${latticeServiceNameOf(route)}`,
    ]),
  ];
}

/** Names cannot hold a slash, so only the cluster (last) could, harmlessly: lookups only find candidates. */
function exportKey(namespace: string, name: string, cluster = ''): string {
  return `export:${namespace}/${name}/${cluster}`;
}

/**
 * An import is filed under the export its target groups are tagged with (in
 * the cluster it is pinned to, if it is), and any target group it names.
 */
function importKeys(serviceImport: KubeObject): string[] {
  const annotations = serviceImport.metadata.annotations ?? {};
  const namespace = serviceImport.metadata.namespace ?? 'default';
  const exportName =
    annotations[ANNOTATIONS.exportName] || serviceImport.metadata.name;
  const arn = annotations[ANNOTATIONS.targetGroupArn];
  return [
    exportKey(namespace, exportName, annotations[ANNOTATIONS.eksClusterName]),
    ...(arn ? [`targetGroup:${arn}`] : []),
  ];
}

function eventKeys(event: KubeObject): string[] {
  const involvedObject = event.involvedObject as
    | EventSeries['involvedObject']
    | undefined;
  if (!involvedObject) return [];
  return [
    seriesKey({
      namespace: event.metadata.namespace ?? 'default',
      involvedObject,
      type: event.type as string | undefined,
      reason: event.reason as string | undefined,
      message: event.message as string | undefined,
      component: (event.source as { component?: string } | undefined)
        ?.component,
    }),
  ];
}

interface Indexed {
  resource: GroupResource;
  index: KeyIndex;
  /** The id an object is filed by. */
  id(object: KubeObject): string;
  keys(object: KubeObject): string[];
}

function sameResource(a: GroupResource, b: GroupResource): boolean {
  return a.group === b.group && a.plural === b.plural;
}

function routeId(kind: RouteKind) {
  return (route: KubeObject) =>
    workKey({
      kind,
      namespace: route.metadata.namespace ?? '',
      name: route.metadata.name,
    });
}

export class StoreIndex {
  private readonly exports = new KeyIndex();
  private readonly slices = new KeyIndex();
  private readonly routes = new KeyIndex();
  private readonly imports = new KeyIndex();
  private readonly events = new KeyIndex();
  private readonly indexed: Indexed[] = [
    {
      resource: RESOURCES.serviceExports,
      index: this.exports,
      id: objectId,
      keys: exportKeys,
    },
    {
      resource: RESOURCES.endpointSlices,
      index: this.slices,
      id: objectId,
      keys: sliceKeys,
    },
    ...(Object.keys(ROUTE_KINDS) as RouteKind[]).map(kind => ({
      resource: ROUTE_KINDS[kind].resource,
      index: this.routes,
      id: routeId(kind),
      keys: routeKeys,
    })),
    {
      resource: RESOURCES.serviceImports,
      index: this.imports,
      id: objectId,
      keys: importKeys,
    },
    {
      resource: RESOURCES.events,
      index: this.events,
      id: objectId,
      keys: eventKeys,
    },
  ];

  constructor(private readonly store: ObjectStore) {
    for (const entry of this.indexed) {
      if (!store.serves(entry.resource)) continue;
      for (const object of store.listReadOnly(entry.resource))
        entry.index.file(entry.id(object), entry.keys(object));
    }
  }

  /** Takes in one change; call before anything reads the index on its account. */
  observe(event: StoreEvent): void {
    const entry = this.indexed.find(({ resource }) =>
      sameResource(resource, event.resource),
    );
    if (!entry) return;
    const id = entry.id(event.object);
    if (event.type === 'DELETED') entry.index.remove(id);
    else entry.index.file(id, entry.keys(event.object));
  }

  /** The ServiceExports whose backing Service this is. */
  exportsBackedBy(namespace: string, serviceName: string): WorkItem[] {
    return this.exports
      .get(serviceKey(namespace, serviceName))
      .map(id => ({
        kind: 'ServiceExport',
        namespace,
        name: id.slice(namespace.length + 1),
      }));
  }

  /** A Service's EndpointSlices in name order, as the store holds them: treat them as read-only. */
  slicesOf(namespace: string, serviceName: string): KubeObject[] {
    return this.slices
      .get(serviceKey(namespace, serviceName))
      .sort()
      .flatMap(id => {
        const slice = this.store.getReadOnly(
          RESOURCES.endpointSlices,
          namespace,
          id.slice(namespace.length + 1),
        );
        return slice ? [slice] : [];
      });
  }

  /** Routes with a backendRef to this Service or ServiceImport. */
  routesReferencing(
    kind: 'Service' | 'ServiceImport',
    namespace: string,
    name: string,
  ): WorkItem[] {
    return this.routeItems(`${kind}:${serviceKey(namespace, name)}`);
  }

  routesIn(namespace: string): WorkItem[] {
    return this.routeItems(`Namespace:${namespace}`);
  }

  /** Routes that become (or would become) the Lattice service with this name. */
  routesNamed(latticeServiceName: string): WorkItem[] {
    return this.routeItems(`Lattice:${latticeServiceName}`);
  }

  hasImports(): boolean {
    return this.imports.size > 0;
  }

  /** Routes whose ServiceImports could resolve to this target group. */
  routesImporting(targetGroup: TaggedTargetGroup): WorkItem[] {
    const { tags } = targetGroup;
    const exported = (cluster?: string) =>
      this.imports.get(
        exportKey(
          tags[TAG_KEYS.serviceNamespace],
          tags[TAG_KEYS.serviceName],
          cluster,
        ),
      );
    const importIds = [
      ...(tags[TAG_KEYS.sourceType] === SOURCE_TYPE_SERVICE_EXPORT
        ? [...exported(), ...exported(tags[TAG_KEYS.clusterName])]
        : []),
      ...this.imports.get(`targetGroup:${targetGroup.arn}`),
      ...this.imports.get(`targetGroup:${targetGroup.id}`),
    ];
    const routes = new Map<string, WorkItem>();
    for (const id of importIds) {
      const slash = id.indexOf('/');
      for (const item of this.routesReferencing(
        'ServiceImport',
        id.slice(0, slash),
        id.slice(slash + 1),
      ))
        routes.set(workKey(item), item);
    }
    return [...routes.values()];
  }

  /** The first Event of a series, by name, as the store holds it: treat it as read-only. */
  eventInSeries(series: EventSeries): KubeObject | undefined {
    const [first] = this.events.get(seriesKey(series)).sort();
    return first === undefined
      ? undefined
      : this.store.getReadOnly(
          RESOURCES.events,
          series.namespace,
          first.slice(series.namespace.length + 1),
        );
  }

  private routeItems(key: string): WorkItem[] {
    return this.routes.get(key).map(parseWorkKey);
  }
}
