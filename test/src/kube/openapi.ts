/*
 * Just enough OpenAPI v3 for kubectl: the /openapi/v3 index and one document
 * per group/version whose PATCH operations declare the fieldValidation query
 * parameter. kubectl reads that to leave validation to the server instead of
 * downloading schemas; without it `kubectl apply` refuses to run.
 */
import { createHash } from 'node:crypto';
import { typesIn } from './discovery';
import { apiVersionOf } from './registry';
import type { ResourceType } from './types';

function groupVersionPath(group: string, version: string): string {
  return group ? `apis/${group}/${version}` : `api/${version}`;
}

export function openApiIndex(types: readonly ResourceType[]) {
  const paths: Record<string, { serverRelativeURL: string }> = {};
  const groupVersions = new Map(
    types.map(({ group, version }) => [
      groupVersionPath(group, version),
      { group, version },
    ]),
  );
  for (const [path, { group, version }] of groupVersions) {
    const document = openApiGroupVersion(types, group, version);
    const hash = createHash('sha512')
      .update(JSON.stringify(document))
      .digest('hex')
      .toUpperCase();
    paths[path] = { serverRelativeURL: `/openapi/v3/${path}?hash=${hash}` };
  }
  return { paths };
}

const PATCH_PARAMETERS = [
  'dryRun',
  'fieldManager',
  'fieldValidation',
  'force',
].map(name => ({
  name,
  in: 'query',
  schema: { type: name === 'force' ? 'boolean' : 'string', uniqueItems: true },
}));

export function openApiGroupVersion(
  types: readonly ResourceType[],
  group: string,
  version: string,
) {
  const served = typesIn(types, group, version);
  if (served.length === 0) return undefined;
  const paths: Record<string, unknown> = {};
  for (const type of served) {
    const scope = type.namespaced ? 'namespaces/{namespace}/' : '';
    const path = `/${groupVersionPath(group, version)}/${scope}${
      type.plural
    }/{name}`;
    paths[path] = {
      patch: {
        operationId: `patch${type.namespaced ? 'Namespaced' : ''}${type.kind}`,
        parameters: PATCH_PARAMETERS,
        responses: { '200': { description: 'OK' } },
        'x-kubernetes-action': 'patch',
        'x-kubernetes-group-version-kind': { group, version, kind: type.kind },
      },
    };
  }
  return {
    openapi: '3.0.0',
    info: { title: 'Kubernetes', version: apiVersionOf(group, version) },
    paths,
    components: { schemas: {} },
  };
}
