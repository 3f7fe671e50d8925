/*
 * What the API server itself does for Pods, Deployments and ReplicaSets:
 * the defaults it fills in (SetDefaults_PodSpec, _Container, _Deployment, ...),
 * the validation it refuses with, the immutable fields, the /scale
 * subresource's Scale, and the label selectors of workloads.
 */
import { invalid, KubeApiError } from './errors';
import { deepEqual, isPlainObject } from './json';
import { compareStrings } from './printers';
import { fieldInvalid, fieldRequired, nameRuleErrors } from './schema';
import { LabelRequirement, labelsMatch } from './selectors';
import {
  applyJsonPatch,
  applyMergePatch,
  applyStrategicMergePatch,
  parseJsonPatch,
} from './patch';
import type { FieldCause, GroupResource, KubeObject, PatchType } from './types';

type Fields = Record<string, unknown>;

function fields(value: unknown): Fields {
  return isPlainObject(value) ? value : {};
}

function ensure(parent: Fields, key: string): Fields {
  if (!isPlainObject(parent[key])) parent[key] = {};
  return parent[key] as Fields;
}

function list(value: unknown): Fields[] {
  return Array.isArray(value) ? value.filter(isPlainObject) : [];
}

/** A metav1.LabelSelector as requirements (matchLabels and matchExpressions). */
export function selectorRequirements(selector: unknown): LabelRequirement[] {
  const { matchLabels, matchExpressions } = fields(selector);
  const requirements: LabelRequirement[] = Object.entries(
    fields(matchLabels),
  ).map(([key, value]) => ({ key, operator: '=', values: [String(value)] }));
  for (const expression of list(matchExpressions)) {
    const operator = (
      {
        In: 'in',
        NotIn: 'notin',
        Exists: 'exists',
        DoesNotExist: '!exists',
      } as const
    )[String(expression.operator) as 'In'];
    if (!operator) continue;
    requirements.push({
      key: String(expression.key ?? ''),
      operator,
      values: Array.isArray(expression.values)
        ? expression.values.map(String)
        : [],
    });
  }
  return requirements;
}

/** Whether a LabelSelector selects these labels; an empty selector selects everything. */
export function selectorMatches(
  selector: unknown,
  labels: Record<string, string> | undefined,
): boolean {
  return labelsMatch(selectorRequirements(selector), labels ?? {});
}

/** The selector in its serialized form (Scale's status.selector). */
export function selectorString(selector: unknown): string {
  return selectorRequirements(selector)
    .sort((a, b) => compareStrings(a.key, b.key))
    .map(({ key, operator, values }) => {
      switch (operator) {
        case '=':
          return `${key}=${values[0]}`;
        case 'exists':
          return key;
        case '!exists':
          return `!${key}`;
        default:
          return `${key} ${operator} (${values.slice().sort().join(',')})`;
      }
    })
    .join(',');
}

function imageTag(image: string): string | undefined {
  const name = image.split('@')[0];
  const slash = name.lastIndexOf('/');
  const colon = name.lastIndexOf(':');
  return colon > slash ? name.slice(colon + 1) : undefined;
}

function defaultProbe(probe: unknown): void {
  if (!isPlainObject(probe)) return;
  probe.timeoutSeconds ??= 1;
  probe.periodSeconds ??= 10;
  probe.successThreshold ??= 1;
  probe.failureThreshold ??= 3;
  if (isPlainObject(probe.httpGet)) probe.httpGet.scheme ??= 'HTTP';
}

function defaultContainer(container: Fields): void {
  container.terminationMessagePath ??= '/dev/termination-log';
  container.terminationMessagePolicy ??= 'File';
  if (container.imagePullPolicy === undefined) {
    const tag = imageTag(String(container.image ?? ''));
    container.imagePullPolicy =
      tag === undefined || tag === 'latest' ? 'Always' : 'IfNotPresent';
  }
  container.resources ??= {};
  for (const port of list(container.ports)) port.protocol ??= 'TCP';
  defaultProbe(container.readinessProbe);
  defaultProbe(container.livenessProbe);
  defaultProbe(container.startupProbe);
}

/** SetDefaults_PodSpec and its containers; a template gets no service account or tolerations. */
function defaultPodSpec(spec: Fields): void {
  spec.restartPolicy ??= 'Always';
  spec.terminationGracePeriodSeconds ??= 30;
  spec.dnsPolicy ??= 'ClusterFirst';
  spec.securityContext ??= {};
  spec.schedulerName ??= 'default-scheduler';
  list(spec.containers).forEach(defaultContainer);
  list(spec.initContainers).forEach(defaultContainer);
}

