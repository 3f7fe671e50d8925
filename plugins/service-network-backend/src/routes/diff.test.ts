import {
  KubeObjectManifest,
  PlannedObject,
  RouteRequestPlan,
} from '@service-network/backstage-plugin-service-network-common';
import { plannedImport } from './__testUtils__/plannerFleet';
import { diffPlans, formatPath } from './diff';

const VERSIONS = { fromVersion: 1, toVersion: 2 };

function httpRoute(weights: Record<string, number>): KubeObjectManifest {
  return {
    apiVersion: 'gateway.networking.k8s.io/v1',
    kind: 'HTTPRoute',
    metadata: { name: 'checkout', namespace: 'shop' },
    spec: {
      rules: [
        {
          backendRefs: Object.entries(weights).map(([cluster, weight]) => ({
            name: `checkout-${cluster}`,
            weight,
          })),
        },
      ],
    },
  };
}

const planned = (
  object: KubeObjectManifest,
  extra: Partial<PlannedObject> = {},
): PlannedObject => ({
  cluster: 'config',
  object,
  action: 'create',
  ...extra,
});

const plan = (
  objects: PlannedObject[],
  problems: string[] = [],
): RouteRequestPlan => ({
  objects,
  latticeServiceName: 'checkout-shop',
  problems,
});

const twoClusters = plan([
  planned(plannedImport('w1')),
  planned(plannedImport('w2')),
  planned(httpRoute({ w1: 50, w2: 50 })),
]);

describe('diffPlans', () => {
  it('finds no difference between plans that apply the same', () => {
    expect(
      diffPlans(twoClusters, structuredClone(twoClusters), VERSIONS),
    ).toBeUndefined();
  });

  it('ignores what our own earlier writes changed in the cluster', () => {
    const afterPartialApply = plan(
      twoClusters.objects.map((object, index) =>
        index === 0 ? { ...object, action: 'unchanged' as const } : object,
      ),
    );
    expect(diffPlans(twoClusters, afterPartialApply, VERSIONS)).toBeUndefined();
  });

  it('shows a backend cluster that stopped exporting: import removed, route changed, problem added', () => {
    const fresh = plan(
      [planned(plannedImport('w1')), planned(httpRoute({ w1: 50 }))],
      ['shop/checkout in w2 is not exported'],
    );
    const diff = diffPlans(twoClusters, fresh, VERSIONS)!;
    expect(diff.objects).toEqual([
      {
        kind: 'ServiceImport',
        namespace: 'shop',
        name: 'checkout-w2',
        change: 'removed',
        paths: [],
      },
      {
        kind: 'HTTPRoute',
        namespace: 'shop',
        name: 'checkout',
        change: 'changed',
        paths: [
          {
            path: 'spec.rules[0].backendRefs[1]',
            before: { name: 'checkout-w2', weight: 50 },
          },
        ],
      },
    ]);
    expect(diff.problemsAdded).toEqual(['shop/checkout in w2 is not exported']);
    expect(diff.problemsRemoved).toEqual([]);
    expect(diff.text).toBe(
      [
        '--- plan version 1',
        '+++ plan version 2',
        '@@ ServiceImport shop/checkout-w2 (removed)',
        `- ${JSON.stringify(plannedImport('w2'))}`,
        '@@ HTTPRoute shop/checkout (changed)',
        '- spec.rules[0].backendRefs[1]: {"name":"checkout-w2","weight":50}',
        '@@ problems',
        '+ shop/checkout in w2 is not exported',
      ].join('\n'),
    );
  });

  it('shows a field another manager now owns and the apply would take over', () => {
    const takeover = { manager: 'kubectl', paths: ['spec.ports'] };
    const fresh = plan([
      planned(plannedImport('w1'), {
        action: 'update',
        takesOverFrom: [takeover],
      }),
      ...twoClusters.objects.slice(1),
    ]);
    const diff = diffPlans(twoClusters, fresh, VERSIONS)!;
    expect(diff.objects).toEqual([
      {
        kind: 'ServiceImport',
        namespace: 'shop',
        name: 'checkout-w1',
        change: 'changed',
        paths: [
          { path: '(takes over fields from)', before: [], after: [takeover] },
        ],
      },
    ]);
    expect(diff.text).toContain(
      '+ (takes over fields from): [{"manager":"kubectl","paths":["spec.ports"]}]',
    );
  });

  it('shows added objects and changed values with both sides', () => {
    const fresh = plan([
      ...twoClusters.objects.slice(0, 2),
      planned(plannedImport('w3')),
      planned(httpRoute({ w1: 20, w2: 80 })),
    ]);
    const diff = diffPlans(twoClusters, fresh, VERSIONS)!;
    expect(diff.objects.map(o => [o.name, o.change])).toEqual([
      ['checkout', 'changed'],
      ['checkout-w3', 'added'],
    ]);
    expect(diff.objects[0].paths).toEqual([
      { path: 'spec.rules[0].backendRefs[0].weight', before: 50, after: 20 },
      { path: 'spec.rules[0].backendRefs[1].weight', before: 50, after: 80 },
    ]);
    expect(diff.text).toContain(
      '- spec.rules[0].backendRefs[0].weight: 50\n+ spec.rules[0].backendRefs[0].weight: 20',
    );
  });

  it('shows problems that went away', () => {
    const diff = diffPlans(
      plan(twoClusters.objects, ['gone']),
      twoClusters,
      VERSIONS,
    )!;
    expect(diff.problemsRemoved).toEqual(['gone']);
    expect(diff.text.endsWith('@@ problems\n- gone')).toBe(true);
  });
});

describe('formatPath', () => {
  it('writes keys that are not identifiers in brackets', () => {
    expect(
      formatPath([
        'metadata',
        'annotations',
        'application-networking.k8s.aws/export-name',
      ]),
    ).toBe(
      'metadata.annotations["application-networking.k8s.aws/export-name"]',
    );
    expect(formatPath(['spec', 'rules', 0, 'backendRefs'])).toBe(
      'spec.rules[0].backendRefs',
    );
  });
});
