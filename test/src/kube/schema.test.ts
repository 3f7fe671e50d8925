import {
  applyDefaults,
  compilePattern,
  pruneUnknownFields,
  unsupportedSchemaFeatures,
  validateObject,
  nameRuleErrors,
} from './schema';
import type { JSONSchemaProps } from './types';

/** A resource schema whose spec is the given node. */
function withSpec(spec: JSONSchemaProps): JSONSchemaProps {
  return {
    type: 'object',
    properties: {
      apiVersion: { type: 'string' },
      kind: { type: 'string' },
      metadata: { type: 'object' },
      spec,
    },
  };
}

function specCauses(spec: JSONSchemaProps, value: unknown) {
  return validateObject(withSpec(spec), {
    apiVersion: 'x/v1',
    kind: 'X',
    metadata: { name: 'x' },
    spec: value,
  });
}

const field = (name: string, schema: JSONSchemaProps): JSONSchemaProps => ({
  type: 'object',
  properties: { [name]: schema },
});

/** An HTTPRoute-like schema with defaults at several levels. */
const route = withSpec({
  type: 'object',
  properties: {
    rules: {
      type: 'array',
      default: [{ matches: [{ path: { type: 'PathPrefix', value: '/' } }] }],
      items: {
        type: 'object',
        properties: {
          matches: {
            type: 'array',
            items: {
              type: 'object',
              properties: {
                path: {
                  type: 'object',
                  default: { type: 'PathPrefix' },
                  properties: {
                    type: {
                      type: 'string',
                      default: 'PathPrefix',
                      enum: ['Exact', 'PathPrefix'],
                    },
                    value: { type: 'string', default: '/' },
                  },
                },
              },
            },
          },
          backendRefs: {
            type: 'array',
            items: {
              type: 'object',
              properties: {
                kind: { type: 'string', default: 'Service' },
                weight: { type: 'integer', default: 1 },
              },
            },
          },
        },
      },
    },
    tls: {
      type: 'object',
      properties: { mode: { type: 'string', default: 'Terminate' } },
    },
    options: {
      type: 'object',
      additionalProperties: {
        type: 'object',
        properties: { enabled: { type: 'boolean', default: true } },
      },
    },
  },
});

