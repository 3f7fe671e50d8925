import { thrownKubeApiError } from './__testUtils__/thrown';
import {
  applyJsonPatch,
  applyMergePatch,
  applyStrategicMergePatch,
  parseJsonPatch,
} from './patch';
import type { JSONSchemaProps } from './types';

describe('JSON merge patch (RFC 7386)', () => {
  it('merges maps, deletes nulls, replaces lists and leaves the target untouched', () => {
    const target = { a: { b: 1, c: 2 }, list: [1, 2], keep: true };
    expect(
      applyMergePatch(target, { a: { b: null, d: 3 }, list: [3] }),
    ).toEqual({
      a: { c: 2, d: 3 },
      list: [3],
      keep: true,
    });
    expect(target).toEqual({ a: { b: 1, c: 2 }, list: [1, 2], keep: true });
  });

  it('follows the RFC examples for non-object patches and targets', () => {
    expect(applyMergePatch({ a: 'b' }, ['c'])).toEqual(['c']);
    expect(applyMergePatch(['a'], { a: 'b' })).toEqual({ a: 'b' });
    expect(applyMergePatch({ e: null }, { a: 1 })).toEqual({ e: null, a: 1 });
  });
});

describe('JSON patch (RFC 6902)', () => {
  const document = { metadata: { labels: { a: '1' } }, list: ['x', 'y'] };

  it('applies add, remove, replace, move, copy and test', () => {
    const result = applyJsonPatch(
      document,
      parseJsonPatch([
        { op: 'test', path: '/metadata/labels/a', value: '1' },
        { op: 'add', path: '/list/-', value: 'z' },
        { op: 'add', path: '/list/0', value: 'w' },
        { op: 'replace', path: '/metadata/labels/a', value: '2' },
        { op: 'copy', from: '/metadata/labels/a', path: '/metadata/labels/b' },
        { op: 'move', from: '/list/1', path: '/moved' },
        { op: 'remove', path: '/list/0' },
        { op: 'add', path: '/metadata/labels/c~1d', value: 'slash' },
      ]),
    );
    expect(result).toEqual({
      metadata: { labels: { a: '2', b: '2', 'c/d': 'slash' } },
      list: ['y', 'z'],
      moved: 'x',
    });
    expect(document.list).toEqual(['x', 'y']);
  });

  it('answers 422 as a real server does when an operation does not apply', () => {
    const failedTest = thrownKubeApiError(() =>
      applyJsonPatch(document, [
        { op: 'test', path: '/list/0', value: 'nope' },
      ]),
    );
    expect(failedTest.status).toMatchObject({
      code: 422,
      reason: 'Invalid',
      details: {
        causes: [
          {
            reason: 'UnexpectedServerResponse',
            message: 'testing value /list/0 failed: test failed',
          },
        ],
      },
    });
    expect(
      thrownKubeApiError(() =>
        applyJsonPatch(document, [{ op: 'remove', path: '/missing' }]),
      ).code,
    ).toBe(422);
    expect(
      thrownKubeApiError(() =>
        applyJsonPatch(document, [{ op: 'replace', path: '/a/b', value: 1 }]),
      ).code,
    ).toBe(422);
  });

  it('answers 400 to a body that is not a patch', () => {
    expect(thrownKubeApiError(() => parseJsonPatch({ op: 'add' })).code).toBe(
      400,
    );
    expect(
      thrownKubeApiError(() =>
        parseJsonPatch([{ op: 'frobnicate', path: '/' }]),
      ).code,
    ).toBe(400);
  });
});

describe('strategic merge patch', () => {
  const schema: JSONSchemaProps = {
    properties: {
      metadata: {
        properties: {
          finalizers: { type: 'array', 'x-kubernetes-patch-strategy': 'merge' },
        },
      },
      spec: {
        properties: {
          ports: {
            type: 'array',
            'x-kubernetes-patch-strategy': 'merge',
            'x-kubernetes-patch-merge-key': 'port',
          },
        },
      },
    },
  };
  const service = {
    metadata: { finalizers: ['a'] },
    spec: {
      ports: [
        { port: 80, name: 'http' },
        { port: 443, name: 'https' },
      ],
      selector: { app: 'web' },
    },
  };

  it('merges keyed lists by key and primitive lists by value', () => {
    const result = applyStrategicMergePatch(
      service,
      {
        metadata: { finalizers: ['b'] },
        spec: { ports: [{ port: 80, targetPort: 8080 }, { port: 8443 }] },
      },
      schema,
    );
    expect(result).toEqual({
      metadata: { finalizers: ['a', 'b'] },
      spec: {
        ports: [
          { port: 80, name: 'http', targetPort: 8080 },
          { port: 443, name: 'https' },
          { port: 8443 },
        ],
        selector: { app: 'web' },
      },
    });
  });

  it('honours $patch, $deleteFromPrimitiveList and $setElementOrder directives', () => {
    const result = applyStrategicMergePatch(
      service,
      {
        metadata: { '$deleteFromPrimitiveList/finalizers': ['a'] },
        spec: {
          ports: [{ port: 443, $patch: 'delete' }, { port: 9090 }],
          '$setElementOrder/ports': [{ port: 9090 }, { port: 80 }],
          selector: { $patch: 'replace', tier: 'front' },
        },
      },
      schema,
    );
    expect(result).toEqual({
      metadata: { finalizers: [] },
      spec: {
        ports: [{ port: 9090 }, { port: 80, name: 'http' }],
        selector: { tier: 'front' },
      },
    });
  });

  it('replaces lists the schema does not mark for merging', () => {
    expect(
      applyStrategicMergePatch(
        { spec: { other: [1, 2] } },
        { spec: { other: [3] } },
        schema,
      ),
    ).toEqual({
      spec: { other: [3] },
    });
  });
});
