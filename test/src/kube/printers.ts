/*
 * Server-side printing of the built-in kinds: the columns and cells of
 * k8s.io/kubernetes/pkg/printers/internalversion (printers.go) for the kinds
 * the simulated clusters serve. The server always prints the wide cells
 * (priority 1 columns); kubectl shows them with `-o wide`.
 */
import { isPlainObject } from './json';
import type { KubeObject } from './types';

export interface ColumnDefinition {
  name: string;
  type: string;
  format: string;
  description: string;
  priority: number;
}

export interface Printer {
  columns: readonly ColumnDefinition[];
  cells(object: KubeObject, now: number): unknown[];
}

export const NAME_DESCRIPTION =
  'Name must be unique within a namespace. Is required when creating resources, although some resources may allow a client to request the generation of an appropriate name automatically. Name is primarily intended for creation idempotence and configuration definition. Cannot be updated. More info: https://kubernetes.io/docs/concepts/overview/working-with-objects/names#names';
export const CREATION_TIMESTAMP_DESCRIPTION =
  'CreationTimestamp is a timestamp representing the server time when this object was created. It is not guaranteed to be set in happens-before order across separate operations. Clients may not set this value. It is represented in RFC3339 form and is in UTC.\n\nPopulated by the system. Read-only. Null for lists. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#metadata';

export function column(
  name: string,
  type: string,
  description: string,
  options: { priority?: number; format?: string } = {},
): ColumnDefinition {
  return {
    name,
    type,
    format: options.format ?? '',
    description,
    priority: options.priority ?? 0,
  };
}

export const NAME_COLUMN = column('Name', 'string', NAME_DESCRIPTION, {
  format: 'name',
});
const AGE_COLUMN = column('Age', 'string', CREATION_TIMESTAMP_DESCRIPTION);
const WIDE = { priority: 1 };

/** How Kubernetes words a duration (k8s.io/apimachinery/pkg/util/duration.HumanDuration). */
export function humanDuration(milliseconds: number): string {
  const seconds = Math.floor(milliseconds / 1000);
  if (seconds < -1) return '<invalid>';
  if (seconds < 0) return '0s';
  if (seconds < 120) return `${seconds}s`;
  const minutes = Math.floor(seconds / 60);
  const withRemainder = (whole: string, remainder: number, unit: string) =>
    remainder === 0 ? whole : `${whole}${remainder}${unit}`;
  if (minutes < 10) return withRemainder(`${minutes}m`, seconds % 60, 's');
  if (minutes < 180) return `${minutes}m`;
  const hours = Math.floor(minutes / 60);
  if (hours < 8) return withRemainder(`${hours}h`, minutes % 60, 'm');
  if (hours < 48) return `${hours}h`;
  const days = Math.floor(hours / 24);
  if (hours < 24 * 8) return withRemainder(`${days}d`, hours % 24, 'h');
  if (hours < 24 * 365 * 2) return `${days}d`;
  const years = Math.floor(days / 365);
  if (hours < 24 * 365 * 8) return withRemainder(`${years}y`, days % 365, 'd');
  return `${years}y`;
}

/** translateTimestampSince: `<unknown>` for a missing time. */
export function since(time: unknown, now: number): string {
  const at = typeof time === 'string' ? Date.parse(time) : NaN;
  return Number.isNaN(at) ? '<unknown>' : humanDuration(now - at);
}

function age(object: KubeObject, now: number): string {
  return since(object.metadata.creationTimestamp, now);
}

type Fields = Record<string, unknown>;

function fields(value: unknown): Fields {
  return isPlainObject(value) ? value : {};
}

function list(value: unknown): Fields[] {
  return Array.isArray(value) ? value.map(fields) : [];
}

function strings(value: unknown): string[] {
  return Array.isArray(value) ? value.map(String) : [];
}

/** labels.FormatLabels: sorted `k=v` pairs, `<none>` when empty. */
export function formatLabels(map: unknown): string {
  const entries = Object.entries(fields(map)).sort(([a], [b]) =>
    a < b ? -1 : 1,
  );
  return entries.length === 0
    ? '<none>'
    : entries.map(([key, value]) => `${key}=${value}`).join(',');
}

