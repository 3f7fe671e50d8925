/*
 * Our own OpenAPI definitions of the built-in kinds the simulated clusters
 * serve, named as the API server names them. The OpenAPI documents publish
 * them with their references; the store uses them resolved (references
 * inlined) for the structure of writes, pruning and field validation.
 */
import type { JSONSchemaProps } from '../types';
import { ACCESS_DEFINITIONS } from './access';
import { APPS_AND_EXTENSIONS_DEFINITIONS } from './apps';
import { CORE_DEFINITIONS } from './core';
import type { Definitions, Schema } from './dsl';
import { META_DEFINITIONS } from './meta';

export type { Definitions, Schema } from './dsl';

export const BUILTIN_DEFINITIONS: Definitions = {
  ...META_DEFINITIONS,
  ...CORE_DEFINITIONS,
  ...APPS_AND_EXTENSIONS_DEFINITIONS,
  ...ACCESS_DEFINITIONS,
};

const byKind = new Map<string, string>();
for (const [name, schema] of Object.entries(BUILTIN_DEFINITIONS)) {
  for (const entry of schema['x-kubernetes-group-version-kind'] ?? []) {
    byKind.set(`${entry.group}/${entry.version}/${entry.kind}`, name);
  }
}

/** The definition name of a built-in kind, e.g. io.k8s.api.core.v1.Service. */
export function builtinDefinitionName(
  group: string,
  version: string,
  kind: string,
): string | undefined {
  return byKind.get(`${group}/${version}/${kind}`);
}

/** The definitions a schema refers to, directly or not (itself included when named). */
export function referencedDefinitions(
  roots: readonly string[],
  definitions: Definitions = BUILTIN_DEFINITIONS,
): string[] {
  const found = new Set<string>();
  const visit = (schema: Schema | boolean | undefined) => {
    if (!schema || typeof schema !== 'object') return;
    if (schema.$ref && !found.has(schema.$ref)) {
      found.add(schema.$ref);
      visit(definitions[schema.$ref]);
    }
    schema.allOf?.forEach(visit);
    visit(schema.items);
    visit(schema.additionalProperties);
    Object.values(schema.properties ?? {}).forEach(visit);
  };
  for (const root of roots) visit({ $ref: root });
  return [...found].sort();
}

const resolved = new Map<string, JSONSchemaProps>();

function inline(schema: Schema): JSONSchemaProps {
  const { $ref, allOf, properties, items, additionalProperties, ...rest } =
    schema;
  const base: JSONSchemaProps = $ref ? resolveDefinition($ref) : {};
  const [only] = allOf ?? [];
  const wrapped = allOf?.length === 1 && only.$ref ? inline(only) : undefined;
  const node: JSONSchemaProps = {
    ...base,
    ...wrapped,
    ...(rest as JSONSchemaProps),
  };
  delete (node as Schema)['x-kubernetes-group-version-kind'];
  if (properties) {
    node.properties = Object.fromEntries(
      Object.entries(properties).map(([key, value]) => [key, inline(value)]),
    );
  }
  if (items) node.items = inline(items);
  if (additionalProperties !== undefined) {
    node.additionalProperties =
      typeof additionalProperties === 'object'
        ? inline(additionalProperties)
        : additionalProperties;
  }
  if (allOf && !wrapped) node.allOf = allOf.map(inline);
  return node;
}

/** A definition with every reference inlined, as the validation code reads schemas. */
export function resolveDefinition(name: string): JSONSchemaProps {
  let schema = resolved.get(name);
  if (!schema) {
    const definition = BUILTIN_DEFINITIONS[name];
    if (!definition) throw new Error(`No built-in definition ${name}`);
    schema = inline(definition);
    resolved.set(name, schema);
  }
  return schema;
}
