/*
 * core/v1 (Namespace, Service, Event, Pod and what a pod template holds) and
 * discovery.k8s.io/v1 EndpointSlice. Parts of a pod this simulator does not act
 * on (volumes' sources, security contexts, affinity) are kept as sent.
 */
import {
  bool,
  Definitions,
  enumOf,
  int32,
  int64,
  INT_OR_STRING,
  kind,
  CONDITION,
  listKind,
  MICRO_TIME,
  object,
  OBJECT_META,
  opaque,
  opaqueList,
  QUANTITY,
  ref,
  refList,
  specAndStatus,
  refMap,
  str,
  stringList,
  stringMap,
  TIME,
} from './dsl';

export const CORE = 'io.k8s.api.core.v1';
const DISCOVERY = 'io.k8s.api.discovery.v1';
const core = { group: '', version: 'v1' };
const discovery = { group: 'discovery.k8s.io', version: 'v1' };

const condition = (subject: string) =>
  object(
    `${subject} contains details for the current condition of this ${subject
      .replace(/Condition$/, '')
      .toLowerCase()}.`,
    {
      lastTransitionTime: ref(
        TIME,
        'Last time the condition transitioned from one status to another.',
      ),
      message: str(
        'Human-readable message indicating details about the last transition.',
      ),
      reason: str(
        "Unique, one-word, CamelCase reason for the condition's last transition.",
      ),
      status: str('Status of the condition, one of True, False, Unknown.', {
        default: '',
      }),
      type: str('Type of the condition.', { default: '' }),
    },
    { required: ['type', 'status'] },
  );

const conditionList = (definition: string, description: string) =>
  refList(definition, description, {
    listType: 'map',
    mapKeys: ['type'],
    mergeKey: 'type',
  });

const NAMESPACE: Definitions = {
  [`${CORE}.Namespace`]: kind(
    core,
    'Namespace',
    'Namespace provides a scope for Names. Use of multiple namespaces is optional.',
    {
      ...specAndStatus(
        [
          `${CORE}.NamespaceSpec`,
          'Spec defines the behavior of the Namespace.',
        ],
        [
          `${CORE}.NamespaceStatus`,
          'Status describes the current status of a Namespace.',
        ],
      ),
    },
  ),
  [`${CORE}.NamespaceSpec`]: object(
    'NamespaceSpec describes the attributes on a Namespace.',
    {
      finalizers: stringList(
        'Finalizers is an opaque list of values that must be empty to permanently remove object from storage.',
      ),
    },
  ),
  [`${CORE}.NamespaceStatus`]: object(
    'NamespaceStatus is information about the current status of a Namespace.',
    {
      conditions: conditionList(
        `${CORE}.NamespaceCondition`,
        "Represents the latest available observations of a namespace's current state.",
      ),
      phase: enumOf('Phase is the current lifecycle phase of the namespace.', [
        'Active',
        'Terminating',
      ]),
    },
  ),
  [`${CORE}.NamespaceCondition`]: condition('NamespaceCondition'),
  [`${CORE}.NamespaceList`]: listKind(
    core,
    `${CORE}.Namespace`,
    'NamespaceList',
  ),
};