/** labels.Selector.String() of a metav1.LabelSelector; `<invalid>` for an operator it does not know. */
function labelSelectorString(selector: unknown): string {
  const { matchLabels, matchExpressions } = fields(selector);
  const requirements: Array<[string, string]> = Object.entries(
    fields(matchLabels),
  ).map(([key, value]) => [key, `${key}=${value}`]);
  for (const expression of list(matchExpressions)) {
    const key = String(expression.key ?? '');
    const values = strings(expression.values).sort().join(',');
    switch (expression.operator) {
      case 'In':
        requirements.push([key, `${key} in (${values})`]);
        break;
      case 'NotIn':
        requirements.push([key, `${key} notin (${values})`]);
        break;
      case 'Exists':
        requirements.push([key, key]);
        break;
      case 'DoesNotExist':
        requirements.push([key, `!${key}`]);
        break;
      default:
        return '<invalid>';
    }
  }
  return requirements
    .sort(([a], [b]) => compareStrings(a, b))
    .map(([, text]) => text)
    .join(',');
}

export function compareStrings(a: string, b: string): number {
  if (a === b) return 0;
  return a < b ? -1 : 1;
}

/** metav1.FormatLabelSelector: `<none>` for an empty selector. */
function formatLabelSelector(selector: unknown): string {
  return labelSelectorString(selector) || '<none>';
}

/** More than three items print as `a,b,c + 2 more...`; none as `<unset>`. */
function listWithMore(items: string[], max = 3): string {
  const shown = items.slice(0, max).join(',');
  if (items.length > max) return `${shown} + ${items.length - max} more...`;
  return shown || '<unset>';
}

function containerCells(podSpec: unknown): [string, string] {
  const containers = list(fields(podSpec).containers);
  return [
    containers.map(container => String(container.name ?? '')).join(','),
    containers.map(container => String(container.image ?? '')).join(','),
  ];
}

function templateSpec(object: KubeObject): unknown {
  return fields(fields(object.spec).template).spec;
}

function integer(value: unknown): number {
  return typeof value === 'number' ? value : 0;
}

const namespacePrinter: Printer = {
  columns: [
    NAME_COLUMN,
    column('Status', 'string', 'The status of the namespace'),
    AGE_COLUMN,
  ],
  cells: (object, now) => [
    object.metadata.name,
    String(fields(object.status).phase ?? ''),
    age(object, now),
  ],
};

function externalIp(spec: Fields, status: Fields): string {
  const externalIps = strings(spec.externalIPs);
  switch (spec.type) {
    case 'ClusterIP':
    case 'NodePort':
      return externalIps.length > 0 ? externalIps.join(',') : '<none>';
    case 'LoadBalancer': {
      const ingress = list(fields(status.loadBalancer).ingress)
        .map(entry => String(entry.ip || entry.hostname || ''))
        .filter(Boolean);
      const balancers = [...new Set(ingress)].sort();
      const all = [...balancers, ...externalIps];
      return all.length > 0 ? all.join(',') : '<pending>';
    }
    case 'ExternalName':
      return String(spec.externalName ?? '');
    default:
      return '<unknown>';
  }
}

function servicePorts(spec: Fields): string {
  const ports = list(spec.ports).map(port =>
    port.nodePort
      ? `${port.port}:${port.nodePort}/${port.protocol}`
      : `${port.port}/${port.protocol}`,
  );
  return ports.length > 0 ? ports.join(',') : '<none>';
}

const servicePrinter: Printer = {
  columns: [
    NAME_COLUMN,
    column(
      'Type',
      'string',
      'type determines how the Service is exposed: ClusterIP, NodePort, LoadBalancer or ExternalName.',
    ),
    column(
      'Cluster-IP',
      'string',
      'clusterIP is the IP address of the service, allocated by the API server.',
    ),
    column(
      'External-IP',
      'string',
      'externalIPs is a list of IP addresses for which nodes in the cluster will also accept traffic for this service.',
    ),
    column(
      'Port(s)',
      'string',
      'The list of ports that are exposed by this service.',
    ),
    AGE_COLUMN,
    column(
      'Selector',
      'string',
      'Route service traffic to pods with label keys and values matching this selector.',
      WIDE,
    ),
  ],
  cells(object, now) {
    const spec = fields(object.spec);
    return [
      object.metadata.name,
      String(spec.type ?? ''),
      strings(spec.clusterIPs)[0] ?? '<none>',
      externalIp(spec, fields(object.status)),
      servicePorts(spec),
      age(object, now),
      formatLabels(spec.selector),
    ];
  },
};

function eventSource(event: KubeObject): string {
  const source = fields(event.source);
  const component = String(
    source.component ||
      event.reportingComponent ||
      event.reportingController ||
      '',
  );
  const instance = String(source.host || event.reportingInstance || '');
  return instance ? `${component}, ${instance}` : component;
}

