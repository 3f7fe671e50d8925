/*
 * Every x-kubernetes-validations rule of the real upstream CRDs
 * (../shared/reference/crds) compiles, and fires: the rules are read from
 * the CRDs themselves, and each one needs a case below, a valid and an
 * invalid value for its `self`. The value is put into a valid object of the
 * kind (a scaffold that has the rule's parent) at the rule's place, and the
 * object is written through the simulated API server: the valid one is
 * stored, the invalid one refused with 422 naming the rule's field and
 * message. A rule found in the CRDs without a case fails the test with a
 * skeleton to fill in.
 *
 * Versions the CRDs do not serve (TLSRoute v1alpha2, v1alpha3) are served
 * here, in memory, so that their rules run through the same path.
 *
 * Our own CRDs (test/crds, what the fleet installs where the real ones are
 * not at hand) carry rules of our own for the fields they model: each must
 * stand for an upstream rule (same place, same message) and decide that
 * rule's cases the same way.
 */
import { CRD_RESOURCE } from '../builtins';
import {
  loadCrdsFromDir,
  loadProjectCrds,
  referenceCrdsDir,
} from '../crdManifests';
import { isKubeApiError } from '../errors';
import { createObjectStore } from '../store';
import type { JSONSchemaProps, KubeObject, ObjectStore } from '../types';
import { listRules, ListedRule, validateRules } from './validator';

interface RuleCase {
  valid: unknown;
  invalid: unknown;
  /** Transition rules: the value before the update. */
  old?: unknown;
  /**
   * For a rule the schema makes redundant (an enum): a value the schema
   * refuses first, so that the server skips the rules; the rule runs on it
   * directly.
   */
  behindSchema?: unknown;
}

const REF = {
  group: 'gateway.networking.k8s.io',
  kind: 'Gateway',
  name: 'gateway-1',
};
const SECTIONED = { ...REF, sectionName: 'http' };
const BACKEND = { name: 'checkout', port: 8080 };
const RHM = {
  type: 'RequestHeaderModifier',
  requestHeaderModifier: { set: [{ name: 'x-a', value: 'b' }] },
};
const RSM = {
  type: 'ResponseHeaderModifier',
  responseHeaderModifier: { set: [{ name: 'x-a', value: 'b' }] },
};
const MIRROR = {
  type: 'RequestMirror',
  requestMirror: { backendRef: { name: 'mirror', port: 8080 } },
};
const EXTENSION = {
  type: 'ExtensionRef',
  extensionRef: { group: 'example.com', kind: 'Filter', name: 'f' },
};
const CORS = {
  type: 'CORS',
  cors: { allowOrigins: ['https://shop.example.com'] },
};
const REDIRECT = {
  type: 'RequestRedirect',
  requestRedirect: { statusCode: 302 },
};
const REWRITE = {
  type: 'URLRewrite',
  urlRewrite: { hostname: 'shop.example.com' },
};
const PREFIX_MATCH = [{ path: { type: 'PathPrefix', value: '/shop' } }];
const FULL_PATH_REDIRECT = {
  type: 'RequestRedirect',
  requestRedirect: { path: { type: 'ReplaceFullPath', replaceFullPath: '/x' } },
};
const REPLACE_PREFIX = {
  type: 'ReplacePrefixMatch',
  replacePrefixMatch: '/store',
};
const ruleWith = (extra: Record<string, unknown>) => ({
  matches: PREFIX_MATCH,
  ...extra,
});
const path = (value: string, type = 'PathPrefix') => ({ type, value });
const listener = (extra: Record<string, unknown>) => ({
  name: 'l',
  port: 80,
  protocol: 'HTTP',
  ...extra,
});
const TLS_TERMINATE = {
  mode: 'Terminate',
  certificateRefs: [{ name: 'cert' }],
};
const matchesOf = (count: number) =>
  Array.from({ length: count }, (_, i) => ({ path: path(`/p${i}`) }));
const rulesWithMatches = (perRule: number, rules: number) =>
  Array.from({ length: rules }, () => ({
    matches: matchesOf(perRule),
    backendRefs: [BACKEND],
  }));
const grpcRulesWithMatches = (perRule: number, rules: number) =>
  Array.from({ length: rules }, (_, r) => ({
    matches: Array.from({ length: perRule }, (__, i) => ({
      method: { service: `s${r}.S`, method: `M${i}` },
    })),
  }));

