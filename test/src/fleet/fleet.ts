import { startClusterApiServer, ClusterApiServer } from '../kube/server';
import { loadFleetCrds } from '../kube/crdManifests';
import { KubeObject, ObjectStore } from '../kube/types';
import { createLatticeState } from '../lattice/state';
import { startLatticeApi, LatticeApiServer } from '../lattice/server';
import { LatticeState } from '../lattice/types';
import {
  settleControllers,
  startControllerSimulator,
  ControllerSimulator,
} from '../controller/controller';
import type { BackendIdentityVariant } from '../access/deployFiles';
import {
  backendLatticeCredential,
  installBackendAccess,
  recordBackendAccess,
  serviceAccountToken,
} from './backendAccess';
import { ControllerManager, startControllerManager } from '../controllerManager/controllerManager';
import { startCiliumClusterMesh } from '../controller/ciliumClusterMesh';
import { installIstioMesh } from '../controller/istioMesh';
import { GKE_MCS_API, startMcsClusterset } from '../controller/mcsClusterset';
import { startLinkerdServiceMirror } from '../controller/linkerdServiceMirror';
import { renderKubeconfig } from './kubeconfig';
import { generateServingCertificate, ServingCertificate } from './tls';

export type ClusterRole = 'config' | 'workload';

export interface FleetCluster {
  name: string;
  role: ClusterRole;
  url: string;
  /** Read-write bearer token. */
  token: string;
  /** Base64 PEM of the CA that signed the server's certificate; absent over plain HTTP. */
  caData?: string;
  readOnlyToken: string;
  /**
   * The token the backend uses: bound to deploy/kubernetes's RBAC for the
   * cluster's kind, nothing more (a ServiceAccount's, or a group member's).
   */
  backendToken: string;
  /** The user name the backend token authenticates as. */
  backendUser: string;
  vpcId: string;
  server: ClusterApiServer;
  store: ObjectStore;
  controller: ControllerSimulator;
  /** The cluster's own controllers: Deployments, ReplicaSets, Pods, EndpointSlices. */
  controllerManager: ControllerManager;
}

export interface FleetLattice {
  url: string;
  region: string;
  accountId: string;
  /** An unrestricted key, for tests and people poking at the fleet. */
  accessKeyId: string;
  secretAccessKey: string;
  /** The backend's key: deploy/aws/iam-policy.json is enforced on its requests. */
  backendAccessKeyId: string;
  backendSecretAccessKey: string;
  state: LatticeState;
  server: LatticeApiServer;
}

export interface FleetOptions {
  /** Number of workload clusters (named workload-1 ... workload-N); one config cluster is always added. */
  workloadClusters?: number;
  region?: string;
  accountId?: string;
  host?: string;
  /**
   * Fixed ports: the config cluster on `basePort`, workload-i on `basePort + i`,
   * the Lattice API on `basePort + 1000`. Ephemeral ports when absent.
   */
  basePort?: number;
  /** Delay before each controller reconcile, to show progress; 0 in tests. */
  reconcileDelayMs?: number;
  /** How long a started pod takes to become Ready (plus its probe's initialDelaySeconds); 0 in tests. */
  podReadyDelayMs?: number;
  /** How long a deleted pod takes to stop (within its grace period); 0 in tests. */
  podTerminationDelayMs?: number;
  /**
   * Run an MCS implementation (multicluster.x-k8s.io) across every workload
   * cluster, as one clusterset beside the AWS controller; off by default.
   */
  mcsClusterset?: boolean;
  /** Run GKE's MCS controller (net.gke.io) across every workload cluster, as one fleet; off by default. */
  gkeFleet?: boolean;
  /** Run Cilium Cluster Mesh's global services across every workload cluster; off by default. */
  ciliumMesh?: boolean;
  /** Run Linkerd multicluster's service mirror in every workload cluster (for the Links each holds); off by default. */
  linkerdMulticluster?: boolean;
  /**
   * Install Istio multi-cluster across every workload cluster (multi-primary,
   * each cluster on a network of its own with an east-west gateway); off by default.
   */
  istioMesh?: boolean;
  /** CRDs installed in every cluster through the API machinery; by default loadFleetCrds(): the real ones when at hand. */
  crds?: KubeObject[];
  /** Serving certificate of the API servers: generated when absent; `false` serves plain HTTP. */
  tls?: ServingCertificate | false;
  /** How the backend's identity is bound in every cluster (default serviceAccount). */
  backendIdentity?: BackendIdentityVariant;
  /**
   * Whether close() adds what the backend's identities did to the access
   * log (SERVICE_NETWORK_ACCESS_LOG_DIR, when set); off for tests that make
   * refused requests with the backend's token on purpose.
   */
  recordAccess?: boolean;
}

export interface Fleet {
  clusters: FleetCluster[];
  configCluster: FleetCluster;
  workloadClusters: FleetCluster[];
  lattice: FleetLattice;
  cluster(name: string): FleetCluster;
  /** Resolves when every controller has nothing queued or running. */
  idle(): Promise<void>;
  kubeconfig(): string;
  close(): Promise<void>;
}

export const FLEET_DEFAULTS = {
  region: 'us-west-2',
  accountId: '123456789012',
  accessKeyId: 'AKIAFLEETSIMULATOR01',
  secretAccessKey: 'fleet-simulator-secret-access-key',
} as const;

/** Deterministic tokens, so a dev config can name them; this is a simulator on loopback. */
export function clusterTokens(name: string) {
  return { token: `${name}-admin-token`, readOnlyToken: `${name}-read-only-token` };
}

