/*
 * What the controller's route condition reasons mean and what to do about
 * each (facts §2.2).
 */

export interface Explanation {
  meaning: string;
  action: string;
}

/** Reasons of `Accepted=False`. */
export const NOT_ACCEPTED: Record<string, Explanation> = {
  NoMatchingParent: {
    meaning:
      'the parentRef matches no listener the controller manages: the Gateway does not exist, is not of the VPC Lattice gateway class, or has no listener with that sectionName or port',
    action:
      "Check spec.parentRefs: the Gateway's name and namespace, and a sectionName equal to one of its listener names.",
  },
  NoMatchingListenerHostname: {
    meaning: "none of the route's hostnames fits the listener's hostname",
    action:
      'Make spec.hostnames match the listener hostname, or attach to a listener without a hostname.',
  },
  NotAllowedByListeners: {
    meaning:
      "the listener's allowedRoutes does not admit the route: its namespace is not allowed, or its kind is not (a GRPCRoute needs an HTTPS listener, a TLSRoute a TLS listener with tls.mode Passthrough)",
    action:
      'Attach to a listener that admits it (sectionName), or ask the platform team to allow this namespace in the Gateway listener (allowedRoutes.namespaces).',
  },
  Conflicted: {
    meaning:
      "a VPC Lattice service with this route's name already exists and belongs to another controller or cluster",
    action:
      'If this route should own it, add the annotation application-networking.k8s.aws/allow-takeover-from: <account>/<cluster>/<vpc> of the current owner; otherwise rename the route, or create it with application-networking.k8s.aws/service-name-override.',
  },
  UnsupportedValue: {
    meaning:
      'a backend Service is dual-stack, and a VPC Lattice target group takes one IP family',
    action:
      'Make the backend Service single-stack (spec.ipFamilyPolicy: SingleStack).',
  },
  CertificateNotFound: {
    meaning:
      "the HTTPS listener has no certificate: none is set in its tls.options and ACM has none for the route's first hostname (the controller retries every minute)",
    action:
      'Set application-networking.k8s.aws/certificate-arn in the listener tls.options to an ACM certificate ARN, or issue an ACM certificate for the first hostname.',
  },
};

/** Reasons of `ResolvedRefs=False`. */
export const UNRESOLVED_REFS: Record<string, Explanation> = {
  BackendNotFound: {
    meaning:
      'a backend does not resolve: a ServiceImport that matches no target group (nothing exported under that name and namespace, or not in the pinned cluster or VPC), or a Service that does not exist',
    action:
      "Export the Service in a workload cluster, and check the ServiceImport's namespace, name or export-name, and aws-eks-cluster-name.",
  },
  InvalidKind: {
    meaning: 'a backendRef kind is neither Service nor ServiceImport',
    action:
      'Use kind: ServiceImport for Services in other clusters (or Service for one in the config cluster).',
  },
  ConflictingServiceImportAnnotations: {
    meaning:
      'a ServiceImport sets target-group-arn together with export-name, aws-eks-cluster-name or aws-vpc',
    action:
      'Keep either target-group-arn alone, or the export-name annotations.',
  },
  InvalidExternalTargetGroup: {
    meaning:
      "a ServiceImport's target-group-arn is not a valid target group ARN",
    action: 'Correct the target-group-arn annotation.',
  },
  ExternalTargetGroupNotFound: {
    meaning:
      "the target group in a ServiceImport's target-group-arn does not exist or is not shared with this account",
    action:
      'Correct the ARN, or share the target group with this account through AWS RAM.',
  },
};

export const UNKNOWN_REASON: Explanation = {
  meaning: 'the controller gave a reason this page does not know',
  action: "Read the condition message; the controller's logs say more.",
};