/** Valid objects of each kind; a rule's value goes into the first that has the rule's parent and where the valid value passes. */
const SCAFFOLDS: Record<string, Array<Record<string, unknown>>> = {
  GatewayClass: [
    {
      spec: {
        controllerName: 'application-networking.k8s.aws/gateway-api-controller',
      },
    },
  ],
  Gateway: [
    {
      spec: {
        gatewayClassName: 'amazon-vpc-lattice',
        addresses: [{ type: 'IPAddress', value: '10.0.0.1' }],
        infrastructure: {
          labels: { team: 'shop' },
          annotations: { team: 'shop' },
        },
        listeners: [
          {
            name: 'https',
            port: 443,
            protocol: 'HTTPS',
            hostname: 'shop.example.com',
            tls: TLS_TERMINATE,
          },
          { name: 'http', port: 80, protocol: 'HTTP' },
        ],
        tls: {
          frontend: {
            default: {
              validation: {
                caCertificateRefs: [
                  { group: '', kind: 'ConfigMap', name: 'ca' },
                ],
              },
            },
            perPort: [
              {
                port: 443,
                tls: {
                  validation: {
                    caCertificateRefs: [
                      { group: '', kind: 'ConfigMap', name: 'ca' },
                    ],
                  },
                },
              },
            ],
          },
        },
      },
      status: { addresses: [{ type: 'IPAddress', value: '10.0.0.1' }] },
    },
  ],
  HTTPRoute: [
    {
      spec: {
        parentRefs: [SECTIONED],
        rules: [
          {
            matches: [{ path: path('/') }],
            filters: [RHM],
            backendRefs: [{ ...BACKEND, filters: [RHM] }],
            timeouts: { request: '10s' },
          },
        ],
      },
    },
    {
      spec: {
        parentRefs: [REF],
        rules: [
          {
            filters: [MIRROR],
            backendRefs: [{ ...BACKEND, filters: [MIRROR] }],
          },
        ],
      },
    },
    {
      spec: {
        parentRefs: [REF],
        rules: [
          { filters: [CORS], backendRefs: [{ ...BACKEND, filters: [CORS] }] },
        ],
      },
    },
    {
      spec: {
        parentRefs: [REF],
        rules: [
          ruleWith({
            filters: [FULL_PATH_REDIRECT],
          }),
        ],
      },
    },
    {
      spec: {
        parentRefs: [REF],
        rules: [
          ruleWith({
            backendRefs: [
              {
                ...BACKEND,
                filters: [FULL_PATH_REDIRECT],
              },
            ],
          }),
        ],
      },
    },
    {
      spec: {
        parentRefs: [REF],
        rules: [
          ruleWith({
            filters: [
              { type: 'URLRewrite', urlRewrite: { path: REPLACE_PREFIX } },
            ],
            backendRefs: [
              {
                ...BACKEND,
                filters: [
                  { type: 'URLRewrite', urlRewrite: { path: REPLACE_PREFIX } },
                ],
              },
            ],
          }),
        ],
      },
    },
  ],
  GRPCRoute: [
    {
      spec: {
        parentRefs: [SECTIONED],
        rules: [
          {
            matches: [
              { method: { service: 'shop.v1.Checkout', method: 'Pay' } },
            ],
            filters: [RHM],
            backendRefs: [{ ...BACKEND, filters: [RHM] }],
          },
        ],
      },
    },
    {
      spec: {
        parentRefs: [REF],
        rules: [
          {
            filters: [MIRROR],
            backendRefs: [{ ...BACKEND, filters: [MIRROR] }],
          },
        ],
      },
    },
  ],
  TLSRoute: [
    {
      spec: {
        parentRefs: [SECTIONED],
        hostnames: ['shop.example.com'],
        rules: [{ backendRefs: [BACKEND] }],
      },
    },
  ],
};

const filterCases = (
  type: string,
  field: string,
  body: unknown,
): Record<string, RuleCase> => ({
  [`!(has(self.${field}) && self.type != '${type}')`]: {
    valid: { type, [field]: body },
    invalid: {
      type: type === 'ExtensionRef' ? 'RequestHeaderModifier' : 'ExtensionRef',
      [field]: body,
    },
  },
  [`!(!has(self.${field}) && self.type == '${type}')`]: {
    valid: { type, [field]: body },
    invalid: { type },
  },
});

const repeatedFilter = (filter: unknown, other: unknown): RuleCase => ({
  valid: [filter, other],
  invalid: [filter, filter],
});

const pathValue = (invalid: string): RuleCase => ({
  valid: path('/shop'),
  invalid: path(invalid, 'Exact'),
});