const SERVICE: Definitions = {
  [`${CORE}.Service`]: kind(
    core,
    'Service',
    'Service is a named abstraction of software service (for example, mysql) consisting of local port (for example 3306) that the proxy listens on, and the selector that determines which pods will answer requests sent through the proxy.',
    {
      ...specAndStatus(
        [`${CORE}.ServiceSpec`, 'Spec defines the behavior of a service.'],
        [
          `${CORE}.ServiceStatus`,
          'Most recently observed status of the service. Populated by the system. Read-only.',
        ],
      ),
    },
  ),
  [`${CORE}.ServiceSpec`]: object(
    'ServiceSpec describes the attributes that a user creates on a service.',
    {
      allocateLoadBalancerNodePorts: bool(
        'Whether NodePorts are automatically allocated for services with type LoadBalancer. Default is "true".',
      ),
      clusterIP: str(
        'clusterIP is the IP address of the service and is usually assigned randomly. "None" makes a headless service. Cannot be changed through updates.',
      ),
      clusterIPs: stringList(
        'ClusterIPs is a list of IP addresses assigned to this service, and are usually assigned randomly. The first is the same as clusterIP.',
      ),
      externalIPs: stringList(
        'externalIPs is a list of IP addresses for which nodes in the cluster will also accept traffic for this service.',
      ),
      externalName: str(
        'externalName is the external reference that discovery mechanisms will return as an alias for this service (e.g. a DNS CNAME record). Requires `type` to be "ExternalName".',
      ),
      externalTrafficPolicy: enumOf(
        'externalTrafficPolicy describes how nodes distribute service traffic they receive on one of the Service\'s "externally-facing" addresses.',
        ['Cluster', 'Local'],
      ),
      healthCheckNodePort: int32(
        'healthCheckNodePort specifies the healthcheck nodePort for the service.',
      ),
      internalTrafficPolicy: enumOf(
        'InternalTrafficPolicy describes how nodes distribute service traffic they receive on the ClusterIP.',
        ['Cluster', 'Local'],
      ),
      ipFamilies: stringList(
        'IPFamilies is a list of IP families (e.g. IPv4, IPv6) assigned to this service.',
      ),
      ipFamilyPolicy: enumOf(
        'IPFamilyPolicy represents the dual-stack-ness requested or required by this Service.',
        ['PreferDualStack', 'RequireDualStack', 'SingleStack'],
      ),
      loadBalancerClass: str(
        'loadBalancerClass is the class of the load balancer implementation this Service belongs to.',
      ),
      loadBalancerIP: str(
        'Only applies to Service Type: LoadBalancer. Deprecated.',
      ),
      loadBalancerSourceRanges: stringList(
        'If specified and supported by the platform, traffic through the cloud-provider load-balancer will be restricted to the specified client IPs.',
      ),
      ports: refList(
        `${CORE}.ServicePort`,
        'The list of ports that are exposed by this service.',
        {
          listType: 'map',
          mapKeys: ['port', 'protocol'],
          mergeKey: 'port',
        },
      ),
      publishNotReadyAddresses: bool(
        'publishNotReadyAddresses indicates that any agent which deals with endpoints for this Service should disregard any indications of ready/not-ready.',
      ),
      selector: stringMap(
        'Route service traffic to pods with label keys and values matching this selector. If empty or not present, the service is assumed to have an external process managing its endpoints, which Kubernetes will not modify.',
        { 'x-kubernetes-map-type': 'atomic' },
      ),
      sessionAffinity: enumOf(
        'Supports "ClientIP" and "None". Used to maintain session affinity.',
        ['ClientIP', 'None'],
      ),
      sessionAffinityConfig: opaque(
        'sessionAffinityConfig contains the configurations of session affinity.',
      ),
      trafficDistribution: str(
        'TrafficDistribution offers a way to express preferences for how traffic is distributed to Service endpoints.',
      ),
      type: enumOf(
        'type determines how the Service is exposed. Defaults to ClusterIP. Valid options are ExternalName, ClusterIP, NodePort, and LoadBalancer.',
        ['ClusterIP', 'ExternalName', 'LoadBalancer', 'NodePort'],
      ),
    },
  ),
  [`${CORE}.ServicePort`]: object(
    "ServicePort contains information on service's port.",
    {
      appProtocol: str(
        'The application protocol for this port. This is used as a hint for implementations to offer richer behavior for protocols that they understand.',
      ),
      name: str(
        'The name of this port within the service. This must be a DNS_LABEL. All ports within a ServiceSpec must have unique names.',
      ),
      nodePort: int32(
        'The port on each node on which this service is exposed when type is NodePort or LoadBalancer.',
      ),
      port: int32('The port that will be exposed by this service.', {
        default: 0,
      }),
      protocol: enumOf(
        'The IP protocol for this port. Supports "TCP", "UDP", and "SCTP". Default is TCP.',
        ['SCTP', 'TCP', 'UDP'],
        { default: 'TCP' },
      ),
      targetPort: ref(
        INT_OR_STRING,
        "Number or name of the port to access on the pods targeted by the service. Number must be in the range 1 to 65535. Name must be an IANA_SVC_NAME. If this is a string, it will be looked up as a named port in the target Pod's container ports. Defaults to the value of the 'port' field.",
      ),
    },
    { required: ['port'] },
  ),
  [`${CORE}.ServiceStatus`]: object(
    'ServiceStatus represents the current status of a service.',
    {
      conditions: conditionList(CONDITION, 'Current service state'),
      loadBalancer: ref(
        `${CORE}.LoadBalancerStatus`,
        'LoadBalancer contains the current status of the load-balancer, if one is present.',
        { default: {} },
      ),
    },
  ),
  [`${CORE}.LoadBalancerStatus`]: object(
    'LoadBalancerStatus represents the status of a load-balancer.',
    {
      ingress: refList(
        `${CORE}.LoadBalancerIngress`,
        'Ingress is a list containing ingress points for the load-balancer.',
      ),
    },
  ),
  [`${CORE}.LoadBalancerIngress`]: object(
    'LoadBalancerIngress represents the status of a load-balancer ingress point.',
    {
      hostname: str(
        'Hostname is set for load-balancer ingress points that are DNS based.',
      ),
      ip: str('IP is set for load-balancer ingress points that are IP based.'),
      ipMode: str('IPMode specifies how the load-balancer IP behaves.'),
      ports: opaque('Ports is a list of records of service ports.'),
    },
  ),
  [`${CORE}.ServiceList`]: listKind(core, `${CORE}.Service`, 'ServiceList'),
};

