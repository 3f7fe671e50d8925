/*
 * Findings about the ServiceExport and Service in one workload cluster:
 * the mistakes that make the controller ignore or fail on an export.
 */
import {
  ControllerEvent,
  Finding,
  KINDS,
  LATTICE_ANNOTATIONS,
  LATTICE_FEDERATION_VALUE,
  LATTICE_FINALIZERS,
  LatticeExportStatus,
  ProviderClusterStatus,
  ServiceRef,
  WorkloadClusterStatus,
} from '@service-network/backstage-plugin-service-network-common';
import {
  CONTROLLER_REACTION_MS,
  isFailure,
  isRecent,
} from '../../status/events';
import { LEGACY_PORT_ANNOTATION } from './exportStatus';
import { kubeRef, kubectlResource } from '../../status/refs';
import { isDualStack, isHeadless } from '../../status/service';
import { describeTime, duration, elapsedMs } from '../../status/time';

/** Where the controller's pods run in a default installation. */
const CONTROLLER_NAMESPACE = 'aws-application-networking-system';
const CONTROLLER_LOGS = `the controller's logs (its pods run in namespace ${CONTROLLER_NAMESPACE} by default: kubectl -n ${CONTROLLER_NAMESPACE} get pods)`;

const FAILURE_ACTIONS: Record<string, string> = {
  FailedBuildModel:
    'The controller could not turn the export into target groups. Fix what the message names (often a missing or dual-stack Service, or a TargetGroupPolicy with an invalid protocol); the controller retries on its own.',
  FailedDeployModel:
    "VPC Lattice rejected a change. A ConflictException while a target group is CREATE_IN_PROGRESS is transient (controller issue #781) and clears on retry; otherwise check the controller's IAM permissions and the Lattice quota named in the message.",
  FailedAddFinalizer: `The controller could not update the ServiceExport. Check that its service account may update serviceexports in this namespace and that no admission webhook rejects the change; ${CONTROLLER_LOGS} say more.`,
};

function quote(event: ControllerEvent, now: Date): string {
  const when = event.lastSeen
    ? `, last at ${describeTime(event.lastSeen, now)}`
    : '';
  const times = event.count > 1 ? `${event.count} times` : 'once';
  return `${event.reason} (${times}${when}): "${event.message}"`;
}

interface Context {
  cluster: WorkloadClusterStatus;
  /** This provider's entry for the cluster. */
  entry: ProviderClusterStatus;
  service: ServiceRef;
  now: Date;
}

function exportRefs(context: Context, serviceExport: LatticeExportStatus) {
  return [
    kubeRef(
      KINDS.latticeServiceExport,
      context.cluster.cluster,
      context.service.namespace,
      serviceExport.name,
    ),
  ];
}

function exportLabel(
  context: Context,
  serviceExport: LatticeExportStatus,
): string {
  return `ServiceExport ${context.service.namespace}/${serviceExport.name} in cluster ${context.cluster.cluster}`;
}

function ignoredFindings(
  context: Context,
  serviceExport: LatticeExportStatus,
): Finding[] {
  const { namespace } = context.service;
  const command = `kubectl -n ${namespace} annotate ${kubectlResource(
    KINDS.latticeServiceExport,
  )} ${serviceExport.name} ${
    LATTICE_ANNOTATIONS.federation
  }=${LATTICE_FEDERATION_VALUE} --overwrite`;
  const wrongValue = serviceExport.federationValue !== undefined;
  return [
    {
      id: wrongValue
        ? 'export-wrong-federation-value'
        : 'export-missing-federation-annotation',
      severity: 'error',
      cluster: context.cluster.cluster,
      title: 'Export ignored: federation annotation missing',
      detail: wrongValue
        ? `${exportLabel(context, serviceExport)} has ${
            LATTICE_ANNOTATIONS.federation
          }: "${
            serviceExport.federationValue
          }". The controller acts only on the value "${LATTICE_FEDERATION_VALUE}", so it ignores this export and nothing reaches VPC Lattice.`
        : `${exportLabel(context, serviceExport)} has no ${
            LATTICE_ANNOTATIONS.federation
          } annotation. The AWS Gateway API Controller ignores exports without it, so nothing reaches VPC Lattice.`,
      action: `Add the annotation ${LATTICE_ANNOTATIONS.federation}: ${LATTICE_FEDERATION_VALUE}: export again with the Export button on this page (it sets it), or run in cluster ${context.cluster.cluster}: ${command}`,
      objectRefs: exportRefs(context, serviceExport),
    },
  ];
}