/** Keyed by the rule's text, which is the same wherever the rule appears. */
const CASES: Record<string, RuleCase> = {
  // GatewayClass
  'self == oldSelf': {
    old: 'application-networking.k8s.aws/gateway-api-controller',
    valid: 'application-networking.k8s.aws/gateway-api-controller',
    invalid: 'example.com/other-controller',
  },
  // Gateway
  "self.all(a1, a1.type == 'IPAddress' && has(a1.value) ? self.exists_one(a2, a2.type == a1.type && has(a2.value) && a2.value == a1.value) : true )":
    {
      valid: [
        { type: 'IPAddress', value: '10.0.0.1' },
        { type: 'IPAddress', value: '10.0.0.2' },
      ],
      invalid: [
        { type: 'IPAddress', value: '10.0.0.1' },
        { type: 'IPAddress', value: '10.0.0.1' },
      ],
    },
  "self.all(a1, a1.type == 'Hostname'  && has(a1.value) ? self.exists_one(a2, a2.type == a1.type && has(a2.value) && a2.value == a1.value) : true )":
    {
      valid: [
        { type: 'Hostname', value: 'a.example.com' },
        { type: 'Hostname', value: 'b.example.com' },
      ],
      invalid: [
        { type: 'Hostname', value: 'a.example.com' },
        { type: 'Hostname', value: 'a.example.com' },
      ],
    },
  'self.type == \'Hostname\' ? (!has(self.value) || self.value.matches(r"""^(\\*\\.)?[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$""")): true':
    {
      valid: { type: 'Hostname', value: '*.example.com' },
      invalid: { type: 'Hostname', value: 'Shop.Example.com' },
    },
  'self.all(key, key.matches(r"""^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*/)?([A-Za-z0-9][-A-Za-z0-9_.]{0,61})?[A-Za-z0-9]$"""))':
    {
      valid: { 'example.com/team': 'shop' },
      invalid: { 'example.com/-team': 'shop' },
    },
  'self.all(key, key.split("/")[0].size() < 253)': {
    valid: { 'example.com/team': 'shop' },
    invalid: { [`${'a'.repeat(260)}/team`]: 'shop' },
  },
  "self.all(l, l.protocol in ['HTTP', 'TCP', 'UDP'] ? !has(l.tls) : true)": {
    valid: [listener({})],
    invalid: [listener({ tls: { mode: 'Passthrough' } })],
  },
  "self.all(l, (l.protocol == 'HTTPS' && has(l.tls)) ? (l.tls.mode == '' || l.tls.mode == 'Terminate') : true)":
    {
      valid: [listener({ protocol: 'HTTPS', port: 443, tls: TLS_TERMINATE })],
      invalid: [
        listener({
          protocol: 'HTTPS',
          port: 443,
          tls: { mode: 'Passthrough' },
        }),
      ],
    },
  "self.all(l, (l.protocol == 'TLS' ? has(l.tls) && has(l.tls.mode) && l.tls.mode != '' : true))":
    {
      valid: [
        listener({ protocol: 'TLS', port: 443, tls: { mode: 'Passthrough' } }),
      ],
      invalid: [listener({ protocol: 'TLS', port: 443 })],
    },
  "self.all(l, l.protocol in ['TCP', 'UDP']  ? (!has(l.hostname) || l.hostname == '') : true)":
    {
      valid: [listener({ protocol: 'TCP', port: 9000 })],
      invalid: [
        listener({ protocol: 'TCP', port: 9000, hostname: 'shop.example.com' }),
      ],
    },
  'self.all(l1, self.exists_one(l2, l1.name == l2.name))': {
    valid: [listener({ name: 'a' }), listener({ name: 'b', port: 81 })],
    invalid: [listener({ name: 'a' }), listener({ name: 'a', port: 81 })],
  },
  'self.all(l1, self.exists_one(l2, l1.port == l2.port && l1.protocol == l2.protocol && (has(l1.hostname) && has(l2.hostname) ? l1.hostname == l2.hostname : !has(l1.hostname) && !has(l2.hostname))))':
    {
      valid: [
        listener({ name: 'a', hostname: 'a.example.com' }),
        listener({ name: 'b', hostname: 'b.example.com' }),
      ],
      invalid: [listener({ name: 'a' }), listener({ name: 'b' })],
    },
  "self.mode == 'Terminate' ? size(self.certificateRefs) > 0 || size(self.options) > 0 : true":
    {
      valid: TLS_TERMINATE,
      // Without options at all the rule does not evaluate ("no such key: options"), as in cel-go.
      invalid: { mode: 'Terminate', certificateRefs: [], options: {} },
    },
  'self.all(t1, self.exists_one(t2, t1.port == t2.port))': {
    valid: [443, 8443].map(port => ({
      port,
      tls: {
        validation: {
          caCertificateRefs: [{ group: '', kind: 'ConfigMap', name: 'ca' }],
        },
      },
    })),
    invalid: [443, 443].map(port => ({
      port,
      tls: {
        validation: {
          caCertificateRefs: [{ group: '', kind: 'ConfigMap', name: 'ca' }],
        },
      },
    })),
  },
  'self.type == \'Hostname\' ? self.value.matches(r"""^(\\*\\.)?[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$"""): true':
    {
      valid: { type: 'Hostname', value: 'gw.example.com' },
      invalid: { type: 'Hostname', value: 'gw_example.com' },
    },
  // Routes: parents, backends, filters
  "self.all(p1, self.all(p2, p1.group == p2.group && p1.kind == p2.kind && p1.name == p2.name && (((!has(p1.__namespace__) || p1.__namespace__ == '') && (!has(p2.__namespace__) || p2.__namespace__ == '')) || (has(p1.__namespace__) && has(p2.__namespace__) && p1.__namespace__ == p2.__namespace__ )) ? ((!has(p1.sectionName) || p1.sectionName == '') == (!has(p2.sectionName) || p2.sectionName == '')) : true))":
    {
      valid: [SECTIONED, { ...REF, sectionName: 'https' }],
      invalid: [REF, SECTIONED],
    },
  "self.all(p1, self.exists_one(p2, p1.group == p2.group && p1.kind == p2.kind && p1.name == p2.name && (((!has(p1.__namespace__) || p1.__namespace__ == '') && (!has(p2.__namespace__) || p2.__namespace__ == '')) || (has(p1.__namespace__) && has(p2.__namespace__) && p1.__namespace__ == p2.__namespace__ )) && (((!has(p1.sectionName) || p1.sectionName == '') && (!has(p2.sectionName) || p2.sectionName == '')) || (has(p1.sectionName) && has(p2.sectionName) && p1.sectionName == p2.sectionName))))":
    {
      valid: [SECTIONED, { ...REF, namespace: 'other', sectionName: 'http' }],
      invalid: [SECTIONED, SECTIONED],
    },
  "(size(self.group) == 0 && self.kind == 'Service') ? has(self.port) : true": {
    valid: { group: '', kind: 'Service', name: 'checkout', port: 8080 },
    invalid: { group: '', kind: 'Service', name: 'checkout' },
  },
  "self.filter(f, f.type == 'RequestHeaderModifier').size() <= 1":
    repeatedFilter(RHM, RSM),
  "self.filter(f, f.type == 'ResponseHeaderModifier').size() <= 1":
    repeatedFilter(RSM, RHM),
  "self.filter(f, f.type == 'CORS').size() <= 1": repeatedFilter(CORS, RHM),
  "self.filter(f, f.type == 'RequestRedirect').size() <= 1": repeatedFilter(
    REDIRECT,
    RHM,
  ),
  "self.filter(f, f.type == 'URLRewrite').size() <= 1": repeatedFilter(
    REWRITE,
    RHM,
  ),
  "!(self.exists(f, f.type == 'RequestRedirect') && self.exists(f, f.type == 'URLRewrite'))":
    {
      valid: [REDIRECT, RHM],
      invalid: [REDIRECT, REWRITE],
    },
  ...filterCases(
    'RequestHeaderModifier',
    'requestHeaderModifier',
    RHM.requestHeaderModifier,
  ),
  ...filterCases(
    'ResponseHeaderModifier',
    'responseHeaderModifier',
    RSM.responseHeaderModifier,
  ),
  ...filterCases('RequestMirror', 'requestMirror', MIRROR.requestMirror),
  ...filterCases('ExtensionRef', 'extensionRef', EXTENSION.extensionRef),
  ...filterCases('CORS', 'cors', CORS.cors),
  ...filterCases(
    'RequestRedirect',
    'requestRedirect',
    REDIRECT.requestRedirect,
  ),
  ...filterCases('URLRewrite', 'urlRewrite', REWRITE.urlRewrite),
  '!(has(self.percent) && has(self.fraction))': {
    valid: { backendRef: { name: 'mirror', port: 8080 }, percent: 10 },
    invalid: {
      backendRef: { name: 'mirror', port: 8080 },
      percent: 10,
      fraction: { numerator: 1, denominator: 10 },
    },
  },
  'self.numerator <= self.denominator': {
    valid: { numerator: 1, denominator: 10 },
    invalid: { numerator: 11, denominator: 10 },
  },
  "!('*' in self && self.size() > 1)": {
    valid: ['*'],
    invalid: ['*', 'GET'],
  },
  "self.type == 'ReplaceFullPath' ? has(self.replaceFullPath) : true": {
    valid: { type: 'ReplaceFullPath', replaceFullPath: '/x' },
    invalid: { type: 'ReplaceFullPath' },
  },
  "has(self.replaceFullPath) ? self.type == 'ReplaceFullPath' : true": {
    valid: { type: 'ReplaceFullPath', replaceFullPath: '/x' },
    invalid: {
      type: 'ReplacePrefixMatch',
      replacePrefixMatch: '/x',
      replaceFullPath: '/x',
    },
  },
  "self.type == 'ReplacePrefixMatch' ? has(self.replacePrefixMatch) : true": {
    valid: REPLACE_PREFIX,
    invalid: { type: 'ReplacePrefixMatch' },
  },
  "has(self.replacePrefixMatch) ? self.type == 'ReplacePrefixMatch' : true": {
    valid: REPLACE_PREFIX,
    invalid: {
      type: 'ReplaceFullPath',
      replaceFullPath: '/x',
      replacePrefixMatch: '/x',
    },
  },
  // GRPCRoute matches
  'has(self.type) ? has(self.service) || has(self.method) : true': {
    valid: { type: 'Exact', service: 'shop.v1.Checkout' },
    invalid: { type: 'Exact' },
  },
  '(!has(self.type) || self.type == \'Exact\') && has(self.service) ? self.service.matches(r"""^(?i)\\.?[a-z_][a-z_0-9]*(\\.[a-z_][a-z_0-9]*)*$"""): true':
    {
      valid: { type: 'Exact', service: 'Shop.V1.Checkout' },
      invalid: { type: 'Exact', service: 'shop/v1' },
    },
  '(!has(self.type) || self.type == \'Exact\') && has(self.method) ? self.method.matches(r"""^[A-Za-z_][A-Za-z_0-9]*$"""): true':
    {
      valid: { type: 'Exact', service: 'shop.v1.Checkout', method: 'Pay' },
      invalid: {
        type: 'Exact',
        service: 'shop.v1.Checkout',
        method: 'Pay.Now',
      },
    },
  // HTTPRoute rules
  '(has(self.backendRefs) && size(self.backendRefs) > 0) ? (!has(self.filters) || self.filters.all(f, !has(f.requestRedirect))): true':
    {
      valid: ruleWith({ filters: [REDIRECT] }),
      invalid: ruleWith({ filters: [REDIRECT], backendRefs: [BACKEND] }),
    },
  "(has(self.filters) && self.filters.exists_one(f, has(f.requestRedirect) && has(f.requestRedirect.path) && f.requestRedirect.path.type == 'ReplacePrefixMatch' && has(f.requestRedirect.path.replacePrefixMatch))) ? ((size(self.matches) != 1 || !has(self.matches[0].path) || self.matches[0].path.type != 'PathPrefix') ? false : true) : true":
    {
      valid: ruleWith({
        filters: [
          {
            type: 'RequestRedirect',
            requestRedirect: { path: REPLACE_PREFIX },
          },
        ],
      }),
      invalid: {
        matches: [{ path: path('/shop', 'Exact') }],
        filters: [
          {
            type: 'RequestRedirect',
            requestRedirect: { path: REPLACE_PREFIX },
          },
        ],
      },
    },
  "(has(self.filters) && self.filters.exists_one(f, has(f.urlRewrite) && has(f.urlRewrite.path) && f.urlRewrite.path.type == 'ReplacePrefixMatch' && has(f.urlRewrite.path.replacePrefixMatch))) ? ((size(self.matches) != 1 || !has(self.matches[0].path) || self.matches[0].path.type != 'PathPrefix') ? false : true) : true":
    {
      valid: ruleWith({
        filters: [{ type: 'URLRewrite', urlRewrite: { path: REPLACE_PREFIX } }],
        backendRefs: [BACKEND],
      }),
      invalid: {
        matches: matchesOf(2),
        filters: [{ type: 'URLRewrite', urlRewrite: { path: REPLACE_PREFIX } }],
        backendRefs: [BACKEND],
      },
    },
  "(has(self.backendRefs) && self.backendRefs.exists_one(b, (has(b.filters) && b.filters.exists_one(f, has(f.requestRedirect) && has(f.requestRedirect.path) && f.requestRedirect.path.type == 'ReplacePrefixMatch' && has(f.requestRedirect.path.replacePrefixMatch))) )) ? ((size(self.matches) != 1 || !has(self.matches[0].path) || self.matches[0].path.type != 'PathPrefix') ? false : true) : true":
    {
      valid: ruleWith({
        backendRefs: [
          {
            ...BACKEND,
            filters: [
              {
                type: 'RequestRedirect',
                requestRedirect: { path: REPLACE_PREFIX },
              },
            ],
          },
        ],
      }),
      invalid: {
        matches: [{ path: path('/shop', 'Exact') }],
        backendRefs: [
          {
            ...BACKEND,
            filters: [
              {
                type: 'RequestRedirect',
                requestRedirect: { path: REPLACE_PREFIX },
              },
            ],
          },
        ],
      },
    },
  "(has(self.backendRefs) && self.backendRefs.exists_one(b, (has(b.filters) && b.filters.exists_one(f, has(f.urlRewrite) && has(f.urlRewrite.path) && f.urlRewrite.path.type == 'ReplacePrefixMatch' && has(f.urlRewrite.path.replacePrefixMatch))) )) ? ((size(self.matches) != 1 || !has(self.matches[0].path) || self.matches[0].path.type != 'PathPrefix') ? false : true) : true":
    {
      valid: ruleWith({
        backendRefs: [
          {
            ...BACKEND,
            filters: [
              { type: 'URLRewrite', urlRewrite: { path: REPLACE_PREFIX } },
            ],
          },
        ],
      }),
      invalid: {
        matches: matchesOf(2),
        backendRefs: [
          {
            ...BACKEND,
            filters: [
              { type: 'URLRewrite', urlRewrite: { path: REPLACE_PREFIX } },
            ],
          },
        ],
      },
    },
  // HTTPRoute paths
  "(self.type in ['Exact','PathPrefix']) ? self.value.startsWith('/') : true":
    pathValue('shop'),
  "(self.type in ['Exact','PathPrefix']) ? !self.value.contains('//') : true":
    pathValue('/shop//cart'),
  "(self.type in ['Exact','PathPrefix']) ? !self.value.contains('/./') : true":
    pathValue('/shop/./cart'),
  "(self.type in ['Exact','PathPrefix']) ? !self.value.contains('/../') : true":
    pathValue('/shop/../cart'),
  "(self.type in ['Exact','PathPrefix']) ? !self.value.contains('%2f') : true":
    pathValue('/shop%2fcart'),
  "(self.type in ['Exact','PathPrefix']) ? !self.value.contains('%2F') : true":
    pathValue('/shop%2Fcart'),
  "(self.type in ['Exact','PathPrefix']) ? !self.value.contains('#') : true":
    pathValue('/shop#cart'),
  "(self.type in ['Exact','PathPrefix']) ? !self.value.endsWith('/..') : true":
    pathValue('/shop/..'),
  "(self.type in ['Exact','PathPrefix']) ? !self.value.endsWith('/.') : true":
    pathValue('/shop/.'),
  "self.type in ['Exact','PathPrefix'] || self.type == 'RegularExpression'": {
    valid: path('^/shop/.*', 'RegularExpression'),
    invalid: undefined,
    behindSchema: path('/shop', 'Glob'),
  },
  '(self.type in [\'Exact\',\'PathPrefix\']) ? self.value.matches(r"""^(?:[-A-Za-z0-9/._~!$&\'()*+,;=:@]|[%][0-9a-fA-F]{2})+$""") : true':
    pathValue('/shop cart'),
  "!(has(self.request) && has(self.backendRequest) && duration(self.request) != duration('0s') && duration(self.backendRequest) > duration(self.request))":
    {
      valid: { request: '10s', backendRequest: '5s' },
      invalid: { request: '5s', backendRequest: '10s' },
    },
  // TLSRoute hostnames
  'self.all(h, !isIP(h))': {
    valid: ['shop.example.com'],
    invalid: ['10.0.0.1'],
  },
  "self.all(h, !h.contains('*') ? h.matches('^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\\\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*)$') : true)":
    {
      valid: ['shop.example.com'],
      invalid: ['shop..example.com'],
    },
  "self.all(h, h.contains('*') ? (h.startsWith('*.') && h.substring(2).matches('^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\\\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*)$')) : true)":
    {
      valid: ['*.example.com'],
      invalid: ['shop.*.example.com'],
    },
};

