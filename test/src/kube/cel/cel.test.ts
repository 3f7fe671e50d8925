/*
 * CEL rules as the simulated API server runs them, on a CRD of our own
 * (example.com Widget) whose rules exercise the Kubernetes type mapping, the
 * CEL libraries, transition rules, ratcheting and the ways a rule reports a
 * failure; through the store for every write verb, and over HTTP for the
 * Status a client receives.
 */
import { CRD_RESOURCE } from '../builtins';
import { createObjectStore } from '../store';
import { startClusterApiServer } from '../server';
import type {
  FieldCause,
  JSONSchemaProps,
  KubeObject,
  ObjectStore,
} from '../types';
import { thrownKubeApiError } from '../__testUtils__/thrown';
import { compileExpression } from './compile';
import { declType } from './types';
import { validateRules } from './validator';

type Rule = Record<string, unknown>;

const WIDGETS = { group: 'example.com', plural: 'widgets' };

function crd(
  specRules: Rule[],
  properties: Record<string, JSONSchemaProps> = {},
): KubeObject {
  return {
    apiVersion: 'apiextensions.k8s.io/v1',
    kind: 'CustomResourceDefinition',
    metadata: { name: 'widgets.example.com' },
    spec: {
      group: 'example.com',
      names: {
        plural: 'widgets',
        singular: 'widget',
        kind: 'Widget',
        listKind: 'WidgetList',
      },
      scope: 'Namespaced',
      versions: [
        {
          name: 'v1',
          served: true,
          storage: true,
          subresources: { status: {} },
          schema: {
            openAPIV3Schema: {
              type: 'object',
              properties: {
                apiVersion: { type: 'string' },
                kind: { type: 'string' },
                metadata: { type: 'object' },
                spec: {
                  type: 'object',
                  properties: {
                    name: { type: 'string' },
                    count: { type: 'integer' },
                    ratio: { type: 'number' },
                    port: { 'x-kubernetes-int-or-string': true },
                    namespace: { type: 'string' },
                    'dashed-name': { type: 'string' },
                    createdAt: { type: 'string', format: 'date-time' },
                    tags: {
                      type: 'array',
                      items: { type: 'string' },
                      'x-kubernetes-list-type': 'set',
                    },
                    previousTags: {
                      type: 'array',
                      items: { type: 'string' },
                      'x-kubernetes-list-type': 'set',
                    },
                    ports: {
                      type: 'array',
                      'x-kubernetes-list-type': 'map',
                      'x-kubernetes-list-map-keys': ['name'],
                      items: {
                        type: 'object',
                        required: ['name'],
                        properties: {
                          name: { type: 'string' },
                          number: { type: 'integer' },
                        },
                        'x-kubernetes-validations': [
                          {
                            rule: 'self.number > 0',
                            message: 'port numbers are positive',
                          },
                          {
                            rule: 'self.number == oldSelf.number',
                            message: 'a port keeps its number',
                          },
                        ],
                      },
                    },
                    limits: {
                      type: 'object',
                      additionalProperties: {
                        type: 'integer',
                        'x-kubernetes-validations': [
                          {
                            rule: 'self <= 100',
                            message: 'a limit is at most 100',
                          },
                        ],
                      },
                    },
                    ...properties,
                  },
                  'x-kubernetes-validations': specRules,
                },
                status: {
                  type: 'object',
                  properties: { phase: { type: 'string' } },
                },
              },
              'x-kubernetes-validations': [
                {
                  rule: "self.metadata.name != 'forbidden'",
                  message: 'that name is taken',
                },
              ],
            },
          },
        },
      ],
    },
  };
}

function storeWith(
  rules: Rule[],
  properties?: Record<string, JSONSchemaProps>,
): ObjectStore {
  const store = createObjectStore();
  store.create(CRD_RESOURCE, crd(rules, properties));
  return store;
}

function widget(spec: Record<string, unknown>, name = 'w'): KubeObject {
  return {
    apiVersion: 'example.com/v1',
    kind: 'Widget',
    metadata: { name, namespace: 'default' },
    spec,
  };
}

function causesOf(run: () => unknown): FieldCause[] {
  const error = thrownKubeApiError(run);
  expect(error.code).toBe(422);
  return (error.status.details?.causes ?? []) as FieldCause[];
}

const invalidObject = (field: string, message: string): FieldCause => ({
  reason: 'FieldValueInvalid',
  field,
  message: `Invalid value: "object": ${message}`,
});