function pickupFindings(
  context: Context,
  serviceExport: LatticeExportStatus,
): Finding[] {
  const waited = elapsedMs(serviceExport.createdAt, context.now);
  const late = waited > CONTROLLER_REACTION_MS;
  return [
    {
      id: 'export-pending-pickup',
      severity: late ? 'warning' : 'info',
      cluster: context.cluster.cluster,
      title: late
        ? 'Export not picked up by the controller'
        : 'Export waiting for the controller',
      detail: `The controller has not picked up ${exportLabel(
        context,
        serviceExport,
      )} yet (its finalizer ${
        LATTICE_FINALIZERS.serviceExport
      } is missing). This normally takes a few seconds${
        serviceExport.createdAt ? `; it has waited ${duration(waited)}` : ''
      }.`,
      action: late
        ? `Check that the AWS Gateway API Controller runs in cluster ${context.cluster.cluster} and watches namespace ${context.service.namespace}, and look for ${context.service.namespace}/${serviceExport.name} in ${CONTROLLER_LOGS}.`
        : 'Wait a minute; this page updates by itself.',
      objectRefs: exportRefs(context, serviceExport),
    },
  ];
}

function failureFindings(
  context: Context,
  serviceExport: LatticeExportStatus,
): Finding[] {
  const { cluster, service, now } = context;
  const failure = cluster.events.find(isFailure);
  const refs = exportRefs(context, serviceExport);
  if (!cluster.service) {
    return [
      {
        id: 'export-service-missing',
        severity: 'error',
        cluster: cluster.cluster,
        title: 'Exported Service does not exist',
        detail: `${exportLabel(context, serviceExport)} exports Service ${
          service.namespace
        }/${
          serviceExport.serviceName
        }, which does not exist there, so the controller cannot build target groups.${
          failure ? ` It reports ${quote(failure, now)}.` : ''
        }`,
        action: `Deploy Service ${service.namespace}/${
          serviceExport.serviceName
        } to cluster ${
          cluster.cluster
        }, or remove the export there (Unexport on this page, or kubectl -n ${
          service.namespace
        } delete ${kubectlResource(KINDS.latticeServiceExport)} ${
          serviceExport.name
        }).`,
        objectRefs: refs,
      },
    ];
  }
  if (!failure) {
    return [];
  }
  if (cluster.state === 'failed') {
    return [
      {
        id: 'export-controller-failure',
        severity: 'error',
        cluster: cluster.cluster,
        title: `Controller failed: ${failure.reason}`,
        detail: `The controller reports ${quote(
          failure,
          now,
        )} for ${exportLabel(context, serviceExport)}.`,
        action: FAILURE_ACTIONS[failure.reason],
        objectRefs: refs,
      },
    ];
  }
  // Only once the target groups are known to be in place is the failure over.
  return isRecent(failure, now) && cluster.state !== 'unknown'
    ? [
        {
          id: 'export-recent-failure',
          severity: 'info',
          cluster: cluster.cluster,
          title: `Recent controller failure: ${failure.reason}`,
          detail: `The controller reported ${quote(
            failure,
            now,
          )} for ${exportLabel(
            context,
            serviceExport,
          )}. Its target groups are in place now, so the failure was probably transient.`,
          action: `Nothing, unless it happens again; then: ${
            FAILURE_ACTIONS[failure.reason]
          }`,
          objectRefs: refs,
        },
      ]
    : [];
}

function portFindings(
  context: Context,
  serviceExport: LatticeExportStatus,
): Finding[] {
  const { cluster, service } = context;
  const servicePorts =
    cluster.service?.ports
      .map(port => `${port.port}/${port.protocol}`)
      .join(', ') || 'none';
  return serviceExport.exportedPorts
    .filter(port => !port.onService)
    .map(port => ({
      id: 'export-port-not-on-service',
      severity: 'error',
      cluster: cluster.cluster,
      title: `Exported port ${port.port} is not on the Service`,
      detail: `${exportLabel(context, serviceExport)} exports port ${
        port.port
      }, but Service ${service.namespace}/${
        serviceExport.serviceName
      } has ports ${servicePorts}. The target group for port ${
        port.port
      } gets no targets.`,
      action: `Export a port the Service has (in ${
        serviceExport.legacyMode
          ? `the ${LEGACY_PORT_ANNOTATION} annotation`
          : 'spec.exportedPorts'
      }), or add port ${port.port} to the Service.`,
      objectRefs: [
        ...exportRefs(context, serviceExport),
        kubeRef(
          KINDS.service,
          cluster.cluster,
          service.namespace,
          serviceExport.serviceName,
        ),
      ],
    }));
}