function defaultTemplate(template: Fields): void {
  const metadata = ensure(template, 'metadata');
  if (!('creationTimestamp' in metadata)) metadata.creationTimestamp = null;
  defaultPodSpec(ensure(template, 'spec'));
}

const NOT_READY_TOLERATIONS = ['not-ready', 'unreachable'].map(taint => ({
  key: `node.kubernetes.io/${taint}`,
  operator: 'Exists',
  effect: 'NoExecute',
  tolerationSeconds: 300,
}));

function immutable(
  resource: GroupResource & { kind: string },
  object: KubeObject,
  field: string,
  value: unknown,
): KubeApiError {
  return invalid(
    { group: resource.group, kind: resource.kind },
    object.metadata.name,
    [fieldInvalid(field, value, 'field is immutable')],
  );
}

export function normalizePod(
  object: KubeObject,
  previous: KubeObject | undefined,
): void {
  const spec = ensure(object, 'spec');
  defaultPodSpec(spec);
  // Admission plugins: the namespace's default service account, and tolerations for unready nodes.
  spec.serviceAccountName ??= 'default';
  spec.serviceAccount ??= spec.serviceAccountName;
  spec.enableServiceLinks ??= true;
  spec.priority ??= 0;
  spec.preemptionPolicy ??= 'PreemptLowerPriority';
  spec.tolerations ??= NOT_READY_TOLERATIONS.map(toleration => ({
    ...toleration,
  }));
  const status = ensure(object, 'status');
  status.phase ??= 'Pending';
  status.qosClass ??= 'BestEffort';
  if (previous) {
    const before = fields(previous.spec);
    // Only images (and a few scheduling fields) may change on a running pod.
    const withoutImages = (podSpec: Fields) => ({
      ...podSpec,
      containers: list(podSpec.containers).map(
        ({ image: _image, ...rest }) => rest,
      ),
      nodeName: undefined,
      activeDeadlineSeconds: undefined,
      tolerations: undefined,
    });
    if (!deepEqual(withoutImages(before), withoutImages(spec))) {
      throw invalid({ group: '', kind: 'Pod' }, object.metadata.name, [
        {
          reason: 'FieldValueForbidden',
          field: 'spec',
          message:
            'Forbidden: pod updates may not change fields other than `spec.containers[*].image`,`spec.initContainers[*].image`,`spec.activeDeadlineSeconds`,`spec.tolerations` (only additions to existing tolerations),`spec.terminationGracePeriodSeconds` (allow it to be set to 1 if it was previously negative)',
        },
      ]);
    }
  }
}

/** A pod not yet on a node, or already finished, goes at once; else after its grace period. */
export function podGracePeriod(
  pod: KubeObject,
  requested: number | undefined,
): number {
  const phase = fields(pod.status).phase;
  if (!fields(pod.spec).nodeName || phase === 'Succeeded' || phase === 'Failed')
    return 0;
  const grace =
    requested ?? fields(pod.spec).terminationGracePeriodSeconds ?? 30;
  return typeof grace === 'number' && grace > 0 ? grace : 0;
}

function containerCauses(containers: unknown, field: string): FieldCause[] {
  const entries = list(containers);
  if (entries.length === 0) return [fieldRequired(field)];
  const causes: FieldCause[] = [];
  const names = new Set<string>();
  entries.forEach((container, index) => {
    const at = `${field}[${index}]`;
    const name = String(container.name ?? '');
    if (!name) causes.push(fieldRequired(`${at}.name`));
    else {
      for (const error of nameRuleErrors('dns1123Label', name))
        causes.push(fieldInvalid(`${at}.name`, name, error));
      if (names.has(name))
        causes.push({
          reason: 'FieldValueDuplicate',
          field: `${at}.name`,
          message: `Duplicate value: "${name}"`,
        });
      names.add(name);
    }
    if (!container.image) causes.push(fieldRequired(`${at}.image`));
  });
  return causes;
}

export function validatePod(object: KubeObject): FieldCause[] {
  return containerCauses(fields(object.spec).containers, 'spec.containers');
}

function replicasCauses(spec: Fields): FieldCause[] {
  const replicas = spec.replicas;
  if (typeof replicas === 'number' && replicas < 0) {
    return [
      fieldInvalid(
        'spec.replicas',
        replicas,
        'must be greater than or equal to 0',
      ),
    ];
  }
  return [];
}

