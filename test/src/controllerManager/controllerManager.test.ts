/*
 * The simulated controller-manager on one cluster's store: what a real
 * cluster's Deployment, ReplicaSet and EndpointSlice controllers and kubelet
 * make of the objects a user writes.
 */
import { createObjectStore } from '../kube/store';
import type { KubeObject, ObjectStore } from '../kube/types';
import { deployment, service } from '../fleet/objects';
import { RESOURCES } from './context';
import { ControllerManager, startControllerManager } from './controllerManager';
import { READINESS_ANNOTATION } from './kubelet';

const NS = 'default';

describe('the simulated controller-manager', () => {
  let store: ObjectStore;
  let manager: ControllerManager;

  const apply = (object: KubeObject) => {
    const type = store.resourceTypeForKind(object.apiVersion, object.kind)!;
    store.apply({ group: type.group, plural: type.plural }, object, {
      fieldManager: 'test',
      force: true,
    });
  };
  const pods = (app: string) =>
    store
      .list(RESOURCES.pods, NS)
      .filter(pod => pod.metadata.labels?.app === app);
  const slices = (name: string) =>
    store
      .list(RESOURCES.endpointSlices, NS)
      .filter(
        slice => slice.metadata.labels?.['kubernetes.io/service-name'] === name,
      );
  const conditionsOf = (name: string) =>
    (slices(name)[0]?.endpoints as Array<{ conditions: unknown }> | null)?.map(
      endpoint => endpoint.conditions,
    );

  beforeEach(() => {
    store = createObjectStore();
    manager = startControllerManager({
      store,
      clusterName: 'test',
      podNetwork: '10.7',
    });
  });
  afterEach(() => manager.stop());

  it('rolls a Deployment out into a ReplicaSet and Ready pods with addresses from the pod network', async () => {
    apply(deployment(NS, 'web', 3));
    await manager.idle();
    const [set] = store.list(RESOURCES.replicaSets, NS);
    expect(set.metadata).toMatchObject({
      name: expect.stringMatching(/^web-[bcdfghjklmnpqrstvwxz2456789]+$/),
      annotations: { 'deployment.kubernetes.io/revision': '1' },
      ownerReferences: [
        expect.objectContaining({
          kind: 'Deployment',
          name: 'web',
          controller: true,
        }),
      ],
    });
    const running = pods('web');
    expect(
      running.map(pod => (pod.status as { podIP: string }).podIP).sort(),
    ).toEqual(['10.7.1.10', '10.7.1.11', '10.7.1.12']);
    expect(
      running.every(pod =>
        pod.metadata.name.startsWith(`${set.metadata.name}-`),
      ),
    ).toBe(true);
    expect(running.map(pod => (pod.status as { phase: string }).phase)).toEqual(
      ['Running', 'Running', 'Running'],
    );
    const web = store.get(RESOURCES.deployments, NS, 'web')!;
    expect(web.status).toMatchObject({
      replicas: 3,
      readyReplicas: 3,
      availableReplicas: 3,
      updatedReplicas: 3,
      observedGeneration: 1,
    });
    expect(
      (
        web.status as { conditions: Array<{ type: string; reason: string }> }
      ).conditions.map(c => [c.type, c.reason]),
    ).toEqual([
      ['Available', 'MinimumReplicasAvailable'],
      ['Progressing', 'NewReplicaSetAvailable'],
    ]);
  });

  it("writes the EndpointSlice controller's slices: labels, owner, target ports and conditions", async () => {
    apply(service(NS, 'web', '10.96.0.20'));
    apply(deployment(NS, 'web', 2));
    await manager.idle();
    const [slice] = slices('web');
    expect(slice.metadata).toMatchObject({
      generateName: 'web-',
      labels: {
        'endpointslice.kubernetes.io/managed-by':
          'endpointslice-controller.k8s.io',
        app: 'web',
      },
      ownerReferences: [
        expect.objectContaining({
          kind: 'Service',
          name: 'web',
          controller: true,
        }),
      ],
    });
    expect(slice.ports).toEqual([
      { name: 'http', port: 8080, protocol: 'TCP' },
    ]);
    expect(conditionsOf('web')).toEqual([
      { ready: true, serving: true, terminating: false },
      { ready: true, serving: true, terminating: false },
    ]);
  });

  it('resolves a named targetPort in each pod and keeps a slice with no endpoints for a Service that selects nothing', async () => {
    const named = service(NS, 'named', '10.96.0.21');
    (
      named.spec as { ports: Array<Record<string, unknown>> }
    ).ports[0].targetPort = 'http';
    apply(named);
    apply(service(NS, 'lonely', '10.96.0.22'));
    apply(deployment(NS, 'named', 1));
    await manager.idle();
    expect(slices('named')[0].ports).toEqual([
      { name: 'http', port: 8080, protocol: 'TCP' },
    ]);
    expect(slices('lonely')).toHaveLength(1);
    expect(slices('lonely')[0]).toMatchObject({ endpoints: null, ports: null });
  });

  it('keeps pods out of Ready while their readiness probe fails, by probe or by annotation', async () => {
    const failingProbe = deployment(NS, 'probe', 1);
    const template = (failingProbe.spec as any).template.spec.containers[0];
    template.readinessProbe = { exec: { command: ['sh', '-c', 'exit 1'] } };
    apply(service(NS, 'probe', '10.96.0.23'));
    apply(failingProbe);
    apply(service(NS, 'marked', '10.96.0.24'));
    apply(deployment(NS, 'marked', 2));
    await manager.idle();
    expect(conditionsOf('probe')).toEqual([
      { ready: false, serving: false, terminating: false },
    ]);
    expect(conditionsOf('marked')).toEqual([
      { ready: true, serving: true, terminating: false },
      { ready: true, serving: true, terminating: false },
    ]);
    // Annotating the Deployment fails its pods' probes without a rollout.
    store.mergePatch(RESOURCES.deployments, NS, 'marked', {
      metadata: { annotations: { [READINESS_ANNOTATION]: 'fail' } },
    });
    await manager.idle();
    expect(conditionsOf('marked')).toEqual([
      { ready: false, serving: false, terminating: false },
      { ready: false, serving: false, terminating: false },
    ]);
    expect(
      store
        .list(RESOURCES.replicaSets, NS)
        .filter(set => set.metadata.labels?.app === 'marked'),
    ).toHaveLength(1);
    const warnings = store
      .list(RESOURCES.events, NS)
      .filter(event => event.reason === 'Unhealthy')
      .map(event => event.message);
    expect(warnings).toContain(
      'Readiness probe failed: command terminated with exit code 1',
    );
    expect(warnings).toContain(
      'Readiness probe failed: HTTP probe failed with statuscode: 503',
    );
    store.mergePatch(RESOURCES.deployments, NS, 'marked', {
      metadata: { annotations: { [READINESS_ANNOTATION]: null } },
    });
    await manager.idle();
    expect(
      conditionsOf('marked')?.every(
        condition => (condition as { ready: boolean }).ready,
      ),
    ).toBe(true);
  });

  it('becomes Ready only after the ready delay', async () => {
    manager.stop();
    manager = startControllerManager({
      store,
      clusterName: 'test',
      podNetwork: '10.7',
      podReadyDelayMs: 300,
    });
    apply(deployment(NS, 'slow', 1));
    await new Promise(resolve => setTimeout(resolve, 100));
    expect(
      (
        pods('slow')[0].status as {
          phase: string;
          conditions: Array<{ type: string; status: string }>;
        }
      ).conditions.find(c => c.type === 'Ready')?.status,
    ).toBe('False');
    const started = Date.now();
    await manager.idle();
    expect(Date.now() - started).toBeGreaterThanOrEqual(100);
    expect(
      (
        pods('slow')[0].status as {
          conditions: Array<{ type: string; status: string }>;
        }
      ).conditions.find(c => c.type === 'Ready')?.status,
    ).toBe('True');
  });

  it('rolls a new template out within maxSurge and maxUnavailable, keeping the old ReplicaSet at zero', async () => {
    apply(deployment(NS, 'web', 4));
    await manager.idle();
    const changed = deployment(NS, 'web', 4);
    (changed.spec as any).template.spec.containers[0].image =
      'public.ecr.aws/nginx/nginx:1.27';
    // Record the pods at every step: never fewer than 3 available, never more than 5 in all.
    const totals: number[] = [];
    const ready: number[] = [];
    const unsubscribe = store.subscribe(event => {
      if (event.resource.plural !== 'pods') return;
      const live = pods('web').filter(pod => !pod.metadata.deletionTimestamp);
      totals.push(live.length);
      ready.push(
        live.filter(pod =>
          (pod.status as any).conditions?.some(
            (c: any) => c.type === 'Ready' && c.status === 'True',
          ),
        ).length,
      );
    });
    apply(changed);
    await manager.idle();
    unsubscribe();
    expect(Math.max(...totals)).toBeLessThanOrEqual(5);
    expect(Math.min(...ready)).toBeGreaterThanOrEqual(3);
    const sets = store
      .list(RESOURCES.replicaSets, NS)
      .sort((a, b) =>
        a.metadata.annotations![
          'deployment.kubernetes.io/revision'
        ].localeCompare(
          b.metadata.annotations!['deployment.kubernetes.io/revision'],
        ),
      );
    expect(
      sets.map(set => (set.spec as { replicas: number }).replicas),
    ).toEqual([0, 4]);
    expect(
      pods('web').map(pod => (pod.spec as any).containers[0].image),
    ).toEqual(Array(4).fill('public.ecr.aws/nginx/nginx:1.27'));
  });

  it('deletes pods gracefully: terminating endpoints first, then gone, and a deleted Deployment takes its pods along', async () => {
    manager.stop();
    manager = startControllerManager({
      store,
      clusterName: 'test',
      podNetwork: '10.7',
      podTerminationDelayMs: 200,
    });
    apply(service(NS, 'web', '10.96.0.25'));
    apply(deployment(NS, 'web', 1));
    await manager.idle();
    const [pod] = pods('web');
    store.delete(RESOURCES.pods, NS, pod.metadata.name);
    const marked = store.get(RESOURCES.pods, NS, pod.metadata.name)!;
    expect(marked.metadata).toMatchObject({
      deletionGracePeriodSeconds: 30,
      deletionTimestamp: expect.any(String),
    });
    await new Promise(resolve => setTimeout(resolve, 50));
    expect(conditionsOf('web')).toContainEqual({
      ready: false,
      serving: true,
      terminating: true,
    });
    await manager.idle();
    expect(store.get(RESOURCES.pods, NS, pod.metadata.name)).toBeUndefined();
    // The ReplicaSet replaced it.
    expect(pods('web')).toHaveLength(1);
    store.delete(RESOURCES.deployments, NS, 'web');
    await manager.idle();
    expect(store.list(RESOURCES.replicaSets, NS)).toEqual([]);
    expect(pods('web')).toEqual([]);
  });
});
