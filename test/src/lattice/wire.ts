/*
 * Records as the Lattice output shapes put them on the wire: exactly the
 * members of each Smithy summary or Get*Response, nothing else.
 */
import {
  LatticeState,
  ListenerRecord,
  RuleRecord,
  ServiceNetworkRecord,
  ServiceNetworkServiceAssociationRecord,
  ServiceNetworkVpcAssociationRecord,
  ServiceRecord,
  TargetGroupRecord,
  TargetRecord,
} from './types';

type Wire = Record<string, unknown>;

/** The named fields that are set; JSON leaves out the rest anyway, this leaves out record-only fields. */
function pick<T extends object>(record: T, keys: ReadonlyArray<keyof T>): Wire {
  const out: Wire = {};
  for (const key of keys) {
    if (record[key] !== undefined) out[key as string] = record[key];
  }
  return out;
}

export function serviceNetworkSummary(state: LatticeState, network: ServiceNetworkRecord): Wire {
  const counts = state.associationCounts(network.id);
  return {
    ...pick(network, ['id', 'name', 'arn', 'createdAt', 'lastUpdatedAt']),
    numberOfAssociatedVPCs: counts.vpcs,
    numberOfAssociatedServices: counts.services,
    numberOfAssociatedResourceConfigurations: 0,
  };
}

export function getServiceNetworkOutput(state: LatticeState, network: ServiceNetworkRecord): Wire {
  const counts = state.associationCounts(network.id);
  return {
    ...pick(network, ['id', 'name', 'arn', 'authType', 'createdAt', 'lastUpdatedAt']),
    sharingConfig: { enabled: false },
    numberOfAssociatedVPCs: counts.vpcs,
    numberOfAssociatedServices: counts.services,
  };
}

const SERVICE_SUMMARY_KEYS = ['id', 'name', 'arn', 'createdAt', 'lastUpdatedAt', 'dnsEntry', 'customDomainName', 'status'] as const;

export function serviceSummary(service: ServiceRecord): Wire {
  return pick(service, SERVICE_SUMMARY_KEYS);
}

export function getServiceOutput(service: ServiceRecord): Wire {
  return pick(service, [...SERVICE_SUMMARY_KEYS, 'certificateArn', 'authType', 'failureCode', 'failureMessage']);
}

export function serviceAssociationSummary(state: LatticeState, association: ServiceNetworkServiceAssociationRecord): Wire {
  const service = state.getService(association.serviceId);
  const network = state.getServiceNetwork(association.serviceNetworkId);
  return {
    ...pick(association, ['id', 'arn', 'status', 'createdBy', 'createdAt', 'serviceId', 'serviceNetworkId', 'dnsEntry', 'customDomainName']),
    serviceName: service.name,
    serviceArn: service.arn,
    serviceNetworkName: network.name,
    serviceNetworkArn: network.arn,
  };
}

export function vpcAssociationSummary(state: LatticeState, association: ServiceNetworkVpcAssociationRecord): Wire {
  const network = state.getServiceNetwork(association.serviceNetworkId);
  return {
    ...pick(association, ['id', 'arn', 'status', 'createdBy', 'createdAt', 'lastUpdatedAt', 'serviceNetworkId', 'vpcId']),
    serviceNetworkName: network.name,
    serviceNetworkArn: network.arn,
  };
}

export function getVpcAssociationOutput(state: LatticeState, association: ServiceNetworkVpcAssociationRecord): Wire {
  return { ...vpcAssociationSummary(state, association), securityGroupIds: [] };
}

export function targetGroupSummary(state: LatticeState, group: TargetGroupRecord): Wire {
  return {
    ...pick(group, ['id', 'arn', 'name', 'type', 'status', 'createdAt', 'lastUpdatedAt']),
    ...pick(group.config, ['port', 'protocol', 'ipAddressType', 'vpcIdentifier']),
    serviceArns: state.serviceArnsOfTargetGroup(group.id),
  };
}

export function getTargetGroupOutput(state: LatticeState, group: TargetGroupRecord): Wire {
  return {
    ...pick(group, ['id', 'arn', 'name', 'type', 'config', 'status', 'createdAt', 'lastUpdatedAt', 'failureCode', 'failureMessage']),
    serviceArns: state.serviceArnsOfTargetGroup(group.id),
  };
}

export function targetSummary(target: TargetRecord): Wire {
  return pick(target, ['id', 'port', 'status', 'reasonCode']);
}

const LISTENER_SUMMARY_KEYS = ['arn', 'id', 'name', 'protocol', 'port', 'createdAt', 'lastUpdatedAt'] as const;

export function listenerSummary(listener: ListenerRecord): Wire {
  return pick(listener, LISTENER_SUMMARY_KEYS);
}

export function getListenerOutput(state: LatticeState, listener: ListenerRecord): Wire {
  return {
    ...pick(listener, [...LISTENER_SUMMARY_KEYS, 'serviceId', 'defaultAction']),
    serviceArn: state.getService(listener.serviceId).arn,
  };
}

const RULE_SUMMARY_KEYS = ['arn', 'id', 'name', 'isDefault', 'priority', 'createdAt', 'lastUpdatedAt'] as const;

export function ruleSummary(rule: RuleRecord): Wire {
  return pick(rule, RULE_SUMMARY_KEYS);
}

export function getRuleOutput(rule: RuleRecord): Wire {
  return pick(rule, [...RULE_SUMMARY_KEYS, 'match', 'action']);
}
