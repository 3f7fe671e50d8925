export interface Config {
  /**
   * Service Network: the clusters and the VPC Lattice account it watches.
   * Cluster field names follow the Kubernetes plugin's `clusterLocatorMethods[].clusters[]`,
   * so blocks can be copied between the two.
   */
  serviceNetwork?: {
    /**
     * The clusters and their roles. An entry with a `url` says how to reach the cluster; an entry
     * with only `name` and `role` (and `title`, `providers`) is the Kubernetes plugin's cluster
     * of that name, reached with that plugin's cluster details and auth strategies (install
     * `@service-network/backstage-plugin-kubernetes-backend-module-service-network`). Backend modules
     * may supply more clusters.
     */
    clusters?: Array<{
      /** Unique name; for workload clusters, the name the controller tags target groups with (CLUSTER_NAME). */
      name: string;
      /** Human-readable name shown in the UI. */
      title?: string;
      /** `config` holds Gateways, routes and ServiceImports (one); `workload` holds Services and ServiceExports. */
      role: 'config' | 'workload';
      /** API server URL; leave out to use the Kubernetes plugin's cluster of the same name. */
      url?: string;
      /**
       * How to authenticate (with `url`): a service account token (default; without a token, the
       * pod's own), or the EKS token flow with AWS credentials. Other providers come through the
       * Kubernetes plugin.
       */
      authProvider?: 'serviceAccount' | 'aws';
      /**
       * Bearer token for `serviceAccount`.
       * @visibility secret
       */
      serviceAccountToken?: string;
      /**
       * Extra data for the auth provider; for `aws`: `kubernetes.io/x-k8s-aws-id` (the EKS cluster name,
       * default: `name`), `kubernetes.io/aws-assume-role`, `kubernetes.io/aws-external-id`.
       */
      authMetadata?: { [key: string]: string };
      /**
       * Base64-encoded PEM of the API server's CA.
       * @visibility secret
       */
      caData?: string;
      /** Path to a PEM file with the API server's CA, read at start-up; an alternative to `caData`. */
      caFile?: string;
      /** Skip TLS verification of the API server (development only). */
      skipTLSVerify?: boolean;
      /**
       * The multi-cluster systems a workload cluster exports with, in order (the first one's state
       * is the cluster's): `aws-gateway-controller` (default), `mcs` (any `multicluster.x-k8s.io`
       * implementation; name it as `{name: mcs, implementation: submariner-lighthouse | cilium |
       * cloud-map | generic}` for what is particular to it), `gke-mcs` (GKE's `net.gke.io`; on the
       * config cluster it reads MultiClusterService and MultiClusterIngress), `cilium-clustermesh`
       * (Cilium Cluster Mesh global services), `linkerd` (Linkerd multicluster: the
       * `mirror.linkerd.io/exported` label, Links and the service mirror's `<svc>-<cluster>` mirrors)
       * or `istio` (Istio multi-cluster, read only: which
       * clusters reach the Service; every cluster naming it is one mesh, and its name here is its
       * Istio cluster ID).
       */
      providers?: Array<
        | 'aws-gateway-controller'
        | 'mcs'
        | 'gke-mcs'
        | 'cilium-clustermesh'
        | 'linkerd'
        | 'istio'
        | {
            name:
              | 'aws-gateway-controller'
              | 'mcs'
              | 'gke-mcs'
              | 'cilium-clustermesh'
              | 'linkerd'
              | 'istio';
            implementation?:
              | 'submariner-lighthouse'
              | 'cilium'
              | 'cloud-map'
              | 'generic';
          }
      >;
      /**
       * The older way to name one provider: `aws` (the AWS Gateway API Controller) or `mcs`
       * (upstream MCS, generic). Give `providers` instead; not both.
       */
      serviceExportApi?: 'aws' | 'mcs';
    }>;
    /** The VPC Lattice account and region the controller writes to. */
    lattice: {
      region: string;
      /** Account whose credentials (from the `aws` config section) are used; the default chain when absent. */
      accountId?: string;
      /** Endpoint override, for VPC endpoints or the simulated fleet. */
      endpoint?: string;
      /** Lattice API calls the inventory may make per minute, across all operations. Default 600. */
      callBudgetPerMinute?: number;
      /**
       * The account's VPC Lattice quota of target groups per region (Service Quotas). Exports warn
       * when the target groups in use plus those an export adds reach 90% of it. Default 500.
       */
      targetGroupQuota?: number;
    };
    refresh?: {
      /** How often the Lattice inventory is refreshed, in seconds. Default 30. */
      latticeIntervalSeconds?: number;
      /**
       * How often, in seconds, the plugin re-reads which Service each catalog entity maps to. An entity
       * registered since is read from the catalog on its first view; a removed one is forgotten at the
       * next refresh. Default 60.
       */
      catalogIntervalSeconds?: number;
      /** A source is stale when its last successful sync is older than this, in seconds. Default 60. */
      staleAfterSeconds?: number;
    };
    /** The route request workflow: developers ask, the platform team approves. */
    routeRequests?: {
      /** Whether a requester may approve their own request (small teams). Default false. */
      allowSelfApproval?: boolean;
      /** Pending requests expire after this many hours without a decision. Default 72. */
      expireAfterHours?: number;
      /**
       * How often, in seconds, pending requests are expired, transient apply failures retried and
       * applied routes checked for their DNS name (one replica runs it). Default 30.
       */
      checkIntervalSeconds?: number;
      /** Entity refs (groups or users) notified of new requests. Default `[group:default/platform-team]`. */
      approvers?: string[];
    };
    /** The actions the plugin registers in Backstage's actions registry, which MCP clients (AI assistants) call. */
    actions?: {
      /**
       * Whether approving and rejecting route requests are offered as actions too. Default false:
       * four-eyes approval stays with people in the portal. The permission checks apply either way.
       */
      routeRequestDecisions?: boolean;
    };
    /**
     * Where Service Network writes (ServiceExports, ServiceImports, routes), whatever the
     * catalog annotations point at. `*` in a name matches any characters.
     */
    namespaces?: {
      /** Namespaces never written. Default `[kube-system, kube-public, kube-node-lease]`; a list replaces it. */
      protected?: string[];
      /**
       * Namespaces written only for entities owned by (and users in) the owners named; the first
       * rule matching a namespace decides. Namespaces no rule matches are open to every owner.
       */
      owners?: Array<{ namespace: string; owners: string[] }>;
    };
  };
}
