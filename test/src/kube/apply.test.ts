import { ApplyRequest, serverSideApply } from './apply';
import { thrownKubeApiError } from './__testUtils__/thrown';
import { fromFieldsV1, toFieldsV1 } from './fieldpath';
import { recordUpdate, withTrackedView } from './managedFields';
import type { JSONSchemaProps, KubeObject } from './types';

const SCHEMA: JSONSchemaProps = {
  properties: {
    metadata: {
      properties: { labels: { additionalProperties: { type: 'string' } } },
    },
    spec: {
      properties: {
        ports: {
          type: 'array',
          'x-kubernetes-list-type': 'map',
          'x-kubernetes-list-map-keys': ['port', 'protocol'],
          items: {
            properties: { protocol: { type: 'string', default: 'TCP' } },
          },
        },
        hosts: { type: 'array', 'x-kubernetes-list-type': 'set' },
        selector: { 'x-kubernetes-map-type': 'atomic' },
      },
    },
  },
};

function widget(
  spec: Record<string, unknown>,
  labels?: Record<string, string>,
): KubeObject {
  return {
    apiVersion: 'example.com/v1',
    kind: 'Widget',
    metadata: { name: 'w', ...(labels ? { labels } : {}) },
    spec,
  };
}

/** Applies and returns the object as the store would keep it. */
function apply(
  live: KubeObject | undefined,
  applied: KubeObject,
  manager: string,
  extra: Partial<ApplyRequest> = {},
): KubeObject {
  const { view, managedFields } = serverSideApply({
    live,
    applied,
    schema: SCHEMA,
    scope: 'all',
    manager,
    apiVersion: 'example.com/v1',
    force: false,
    now: extra.now ?? '2025-01-01T00:00:00Z',
    ...extra,
  });
  const object = withTrackedView(
    live ?? { ...applied, metadata: { name: applied.metadata.name } },
    view,
    'all',
  );
  object.metadata.managedFields = managedFields;
  return object;
}

describe('server-side apply', () => {
  it('records what a manager applied, keying list items with defaulted keys', () => {
    const created = apply(
      undefined,
      widget(
        { ports: [{ port: 80, name: 'http' }], hosts: ['a'], replicas: 2 },
        { app: 'w' },
      ),
      'backstage',
    );
    expect(created.metadata.managedFields).toEqual([
      {
        manager: 'backstage',
        operation: 'Apply',
        apiVersion: 'example.com/v1',
        time: '2025-01-01T00:00:00Z',
        fieldsType: 'FieldsV1',
        fieldsV1: {
          'f:metadata': { 'f:labels': { 'f:app': {} } },
          'f:spec': {
            'f:hosts': { 'v:"a"': {} },
            'f:ports': {
              'k:{"port":80,"protocol":"TCP"}': {
                '.': {},
                'f:name': {},
                'f:port': {},
              },
            },
            'f:replicas': {},
          },
        },
      },
    ]);
  });

  it('changes nothing, not even the timestamp, when the same intent is applied again', () => {
    const intent = widget({ ports: [{ port: 80 }], replicas: 2 });
    const created = apply(undefined, intent, 'backstage');
    const again = apply(created, intent, 'backstage', {
      now: '2025-06-01T00:00:00Z',
    });
    expect(again).toEqual(created);
  });

  it('removes fields the manager no longer applies unless someone else owns them', () => {
    const created = apply(
      undefined,
      widget({
        replicas: 2,
        paused: true,
        ports: [{ port: 80 }, { port: 81 }],
      }),
      'backstage',
    );
    const shared = apply(created, widget({ paused: true }), 'other');
    const trimmed = apply(
      shared,
      widget({ ports: [{ port: 80 }] }),
      'backstage',
    );
    expect(trimmed.spec).toEqual({ paused: true, ports: [{ port: 80 }] });
    expect(trimmed.metadata.managedFields?.map(entry => entry.manager)).toEqual(
      ['backstage', 'other'],
    );
  });

  it('refuses fields another manager owns with a different value, listing each, and takes them with force', () => {
    const created = apply(
      undefined,
      widget({ replicas: 2, selector: { app: 'w' } }, { team: 'a' }),
      'backstage',
    );
    const error = thrownKubeApiError(() =>
      apply(
        created,
        widget({ replicas: 3, selector: { app: 'x' } }, { team: 'a' }),
        'kubectl',
      ),
    );
    expect(error.status).toMatchObject({
      code: 409,
      reason: 'Conflict',
      message:
        'Apply failed with 2 conflicts: conflicts with "backstage" using example.com/v1:\n- .spec.replicas\n- .spec.selector',
      details: {
        causes: [
          {
            reason: 'FieldManagerConflict',
            message: 'conflict with "backstage" using example.com/v1',
            field: '.spec.replicas',
          },
          {
            reason: 'FieldManagerConflict',
            message: 'conflict with "backstage" using example.com/v1',
            field: '.spec.selector',
          },
        ],
      },
    });

    const forced = apply(
      created,
      widget({ replicas: 3, selector: { app: 'x' } }, { team: 'a' }),
      'kubectl',
      { force: true },
    );
    expect(forced.spec).toEqual({ replicas: 3, selector: { app: 'x' } });
    const backstage = forced.metadata.managedFields?.find(
      entry => entry.manager === 'backstage',
    );
    expect(backstage?.fieldsV1).toEqual({
      'f:metadata': { 'f:labels': { 'f:team': {} } },
    });
  });

  it('conflicts with fields an update took over, naming the updater and when', () => {
    const created = apply(undefined, widget({ replicas: 2 }), 'backstage');
    const edited: KubeObject = { ...created, spec: { replicas: 5 } };
    edited.metadata = {
      ...created.metadata,
      managedFields: recordUpdate({
        before: created,
        after: edited,
        entries: created.metadata.managedFields,
        schema: SCHEMA,
        identity: {
          manager: 'kubectl-edit',
          operation: 'Update',
          apiVersion: 'example.com/v1',
        },
        scope: 'all',
        now: '2025-02-01T00:00:00Z',
      }),
    };
    expect(edited.metadata.managedFields?.map(entry => entry.manager)).toEqual([
      'kubectl-edit',
    ]);
    const error = thrownKubeApiError(() =>
      apply(edited, widget({ replicas: 2 }), 'backstage'),
    );
    expect(error.message).toBe(
      'Apply failed with 1 conflict: conflict with "kubectl-edit" using example.com/v1 at 2025-02-01T00:00:00Z: .spec.replicas',
    );
  });

  it('leaves status alone when applying to the main resource of a kind with a status subresource', () => {
    const live: KubeObject = {
      ...widget({ replicas: 1 }),
      status: { ready: true },
    };
    const { view } = serverSideApply({
      live,
      applied: { ...widget({ replicas: 1 }), status: { ready: false } },
      schema: SCHEMA,
      scope: 'main',
      manager: 'backstage',
      apiVersion: 'example.com/v1',
      force: false,
      now: '2025-01-01T00:00:00Z',
    });
    expect(withTrackedView(live, view, 'main').status).toEqual({ ready: true });
  });
});

describe('FieldsV1', () => {
  it('round-trips paths, marking owned nodes that have children with "."', () => {
    const fields = {
      'f:metadata': { 'f:labels': { '.': {}, 'f:a': {} } },
      'f:spec': { 'f:ports': { 'k:{"port":80}': { '.': {}, 'f:port': {} } } },
    };
    expect(toFieldsV1(fromFieldsV1(fields))).toEqual(fields);
  });
});
