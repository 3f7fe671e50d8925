/*
 * One account and region of simulated VPC Lattice, held in memory.
 *
 * Every collection is a map by id plus a CreationOrder for cursor paging;
 * names, ARNs and parent/child links have their own maps, so lookups and
 * pages cost the same with 100,000 target groups as with ten.
 */
import { createHash, randomBytes } from 'node:crypto';
import { CreationOrder } from './creationOrder';
import {
  accessDenied,
  conflict,
  invalidField,
  LatticeResourceType,
  validationError,
  quotaExceeded,
  resourceNotFound,
} from './errors';
import {
  HttpMatch,
  LatticeChange,
  LatticeState,
  ListenerRecord,
  Page,
  PageWindow,
  ResourceStatus,
  RuleAction,
  RuleRecord,
  ServiceNetworkRecord,
  ServiceNetworkServiceAssociationRecord,
  ServiceNetworkVpcAssociationRecord,
  ServiceRecord,
  Tags,
  TARGET_REASON_CODES,
  TargetGroupConfig,
  TargetGroupRecord,
  TargetRecord,
  TargetStatus,
} from './types';
import {
  checkHttpMatch,
  checkIntegerRange,
  checkName,
  checkOneOf,
  checkPattern,
  checkRuleAction,
  checkTags,
} from './validation';

type ChangeKind = LatticeChange['kind'];

const CHANGE_KINDS = Object.keys({
  serviceNetwork: true,
  service: true,
  association: true,
  targetGroup: true,
  targets: true,
  listener: true,
  rule: true,
} satisfies Record<ChangeKind, true>) as ChangeKind[];

interface ResourceKind {
  idPrefix: string;
  resourceType: LatticeResourceType;
  change: ChangeKind;
}

const KINDS = {
  serviceNetwork: { idPrefix: 'sn', resourceType: 'SERVICE_NETWORK', change: 'serviceNetwork' },
  service: { idPrefix: 'svc', resourceType: 'SERVICE', change: 'service' },
  serviceAssociation: { idPrefix: 'snsa', resourceType: 'SERVICE_NETWORK_SERVICE_ASSOCIATION', change: 'association' },
  vpcAssociation: { idPrefix: 'snva', resourceType: 'SERVICE_NETWORK_VPC_ASSOCIATION', change: 'association' },
  targetGroup: { idPrefix: 'tg', resourceType: 'TARGET_GROUP', change: 'targetGroup' },
  listener: { idPrefix: 'listener', resourceType: 'LISTENER', change: 'listener' },
  rule: { idPrefix: 'rule', resourceType: 'RULE', change: 'rule' },
} satisfies Record<string, ResourceKind>;

/** Lattice's default quota of registered targets per target group. */
const TARGETS_PER_TARGET_GROUP = 1000;

const NO_TAGS: Tags = Object.freeze({});

const ALL: PageWindow = { limit: Number.POSITIVE_INFINITY };

const RESOURCE_STATUSES: ResourceStatus[] = ['ACTIVE', 'CREATE_IN_PROGRESS', 'DELETE_IN_PROGRESS', 'CREATE_FAILED', 'DELETE_FAILED'];
const TARGET_STATUSES: TargetStatus[] = ['DRAINING', 'UNAVAILABLE', 'HEALTHY', 'UNHEALTHY', 'INITIAL', 'UNUSED'];
const HEALTH_CHECK_KEYS = [
  'enabled',
  'protocol',
  'protocolVersion',
  'port',
  'path',
  'healthCheckIntervalSeconds',
  'healthCheckTimeoutSeconds',
  'healthyThresholdCount',
  'unhealthyThresholdCount',
  'matcher',
];

/** Records are plain JSON data; a hand-written copy is several times faster than structuredClone for big listings. */
function copy<T>(value: T): T {
  if (typeof value !== 'object' || value === null) return value;
  if (Array.isArray(value)) return value.map(copy) as T;
  const out: Record<string, unknown> = {};
  for (const key in value) {
    if (Object.hasOwn(value, key)) out[key] = copy(value[key]);
  }
  return out as T;
}

/** Random bytes are drawn in batches: one crypto call per id is slow when a fleet creates 100,000 of them. */
const RANDOM_BATCH_BYTES = 4096;
let randomBatch = Buffer.alloc(0);
let randomOffset = 0;

function randomHex(length: number): string {
  const bytes = Math.ceil(length / 2);
  if (randomOffset + bytes > randomBatch.length) {
    randomBatch = randomBytes(RANDOM_BATCH_BYTES);
    randomOffset = 0;
  }
  const text = randomBatch.toString('hex', randomOffset, randomOffset + bytes);
  randomOffset += bytes;
  return text.slice(0, length);
}

