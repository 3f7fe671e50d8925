/*
 * The kinds of who may do what: rbac.authorization.k8s.io/v1 Role,
 * ClusterRole, RoleBinding and ClusterRoleBinding, and core/v1 ServiceAccount
 * and Secret (the long-lived service account tokens).
 */
import { CORE } from './core';
import {
  bool,
  Definitions,
  kind,
  LABEL_SELECTOR,
  listKind,
  object,
  ref,
  refList,
  str,
  stringList,
  stringMap,
} from './dsl';

const RBAC = 'io.k8s.api.rbac.v1';
const rbac = { group: 'rbac.authorization.k8s.io', version: 'v1' };
const core = { group: '', version: 'v1' };

const rules = refList(
  `${RBAC}.PolicyRule`,
  'Rules holds all the PolicyRules for this Role',
);
const subjects = refList(
  `${RBAC}.Subject`,
  'Subjects holds references to the objects the role applies to.',
);
const roleRef = (scope: string) =>
  ref(
    `${RBAC}.RoleRef`,
    `RoleRef can reference a Role in the current namespace or a ClusterRole in the global namespace. If the RoleRef cannot be resolved, the Authorizer must return an error. This field is immutable.${scope}`,
    { default: {} },
  );

export const ACCESS_DEFINITIONS: Definitions = {
  [`${RBAC}.PolicyRule`]: object(
    'PolicyRule holds information that describes a policy rule, but does not contain information about who the rule applies to or which namespace the rule applies to.',
    {
      apiGroups: stringList(
        'APIGroups is the name of the APIGroup that contains the resources. "" represents the core API group and "*" represents all API groups.',
      ),
      nonResourceURLs: stringList(
        'NonResourceURLs is a set of partial urls that a user should have access to. *s are allowed, but only as the full, final step in the path.',
      ),
      resourceNames: stringList(
        'ResourceNames is an optional white list of names that the rule applies to. An empty set means that everything is allowed.',
      ),
      resources: stringList(
        "Resources is a list of resources this rule applies to. '*' represents all resources.",
      ),
      verbs: stringList(
        "Verbs is a list of Verbs that apply to ALL the ResourceKinds contained in this rule. '*' represents all verbs.",
      ),
    },
    { required: ['verbs'] },
  ),
  [`${RBAC}.Subject`]: object(
    'Subject contains a reference to the object or user identities a role binding applies to.',
    {
      apiGroup: str(
        'APIGroup holds the API group of the referenced subject. Defaults to "" for ServiceAccount subjects, "rbac.authorization.k8s.io" for User and Group subjects.',
      ),
      kind: str(
        'Kind of object being referenced. Values defined by this API group are "User", "Group", and "ServiceAccount".',
        { default: '' },
      ),
      name: str('Name of the object being referenced.', { default: '' }),
      namespace: str(
        'Namespace of the referenced object. If the object kind is non-namespace, such as "User" or "Group", and this value is not empty the Authorizer should report an error.',
      ),
    },
    { required: ['kind', 'name'], 'x-kubernetes-map-type': 'atomic' },
  ),
  [`${RBAC}.RoleRef`]: object(
    'RoleRef contains information that points to the role being used',
    {
      apiGroup: str('APIGroup is the group for the resource being referenced', {
        default: '',
      }),
      kind: str('Kind is the type of resource being referenced', {
        default: '',
      }),
      name: str('Name is the name of resource being referenced', {
        default: '',
      }),
    },
    {
      required: ['apiGroup', 'kind', 'name'],
      'x-kubernetes-map-type': 'atomic',
    },
  ),
  [`${RBAC}.AggregationRule`]: object(
    'AggregationRule describes how to locate ClusterRoles to aggregate into the ClusterRole',
    {
      clusterRoleSelectors: refList(
        LABEL_SELECTOR,
        "ClusterRoleSelectors holds a list of selectors which will be used to find ClusterRoles and create the rules. If any of the selectors match, then the ClusterRole's permissions will be added",
      ),
    },
  ),
  [`${RBAC}.Role`]: kind(
    rbac,
    'Role',
    'Role is a namespaced, logical grouping of PolicyRules that can be referenced as a unit by a RoleBinding.',
    { rules },
  ),
  [`${RBAC}.ClusterRole`]: kind(
    rbac,
    'ClusterRole',
    'ClusterRole is a cluster level, logical grouping of PolicyRules that can be referenced as a unit by a RoleBinding or ClusterRoleBinding.',
    {
      aggregationRule: ref(
        `${RBAC}.AggregationRule`,
        'AggregationRule is an optional field that describes how to build the Rules for this ClusterRole. If AggregationRule is set, then the Rules are controller managed and direct changes to Rules will be stomped by the controller.',
      ),
      rules,
    },
  ),
  [`${RBAC}.RoleBinding`]: kind(
    rbac,
    'RoleBinding',
    'RoleBinding references a role, but does not contain it. It can reference a Role in the same namespace or a ClusterRole in the global namespace. It adds who information via Subjects and namespace information by which namespace it exists in.',
    { roleRef: roleRef(''), subjects },
    { required: ['roleRef'] },
  ),
  [`${RBAC}.ClusterRoleBinding`]: kind(
    rbac,
    'ClusterRoleBinding',
    'ClusterRoleBinding references a ClusterRole, but not contain it. It can reference a ClusterRole in the global namespace, and adds who information via Subject.',
    { roleRef: roleRef(' It can only reference a ClusterRole.'), subjects },
    { required: ['roleRef'] },
  ),
  [`${RBAC}.RoleList`]: listKind(rbac, `${RBAC}.Role`, 'RoleList'),
  [`${RBAC}.ClusterRoleList`]: listKind(
    rbac,
    `${RBAC}.ClusterRole`,
    'ClusterRoleList',
  ),
  [`${RBAC}.RoleBindingList`]: listKind(
    rbac,
    `${RBAC}.RoleBinding`,
    'RoleBindingList',
  ),
  [`${RBAC}.ClusterRoleBindingList`]: listKind(
    rbac,
    `${RBAC}.ClusterRoleBinding`,
    'ClusterRoleBindingList',
  ),
  [`${CORE}.ServiceAccount`]: kind(
    core,
    'ServiceAccount',
    'ServiceAccount binds together: a name, understood by users, and perhaps by peripheral systems, for an identity; a principal that can be authenticated and authorized; a set of secrets.',
    {
      automountServiceAccountToken: bool(
        'AutomountServiceAccountToken indicates whether pods running as this service account should have an API token automatically mounted.',
      ),
      imagePullSecrets: refList(
        `${CORE}.LocalObjectReference`,
        'ImagePullSecrets is a list of references to secrets in the same namespace to use for pulling any images in pods that reference this ServiceAccount.',
      ),
      secrets: refList(
        `${CORE}.ObjectReference`,
        'Secrets is a list of the secrets in the same namespace that pods running using this ServiceAccount are allowed to use.',
        { mergeKey: 'name' },
      ),
    },
  ),
  [`${CORE}.ServiceAccountList`]: listKind(
    core,
    `${CORE}.ServiceAccount`,
    'ServiceAccountList',
  ),
  [`${CORE}.Secret`]: kind(
    core,
    'Secret',
    'Secret holds secret data of a certain type. The total bytes of the values in the Data field must be less than MaxSecretSize bytes.',
    {
      data: stringMap(
        "Data contains the secret data. Each key must consist of alphanumeric characters, '-', '_' or '.'. The serialized form of the secret data is a base64 encoded string.",
      ),
      immutable: bool(
        'Immutable, if set to true, ensures that data stored in the Secret cannot be updated (only object metadata can be modified).',
      ),
      stringData: stringMap(
        'stringData allows specifying non-binary secret data in string form. It is provided as a write-only input field for convenience. All keys and values are merged into the data field on write, overwriting any existing values.',
      ),
      type: str(
        'Used to facilitate programmatic handling of secret data. More info: https://kubernetes.io/docs/concepts/configuration/secret/#secret-types',
      ),
    },
  ),
  [`${CORE}.SecretList`]: listKind(core, `${CORE}.Secret`, 'SecretList'),
};
