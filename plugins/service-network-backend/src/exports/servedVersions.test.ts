import {
  KindDescriptor,
  KINDS,
} from '@service-network/backstage-plugin-service-network-common';
import { ClusterRequestError } from '../clusters/errors';
import type { ClusterClient } from '../clusters/types';
import { ServedVersions } from './servedVersions';

const MCS_KINDS = [
  KINDS.mcsServiceExport,
  { ...KINDS.mcsServiceExport, version: 'v1alpha1' },
];
const ask = (...names: string[]) =>
  names.map(name => ({ cluster: name, kinds: MCS_KINDS }));

/** A cluster that serves these MCS versions, or fails every request with `failure`. */
function cluster(served: string[], failure?: ClusterRequestError) {
  const asked: string[] = [];
  const client = {
    list: jest.fn(async (kind: KindDescriptor) => {
      asked.push(`${kind.group}/${kind.version}/${kind.plural}`);
      if (failure) throw failure;
      if (!served.includes(kind.version))
        throw new ClusterRequestError('not found (404 Not Found)', 404);
      return { items: [], resourceVersion: '1' };
    }),
  } as unknown as ClusterClient;
  return { client, asked };
}

describe('ServedVersions', () => {
  it('prefers v1beta1, falls back to v1alpha1, and says when neither is served', async () => {
    const clusters = {
      both: cluster(['v1alpha1', 'v1beta1']),
      old: cluster(['v1alpha1']),
      none: cluster([]),
    };
    const versions = new ServedVersions(
      name => clusters[name as keyof typeof clusters].client,
    );

    const answers = await versions.lookup(ask('both', 'old', 'none'));

    expect(Object.fromEntries(answers)).toEqual({
      both: { version: 'v1beta1' },
      old: { version: 'v1alpha1' },
      none: { notServed: true },
    });
    expect(clusters.old.asked).toEqual([
      'multicluster.x-k8s.io/v1beta1/serviceexports',
      'multicluster.x-k8s.io/v1alpha1/serviceexports',
    ]);
  });

  it('asks each cluster once and remembers the answer', async () => {
    const old = cluster(['v1alpha1']);
    const versions = new ServedVersions(() => old.client);

    await versions.lookup(ask('old'));
    const again = await versions.lookup(ask('old'));

    expect(again.get('old')).toEqual({ version: 'v1alpha1' });
    expect(old.asked).toHaveLength(2);
  });

  it('reports why a cluster could not be asked, and asks again next time', async () => {
    const down = cluster([], new ClusterRequestError('connection refused'));
    const versions = new ServedVersions(() => down.client);

    expect((await versions.lookup(ask('down'))).get('down')).toEqual({
      error: 'connection refused',
    });
    await versions.lookup(ask('down'));
    expect(down.asked).toHaveLength(2);
  });
});
