import { thrownKubeApiError } from './__testUtils__/thrown';
import {
  compileSelectors,
  parseFieldSelector,
  parseLabelSelector,
  readDottedField,
  SelectableFields,
} from './selectors';
import type { KubeObject } from './types';

const EVENT_FIELDS: SelectableFields = {
  names: [
    'metadata.name',
    'metadata.namespace',
    'involvedObject.kind',
    'reason',
  ],
  value: readDottedField,
  custom: false,
};

function labelled(labels?: Record<string, string>): KubeObject {
  return { apiVersion: 'v1', kind: 'Service', metadata: { name: 'x', labels } };
}

function selects(
  labelSelector: string,
  labels?: Record<string, string>,
): boolean {
  return compileSelectors({ labelSelector }, EVENT_FIELDS)(labelled(labels));
}

function badRequestMessage(run: () => unknown): string {
  const error = thrownKubeApiError(run);
  expect(error.code).toBe(400);
  return error.message;
}

describe('label selectors', () => {
  it('parses every operator', () => {
    expect(
      parseLabelSelector('a=1, b==2,c!=3,d in (x, y),e notin (z),f,!g'),
    ).toEqual([
      { key: 'a', operator: '=', values: ['1'] },
      { key: 'b', operator: '=', values: ['2'] },
      { key: 'c', operator: '!=', values: ['3'] },
      { key: 'd', operator: 'in', values: ['x', 'y'] },
      { key: 'e', operator: 'notin', values: ['z'] },
      { key: 'f', operator: 'exists', values: [] },
      { key: 'g', operator: '!exists', values: [] },
    ]);
    expect(parseLabelSelector('')).toEqual([]);
  });

  it('matches as a real server does, including absent labels', () => {
    expect(selects('app=web', { app: 'web' })).toBe(true);
    expect(selects('app=web', { app: 'db' })).toBe(false);
    expect(selects('app!=web', {})).toBe(true);
    expect(selects('tier in (a,b)', { tier: 'b' })).toBe(true);
    expect(selects('tier notin (a,b)', undefined)).toBe(true);
    expect(selects('tier notin (a,b)', { tier: 'a' })).toBe(false);
    expect(selects('app,!legacy', { app: '', legacy: 'x' })).toBe(false);
    expect(
      selects('app.kubernetes.io/name=web', {
        'app.kubernetes.io/name': 'web',
      }),
    ).toBe(true);
    expect(selects('app=', { app: '' })).toBe(true);
  });

  it('refuses malformed selectors with 400', () => {
    expect(badRequestMessage(() => parseLabelSelector('a in b'))).toMatch(
      /^unable to parse requirement/,
    );
    expect(badRequestMessage(() => parseLabelSelector('a=b c'))).toMatch(
      /^unable to parse requirement/,
    );
    expect(badRequestMessage(() => parseLabelSelector('-bad=1'))).toMatch(
      /key: Invalid value: "-bad"/,
    );
    expect(badRequestMessage(() => parseLabelSelector('a=no good'))).toMatch(
      /unable to parse requirement/,
    );
  });
});

describe('field selectors', () => {
  const event: KubeObject = {
    apiVersion: 'v1',
    kind: 'Event',
    metadata: { name: 'checkout.1', namespace: 'shop' },
    involvedObject: { kind: 'ServiceExport', name: 'checkout' },
    reason: 'FailedBuildModel',
  };

  it('parses =, == and != with escapes', () => {
    expect(parseFieldSelector('metadata.name==a\\,b,reason!=x')).toEqual([
      { field: 'metadata.name', operator: '=', value: 'a,b' },
      { field: 'reason', operator: '!=', value: 'x' },
    ]);
  });

  it('matches nested fields and treats absent ones as empty', () => {
    const matches = (fieldSelector: string) =>
      compileSelectors({ fieldSelector }, EVENT_FIELDS)(event);
    expect(
      matches('involvedObject.kind=ServiceExport,reason=FailedBuildModel'),
    ).toBe(true);
    expect(matches('involvedObject.kind=Service')).toBe(false);
    expect(matches('metadata.namespace!=shop')).toBe(false);
  });

  it('refuses fields the resource does not support, worded per kind of resource', () => {
    expect(
      badRequestMessage(() =>
        compileSelectors({ fieldSelector: 'spec.x=1' }, EVENT_FIELDS),
      ),
    ).toBe('field label not supported: spec.x');
    const custom: SelectableFields = {
      names: ['metadata.name', 'metadata.namespace'],
      value: readDottedField,
      custom: true,
    };
    expect(
      badRequestMessage(() =>
        compileSelectors({ fieldSelector: 'spec.x=1' }, custom),
      ),
    ).toBe(
      '"spec.x" is not a known field selector: only "metadata.name", "metadata.namespace"',
    );
    expect(badRequestMessage(() => parseFieldSelector('nonsense'))).toBe(
      "invalid selector: 'nonsense'; can't understand 'nonsense'",
    );
  });
});
