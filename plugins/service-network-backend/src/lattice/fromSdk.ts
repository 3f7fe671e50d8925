/*
 * SDK shapes to the inventory's records. A fleet has target groups by the
 * hundred thousand, so the values they all repeat (statuses, protocols,
 * VPCs, most tag values) are shared rather than copied per record.
 */
import type {
  GetServiceResponse,
  GetTargetGroupResponse,
  ServiceNetworkServiceAssociationSummary,
  ServiceNetworkSummary,
  ServiceSummary,
  TargetGroupSummary,
  TargetSummary,
} from '@aws-sdk/client-vpc-lattice';
import {
  LATTICE_TAG_KEYS,
  LatticeResourceStatus,
  TargetStatus,
} from '@service-network/backstage-plugin-service-network-common';
import type {
  LatticeServiceAssociation,
  LatticeServiceNetwork,
  LatticeTarget,
  LatticeTargetGroup,
} from '../inventory/snapshot';
import { sharedValues as shared } from '../inventory/shared';
import type { TrackedService, TrackedTargetGroup } from './latticeStore';

const FAILED: readonly string[] = ['CREATE_FAILED', 'DELETE_FAILED'];

/** The tags status composition reads. */
const KEPT_TAG_KEYS = [
  LATTICE_TAG_KEYS.clusterName,
  LATTICE_TAG_KEYS.serviceNamespace,
  LATTICE_TAG_KEYS.serviceName,
  LATTICE_TAG_KEYS.sourceType,
  LATTICE_TAG_KEYS.protocolVersion,
];

/*
 * Records are copied through these, never with `{ ...record, changed }`:
 * in V8 (Node 20) a spread ahead of more properties takes a slow path and
 * leaves an object about 300 bytes larger, and 100,000 target groups are
 * each copied as their tags and targets arrive. One literal with every
 * field also gives every record the same shape; `satisfies` makes a field
 * added to these types fail to compile until it is copied here too.
 * `changes` is typed by its own keys, so a required field cannot be set to
 * undefined.
 */
function targetGroupRecord<K extends keyof LatticeTargetGroup>(
  from: LatticeTargetGroup,
  changes: Pick<LatticeTargetGroup, K>,
): LatticeTargetGroup {
  return Object.assign(
    {
      id: from.id,
      arn: from.arn,
      name: from.name,
      status: from.status,
      port: from.port,
      protocol: from.protocol,
      protocolVersion: from.protocolVersion,
      vpcIdentifier: from.vpcIdentifier,
      tags: from.tags,
      failureCode: from.failureCode,
      failureMessage: from.failureMessage,
    } satisfies Record<keyof LatticeTargetGroup, unknown>,
    changes,
  );
}

function trackedTargetGroup<K extends keyof TrackedTargetGroup>(
  from: TrackedTargetGroup,
  changes: Pick<TrackedTargetGroup, K>,
): TrackedTargetGroup {
  return Object.assign(
    {
      targetGroup: from.targetGroup,
      targets: from.targets,
      tagged: from.tagged,
      targetsListedAt: from.targetsListedAt,
      detailedFor: from.detailedFor,
      lastUpdatedAt: from.lastUpdatedAt,
    } satisfies Record<keyof TrackedTargetGroup, unknown>,
    changes,
  );
}

function trackedService<K extends keyof TrackedService>(
  from: TrackedService,
  changes: Pick<TrackedService, K>,
): TrackedService {
  return Object.assign(
    {
      id: from.id,
      arn: from.arn,
      name: from.name,
      status: from.status,
      dnsEntry: from.dnsEntry,
      customDomainName: from.customDomainName,
      certificateArn: from.certificateArn,
      failureCode: from.failureCode,
      failureMessage: from.failureMessage,
      lastUpdatedAt: from.lastUpdatedAt,
      detailedFor: from.detailedFor,
    } satisfies Record<keyof TrackedService, unknown>,
    changes,
  );
}

/** Until ListTagsForResource answers: one frozen object for every such target group, not one each. */
const NO_TAGS: Readonly<Record<string, string>> = Object.freeze({});

/** Failed resources explain themselves only in Get*: their details are worth a call. */
export function needsFailureDetails(
  item: { targetGroup: LatticeTargetGroup } | TrackedService,
): boolean {
  const record = 'targetGroup' in item ? item.targetGroup : item;
  const tracked = item as { detailedFor?: string; lastUpdatedAt?: string };
  return (
    FAILED.includes(record.status) &&
    tracked.detailedFor !== tracked.lastUpdatedAt
  );
}

export function toServiceNetwork(
  item: ServiceNetworkSummary,
): LatticeServiceNetwork {
  return {
    id: item.id ?? '',
    arn: item.arn ?? '',
    name: item.name ?? '',
    numberOfAssociatedVPCs: item.numberOfAssociatedVPCs,
    numberOfAssociatedServices: item.numberOfAssociatedServices,
  };
}