const eventPrinter: Printer = {
  columns: [
    column(
      'Last Seen',
      'string',
      'The time at which the most recent occurrence of this event was recorded.',
    ),
    column(
      'Type',
      'string',
      'Type of this event (Normal, Warning), new types could be added in the future',
    ),
    column(
      'Reason',
      'string',
      "This should be a short, machine understandable string that gives the reason for the transition into the object's current status.",
    ),
    column('Object', 'string', 'The object that this event is about.'),
    column(
      'Subobject',
      'string',
      'If referring to a piece of an object instead of an entire object, this string should contain a valid JSON/Go field access statement.',
      WIDE,
    ),
    column('Source', 'string', 'The component reporting this event.', WIDE),
    column(
      'Message',
      'string',
      'A human-readable description of the status of this operation.',
    ),
    column(
      'First Seen',
      'string',
      'The time at which the event was first recorded.',
      WIDE,
    ),
    column(
      'Count',
      'string',
      'The number of times this event has occurred.',
      WIDE,
    ),
    column('Name', 'string', NAME_DESCRIPTION, { ...WIDE, format: 'name' }),
  ],
  cells(event, now) {
    const first = event.firstTimestamp
      ? since(event.firstTimestamp, now)
      : since(event.eventTime, now);
    const series = fields(event.series);
    let last = first;
    if (event.series) last = since(series.lastObservedTime, now);
    else if (event.lastTimestamp) last = since(event.lastTimestamp, now);
    const count = event.series
      ? integer(series.count)
      : integer(event.count) || 1;
    const involved = fields(event.involvedObject);
    const kind = String(involved.kind ?? '').toLowerCase();
    return [
      last,
      String(event.type ?? ''),
      String(event.reason ?? ''),
      involved.name ? `${kind}/${involved.name}` : kind,
      String(involved.fieldPath ?? ''),
      eventSource(event),
      String(event.message ?? '').trim(),
      first,
      count,
      event.metadata.name,
    ];
  },
};

const endpointSlicePrinter: Printer = {
  columns: [
    NAME_COLUMN,
    column(
      'AddressType',
      'string',
      'addressType specifies the type of address carried by this EndpointSlice.',
    ),
    column(
      'Ports',
      'string',
      'ports specifies the list of network ports exposed by each endpoint in this slice.',
    ),
    column(
      'Endpoints',
      'string',
      'endpoints is a list of unique endpoints in this slice.',
    ),
    AGE_COLUMN,
  ],
  cells(object, now) {
    const ports = list(object.ports).map(port => {
      if (port.port !== undefined && port.port !== null)
        return String(port.port);
      if (port.name !== undefined && port.name !== null)
        return String(port.name);
      return '*';
    });
    const addresses = list(object.endpoints).flatMap(endpoint =>
      strings(endpoint.addresses),
    );
    return [
      object.metadata.name,
      String(object.addressType ?? ''),
      listWithMore(ports),
      listWithMore(addresses),
      age(object, now),
    ];
  },
};

const CONTAINERS_COLUMN = column(
  'Containers',
  'string',
  'Names of each container in the template.',
  WIDE,
);
const IMAGES_COLUMN = column(
  'Images',
  'string',
  'Images referenced by each container in the template.',
  WIDE,
);

const deploymentPrinter: Printer = {
  columns: [
    NAME_COLUMN,
    column('Ready', 'string', 'Number of the pod with ready state'),
    column(
      'Up-to-date',
      'string',
      'Total number of non-terminated pods targeted by this deployment that have the desired template spec.',
    ),
    column(
      'Available',
      'string',
      'Total number of available pods (ready for at least minReadySeconds) targeted by this deployment.',
    ),
    AGE_COLUMN,
    CONTAINERS_COLUMN,
    IMAGES_COLUMN,
    column(
      'Selector',
      'string',
      'Label selector for pods. Existing ReplicaSets whose pods are selected by this will be the ones affected by this deployment.',
      WIDE,
    ),
  ],
  cells(object, now) {
    const spec = fields(object.spec);
    const status = fields(object.status);
    return [
      object.metadata.name,
      `${integer(status.readyReplicas)}/${integer(spec.replicas)}`,
      integer(status.updatedReplicas),
      integer(status.availableReplicas),
      age(object, now),
      ...containerCells(templateSpec(object)),
      labelSelectorString(spec.selector),
    ];
  },
};

