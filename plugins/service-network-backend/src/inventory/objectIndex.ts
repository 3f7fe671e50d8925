/*
 * In-memory indexes of one kind in one cluster: by namespace and name, plus
 * at most one secondary index (buckets keyed by a derived string) for the
 * lookups status composition makes per page view.
 */
import { LATTICE_ANNOTATIONS } from '@service-network/backstage-plugin-service-network-common';
import type {
  KubeObject,
  LatticeServiceExportObject,
  NamespacedIndex,
  RouteIndex,
  RouteObject,
  ServiceExportIndex,
  ServiceImportIndex,
  ServiceImportObject,
} from './snapshot';

/** Where a watcher puts what it lists and watches. */
export interface Sink<T> {
  /** Replaces everything, as after a (re)list. */
  replaceAll(items: readonly T[]): void;
  upsert(item: T): void;
  remove(item: T): void;
}

const NOTHING: Iterable<never> = [];

/** Iterates a map's current values every time it is iterated. */
function valuesOf<T>(map: Map<string, T> | undefined): Iterable<T> {
  return map ? { [Symbol.iterator]: () => map.values() } : NOTHING;
}

function namespaceOf(object: KubeObject): string {
  return object.metadata.namespace ?? '';
}

function idOf(object: KubeObject): string {
  return `${namespaceOf(object)}/${object.metadata.name}`;
}

export class ObjectIndex<T extends KubeObject>
  implements NamespacedIndex<T>, Sink<T>
{
  private namespaces = new Map<string, Map<string, T>>();
  private buckets = new Map<string, Map<string, T>>();

  /** `bucketKeys` names the secondary-index buckets an object belongs to. */
  constructor(private readonly bucketKeys?: (object: T) => readonly string[]) {}

  get(namespace: string, name: string): T | undefined {
    return this.namespaces.get(namespace)?.get(name);
  }

  inNamespace(namespace: string): Iterable<T> {
    return valuesOf(this.namespaces.get(namespace));
  }

  list(): Iterable<T> {
    const namespaces = this.namespaces;
    return {
      *[Symbol.iterator]() {
        for (const objects of namespaces.values()) yield* objects.values();
      },
    };
  }

  get size(): number {
    let size = 0;
    for (const objects of this.namespaces.values()) size += objects.size;
    return size;
  }

  replaceAll(items: readonly T[]): void {
    // New maps, so an iteration in progress elsewhere keeps its consistent view.
    this.namespaces = new Map();
    this.buckets = new Map();
    for (const item of items) this.upsert(item);
  }

  upsert(item: T): void {
    const namespace = namespaceOf(item);
    let objects = this.namespaces.get(namespace);
    if (!objects) {
      objects = new Map();
      this.namespaces.set(namespace, objects);
    }
    const previous = objects.get(item.metadata.name);
    objects.set(item.metadata.name, item);
    if (previous) this.unbucket(previous);
    this.bucket(item);
  }

  remove(item: T): void {
    const namespace = namespaceOf(item);
    const objects = this.namespaces.get(namespace);
    const previous = objects?.get(item.metadata.name);
    if (!objects || !previous) return;
    objects.delete(item.metadata.name);
    if (objects.size === 0) this.namespaces.delete(namespace);
    this.unbucket(previous);
  }

  protected inBucket(key: string): Iterable<T> {
    return valuesOf(this.buckets.get(key));
  }

  private bucket(item: T): void {
    for (const key of this.bucketKeys?.(item) ?? []) {
      let bucket = this.buckets.get(key);
      if (!bucket) {
        bucket = new Map();
        this.buckets.set(key, bucket);
      }
      bucket.set(idOf(item), item);
    }
  }

  private unbucket(item: T): void {
    for (const key of this.bucketKeys?.(item) ?? []) {
      const bucket = this.buckets.get(key);
      bucket?.delete(idOf(item));
      if (bucket?.size === 0) this.buckets.delete(key);
    }
  }
}

export class ServiceExportStore
  extends ObjectIndex<LatticeServiceExportObject>
  implements ServiceExportIndex
{
  constructor() {
    // Only exports pointing at another Service by annotation get a bucket:
    // one per export of a fleet where nearly all are named like their Service
    // cost more memory than any other part of the index.
    super(serviceExport => {
      const named =
        serviceExport.metadata.annotations?.[LATTICE_ANNOTATIONS.serviceName];
      return named && named !== serviceExport.metadata.name
        ? [`${namespaceOf(serviceExport)}/${named}`]
        : [];
    });
  }

  forService(
    namespace: string,
    serviceName: string,
  ): Iterable<LatticeServiceExportObject> {
    const named = this.get(namespace, serviceName);
    const pointing = this.inBucket(`${namespace}/${serviceName}`);
    if (!named) return pointing;
    return {
      *[Symbol.iterator]() {
        yield named;
        yield* pointing;
      },
    };
  }
}

/** The export an import resolves to: its `export-name` annotation, else its own name (facts §1.2). */
export function importedExportName(serviceImport: ServiceImportObject): string {
  return (
    serviceImport.metadata.annotations?.[LATTICE_ANNOTATIONS.exportName] ??
    serviceImport.metadata.name
  );
}

const EXPORT_BUCKET = 'export:';

export class ServiceImportStore
  extends ObjectIndex<ServiceImportObject>
  implements ServiceImportIndex
{
  constructor() {
    // As for exports, only imports renamed by annotation get an export-name bucket.
    super(serviceImport => {
      const keys: string[] = [];
      const arn =
        serviceImport.metadata.annotations?.[
          LATTICE_ANNOTATIONS.targetGroupArn
        ];
      if (arn) keys.push(arn);
      const exportName = importedExportName(serviceImport);
      if (exportName !== serviceImport.metadata.name) {
        keys.push(`${EXPORT_BUCKET}${namespaceOf(serviceImport)}/${exportName}`);
      }
      return keys;
    });
  }

  withTargetGroupArn(arn: string): Iterable<ServiceImportObject> {
    return this.inBucket(arn);
  }

  forExport(namespace: string, exportName: string): ServiceImportObject[] {
    const named = this.get(namespace, exportName);
    return [
      ...(named && importedExportName(named) === exportName ? [named] : []),
      ...this.inBucket(`${EXPORT_BUCKET}${namespace}/${exportName}`),
    ];
  }
}

export class RouteStore extends ObjectIndex<RouteObject> implements RouteIndex {
  constructor() {
    super(route => {
      const namespace = namespaceOf(route);
      const keys = new Set<string>();
      for (const rule of route.spec?.rules ?? []) {
        for (const backend of rule.backendRefs ?? []) {
          keys.add(`${backend.namespace ?? namespace}/${backend.name}`);
        }
      }
      return [...keys];
    });
  }

  byBackend(namespace: string, name: string): Iterable<RouteObject> {
    return this.inBucket(`${namespace}/${name}`);
  }
}
