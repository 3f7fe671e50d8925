/*
 * apps/v1 Deployment and ReplicaSet, autoscaling/v1 Scale (their /scale
 * subresource) and apiextensions.k8s.io/v1 CustomResourceDefinition.
 */
import { CORE } from './core';
import {
  bool,
  Definitions,
  enumOf,
  int32,
  int64,
  INT_OR_STRING,
  kind,
  LABEL_SELECTOR,
  listKind,
  object,
  opaque,
  ref,
  refList,
  specAndStatus,
  str,
  stringList,
  TIME,
} from './dsl';

const APPS = 'io.k8s.api.apps.v1';
const AUTOSCALING = 'io.k8s.api.autoscaling.v1';
const APIEXTENSIONS =
  'io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1';
const apps = { group: 'apps', version: 'v1' };
const autoscaling = { group: 'autoscaling', version: 'v1' };
const apiextensions = { group: 'apiextensions.k8s.io', version: 'v1' };

const workloadCondition = (name: string, subject: string) =>
  object(
    `${name} describes the state of a ${subject} at a certain point.`,
    {
      lastTransitionTime: ref(
        TIME,
        'Last time the condition transitioned from one status to another.',
      ),
      ...(subject === 'deployment'
        ? {
            lastUpdateTime: ref(
              TIME,
              'The last time this condition was updated.',
            ),
          }
        : {}),
      message: str(
        'A human readable message indicating details about the transition.',
      ),
      reason: str("The reason for the condition's last transition."),
      status: str('Status of the condition, one of True, False, Unknown.', {
        default: '',
      }),
      type: str(`Type of ${subject} condition.`, { default: '' }),
    },
    { required: ['type', 'status'] },
  );

const conditions = (definition: string, description: string) =>
  refList(definition, description, {
    listType: 'map',
    mapKeys: ['type'],
    mergeKey: 'type',
  });

const selector = ref(
  LABEL_SELECTOR,
  "Label selector for pods. It must match the pod template's labels.",
);
const template = ref(
  `${CORE}.PodTemplateSpec`,
  'Template describes the pods that will be created.',
  { default: {} },
);