const EVENT: Definitions = {
  [`${CORE}.Event`]: kind(
    core,
    'Event',
    'Event is a report of an event somewhere in the cluster.',
    {
      action: str(
        'What action was taken/failed regarding to the Regarding object.',
      ),
      count: int32('The number of times this event has occurred.'),
      eventTime: ref(MICRO_TIME, 'Time when this Event was first observed.'),
      firstTimestamp: ref(
        TIME,
        'The time at which the event was first recorded. (Time of server receipt is in TypeMeta.)',
      ),
      involvedObject: ref(
        `${CORE}.ObjectReference`,
        'The object that this event is about.',
        { default: {} },
      ),
      lastTimestamp: ref(
        TIME,
        'The time at which the most recent occurrence of this event was recorded.',
      ),
      message: str(
        'A human-readable description of the status of this operation.',
      ),
      reason: str(
        "This should be a short, machine understandable string that gives the reason for the transition into the object's current status.",
      ),
      related: ref(
        `${CORE}.ObjectReference`,
        'Optional secondary object for more complex actions.',
      ),
      reportingComponent: str(
        'Name of the controller that emitted this Event, e.g. `kubernetes.io/kubelet`.',
        { default: '' },
      ),
      reportingInstance: str(
        'ID of the controller instance, e.g. `kubelet-xyzf`.',
        { default: '' },
      ),
      series: ref(
        `${CORE}.EventSeries`,
        "Data about the Event series this event represents or nil if it's a singleton Event.",
      ),
      source: ref(
        `${CORE}.EventSource`,
        'The component reporting this event. Should be a short machine understandable string.',
        { default: {} },
      ),
      type: str(
        'Type of this event (Normal, Warning), new types could be added in the future',
      ),
    },
    { required: ['metadata', 'involvedObject'] },
  ),
  [`${CORE}.EventSource`]: object(
    'EventSource contains information for an event.',
    {
      component: str('Component from which the event is generated.'),
      host: str('Node name on which the event is generated.'),
    },
  ),
  [`${CORE}.EventSeries`]: object(
    'EventSeries contain information on series of events, i.e. thing that was/is happening continuously for some time.',
    {
      count: int32(
        'Number of occurrences in this series up to the last heartbeat time',
      ),
      lastObservedTime: ref(MICRO_TIME, 'Time of the last occurrence observed'),
    },
  ),
  [`${CORE}.ObjectReference`]: object(
    'ObjectReference contains enough information to let you inspect or modify the referred object.',
    {
      apiVersion: str('API version of the referent.'),
      fieldPath: str(
        'If referring to a piece of an object instead of an entire object, this string should contain a valid JSON/Go field access statement, such as desiredState.manifest.containers[2].',
      ),
      kind: str('Kind of the referent.'),
      name: str('Name of the referent.'),
      namespace: str('Namespace of the referent.'),
      resourceVersion: str(
        'Specific resourceVersion to which this reference is made, if any.',
      ),
      uid: str('UID of the referent.'),
    },
    { 'x-kubernetes-map-type': 'atomic' },
  ),
  [`${CORE}.EventList`]: listKind(core, `${CORE}.Event`, 'EventList'),
};

const PROBE_HANDLERS = {
  exec: ref(
    `${CORE}.ExecAction`,
    'Exec specifies a command to execute in the container.',
  ),
  grpc: ref(`${CORE}.GRPCAction`, 'GRPC specifies a GRPC HealthCheckRequest.'),
  httpGet: ref(
    `${CORE}.HTTPGetAction`,
    'HTTPGet specifies an HTTP GET request to perform.',
  ),
  tcpSocket: ref(
    `${CORE}.TCPSocketAction`,
    'TCPSocket specifies a connection to a TCP port.',
  ),
};

const probe = (what: string) =>
  ref(
    `${CORE}.Probe`,
    `Periodic probe of container ${what}. More info: https://kubernetes.io/docs/concepts/workloads/pods/pod-lifecycle#container-probes`,
  );