/** Rules that count matches across all rules: too many matches in total. */
const MATCH_TOTAL = {
  HTTPRoute: {
    valid: rulesWithMatches(8, 16),
    invalid: rulesWithMatches(9, 16),
  },
  GRPCRoute: {
    valid: grpcRulesWithMatches(8, 16),
    invalid: grpcRulesWithMatches(9, 16),
  },
};

// ---------------------------------------------------------------------------

type Segment = { name: string } | { item: true } | { value: true };

function segmentsOf(rulePath: string): Segment[] {
  return (rulePath.match(/\.[^.[]+|\[\]|\[\*\]/g) ?? []).map(part => {
    if (part === '[]') return { item: true };
    if (part === '[*]') return { value: true };
    return { name: part.slice(1) };
  });
}

/** The scaffold with `value` at the rule's place, and that place as the server names it; undefined when the parent is missing. */
function embed(
  scaffold: Record<string, unknown>,
  rulePath: string,
  value: unknown,
) {
  const object = structuredClone(scaffold) as Record<string, unknown>;
  const segments = segmentsOf(rulePath);
  let container: unknown = object;
  let field = '';
  for (const [index, segment] of segments.entries()) {
    const last = index === segments.length - 1;
    if ('name' in segment) {
      if (
        typeof container !== 'object' ||
        container === null ||
        Array.isArray(container)
      )
        return undefined;
      const record = container as Record<string, unknown>;
      field = field ? `${field}.${segment.name}` : segment.name;
      if (last) record[segment.name] = value;
      else container = record[segment.name];
    } else if ('item' in segment) {
      if (!Array.isArray(container) || container.length === 0) return undefined;
      field = `${field}[0]`;
      if (last) container[0] = value;
      else container = container[0];
    } else {
      const record = container as Record<string, unknown>;
      const [key] = Object.keys(record ?? {});
      if (key === undefined) return undefined;
      field = `${field}[${key}]`;
      if (last) record[key] = value;
      else container = record[key];
    }
    if (!last && (container === undefined || container === null))
      return undefined;
  }
  return { object, field };
}

function schemaAt(schema: JSONSchemaProps, rulePath: string): JSONSchemaProps {
  return segmentsOf(rulePath).reduce<JSONSchemaProps>((node, segment) => {
    if ('name' in segment) return node.properties![segment.name];
    if ('item' in segment) return node.items!;
    return node.additionalProperties as JSONSchemaProps;
  }, schema);
}

interface Served {
  crd: string;
  group: string;
  plural: string;
  kind: string;
  version: string;
  namespaced: boolean;
  schema: JSONSchemaProps;
}

const referenceDir = referenceCrdsDir();
if (!referenceDir && process.env.CI) {
  throw new Error(
    'CI runs the rule table against ../shared/reference/crds, which is missing',
  );
}
const describeReference = referenceDir ? describe : describe.skip;
if (!referenceDir) {
  // eslint-disable-next-line no-console
  console.log(
    'Skipping the CEL rule table: ../shared/reference/crds is not beside the repository (set SERVICE_NETWORK_SHARED_DIR)',
  );
}

/** Every version of every CRD, as rules see it. */
function versionsOf(crds: KubeObject[]): Served[] {
  return crds.flatMap(crd => {
    const spec = crd.spec as {
      group: string;
      names: { plural: string; kind: string };
      scope: string;
      versions: Array<{
        name: string;
        schema: { openAPIV3Schema: JSONSchemaProps };
      }>;
    };
    return spec.versions.map(version => ({
      crd: crd.metadata.name,
      group: spec.group,
      plural: spec.names.plural,
      kind: spec.names.kind,
      version: version.name,
      namespaced: spec.scope === 'Namespaced',
      schema: version.schema.openAPIV3Schema,
    }));
  });
}

function rulesOf(versions: Served[]) {
  return versions.flatMap(served =>
    listRules(served.schema).map(listed => ({ served, listed })),
  );
}

/** A store with the CRDs installed and every version served (unserved ones too, so that their rules run). */
function storeWith(crds: KubeObject[]): ObjectStore {
  const store = createObjectStore();
  for (const crd of crds) {
    const copy = structuredClone(crd) as KubeObject & {
      spec: { versions: Array<{ served: boolean }> };
    };
    for (const version of copy.spec.versions) version.served = true;
    store.create(CRD_RESOURCE, copy);
  }
  return store;
}

let counter = 0;
function objectFor(served: Served, body: Record<string, unknown>): KubeObject {
  return {
    apiVersion: `${served.group}/${served.version}`,
    kind: served.kind,
    metadata: {
      name: `case-${++counter}`,
      ...(served.namespaced ? { namespace: 'default' } : {}),
    },
    ...body,
  };
}

/** Writes the object (its status through the subresource, or as an update of `before`) and answers the causes, empty when stored. */
function write(
  store: ObjectStore,
  served: Served,
  body: Record<string, unknown>,
  before?: Record<string, unknown>,
) {
  const resource = { group: served.group, plural: served.plural };
  const { status, ...main } = body;
  const object = objectFor(served, before ?? main);
  try {
    const created = store.create(resource, object);
    if (before)
      store.update(resource, {
        ...created,
        ...main,
        metadata: created.metadata,
      });
    else if (status)
      store.update(resource, { ...created, status }, { subresource: 'status' });
    return [];
  } catch (error) {
    if (isKubeApiError(error) && error.code === 422)
      return error.status.details?.causes ?? [];
    throw error;
  }
}

/** The valid value is stored in some scaffold, and the invalid one refused at the rule's field with its message. */
function checkCase(
  store: ObjectStore,
  served: Served,
  listed: ListedRule,
  ruleCase: RuleCase,
) {
  const candidates = SCAFFOLDS[served.kind].filter(scaffold =>
    embed(scaffold, listed.path, ruleCase.valid),
  );
  if (candidates.length === 0)
    throw new Error(
      `no ${served.kind} scaffold has the parent of ${listed.path}`,
    );
  const beforeIn = (scaffold: Record<string, unknown>) =>
    ruleCase.old === undefined
      ? undefined
      : embed(scaffold, listed.path, ruleCase.old)!.object;
  const outcomes = candidates.map(scaffold =>
    write(
      store,
      served,
      embed(scaffold, listed.path, ruleCase.valid)!.object,
      beforeIn(scaffold),
    ),
  );
  const chosen = outcomes.findIndex(causes => causes.length === 0);
  expect(chosen < 0 ? outcomes[0] : []).toEqual([]);
  const scaffold = candidates[chosen];
  const before = beforeIn(scaffold);
  const placed = (value: unknown) => embed(scaffold, listed.path, value)!;
  const type = schemaAt(served.schema, listed.path).type ?? '';
  const expected = (field: string) => ({
    reason: 'FieldValueInvalid',
    field,
    message: `Invalid value: ${JSON.stringify(type)}: ${listed.rule.message}`,
  });
  // A value the schema refuses first cannot reach the rule through the server: the rule runs on it directly.
  const refused = placed(ruleCase.invalid ?? ruleCase.behindSchema);
  const causes =
    ruleCase.invalid === undefined
      ? validateRules(served.schema, objectFor(served, refused.object))
      : write(store, served, refused.object, before);
  expect(causes).toContainEqual(expected(refused.field));
}

describeReference('the CEL rules of the real CRDs', () => {
  const crds = referenceDir
    ? (loadCrdsFromDir(referenceDir) as KubeObject[])
    : [];
  const versions = versionsOf(crds);
  const rules = rulesOf(versions);
  let store: ObjectStore;

  beforeAll(() => {
    store = storeWith(crds);
  });
  it('has rules in the CRDs the product writes, and every one compiles', () => {
    const counts = new Map<string, number>();
    for (const { served } of rules) {
      const key = `${served.crd} ${served.version}`;
      counts.set(key, (counts.get(key) ?? 0) + 1);
    }
    // eslint-disable-next-line no-console
    console.log(
      `CEL rules loaded: ${rules.length}\n${[...counts]
        .map(([key, count]) => `  ${key}: ${count}`)
        .join('\n')}`,
    );
    expect(rules.length).toBeGreaterThanOrEqual(260);
    const failing = rules
      .filter(({ listed }) => listed.error)
      .map(
        ({ served, listed }) =>
          `${served.crd} ${served.version} ${listed.path}: ${listed.error}`,
      );
    expect(failing).toEqual([]);
  });

  it('has a case for every rule', () => {
    const missing = [
      ...new Set(
        rules
          .filter(({ served, listed }) => !caseFor(served, listed))
          .map(
            ({ listed }) =>
              `  ${JSON.stringify(
                listed.rule.rule,
              )}: { valid: …, invalid: … }, // ${listed.rule.message ?? ''}`,
          ),
      ),
    ];
    expect(missing).toEqual([]);
  });

  it('has no case for a rule the CRDs do not have', () => {
    const texts = new Set(rules.map(({ listed }) => listed.rule.rule));
    expect(Object.keys(CASES).filter(text => !texts.has(text))).toEqual([]);
  });

  it.each(
    Object.entries(SCAFFOLDS).flatMap(([kind, scaffolds]) =>
      scaffolds.map((scaffold, index) => [kind, index, scaffold] as const),
    ),
  )(
    'the %s scaffold %i is valid in every served version',
    (kind, _index, scaffold) => {
      for (const served of versions.filter(
        candidate => candidate.kind === kind,
      ))
        expect({
          version: served.version,
          causes: write(store, served, scaffold),
        }).toEqual({ version: served.version, causes: [] });
    },
  );

  it('says the rules were not checked when the schema refused a value first', () => {
    const httpRoute = versions.find(
      served => served.kind === 'HTTPRoute' && served.version === 'v1',
    )!;
    const { object } = embed(
      SCAFFOLDS.HTTPRoute[0],
      '.spec.rules[].matches[].path',
      path('/shop', 'Glob'),
    )!;
    expect(write(store, httpRoute, object).map(cause => cause.field)).toEqual([
      'spec.rules[0].matches[0].path.type',
      '<nil>',
    ]);
  });

  describe.each([
    'HTTPRoute',
    'GRPCRoute',
    'Gateway',
    'GatewayClass',
    'TLSRoute',
  ])('%s', kind => {
    const ofKind = rules.filter(({ served }) => served.kind === kind);
    it.each(
      ofKind.map(
        ({ served, listed }) =>
          [
            `${served.version} ${listed.path}: ${listed.rule.message}`,
            served,
            listed,
          ] as const,
      ),
    )('%s', (_name, served, listed) => {
      const ruleCase = caseFor(served, listed);
      if (!ruleCase) throw new Error(`no case for ${listed.rule.rule}`);
      checkCase(store, served, listed, ruleCase);
    });
  });
});

describeReference(
  'the CEL rules of our own CRDs (test/crds), where the real ones are not at hand',
  () => {
    const reference = rulesOf(
      versionsOf(
        referenceDir ? (loadCrdsFromDir(referenceDir) as KubeObject[]) : [],
      ),
    );
    const crds = loadProjectCrds();
    const ours = rulesOf(versionsOf(crds));
    let store: ObjectStore;

    beforeAll(() => {
      store = storeWith(crds);
    });

    /** The upstream rule ours stands for: same CRD, version, place and message. */
    const upstreamOf = (served: Served, listed: ListedRule) =>
      reference.find(
        candidate =>
          candidate.served.crd === served.crd &&
          candidate.served.version === served.version &&
          candidate.listed.path === listed.path &&
          candidate.listed.rule.message === listed.rule.message,
      );

    it('has rules, each compiling and standing for an upstream rule', () => {
      expect(ours.length).toBeGreaterThanOrEqual(80);
      expect(ours.filter(({ listed }) => listed.error)).toEqual([]);
      expect(
        ours
          .filter(({ served, listed }) => !upstreamOf(served, listed))
          .map(
            ({ served, listed }) =>
              `${served.crd} ${served.version} ${listed.path}: ${listed.rule.message}`,
          ),
      ).toEqual([]);
    });

    it.each(
      ours.map(
        ({ served, listed }) =>
          [
            `${served.kind} ${served.version} ${listed.path}: ${listed.rule.message}`,
            served,
            listed,
          ] as const,
      ),
    )('%s decides as the upstream rule does', (_name, served, listed) => {
      const upstream = upstreamOf(served, listed);
      const ruleCase = upstream && caseFor(upstream.served, upstream.listed);
      if (!ruleCase)
        throw new Error(`no upstream case for ${listed.rule.message}`);
      checkCase(store, served, listed, ruleCase);
    });
  },
);

function caseFor(served: Served, listed: ListedRule): RuleCase | undefined {
  if (
    listed.path === '.spec.rules' &&
    /matches/.test(listed.rule.rule ?? '') &&
    served.kind in MATCH_TOTAL
  )
    return MATCH_TOTAL[served.kind as keyof typeof MATCH_TOTAL];
  return CASES[listed.rule.rule ?? ''];
}
