/*
 * For the controller's scenario tests: clusters (stores with the project's
 * CRDs, each running a controller) sharing one Lattice account, in process.
 */
import { loadProjectCrds } from '../kube/crdManifests';
import { createObjectStore } from '../kube/store';
import { GroupResource, KubeObject, ObjectStore } from '../kube/types';
import { createLatticeState } from '../lattice/state';
import { LatticeState } from '../lattice/types';
import { RESOURCES } from './constants';
import {
  ControllerSimulator,
  ControllerSimulatorOptions,
  settleControllers,
  startControllerSimulator,
} from './controller';

export const ACCOUNT_ID = '123456789012';

export interface TestCluster {
  name: string;
  vpcId: string;
  store: ObjectStore;
  controller: ControllerSimulator;
}

export interface TestWorld {
  lattice: LatticeState;
  cluster(name: string): TestCluster;
  /** Applies manifests as a client would (server-side apply). */
  apply(clusterName: string, ...objects: KubeObject[]): void;
  remove(
    clusterName: string,
    resource: GroupResource,
    namespace: string | undefined,
    name: string,
  ): void;
  settle(): Promise<void>;
  /** Stops the controllers; throws if any reconcile failed along the way. */
  stop(): void;
}

let crds: KubeObject[] | undefined;

export function createTestWorld(
  clusterNames: string[],
  extra: Partial<
    Pick<ControllerSimulatorOptions, 'upstreamMcs' | 'peerServices'>
  > = {},
): TestWorld {
  crds ??= loadProjectCrds();
  const failures: string[] = [];
  const lattice = createLatticeState({
    accountId: ACCOUNT_ID,
    region: 'us-west-2',
  });
  const clusters = clusterNames.map((name, index): TestCluster => {
    const store = createObjectStore();
    for (const crd of crds!)
      store.create(RESOURCES.customResourceDefinitions, crd);
    const vpcId = `vpc-${(index + 1).toString(16).padStart(17, '0')}`;
    const controller = startControllerSimulator({
      clusterName: name,
      store,
      lattice,
      accountId: ACCOUNT_ID,
      vpcId,
      ...extra,
      log: message => failures.push(message),
    });
    return { name, vpcId, store, controller };
  });
  const cluster = (name: string) => {
    const found = clusters.find(c => c.name === name);
    if (!found) throw new Error(`no cluster ${name}`);
    return found;
  };
  return {
    lattice,
    cluster,
    apply(clusterName, ...objects) {
      const { store } = cluster(clusterName);
      for (const object of objects) {
        const type = store.resourceTypeForKind(object.apiVersion, object.kind);
        if (!type)
          throw new Error(`${object.apiVersion} ${object.kind} is not served`);
        store.apply({ group: type.group, plural: type.plural }, object, {
          fieldManager: 'scenario',
          force: true,
        });
      }
    },
    remove(clusterName, resource, namespace, name) {
      cluster(clusterName).store.delete(resource, namespace, name);
    },
    settle: () => settleControllers(clusters.map(c => c.controller)),
    stop() {
      clusters.forEach(c => c.controller.stop());
      if (failures.length)
        throw new Error(`Reconciles failed:\n${failures.join('\n')}`);
    },
  };
}

export function eventsAbout(
  store: ObjectStore,
  object: { kind: string; name: string; namespace?: string },
): KubeObject[] {
  return store
    .list(RESOURCES.events, object.namespace ?? 'default')
    .filter(e => {
      const involved = e.involvedObject as { kind: string; name: string };
      return involved.kind === object.kind && involved.name === object.name;
    });
}