const POD: Definitions = {
  [`${CORE}.Pod`]: kind(
    core,
    'Pod',
    'Pod is a collection of containers that can run on a host. This resource is created by clients and scheduled onto hosts.',
    {
      ...specAndStatus(
        [
          `${CORE}.PodSpec`,
          'Specification of the desired behavior of the pod.',
        ],
        [
          `${CORE}.PodStatus`,
          'Most recently observed status of the pod. This data may not be up to date. Populated by the system. Read-only.',
        ],
      ),
    },
  ),
  [`${CORE}.PodList`]: listKind(core, `${CORE}.Pod`, 'PodList'),
  [`${CORE}.PodTemplateSpec`]: object(
    'PodTemplateSpec describes the data a pod should have when created from a template',
    {
      metadata: ref(OBJECT_META, "Standard object's metadata.", {
        default: {},
      }),
      spec: ref(
        `${CORE}.PodSpec`,
        'Specification of the desired behavior of the pod.',
        { default: {} },
      ),
    },
  ),
  [`${CORE}.PodSpec`]: object(
    'PodSpec is a description of a pod.',
    {
      activeDeadlineSeconds: int64(
        'Optional duration in seconds the pod may be active on the node relative to StartTime before the system will actively try to mark it failed and kill associated containers.',
      ),
      affinity: opaque("If specified, the pod's scheduling constraints"),
      automountServiceAccountToken: bool(
        'AutomountServiceAccountToken indicates whether a service account token should be automatically mounted.',
      ),
      containers: refList(
        `${CORE}.Container`,
        'List of containers belonging to the pod. Containers cannot currently be added or removed. There must be at least one container in a Pod. Cannot be updated.',
        {
          listType: 'map',
          mapKeys: ['name'],
          mergeKey: 'name',
        },
      ),
      dnsConfig: opaque('Specifies the DNS parameters of a pod.'),
      dnsPolicy: enumOf(
        'Set DNS policy for the pod. Defaults to "ClusterFirst".',
        ['ClusterFirst', 'ClusterFirstWithHostNet', 'Default', 'None'],
      ),
      enableServiceLinks: bool(
        "EnableServiceLinks indicates whether information about services should be injected into pod's environment variables. Optional: Defaults to true.",
      ),
      hostAliases: refList(
        `${CORE}.HostAlias`,
        "HostAliases is an optional list of hosts and IPs that will be injected into the pod's hosts file if specified.",
        {
          listType: 'map',
          mapKeys: ['ip'],
          mergeKey: 'ip',
        },
      ),
      hostIPC: bool(
        "Use the host's ipc namespace. Optional: Default to false.",
      ),
      hostNetwork: bool(
        'Host networking requested for this pod. Default to false.',
      ),
      hostPID: bool(
        "Use the host's pid namespace. Optional: Default to false.",
      ),
      hostname: str(
        "Specifies the hostname of the Pod. If not specified, the pod's hostname will be set to a system-defined value.",
      ),
      imagePullSecrets: refList(
        `${CORE}.LocalObjectReference`,
        'ImagePullSecrets is an optional list of references to secrets in the same namespace to use for pulling any of the images used by this PodSpec.',
        {
          listType: 'map',
          mapKeys: ['name'],
          mergeKey: 'name',
        },
      ),
      initContainers: refList(
        `${CORE}.Container`,
        'List of initialization containers belonging to the pod. Init containers are executed in order prior to containers being started.',
        {
          listType: 'map',
          mapKeys: ['name'],
          mergeKey: 'name',
        },
      ),
      nodeName: str(
        'NodeName indicates in which node this pod is scheduled. If empty, this pod is a candidate for scheduling by the scheduler defined in schedulerName.',
      ),
      nodeSelector: stringMap(
        "NodeSelector is a selector which must be true for the pod to fit on a node. Selector which must match a node's labels for the pod to be scheduled on that node.",
        { 'x-kubernetes-map-type': 'atomic' },
      ),
      preemptionPolicy: str(
        'PreemptionPolicy is the Policy for preempting pods with lower priority. One of Never, PreemptLowerPriority.',
      ),
      priority: int32(
        'The priority value. Various system components use this field to find the priority of the pod.',
      ),
      priorityClassName: str("If specified, indicates the pod's priority."),
      readinessGates: refList(
        `${CORE}.PodReadinessGate`,
        'If specified, all readiness gates will be evaluated for pod readiness. A pod is ready when all its containers are ready AND all conditions specified in the readiness gates have status equal to "True".',
      ),
      restartPolicy: enumOf(
        'Restart policy for all containers within the pod. One of Always, OnFailure, Never. Default to Always.',
        ['Always', 'Never', 'OnFailure'],
      ),
      runtimeClassName: str(
        'RuntimeClassName refers to a RuntimeClass object in the node.k8s.io group, which should be used to run this pod.',
      ),
      schedulerName: str(
        'If specified, the pod will be dispatched by specified scheduler. If not specified, the pod will be dispatched by default scheduler.',
      ),
      securityContext: opaque(
        'SecurityContext holds pod-level security attributes and common container settings. Optional: Defaults to empty.',
      ),
      serviceAccount: str(
        'DeprecatedServiceAccount is a deprecated alias for ServiceAccountName. Deprecated: Use serviceAccountName instead.',
      ),
      serviceAccountName: str(
        'ServiceAccountName is the name of the ServiceAccount to use to run this pod.',
      ),
      setHostnameAsFQDN: bool(
        "If true the pod's hostname will be configured as the pod's FQDN, rather than the leaf name (the default).",
      ),
      shareProcessNamespace: bool(
        'Share a single process namespace between all of the containers in a pod.',
      ),
      subdomain: str(
        'If specified, the fully qualified Pod hostname will be "<hostname>.<subdomain>.<pod namespace>.svc.<cluster domain>".',
      ),
      terminationGracePeriodSeconds: int64(
        'Optional duration in seconds the pod needs to terminate gracefully. Defaults to 30 seconds.',
      ),
      tolerations: refList(
        `${CORE}.Toleration`,
        "If specified, the pod's tolerations.",
      ),
      topologySpreadConstraints: opaqueList(
        'TopologySpreadConstraints describes how a group of pods ought to spread across topology domains.',
        'TopologySpreadConstraint specifies how to spread matching pods among the given topology.',
      ),
      volumes: refList(
        `${CORE}.Volume`,
        'List of volumes that can be mounted by containers belonging to the pod.',
        {
          listType: 'map',
          mapKeys: ['name'],
          mergeKey: 'name',
          strategy: 'merge,retainKeys',
        },
      ),
    },
    { required: ['containers'] },
  ),
  [`${CORE}.HostAlias`]: object(
    "HostAlias holds the mapping between IP and hostnames that will be injected as an entry in the pod's hosts file.",
    {
      hostnames: stringList('Hostnames for the above IP address.'),
      ip: str('IP address of the host file entry.', { default: '' }),
    },
    { required: ['ip'] },
  ),
  [`${CORE}.LocalObjectReference`]: object(
    'LocalObjectReference contains enough information to let you locate the referenced object inside the same namespace.',
    {
      name: str('Name of the referent.', { default: '' }),
    },
    { 'x-kubernetes-map-type': 'atomic' },
  ),
  [`${CORE}.PodReadinessGate`]: object(
    'PodReadinessGate contains the reference to a pod condition',
    {
      conditionType: str(
        "ConditionType refers to a condition in the pod's condition list with matching type.",
        { default: '' },
      ),
    },
    { required: ['conditionType'] },
  ),
  [`${CORE}.Toleration`]: object(
    'The pod this Toleration is attached to tolerates any taint that matches the triple <key,value,effect> using the matching operator <operator>.',
    {
      effect: enumOf(
        'Effect indicates the taint effect to match. Empty means match all taint effects.',
        ['NoExecute', 'NoSchedule', 'PreferNoSchedule'],
      ),
      key: str(
        'Key is the taint key that the toleration applies to. Empty means match all taint keys.',
      ),
      operator: enumOf(
        "Operator represents a key's relationship to the value. Valid operators are Exists and Equal. Defaults to Equal.",
        ['Equal', 'Exists'],
      ),
      tolerationSeconds: int64(
        'TolerationSeconds represents the period of time the toleration (which must be of effect NoExecute) tolerates the taint.',
      ),
      value: str('Value is the taint value the toleration matches to.'),
    },
  ),
  [`${CORE}.Volume`]: {
    ...object(
      'Volume represents a named volume in a pod that may be accessed by any container in the pod. Its source (configMap, secret, emptyDir, ...) is kept as written.',
      {
        name: str(
          'name of the volume. Must be a DNS_LABEL and unique within the pod.',
          { default: '' },
        ),
      },
      { required: ['name'] },
    ),
    'x-kubernetes-preserve-unknown-fields': true,
  },
  [`${CORE}.Container`]: object(
    'A single application container that you want to run within a pod.',
    {
      args: stringList(
        "Arguments to the entrypoint. The container image's CMD is used if this is not provided.",
      ),
      command: stringList(
        "Entrypoint array. Not executed within a shell. The container image's ENTRYPOINT is used if this is not provided.",
      ),
      env: refList(
        `${CORE}.EnvVar`,
        'List of environment variables to set in the container. Cannot be updated.',
        {
          listType: 'map',
          mapKeys: ['name'],
          mergeKey: 'name',
        },
      ),
      envFrom: refList(
        `${CORE}.EnvFromSource`,
        'List of sources to populate environment variables in the container.',
      ),
      image: str(
        'Container image name. More info: https://kubernetes.io/docs/concepts/containers/images',
      ),
      imagePullPolicy: enumOf(
        'Image pull policy. One of Always, Never, IfNotPresent. Defaults to Always if :latest tag is specified, or IfNotPresent otherwise.',
        ['Always', 'IfNotPresent', 'Never'],
      ),
      lifecycle: opaque(
        'Actions that the management system should take in response to container lifecycle events.',
      ),
      livenessProbe: probe(
        'liveness. Container will be restarted if the probe fails',
      ),
      name: str(
        'Name of the container specified as a DNS_LABEL. Each container in a pod must have a unique name (DNS_LABEL). Cannot be updated.',
        { default: '' },
      ),
      ports: refList(
        `${CORE}.ContainerPort`,
        'List of ports to expose from the container.',
        {
          listType: 'map',
          mapKeys: ['containerPort', 'protocol'],
          mergeKey: 'containerPort',
        },
      ),
      readinessProbe: probe(
        'service readiness. Container will be removed from service endpoints if the probe fails',
      ),
      resizePolicy: opaqueList(
        'Resources resize policy for the container.',
        'ContainerResizePolicy represents resource resize policy for the container.',
      ),
      resources: ref(
        `${CORE}.ResourceRequirements`,
        'Compute Resources required by this container. Cannot be updated.',
        { default: {} },
      ),
      restartPolicy: str(
        'RestartPolicy defines the restart behavior of individual containers in a pod. This field may only be set for init containers, and the only allowed value is "Always".',
      ),
      securityContext: opaque(
        'SecurityContext defines the security options the container should be run with.',
      ),
      startupProbe: probe('startup. Other probes wait until it succeeds'),
      stdin: bool(
        'Whether this container should allocate a buffer for stdin in the container runtime.',
      ),
      stdinOnce: bool(
        'Whether the container runtime should close the stdin channel after it has been opened by a single attach.',
      ),
      terminationMessagePath: str(
        "Optional: Path at which the file to which the container's termination message will be written is mounted into the container's filesystem.",
      ),
      terminationMessagePolicy: enumOf(
        'Indicate how the termination message should be populated.',
        ['FallbackToLogsOnError', 'File'],
      ),
      tty: bool(
        "Whether this container should allocate a TTY for itself, also requires 'stdin' to be true.",
      ),
      volumeDevices: opaqueList(
        'volumeDevices is the list of block devices to be used by the container.',
        'volumeDevice describes a mapping of a raw block device within a container.',
      ),
      volumeMounts: refList(
        `${CORE}.VolumeMount`,
        "Pod volumes to mount into the container's filesystem. Cannot be updated.",
        {
          listType: 'map',
          mapKeys: ['mountPath'],
          mergeKey: 'mountPath',
        },
      ),
      workingDir: str("Container's working directory."),
    },
    { required: ['name'] },
  ),
  [`${CORE}.ContainerPort`]: object(
    'ContainerPort represents a network port in a single container.',
    {
      containerPort: int32(
        "Number of port to expose on the pod's IP address. This must be a valid port number, 0 < x < 65536.",
        { default: 0 },
      ),
      hostIP: str('What host IP to bind the external port to.'),
      hostPort: int32('Number of port to expose on the host.'),
      name: str(
        'If specified, this must be an IANA_SVC_NAME and unique within the pod. Each named port in a pod must have a unique name. Name for the port that can be referred to by services.',
      ),
      protocol: enumOf(
        'Protocol for port. Must be UDP, TCP, or SCTP. Defaults to "TCP".',
        ['SCTP', 'TCP', 'UDP'],
        { default: 'TCP' },
      ),
    },
    { required: ['containerPort'] },
  ),
  [`${CORE}.EnvVar`]: object(
    'EnvVar represents an environment variable present in a Container.',
    {
      name: str('Name of the environment variable. Must be a C_IDENTIFIER.', {
        default: '',
      }),
      value: str(
        'Variable references $(VAR_NAME) are expanded using the previously defined environment variables in the container and any service environment variables.',
      ),
      valueFrom: opaque(
        "Source for the environment variable's value. Cannot be used if value is not empty.",
      ),
    },
    { required: ['name'] },
  ),
  [`${CORE}.EnvFromSource`]: object(
    'EnvFromSource represents the source of a set of ConfigMaps or Secrets',
    {
      configMapRef: opaque('The ConfigMap to select from'),
      prefix: str(
        'An optional identifier to prepend to each key in the ConfigMap or Secret.',
      ),
      secretRef: opaque('The Secret to select from'),
    },
  ),
  [`${CORE}.ResourceRequirements`]: object(
    'ResourceRequirements describes the compute resource requirements.',
    {
      claims: opaqueList(
        'Claims lists the names of resources, defined in spec.resourceClaims, that are used by this container.',
        'ResourceClaim references one entry in PodSpec.ResourceClaims.',
      ),
      limits: refMap(
        QUANTITY,
        'Limits describes the maximum amount of compute resources allowed.',
      ),
      requests: refMap(
        QUANTITY,
        'Requests describes the minimum amount of compute resources required.',
      ),
    },
  ),
  [`${CORE}.VolumeMount`]: object(
    'VolumeMount describes a mounting of a Volume within a container.',
    {
      mountPath: str(
        "Path within the container at which the volume should be mounted. Must not contain ':'.",
        { default: '' },
      ),
      mountPropagation: str(
        'mountPropagation determines how mounts are propagated from the host to container and the other way around.',
      ),
      name: str('This must match the Name of a Volume.', { default: '' }),
      readOnly: bool(
        'Mounted read-only if true, read-write otherwise (false or unspecified). Defaults to false.',
      ),
      recursiveReadOnly: str(
        'RecursiveReadOnly specifies whether read-only mounts should be handled recursively.',
      ),
      subPath: str(
        'Path within the volume from which the container\'s volume should be mounted. Defaults to "" (volume\'s root).',
      ),
      subPathExpr: str(
        "Expanded path within the volume from which the container's volume should be mounted.",
      ),
    },
    { required: ['name', 'mountPath'] },
  ),
  [`${CORE}.Probe`]: object(
    'Probe describes a health check to be performed against a container to determine whether it is alive or ready to receive traffic.',
    {
      ...PROBE_HANDLERS,
      failureThreshold: int32(
        'Minimum consecutive failures for the probe to be considered failed after having succeeded. Defaults to 3. Minimum value is 1.',
      ),
      initialDelaySeconds: int32(
        'Number of seconds after the container has started before liveness probes are initiated.',
      ),
      periodSeconds: int32(
        'How often (in seconds) to perform the probe. Default to 10 seconds. Minimum value is 1.',
      ),
      successThreshold: int32(
        'Minimum consecutive successes for the probe to be considered successful after having failed. Defaults to 1.',
      ),
      terminationGracePeriodSeconds: int64(
        'Optional duration in seconds the pod needs to terminate gracefully upon probe failure.',
      ),
      timeoutSeconds: int32(
        'Number of seconds after which the probe times out. Defaults to 1 second. Minimum value is 1.',
      ),
    },
  ),
  [`${CORE}.ExecAction`]: object(
    'ExecAction describes a "run in container" action.',
    {
      command: stringList(
        "Command is the command line to execute inside the container, the working directory for the command is root ('/') in the container's filesystem. The command is simply exec'd, it is not run inside a shell. Exit status of 0 is treated as live/healthy and non-zero is unhealthy.",
      ),
    },
  ),
  [`${CORE}.GRPCAction`]: object(
    'GRPCAction specifies an action involving a GRPC service.',
    {
      port: int32(
        'Port number of the gRPC service. Number must be in the range 1 to 65535.',
        { default: 0 },
      ),
      service: str(
        'Service is the name of the service to place in the gRPC HealthCheckRequest.',
        { default: '' },
      ),
    },
    { required: ['port'] },
  ),
  [`${CORE}.HTTPGetAction`]: object(
    'HTTPGetAction describes an action based on HTTP Get requests.',
    {
      host: str('Host name to connect to, defaults to the pod IP.'),
      httpHeaders: refList(
        `${CORE}.HTTPHeader`,
        'Custom headers to set in the request. HTTP allows repeated headers.',
      ),
      path: str('Path to access on the HTTP server.'),
      port: ref(
        INT_OR_STRING,
        'Name or number of the port to access on the container. Number must be in the range 1 to 65535. Name must be an IANA_SVC_NAME.',
      ),
      scheme: enumOf(
        'Scheme to use for connecting to the host. Defaults to HTTP.',
        ['HTTP', 'HTTPS'],
      ),
    },
    { required: ['port'] },
  ),
  [`${CORE}.HTTPHeader`]: object(
    'HTTPHeader describes a custom header to be used in HTTP probes',
    {
      name: str('The header field name.', { default: '' }),
      value: str('The header field value', { default: '' }),
    },
    { required: ['name', 'value'] },
  ),
  [`${CORE}.TCPSocketAction`]: object(
    'TCPSocketAction describes an action based on opening a socket',
    {
      host: str('Optional: Host name to connect to, defaults to the pod IP.'),
      port: ref(
        INT_OR_STRING,
        'Number or name of the port to access on the container.',
      ),
    },
    { required: ['port'] },
  ),
  [`${CORE}.PodStatus`]: object(
    'PodStatus represents information about the status of a pod. Status may trail the actual state of a system, especially if the node that hosts the pod cannot contact the control plane.',
    {
      conditions: conditionList(
        `${CORE}.PodCondition`,
        'Current service state of pod. More info: https://kubernetes.io/docs/concepts/workloads/pods/pod-lifecycle#pod-conditions',
      ),
      containerStatuses: refList(
        `${CORE}.ContainerStatus`,
        'The list has one entry per container in the manifest.',
      ),
      hostIP: str(
        'hostIP holds the IP address of the host to which the pod is assigned.',
      ),
      hostIPs: refList(
        `${CORE}.HostIP`,
        'hostIPs holds the IP addresses allocated to the host.',
        { listType: 'atomic', mergeKey: 'ip' },
      ),
      initContainerStatuses: refList(
        `${CORE}.ContainerStatus`,
        'The list has one entry per init container in the manifest.',
      ),
      message: str(
        'A human readable message indicating details about why the pod is in this condition.',
      ),
      nominatedNodeName: str(
        'nominatedNodeName is set only when this pod preempts other pods on the node, but it cannot be scheduled right away as preemption victims receive their graceful termination periods.',
      ),
      phase: enumOf(
        'The phase of a Pod is a simple, high-level summary of where the Pod is in its lifecycle.',
        ['Failed', 'Pending', 'Running', 'Succeeded', 'Unknown'],
      ),
      podIP: str(
        'podIP address allocated to the pod. Routable at least within the cluster. Empty if not yet allocated.',
      ),
      podIPs: refList(
        `${CORE}.PodIP`,
        'podIPs holds the IP addresses allocated to the pod.',
        { listType: 'map', mapKeys: ['ip'], mergeKey: 'ip' },
      ),
      qosClass: enumOf(
        'The Quality of Service (QOS) classification assigned to the pod based on resource requirements.',
        ['BestEffort', 'Burstable', 'Guaranteed'],
      ),
      reason: str(
        "A brief CamelCase message indicating details about why the pod is in this state. e.g. 'Evicted'",
      ),
      startTime: ref(
        TIME,
        'RFC 3339 date and time at which the object was acknowledged by the Kubelet. This is before the Kubelet pulled the container image(s) for the pod.',
      ),
    },
  ),
  [`${CORE}.PodCondition`]: object(
    'PodCondition contains details for the current condition of this pod.',
    {
      lastProbeTime: ref(TIME, 'Last time we probed the condition.'),
      lastTransitionTime: ref(
        TIME,
        'Last time the condition transitioned from one status to another.',
      ),
      message: str(
        'Human-readable message indicating details about last transition.',
      ),
      reason: str(
        "Unique, one-word, CamelCase reason for the condition's last transition.",
      ),
      status: str(
        'Status is the status of the condition. Can be True, False, Unknown.',
        { default: '' },
      ),
      type: str('Type is the type of the condition.', { default: '' }),
    },
    { required: ['type', 'status'] },
  ),
  [`${CORE}.PodIP`]: object(
    'PodIP represents a single IP address allocated to the pod.',
    {
      ip: str('IP is the IP address assigned to the pod', { default: '' }),
    },
    { required: ['ip'] },
  ),
  [`${CORE}.HostIP`]: object(
    'HostIP represents a single IP address allocated to the host.',
    {
      ip: str('IP is the IP address assigned to the host', { default: '' }),
    },
    { required: ['ip'] },
  ),
  [`${CORE}.ContainerStatus`]: object(
    'ContainerStatus contains details for the current status of this container.',
    {
      allocatedResources: refMap(
        QUANTITY,
        'AllocatedResources represents the compute resources allocated for this container by the node.',
      ),
      containerID: str(
        "ContainerID is the ID of the container in the format '<type>://<container_id>'.",
      ),
      image: str(
        'Image is the name of container image that the container is running.',
        { default: '' },
      ),
      imageID: str("ImageID is the image ID of the container's image.", {
        default: '',
      }),
      lastState: ref(
        `${CORE}.ContainerState`,
        'LastTerminationState holds the last termination state of the container to help debug container crashes and restarts.',
        { default: {} },
      ),
      name: str(
        'Name is a DNS_LABEL representing the unique name of the container.',
        { default: '' },
      ),
      ready: bool(
        'Ready specifies whether the container is currently passing its readiness check.',
        { default: false },
      ),
      restartCount: int32(
        'RestartCount holds the number of times the container has been restarted.',
        { default: 0 },
      ),
      started: bool(
        'Started indicates whether the container has finished its postStart lifecycle hook and passed its startup probe.',
      ),
      state: ref(
        `${CORE}.ContainerState`,
        "State holds details about the container's current condition.",
        { default: {} },
      ),
      volumeMounts: opaqueList(
        'Status of volume mounts.',
        'VolumeMountStatus shows status of volume mounts.',
      ),
    },
    { required: ['name', 'ready', 'restartCount', 'image', 'imageID'] },
  ),
  [`${CORE}.ContainerState`]: object(
    'ContainerState holds a possible state of container. Only one of its members may be specified. If none of them is specified, the default one is ContainerStateWaiting.',
    {
      running: ref(
        `${CORE}.ContainerStateRunning`,
        'Details about a running container',
      ),
      terminated: ref(
        `${CORE}.ContainerStateTerminated`,
        'Details about a terminated container',
      ),
      waiting: ref(
        `${CORE}.ContainerStateWaiting`,
        'Details about a waiting container',
      ),
    },
  ),
  [`${CORE}.ContainerStateRunning`]: object(
    'ContainerStateRunning is a running state of a container.',
    {
      startedAt: ref(TIME, 'Time at which the container was last (re-)started'),
    },
  ),
  [`${CORE}.ContainerStateWaiting`]: object(
    'ContainerStateWaiting is a waiting state of a container.',
    {
      message: str('Message regarding why the container is not yet running.'),
      reason: str('(brief) reason the container is not yet running.'),
    },
  ),
  [`${CORE}.ContainerStateTerminated`]: object(
    'ContainerStateTerminated is a terminated state of a container.',
    {
      containerID: str(
        "Container's ID in the format '<type>://<container_id>'",
      ),
      exitCode: int32(
        'Exit status from the last termination of the container',
        { default: 0 },
      ),
      finishedAt: ref(TIME, 'Time at which the container last terminated'),
      message: str('Message regarding the last termination of the container'),
      reason: str('(brief) reason from the last termination of the container'),
      signal: int32('Signal from the last termination of the container'),
      startedAt: ref(
        TIME,
        'Time at which previous execution of the container started',
      ),
    },
    { required: ['exitCode'] },
  ),
};

