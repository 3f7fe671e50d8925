/*
 * meta/v1 and the util types every kind refers to: ObjectMeta, ListMeta,
 * LabelSelector, Status, DeleteOptions, Time, IntOrString, Quantity.
 */
import {
  bool,
  CONDITION,
  Definitions,
  enumOf,
  int32,
  int64,
  LABEL_SELECTOR,
  LIST_META,
  META,
  MICRO_TIME,
  object,
  OBJECT_META,
  ref,
  refList,
  str,
  stringList,
  stringMap,
  TIME,
  INT_OR_STRING,
  QUANTITY,
} from './dsl';

export const META_DEFINITIONS: Definitions = {
  [TIME]: {
    description:
      'Time is a wrapper around time.Time which supports correct marshaling to YAML and JSON. Wrappers are provided for many of the factory methods that the time package offers.',
    type: 'string',
    format: 'date-time',
  },
  [MICRO_TIME]: {
    description:
      'MicroTime is version of Time with microsecond level precision.',
    type: 'string',
    format: 'date-time',
  },
  [`${META}.FieldsV1`]: {
    description:
      "FieldsV1 stores a set of fields in a data structure like a Trie, in JSON format. Each key is either a '.' representing the field itself, or a string representing a sub-field or item.",
    type: 'object',
  },
  [INT_OR_STRING]: {
    description:
      'IntOrString is a type that can hold an int32 or a string. When used in JSON or YAML marshalling and unmarshalling, it produces or consumes the inner type.',
    type: 'string',
    format: 'int-or-string',
    'x-kubernetes-int-or-string': true,
  },
  [QUANTITY]: {
    description:
      "Quantity is a fixed-point representation of a number, written as a number or a string with a suffix: '1', '500m', '128Mi', '2Gi'.",
    type: 'string',
    'x-kubernetes-int-or-string': true,
  },
  [`${META}.ManagedFieldsEntry`]: object(
    'ManagedFieldsEntry is a workflow-id, a FieldSet and the group version of the resource that the fieldset applies to.',
    {
      apiVersion: str(
        'APIVersion defines the version of this resource that this field set applies to.',
      ),
      fieldsType: str(
        'FieldsType is the discriminator for the different fields format and version. There is currently only one possible value: "FieldsV1"',
      ),
      fieldsV1: ref(
        `${META}.FieldsV1`,
        'FieldsV1 holds the first JSON version format as described in the "FieldsV1" type.',
      ),
      manager: str(
        'Manager is an identifier of the workflow managing these fields.',
      ),
      operation: str(
        "Operation is the type of operation which lead to this ManagedFieldsEntry being created. The only valid values for this field are 'Apply' and 'Update'.",
      ),
      subresource: str(
        'Subresource is the name of the subresource used to update that object, or empty string if the object was updated through the main resource.',
      ),
      time: ref(
        TIME,
        'Time is the timestamp of when the ManagedFields entry was added.',
      ),
    },
  ),
  [`${META}.OwnerReference`]: object(
    'OwnerReference contains enough information to let you identify an owning object. An owning object must be in the same namespace as the dependent, or be cluster-scoped, so there is no namespace field.',
    {
      apiVersion: str('API version of the referent.'),
      blockOwnerDeletion: bool(
        'If true, AND if the owner has the "foregroundDeletion" finalizer, then the owner cannot be deleted from the key-value store until this reference is removed.',
      ),
      controller: bool(
        'If true, this reference points to the managing controller.',
      ),
      kind: str('Kind of the referent.'),
      name: str('Name of the referent.', { default: '' }),
      uid: str('UID of the referent.', { default: '' }),
    },
    {
      required: ['apiVersion', 'kind', 'name', 'uid'],
      'x-kubernetes-map-type': 'atomic',
    },
  ),
  [OBJECT_META]: object(
    'ObjectMeta is metadata that all persisted resources must have, which includes all objects users must create.',
    {
      annotations: stringMap(
        'Annotations is an unstructured key value map stored with a resource that may be set by external tools to store and retrieve arbitrary metadata. They are not queryable and should be preserved when modifying objects. More info: https://kubernetes.io/docs/concepts/overview/working-with-objects/annotations',
      ),
      creationTimestamp: ref(
        TIME,
        'CreationTimestamp is a timestamp representing the server time when this object was created. Clients may not set this value. Populated by the system. Read-only. Null for lists.',
      ),
      deletionGracePeriodSeconds: int64(
        'Number of seconds allowed for this object to gracefully terminate before it will be removed from the system. Only set when deletionTimestamp is also set. May only be shortened. Read-only.',
      ),
      deletionTimestamp: ref(
        TIME,
        'DeletionTimestamp is RFC 3339 date and time at which this resource will be deleted. This field is set by the server when a graceful deletion is requested by the user, and is not directly settable by a client. Read-only.',
      ),
      finalizers: stringList(
        'Must be empty before the object is deleted from the registry. Each entry is an identifier for the responsible component that will remove the entry from the list.',
        { listType: 'set', strategy: 'merge' },
      ),
      generateName: str(
        'GenerateName is an optional prefix, used by the server, to generate a unique name ONLY IF the Name field has not been provided.',
      ),
      generation: int64(
        'A sequence number representing a specific generation of the desired state. Populated by the system. Read-only.',
      ),
      labels: stringMap(
        'Map of string keys and values that can be used to organize and categorize (scope and select) objects. May match selectors of replication controllers and services. More info: https://kubernetes.io/docs/concepts/overview/working-with-objects/labels',
      ),
      managedFields: refList(
        `${META}.ManagedFieldsEntry`,
        "ManagedFields maps workflow-id and version to the set of fields that are managed by that workflow. This is mostly for internal housekeeping, and users typically shouldn't need to set or understand this field.",
      ),
      name: str(
        'Name must be unique within a namespace. Is required when creating resources, although some resources may allow a client to request the generation of an appropriate name automatically. Cannot be updated. More info: https://kubernetes.io/docs/concepts/overview/working-with-objects/names#names',
      ),
      namespace: str(
        'Namespace defines the space within which each name must be unique. An empty namespace is equivalent to the "default" namespace. Cannot be updated. More info: https://kubernetes.io/docs/concepts/overview/working-with-objects/namespaces',
      ),
      ownerReferences: refList(
        `${META}.OwnerReference`,
        'List of objects depended by this object. If ALL objects in the list have been deleted, this object will be garbage collected. If this object is managed by a controller, then an entry in this list will point to this controller, with the controller field set to true.',
        { listType: 'map', mapKeys: ['uid'], mergeKey: 'uid' },
      ),
      resourceVersion: str(
        'An opaque value that represents the internal version of this object that can be used by clients to determine when objects have changed. Populated by the system. Read-only.',
      ),
      selfLink: str(
        'Deprecated: selfLink is a legacy read-only field that is no longer populated by the system.',
      ),
      uid: str(
        'UID is the unique in time and space value for this object. It is typically generated by the server on successful creation of a resource and is not allowed to change on PUT operations. Populated by the system. Read-only.',
      ),
    },
  ),
  [LIST_META]: object(
    'ListMeta describes metadata that synthetic resources must have, including lists and various status objects.',
    {
      continue: str(
        'continue may be set if the user set a limit on the number of items returned, and indicates that the server has more data available.',
      ),
      remainingItemCount: int64(
        'remainingItemCount is the number of subsequent items in the list which are not included in this list response.',
      ),
      resourceVersion: str(
        "String that identifies the server's internal version of this object that can be used by clients to determine when objects have changed.",
      ),
      selfLink: str(
        'Deprecated: selfLink is a legacy read-only field that is no longer populated by the system.',
      ),
    },
  ),
  [`${META}.LabelSelectorRequirement`]: object(
    'A label selector requirement is a selector that contains values, a key, and an operator that relates the key and values.',
    {
      key: str('key is the label key that the selector applies to.', {
        default: '',
      }),
      operator: str(
        "operator represents a key's relationship to a set of values. Valid operators are In, NotIn, Exists and DoesNotExist.",
        { default: '' },
      ),
      values: stringList(
        'values is an array of string values. If the operator is In or NotIn, the values array must be non-empty. If the operator is Exists or DoesNotExist, the values array must be empty.',
      ),
    },
    { required: ['key', 'operator'] },
  ),
  [LABEL_SELECTOR]: object(
    'A label selector is a label query over a set of resources. The result of matchLabels and matchExpressions are ANDed. An empty label selector matches all objects. A null label selector matches no objects.',
    {
      matchExpressions: refList(
        `${META}.LabelSelectorRequirement`,
        'matchExpressions is a list of label selector requirements. The requirements are ANDed.',
      ),
      matchLabels: stringMap(
        'matchLabels is a map of {key,value} pairs. A single {key,value} in the matchLabels map is equivalent to an element of matchExpressions, whose key field is "key", the operator is "In", and the values array contains only "value". The requirements are ANDed.',
      ),
    },
    { 'x-kubernetes-map-type': 'atomic' },
  ),
  [CONDITION]: object(
    'Condition contains details for one aspect of the current state of this API Resource.',
    {
      lastTransitionTime: ref(
        TIME,
        'lastTransitionTime is the last time the condition transitioned from one status to another.',
      ),
      message: str(
        'message is a human readable message indicating details about the transition.',
        { default: '' },
      ),
      observedGeneration: int64(
        'observedGeneration represents the .metadata.generation that the condition was set based upon.',
      ),
      reason: str(
        "reason contains a programmatic identifier indicating the reason for the condition's last transition.",
        { default: '' },
      ),
      status: str('status of the condition, one of True, False, Unknown.', {
        default: '',
      }),
      type: str(
        'type of condition in CamelCase or in foo.example.com/CamelCase.',
        { default: '' },
      ),
    },
    { required: ['type', 'status', 'lastTransitionTime', 'reason', 'message'] },
  ),
  [`${META}.StatusCause`]: object(
    'StatusCause provides more information about an api.Status failure, including cases when multiple errors are encountered.',
    {
      field: str(
        'The field of the resource that has caused this error, as named by its JSON serialization.',
      ),
      message: str('A human-readable description of the cause of the error.'),
      reason: str('A machine-readable description of the cause of the error.'),
    },
  ),
  [`${META}.StatusDetails`]: object(
    'StatusDetails is a set of additional properties that MAY be set by the server to provide additional information about a response.',
    {
      causes: refList(
        `${META}.StatusCause`,
        'The Causes array includes more details associated with the StatusReason failure.',
      ),
      group: str(
        'The group attribute of the resource associated with the status StatusReason.',
      ),
      kind: str(
        'The kind attribute of the resource associated with the status StatusReason.',
      ),
      name: str(
        'The name attribute of the resource associated with the status StatusReason (when there is a single name which can be described).',
      ),
      retryAfterSeconds: int32(
        'If specified, the time in seconds before the operation should be retried.',
      ),
      uid: str('UID of the resource.'),
    },
  ),
  [`${META}.Status`]: {
    ...object(
      "Status is a return value for calls that don't return other objects.",
      {
        apiVersion: str(
          'APIVersion defines the versioned schema of this representation of an object.',
        ),
        code: int32(
          'Suggested HTTP return code for this status, 0 if not set.',
        ),
        details: ref(
          `${META}.StatusDetails`,
          'Extended data associated with the reason.',
        ),
        kind: str(
          'Kind is a string value representing the REST resource this object represents.',
        ),
        message: str(
          'A human-readable description of the status of this operation.',
        ),
        metadata: ref(LIST_META, 'Standard list metadata.', { default: {} }),
        reason: str(
          'A machine-readable description of why this operation is in the "Failure" status.',
        ),
        status: str('Status of the operation. One of: "Success" or "Failure".'),
      },
    ),
    'x-kubernetes-group-version-kind': [
      { group: '', kind: 'Status', version: 'v1' },
    ],
  },
  [`${META}.Preconditions`]: object(
    'Preconditions must be fulfilled before an operation (update, delete, etc.) is carried out.',
    {
      resourceVersion: str('Specifies the target ResourceVersion'),
      uid: str('Specifies the target UID.'),
    },
  ),
  [`${META}.DeleteOptions`]: object(
    'DeleteOptions may be provided when deleting an API object.',
    {
      apiVersion: str(
        'APIVersion defines the versioned schema of this representation of an object.',
      ),
      dryRun: stringList(
        'When present, indicates that modifications should not be persisted. Valid values are: - All: all dry run stages will be processed',
      ),
      gracePeriodSeconds: int64(
        'The duration in seconds before the object should be deleted. The value zero indicates delete immediately.',
      ),
      kind: str(
        'Kind is a string value representing the REST resource this object represents.',
      ),
      preconditions: ref(
        `${META}.Preconditions`,
        'Must be fulfilled before a deletion is carried out.',
      ),
      propagationPolicy: enumOf(
        'Whether and how garbage collection will be performed.',
        ['Background', 'Foreground', 'Orphan'],
      ),
    },
  ),
  [`${META}.Patch`]: {
    description:
      'Patch is provided to give a concrete name and type to the Kubernetes PATCH request body.',
    type: 'object',
  },
  [`${META}.WatchEvent`]: object(
    'Event represents a single event to a watched resource.',
    {
      object: {
        description:
          'Object is: the object in ADDED and MODIFIED events, the object at the time of deletion in DELETED events, a Status in ERROR events.',
        type: 'object',
      },
      type: str('ADDED, MODIFIED, DELETED, ERROR or BOOKMARK', { default: '' }),
    },
    { required: ['type', 'object'] },
  ),
};
