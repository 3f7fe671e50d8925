import type { ServiceRef } from '@service-network/backstage-plugin-service-network-common';
import { FleetBuilder, latticeExport, mcsExport, service } from '../status/__fixtures__/fleet';
import { isExportedIn, planUnexport } from './planUnexport';
import { VersionLookup, selectClusters } from './preflight';

const SERVICE: ServiceRef = { namespace: 'shop', name: 'checkout' };

/** checkout exported in workload-1 (AWS) and mcs-1 (MCS); workload-2 runs it without exporting. */
function fleet() {
  const builder = new FleetBuilder();
  builder.config();
  const clusters = {
    w1: builder.workload('workload-1').add(service('shop', 'checkout'), latticeExport('shop', 'checkout')),
    w2: builder.workload('workload-2').add(service('shop', 'checkout')),
    mcs: builder.workload('mcs-1', 'mcs').add(service('shop', 'checkout'), mcsExport('shop', 'checkout', [])),
  };
  return { builder, ...clusters };
}

function plan(
  builder: FleetBuilder,
  clusters?: string[],
  servedVersions: Record<string, VersionLookup> = { 'mcs-1': { version: 'v1beta1' } },
) {
  return planUnexport({
    service: SERVICE,
    requestedClusters: clusters,
    selection: selectClusters(builder.build(), clusters, isExportedIn(SERVICE)),
    servedVersions: new Map(Object.entries(servedVersions)),
  });
}

describe('planUnexport', () => {
  it('deletes, by default, the export in every workload cluster holding one in its own flavour', () => {
    const result = plan(fleet().builder);

    expect(result.problems).toEqual([]);
    expect(result.steps).toEqual([
      {
        action: 'delete',
        cluster: 'workload-1',
        kind: expect.objectContaining({ group: 'application-networking.k8s.aws', plural: 'serviceexports' }),
        object: { apiVersion: 'application-networking.k8s.aws/v1alpha1', kind: 'ServiceExport', metadata: { name: 'checkout', namespace: 'shop' } },
        known: true,
      },
      {
        action: 'delete',
        cluster: 'mcs-1',
        kind: expect.objectContaining({ group: 'multicluster.x-k8s.io', version: 'v1beta1' }),
        object: { apiVersion: 'multicluster.x-k8s.io/v1beta1', kind: 'ServiceExport', metadata: { name: 'checkout', namespace: 'shop' } },
        known: true,
      },
    ]);
  });

  it('deletes in the chosen clusters even where the inventory holds no export, so a lagging inventory cannot hide one', () => {
    const result = plan(fleet().builder, ['workload-2']);

    expect(result.steps).toEqual([expect.objectContaining({ action: 'delete', cluster: 'workload-2', known: false })]);
  });

  it('does nothing in an MCS cluster that does not serve the MCS API: it holds no export', () => {
    const result = plan(fleet().builder, ['mcs-1'], { 'mcs-1': { notServed: true } });

    expect(result.problems).toEqual([]);
    expect(result.steps).toEqual([{ action: 'none', cluster: 'mcs-1' }]);
  });

  it('says there was nothing to delete when no cluster holds an export', () => {
    const builder = new FleetBuilder();
    builder.workload('workload-1').add(service('shop', 'checkout'));

    const result = plan(builder);

    expect(result.steps).toEqual([]);
    expect(result.warnings).toEqual(['Service shop/checkout is not exported in any workload cluster; there was nothing to delete']);
  });

  it.each([
    [['nope'], 'unknown cluster "nope"; the workload clusters are workload-1, workload-2, mcs-1'],
    [['config'], '"config" is the config cluster; Services are exported from workload clusters (workload-1, workload-2, mcs-1)'],
  ])('refuses %j as bad input', (clusters, message) => {
    expect(plan(fleet().builder, clusters).problems).toEqual([{ kind: 'input', message }]);
  });

  it('refuses an unreachable cluster and an MCS cluster that could not be asked', () => {
    const { builder, w1 } = fleet();
    w1.sync.serviceexports = { state: 'unreachable', reason: 'connection refused' };

    const result = plan(builder, undefined, { 'mcs-1': { error: 'no answer within 15 s' } });

    expect(result.problems.map(p => p.message)).toEqual([
      'workload-1 is unreachable (connection refused); try again when it answers, or leave workload-1 out of "clusters"',
      'mcs-1 could not be asked which MCS API version it serves (no answer within 15 s); try again when it answers, or leave it out of "clusters"',
    ]);
  });
});