export async function startFleet(options: FleetOptions = {}): Promise<Fleet> {
  const region = options.region ?? FLEET_DEFAULTS.region;
  const accountId = options.accountId ?? FLEET_DEFAULTS.accountId;
  const host = options.host ?? '127.0.0.1';
  const crds = options.crds ?? loadFleetCrds().crds;
  const tls = options.tls === false ? undefined : options.tls ?? generateServingCertificate();
  const port = (offset: number) =>
    options.basePort === undefined ? 0 : options.basePort + offset;

  const latticeState = createLatticeState({ accountId, region });
  const backendKey = backendLatticeCredential(accountId);
  const latticeServer = await startLatticeApi({
    state: latticeState,
    host,
    port: port(1000),
    credentials: [
      {
        accessKeyId: FLEET_DEFAULTS.accessKeyId,
        secretAccessKey: FLEET_DEFAULTS.secretAccessKey,
      },
      backendKey,
    ],
  });

  const specs: Array<{ name: string; role: ClusterRole }> = [
    { name: 'config', role: 'config' },
    ...Array.from({ length: options.workloadClusters ?? 2 }, (_, i) => ({
      name: `workload-${i + 1}`,
      role: 'workload' as const,
    })),
  ];

  const clusters = await Promise.all(
    specs.map(async (spec, index): Promise<FleetCluster> => {
      const tokens = clusterTokens(spec.name);
      const server = await startClusterApiServer({
        name: spec.name,
        host,
        port: port(index),
        tokens: [
          { token: tokens.token, access: 'read-write' },
          { token: tokens.readOnlyToken, access: 'read-only' },
        ],
        tls,
        serviceAccountTokens: { tokenFor: serviceAccountToken(spec.name), caData: tls?.caData },
      });
      for (const crd of crds) {
        server.store.create({ group: 'apiextensions.k8s.io', plural: 'customresourcedefinitions' }, crd);
      }
      const backend = installBackendAccess(server, spec, options.backendIdentity ?? 'serviceAccount', accountId);
      const vpcId = `vpc-${(index + 1).toString(16).padStart(17, '0')}`;
      const controller = startControllerSimulator({
        clusterName: spec.name,
        store: server.store,
        lattice: latticeState,
        accountId,
        vpcId,
        reconcileDelayMs: options.reconcileDelayMs ?? 0,
      });
      // Each cluster has its own pod network: 10.0.x.x for the config cluster, 10.<i>.x.x for workload-i.
      const controllerManager = startControllerManager({
        store: server.store,
        clusterName: spec.name,
        podNetwork: `10.${index}`,
        podReadyDelayMs: options.podReadyDelayMs ?? 0,
        podTerminationDelayMs: options.podTerminationDelayMs ?? 0,
      });
      return {
        ...spec,
        ...tokens,
        backendToken: backend.token,
        backendUser: backend.user,
        url: server.url,
        caData: tls?.caData,
        vpcId,
        server,
        store: server.store,
        controller,
        controllerManager,
      };
    }),
  );

  const members = clusters.filter(c => c.role === 'workload').map(c => ({ name: c.name, store: c.store }));
  const delayMs = options.reconcileDelayMs ?? 0;
  const multiCluster = [
    ...(options.mcsClusterset ? [startMcsClusterset({ members, delayMs })] : []),
    ...(options.gkeFleet ? [startMcsClusterset({ members, delayMs, api: GKE_MCS_API })] : []),
    ...(options.ciliumMesh ? [startCiliumClusterMesh({ members, delayMs })] : []),
    ...(options.linkerdMulticluster ? [startLinkerdServiceMirror({ members, delayMs })] : []),
  ];
  if (options.istioMesh) {
    installIstioMesh({
      members: members.map(member => ({ ...member, network: `network-${member.name}` })),
    });
  }
  const byName = new Map(clusters.map(c => [c.name, c]));
  let recorded = false;
  return {
    clusters,
    configCluster: clusters[0],
    workloadClusters: clusters.slice(1),
    lattice: {
      url: latticeServer.url,
      region,
      accountId,
      accessKeyId: FLEET_DEFAULTS.accessKeyId,
      secretAccessKey: FLEET_DEFAULTS.secretAccessKey,
      backendAccessKeyId: backendKey.accessKeyId,
      backendSecretAccessKey: backendKey.secretAccessKey,
      state: latticeState,
      server: latticeServer,
    },
    cluster(name) {
      const cluster = byName.get(name);
      if (!cluster) throw new Error(`No cluster named ${name} in the fleet`);
      return cluster;
    },
    idle() {
      // A reconcile in one cluster can queue work in another (target groups resolve routes).
      return settleControllers([...clusters.flatMap(c => [c.controller, c.controllerManager]), ...multiCluster]);
    },
    kubeconfig() {
      return renderKubeconfig(
        clusters.map(c => ({ name: c.name, url: c.url, token: c.token, backendToken: c.backendToken, caData: c.caData })),
      );
    },
    async close() {
      if (options.recordAccess !== false && !recorded) {
        recorded = true;
        recordBackendAccess(clusters, latticeServer, backendKey.accessKeyId);
      }
      for (const simulator of multiCluster) simulator.stop();
      for (const c of clusters) {
        c.controller.stop();
        c.controllerManager.stop();
      }
      await Promise.all([...clusters.map(c => c.server.close()), latticeServer.close()]);
    },
  };
}