const replicaSetPrinter: Printer = {
  columns: [
    NAME_COLUMN,
    column('Desired', 'integer', 'Replicas is the number of desired pods.'),
    column(
      'Current',
      'integer',
      'Replicas is the most recently observed number of replicas.',
    ),
    column(
      'Ready',
      'integer',
      'The number of pods targeted by this ReplicaSet with a Ready Condition.',
    ),
    AGE_COLUMN,
    CONTAINERS_COLUMN,
    IMAGES_COLUMN,
    column(
      'Selector',
      'string',
      'Selector is a label query over pods that should match the replica count.',
      WIDE,
    ),
  ],
  cells(object, now) {
    const spec = fields(object.spec);
    const status = fields(object.status);
    return [
      object.metadata.name,
      integer(spec.replicas),
      integer(status.replicas),
      integer(status.readyReplicas),
      age(object, now),
      ...containerCells(templateSpec(object)),
      formatLabelSelector(spec.selector),
    ];
  },
};

interface PodSummary {
  ready: number;
  total: number;
  reason: string;
  restarts: number;
  lastRestart?: number;
}

function terminatedReason(terminated: Fields, prefix: string): string {
  if (terminated.reason) return `${prefix}${terminated.reason}`;
  return terminated.signal
    ? `${prefix}Signal:${terminated.signal}`
    : `${prefix}ExitCode:${integer(terminated.exitCode)}`;
}

/** The READY, STATUS and RESTARTS cells, as printPod works them out from the pod's status. */
function summarizePod(pod: KubeObject): PodSummary {
  const spec = fields(pod.spec);
  const status = fields(pod.status);
  const initContainers = list(spec.initContainers);
  const summary: PodSummary = {
    ready: 0,
    total: list(spec.containers).length,
    reason: String(status.reason || status.phase || ''),
    restarts: 0,
  };
  const noteRestart = (container: Fields) => {
    summary.restarts += integer(container.restartCount);
    const finished = Date.parse(
      String(fields(fields(container.lastState).terminated).finishedAt ?? ''),
    );
    if (!Number.isNaN(finished))
      summary.lastRestart = Math.max(summary.lastRestart ?? 0, finished);
  };
  let initializing = false;
  list(status.initContainerStatuses).some((container, index) => {
    noteRestart(container);
    const state = fields(container.state);
    const terminated = fields(state.terminated);
    const waiting = fields(state.waiting);
    if (state.terminated && integer(terminated.exitCode) === 0) return false;
    initializing = true;
    if (state.terminated)
      summary.reason = terminatedReason(terminated, 'Init:');
    else if (waiting.reason && waiting.reason !== 'PodInitializing')
      summary.reason = `Init:${waiting.reason}`;
    else summary.reason = `Init:${index}/${initContainers.length}`;
    return true;
  });
  const conditions = list(status.conditions);
  const initialized = conditions.some(
    condition =>
      condition.type === 'Initialized' && condition.status === 'True',
  );
  if (!initializing || initialized) {
    summary.restarts = 0;
    summary.lastRestart = undefined;
    let running = false;
    for (const container of list(status.containerStatuses).reverse()) {
      noteRestart(container);
      const state = fields(container.state);
      const waiting = fields(state.waiting);
      const terminated = fields(state.terminated);
      if (waiting.reason) summary.reason = String(waiting.reason);
      else if (state.terminated)
        summary.reason = terminatedReason(terminated, '');
      else if (container.ready === true && state.running) {
        running = true;
        summary.ready += 1;
      }
    }
    if (summary.reason === 'Completed' && running) {
      const ready = conditions.some(
        condition => condition.type === 'Ready' && condition.status === 'True',
      );
      summary.reason = ready ? 'Running' : 'NotReady';
    }
  }
  const terminal = status.phase === 'Succeeded' || status.phase === 'Failed';
  if (pod.metadata.deletionTimestamp && status.reason === 'NodeLost')
    summary.reason = 'Unknown';
  else if (pod.metadata.deletionTimestamp && !terminal)
    summary.reason = 'Terminating';
  return summary;
}

function readinessGates(pod: KubeObject): string {
  const gates = list(fields(pod.spec).readinessGates);
  if (gates.length === 0) return '<none>';
  const conditions = list(fields(pod.status).conditions);
  const met = gates.filter(gate =>
    conditions.some(
      condition =>
        condition.type === gate.conditionType && condition.status === 'True',
    ),
  ).length;
  return `${met}/${gates.length}`;
}