/** A listed service, keeping the details read earlier while it has not changed since. */
export function toService(
  item: ServiceSummary,
  previous: TrackedService | undefined,
): TrackedService {
  const lastUpdatedAt = item.lastUpdatedAt?.toISOString();
  const kept =
    previous && previous.detailedFor === lastUpdatedAt ? previous : undefined;
  // The fields in trackedService's order: one shape for every service record.
  return {
    id: item.id ?? '',
    arn: item.arn ?? '',
    name: item.name ?? '',
    status: (item.status ?? 'ACTIVE') as LatticeResourceStatus,
    dnsEntry: item.dnsEntry,
    customDomainName: item.customDomainName,
    certificateArn: kept?.certificateArn,
    failureCode: kept?.failureCode,
    failureMessage: kept?.failureMessage,
    lastUpdatedAt,
    detailedFor: kept?.detailedFor,
  };
}

export function withServiceDetails(
  service: TrackedService,
  details: GetServiceResponse,
): TrackedService {
  return trackedService(service, {
    certificateArn: details.certificateArn,
    failureCode: details.failureCode,
    failureMessage: details.failureMessage,
    detailedFor: service.lastUpdatedAt,
  });
}

export function toAssociation(
  item: ServiceNetworkServiceAssociationSummary,
): LatticeServiceAssociation {
  return {
    id: item.id ?? '',
    status: (item.status ?? 'ACTIVE') as LatticeResourceStatus,
    serviceArn: item.serviceArn ?? '',
    serviceNetworkName: item.serviceNetworkName ?? '',
    serviceNetworkArn: item.serviceNetworkArn,
  };
}

/** A listed target group, keeping its tags, targets and details from earlier refreshes. */
export function toTargetGroup(
  item: TargetGroupSummary,
  previous: TrackedTargetGroup | undefined,
): TrackedTargetGroup {
  const lastUpdatedAt = item.lastUpdatedAt?.toISOString();
  const before = previous?.targetGroup;
  // Unchanged since the last sweep: keep the entry, so that a sweep of
  // 100,000 target groups does not replace 100,000 objects every cycle.
  if (
    previous !== undefined &&
    previous.lastUpdatedAt === lastUpdatedAt &&
    before!.status === item.status &&
    before!.name === item.name &&
    before!.port === (item.port ?? 0)
  ) {
    return previous;
  }
  const keepDetails =
    previous !== undefined && previous.detailedFor === lastUpdatedAt;
  return {
    targetGroup: {
      id: item.id ?? '',
      arn: item.arn ?? '',
      name: item.name ?? '',
      status: shared.string(item.status ?? 'ACTIVE') as LatticeResourceStatus,
      port: item.port ?? 0,
      protocol: shared.string(item.protocol ?? ''),
      protocolVersion: before?.protocolVersion,
      vpcIdentifier: shared.string(item.vpcIdentifier),
      tags: before?.tags ?? NO_TAGS,
      failureCode: keepDetails ? before?.failureCode : undefined,
      failureMessage: keepDetails ? before?.failureMessage : undefined,
    },
    targets: previous?.targets,
    tagged: previous?.tagged ?? false,
    targetsListedAt: previous?.targetsListedAt,
    detailedFor: keepDetails ? previous?.detailedFor : undefined,
    lastUpdatedAt,
  };
}

export function withTargetGroupDetails(
  group: TrackedTargetGroup,
  details: GetTargetGroupResponse,
): TrackedTargetGroup {
  return trackedTargetGroup(group, {
    targetGroup: targetGroupRecord(group.targetGroup, {
      protocolVersion:
        details.config?.protocolVersion ?? group.targetGroup.protocolVersion,
      failureCode: details.failureCode,
      failureMessage: details.failureMessage,
    }),
    detailedFor: group.lastUpdatedAt,
  });
}

export function withTags(
  group: TrackedTargetGroup,
  received: Record<string, string>,
): TrackedTargetGroup {
  // Only the controller's keys, always in the same order: objects of one
  // shape, and no copy of user tags or of ManagedBy for every target group.
  const tags: Record<string, string> = {};
  for (const key of KEPT_TAG_KEYS) {
    if (received[key] !== undefined) tags[key] = shared.string(received[key]);
  }
  return trackedTargetGroup(group, {
    tagged: true,
    targetGroup: targetGroupRecord(group.targetGroup, {
      tags,
      protocolVersion:
        group.targetGroup.protocolVersion ??
        tags[LATTICE_TAG_KEYS.protocolVersion],
    }),
  });
}

function sameTargets(
  a: readonly LatticeTarget[] | undefined,
  b: readonly LatticeTarget[],
): boolean {
  return (
    a !== undefined &&
    a.length === b.length &&
    a.every(
      (target, i) =>
        target.id === b[i].id &&
        target.port === b[i].port &&
        target.status === b[i].status &&
        target.reasonCode === b[i].reasonCode,
    )
  );
}

export function withTargets(
  group: TrackedTargetGroup,
  targets: LatticeTarget[],
  listedAt: number,
): TrackedTargetGroup {
  return trackedTargetGroup(group, {
    targets: sameTargets(group.targets, targets) ? group.targets : targets,
    targetsListedAt: listedAt,
  });
}

export function toTarget(item: TargetSummary): LatticeTarget {
  return {
    id: item.id ?? '',
    port: item.port ?? 0,
    status: shared.string(item.status ?? 'UNAVAILABLE') as TargetStatus,
    reasonCode: shared.string(item.reasonCode),
  };
}
