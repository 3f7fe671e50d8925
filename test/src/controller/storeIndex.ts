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
  ROUTE_KIND_LIST,
  ROUTE_KINDS,
  RouteKind,
  SERVICE_NAME_LABEL,
} from './constants';
import { KeyIndex } from './keyIndex';
import {
  latticeServiceNameOf,
  SOURCE_TYPE_SERVICE_EXPORT,
  TAG_KEYS,
} from './naming';
import { backendKind, backendNamespace } from './resolve';
import { routeRules } from './routeRules';
import { backingServiceName } from './serviceExports';
import type { TaggedTargetGroup } from './targetGroupCatalog';
import { parseWorkKey, sameResource, WorkItem, workKey } from './watches';

/** What makes Events one series for the recorder: the involved object and what was said, by whom. */
export interface EventSeries {
  namespace: string;
  involvedObject: { kind?: string; name?: string; uid?: string };
  type?: string;
  reason?: string;
  message?: string;
  component?: string;
}

function seriesKey(series: EventSeries): string {
  const { involvedObject: involved } = series;
  return JSON.stringify([
    series.namespace,
    involved.kind,
    involved.name,
    involved.uid,
    series.type,
    series.reason,
    series.message,
    series.component,
  ]);
}

/* Ids and keys are joined, not concatenated, so the many the indexes hold stay flat strings. */

function objectId(object: KubeObject): string {
  return [object.metadata.namespace ?? '', object.metadata.name].join('/');
}

function serviceKey(namespace: string, name: string): string {
  return [namespace, name].join('/');
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

function routeKey(...parts: string[]): string {
  return parts.join(':');
}

/** A route is filed under the backends it references, its namespace and its Lattice service's name. */
function routeKeys(route: KubeObject): string[] {
  const namespace = route.metadata.namespace ?? 'default';
  const backends = routeRules(route)
    .flatMap(rule => rule.backendRefs ?? [])
    .map(ref =>
      routeKey(backendKind(ref), backendNamespace(ref, namespace), ref.name),
    );
  return [
    ...new Set([
      ...backends,
      routeKey('Namespace', namespace),
      routeKey('Lattice', latticeServiceNameOf(route)),
    ]),
  ];
}

/** An annotation could hold a slash and clash, harmlessly: lookups only find candidates. */
function exportKey(namespace: string, name: string, cluster = ''): string {
  return ['export', namespace, name, cluster].join('/');
}

function targetGroupKey(identifier: string): string {
  return ['targetGroup', identifier].join(':');
}

/** An import is filed under the export its target groups are tagged with, in the cluster it is pinned to if it is. */
function importExportKeys(serviceImport: KubeObject): string[] {
  const annotations = serviceImport.metadata.annotations ?? {};
  const exportName =
    annotations[ANNOTATIONS.exportName] || serviceImport.metadata.name;
  return [
    exportKey(
      serviceImport.metadata.namespace ?? 'default',
      exportName,
      annotations[ANNOTATIONS.eksClusterName],
    ),
  ];
}

/** An import naming its target group is filed under that name. */
function importTargetGroupKeys(serviceImport: KubeObject): string[] {
  const arn = serviceImport.metadata.annotations?.[ANNOTATIONS.targetGroupArn];
  return arn ? [targetGroupKey(arn)] : [];
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
  private readonly importsByExport = new KeyIndex();
  private readonly importsByTargetGroup = new KeyIndex();
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
    ...ROUTE_KIND_LIST.map(kind => ({
      resource: ROUTE_KINDS[kind].resource,
      index: this.routes,
      id: routeId(kind),
      keys: routeKeys,
    })),
    {
      resource: RESOURCES.serviceImports,
      index: this.importsByExport,
      id: objectId,
      keys: importExportKeys,
    },
    {
      resource: RESOURCES.serviceImports,
      index: this.importsByTargetGroup,
      id: objectId,
      keys: importTargetGroupKeys,
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
    for (const entry of this.indexed) {
      if (!sameResource(entry.resource, event.resource)) continue;
      const id = entry.id(event.object);
      if (event.type === 'DELETED') entry.index.remove(id);
      else entry.index.file(id, entry.keys(event.object));
    }
  }

  /** The ServiceExports whose backing Service this is. */
  exportsBackedBy(namespace: string, serviceName: string): WorkItem[] {
    return this.exports.get(serviceKey(namespace, serviceName)).map(id => ({
      kind: 'ServiceExport',
      namespace,
      name: id.slice(namespace.length + 1),
    }));
  }

  /** A Service's EndpointSlices in name order, as the store holds them: treat them as read-only. */
  slicesOf(namespace: string, serviceName: string): KubeObject[] {
    const slices: KubeObject[] = [];
    for (const id of this.slices.get(serviceKey(namespace, serviceName))) {
      const slice = this.store.getReadOnly(
        RESOURCES.endpointSlices,
        namespace,
        id.slice(namespace.length + 1),
      );
      if (slice) slices.push(slice);
    }
    return slices.length > 1
      ? slices.sort((a, b) => (a.metadata.name < b.metadata.name ? -1 : 1))
      : slices;
  }

  /** Routes with a backendRef to this Service or ServiceImport. */
  routesReferencing(
    kind: 'Service' | 'ServiceImport',
    namespace: string,
    name: string,
  ): WorkItem[] {
    return this.routeItems(routeKey(kind, namespace, name));
  }

  routesIn(namespace: string): WorkItem[] {
    return this.routeItems(routeKey('Namespace', namespace));
  }

  /** Routes that become (or would become) the Lattice service with this name. */
  routesNamed(latticeServiceName: string): WorkItem[] {
    return this.routeItems(routeKey('Lattice', latticeServiceName));
  }

  hasImports(): boolean {
    return this.importsByExport.size > 0;
  }

  /** Routes whose ServiceImports could resolve to this target group. */
  routesImporting(targetGroup: TaggedTargetGroup): WorkItem[] {
    const { tags } = targetGroup;
    const importIds: string[] = [];
    const collect = (index: KeyIndex, key: string) => {
      for (const id of index.get(key)) importIds.push(id);
    };
    if (tags[TAG_KEYS.sourceType] === SOURCE_TYPE_SERVICE_EXPORT) {
      const namespace = tags[TAG_KEYS.serviceNamespace];
      const name = tags[TAG_KEYS.serviceName];
      collect(this.importsByExport, exportKey(namespace, name));
      collect(
        this.importsByExport,
        exportKey(namespace, name, tags[TAG_KEYS.clusterName]),
      );
    }
    if (this.importsByTargetGroup.size > 0) {
      collect(this.importsByTargetGroup, targetGroupKey(targetGroup.arn));
      collect(this.importsByTargetGroup, targetGroupKey(targetGroup.id));
    }
    if (importIds.length === 0) return [];
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
