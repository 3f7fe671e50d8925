/*
 * A route's Lattice service: the service itself, its associations with
 * service networks, one listener per attached Gateway listener (default
 * action fixed 404, or forward for TLS passthrough), and one rule per route rule. Each pass changes only what
 * differs from the plan.
 */
import { isDeepStrictEqual } from 'node:util';
import {
  HttpMatch,
  LatticeState,
  ListenerRecord,
  RuleAction,
  ServiceRecord,
  Tags,
} from '../lattice/types';
import { ruleName, TAG_KEYS } from './naming';

export interface PlannedLatticeRule {
  priority: number;
  match: { httpMatch: HttpMatch };
  action: RuleAction;
}

export interface PlannedListener {
  name: string;
  protocol: ListenerRecord['protocol'];
  port: number;
  rules: PlannedLatticeRule[];
  /** What the listener does when no rule matches; a fixed 404 unless set (passthrough forwards). */
  defaultAction?: RuleAction;
}

export interface ServicePlan {
  name: string;
  /** Used only when the service is created: Lattice cannot change it afterwards (issue #642). */
  customDomainName?: string;
  tags: Tags;
  listeners: PlannedListener[];
  serviceNetworkIds: string[];
}

export interface ServiceDeployment {
  service: ServiceRecord;
  changed: boolean;
  /** The service was just created and becomes ACTIVE on the next pass. */
  settling: boolean;
}

const LISTENER_DEFAULT_ACTION: RuleAction = {
  fixedResponse: { statusCode: 404 },
};

function syncRules(
  lattice: LatticeState,
  serviceId: string,
  listenerId: string,
  planned: PlannedLatticeRule[],
  now: Date,
): boolean {
  const existing = lattice
    .listRules(serviceId, listenerId)
    .filter(r => !r.isDefault);
  let changed = false;
  for (const rule of existing) {
    if (!planned.some(p => p.priority === rule.priority)) {
      lattice.deleteRule(serviceId, listenerId, rule.id);
      changed = true;
    }
  }
  for (const rule of planned) {
    const current = existing.find(r => r.priority === rule.priority);
    if (
      current &&
      isDeepStrictEqual(current.match, rule.match) &&
      isDeepStrictEqual(current.action, rule.action)
    ) {
      continue;
    }
    lattice.putRule({
      serviceIdentifier: serviceId,
      listenerIdentifier: listenerId,
      name:
        current?.name ??
        ruleName(Math.floor(now.getTime() / 1000), rule.priority),
      priority: rule.priority,
      match: rule.match,
      action: rule.action,
    });
    changed = true;
  }
  return changed;
}

function syncListeners(
  lattice: LatticeState,
  service: ServiceRecord,
  planned: PlannedListener[],
  tags: Tags,
  now: Date,
): boolean {
  const existing = lattice.listListeners(service.id);
  let changed = false;
  for (const listener of existing) {
    const wanted = planned.find(p => p.name === listener.name);
    if (
      !wanted ||
      wanted.port !== listener.port ||
      wanted.protocol !== listener.protocol
    ) {
      deleteListener(lattice, service.id, listener.id);
      changed = true;
    }
  }
  for (const wanted of planned) {
    let listener = lattice
      .listListeners(service.id)
      .find(l => l.name === wanted.name);
    const defaultAction = wanted.defaultAction ?? LISTENER_DEFAULT_ACTION;
    if (!listener) {
      listener = lattice.createListener({
        serviceIdentifier: service.id,
        name: wanted.name,
        protocol: wanted.protocol,
        port: wanted.port,
        defaultAction,
        tags: { [TAG_KEYS.managedBy]: tags[TAG_KEYS.managedBy] },
      });
      changed = true;
    } else if (!isDeepStrictEqual(listener.defaultAction, defaultAction)) {
      listener = lattice.updateListener(service.id, listener.id, {
        defaultAction,
      });
      changed = true;
    }
    changed =
      syncRules(lattice, service.id, listener.id, wanted.rules, now) || changed;
  }
  return changed;
}

function syncAssociations(
  lattice: LatticeState,
  service: ServiceRecord,
  networkIds: string[],
  tags: Tags,
): boolean {
  const managedBy = { [TAG_KEYS.managedBy]: tags[TAG_KEYS.managedBy] };
  const existing = lattice.listServiceAssociations({
    serviceIdentifier: service.id,
  });
  let changed = false;
  for (const association of existing) {
    const ours =
      lattice.tagsOf(association.arn)[TAG_KEYS.managedBy] ===
      managedBy[TAG_KEYS.managedBy];
    if (ours && !networkIds.includes(association.serviceNetworkId)) {
      lattice.disassociateService(association.id);
      changed = true;
    }
  }
  for (const networkId of networkIds) {
    if (!existing.some(a => a.serviceNetworkId === networkId)) {
      lattice.associateService(networkId, service.id, managedBy);
      changed = true;
    }
  }
  return changed;
}

export function deployLatticeService(
  lattice: LatticeState,
  plan: ServicePlan,
  now: Date,
): ServiceDeployment {
  let service = lattice.findServiceByName(plan.name);
  const created = !service;
  if (!service) {
    const fresh = lattice.createService({
      name: plan.name,
      ...(plan.customDomainName
        ? { customDomainName: plan.customDomainName }
        : {}),
      tags: plan.tags,
    });
    // Creation takes Lattice a moment; the next pass sees it ACTIVE.
    service = lattice.updateService(fresh.id, { status: 'CREATE_IN_PROGRESS' });
  } else if (service.status === 'CREATE_IN_PROGRESS') {
    service = lattice.updateService(service.id, { status: 'ACTIVE' });
  }
  const associationsChanged = syncAssociations(
    lattice,
    service,
    plan.serviceNetworkIds,
    plan.tags,
  );
  const listenersChanged = syncListeners(
    lattice,
    service,
    plan.listeners,
    plan.tags,
    now,
  );
  return {
    service,
    changed: created || associationsChanged || listenersChanged,
    settling: service.status === 'CREATE_IN_PROGRESS',
  };
}

function deleteListener(
  lattice: LatticeState,
  serviceId: string,
  listenerId: string,
) {
  for (const rule of lattice.listRules(serviceId, listenerId)) {
    if (!rule.isDefault) lattice.deleteRule(serviceId, listenerId, rule.id);
  }
  lattice.deleteListener(serviceId, listenerId);
}

/** Rules, listeners, associations, then the service. */
export function deleteLatticeService(
  lattice: LatticeState,
  service: ServiceRecord,
): void {
  for (const listener of lattice.listListeners(service.id))
    deleteListener(lattice, service.id, listener.id);
  for (const association of lattice.listServiceAssociations({
    serviceIdentifier: service.id,
  })) {
    lattice.disassociateService(association.id);
  }
  lattice.deleteService(service.id);
}