const podPrinter: Printer = {
  columns: [
    NAME_COLUMN,
    column(
      'Ready',
      'string',
      'The aggregate readiness state of this pod for accepting traffic.',
    ),
    column(
      'Status',
      'string',
      'The aggregate status of the containers in this pod.',
    ),
    column(
      'Restarts',
      'string',
      'The number of times the containers in this pod have been restarted and when the last container in this pod has restarted.',
    ),
    AGE_COLUMN,
    column(
      'IP',
      'string',
      'podIP address allocated to the pod. Routable at least within the cluster.',
      WIDE,
    ),
    column(
      'Node',
      'string',
      'NodeName indicates in which node this pod is scheduled.',
      WIDE,
    ),
    column(
      'Nominated Node',
      'string',
      'nominatedNodeName is set only when this pod preempts other pods on the node.',
      WIDE,
    ),
    column(
      'Readiness Gates',
      'string',
      'If specified, all readiness gates will be evaluated for pod readiness.',
      WIDE,
    ),
  ],
  cells(pod, now) {
    const summary = summarizePod(pod);
    const status = fields(pod.status);
    const restarts =
      summary.restarts !== 0 && summary.lastRestart !== undefined
        ? `${summary.restarts} (${humanDuration(
            now - summary.lastRestart,
          )} ago)`
        : String(summary.restarts);
    return [
      pod.metadata.name,
      `${summary.ready}/${summary.total}`,
      summary.reason,
      restarts,
      age(pod, now),
      String(list(status.podIPs)[0]?.ip || '<none>'),
      String(fields(pod.spec).nodeName || '<none>'),
      String(status.nominatedNodeName || '<none>'),
      readinessGates(pod),
    ];
  },
};

function bindingPrinter(kind: string): Printer {
  return {
    columns: [
      NAME_COLUMN,
      column(
        'Role',
        'string',
        `RoleRef can only reference the current namespace or the global namespace.`,
      ),
      AGE_COLUMN,
      column('Users', 'string', `Users in the ${kind}`, WIDE),
      column('Groups', 'string', `Groups in the ${kind}`, WIDE),
      column(
        'ServiceAccounts',
        'string',
        `ServiceAccounts in the ${kind}`,
        WIDE,
      ),
    ],
    cells(object, now) {
      const roleRef = fields(object.roleRef);
      const subjects = list(object.subjects);
      const named = (subjectKind: string) =>
        subjects
          .filter(subject => subject.kind === subjectKind)
          .map(subject =>
            subjectKind === 'ServiceAccount'
              ? `${subject.namespace ?? ''}/${subject.name}`
              : String(subject.name),
          )
          .join(', ');
      return [
        object.metadata.name,
        `${roleRef.kind}/${roleRef.name}`,
        age(object, now),
        named('User'),
        named('Group'),
        named('ServiceAccount'),
      ];
    },
  };
}

const secretPrinter: Printer = {
  columns: [
    NAME_COLUMN,
    column(
      'Type',
      'string',
      'Used to facilitate programmatic handling of secret data.',
    ),
    column('Data', 'string', 'Data contains the secret data.'),
    AGE_COLUMN,
  ],
  cells: (object, now) => [
    object.metadata.name,
    String(object.type ?? ''),
    Object.keys(fields(object.data)).length,
    age(object, now),
  ],
};

const serviceAccountPrinter: Printer = {
  columns: [
    NAME_COLUMN,
    column(
      'Secrets',
      'string',
      'Secrets is a list of the secrets in the same namespace that pods running using this ServiceAccount are allowed to use.',
    ),
    AGE_COLUMN,
  ],
  cells: (object, now) => [
    object.metadata.name,
    list(object.secrets).length,
    age(object, now),
  ],
};

/** What a registry without a printer of its own answers (rest.NewDefaultTableConvertor). */
export const DEFAULT_PRINTER: Printer = {
  columns: [
    NAME_COLUMN,
    column('Created At', 'date', CREATION_TIMESTAMP_DESCRIPTION),
  ],
  cells: object => {
    const created = Date.parse(object.metadata.creationTimestamp ?? '');
    return [
      object.metadata.name,
      Number.isNaN(created)
        ? null
        : new Date(created).toISOString().replace(/\.\d{3}Z$/, 'Z'),
    ];
  },
};

const BUILTIN_PRINTERS = new Map<string, Printer>([
  ['/namespaces', namespacePrinter],
  ['/services', servicePrinter],
  ['/events', eventPrinter],
  ['/pods', podPrinter],
  ['discovery.k8s.io/endpointslices', endpointSlicePrinter],
  ['apps/deployments', deploymentPrinter],
  ['apps/replicasets', replicaSetPrinter],
  ['/secrets', secretPrinter],
  ['/serviceaccounts', serviceAccountPrinter],
  ['rbac.authorization.k8s.io/rolebindings', bindingPrinter('roleBinding')],
  [
    'rbac.authorization.k8s.io/clusterrolebindings',
    bindingPrinter('clusterRoleBinding'),
  ],
]);

export function builtinPrinter(
  group: string,
  plural: string,
): Printer | undefined {
  return BUILTIN_PRINTERS.get(`${group}/${plural}`);
}
