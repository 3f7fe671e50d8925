import { KubeObject } from '../kube/types';
import { Resolution } from './resolve';
import { planRules, ruleAction } from './routeRules';

function route(
  kind: 'HTTPRoute' | 'GRPCRoute',
  rules: unknown[],
  annotations?: Record<string, string>,
): KubeObject {
  return {
    apiVersion: 'gateway.networking.k8s.io/v1',
    kind,
    metadata: {
      name: 'checkout',
      namespace: 'shop',
      ...(annotations ? { annotations } : {}),
    },
    spec: { rules },
  };
}

const resolvedTo = (id: string): Resolution => ({
  resolved: true,
  targetGroup: { id } as Extract<Resolution, { resolved: true }>['targetGroup'],
});

describe('planRules', () => {
  it('translates path, headers and method, with priorities by rule index', () => {
    const plan = planRules(
      route('HTTPRoute', [
        {
          matches: [
            {
              path: { type: 'Exact', value: '/cart' },
              headers: [{ name: 'x-tier', value: 'gold' }],
              method: 'GET',
            },
          ],
        },
        { matches: [{ path: { type: 'PathPrefix', value: '/' } }] },
      ]),
      'HTTPRoute',
    );
    expect(plan).toEqual({
      ok: true,
      rules: [
        {
          priority: 1,
          backendRefs: [],
          match: {
            httpMatch: {
              pathMatch: { match: { exact: '/cart' } },
              method: 'GET',
              headerMatches: [{ name: 'x-tier', match: { exact: 'gold' } }],
            },
          },
        },
        {
          priority: 2,
          backendRefs: [],
          match: { httpMatch: { pathMatch: { match: { prefix: '/' } } } },
        },
      ],
    });
  });

  it('takes a rule priority from the rule-<i>-priority annotation', () => {
    const plan = planRules(
      route('HTTPRoute', [{}, {}], {
        'application-networking.k8s.aws/rule-1-priority': '50',
      }),
      'HTTPRoute',
    );
    expect(plan.ok && plan.rules.map(r => r.priority)).toEqual([1, 50]);
  });

  it('refuses more than one match in a rule', () => {
    const plan = planRules(
      route('HTTPRoute', [
        {
          matches: [
            { path: { type: 'PathPrefix', value: '/a' } },
            { path: { type: 'PathPrefix', value: '/b' } },
          ],
        },
      ]),
      'HTTPRoute',
    );
    expect(plan).toEqual({
      ok: false,
      error: 'LATTICE_NO_SUPPORT_FOR_MULTIPLE_MATCHES',
    });
  });

  it('refuses regular-expression paths, query parameters and more than five headers', () => {
    const refused = (match: unknown) =>
      planRules(route('HTTPRoute', [{ matches: [match] }]), 'HTTPRoute');
    expect(
      refused({ path: { type: 'RegularExpression', value: '/v[0-9]+' } }),
    ).toEqual({
      ok: false,
      error: 'LATTICE_UNSUPPORTED_PATH_MATCH_TYPE',
    });
    expect(refused({ queryParams: [{ name: 'a', value: 'b' }] })).toEqual({
      ok: false,
      error: 'LATTICE_UNSUPPORTED_MATCH_TYPE',
    });
    const headers = Array.from({ length: 6 }, (_, i) => ({
      name: `h${i}`,
      value: 'v',
    }));
    expect(refused({ headers })).toEqual({
      ok: false,
      error: 'LATTICE_EXCEED_MAX_HEADER_MATCHES',
    });
  });

  it('turns gRPC service and method into POST path matches', () => {
    const plan = planRules(
      route('GRPCRoute', [
        { matches: [{ method: { service: 'shop.Cart', method: 'Add' } }] },
        { matches: [{ method: { service: 'shop.Cart' } }] },
        {},
      ]),
      'GRPCRoute',
    );
    expect(plan.ok && plan.rules.map(r => r.match.httpMatch)).toEqual([
      { method: 'POST', pathMatch: { match: { exact: '/shop.Cart/Add' } } },
      { method: 'POST', pathMatch: { match: { prefix: '/shop.Cart/' } } },
      { method: 'POST', pathMatch: { match: { prefix: '/' } } },
    ]);
  });
});

describe('ruleAction', () => {
  it('forwards to what resolved with the route weights', () => {
    expect(
      ruleAction([
        { ref: { name: 'a', weight: 30 }, resolution: resolvedTo('tg-a') },
        { ref: { name: 'b' }, resolution: resolvedTo('tg-b') },
        {
          ref: { name: 'c', weight: 70 },
          resolution: {
            resolved: false,
            reason: 'BackendNotFound',
            message: 'gone',
          },
        },
      ]),
    ).toEqual({
      forward: {
        targetGroups: [
          { targetGroupIdentifier: 'tg-a', weight: 30 },
          { targetGroupIdentifier: 'tg-b', weight: 1 },
        ],
      },
    });
  });

  it('answers 500 when nothing resolved or a backend kind is invalid', () => {
    expect(
      ruleAction([
        {
          ref: { name: 'c' },
          resolution: {
            resolved: false,
            reason: 'BackendNotFound',
            message: '',
          },
        },
      ]),
    ).toEqual({
      fixedResponse: { statusCode: 500 },
    });
    expect(
      ruleAction([
        { ref: { name: 'a' }, resolution: resolvedTo('tg-a') },
        {
          ref: { name: 'x', kind: 'ConfigMap' },
          resolution: { resolved: false, reason: 'InvalidKind', message: '' },
        },
      ]),
    ).toEqual({ fixedResponse: { statusCode: 500 } });
  });
});