const APPS_DEFINITIONS: Definitions = {
  [`${APPS}.Deployment`]: kind(
    apps,
    'Deployment',
    'Deployment enables declarative updates for Pods and ReplicaSets.',
    {
      ...specAndStatus(
        [
          `${APPS}.DeploymentSpec`,
          'Specification of the desired behavior of the Deployment.',
        ],
        [
          `${APPS}.DeploymentStatus`,
          'Most recently observed status of the Deployment.',
        ],
      ),
    },
  ),
  [`${APPS}.DeploymentSpec`]: object(
    'DeploymentSpec is the specification of the desired behavior of the Deployment.',
    {
      minReadySeconds: int32(
        'Minimum number of seconds for which a newly created pod should be ready without any of its container crashing, for it to be considered available. Defaults to 0 (pod will be considered available as soon as it is ready)',
      ),
      paused: bool('Indicates that the deployment is paused.'),
      progressDeadlineSeconds: int32(
        'The maximum time in seconds for a deployment to make progress before it is considered to be failed. The deployment controller will continue to process failed deployments and a condition with a ProgressDeadlineExceeded reason will be surfaced in the deployment status. Defaults to 600s.',
      ),
      replicas: int32(
        'Number of desired pods. This is a pointer to distinguish between explicit zero and not specified. Defaults to 1.',
      ),
      revisionHistoryLimit: int32(
        'The number of old ReplicaSets to retain to allow rollback. Defaults to 10.',
      ),
      selector: {
        ...selector,
        description:
          "Label selector for pods. Existing ReplicaSets whose pods are selected by this will be the ones affected by this deployment. It must match the pod template's labels.",
      },
      strategy: ref(
        `${APPS}.DeploymentStrategy`,
        'The deployment strategy to use to replace existing pods with new ones.',
        {
          default: {},
          'x-kubernetes-patch-strategy': 'retainKeys',
        },
      ),
      template: {
        ...template,
        description:
          'Template describes the pods that will be created. The only allowed template.spec.restartPolicy value is "Always".',
      },
    },
    { required: ['selector', 'template'] },
  ),
  [`${APPS}.DeploymentStrategy`]: object(
    'DeploymentStrategy describes how to replace existing pods with new ones.',
    {
      rollingUpdate: ref(
        `${APPS}.RollingUpdateDeployment`,
        'Rolling update config params. Present only if DeploymentStrategyType = RollingUpdate.',
      ),
      type: enumOf(
        'Type of deployment. Can be "Recreate" or "RollingUpdate". Default is RollingUpdate.',
        ['Recreate', 'RollingUpdate'],
      ),
    },
  ),
  [`${APPS}.RollingUpdateDeployment`]: object(
    'Spec to control the desired behavior of rolling update.',
    {
      maxSurge: ref(
        INT_OR_STRING,
        'The maximum number of pods that can be scheduled above the desired number of pods. Value can be an absolute number (ex: 5) or a percentage of desired pods (ex: 10%). Defaults to 25%.',
      ),
      maxUnavailable: ref(
        INT_OR_STRING,
        'The maximum number of pods that can be unavailable during the update. Value can be an absolute number (ex: 5) or a percentage of desired pods (ex: 10%). Defaults to 25%.',
      ),
    },
  ),
  [`${APPS}.DeploymentStatus`]: object(
    'DeploymentStatus is the most recently observed status of the Deployment.',
    {
      availableReplicas: int32(
        'Total number of available pods (ready for at least minReadySeconds) targeted by this deployment.',
      ),
      collisionCount: int32(
        'Count of hash collisions for the Deployment. The Deployment controller uses this field as a collision avoidance mechanism when it needs to create the name for the newest ReplicaSet.',
      ),
      conditions: conditions(
        `${APPS}.DeploymentCondition`,
        "Represents the latest available observations of a deployment's current state.",
      ),
      observedGeneration: int64(
        'The generation observed by the deployment controller.',
      ),
      readyReplicas: int32(
        'readyReplicas is the number of pods targeted by this Deployment with a Ready Condition.',
      ),
      replicas: int32(
        'Total number of non-terminated pods targeted by this deployment (their labels match the selector).',
      ),
      terminatingReplicas: int32(
        'Total number of terminating pods targeted by this deployment.',
      ),
      unavailableReplicas: int32(
        'Total number of unavailable pods targeted by this deployment.',
      ),
      updatedReplicas: int32(
        'Total number of non-terminated pods targeted by this deployment that have the desired template spec.',
      ),
    },
  ),
  [`${APPS}.DeploymentCondition`]: workloadCondition(
    'DeploymentCondition',
    'deployment',
  ),
  [`${APPS}.DeploymentList`]: listKind(
    apps,
    `${APPS}.Deployment`,
    'DeploymentList',
  ),
  [`${APPS}.ReplicaSet`]: kind(
    apps,
    'ReplicaSet',
    'ReplicaSet ensures that a specified number of pod replicas are running at any given time.',
    {
      ...specAndStatus(
        [
          `${APPS}.ReplicaSetSpec`,
          'Spec defines the specification of the desired behavior of the ReplicaSet.',
        ],
        [
          `${APPS}.ReplicaSetStatus`,
          'Status is the most recently observed status of the ReplicaSet.',
        ],
      ),
    },
  ),
  [`${APPS}.ReplicaSetSpec`]: object(
    'ReplicaSetSpec is the specification of a ReplicaSet.',
    {
      minReadySeconds: int32(
        'Minimum number of seconds for which a newly created pod should be ready without any of its container crashing, for it to be considered available.',
      ),
      replicas: int32('Replicas is the number of desired pods. Defaults to 1.'),
      selector: {
        ...selector,
        description:
          'Selector is a label query over pods that should match the replica count. Label keys and values that must match in order to be controlled by this replica set.',
      },
      template: {
        ...template,
        description:
          'Template is the object that describes the pod that will be created if insufficient replicas are detected.',
      },
    },
    { required: ['selector'] },
  ),
  [`${APPS}.ReplicaSetStatus`]: object(
    'ReplicaSetStatus represents the current status of a ReplicaSet.',
    {
      availableReplicas: int32(
        'The number of available non-terminating pods (ready for at least minReadySeconds) for this replica set.',
      ),
      conditions: conditions(
        `${APPS}.ReplicaSetCondition`,
        "Represents the latest available observations of a replica set's current state.",
      ),
      fullyLabeledReplicas: int32(
        'The number of non-terminating pods that have labels matching the labels of the pod template of the replicaset.',
      ),
      observedGeneration: int64(
        'ObservedGeneration reflects the generation of the most recently observed ReplicaSet.',
      ),
      readyReplicas: int32(
        'The number of non-terminating pods targeted by this ReplicaSet with a Ready Condition.',
      ),
      replicas: int32(
        'Replicas is the most recently observed number of non-terminating pods.',
        { default: 0 },
      ),
      terminatingReplicas: int32(
        'The number of terminating pods for this replica set.',
      ),
    },
    { required: ['replicas'] },
  ),
  [`${APPS}.ReplicaSetCondition`]: workloadCondition(
    'ReplicaSetCondition',
    'replica set',
  ),
  [`${APPS}.ReplicaSetList`]: listKind(
    apps,
    `${APPS}.ReplicaSet`,
    'ReplicaSetList',
  ),
};