const ENDPOINT_SLICE: Definitions = {
  [`${DISCOVERY}.EndpointSlice`]: kind(
    discovery,
    'EndpointSlice',
    'EndpointSlice represents a subset of the endpoints that implement a service. For a given service there may be multiple EndpointSlice objects, selected by labels, which must be joined to produce the full set of endpoints.',
    {
      addressType: enumOf(
        'addressType specifies the type of address carried by this EndpointSlice. All addresses in this slice must be the same type. This field is immutable after creation.',
        ['FQDN', 'IPv4', 'IPv6'],
        { default: '' },
      ),
      endpoints: refList(
        `${DISCOVERY}.Endpoint`,
        'endpoints is a list of unique endpoints in this slice. Each slice may include a maximum of 1000 endpoints.',
      ),
      ports: refList(
        `${DISCOVERY}.EndpointPort`,
        'ports specifies the list of network ports exposed by each endpoint in this slice. Each port must have a unique name.',
      ),
    },
    { required: ['addressType', 'endpoints'] },
  ),
  [`${DISCOVERY}.Endpoint`]: object(
    'Endpoint represents a single logical "backend" implementing a service.',
    {
      addresses: stringList(
        'addresses of this endpoint. The contents of this field are interpreted according to the corresponding EndpointSlice addressType field.',
        { listType: 'set' },
      ),
      conditions: ref(
        `${DISCOVERY}.EndpointConditions`,
        'conditions contains information about the current status of the endpoint.',
        { default: {} },
      ),
      deprecatedTopology: stringMap(
        'deprecatedTopology contains topology information part of the v1beta1 API.',
      ),
      hints: opaque(
        'hints contains information associated with how an endpoint should be consumed.',
      ),
      hostname: str(
        'hostname of this endpoint. This field may be used by consumers of endpoints to distinguish endpoints from each other (e.g. in DNS names).',
      ),
      nodeName: str(
        'nodeName represents the name of the Node hosting this endpoint.',
      ),
      targetRef: ref(
        `${CORE}.ObjectReference`,
        'targetRef is a reference to a Kubernetes object that represents this endpoint.',
      ),
      zone: str('zone is the name of the Zone this endpoint exists in.'),
    },
    { required: ['addresses'] },
  ),
  [`${DISCOVERY}.EndpointConditions`]: object(
    'EndpointConditions represents the current condition of an endpoint.',
    {
      ready: bool(
        'ready indicates that this endpoint is ready to receive traffic, according to whatever system is managing the endpoint. A nil value should be interpreted as "true".',
      ),
      serving: bool(
        "serving indicates that this endpoint is able to receive traffic, according to whatever system is managing the endpoint. For endpoints backed by pods, the EndpointSlice controller will mark the endpoint as serving if the pod's Ready condition is True.",
      ),
      terminating: bool(
        'terminating indicates that this endpoint is terminating. A nil value should be interpreted as "false".',
      ),
    },
  ),
  [`${DISCOVERY}.EndpointPort`]: object(
    'EndpointPort represents a Port used by an EndpointSlice',
    {
      appProtocol: str('The application protocol for this port.'),
      name: str(
        'name represents the name of this port. All ports in an EndpointSlice must have a unique name. If the EndpointSlice is derived from a Kubernetes service, this corresponds to the Service.ports[].name.',
      ),
      port: int32(
        "port represents the port number of the endpoint. If the EndpointSlice is derived from a Kubernetes service, this must be set to the service's target port.",
      ),
      protocol: enumOf(
        'protocol represents the IP protocol for this port. Must be UDP, TCP, or SCTP. Default is TCP.',
        ['SCTP', 'TCP', 'UDP'],
      ),
    },
    { 'x-kubernetes-map-type': 'atomic' },
  ),
  [`${DISCOVERY}.EndpointSliceList`]: listKind(
    discovery,
    `${DISCOVERY}.EndpointSlice`,
    'EndpointSliceList',
  ),
};

export const CORE_DEFINITIONS: Definitions = {
  ...NAMESPACE,
  ...SERVICE,
  ...EVENT,
  ...POD,
  ...ENDPOINT_SLICE,
};
