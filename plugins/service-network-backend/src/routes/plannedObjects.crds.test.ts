/*
 * Every object the planner writes is valid for the CRDs the simulated
 * clusters install and for the real upstream CRDs, and already carries every
 * default those CRDs would fill in (so the cluster's copy equals the plan).
 */
import {
  applyDefaults,
  JSONSchemaProps,
  KubeObject,
  loadCrdsFromDir,
  loadProjectCrds,
  referenceCrdsDir,
  validateObject,
} from '@service-network/simulated-fleet';
import {
  KubeObjectManifest,
  RouteRequestCreate,
} from '@service-network/backstage-plugin-service-network-common';
import {
  GRPC_REQUEST,
  HTTP_REQUEST,
  planBody,
} from './__testUtils__/plannerFleet';
import { loadGatewayApiValidator } from './gatewayApiValidator';

interface Crd {
  spec: {
    group: string;
    names: { kind: string };
    versions: Array<{
      name: string;
      schema?: { openAPIV3Schema: JSONSchemaProps };
    }>;
  };
}

function schemaFor(
  crds: KubeObject[],
  object: KubeObjectManifest,
): JSONSchemaProps {
  const [group, version] = object.apiVersion.split('/');
  const crd = (crds as unknown as Crd[]).find(
    c => c.spec?.group === group && c.spec.names.kind === object.kind,
  );
  const schema = crd?.spec.versions.find(v => v.name === version)?.schema
    ?.openAPIV3Schema;
  if (!schema)
    throw new Error(`No CRD schema for ${object.apiVersion} ${object.kind}`);
  return schema;
}

const REQUESTS: Record<string, RouteRequestCreate> = {
  'an HTTP route to two clusters': HTTP_REQUEST,
  'an HTTP route with path, headers, method and hostname': {
    ...HTTP_REQUEST,
    listener: 'https',
    hostname: 'checkout.example.com',
    match: {
      path: { type: 'Exact', value: '/orders/%7Bid%7D' },
      headers: [
        { name: 'x-tenant', value: 'blue' },
        { name: 'x-canary', value: 'yes' },
      ],
      method: 'PUT',
    },
  },
  'a gRPC route to a method': GRPC_REQUEST,
  'a gRPC route to a whole service': {
    ...GRPC_REQUEST,
    match: { service: 'shop.v1.Checkout' },
  },
  'a gRPC route matching everything': { ...GRPC_REQUEST, match: undefined },
};

const crdSets: Array<[string, () => KubeObject[]]> = [
  ['the simulated clusters’ CRDs', loadProjectCrds],
];
const reference = referenceCrdsDir();
if (reference) {
  crdSets.push(['the real upstream CRDs', () => loadCrdsFromDir(reference)]);
} else {
  // eslint-disable-next-line no-console
  console.log(
    'Skipping the real-CRD checks: ../shared/reference/crds is not beside the repository',
  );
}

describe.each(crdSets)('planned objects against %s', (_label, load) => {
  const crds = load();

  it.each(Object.entries(REQUESTS))(
    '%s validates and needs no defaults',
    async (_what, body) => {
      const planned = planBody(body, {
        validateGatewayApi: await loadGatewayApiValidator(),
      });
      expect(planned.problems).toEqual([]);
      for (const object of planned.objects) {
        const schema = schemaFor(crds, object);
        expect({
          object: object.metadata.name,
          causes: validateObject(schema, object),
        }).toEqual({
          object: object.metadata.name,
          causes: [],
        });
        const defaulted = structuredClone(object);
        applyDefaults(schema, defaulted);
        expect(defaulted).toEqual(object);
      }
    },
  );
});
