import { KINDS } from '@service-network/backstage-plugin-service-network-common';
import { resourceTypesFromCrd, validateCrd } from './crd';
import { loadProjectCrds } from './crdManifests';
import type { KubeObject } from './types';

function widgetCrd(
  overrides: { spec?: Record<string, unknown>; name?: string } = {},
): KubeObject {
  return {
    apiVersion: 'apiextensions.k8s.io/v1',
    kind: 'CustomResourceDefinition',
    metadata: { name: overrides.name ?? 'widgets.example.com' },
    spec: {
      group: 'example.com',
      names: { kind: 'Widget', plural: 'widgets' },
      scope: 'Namespaced',
      versions: [
        {
          name: 'v1beta1',
          served: true,
          storage: false,
          schema: { openAPIV3Schema: { type: 'object' } },
        },
        {
          name: 'v1',
          served: true,
          storage: true,
          subresources: { status: {} },
          schema: {
            openAPIV3Schema: {
              type: 'object',
              properties: { spec: { type: 'object' } },
            },
          },
        },
        {
          name: 'v1alpha1',
          served: false,
          storage: false,
          schema: { openAPIV3Schema: { type: 'object' } },
        },
      ],
      ...overrides.spec,
    },
  };
}

const fields = (crd: KubeObject) =>
  validateCrd(crd).map(cause => `${cause.field}: ${cause.message}`);

describe('validateCrd', () => {
  it('accepts a well-formed definition', () => {
    expect(validateCrd(widgetCrd())).toEqual([]);
  });

  it('requires the name to be <plural>.<group>', () => {
    expect(fields(widgetCrd({ name: 'widget.example.com' }))).toEqual([
      'metadata.name: Invalid value: "widget.example.com": must be spec.names.plural+"."+spec.group',
    ]);
  });

  it('requires exactly one storage version', () => {
    const versions = (storage: boolean[]) =>
      storage.map((flag, index) => ({
        name: `v${index + 1}`,
        served: true,
        storage: flag,
        schema: { openAPIV3Schema: { type: 'object' } },
      }));
    expect(
      fields(widgetCrd({ spec: { versions: versions([false, false]) } })),
    ).toEqual([
      'spec.versions: Invalid value: "v1,v2": must have exactly one version marked as storage version',
    ]);
    expect(
      fields(widgetCrd({ spec: { versions: versions([true, true]) } })),
    ).toHaveLength(1);
    expect(fields(widgetCrd({ spec: { versions: [] } }))).toEqual([
      'spec.versions: Required value: must have at least one version',
    ]);
  });

  it('checks group, scope and names', () => {
    expect(
      fields(
        widgetCrd({ spec: { group: 'example' }, name: 'widgets.example' }),
      ),
    ).toEqual([
      'spec.group: Invalid value: "example": should be a domain with at least one dot',
    ]);
    expect(fields(widgetCrd({ spec: { scope: 'Global' } }))).toEqual([
      'spec.scope: Unsupported value: "Global": supported values: "Cluster", "Namespaced"',
    ]);
    expect(
      fields(widgetCrd({ spec: { names: { plural: 'widgets' } } })),
    ).toEqual(['spec.names.kind: Required value']);
    expect(
      validateCrd(
        widgetCrd({ spec: { names: { kind: 'Widget', plural: 'Widgets' } } }),
      )[0].field,
    ).toBe('spec.names.plural');
    expect(
      validateCrd(
        widgetCrd({
          spec: {
            names: { kind: 'Widget', listKind: 'Widget', plural: 'widgets' },
          },
        }),
      )[0].message,
    ).toBe('Invalid value: "Widget": kind and listKind may not be the same');
  });

  it('requires a structural object schema for every version, with patterns that compile', () => {
    const version = (schema: unknown) => [
      { name: 'v1', served: true, storage: true, schema },
    ];
    expect(
      fields(widgetCrd({ spec: { versions: version(undefined) } })),
    ).toEqual([
      'spec.versions[0].schema.openAPIV3Schema: Required value: schemas are required',
    ]);
    expect(
      fields(
        widgetCrd({
          spec: { versions: version({ openAPIV3Schema: { type: 'string' } }) },
        }),
      ),
    ).toEqual([
      'spec.versions[0].schema.openAPIV3Schema.type: Invalid value: "string": must be object at the root',
    ]);
    const badPattern = {
      openAPIV3Schema: {
        type: 'object',
        properties: {
          spec: {
            type: 'object',
            properties: { x: { type: 'string', pattern: '([a-z]' } },
          },
        },
      },
    };
    expect(
      validateCrd(widgetCrd({ spec: { versions: version(badPattern) } }))[0]
        .field,
    ).toBe(
      'spec.versions[0].schema.openAPIV3Schema.properties[spec].properties[x].pattern',
    );
  });

  it('refuses other kinds of objects', () => {
    const crd = { ...widgetCrd(), apiVersion: 'apiextensions.k8s.io/v1beta1' };
    expect(fields(crd)).toEqual([
      'apiVersion: Unsupported value: "apiextensions.k8s.io/v1beta1": supported values: "apiextensions.k8s.io/v1"',
    ]);
  });
});

