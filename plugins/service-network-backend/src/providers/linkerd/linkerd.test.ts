import {
  EntityServiceNetworkStatus,
  KINDS,
} from '@service-network/backstage-plugin-service-network-common';
import type { KubeObject, ServiceObject } from '../../inventory/snapshot';
import { hasService, planExport } from '../../exports/planExport';
import { selectClusters } from '../../exports/preflight';
import { composeEntityStatus } from '../../status/composeEntityStatus';
import { composeFleetOverview } from '../../status/composeFleetOverview';
import { FleetBuilder, NOW, service } from '../../status/__fixtures__/fleet';
import { linkerdReader, LINKS_SOURCE, MIRROR_SLICES_SOURCE } from './reading';
import { linkerdWriter } from './writing';

const NS = 'shop';
const NAME = 'checkout';
const LINKERD = [{ id: 'linkerd' as const }];
const GATEWAY = { 'mirror.linkerd.io/exported': 'true' };
const FEDERATED = { 'mirror.linkerd.io/federated': 'member' };

const source = (name: string) =>
  linkerdReader.sources.find(s => s.source === name)!;

function labelled(
  name: string,
  labels?: Record<string, string>,
): ServiceObject {
  const object = service(NS, name);
  return labels
    ? { ...object, metadata: { ...object.metadata, labels } }
    : object;
}

/** A Link in the holding cluster to `target`, as the source compacts it. */
function link(target: string, gatewayAddress = '203.0.113.10'): KubeObject {
  const raw = {
    apiVersion: 'multicluster.linkerd.io/v1alpha2',
    kind: 'Link',
    metadata: { name: target, namespace: 'linkerd-multicluster' },
    spec: { targetClusterName: target, gatewayAddress, gatewayPort: '4143' },
  };
  return source(LINKS_SOURCE).compact(raw, raw);
}

/** The service mirror's `<svc>-<from>` in the cluster it is added to, with its gateway EndpointSlice (ready flags; none: no slice). */
function mirror(from: string, ready?: boolean[]): KubeObject[] {
  const name = `${NAME}-${from}`;
  const labels = {
    'mirror.linkerd.io/mirrored-service': 'true',
    'mirror.linkerd.io/cluster-name': from,
  };
  const objects: KubeObject[] = [labelled(name, labels)];
  if (ready) {
    const raw = {
      apiVersion: 'discovery.k8s.io/v1',
      kind: 'EndpointSlice',
      metadata: {
        name: `${name}-abcde`,
        namespace: NS,
        labels: { ...labels, 'kubernetes.io/service-name': name },
      },
      endpoints: ready.map(r => ({
        addresses: ['203.0.113.10'],
        conditions: { ready: r },
      })),
    };
    objects.push(source(MIRROR_SLICES_SOURCE).compact(raw as KubeObject, raw));
  }
  return objects;
}

function compose(fleet: FleetBuilder): EntityServiceNetworkStatus {
  return composeEntityStatus({
    entityRef: 'component:default/checkout',
    service: { namespace: NS, name: NAME },
    snapshot: fleet.build(),
    now: NOW,
  });
}

function twoClusters() {
  const fleet = new FleetBuilder();
  fleet.config();
  const east = fleet.workload('east', 'linkerd', LINKERD);
  const west = fleet.workload('west', 'linkerd', LINKERD);
  return { fleet, east, west };
}

const ids = (status: EntityServiceNetworkStatus) =>
  status.findings.map(f => [f.id, f.cluster]);

