/*
 * The resources a cluster serves: the built-in kinds plus whatever the
 * installed CustomResourceDefinitions add, with O(1) lookups by
 * group/version/plural, by apiVersion/kind and by group/plural.
 */
import { readDottedField, SelectableFields } from './selectors';
import {
  applyDefaults,
  NameRule,
  pruneUnknownFields,
  unknownFieldPaths,
  validateObject,
} from './schema';
import { OBJECT_META_STRUCTURE } from './builtins';
import type { SchemaNode } from './structure';
import { hasRules, validateRules } from './cel/validator';
import type {
  FieldCause,
  GroupResource,
  JSONSchemaProps,
  KubeObject,
  ResourceType,
} from './types';

/** Everything the store needs to know to keep objects of one group+plural. */
export interface ResourceDefinition {
  resource: GroupResource;
  kind: string;
  namespaced: boolean;
  statusSubresource: boolean;
  storageVersion: string;
  /** One per served version. */
  types: ResourceType[];
  /** Defined by a CustomResourceDefinition (strategic merge patch is refused for these). */
  custom: boolean;
  nameRule: NameRule;
  selectableFields: SelectableFields;
  /** Whether metadata.generation counts changes (custom resources and CRDs; Services do not). */
  tracksGeneration: boolean;
  /** Seconds a delete waits for (pods): the object is only marked, unless 0. */
  gracePeriod?(object: KubeObject, requested: number | undefined): number;
  /** Structure hints (list types, merge keys) for apply and strategic merge patch. */
  structure(version: string): SchemaNode;
  /** Prunes unknown fields of an applied configuration, as decoding does. */
  prune(object: KubeObject): void;
  /** The fields pruning would drop, for fieldValidation (Warn and Strict). */
  unknownFields(object: KubeObject): string[];
  /** Completes a written object as the server does: pruning, defaults, allocated values. */
  normalize(object: KubeObject, previous: KubeObject | undefined): void;
  /** Kind-specific causes for refusing the object (metadata is checked separately). */
  validate(object: KubeObject): FieldCause[];
  /** Whether the object's schema has x-kubernetes-validations (CEL) rules. Custom resources only. */
  hasRules?(object: KubeObject): boolean;
  /** The causes of its x-kubernetes-validations rules; `previous` on updates. */
  validateRules?(
    object: KubeObject,
    previous: KubeObject | undefined,
  ): FieldCause[];
}

const resourceKeys = new WeakMap<GroupResource, string>();

/** Every store operation looks its resource up by this key; the same few resource objects come back all the time. */
export function groupResourceKey(resource: GroupResource): string {
  let key = resourceKeys.get(resource);
  if (key === undefined) {
    key = `${resource.plural}.${resource.group}`;
    resourceKeys.set(resource, key);
  }
  return key;
}

export function apiVersionOf(group: string, version: string): string {
  return group ? `${group}/${version}` : version;
}

export function splitApiVersion(apiVersion: string): {
  group: string;
  version: string;
} {
  const slash = apiVersion.indexOf('/');
  return slash < 0
    ? { group: '', version: apiVersion }
    : {
        group: apiVersion.slice(0, slash),
        version: apiVersion.slice(slash + 1),
      };
}

function withObjectMeta(schema: SchemaNode): SchemaNode {
  return {
    ...schema,
    properties: { ...schema?.properties, metadata: OBJECT_META_STRUCTURE },
  };
}

/** The definition of a custom resource: its behaviour comes from the version schemas. */
export function customResourceDefinition(
  types: ResourceType[],
): ResourceDefinition {
  const [first] = types;
  const schemas = new Map(
    types.map(type => [
      type.version,
      type.schema as JSONSchemaProps | undefined,
    ]),
  );
  const structures = new Map(
    types.map(type => [
      type.version,
      withObjectMeta(schemas.get(type.version)),
    ]),
  );
  const schemaOf = (object: KubeObject) =>
    schemas.get(splitApiVersion(object.apiVersion).version) ??
    schemas.get(first.storageVersion);
  const fieldNames = first.namespaced
    ? ['metadata.name', 'metadata.namespace']
    : ['metadata.name'];
  return {
    resource: { group: first.group, plural: first.plural },
    kind: first.kind,
    namespaced: first.namespaced,
    statusSubresource: first.statusSubresource,
    storageVersion: first.storageVersion,
    types,
    custom: true,
    nameRule: 'dns1123Subdomain',
    selectableFields: {
      names: fieldNames,
      value: readDottedField,
      custom: true,
    },
    tracksGeneration: true,
    structure: version =>
      structures.get(version) ?? structures.get(first.storageVersion),
    prune(object) {
      const schema = schemaOf(object);
      if (schema) pruneUnknownFields(schema, object);
    },
    unknownFields(object) {
      const schema = schemaOf(object);
      return schema ? unknownFieldPaths(schema, object) : [];
    },
    normalize(object) {
      const schema = schemaOf(object);
      if (schema) {
        pruneUnknownFields(schema, object);
        applyDefaults(schema, object);
      }
    },
    validate(object) {
      const schema = schemaOf(object);
      return schema ? validateObject(schema, object) : [];
    },
    hasRules(object) {
      const schema = schemaOf(object);
      return schema !== undefined && hasRules(schema);
    },
    validateRules(object, previous) {
      const schema = schemaOf(object);
      return schema ? validateRules(schema, object, previous) : [];
    },
  };
}

export class ResourceRegistry {
  private readonly definitions = new Map<string, ResourceDefinition>();
  private readonly byVersion = new Map<string, ResourceType>();
  private readonly byKind = new Map<string, ResourceType>();

  register(definition: ResourceDefinition): void {
    this.unregister(definition.resource);
    this.definitions.set(groupResourceKey(definition.resource), definition);
    for (const type of definition.types) {
      this.byVersion.set(`${type.group}/${type.version}/${type.plural}`, type);
      this.byKind.set(
        `${apiVersionOf(type.group, type.version)}/${type.kind}`,
        type,
      );
    }
  }

  unregister(resource: GroupResource): void {
    const key = groupResourceKey(resource);
    const existing = this.definitions.get(key);
    if (!existing) return;
    this.definitions.delete(key);
    for (const type of existing.types) {
      this.byVersion.delete(`${type.group}/${type.version}/${type.plural}`);
      this.byKind.delete(
        `${apiVersionOf(type.group, type.version)}/${type.kind}`,
      );
    }
  }

  definition(resource: GroupResource): ResourceDefinition | undefined {
    return this.definitions.get(groupResourceKey(resource));
  }

  all(): ResourceDefinition[] {
    return [...this.definitions.values()];
  }

  type(
    group: string,
    version: string,
    plural: string,
  ): ResourceType | undefined {
    return this.byVersion.get(`${group}/${version}/${plural}`);
  }

  typeForKind(apiVersion: string, kind: string): ResourceType | undefined {
    return this.byKind.get(`${apiVersion}/${kind}`);
  }

  types(): ResourceType[] {
    return [...this.byVersion.values()];
  }
}