describe('validateObject', () => {
  it('reports a wrong JSON type with the type the value has', () => {
    expect(
      specCauses(field('x', { type: 'integer' }), { x: 'eighty' }),
    ).toEqual([
      {
        reason: 'FieldValueTypeInvalid',
        field: 'spec.x',
        message:
          'Invalid value: "string": spec.x in body must be of type integer: "string"',
      },
    ]);
    expect(
      specCauses(field('x', { type: 'object' }), { x: [] })[0].message,
    ).toBe(
      'Invalid value: "array": spec.x in body must be of type object: "array"',
    );
    expect(
      specCauses(field('x', { type: 'boolean' }), { x: 'true' })[0].reason,
    ).toBe('FieldValueTypeInvalid');
  });

  it('tells integers from numbers, and accepts integers where numbers are allowed', () => {
    expect(
      specCauses(field('x', { type: 'integer' }), { x: 1.5 })[0].message,
    ).toBe(
      'Invalid value: "number": spec.x in body must be of type integer: "number"',
    );
    expect(specCauses(field('x', { type: 'number' }), { x: 3 })).toEqual([]);
    expect(specCauses(field('x', { type: 'integer' }), { x: 3 })).toEqual([]);
  });

  it('keeps int32 values in range', () => {
    const schema = field('port', { type: 'integer', format: 'int32' });
    expect(specCauses(schema, { port: 2147483647 })).toEqual([]);
    expect(specCauses(schema, { port: 2147483648 })).toEqual([
      {
        reason: 'FieldValueInvalid',
        field: 'spec.port',
        message:
          'Invalid value: 2147483648: Checked value must be of type integer with format int32 in spec.port',
      },
    ]);
    expect(
      specCauses(field('n', { type: 'integer', format: 'int64' }), {
        n: 2147483648,
      }),
    ).toEqual([]);
  });

  it('lists the supported values of an enum', () => {
    const schema = field('routeType', {
      type: 'string',
      enum: ['HTTP', 'GRPC', 'TLS'],
    });
    expect(specCauses(schema, { routeType: 'FOO' })).toEqual([
      {
        reason: 'FieldValueNotSupported',
        field: 'spec.routeType',
        message:
          'Unsupported value: "FOO": supported values: "HTTP", "GRPC", "TLS"',
      },
    ]);
    expect(
      specCauses(field('n', { type: 'integer', enum: [1, 2] }), { n: 3 })[0]
        .message,
    ).toBe('Unsupported value: 3: supported values: "1", "2"');
  });

  it('reports each missing required field at its own path', () => {
    const schema: JSONSchemaProps = {
      type: 'object',
      required: ['type', 'ports'],
      properties: { type: { type: 'string' } },
    };
    expect(specCauses(schema, { type: 'ClusterSetIP' })).toEqual([
      {
        reason: 'FieldValueRequired',
        field: 'spec.ports',
        message: 'Required value',
      },
    ]);
    expect(specCauses(schema, {}).map(cause => cause.field)).toEqual([
      'spec.type',
      'spec.ports',
    ]);
  });

  it('accepts null only where the schema is nullable', () => {
    expect(
      specCauses(field('x', { type: 'string', nullable: true }), { x: null }),
    ).toEqual([]);
    expect(
      specCauses(field('x', { type: 'string' }), { x: null })[0].message,
    ).toBe(
      'Invalid value: "null": spec.x in body must be of type string: "null"',
    );
  });

  it('checks inclusive and exclusive bounds', () => {
    const weight = field('weight', {
      type: 'integer',
      minimum: 0,
      maximum: 1000000,
    });
    expect(specCauses(weight, { weight: 1000000 })).toEqual([]);
    expect(specCauses(weight, { weight: 1000001 })).toEqual([
      {
        reason: 'FieldValueInvalid',
        field: 'spec.weight',
        message:
          'Invalid value: 1000001: spec.weight in body should be less than or equal to 1000000',
      },
    ]);
    expect(specCauses(weight, { weight: -1 })[0].message).toBe(
      'Invalid value: -1: spec.weight in body should be greater than or equal to 0',
    );
    const exclusive = field('x', {
      type: 'number',
      minimum: 0,
      exclusiveMinimum: true,
      maximum: 1,
      exclusiveMaximum: true,
    });
    expect(specCauses(exclusive, { x: 0 })[0].message).toBe(
      'Invalid value: 0: spec.x in body should be greater than 0',
    );
    expect(specCauses(exclusive, { x: 1 })[0].message).toBe(
      'Invalid value: 1: spec.x in body should be less than 1',
    );
    expect(specCauses(exclusive, { x: 0.5 })).toEqual([]);
  });

  it('prints fractional values and their bounds as Go does', () => {
    expect(
      specCauses(field('x', { type: 'number', maximum: 1000000 }), {
        x: 1000000.5,
      })[0].message,
    ).toBe(
      'Invalid value: 1.0000005e+06: spec.x in body should be less than or equal to 1e+06',
    );
    expect(
      specCauses(field('x', { type: 'number', multipleOf: 0.5 }), {
        x: 0.25,
      })[0].message,
    ).toBe('Invalid value: 0.25: spec.x in body should be a multiple of 0.5');
  });

  it('measures string length in characters, with the too-long cause the server gives', () => {
    const name = field('name', { type: 'string', minLength: 1, maxLength: 3 });
    expect(specCauses(name, { name: 'abcd' })).toEqual([
      {
        reason: 'FieldValueTooLong',
        field: 'spec.name',
        message: 'Too long: may not be more than 3 bytes',
      },
    ]);
    expect(specCauses(name, { name: '😀😀😀' })).toEqual([]);
    expect(specCauses(name, { name: '' })[0].message).toBe(
      'Invalid value: "": spec.name in body should be at least 1 chars long',
    );
  });

  it('matches patterns from Gateway API CRDs', () => {
    const hostname = field('hostname', {
      type: 'string',
      pattern:
        '^(\\*\\.)?[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$',
    });
    expect(specCauses(hostname, { hostname: '*.example.com' })).toEqual([]);
    expect(specCauses(hostname, { hostname: 'Example.com' })).toEqual([
      {
        reason: 'FieldValueInvalid',
        field: 'spec.hostname',
        message:
          'Invalid value: "Example.com": spec.hostname in body should match \'^(\\*\\.)?[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$\'',
      },
    ]);
    const header = field('name', {
      type: 'string',
      pattern: "^[A-Za-z0-9!#$%&'*+\\-.^_\\x60|~]+$",
    });
    expect(specCauses(header, { name: 'x-canary`' })).toEqual([]);
    expect(specCauses(header, { name: 'bad header' })).toHaveLength(1);
  });

  it('reports a pattern that cannot compile instead of throwing', () => {
    expect(compilePattern('([a-z]').error).toBeDefined();
    expect(compilePattern('(?i)^abc$').regex?.test('ABC')).toBe(true);
    expect(
      specCauses(field('x', { type: 'string', pattern: '([a-z]' }), {
        x: 'a',
      })[0].message,
    ).toMatch(
      /^Invalid value: "a": spec.x in body should match '\(\[a-z\], but pattern is invalid: /,
    );
  });

  it('counts items and properties', () => {
    const list = field('refs', {
      type: 'array',
      minItems: 1,
      maxItems: 2,
      items: { type: 'string' },
    });
    expect(specCauses(list, { refs: ['a', 'b', 'c'] })).toEqual([
      {
        reason: 'FieldValueTooMany',
        field: 'spec.refs',
        message: 'Too many: 3: must have at most 2 items',
      },
    ]);
    expect(specCauses(list, { refs: [] })[0].message).toBe(
      'Invalid value: 0: spec.refs in body should have at least 1 items',
    );
    const map = field('options', {
      type: 'object',
      minProperties: 1,
      maxProperties: 2,
      additionalProperties: { type: 'string' },
    });
    expect(specCauses(map, { options: { a: '1', b: '2', c: '3' } })).toEqual([
      {
        reason: 'FieldValueTooMany',
        field: 'spec.options',
        message: 'Too many: 3: must have at most 2 items',
      },
    ]);
    expect(specCauses(map, { options: {} })[0].message).toBe(
      'Invalid value: 0: spec.options in body should have at least 1 properties',
    );
  });

  it('rejects repeated items when uniqueItems is set', () => {
    const list = field('ids', {
      type: 'array',
      uniqueItems: true,
      items: { type: 'object' },
    });
    expect(
      specCauses(list, {
        ids: [
          { a: 1, b: 2 },
          { b: 2, a: 1 },
        ],
      }),
    ).toEqual([
      {
        reason: 'FieldValueInvalid',
        field: 'spec.ids',
        message: `Invalid value: "": spec.ids in body shouldn't contain duplicates`,
      },
    ]);
  });

  it('validates map values against additionalProperties, or forbids them', () => {
    const labels = field('labels', {
      type: 'object',
      additionalProperties: { type: 'string', maxLength: 5 },
    });
    expect(specCauses(labels, { labels: { team: 'payments' } })).toEqual([
      {
        reason: 'FieldValueTooLong',
        field: 'spec.labels.team',
        message: 'Too long: may not be more than 5 bytes',
      },
    ]);
    const closed: JSONSchemaProps = {
      type: 'object',
      additionalProperties: false,
      properties: { a: { type: 'string' } },
    };
    expect(specCauses(closed, { a: 'x', b: 'y' })).toEqual([
      {
        reason: 'FieldValueInvalid',
        field: 'spec',
        message: 'Invalid value: "b": spec.b in body is a forbidden property',
      },
    ]);
  });

  it('accepts an integer or a string for x-kubernetes-int-or-string', () => {
    const port = field('port', { 'x-kubernetes-int-or-string': true });
    expect(specCauses(port, { port: 80 })).toEqual([]);
    expect(specCauses(port, { port: 'http' })).toEqual([]);
    expect(specCauses(port, { port: true })[0].message).toBe(
      'Invalid value: "boolean": spec.port in body must be of type integer,string: "boolean"',
    );
  });

  it('requires apiVersion and kind of an embedded resource but not its metadata', () => {
    const template = field('template', {
      type: 'object',
      'x-kubernetes-embedded-resource': true,
      'x-kubernetes-preserve-unknown-fields': true,
    });
    expect(
      specCauses(template, {
        template: {
          apiVersion: 'v1',
          kind: 'Service',
          metadata: { name: 'Not_Checked' },
        },
      }),
    ).toEqual([]);
    expect(specCauses(template, { template: { kind: '' } })).toEqual([
      {
        reason: 'FieldValueRequired',
        field: 'spec.template.apiVersion',
        message: 'Required value: must not be empty',
      },
      {
        reason: 'FieldValueInvalid',
        field: 'spec.template.kind',
        message: 'Invalid value: "": must not be empty',
      },
    ]);
  });

  it('applies oneOf, anyOf, allOf and not as Gateway addresses use them', () => {
    const address: JSONSchemaProps = {
      type: 'object',
      oneOf: [
        {
          properties: {
            type: { enum: ['IPAddress'] },
            value: { anyOf: [{ format: 'ipv4' }, { format: 'ipv6' }] },
          },
        },
        { properties: { type: { not: { enum: ['IPAddress'] } } } },
      ],
      properties: { type: { type: 'string' }, value: { type: 'string' } },
    };
    expect(
      specCauses(address, { type: 'IPAddress', value: '10.0.0.1' }),
    ).toEqual([]);
    expect(
      specCauses(address, { type: 'IPAddress', value: 'fd00::1' }),
    ).toEqual([]);
    expect(
      specCauses(address, { type: 'Hostname', value: 'example.com' }),
    ).toEqual([]);
    const causes = specCauses(address, {
      type: 'IPAddress',
      value: 'example.com',
    });
    expect(causes[0]).toEqual({
      reason: 'FieldValueInvalid',
      field: 'spec',
      message:
        'Invalid value: "": "spec" must validate one and only one schema (oneOf). Found none valid',
    });
    expect(causes.map(cause => cause.field)).toContain('spec.value');
    const both: JSONSchemaProps = {
      allOf: [{ minLength: 2 }, { maxLength: 3 }],
    };
    expect(specCauses(field('x', both), { x: 'abc' })).toEqual([]);
    expect(
      specCauses(field('x', both), { x: 'abcd' }).map(cause => cause.reason),
    ).toEqual(['FieldValueTooLong', 'FieldValueInvalid']);
  });

  it('checks the string formats conditions and addresses use', () => {
    const time = field('lastTransitionTime', {
      type: 'string',
      format: 'date-time',
    });
    expect(
      specCauses(time, { lastTransitionTime: '2026-08-14T10:00:00Z' }),
    ).toEqual([]);
    expect(
      specCauses(time, { lastTransitionTime: '2026-08-14T10:00:00.123+02:00' }),
    ).toEqual([]);
    expect(specCauses(time, { lastTransitionTime: 'yesterday' })).toEqual([
      {
        reason: 'FieldValueTypeInvalid',
        field: 'spec.lastTransitionTime',
        message:
          'Invalid value: "yesterday": spec.lastTransitionTime in body must be of type date-time: "yesterday"',
      },
    ]);
    expect(
      specCauses(time, { lastTransitionTime: '2026-02-30T10:00:00Z' }),
    ).toHaveLength(1);
    const ip = field('ip', { type: 'string', format: 'ipv4' });
    expect(specCauses(ip, { ip: '10.1.2.3' })).toEqual([]);
    expect(specCauses(ip, { ip: '10.1.2.300' })).toHaveLength(1);
    expect(
      specCauses(field('uri', { type: 'string', format: 'uri' }), {
        uri: 'anything',
      }),
    ).toEqual([]);
  });

  it('reports repeated keys of list-type map and repeated items of list-type set', () => {
    const conditions = field('conditions', {
      type: 'array',
      'x-kubernetes-list-type': 'map',
      'x-kubernetes-list-map-keys': ['type'],
      items: {
        type: 'object',
        properties: { type: { type: 'string' }, status: { type: 'string' } },
      },
    });
    expect(
      specCauses(conditions, {
        conditions: [
          { type: 'Ready', status: 'True' },
          { type: 'Ready', status: 'False' },
          { type: 'Ready', status: 'Unknown' },
          { type: 'Valid', status: 'True' },
        ],
      }),
    ).toEqual([
      {
        reason: 'FieldValueDuplicate',
        field: 'spec.conditions[1]',
        message: 'Duplicate value: map[string]interface {}{"type":"Ready"}',
      },
    ]);
    expect(
      specCauses(conditions, { conditions: ['Ready'] }).map(
        cause => cause.message,
      ),
    ).toEqual([
      'Invalid value: "string": spec.conditions[0] in body must be of type object: "string"',
      'Invalid value: "Ready": must be an object for an array of list-type map',
    ]);
    const ports = field('ports', {
      type: 'array',
      'x-kubernetes-list-type': 'map',
      'x-kubernetes-list-map-keys': ['port', 'protocol'],
      items: { type: 'object' },
    });
    expect(
      specCauses(ports, {
        ports: [
          { port: 80, protocol: 'TCP' },
          { port: 80, protocol: 'UDP' },
        ],
      }),
    ).toEqual([]);
    expect(
      specCauses(ports, {
        ports: [
          { port: 80, protocol: 'TCP' },
          { protocol: 'TCP', port: 80 },
        ],
      })[0].message,
    ).toBe(
      'Duplicate value: map[string]interface {}{"port":80, "protocol":"TCP"}',
    );
    const finalizers = field('finalizers', {
      type: 'array',
      'x-kubernetes-list-type': 'set',
      items: { type: 'string' },
    });
    expect(specCauses(finalizers, { finalizers: ['a', 'b', 'a'] })).toEqual([
      {
        reason: 'FieldValueDuplicate',
        field: 'spec.finalizers[2]',
        message: 'Duplicate value: "a"',
      },
    ]);
  });

  it('prints nested paths with indexes and no leading dot', () => {
    const causes = validateObject(route, {
      spec: {
        rules: [
          { matches: [{ path: { type: 'Exact' } }, { path: { type: 'Foo' } }] },
        ],
      },
    });
    expect(causes.map(cause => cause.field)).toEqual([
      'spec.rules[0].matches[1].path.type',
    ]);
  });

  it('leaves the metadata of the resource to the name checks', () => {
    const schema: JSONSchemaProps = {
      type: 'object',
      properties: {
        metadata: {
          type: 'object',
          properties: { name: { type: 'string', maxLength: 3 } },
        },
      },
    };
    expect(
      validateObject(schema, { metadata: { name: 'longer-than-three' } }),
    ).toEqual([]);
  });

  it('says which schema features it does not enforce', () => {
    expect(
      unsupportedSchemaFeatures.some(feature => feature.includes('ratcheting')),
    ).toBe(true);
  });
});