function rootSchema(rules: Rule[]): JSONSchemaProps {
  const definition = crd(rules) as unknown as {
    spec: { versions: Array<{ schema: { openAPIV3Schema: JSONSchemaProps } }> };
  };
  return definition.spec.versions[0].schema.openAPIV3Schema;
}

describe('the Kubernetes type mapping', () => {
  const spec = declType(rootSchema([]).properties!.spec)!;
  const check = (rule: string) =>
    compileExpression(rule, new Map([['self', spec]]), 'bool').error;

  it('types integers as int, numbers as double, and does not mix them in ==', () => {
    expect(check('self.count == 1')).toBeUndefined();
    expect(check('self.ratio > 1')).toBeUndefined(); // comparisons cross numeric types
    expect(check('self.count == 1.0')).toContain(
      "found no matching overload for '_==_' applied to '(int, double)'",
    );
    expect(check('self.count == 1u')).toContain("'(int, uint)'");
    expect(check('self.ratio == 0.5')).toBeUndefined();
  });

  it('refuses unknown fields and functions, and non-bool rules, as cel-go reports them', () => {
    expect(check('self.nmae == "x"')).toBe(
      'ERROR: <input>:1:5: undefined field \'nmae\'\n | self.nmae == "x"\n | ....^',
    );
    expect(check('self.name.sartsWith("x")')).toContain(
      "undeclared reference to 'sartsWith'",
    );
    expect(check('self.count')).toBe('cel expression must evaluate to a bool');
    expect(check('self.name.startsWith(')).toContain('Syntax error');
  });

  it('escapes property names that are CEL keywords or carry dashes', () => {
    expect(
      check("self.__namespace__ == 'x' && self.dashed__dash__name == 'y'"),
    ).toBeUndefined();
    expect(check("self.namespace == 'x'")).toBeDefined();
  });

  it('evaluates int arithmetic as int64, with overflow an error', () => {
    const store = storeWith([{ rule: 'self.count + 9223372036854775000 > 0' }]);
    expect(
      causesOf(() => store.create(WIDGETS, widget({ count: 1000 }))),
    ).toEqual([
      invalidObject(
        'spec',
        'integer overflow evaluating rule: self.count + 9223372036854775000 > 0',
      ),
    ]);
  });

  it('keeps int-or-string values dynamic: int or string at run time', () => {
    const store = storeWith([
      {
        rule: "type(self.port) == int ? self.port < 65536 : self.port.matches('^[a-z]+$')",
        message: 'port is a number or a name',
      },
    ]);
    store.create(WIDGETS, widget({ port: 8080 }, 'a'));
    store.create(WIDGETS, widget({ port: 'http' }, 'b'));
    expect(
      causesOf(() => store.create(WIDGETS, widget({ port: 70000 }, 'c'))),
    ).toEqual([invalidObject('spec', 'port is a number or a name')]);
  });

  it('sees a missing or null optional field as absent: has() is false, reading it an error', () => {
    const store = storeWith([
      {
        rule: "!has(self.name) || self.name != ''",
        message: 'name may not be empty',
      },
      { rule: 'self.name.size() < 10' },
    ]);
    expect(
      causesOf(() => store.create(WIDGETS, widget({ name: null, count: 1 }))),
    ).toEqual([
      invalidObject(
        'spec',
        'no such key: name evaluating rule: self.name.size() < 10',
      ),
    ]);
  });

  it('reads date-time strings as timestamps', () => {
    const store = storeWith([
      {
        rule: "self.createdAt < timestamp('2030-01-01T00:00:00Z')",
        message: 'not from the future',
      },
    ]);
    store.create(WIDGETS, widget({ createdAt: '2024-05-01T10:00:00Z' }, 'a'));
    expect(
      causesOf(() =>
        store.create(
          WIDGETS,
          widget({ createdAt: '2031-05-01T10:00:00Z' }, 'b'),
        ),
      ),
    ).toEqual([invalidObject('spec', 'not from the future')]);
  });

  it('compares list-type set lists as sets and unions them with +', () => {
    const store = storeWith([
      { rule: "self.tags == ['b', 'a']", message: 'tags are a and b' },
      {
        rule: '(self.previousTags + self.tags).size() == 3',
        message: 'three tags in all',
      },
    ]);
    store.create(
      WIDGETS,
      widget({ tags: ['a', 'b'], previousTags: ['b', 'c'] }),
    );
    expect(
      causesOf(() =>
        store.create(
          WIDGETS,
          widget({ tags: ['a', 'c'], previousTags: ['a'] }, 'x'),
        ),
      ),
    ).toEqual([
      invalidObject('spec', 'tags are a and b'),
      invalidObject('spec', 'three tags in all'),
    ]);
  });
});

