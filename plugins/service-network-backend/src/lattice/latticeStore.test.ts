import { LATTICE_TAG_KEYS } from '@service-network/backstage-plugin-service-network-common';
import { LatticeStore, TrackedTargetGroup } from './latticeStore';

function targetGroup(arn: string): TrackedTargetGroup {
  return {
    targetGroup: {
      id: arn,
      arn,
      name: arn,
      status: 'ACTIVE',
      port: 80,
      protocol: 'HTTP',
      tags: {},
    },
    tagged: false,
  };
}

const exportTags = (cluster: string) => ({
  [LATTICE_TAG_KEYS.sourceType]: 'ServiceExport',
  [LATTICE_TAG_KEYS.serviceNamespace]: 'shop',
  [LATTICE_TAG_KEYS.serviceName]: 'cart',
  [LATTICE_TAG_KEYS.clusterName]: cluster,
});

function tag(
  group: TrackedTargetGroup,
  tags: Record<string, string>,
): TrackedTargetGroup {
  return {
    ...group,
    tagged: true,
    targetGroup: { ...group.targetGroup, tags },
  };
}

const arns = (groups: readonly { targetGroup: { arn: string } }[]) =>
  groups.map(g => g.targetGroup.arn);

describe('LatticeStore', () => {
  it("finds an export's target groups as their tags arrive, and forgets those a complete sweep no longer saw", () => {
    const store = new LatticeStore(() => ({ state: 'synced' }));
    const groups = store.targetGroups;
    groups.put('tg-1', targetGroup('tg-1'));
    groups.put('tg-2', targetGroup('tg-2'));
    groups.complete();
    expect(
      store.targetGroupsForExport({ namespace: 'shop', name: 'cart' }),
    ).toEqual([]);

    store.update(groups, 'tg-1', group => tag(group, exportTags('blue')));
    store.update(groups, 'tg-2', group => tag(group, exportTags('orange')));
    expect(
      arns(store.targetGroupsForExport({ namespace: 'shop', name: 'cart' })),
    ).toEqual(['tg-1', 'tg-2']);
    expect(
      arns(
        store.targetGroupsForExport({
          namespace: 'shop',
          name: 'cart',
          cluster: 'orange',
        }),
      ),
    ).toEqual(['tg-2']);
    // Read again after a change: the answer a view already had must not stick.
    store.update(groups, 'tg-1', group => ({ ...group, targetsListedAt: 1 }));
    expect(
      store.targetGroupsForExport({
        namespace: 'shop',
        name: 'cart',
        cluster: 'blue',
      }),
    ).toEqual([expect.objectContaining({ targetsListedAt: 1 })]);

    // The next sweep sees tg-1 only.
    groups.put('tg-1', groups.get('tg-1')!);
    expect(groups.complete().map(g => g.targetGroup.arn)).toEqual(['tg-2']);
    expect(
      arns(store.targetGroupsForExport({ namespace: 'shop', name: 'cart' })),
    ).toEqual(['tg-1']);
  });

  it('finds services, service networks and associations by name and service', () => {
    const store = new LatticeStore(() => ({ state: 'synced' }));
    store.networks.put('sn-1', {
      id: 'sn-1',
      arn: 'arn:sn-1',
      name: 'payments',
    });
    store.services.put('arn:svc-1', {
      id: 'svc-1',
      arn: 'arn:svc-1',
      name: 'cart-shop',
      status: 'ACTIVE',
    });
    store.associationsOf('sn-1').put('snsa-1', {
      id: 'snsa-1',
      status: 'ACTIVE',
      serviceArn: 'arn:svc-1',
      serviceNetworkName: 'payments',
    });
    expect(store.serviceNetworkByName('payments')?.id).toBe('sn-1');
    expect(store.serviceByName('cart-shop')?.arn).toBe('arn:svc-1');
    expect(store.associationsOfService('arn:svc-1').map(a => a.id)).toEqual([
      'snsa-1',
    ]);

    store.services.delete('arn:svc-1');
    expect(store.serviceByName('cart-shop')).toBeUndefined();
  });
});