describe('nameRuleErrors', () => {
  it('accepts names that follow the rule', () => {
    expect(nameRuleErrors('dns1123Subdomain', 'checkout.v2-c1')).toEqual([]);
    expect(nameRuleErrors('dns1123Label', '0-shop')).toEqual([]);
    expect(nameRuleErrors('dns1035Label', 'serviceexports')).toEqual([]);
  });

  it('explains a broken name in the words of the server', () => {
    expect(nameRuleErrors('dns1123Subdomain', 'Checkout_1')).toEqual([
      "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')",
    ]);
    expect(nameRuleErrors('dns1123Subdomain', 'a'.repeat(254))).toEqual([
      'must be no more than 253 characters',
    ]);
    expect(nameRuleErrors('dns1123Label', 'shop.eu')).toHaveLength(1);
    expect(nameRuleErrors('dns1035Label', '0-shop')[0]).toMatch(
      /^a DNS-1035 label must consist of/,
    );
  });
});

describe('applyDefaults', () => {
  it('fills absent fields top-down, including inside defaults and array items', () => {
    const object = {
      spec: {
        rules: [
          {
            matches: [{}, { path: { type: 'Exact' } }],
            backendRefs: [{ kind: 'ServiceImport' }, { weight: 50 }],
          },
        ],
      },
    };
    applyDefaults(route, object);
    expect(object.spec.rules[0]).toEqual({
      matches: [
        { path: { type: 'PathPrefix', value: '/' } },
        { path: { type: 'Exact', value: '/' } },
      ],
      backendRefs: [
        { kind: 'ServiceImport', weight: 1 },
        { kind: 'Service', weight: 50 },
      ],
    });
  });

  it('applies defaults only where the parent exists', () => {
    const object: Record<string, any> = { spec: { rules: [{}] } };
    applyDefaults(route, object);
    expect(object.spec.tls).toBeUndefined();
    expect(object.spec.rules).toEqual([{}]);
    const empty: Record<string, any> = { spec: {} };
    applyDefaults(route, empty);
    expect(empty.spec.rules).toEqual([
      { matches: [{ path: { type: 'PathPrefix', value: '/' } }] },
    ]);
  });

  it('defaults map values and gives every object its own copy', () => {
    const object: Record<string, any> = {
      spec: { options: { a: {}, b: { enabled: false } }, rules: [] },
    };
    applyDefaults(route, object);
    expect(object.spec.options).toEqual({
      a: { enabled: true },
      b: { enabled: false },
    });
    const first: Record<string, any> = { spec: {} };
    const second: Record<string, any> = { spec: {} };
    applyDefaults(route, first);
    applyDefaults(route, second);
    first.spec.rules[0].matches[0].path.value = '/changed';
    expect(second.spec.rules[0].matches[0].path.value).toBe('/');
  });

  it('replaces non-nullable nulls with the default, or drops them', () => {
    const object: Record<string, any> = {
      spec: { tls: { mode: null }, rules: null, options: { a: null } },
    };
    applyDefaults(route, object);
    expect(object.spec.tls).toEqual({ mode: 'Terminate' });
    expect(object.spec.rules).toEqual([
      { matches: [{ path: { type: 'PathPrefix', value: '/' } }] },
    ]);
    expect(object.spec.options).toEqual({});
    const nullable = withSpec(
      field('note', { type: 'string', nullable: true }),
    );
    const kept: Record<string, any> = { spec: { note: null } };
    applyDefaults(nullable, kept);
    expect(kept.spec).toEqual({ note: null });
  });
});