const AUTOSCALING_DEFINITIONS: Definitions = {
  [`${AUTOSCALING}.Scale`]: kind(
    autoscaling,
    'Scale',
    'Scale represents a scaling request for a resource.',
    {
      ...specAndStatus(
        [`${AUTOSCALING}.ScaleSpec`, 'spec defines the behavior of the scale.'],
        [
          `${AUTOSCALING}.ScaleStatus`,
          'status is the current status of the scale. Read-only.',
        ],
      ),
    },
  ),
  [`${AUTOSCALING}.ScaleSpec`]: object(
    'ScaleSpec describes the attributes of a scale subresource.',
    {
      replicas: int32(
        'replicas is the desired number of instances for the scaled object.',
      ),
    },
  ),
  [`${AUTOSCALING}.ScaleStatus`]: object(
    'ScaleStatus represents the current status of a scale subresource.',
    {
      replicas: int32(
        'replicas is the actual number of observed instances of the scaled object.',
        { default: 0 },
      ),
      selector: str(
        'selector is the label query over pods that should match the replicas count, in the serialized form of a label selector.',
      ),
    },
    { required: ['replicas'] },
  ),
};

const CRD = `${APIEXTENSIONS}.CustomResourceDefinition`;

const APIEXTENSIONS_DEFINITIONS: Definitions = {
  [CRD]: kind(
    apiextensions,
    'CustomResourceDefinition',
    'CustomResourceDefinition represents a resource that should be exposed on the API server. Its name MUST be in the format <.spec.name>.<.spec.group>.',
    {
      ...specAndStatus(
        [
          `${CRD}Spec`,
          'spec describes how the user wants the resources to appear',
        ],
        [
          `${CRD}Status`,
          'status indicates the actual state of the CustomResourceDefinition',
        ],
      ),
    },
    { required: ['spec'] },
  ),
  [`${CRD}Spec`]: object(
    'CustomResourceDefinitionSpec describes how a user wants their resource to appear',
    {
      conversion: opaque('conversion defines conversion settings for the CRD.'),
      group: str(
        'group is the API group of the defined custom resource. Must match the name of the CustomResourceDefinition (in the form `<names.plural>.<group>`).',
        { default: '' },
      ),
      names: ref(
        `${CRD}Names`,
        'names specify the resource and kind names for the custom resource.',
        { default: {} },
      ),
      preserveUnknownFields: bool(
        'preserveUnknownFields indicates that object fields which are not specified in the OpenAPI schema should be preserved when persisting to storage.',
      ),
      scope: enumOf(
        'scope indicates whether the defined custom resource is cluster- or namespace-scoped. Allowed values are `Cluster` and `Namespaced`.',
        ['Cluster', 'Namespaced'],
        { default: '' },
      ),
      versions: refList(
        `${CRD}Version`,
        'versions is the list of all API versions of the defined custom resource.',
      ),
    },
    { required: ['group', 'names', 'scope', 'versions'] },
  ),
  [`${CRD}Names`]: object(
    'CustomResourceDefinitionNames indicates the names to serve this CustomResourceDefinition',
    {
      categories: stringList(
        "categories is a list of grouped resources this custom resource belongs to (e.g. 'all').",
      ),
      kind: str(
        'kind is the serialized kind of the resource. It is normally CamelCase and singular.',
        { default: '' },
      ),
      listKind: str(
        'listKind is the serialized kind of the list for this resource. Defaults to "`kind`List".',
      ),
      plural: str(
        'plural is the plural name of the resource to serve. Must be all lowercase.',
        { default: '' },
      ),
      shortNames: stringList(
        'shortNames are short names for the resource, exposed in API discovery documents, and used by clients to support invocations like `kubectl get <shortname>`.',
      ),
      singular: str(
        'singular is the singular name of the resource. It must be all lowercase. Defaults to lowercased `kind`.',
      ),
    },
    { required: ['plural', 'kind'] },
  ),
  [`${CRD}Version`]: object(
    'CustomResourceDefinitionVersion describes a version for CRD.',
    {
      additionalPrinterColumns: refList(
        `${APIEXTENSIONS}.CustomResourceColumnDefinition`,
        'additionalPrinterColumns specifies additional columns returned in Table output. If no columns are specified, a single column displaying the age of the custom resource is used.',
      ),
      deprecated: bool(
        'deprecated indicates this version of the custom resource API is deprecated.',
      ),
      deprecationWarning: str(
        'deprecationWarning overrides the default warning returned to API clients.',
      ),
      name: str('name is the version name, e.g. “v1”, “v2beta1”, etc.', {
        default: '',
      }),
      schema: opaque(
        'schema describes the schema used for validation, pruning, and defaulting of this version of the custom resource.',
      ),
      selectableFields: opaque(
        'selectableFields specifies paths to fields that may be used as field selectors.',
      ),
      served: bool(
        'served is a flag enabling/disabling this version from being served via REST APIs',
        { default: false },
      ),
      storage: bool(
        'storage indicates this version should be used when persisting custom resources to storage. There must be exactly one version with storage=true.',
        { default: false },
      ),
      subresources: opaque(
        'subresources specify what subresources this version of the defined custom resource have.',
      ),
    },
    { required: ['name', 'served', 'storage'] },
  ),
  [`${APIEXTENSIONS}.CustomResourceColumnDefinition`]: object(
    'CustomResourceColumnDefinition specifies a column for server side printing.',
    {
      description: str(
        'description is a human readable description of this column.',
      ),
      format: str(
        "format is an optional OpenAPI type definition for this column. The 'name' format is applied to the primary identifier column to assist in clients identifying column is the resource name.",
      ),
      jsonPath: str(
        'jsonPath is a simple JSON path (i.e. with array notation) which is evaluated against each custom resource to produce the value for this column.',
        { default: '' },
      ),
      name: str('name is a human readable name for the column.', {
        default: '',
      }),
      priority: int32(
        'priority is an integer defining the relative importance of this column compared to others. Lower numbers are considered higher priority. Columns that may be omitted in limited space scenarios should be given a priority greater than 0.',
      ),
      type: str(
        'type is an OpenAPI type definition for this column. See https://github.com/OAI/OpenAPI-Specification/blob/master/versions/2.0.md#data-types for details.',
        { default: '' },
      ),
    },
    { required: ['name', 'type', 'jsonPath'] },
  ),
  [`${CRD}Status`]: object(
    'CustomResourceDefinitionStatus indicates the state of the CustomResourceDefinition',
    {
      acceptedNames: ref(
        `${CRD}Names`,
        'acceptedNames are the names that are actually being used to serve discovery.',
        { default: {} },
      ),
      conditions: refList(
        `${CRD}Condition`,
        'conditions indicate state for particular aspects of a CustomResourceDefinition',
        { listType: 'map', mapKeys: ['type'] },
      ),
      storedVersions: stringList(
        'storedVersions lists all versions of CustomResources that were ever persisted.',
      ),
    },
  ),
  [`${CRD}Condition`]: object(
    'CustomResourceDefinitionCondition contains details for the current condition of this pod.',
    {
      lastTransitionTime: ref(
        TIME,
        'lastTransitionTime last time the condition transitioned from one status to another.',
      ),
      message: str(
        'message is a human-readable message indicating details about last transition.',
      ),
      reason: str(
        "reason is a unique, one-word, CamelCase reason for the condition's last transition.",
      ),
      status: str(
        'status is the status of the condition. Can be True, False, Unknown.',
        { default: '' },
      ),
      type: str(
        'type is the type of the condition. Types include Established, NamesAccepted and Terminating.',
        { default: '' },
      ),
    },
    { required: ['type', 'status'] },
  ),
  [`${CRD}List`]: listKind(apiextensions, CRD, 'CustomResourceDefinitionList'),
};

export const APPS_AND_EXTENSIONS_DEFINITIONS: Definitions = {
  ...APPS_DEFINITIONS,
  ...AUTOSCALING_DEFINITIONS,
  ...APIEXTENSIONS_DEFINITIONS,
};