/** A workload's selector must be given, must not be empty, and must select its own template. */
function selectorCauses(spec: Fields): FieldCause[] {
  if (!isPlainObject(spec.selector)) return [fieldRequired('spec.selector')];
  if (selectorRequirements(spec.selector).length === 0) {
    return [
      fieldInvalid(
        'spec.selector',
        spec.selector,
        'empty selector is invalid for deployment',
      ),
    ];
  }
  const labels = fields(
    fields(fields(spec.template).metadata).labels,
  ) as Record<string, string>;
  if (!selectorMatches(spec.selector, labels)) {
    return [
      fieldInvalid(
        'spec.template.metadata.labels',
        labels,
        '`selector` does not match template `labels`',
      ),
    ];
  }
  return [];
}

function templateCauses(spec: Fields): FieldCause[] {
  const podSpec = fields(fields(spec.template).spec);
  const causes = containerCauses(
    podSpec.containers,
    'spec.template.spec.containers',
  );
  if (
    podSpec.restartPolicy !== undefined &&
    podSpec.restartPolicy !== 'Always'
  ) {
    causes.push({
      reason: 'FieldValueNotSupported',
      field: 'spec.template.spec.restartPolicy',
      message: `Unsupported value: "${podSpec.restartPolicy}": supported values: "Always"`,
    });
  }
  return causes;
}

export function validateWorkload(object: KubeObject): FieldCause[] {
  const spec = fields(object.spec);
  return [
    ...replicasCauses(spec),
    ...selectorCauses(spec),
    ...templateCauses(spec),
  ];
}

function refuseSelectorChange(
  resource: GroupResource & { kind: string },
  object: KubeObject,
  previous: KubeObject | undefined,
): void {
  if (!previous) return;
  const before = fields(previous.spec).selector;
  const after = fields(object.spec).selector;
  if (!deepEqual(before, after))
    throw immutable(resource, object, 'spec.selector', after);
}

export function normalizeDeployment(
  object: KubeObject,
  previous: KubeObject | undefined,
): void {
  const spec = ensure(object, 'spec');
  spec.replicas ??= 1;
  const strategy = ensure(spec, 'strategy');
  strategy.type ??= 'RollingUpdate';
  if (strategy.type === 'RollingUpdate') {
    const rolling = ensure(strategy, 'rollingUpdate');
    rolling.maxUnavailable ??= '25%';
    rolling.maxSurge ??= '25%';
  }
  spec.revisionHistoryLimit ??= 10;
  spec.progressDeadlineSeconds ??= 600;
  defaultTemplate(ensure(spec, 'template'));
  object.status ??= {};
  refuseSelectorChange(
    { group: 'apps', plural: 'deployments', kind: 'Deployment' },
    object,
    previous,
  );
}

export function normalizeReplicaSet(
  object: KubeObject,
  previous: KubeObject | undefined,
): void {
  const spec = ensure(object, 'spec');
  spec.replicas ??= 1;
  defaultTemplate(ensure(spec, 'template'));
  object.status ??= { replicas: 0 };
  refuseSelectorChange(
    { group: 'apps', plural: 'replicasets', kind: 'ReplicaSet' },
    object,
    previous,
  );
}

/** The autoscaling/v1 Scale a /scale subresource answers for a workload. */
export function scaleOf(object: KubeObject): KubeObject {
  const { name, namespace, uid, resourceVersion, creationTimestamp } =
    object.metadata;
  return {
    kind: 'Scale',
    apiVersion: 'autoscaling/v1',
    metadata: { name, namespace, uid, resourceVersion, creationTimestamp },
    spec: { replicas: fields(object.spec).replicas ?? 0 },
    status: {
      replicas: fields(object.status).replicas ?? 0,
      selector: selectorString(fields(object.spec).selector),
    },
  };
}

/** A Scale after a PATCH of the /scale subresource in any of the patch formats. */
export function patchedScale(
  current: KubeObject,
  patchType: PatchType | 'apply',
  body: unknown,
): unknown {
  switch (patchType) {
    case 'json':
      return applyJsonPatch(current, parseJsonPatch(body));
    case 'strategic':
      return applyStrategicMergePatch(current, body, undefined);
    default:
      return applyMergePatch(current, body);
  }
}

/** The replicas a written Scale asks for (422 as a real server answers otherwise). */
export function scaleReplicas(scale: unknown, name: string): number {
  const replicas = fields(fields(scale).spec).replicas ?? 0;
  if (
    typeof replicas !== 'number' ||
    !Number.isInteger(replicas) ||
    replicas < 0
  ) {
    throw invalid({ group: 'autoscaling', kind: 'Scale' }, name, [
      fieldInvalid(
        'spec.replicas',
        replicas,
        'must be greater than or equal to 0',
      ),
    ]);
  }
  return replicas;
}