function hex(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/** Applies a partial update in which an explicit `undefined` clears the field. */
function assignChanges<T extends object>(record: T, changes: Partial<T>): void {
  for (const [key, value] of Object.entries(changes)) {
    if (value === undefined) delete (record as Record<string, unknown>)[key];
    else (record as Record<string, unknown>)[key] = value;
  }
}

/** A collection of one kind of resource: by id, in creation order. */
class Table<T extends { id: string }> {
  readonly byId = new Map<string, T>();
  readonly order = new CreationOrder();

  constructor(readonly kind: ResourceKind) {}

  page(window: PageWindow, accept?: (record: T) => boolean, order: CreationOrder = this.order): Page<T> {
    const filter = accept && ((id: string) => accept(this.byId.get(id)!));
    const page = order.page(window, filter);
    return { ...page, items: page.items.map(id => copy(this.byId.get(id)!)) };
  }
}

/** CreationOrders grouped by a parent id (listeners by service, rules by listener, ...). */
class Children {
  private readonly byParent = new Map<string, CreationOrder>();

  add(parentId: string, childId: string, sequence: number): void {
    let order = this.byParent.get(parentId);
    if (!order) {
      order = new CreationOrder();
      this.byParent.set(parentId, order);
    }
    order.add(childId, sequence);
  }

  remove(parentId: string, childId: string): void {
    const order = this.byParent.get(parentId);
    order?.remove(childId);
    if (order?.size === 0) this.byParent.delete(parentId);
  }

  of(parentId: string): CreationOrder {
    return this.byParent.get(parentId) ?? new CreationOrder();
  }

  count(parentId: string): number {
    return this.byParent.get(parentId)?.size ?? 0;
  }
}

interface TargetSet {
  order: CreationOrder;
  byKey: Map<string, TargetRecord>;
}

const targetKey = (target: { id: string; port: number }) => `${target.id}:${target.port}`;

class InMemoryLatticeState implements LatticeState {
  private sequence = 0;
  private readonly arnPrefix: string;
  private readonly dnsSuffix: string;
  private readonly hostedZoneId: string;

  private readonly networks = new Table<ServiceNetworkRecord>(KINDS.serviceNetwork);
  private readonly services = new Table<ServiceRecord>(KINDS.service);
  private readonly serviceAssociations = new Table<ServiceNetworkServiceAssociationRecord>(KINDS.serviceAssociation);
  private readonly vpcAssociations = new Table<ServiceNetworkVpcAssociationRecord>(KINDS.vpcAssociation);
  private readonly targetGroups = new Table<TargetGroupRecord>(KINDS.targetGroup);
  private readonly listeners = new Table<ListenerRecord>(KINDS.listener);
  private readonly rules = new Table<RuleRecord>(KINDS.rule);

  private readonly networkIdByName = new Map<string, string>();
  private readonly serviceIdByName = new Map<string, string>();
  private readonly targetGroupIdByName = new Map<string, string>();
  /** Every resource by ARN, for ARN identifiers and tags. */
  private readonly byArn = new Map<string, { kind: ResourceKind; id: string }>();
  private readonly tags = new Map<string, Tags>();

  private readonly serviceAssociationsByNetwork = new Children();
  private readonly serviceAssociationsByService = new Children();
  private readonly vpcAssociationsByNetwork = new Children();
  private readonly vpcAssociationIdByVpc = new Map<string, string>();
  private readonly listenersByService = new Children();
  private readonly rulesByListener = new Children();
  private readonly targets = new Map<string, TargetSet>();
  /** Target group id -> (listener or rule id that forwards to it -> that referrer's service id). */
  private readonly forwardsTo = new Map<string, Map<string, string>>();
  /** The reverse: listener or rule id -> the target group ids it forwards to. */
  private readonly forwardedBy = new Map<string, string[]>();

  /** Subscribers by the kind of change they follow, each in the order they subscribed. */
  private readonly subscribers = new Map<ChangeKind, Set<(change: LatticeChange) => void>>();

  constructor(readonly accountId: string, readonly region: string) {
    this.arnPrefix = `arn:aws:vpc-lattice:${region}:${accountId}:`;
    this.dnsSuffix = `${hex(`${accountId}/${region}`).slice(0, 7)}.vpc-lattice-svcs.${region}.on.aws`;
    this.hostedZoneId = `Z0${hex(`zone/${region}`).slice(0, 18).toUpperCase()}`;
  }

  // Service networks

  createServiceNetwork(input: { name: string; authType?: 'NONE' | 'AWS_IAM'; tags?: Tags }): ServiceNetworkRecord {
    checkName('serviceNetwork', input.name);
    this.checkUniqueName(this.networkIdByName, input.name, KINDS.serviceNetwork, 'service network');
    checkOneOf('authType', input.authType ?? 'NONE', ['NONE', 'AWS_IAM']);
    const now = new Date().toISOString();
    const id = this.newId(this.networks);
    const record: ServiceNetworkRecord = {
      id,
      arn: `${this.arnPrefix}servicenetwork/${id}`,
      name: input.name,
      authType: input.authType ?? 'NONE',
      createdAt: now,
      lastUpdatedAt: now,
    };
    this.insert(this.networks, record, input.tags);
    this.networkIdByName.set(record.name, id);
    return this.created(this.networks, record);
  }

  deleteServiceNetwork(identifier: string): void {
    const network = this.resolve(this.networks, identifier);
    const counts = this.associationCounts(network.id);
    if (counts.services + counts.vpcs > 0) {
      throw conflict(
        'SERVICE_NETWORK',
        network.id,
        `Service network ${network.id} still has ${counts.services} service and ${counts.vpcs} VPC associations.`,
      );
    }
    this.networkIdByName.delete(network.name);
    this.remove(this.networks, network);
  }

  listServiceNetworks(): ServiceNetworkRecord[] {
    return this.pageServiceNetworks(ALL).items;
  }

  pageServiceNetworks(window: PageWindow): Page<ServiceNetworkRecord> {
    return this.networks.page(window);
  }

  getServiceNetwork(identifier: string): ServiceNetworkRecord {
    return copy(this.resolve(this.networks, identifier));
  }

  findServiceNetworkByName(name: string): ServiceNetworkRecord | undefined {
    return this.findByName(this.networks, this.networkIdByName, name);
  }

  associationCounts(serviceNetworkIdentifier: string): { services: number; vpcs: number } {
    const id = this.resolve(this.networks, serviceNetworkIdentifier).id;
    return {
      services: this.serviceAssociationsByNetwork.count(id),
      vpcs: this.vpcAssociationsByNetwork.count(id),
    };
  }

  // Services

  createService(input: { name: string; customDomainName?: string; certificateArn?: string; tags?: Tags }): ServiceRecord {
    checkName('service', input.name);
    this.checkUniqueName(this.serviceIdByName, input.name, KINDS.service, 'service');
    const now = new Date().toISOString();
    const id = this.newId(this.services);
    const record: ServiceRecord = {
      id,
      arn: `${this.arnPrefix}service/${id}`,
      name: input.name,
      status: 'ACTIVE',
      dnsEntry: {
        domainName: `${input.name}-${id.slice('svc-'.length)}.${this.dnsSuffix}`,
        hostedZoneId: this.hostedZoneId,
      },
      authType: 'NONE',
      createdAt: now,
      lastUpdatedAt: now,
    };
    if (input.customDomainName !== undefined) record.customDomainName = input.customDomainName;
    if (input.certificateArn !== undefined) record.certificateArn = input.certificateArn;
    this.insert(this.services, record, input.tags);
    this.serviceIdByName.set(record.name, id);
    return this.created(this.services, record);
  }

  updateService(
    identifier: string,
    changes: Partial<Pick<ServiceRecord, 'status' | 'failureCode' | 'failureMessage'>>,
  ): ServiceRecord {
    const service = this.resolve(this.services, identifier);
    if (changes.status !== undefined) checkOneOf('status', changes.status, RESOURCE_STATUSES);
    assignChanges(service, changes);
    return this.updated(this.services, service);
  }

  deleteService(identifier: string): void {
    const service = this.resolve(this.services, identifier);
    const associations = this.serviceAssociationsByService.count(service.id);
    if (associations > 0) {
      throw conflict('SERVICE', service.id, `Service ${service.id} is still associated with ${associations} service networks.`);
    }
    for (const listenerId of this.listenersByService.of(service.id).page(ALL).items) {
      this.deleteListener(service.id, listenerId);
    }
    this.serviceIdByName.delete(service.name);
    this.remove(this.services, service);
  }

  listServices(): ServiceRecord[] {
    return this.pageServices(ALL).items;
  }

  pageServices(window: PageWindow): Page<ServiceRecord> {
    return this.services.page(window);
  }

  getService(identifier: string): ServiceRecord {
    return copy(this.resolve(this.services, identifier));
  }

  findServiceByName(name: string): ServiceRecord | undefined {
    return this.findByName(this.services, this.serviceIdByName, name);
  }

  // Service network <-> service associations

  associateService(serviceNetworkIdentifier: string, serviceIdentifier: string, tags?: Tags): ServiceNetworkServiceAssociationRecord {
    const network = this.resolve(this.networks, serviceNetworkIdentifier);
    const service = this.resolve(this.services, serviceIdentifier);
    const existing = this.serviceAssociationsByService
      .of(service.id)
      .page(ALL)
      .items.find(id => this.serviceAssociations.byId.get(id)!.serviceNetworkId === network.id);
    if (existing) {
      throw conflict(
        'SERVICE_NETWORK_SERVICE_ASSOCIATION',
        existing,
        `Service ${service.id} is already associated with service network ${network.id}.`,
      );
    }
    const id = this.newId(this.serviceAssociations);
    const record: ServiceNetworkServiceAssociationRecord = {
      id,
      arn: `${this.arnPrefix}servicenetworkserviceassociation/${id}`,
      status: 'ACTIVE',
      createdBy: this.accountId,
      serviceId: service.id,
      serviceNetworkId: network.id,
      dnsEntry: copy(service.dnsEntry),
      createdAt: new Date().toISOString(),
    };
    if (service.customDomainName !== undefined) record.customDomainName = service.customDomainName;
    const sequence = this.insert(this.serviceAssociations, record, tags);
    this.serviceAssociationsByNetwork.add(network.id, id, sequence);
    this.serviceAssociationsByService.add(service.id, id, sequence);
    return this.created(this.serviceAssociations, record);
  }

  disassociateService(associationIdentifier: string): void {
    const association = this.resolve(this.serviceAssociations, associationIdentifier);
    this.serviceAssociationsByNetwork.remove(association.serviceNetworkId, association.id);
    this.serviceAssociationsByService.remove(association.serviceId, association.id);
    this.remove(this.serviceAssociations, association);
  }

  getServiceAssociation(identifier: string): ServiceNetworkServiceAssociationRecord {
    return copy(this.resolve(this.serviceAssociations, identifier));
  }

  listServiceAssociations(filter: { serviceNetworkIdentifier?: string; serviceIdentifier?: string } = {}): ServiceNetworkServiceAssociationRecord[] {
    return this.pageServiceAssociations(filter, ALL).items;
  }

  pageServiceAssociations(
    filter: { serviceNetworkIdentifier?: string; serviceIdentifier?: string },
    window: PageWindow,
  ): Page<ServiceNetworkServiceAssociationRecord> {
    const networkId = this.filterId(this.networks, filter.serviceNetworkIdentifier);
    const serviceId = this.filterId(this.services, filter.serviceIdentifier);
    if (networkId === null || serviceId === null) return { items: [] };
    let order = this.serviceAssociations.order;
    if (networkId !== undefined) order = this.serviceAssociationsByNetwork.of(networkId);
    else if (serviceId !== undefined) order = this.serviceAssociationsByService.of(serviceId);
    const accept = serviceId === undefined ? undefined : (a: ServiceNetworkServiceAssociationRecord) => a.serviceId === serviceId;
    return this.serviceAssociations.page(window, accept, order);
  }

  // Service network <-> VPC associations

  associateVpc(serviceNetworkIdentifier: string, vpcId: string, tags?: Tags): ServiceNetworkVpcAssociationRecord {
    const network = this.resolve(this.networks, serviceNetworkIdentifier);
    checkPattern('vpcIdentifier', vpcId);
    const existingId = this.vpcAssociationIdByVpc.get(vpcId);
    if (existingId) {
      const existingNetwork = this.vpcAssociations.byId.get(existingId)!.serviceNetworkId;
      throw conflict(
        'SERVICE_NETWORK_VPC_ASSOCIATION',
        existingId,
        existingNetwork === network.id
          ? `VPC ${vpcId} is already associated with service network ${network.id}.`
          : `VPC ${vpcId} is already associated with service network ${existingNetwork}; a VPC can be associated with one service network.`,
      );
    }
    const now = new Date().toISOString();
    const id = this.newId(this.vpcAssociations);
    const record: ServiceNetworkVpcAssociationRecord = {
      id,
      arn: `${this.arnPrefix}servicenetworkvpcassociation/${id}`,
      status: 'ACTIVE',
      createdBy: this.accountId,
      serviceNetworkId: network.id,
      vpcId,
      createdAt: now,
      lastUpdatedAt: now,
    };
    const sequence = this.insert(this.vpcAssociations, record, tags);
    this.vpcAssociationsByNetwork.add(network.id, id, sequence);
    this.vpcAssociationIdByVpc.set(vpcId, id);
    return this.created(this.vpcAssociations, record);
  }

  getVpcAssociation(identifier: string): ServiceNetworkVpcAssociationRecord {
    return copy(this.resolve(this.vpcAssociations, identifier));
  }

  listVpcAssociations(filter: { serviceNetworkIdentifier?: string; vpcIdentifier?: string } = {}): ServiceNetworkVpcAssociationRecord[] {
    return this.pageVpcAssociations(filter, ALL).items;
  }

  pageVpcAssociations(
    filter: { serviceNetworkIdentifier?: string; vpcIdentifier?: string },
    window: PageWindow,
  ): Page<ServiceNetworkVpcAssociationRecord> {
    const networkId = this.filterId(this.networks, filter.serviceNetworkIdentifier);
    if (networkId === null) return { items: [] };
    const order = networkId === undefined ? this.vpcAssociations.order : this.vpcAssociationsByNetwork.of(networkId);
    const vpcId = filter.vpcIdentifier;
    const accept = vpcId === undefined ? undefined : (a: ServiceNetworkVpcAssociationRecord) => a.vpcId === vpcId;
    return this.vpcAssociations.page(window, accept, order);
  }

  // Target groups

  createTargetGroup(input: { name: string; config: TargetGroupConfig; tags?: Tags; status?: ResourceStatus }): TargetGroupRecord {
    checkName('targetGroup', input.name);
    this.checkUniqueName(this.targetGroupIdByName, input.name, KINDS.targetGroup, 'target group');
    const config = withConfigDefaults(input.config);
    checkTargetGroupConfig(config);
    if (input.status !== undefined) checkOneOf('status', input.status, RESOURCE_STATUSES);
    const now = new Date().toISOString();
    const id = this.newId(this.targetGroups);
    const record: TargetGroupRecord = {
      id,
      arn: `${this.arnPrefix}targetgroup/${id}`,
      name: input.name,
      type: 'IP',
      status: input.status ?? 'ACTIVE',
      config,
      createdAt: now,
      lastUpdatedAt: now,
    };
    this.insert(this.targetGroups, record, input.tags);
    this.targetGroupIdByName.set(record.name, id);
    this.targets.set(id, { order: new CreationOrder(), byKey: new Map() });
    return this.created(this.targetGroups, record);
  }

  updateTargetGroup(
    identifier: string,
    changes: Partial<Pick<TargetGroupRecord, 'status' | 'failureCode' | 'failureMessage'>> & { healthCheck?: Record<string, unknown> },
  ): TargetGroupRecord {
    const group = this.resolve(this.targetGroups, identifier);
    const { healthCheck, ...fields } = changes;
    if (fields.status !== undefined) checkOneOf('status', fields.status, RESOURCE_STATUSES);
    if (healthCheck) {
      const config = { ...group.config, healthCheck: { ...group.config.healthCheck, ...healthCheck } };
      checkTargetGroupConfig(config);
      group.config = config;
    }
    assignChanges(group, fields);
    return this.updated(this.targetGroups, group);
  }

  deleteTargetGroup(identifier: string): void {
    const group = this.resolve(this.targetGroups, identifier);
    if (this.isInUse(group.id)) {
      throw conflict('TARGET_GROUP', group.id, `Target group ${group.id} is in use by a listener or rule and cannot be deleted.`);
    }
    this.targetGroupIdByName.delete(group.name);
    this.targets.delete(group.id);
    this.remove(this.targetGroups, group);
  }

  listTargetGroups(filter: { vpcIdentifier?: string; targetGroupType?: string } = {}): TargetGroupRecord[] {
    return this.pageTargetGroups(filter, ALL).items;
  }

  pageTargetGroups(filter: { vpcIdentifier?: string; targetGroupType?: string }, window: PageWindow): Page<TargetGroupRecord> {
    const { vpcIdentifier, targetGroupType } = filter;
    const accept =
      vpcIdentifier === undefined && targetGroupType === undefined
        ? undefined
        : (group: TargetGroupRecord) =>
            (vpcIdentifier === undefined || group.config.vpcIdentifier === vpcIdentifier) &&
            (targetGroupType === undefined || group.type === targetGroupType);
    return this.targetGroups.page(window, accept);
  }

  getTargetGroup(identifier: string): TargetGroupRecord {
    return copy(this.resolve(this.targetGroups, identifier));
  }

  serviceArnsOfTargetGroup(identifier: string): string[] {
    const group = this.resolve(this.targetGroups, identifier);
    const serviceIds = new Set(this.forwardsTo.get(group.id)?.values());
    return [...serviceIds].map(id => this.services.byId.get(id)!.arn);
  }

  // Targets

  setTargets(targetGroupIdentifier: string, targets: TargetRecord[]): void {
    const group = this.resolve(this.targetGroups, targetGroupIdentifier);
    if (group.status !== 'ACTIVE') {
      throw conflict('TARGET_GROUP', group.id, `Target group ${group.id} is in status ${group.status}; targets can be registered once it is ACTIVE.`);
    }
    if (targets.length > TARGETS_PER_TARGET_GROUP) {
      throw quotaExceeded(
        'TARGET_GROUP',
        'targets-per-target-group',
        `Target group ${group.id} would have ${targets.length} targets; the quota is ${TARGETS_PER_TARGET_GROUP}.`,
      );
    }
    const wanted = new Map<string, TargetRecord>();
    for (const target of targets) {
      checkTarget(target);
      wanted.set(targetKey(target), copy(target));
    }
    const set = this.targets.get(group.id)!;
    for (const key of [...set.byKey.keys()]) {
      if (!wanted.has(key)) {
        set.byKey.delete(key);
        set.order.remove(key);
      }
    }
    for (const [key, target] of wanted) {
      if (!set.byKey.has(key)) set.order.add(key, ++this.sequence);
      set.byKey.set(key, target);
    }
    this.emit({ kind: 'targets', action: 'updated', id: group.id });
  }

  listTargets(targetGroupIdentifier: string): TargetRecord[] {
    return this.pageTargets(targetGroupIdentifier, ALL).items;
  }

  pageTargets(targetGroupIdentifier: string, window: PageWindow, only?: Array<{ id: string; port?: number }>): Page<TargetRecord> {
    const group = this.resolve(this.targetGroups, targetGroupIdentifier);
    const set = this.targets.get(group.id)!;
    const accept =
      only === undefined
        ? undefined
        : (key: string) => {
            const target = set.byKey.get(key)!;
            return only.some(o => o.id === target.id && (o.port === undefined || o.port === target.port));
          };
    const page = set.order.page(window, accept);
    const inUse = this.isInUse(group.id);
    const report = (target: TargetRecord): TargetRecord =>
      inUse ? copy(target) : { id: target.id, port: target.port, status: 'UNUSED', reasonCode: TARGET_REASON_CODES.notInUse };
    return { ...page, items: page.items.map(key => report(set.byKey.get(key)!)) };
  }

  // Listeners and rules

  createListener(input: {
    serviceIdentifier: string;
    name: string;
    protocol: ListenerRecord['protocol'];
    port: number;
    defaultAction: RuleAction;
    tags?: Tags;
  }): ListenerRecord {
    const service = this.resolve(this.services, input.serviceIdentifier);
    checkName('listener', input.name);
    checkOneOf('protocol', input.protocol, ['HTTP', 'HTTPS', 'TLS_PASSTHROUGH']);
    checkIntegerRange('port', input.port, 1, 65535);
    const siblings = this.listenersByService.of(service.id).page(ALL).items.map(id => this.listeners.byId.get(id)!);
    const clash = siblings.find(l => l.name === input.name || l.port === input.port);
    if (clash) {
      throw conflict('LISTENER', clash.id, `Service ${service.id} already has listener ${clash.name} on port ${clash.port}.`);
    }
    checkPassthroughAction(input.protocol, input.defaultAction);
    const defaultAction = this.normalizeAction('defaultAction', input.defaultAction);
    const now = new Date().toISOString();
    const id = this.newId(this.listeners);
    const record: ListenerRecord = {
      id,
      arn: `${service.arn}/listener/${id}`,
      name: input.name,
      serviceId: service.id,
      protocol: input.protocol,
      port: input.port,
      defaultAction,
      createdAt: now,
      lastUpdatedAt: now,
    };
    const sequence = this.insert(this.listeners, record, input.tags);
    this.listenersByService.add(service.id, id, sequence);
    const result = this.created(this.listeners, record);
    this.reindexForwards(id, service.id, defaultAction);
    return result;
  }

  updateListener(serviceIdentifier: string, listenerIdentifier: string, changes: { defaultAction: RuleAction }): ListenerRecord {
    const listener = this.resolveListener(serviceIdentifier, listenerIdentifier);
    checkPassthroughAction(listener.protocol, changes.defaultAction);
    listener.defaultAction = this.normalizeAction('defaultAction', changes.defaultAction);
    this.reindexForwards(listener.id, listener.serviceId, listener.defaultAction);
    return this.updated(this.listeners, listener);
  }

  deleteListener(serviceIdentifier: string, listenerIdentifier: string): void {
    const listener = this.resolveListener(serviceIdentifier, listenerIdentifier);
    for (const ruleId of this.rulesByListener.of(listener.id).page(ALL).items) {
      this.deleteRule(listener.serviceId, listener.id, ruleId);
    }
    this.listenersByService.remove(listener.serviceId, listener.id);
    this.remove(this.listeners, listener);
    this.reindexForwards(listener.id, listener.serviceId, undefined);
  }

  getListener(serviceIdentifier: string, listenerIdentifier: string): ListenerRecord {
    return copy(this.resolveListener(serviceIdentifier, listenerIdentifier));
  }

  listListeners(serviceIdentifier: string): ListenerRecord[] {
    return this.pageListeners(serviceIdentifier, ALL).items;
  }

  pageListeners(serviceIdentifier: string, window: PageWindow): Page<ListenerRecord> {
    const service = this.resolve(this.services, serviceIdentifier);
    return this.listeners.page(window, undefined, this.listenersByService.of(service.id));
  }

  putRule(input: {
    serviceIdentifier: string;
    listenerIdentifier: string;
    name: string;
    priority: number;
    match: { httpMatch: HttpMatch };
    action: RuleAction;
    tags?: Tags;
  }): RuleRecord {
    const listener = this.resolveListener(input.serviceIdentifier, input.listenerIdentifier);
    if (listener.protocol === 'TLS_PASSTHROUGH') {
      throw validationError([], 'other', `Listener ${listener.id} has protocol TLS_PASSTHROUGH, which does not support rules.`);
    }
    checkName('rule', input.name);
    checkIntegerRange('priority', input.priority, 1, 100);
    checkHttpMatch(input.match?.httpMatch ?? {});
    const action = this.normalizeAction('action', input.action);
    const siblings = this.rulesByListener.of(listener.id).page(ALL).items.map(id => this.rules.byId.get(id)!);
    const existing = siblings.find(r => r.name === input.name);
    const samePriority = siblings.find(r => r.priority === input.priority && r !== existing);
    if (samePriority) {
      throw conflict('RULE', samePriority.id, `Listener ${listener.id} already has rule ${samePriority.name} at priority ${input.priority}.`);
    }
    if (input.tags) checkTags(input.tags);
    let result: RuleRecord;
    if (existing) {
      existing.priority = input.priority;
      existing.match = copy(input.match);
      existing.action = action;
      if (input.tags) this.mergeTags(existing.arn, input.tags);
      result = this.updated(this.rules, existing);
    } else {
      const now = new Date().toISOString();
      const id = this.newId(this.rules);
      const record: RuleRecord = {
        id,
        arn: `${listener.arn}/rule/${id}`,
        name: input.name,
        serviceId: listener.serviceId,
        listenerId: listener.id,
        priority: input.priority,
        isDefault: false,
        match: copy(input.match),
        action,
        createdAt: now,
        lastUpdatedAt: now,
      };
      const sequence = this.insert(this.rules, record, input.tags);
      this.rulesByListener.add(listener.id, id, sequence);
      result = this.created(this.rules, record);
    }
    this.reindexForwards(result.id, listener.serviceId, action);
    return result;
  }

  deleteRule(serviceIdentifier: string, listenerIdentifier: string, ruleIdentifier: string): void {
    const rule = this.resolveRule(serviceIdentifier, listenerIdentifier, ruleIdentifier);
    this.rulesByListener.remove(rule.listenerId, rule.id);
    this.remove(this.rules, rule);
    this.reindexForwards(rule.id, rule.serviceId, undefined);
  }

  listRules(serviceIdentifier: string, listenerIdentifier: string): RuleRecord[] {
    return this.pageRules(serviceIdentifier, listenerIdentifier, ALL).items;
  }

  pageRules(serviceIdentifier: string, listenerIdentifier: string, window: PageWindow): Page<RuleRecord> {
    const listener = this.resolveListener(serviceIdentifier, listenerIdentifier);
    return this.rules.page(window, undefined, this.rulesByListener.of(listener.id));
  }

  getRule(serviceIdentifier: string, listenerIdentifier: string, ruleIdentifier: string): RuleRecord {
    return copy(this.resolveRule(serviceIdentifier, listenerIdentifier, ruleIdentifier));
  }

  // Tags and subscriptions

  tagResource(arn: string, tags: Tags): void {
    const target = this.resolveArn(arn);
    checkTags(tags);
    this.mergeTags(arn, tags);
    this.emit({ kind: target.kind.change, action: 'updated', id: target.id });
  }

  tagsOf(arn: string): Tags {
    this.resolveArn(arn);
    return { ...this.tags.get(arn) };
  }

  readTargetGroup(identifier: string): { record: TargetGroupRecord; tags: Tags } {
    const record = this.resolve(this.targetGroups, identifier);
    return { record, tags: this.tags.get(record.arn) ?? NO_TAGS };
  }

  subscribe(listener: (change: LatticeChange) => void, kinds: ReadonlyArray<ChangeKind> = CHANGE_KINDS): () => void {
    for (const kind of kinds) {
      let followers = this.subscribers.get(kind);
      if (!followers) {
        followers = new Set();
        this.subscribers.set(kind, followers);
      }
      followers.add(listener);
    }
    return () => {
      for (const kind of kinds) this.subscribers.get(kind)?.delete(listener);
    };
  }

  // Internals

  private emit(change: LatticeChange): void {
    const followers = this.subscribers.get(change.kind);
    if (!followers?.size) return;
    for (const subscriber of [...followers]) subscriber(change);
  }

  private newId(table: Table<{ id: string }>): string {
    let id: string;
    do {
      id = `${table.kind.idPrefix}-${randomHex(17)}`;
    } while (table.byId.has(id));
    return id;
  }

  /** Stores a new record (tags checked first, so a bad tag creates nothing); returns its sequence number. */
  private insert<T extends { id: string; arn: string }>(table: Table<T>, record: T, tags: Tags | undefined): number {
    if (tags) checkTags(tags);
    const sequence = ++this.sequence;
    table.byId.set(record.id, record);
    table.order.add(record.id, sequence);
    this.byArn.set(record.arn, { kind: table.kind, id: record.id });
    if (tags) this.mergeTags(record.arn, tags);
    return sequence;
  }

  private remove<T extends { id: string; arn: string; name?: string }>(table: Table<T>, record: T): void {
    table.byId.delete(record.id);
    table.order.remove(record.id);
    this.byArn.delete(record.arn);
    this.tags.delete(record.arn);
    const name = record.name === undefined ? {} : { name: record.name };
    this.emit({ kind: table.kind.change, action: 'deleted', id: record.id, ...name });
  }

  private created<T extends { id: string }>(table: Table<T>, record: T): T {
    this.emit({ kind: table.kind.change, action: 'created', id: record.id });
    return copy(record);
  }

  private updated<T extends { id: string; lastUpdatedAt?: string }>(table: Table<T>, record: T): T {
    if ('lastUpdatedAt' in record) record.lastUpdatedAt = new Date().toISOString();
    this.emit({ kind: table.kind.change, action: 'updated', id: record.id });
    return copy(record);
  }

  private mergeTags(arn: string, tags: Tags): void {
    this.tags.set(arn, { ...this.tags.get(arn), ...tags });
  }

  private checkUniqueName(index: Map<string, string>, name: string, kind: ResourceKind, noun: string): void {
    const existing = index.get(name);
    if (existing) throw conflict(kind.resourceType, existing, `A ${noun} named '${name}' already exists.`);
  }

  private findByName<T extends { id: string }>(table: Table<T>, index: Map<string, string>, name: string): T | undefined {
    const id = index.get(name);
    return id === undefined ? undefined : copy(table.byId.get(id)!);
  }

  /** The id an identifier (id or ARN) names; ARNs of other accounts are refused like AWS refuses them. */
  private idOf(identifier: string): string | undefined {
    if (!identifier.startsWith('arn:')) return identifier;
    const account = identifier.split(':')[4];
    if (account !== this.accountId) {
      throw accessDenied(`Account ${this.accountId} is not authorized to access ${identifier}.`);
    }
    return this.byArn.get(identifier)?.id;
  }

  private resolve<T extends { id: string }>(table: Table<T>, identifier: string): T {
    const id = this.idOf(identifier);
    const record = id === undefined ? undefined : table.byId.get(id);
    if (!record) throw resourceNotFound(table.kind.resourceType, identifier);
    return record;
  }

  /** For list filters: undefined when no filter was given, null when it names nothing (an empty listing). */
  private filterId<T extends { id: string }>(table: Table<T>, identifier: string | undefined): string | null | undefined {
    if (identifier === undefined) return undefined;
    const id = this.idOf(identifier);
    return id !== undefined && table.byId.has(id) ? id : null;
  }

  private resolveArn(arn: string): { kind: ResourceKind; id: string } {
    const id = this.idOf(arn);
    const target = id === undefined ? undefined : this.byArn.get(arn);
    if (!target) throw resourceNotFound('RESOURCE', arn);
    return target;
  }

  private resolveListener(serviceIdentifier: string, listenerIdentifier: string): ListenerRecord {
    const service = this.resolve(this.services, serviceIdentifier);
    const listener = this.resolve(this.listeners, listenerIdentifier);
    if (listener.serviceId !== service.id) throw resourceNotFound('LISTENER', listenerIdentifier);
    return listener;
  }

  private resolveRule(serviceIdentifier: string, listenerIdentifier: string, ruleIdentifier: string): RuleRecord {
    const listener = this.resolveListener(serviceIdentifier, listenerIdentifier);
    const rule = this.resolve(this.rules, ruleIdentifier);
    if (rule.listenerId !== listener.id) throw resourceNotFound('RULE', ruleIdentifier);
    return rule;
  }

  /** Checks an action and rewrites its target group identifiers to ids, which GetRule reports. */
  private normalizeAction(field: string, action: RuleAction): RuleAction {
    checkRuleAction(field, action);
    if (!action.forward) return copy(action);
    return {
      forward: {
        targetGroups: action.forward.targetGroups.map(group => ({
          targetGroupIdentifier: this.resolve(this.targetGroups, group.targetGroupIdentifier).id,
          weight: group.weight,
        })),
      },
    };
  }

  private isInUse(targetGroupId: string): boolean {
    return (this.forwardsTo.get(targetGroupId)?.size ?? 0) > 0;
  }

  /**
   * Records which target groups a listener or rule forwards to (none when
   * `action` is undefined), and tells subscribers about target groups whose
   * serviceArns, and so their targets' reported status, changed.
   */
  private reindexForwards(referrerId: string, serviceId: string, action: RuleAction | undefined): void {
    const previous = this.forwardedBy.get(referrerId) ?? [];
    const next = [...new Set(action?.forward?.targetGroups.map(g => g.targetGroupIdentifier))];
    const affected = new Map([...previous, ...next].map(groupId => [groupId, this.serviceKey(groupId)]));
    for (const groupId of previous) {
      const referrers = this.forwardsTo.get(groupId)!;
      referrers.delete(referrerId);
      if (referrers.size === 0) this.forwardsTo.delete(groupId);
    }
    for (const groupId of next) {
      let referrers = this.forwardsTo.get(groupId);
      if (!referrers) {
        referrers = new Map();
        this.forwardsTo.set(groupId, referrers);
      }
      referrers.set(referrerId, serviceId);
    }
    if (next.length) this.forwardedBy.set(referrerId, next);
    else this.forwardedBy.delete(referrerId);
    for (const [groupId, key] of affected) {
      if (this.serviceKey(groupId) !== key && this.targetGroups.byId.has(groupId)) {
        this.emit({ kind: 'targetGroup', action: 'updated', id: groupId });
      }
    }
  }

  private serviceKey(targetGroupId: string): string {
    return [...new Set(this.forwardsTo.get(targetGroupId)?.values())].sort().join(',');
  }
}

/** What Lattice fills in when a target group is created without them: HTTP/1.1 and its default health check. */
function withConfigDefaults(config: TargetGroupConfig): TargetGroupConfig {
  const result = copy(config);
  if (result.protocol === 'TCP') return result;
  result.protocolVersion ??= 'HTTP1';
  result.healthCheck ??= {
    enabled: result.protocolVersion === 'HTTP1',
    protocol: 'HTTP',
    protocolVersion: 'HTTP1',
    path: '/',
    healthCheckIntervalSeconds: 30,
    healthCheckTimeoutSeconds: 5,
    healthyThresholdCount: 5,
    unhealthyThresholdCount: 2,
    matcher: { httpCode: '200' },
  };
  return result;
}

function checkTargetGroupConfig(config: TargetGroupConfig): void {
  checkIntegerRange('config.port', config.port, 1, 65535);
  checkOneOf('config.protocol', config.protocol, ['HTTP', 'HTTPS', 'TCP']);
  if (config.protocolVersion !== undefined) {
    checkOneOf('config.protocolVersion', config.protocolVersion, ['HTTP1', 'HTTP2', 'GRPC']);
  }
  checkOneOf('config.ipAddressType', config.ipAddressType, ['IPV4', 'IPV6']);
  checkPattern('vpcIdentifier', config.vpcIdentifier);
  for (const key of Object.keys(config.healthCheck ?? {})) {
    checkOneOf('config.healthCheck', key, HEALTH_CHECK_KEYS);
  }
}

function checkTarget(target: TargetRecord): void {
  if (typeof target.id !== 'string' || target.id.length === 0) {
    throw invalidField('targets.id', target.id, 'Member must not be empty');
  }
  checkIntegerRange('targets.port', target.port, 1, 65535);
  checkOneOf('targets.status', target.status, TARGET_STATUSES);
}

export function createLatticeState(options: { accountId: string; region: string }): LatticeState {
  return new InMemoryLatticeState(options.accountId, options.region);
}

/** Re-exported for callers that set target statuses alongside creating state. */
export { TARGET_REASON_CODES } from './types';

/** A TLS_PASSTHROUGH listener can only forward: Lattice cannot answer for a stream it does not decrypt. */
function checkPassthroughAction(protocol: ListenerRecord['protocol'], action: RuleAction): void {
  if (protocol === 'TLS_PASSTHROUGH' && !action?.forward) {
    throw invalidField('defaultAction', 'fixedResponse', 'a TLS_PASSTHROUGH listener supports only a forward action');
  }
}