describe('where rules run', () => {
  it('binds self to each item of a list and each value of a map, naming the item', () => {
    const store = storeWith([]);
    expect(
      causesOf(() =>
        store.create(
          WIDGETS,
          widget({
            ports: [
              { name: 'http', number: 80 },
              { name: 'bad', number: 0 },
            ],
            limits: { cpu: 50, memory: 500 },
          }),
        ),
      ),
    ).toEqual([
      invalidObject('spec.ports[1]', 'port numbers are positive'),
      {
        reason: 'FieldValueInvalid',
        field: 'spec.limits[memory]',
        message: 'Invalid value: "integer": a limit is at most 100',
      },
    ]);
  });

  it('runs root rules with apiVersion, kind and metadata.name visible, at the field <nil>', () => {
    const store = storeWith([]);
    const error = thrownKubeApiError(() =>
      store.create(WIDGETS, widget({}, 'forbidden')),
    );
    expect(error.status.message).toBe(
      'Widget.example.com "forbidden" is invalid: <nil>: Invalid value: "object": that name is taken',
    );
  });

  it('does not run rules after a schema error that changes the shape, and says so', () => {
    const store = storeWith([
      { rule: 'self.count > 0', message: 'count is positive' },
    ]);
    const error = thrownKubeApiError(() =>
      store.create(WIDGETS, widget({ count: 'many' })),
    );
    expect(error.status.message).toBe(
      'Widget.example.com "w" is invalid: [spec.count: Invalid value: "string": spec.count in body must be of type integer: "string", <nil>: Invalid value: "null": some validation rules were not checked because the object was invalid; correct the existing errors to complete validation]',
    );
  });
});

describe('how a failure is reported', () => {
  it('uses messageExpression, fieldPath and reason', () => {
    const store = storeWith([
      {
        rule: 'self.count < 10',
        messageExpression:
          "'count is ' + string(self.count) + ', at most 9 allowed'",
        fieldPath: '.count',
      },
      {
        rule: "self.name != 'x'",
        reason: 'FieldValueForbidden',
        message: 'x is reserved',
        fieldPath: '.name',
      },
      {
        rule: 'has(self.ratio)',
        reason: 'FieldValueRequired',
        message: 'a ratio is needed',
      },
      { rule: 'self.tags.size() < 3', reason: 'FieldValueDuplicate' },
    ]);
    expect(
      causesOf(() =>
        store.create(
          WIDGETS,
          widget({ count: 12, name: 'x', tags: ['a', 'b', 'c'] }),
        ),
      ),
    ).toEqual([
      {
        reason: 'FieldValueInvalid',
        field: 'spec.count',
        message: 'Invalid value: "object": count is 12, at most 9 allowed',
      },
      {
        reason: 'FieldValueForbidden',
        field: 'spec.name',
        message: 'Forbidden: x is reserved',
      },
      {
        reason: 'FieldValueRequired',
        field: 'spec',
        message: 'Required value: a ratio is needed',
      },
      {
        reason: 'FieldValueDuplicate',
        field: 'spec',
        message: 'Duplicate value: "object"',
      },
    ]);
  });

  it('answers 422 Invalid over HTTP with the message a real server sends', async () => {
    const server = await startClusterApiServer({
      name: 'cel',
      tokens: [{ token: 't', access: 'read-write' }],
      store: storeWith([
        { rule: 'self.count < 10', message: 'count is at most 9' },
      ]),
    });
    try {
      const response = await fetch(
        `${server.url}/apis/example.com/v1/namespaces/default/widgets`,
        {
          method: 'POST',
          headers: {
            authorization: 'Bearer t',
            'content-type': 'application/json',
          },
          body: JSON.stringify(widget({ count: 12 }, 'x')),
        },
      );
      expect(response.status).toBe(422);
      expect(await response.json()).toEqual({
        kind: 'Status',
        apiVersion: 'v1',
        metadata: {},
        status: 'Failure',
        message:
          'Widget.example.com "x" is invalid: spec: Invalid value: "object": count is at most 9',
        reason: 'Invalid',
        details: {
          name: 'x',
          group: 'example.com',
          kind: 'Widget',
          causes: [
            {
              reason: 'FieldValueInvalid',
              message: 'Invalid value: "object": count is at most 9',
              field: 'spec',
            },
          ],
        },
        code: 422,
      });
    } finally {
      await server.close();
    }
  });
});