describe('the Linkerd multicluster provider', () => {
  it('shows an exported Service mirrored in the linked cluster, called as <svc>-<cluster>', () => {
    const { fleet, east, west } = twoClusters();
    east.add(labelled(NAME, GATEWAY), link('west'));
    west.add(labelled(NAME, GATEWAY), link('east'), ...mirror('east', [true]));
    east.add(...mirror('west', [true]));

    const status = compose(fleet);

    const [e, w] = status.clusters;
    expect(e.state).toBe('healthy');
    expect(e.providers[0]).toMatchObject({
      provider: 'linkerd',
      exportKind: { group: '', version: 'v1', kind: 'Service' },
      exported: true,
      callName: 'checkout-east.shop.svc.cluster.local',
      imported: true,
      servedFrom: ['east', 'west'],
      stateReason: 'Exported (gateway mode) and mirrored in west.',
    });
    expect(e.linkerd).toMatchObject({
      exportedLabel: 'true',
      mode: 'gateway',
      mirroredIn: [
        {
          cluster: 'west',
          link: 'east',
          gateway: '203.0.113.10:4143',
          mirror: 'checkout-east',
          gatewayEndpoints: { ready: 1, total: 1 },
        },
      ],
      mirrorsHere: [
        { cluster: 'west', name: 'checkout-west', mode: 'gateway' },
      ],
      exportedIn: ['east', 'west'],
    });
    expect(w.providers[0].facts).toContain(
      "From here, east's copy is called as checkout-east.",
    );
    expect(status.findings.filter(f => f.id.startsWith('linkerd-'))).toEqual(
      [],
    );
  });

  it('says where the label is missing and where the Service is missing', () => {
    const { fleet, east, west } = twoClusters();
    const third = fleet.workload('north', 'linkerd', LINKERD);
    east.add(labelled(NAME, GATEWAY));
    west.add(labelled(NAME), link('east'), ...mirror('east', [true]));
    third.add(link('east'), ...mirror('east', [true]));

    const status = compose(fleet);

    expect(status.clusters[1]).toMatchObject({
      state: 'not-exported',
      stateReason:
        'Not exported here (no mirror.linkerd.io/exported label); exported from east.',
    });
    expect(ids(status)).toEqual(
      expect.arrayContaining([
        ['linkerd-label-missing', 'west'],
        ['linkerd-no-service-here', 'north'],
      ]),
    );
    expect(
      status.findings.find(f => f.id === 'linkerd-no-service-here')?.detail,
    ).toBe(
      'shop/checkout is exported from east and cluster north runs no Service of that name; pods here call it as checkout-east.',
    );
    expect(status.clusters[2].linkerd?.missingIn).toEqual(['north']);
  });

  it('names a linked cluster without a Link, with the command that links it', () => {
    const { fleet, east, west } = twoClusters();
    east.add(labelled(NAME, GATEWAY));
    west.add(labelled(NAME));

    const status = compose(fleet);

    expect(status.clusters[0]).toMatchObject({
      state: 'unhealthy',
      stateReason:
        'Exported (gateway mode), but west has no Link to this cluster.',
    });
    const finding = status.findings.find(f => f.id === 'linkerd-no-link');
    expect(finding).toMatchObject({ cluster: 'east', severity: 'warning' });
    expect(finding?.action).toBe(
      'Link the clusters: linkerd --context=east multicluster link-gen --cluster-name east | kubectl --context=west apply -f -',
    );
  });

  it('is pending while the service mirror has not made the mirror yet', () => {
    const { fleet, east, west } = twoClusters();
    east.add(labelled(NAME, GATEWAY));
    west.add(link('east'));

    expect(compose(fleet).clusters[0]).toMatchObject({
      state: 'pending',
      stateReason: 'Exported (gateway mode); west has no mirror yet.',
    });
  });

  it('reports a gateway that is not alive and a mirror without endpoints', () => {
    const { fleet, east, west } = twoClusters();
    const north = fleet.workload('north', 'linkerd', LINKERD);
    east.add(labelled(NAME, GATEWAY));
    west.add(link('east'), ...mirror('east', [false]));
    north.add(link('east'), ...mirror('east', []));

    const status = compose(fleet);

    expect(status.clusters[0].state).toBe('unhealthy');
    const gateway = status.findings.find(
      f => f.id === 'linkerd-gateway-not-alive',
    );
    expect(gateway).toMatchObject({ severity: 'error', cluster: 'east' });
    expect(gateway?.detail).toBe(
      'The mirror checkout-east in west points at the gateway of east (203.0.113.10:4143), but its endpoints are not ready: calls from west to shop/checkout fail.',
    );
    expect(
      status.findings.find(f => f.id === 'linkerd-mirror-no-endpoints')?.title,
    ).toBe('Mirror in north has no endpoints');
  });

  it('takes a remote-discovery mirror without local endpoints as it is meant', () => {
    const { fleet, east, west } = twoClusters();
    east.add(
      labelled(NAME, { 'mirror.linkerd.io/exported': 'remote-discovery' }),
    );
    const [mirrored] = mirror('east');
    mirrored.metadata.labels = {
      ...mirrored.metadata.labels,
      'multicluster.linkerd.io/remote-discovery': 'east',
      'multicluster.linkerd.io/remote-service': NAME,
    };
    west.add(link('east'), mirrored);

    const status = compose(fleet);

    expect(status.clusters[0].state).toBe('healthy');
    expect(status.clusters[1].linkerd?.mirrorsHere).toEqual([
      { cluster: 'east', name: 'checkout-east', mode: 'remote-discovery' },
    ]);
  });

  it('calls a federated member by <svc>-federated and finds a cluster left out of it', () => {
    const { fleet, east, west } = twoClusters();
    east.add(labelled(NAME, FEDERATED));
    west.add(labelled(NAME));

    const status = compose(fleet);

    expect(status.clusters[0].providers[0]).toMatchObject({
      exported: true,
      callName: 'checkout-federated.shop.svc.cluster.local',
    });
    expect(
      status.findings.find(f => f.id === 'linkerd-federated-member-missing'),
    ).toMatchObject({
      cluster: 'west',
      action:
        'Label it here: kubectl --context=west -n shop label svc/checkout mirror.linkerd.io/federated=member, or leave it out on purpose.',
    });
  });

  it('counts exports on the fleet page, not the mirrors', () => {
    const { fleet, east, west } = twoClusters();
    east.add(labelled(NAME, GATEWAY), labelled('wallet', FEDERATED));
    west.add(link('east'), ...mirror('east', [true]));

    const overview = composeFleetOverview(fleet.build());

    expect(overview.clusters.map(c => c.exports.linkerd)).toEqual([
      undefined,
      2,
      0,
    ]);
    expect(overview.totals.exports.linkerd).toBe(2);
  });

  it('writes only the export label, under a field manager of its own, and releases it', () => {
    const fleet = new FleetBuilder();
    fleet.config();
    fleet.workload('east', 'linkerd', LINKERD).add(labelled(NAME));
    const snapshot = fleet.build();

    const ref = { namespace: NS, name: NAME };
    const plan = planExport({
      service: ref,
      request: { clusters: ['east'] },
      selection: selectClusters(snapshot, ['east'], hasService(ref)),
      servedVersions: new Map(),
      lattice: snapshot.lattice,
      quota: { limit: 500, inUse: 0, region: 'us-west-2' },
    });

    expect(plan.problems).toEqual([]);
    expect(plan.writes).toEqual([
      {
        cluster: 'east',
        kind: KINDS.service,
        fieldManager: 'backstage-service-network-linkerd',
        object: {
          apiVersion: 'v1',
          kind: 'Service',
          metadata: {
            name: NAME,
            namespace: NS,
            labels: { 'mirror.linkerd.io/exported': 'true' },
          },
        },
      },
    ]);
    expect(
      linkerdWriter.release?.(KINDS.service, { namespace: NS, name: NAME }),
    ).toEqual({
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: NAME, namespace: NS },
    });
  });
});