describe('pruneUnknownFields', () => {
  const schema = withSpec({
    type: 'object',
    properties: {
      ports: {
        type: 'array',
        items: { type: 'object', properties: { port: { type: 'integer' } } },
      },
      labels: { type: 'object', additionalProperties: { type: 'string' } },
      filters: {
        type: 'array',
        items: {
          type: 'object',
          'x-kubernetes-preserve-unknown-fields': true,
          properties: { nested: field('kept', { type: 'string' }) },
        },
      },
      template: {
        type: 'object',
        'x-kubernetes-embedded-resource': true,
        properties: { spec: field('replicas', { type: 'integer' }) },
      },
    },
  });

  it('drops undeclared fields at every level but keeps the resource envelope', () => {
    const object = {
      apiVersion: 'x/v1',
      kind: 'X',
      metadata: { name: 'x', labels: { a: 'b' } },
      extra: true,
      spec: {
        ports: [{ port: 80, name: 'http' }],
        labels: { team: 'payments' },
        unknown: 1,
      },
      status: { phase: 'Ready' },
    };
    pruneUnknownFields(schema, object);
    expect(object).toEqual({
      apiVersion: 'x/v1',
      kind: 'X',
      metadata: { name: 'x', labels: { a: 'b' } },
      spec: { ports: [{ port: 80 }], labels: { team: 'payments' } },
    });
  });

  it('keeps unknown fields under x-kubernetes-preserve-unknown-fields, still pruning known ones', () => {
    const object = {
      spec: {
        filters: [
          {
            type: 'URLRewrite',
            urlRewrite: { hostname: 'x' },
            nested: { kept: 'y', dropped: 'z' },
          },
        ],
      },
    };
    pruneUnknownFields(schema, object);
    expect(object.spec.filters).toEqual([
      {
        type: 'URLRewrite',
        urlRewrite: { hostname: 'x' },
        nested: { kept: 'y' },
      },
    ]);
  });

  it('keeps apiVersion, kind and metadata of embedded resources', () => {
    const object = {
      spec: {
        template: {
          apiVersion: 'v1',
          kind: 'Pod',
          metadata: { name: 'p' },
          spec: { replicas: 1, paused: true },
          junk: 1,
        },
      },
    };
    pruneUnknownFields(schema, object);
    expect(object.spec.template).toEqual({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'p' },
      spec: { replicas: 1 },
    });
  });
});