describe('transition rules and ratcheting', () => {
  const immutable = [
    { rule: 'self.name == oldSelf.name', message: 'name is immutable' },
  ];

  it('runs a transition rule only on updates, for create, update, patch and apply alike', () => {
    const store = storeWith(immutable);
    const created = store.create(WIDGETS, widget({ name: 'a' }));
    const refusals = [
      () => store.update(WIDGETS, { ...created, spec: { name: 'b' } }),
      () =>
        store.patch(WIDGETS, 'default', 'w', 'merge', { spec: { name: 'b' } }),
      () =>
        store.patch(WIDGETS, 'default', 'w', 'json', [
          { op: 'replace', path: '/spec/name', value: 'b' },
        ]),
      () =>
        store.apply(WIDGETS, widget({ name: 'b' }), {
          fieldManager: 'test',
          force: true,
        }),
    ];
    for (const refusal of refusals)
      expect(causesOf(refusal)).toEqual([
        invalidObject('spec', 'name is immutable'),
      ]);
    expect(
      store.patch(WIDGETS, 'default', 'w', 'merge', { spec: { count: 2 } })
        .spec,
    ).toEqual({ name: 'a', count: 2 });
  });

  it('correlates items of a map-list by key: a new item has no old self', () => {
    const store = storeWith([]);
    store.create(WIDGETS, widget({ ports: [{ name: 'http', number: 80 }] }));
    store.patch(WIDGETS, 'default', 'w', 'merge', {
      spec: {
        ports: [
          { name: 'grpc', number: 9090 },
          { name: 'http', number: 80 },
        ],
      },
    });
    expect(
      causesOf(() =>
        store.patch(WIDGETS, 'default', 'w', 'merge', {
          spec: {
            ports: [
              { name: 'grpc', number: 9091 },
              { name: 'http', number: 80 },
            ],
          },
        }),
      ),
    ).toEqual([invalidObject('spec.ports[0]', 'a port keeps its number')]);
  });

  it('gives optionalOldSelf rules an optional oldSelf, on creates too', () => {
    const store = storeWith([
      {
        rule: "oldSelf.hasValue() ? oldSelf.value().name == self.name : self.name.startsWith('new-')",
        optionalOldSelf: true,
        message: 'new names start with new-, and stay',
      },
    ]);
    expect(
      causesOf(() => store.create(WIDGETS, widget({ name: 'old' }, 'x'))),
    ).toEqual([invalidObject('spec', 'new names start with new-, and stay')]);
    store.create(WIDGETS, widget({ name: 'new-a' }));
    expect(
      causesOf(() =>
        store.patch(WIDGETS, 'default', 'w', 'merge', {
          spec: { name: 'new-b' },
        }),
      ),
    ).toHaveLength(1);
  });

  it('ratchets: an update that leaves a failing value as it was is accepted', () => {
    const store = createObjectStore();
    store.create(CRD_RESOURCE, crd([]));
    store.create(WIDGETS, widget({ count: 50, name: 'a' }));
    // The CRD gains a rule the stored object breaks.
    const current = store.get(CRD_RESOURCE, undefined, 'widgets.example.com')!;
    const stricter = crd([], {
      count: {
        type: 'integer',
        'x-kubernetes-validations': [
          { rule: 'self < 10', message: 'count is at most 9' },
        ],
      },
    });
    store.update(CRD_RESOURCE, { ...stricter, metadata: current.metadata });
    expect(
      store.patch(WIDGETS, 'default', 'w', 'merge', { spec: { name: 'b' } })
        .spec,
    ).toEqual({ count: 50, name: 'b' });
    expect(
      causesOf(() =>
        store.patch(WIDGETS, 'default', 'w', 'merge', { spec: { count: 60 } }),
      ),
    ).toEqual([
      {
        reason: 'FieldValueInvalid',
        field: 'spec.count',
        message: 'Invalid value: "integer": count is at most 9',
      },
    ]);
  });
});