describe('resourceTypesFromCrd', () => {
  it('serves one resource type per served version, with defaulted names', () => {
    const types = resourceTypesFromCrd(widgetCrd());
    expect(types.map(type => type.version)).toEqual(['v1beta1', 'v1']);
    expect(types[1]).toEqual({
      group: 'example.com',
      version: 'v1',
      plural: 'widgets',
      singular: 'widget',
      kind: 'Widget',
      listKind: 'WidgetList',
      namespaced: true,
      verbs: 'delete deletecollection get list patch create update watch'.split(
        ' ',
      ),
      statusSubresource: true,
      storageVersion: 'v1',
      schema: { type: 'object', properties: { spec: { type: 'object' } } },
      custom: true,
    });
    expect(types[0].statusSubresource).toBe(false);
    expect(types[0].storageVersion).toBe('v1');
  });
});

describe('the project CRDs', () => {
  const crds = loadProjectCrds();

  it('are one per kind the product reads beyond the built-in ones, all valid definitions', () => {
    // The product's own list of kinds (KINDS) decides which CRDs the simulated clusters need.
    const builtInGroups = ['', 'discovery.k8s.io'];
    const customKinds = Object.values(KINDS)
      .filter(kind => !builtInGroups.includes(kind.group))
      .map(kind => `${kind.plural}.${kind.group}`);
    expect(crds.map(crd => crd.metadata.name).sort()).toEqual(
      [...new Set(customKinds)].sort(),
    );
    for (const crd of crds)
      expect({ name: crd.metadata.name, causes: validateCrd(crd) }).toEqual({
        name: crd.metadata.name,
        causes: [],
      });
  });

  it('serve the kinds, versions and subresources the controller and the product use', () => {
    const summary = crds
      .flatMap(resourceTypesFromCrd)
      .map(type =>
        [
          `${type.plural}.${type.group}/${type.version}`,
          type.kind,
          type.namespaced ? 'Namespaced' : 'Cluster',
          `storage=${type.storageVersion}`,
          type.statusSubresource ? 'status' : 'no-status',
          (type.shortNames ?? []).join(','),
        ].join(' '),
      );
    expect(summary.sort()).toEqual(
      [
        'serviceexports.application-networking.k8s.aws/v1alpha1 ServiceExport Namespaced storage=v1alpha1 no-status ',
        'serviceimports.application-networking.k8s.aws/v1alpha1 ServiceImport Namespaced storage=v1alpha1 no-status ',
        'targetgrouppolicies.application-networking.k8s.aws/v1alpha1 TargetGroupPolicy Namespaced storage=v1alpha1 status tgp',
        'serviceexports.multicluster.x-k8s.io/v1alpha1 ServiceExport Namespaced storage=v1beta1 status svcex,svcexport',
        'serviceexports.multicluster.x-k8s.io/v1beta1 ServiceExport Namespaced storage=v1beta1 status svcex,svcexport',
        'serviceimports.multicluster.x-k8s.io/v1alpha1 ServiceImport Namespaced storage=v1beta1 status svcim,svcimport',
        'serviceimports.multicluster.x-k8s.io/v1beta1 ServiceImport Namespaced storage=v1beta1 status svcim,svcimport',
        'gatewayclasses.gateway.networking.k8s.io/v1 GatewayClass Cluster storage=v1 status gc',
        'gatewayclasses.gateway.networking.k8s.io/v1beta1 GatewayClass Cluster storage=v1 status gc',
        'gateways.gateway.networking.k8s.io/v1 Gateway Namespaced storage=v1 status gtw',
        'gateways.gateway.networking.k8s.io/v1beta1 Gateway Namespaced storage=v1 status gtw',
        'httproutes.gateway.networking.k8s.io/v1 HTTPRoute Namespaced storage=v1 status ',
        'httproutes.gateway.networking.k8s.io/v1beta1 HTTPRoute Namespaced storage=v1 status ',
        'grpcroutes.gateway.networking.k8s.io/v1 GRPCRoute Namespaced storage=v1 status ',
        'tlsroutes.gateway.networking.k8s.io/v1 TLSRoute Namespaced storage=v1 status ',
        'serviceexports.net.gke.io/v1 ServiceExport Namespaced storage=v1 status ',
        'serviceimports.net.gke.io/v1 ServiceImport Namespaced storage=v1 status ',
        'multiclusterservices.networking.gke.io/v1 MultiClusterService Namespaced storage=v1 status mcs',
        'multiclusteringresses.networking.gke.io/v1 MultiClusterIngress Namespaced storage=v1 status mci',
      ].sort(),
    );
  });
});
