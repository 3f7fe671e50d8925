import { KubeObjectManifest } from '@service-network/backstage-plugin-service-network-common';
import { FIELD_MANAGER } from '../clusters/types';
import type { KubeObject } from '../inventory/snapshot';
import { planAgainstCluster } from './planAgainstCluster';

const EXPORT_NAME = 'application-networking.k8s.aws/export-name';
const ENTITY = 'component:default/checkout';

const desiredImport: KubeObjectManifest = {
  apiVersion: 'application-networking.k8s.aws/v1alpha1',
  kind: 'ServiceImport',
  metadata: {
    name: 'checkout-w1',
    namespace: 'shop',
    annotations: { [EXPORT_NAME]: 'checkout' },
  },
  spec: { type: 'ClusterSetIP', ports: [{ port: 80, protocol: 'TCP' }] },
};

const desiredRoute: KubeObjectManifest = {
  apiVersion: 'gateway.networking.k8s.io/v1',
  kind: 'HTTPRoute',
  metadata: {
    name: 'checkout',
    namespace: 'shop',
    annotations: { 'service-network.io/entity-ref': ENTITY },
  },
  spec: {
    hostnames: ['checkout.example.com'],
    rules: [{ backendRefs: [{ name: 'checkout-w1', weight: 1 }] }],
  },
};

/** As the API server serves an object: with managedFields and fields of its own. */
function served(
  object: KubeObjectManifest,
  managers: Array<{
    manager: string;
    fields: Record<string, unknown>;
    subresource?: string;
  }>,
  change: (copy: any) => void = () => {},
): KubeObject {
  const copy: any = structuredClone(object);
  copy.metadata = {
    ...copy.metadata,
    uid: 'uid-1',
    resourceVersion: '42',
    finalizers: ['serviceimport.k8s.aws/resource'],
    managedFields: managers.map(m => ({
      manager: m.manager,
      operation: 'Apply',
      fieldsType: 'FieldsV1',
      fieldsV1: m.fields,
      ...(m.subresource ? { subresource: m.subresource } : {}),
    })),
  };
  change(copy);
  return copy;
}

const importFields = {
  'f:metadata': { 'f:annotations': { [`f:${EXPORT_NAME}`]: {} } },
  'f:spec': { 'f:type': {}, 'f:ports': {} },
};

function compare(
  desired: KubeObjectManifest,
  existing: KubeObject | undefined,
) {
  return planAgainstCluster({
    cluster: 'config',
    desired: [desired],
    existing: [existing],
    entityRef: ENTITY,
  });
}

describe('planAgainstCluster', () => {
  it('creates what the cluster lacks', () => {
    expect(compare(desiredImport, undefined)).toEqual({
      objects: [{ cluster: 'config', object: desiredImport, action: 'create' }],
      problems: [],
    });
  });

  it('shares fields another manager set to the same values, without taking them over', () => {
    const existing = served(desiredImport, [
      { manager: 'fleet-seed', fields: importFields },
    ]);
    expect(compare(desiredImport, existing).objects[0]).toEqual({
      cluster: 'config',
      object: desiredImport,
      action: 'unchanged',
    });
  });

  it('takes over differing fields another manager owns, and lists what changes', () => {
    const existing = served(
      desiredImport,
      [{ manager: 'kubectl', fields: importFields }],
      copy => {
        copy.metadata.annotations[EXPORT_NAME] = 'billing';
      },
    );
    expect(compare(desiredImport, existing).objects[0]).toEqual({
      cluster: 'config',
      object: desiredImport,
      action: 'update',
      changes: [
        {
          path: `metadata.annotations["${EXPORT_NAME}"]`,
          current: 'billing',
          planned: 'checkout',
        },
      ],
      takesOverFrom: [
        {
          manager: 'kubectl',
          paths: [`metadata.annotations["${EXPORT_NAME}"]`],
        },
      ],
    });
  });

  it('changes its own fields without a takeover, and ignores status and the controller annotations', () => {
    const existing = served(
      desiredImport,
      [
        { manager: FIELD_MANAGER, fields: importFields },
        {
          manager: 'gateway-api-controller',
          fields: { 'f:metadata': { 'f:finalizers': {} } },
        },
        {
          manager: 'gateway-api-controller',
          fields: { 'f:spec': { 'f:ports': {} } },
          subresource: 'status',
        },
      ],
      copy => {
        copy.spec.ports = [{ port: 8080, protocol: 'TCP' }];
      },
    );
    const [object] = compare(desiredImport, existing).objects;
    expect(object.action).toBe('update');
    expect(object.changes).toEqual([
      {
        path: 'spec.ports',
        current: [{ port: 8080, protocol: 'TCP' }],
        planned: [{ port: 80, protocol: 'TCP' }],
      },
    ]);
    expect(object.takesOverFrom).toBeUndefined();
  });

  it('records a field the cluster lacks as a change without a current value', () => {
    const existing = served(desiredImport, [], copy => {
      delete copy.metadata.annotations;
    });
    expect(compare(desiredImport, existing).objects[0].changes).toEqual([
      { path: `metadata.annotations["${EXPORT_NAME}"]`, planned: 'checkout' },
    ]);
  });

  it('refuses to repoint a route that serves another entity', () => {
    const existing = served(desiredRoute, [], copy => {
      copy.metadata.annotations['service-network.io/entity-ref'] =
        'component:default/billing';
    });
    expect(compare(desiredRoute, existing).problems).toEqual([
      'HTTPRoute shop/checkout already routes to component:default/billing: choose another route name',
    ]);
  });

  it('refuses to change the custom domain of an existing route, which Lattice cannot do', () => {
    const existing = served(desiredRoute, [], copy => {
      copy.spec.hostnames = ['old.example.com'];
    });
    expect(compare(desiredRoute, existing).problems).toEqual([
      'HTTPRoute shop/checkout has the custom domain old.example.com, which VPC Lattice cannot change: keep it, or delete the route and ask again',
    ]);
  });

  it('refuses a route that is being deleted', () => {
    const existing = served(desiredRoute, [], copy => {
      copy.metadata.deletionTimestamp = '2026-11-21T12:00:00Z';
    });
    expect(compare(desiredRoute, existing).problems).toEqual([
      'HTTPRoute shop/checkout is being deleted: ask again once it is gone',
    ]);
  });
});