describe('a CRD whose rules do not compile', () => {
  it('is refused, naming the rule and the compile error', () => {
    const store = createObjectStore();
    const error = thrownKubeApiError(() =>
      store.create(CRD_RESOURCE, crd([{ rule: 'self.nmae == "x"' }])),
    );
    expect(error.code).toBe(422);
    expect(error.status.details?.causes).toEqual([
      {
        reason: 'FieldValueInvalid',
        field:
          'spec.validation.openAPIV3Schema.properties[spec].x-kubernetes-validations[0].rule',
        message:
          'Invalid value: apiextensions.ValidationRule{Rule:"self.nmae == \\"x\\"", Message:"", MessageExpression:"", Reason:(*apiextensions.FieldValueErrorReason)(nil), FieldPath:"", OptionalOldSelf:(*bool)(nil)}: compilation failed: ERROR: <input>:1:5: undefined field \'nmae\'\n | self.nmae == "x"\n | ....^',
      },
    ]);
  });

  it('is refused for a bad fieldPath, reason, or an optionalOldSelf that reads no oldSelf', () => {
    const store = createObjectStore();
    const error = thrownKubeApiError(() =>
      store.create(
        CRD_RESOURCE,
        crd([
          {
            rule: 'self.count > 0',
            fieldPath: '.nope',
            reason: 'Nope',
            optionalOldSelf: true,
          },
        ]),
      ),
    );
    expect(
      (error.status.details?.causes ?? []).map(cause => cause.field),
    ).toEqual([
      'spec.validation.openAPIV3Schema.properties[spec].x-kubernetes-validations[0].reason',
      'spec.validation.openAPIV3Schema.properties[spec].x-kubernetes-validations[0].fieldPath',
      'spec.validation.openAPIV3Schema.properties[spec].x-kubernetes-validations[0].optionalOldSelf',
    ]);
  });
});

describe('the Kubernetes CEL libraries', () => {
  const evaluate = (rule: string, spec: Record<string, unknown>) =>
    validateRules(rootSchema([{ rule }]), widget(spec));

  it.each([
    [
      "isURL(self.name) && url(self.name).getHost() == 'shop.example.com:8443' && url(self.name).getPort() == '8443' && url(self.name).getScheme() == 'https'",
      'https://shop.example.com:8443/cart?x=1',
    ],
    [
      "url(self.name).getEscapedPath() == '/cart' && url(self.name).getQuery() == {'x': ['1', '2']} && url(self.name).getHostname() == '::1'",
      'http://[::1]/cart?x=1&x=2',
    ],
    ['!isURL(self.name)', 'not a url'],
    [
      "isIP(self.name) && ip(self.name).family() == 6 && ip.isCanonical('2001:db8::1') && !ip.isCanonical(self.name)",
      '2001:DB8:0:0:0:0:0:1',
    ],
    [
      "!isIP(self.name) && isCIDR('10.0.0.0/8') && cidr('10.0.0.0/8').containsIP('10.1.2.3') && !cidr('10.0.0.0/8').containsCIDR('11.0.0.0/16')",
      '::ffff:10.0.0.1',
    ],
    [
      "string(cidr('10.1.2.3/8').masked()) == '10.0.0.0/8' && cidr('10.1.2.3/8').prefixLength() == 8 && ip('127.0.0.1').isLoopback()",
      'x',
    ],
    [
      '[1, 3, 2].sum() == 6 && [1, 3, 2].min() == 1 && [1, 3, 2].max() == 3 && [1, 2].isSorted() && ![2, 1].isSorted() && [1, 2, 1].lastIndexOf(1) == 2',
      'x',
    ],
    [
      "self.name.find('[0-9]+') == '42' && self.name.findAll('[0-9]+') == ['42', '7'] && self.name.findAll('[0-9]+', 1) == ['42']",
      'a42b7',
    ],
    [
      'sets.contains([1, 2, 3], [2]) && sets.intersects([1], [1, 4]) && sets.equivalent([1, 2], [2, 1, 1])',
      'x',
    ],
    [
      "self.name.lowerAscii() == 'abc' && 'a,b'.split(',') == ['a', 'b'] && ['a', 'b'].join('-') == 'a-b' && strings.quote('x') == '\"x\"' && self.name.indexOf('B') == 1",
      'ABC',
    ],
    [
      "optional.of(1).orValue(2) == 1 && optional.none().orValue(2) == 2 && !optional.ofNonZeroValue('').hasValue()",
      'x',
    ],
  ])('%s', (rule, name) => {
    expect(evaluate(rule, { name })).toEqual([]);
  });

  it('says why a library call failed', () => {
    expect(
      evaluate("url(self.name).getHost() == 'x'", { name: 'not a url' }),
    ).toEqual([
      invalidObject(
        'spec',
        'URL parse error during conversion from string: parse "not a url": invalid URI for request evaluating rule: url(self.name).getHost() == \'x\'',
      ),
    ]);
  });
});