function serviceSupportFindings(context: Context): Finding[] {
  const { cluster, service } = context;
  const summary = cluster.service;
  if (!summary) {
    return [];
  }
  const label = `Service ${service.namespace}/${service.name} in cluster ${cluster.cluster}`;
  const problems: Array<[string, string, string]> = [];
  if (summary.type === 'ExternalName') {
    problems.push([
      'service-externalname-unsupported',
      `${label} is of type ExternalName, which cannot be exported: it has no endpoints to register as targets.`,
      'Export a ClusterIP Service that selects the pods instead.',
    ]);
  } else if (isHeadless(summary)) {
    problems.push([
      'service-headless-unsupported',
      `${label} is headless (clusterIP: None). The AWS Gateway API Controller does not support headless Services as backends.`,
      'Export a ClusterIP Service that selects the same pods.',
    ]);
  }
  if (isDualStack(summary)) {
    problems.push([
      'service-dual-stack-unsupported',
      `${label} is dual-stack (${summary.ipFamilies?.join(
        ', ',
      )}). A Lattice target group takes one IP family, so the controller rejects it.`,
      'Set spec.ipFamilyPolicy: SingleStack on the Service (or export a single-stack Service).',
    ]);
  }
  return problems.map(([id, detail, action]) => ({
    id,
    severity: 'error',
    cluster: cluster.cluster,
    title: 'Service cannot be exported as it is',
    detail,
    action,
    objectRefs: [
      kubeRef(KINDS.service, cluster.cluster, service.namespace, service.name),
    ],
  }));
}

function wrongApiFindings(context: Context): Finding[] {
  const { cluster, service } = context;
  if (
    cluster.export ||
    !cluster.mcsExport ||
    context.entry.state !== 'ignored'
  ) {
    return [];
  }
  return [
    {
      id: 'export-wrong-api-group',
      severity: 'error',
      cluster: cluster.cluster,
      title: 'Exported with the upstream MCS API, which VPC Lattice ignores',
      detail: `Cluster ${cluster.cluster} exports through the AWS Gateway API Controller, which reads ServiceExports of group application-networking.k8s.aws only. ${service.namespace}/${service.name} has a ${cluster.mcsExport.apiVersion} ServiceExport there, so nothing reaches VPC Lattice.`,
      action: `Export with the Export button on this page, or apply an application-networking.k8s.aws/v1alpha1 ServiceExport named ${service.name} in namespace ${service.namespace} with the annotation ${LATTICE_ANNOTATIONS.federation}: ${LATTICE_FEDERATION_VALUE}.`,
      objectRefs: [
        kubeRef(
          KINDS.mcsServiceExport,
          cluster.cluster,
          service.namespace,
          service.name,
        ),
      ],
    },
  ];
}

/** Findings about the export side of one workload cluster whose data is loaded. */
export function exportFindings(context: Context): Finding[] {
  const serviceExport = context.cluster.export;
  if (!serviceExport) {
    return wrongApiFindings(context);
  }
  if (!serviceExport.federated) {
    return ignoredFindings(context, serviceExport);
  }
  if (serviceExport.deleting) {
    return [
      {
        id: 'export-deleting',
        severity: 'info',
        cluster: context.cluster.cluster,
        title: 'Export being deleted',
        detail: `${exportLabel(
          context,
          serviceExport,
        )} is being deleted. The controller removes its target groups, then its finalizer.`,
        action: `If it stays for more than a few minutes, read ${CONTROLLER_LOGS}.`,
        objectRefs: exportRefs(context, serviceExport),
      },
    ];
  }
  const failures = failureFindings(context, serviceExport);
  const waiting =
    !serviceExport.pickedUp && context.cluster.state === 'pending'
      ? pickupFindings(context, serviceExport)
      : [];
  return [
    ...failures,
    ...waiting,
    ...(context.cluster.service ? portFindings(context, serviceExport) : []),
    ...serviceSupportFindings(context),
  ];
}
