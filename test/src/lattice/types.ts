/*
 * The in-process seams of the simulated VPC Lattice API.
 *
 * LatticeState holds one account/region's resources. The HTTP server
 * (server.ts) serves the restJson1 read operations from it; the controller
 * simulator and fleet seeding write to it directly, as the real controller
 * writes through the (unsimulated) mutating operations.
 * Records use the wire field names of the Smithy model; timestamps are ISO-8601 strings.
 */

export type ResourceStatus =
  | 'ACTIVE'
  | 'CREATE_IN_PROGRESS'
  | 'DELETE_IN_PROGRESS'
  | 'CREATE_FAILED'
  | 'DELETE_FAILED';

export type TargetStatus = 'DRAINING' | 'UNAVAILABLE' | 'HEALTHY' | 'UNHEALTHY' | 'INITIAL' | 'UNUSED';

export type Tags = Record<string, string>;

export interface DnsEntry {
  domainName: string;
  hostedZoneId: string;
}

export interface ServiceNetworkRecord {
  id: string;
  arn: string;
  name: string;
  authType: 'NONE' | 'AWS_IAM';
  createdAt: string;
  lastUpdatedAt: string;
}

export interface ServiceRecord {
  id: string;
  arn: string;
  name: string;
  status: ResourceStatus;
  dnsEntry: DnsEntry;
  customDomainName?: string;
  certificateArn?: string;
  authType: 'NONE' | 'AWS_IAM';
  failureCode?: string;
  failureMessage?: string;
  createdAt: string;
  lastUpdatedAt: string;
}

export interface ServiceNetworkServiceAssociationRecord {
  id: string;
  arn: string;
  status: ResourceStatus;
  createdBy: string;
  serviceId: string;
  serviceNetworkId: string;
  dnsEntry: DnsEntry;
  customDomainName?: string;
  createdAt: string;
}

export interface ServiceNetworkVpcAssociationRecord {
  id: string;
  arn: string;
  status: ResourceStatus | 'UPDATE_IN_PROGRESS' | 'UPDATE_FAILED';
  createdBy: string;
  serviceNetworkId: string;
  vpcId: string;
  createdAt: string;
  lastUpdatedAt: string;
}

export interface TargetGroupConfig {
  port: number;
  protocol: 'HTTP' | 'HTTPS' | 'TCP';
  protocolVersion?: 'HTTP1' | 'HTTP2' | 'GRPC';
  ipAddressType: 'IPV4' | 'IPV6';
  vpcIdentifier: string;
  healthCheck?: Record<string, unknown>;
}

export interface TargetGroupRecord {
  id: string;
  arn: string;
  name: string;
  type: 'IP';
  status: ResourceStatus;
  config: TargetGroupConfig;
  failureCode?: string;
  failureMessage?: string;
  createdAt: string;
  lastUpdatedAt: string;
}

export interface TargetRecord {
  /** The pod IP. */
  id: string;
  port: number;
  status: TargetStatus;
  reasonCode?: string;
}

export interface ListenerRecord {
  id: string;
  arn: string;
  name: string;
  serviceId: string;
  protocol: 'HTTP' | 'HTTPS' | 'TLS_PASSTHROUGH';
  port: number;
  defaultAction: RuleAction;
  createdAt: string;
  lastUpdatedAt: string;
}

export interface RuleAction {
  forward?: { targetGroups: Array<{ targetGroupIdentifier: string; weight: number }> };
  fixedResponse?: { statusCode: number };
}

export interface HttpMatch {
  method?: string;
  pathMatch?: { match: { exact?: string; prefix?: string }; caseSensitive?: boolean };
  headerMatches?: Array<{ name: string; match: { exact: string }; caseSensitive?: boolean }>;
}

export interface RuleRecord {
  id: string;
  arn: string;
  name: string;
  serviceId: string;
  listenerId: string;
  priority: number;
  isDefault: boolean;
  match?: { httpMatch: HttpMatch };
  action: RuleAction;
  createdAt: string;
  lastUpdatedAt: string;
}

/**
 * The reasonCodes listed targets carry. Lattice does not publish its codes, so the
 * simulator uses these, and the status page explains them:
 * - TargetGroupNotInUse (UNUSED): no listener rule or listener default action forwards to
 *   the target group, so Lattice neither health-checks nor routes to its targets.
 *   The state reports this itself, whatever status was stored.
 * - RegistrationInProgress (INITIAL): registered; the first health checks have not passed yet.
 * - HealthCheckFailed (UNHEALTHY): the target fails its health checks.
 * - HealthCheckDisabled (UNAVAILABLE): health checks are turned off for the target group.
 * - DeregistrationInProgress (DRAINING): being deregistered; existing connections drain.
 * HEALTHY targets carry no reasonCode.
 */
export const TARGET_REASON_CODES = {
  notInUse: 'TargetGroupNotInUse',
  registrationInProgress: 'RegistrationInProgress',
  healthCheckFailed: 'HealthCheckFailed',
  healthCheckDisabled: 'HealthCheckDisabled',
  deregistrationInProgress: 'DeregistrationInProgress',
} as const;

/** Where a page of a listing starts: after the `next` cursor of the previous page. */
export interface PageWindow {
  after?: string;
  limit: number;
}

/** One page in creation order; `next` is set when more items may follow. Cursors survive concurrent changes. */
export interface Page<T> {
  items: T[];
  next?: string;
}

/** What changed, for subscribers such as controllers that re-resolve routes when target groups appear. */
export interface LatticeChange {
  kind: 'serviceNetwork' | 'service' | 'association' | 'targetGroup' | 'targets' | 'listener' | 'rule';
  action: 'created' | 'updated' | 'deleted';
  id: string;
  /** A deleted resource's name, when it had one: it can no longer be looked up. */
  name?: string;
}

/**
 * One account and region. Mutations throw LatticeApiError (errors.ts) with the
 * AWS error a real call would get (ConflictException for a duplicate name,
 * ResourceNotFoundException for an unknown id, ValidationException for bad names).
 * Identifiers accept an id or an ARN. Returned records are copies.
 */
export interface LatticeState {
  readonly accountId: string;
  readonly region: string;

  createServiceNetwork(input: { name: string; authType?: 'NONE' | 'AWS_IAM'; tags?: Tags }): ServiceNetworkRecord;
  deleteServiceNetwork(identifier: string): void;
  listServiceNetworks(): ServiceNetworkRecord[];
  getServiceNetwork(identifier: string): ServiceNetworkRecord;
  findServiceNetworkByName(name: string): ServiceNetworkRecord | undefined;

  createService(input: { name: string; customDomainName?: string; certificateArn?: string; tags?: Tags }): ServiceRecord;
  updateService(identifier: string, changes: Partial<Pick<ServiceRecord, 'status' | 'failureCode' | 'failureMessage'>>): ServiceRecord;
  deleteService(identifier: string): void;
  listServices(): ServiceRecord[];
  getService(identifier: string): ServiceRecord;
  findServiceByName(name: string): ServiceRecord | undefined;

  associateService(serviceNetworkIdentifier: string, serviceIdentifier: string, tags?: Tags): ServiceNetworkServiceAssociationRecord;
  disassociateService(associationIdentifier: string): void;
  listServiceAssociations(filter?: { serviceNetworkIdentifier?: string; serviceIdentifier?: string }): ServiceNetworkServiceAssociationRecord[];

  associateVpc(serviceNetworkIdentifier: string, vpcId: string, tags?: Tags): ServiceNetworkVpcAssociationRecord;
  listVpcAssociations(filter?: { serviceNetworkIdentifier?: string; vpcIdentifier?: string }): ServiceNetworkVpcAssociationRecord[];

  createTargetGroup(input: { name: string; config: TargetGroupConfig; tags?: Tags; status?: ResourceStatus }): TargetGroupRecord;
  updateTargetGroup(identifier: string, changes: Partial<Pick<TargetGroupRecord, 'status' | 'failureCode' | 'failureMessage'>> & { healthCheck?: Record<string, unknown> }): TargetGroupRecord;
  deleteTargetGroup(identifier: string): void;
  listTargetGroups(filter?: { vpcIdentifier?: string; targetGroupType?: string }): TargetGroupRecord[];
  getTargetGroup(identifier: string): TargetGroupRecord;
  /** ARNs of services whose rules forward to this target group (serviceArns on the wire). */
  serviceArnsOfTargetGroup(identifier: string): string[];

  /** Replaces the group's targets with exactly these (register + deregister). */
  setTargets(targetGroupIdentifier: string, targets: TargetRecord[]): void;
  listTargets(targetGroupIdentifier: string): TargetRecord[];

  createListener(input: { serviceIdentifier: string; name: string; protocol: ListenerRecord['protocol']; port: number; defaultAction: RuleAction; tags?: Tags }): ListenerRecord;
  /** UpdateListener: Lattice changes only a listener's default action. */
  updateListener(serviceIdentifier: string, listenerIdentifier: string, changes: { defaultAction: RuleAction }): ListenerRecord;
  deleteListener(serviceIdentifier: string, listenerIdentifier: string): void;
  listListeners(serviceIdentifier: string): ListenerRecord[];

  /** Creates or replaces the rule with this name on the listener. */
  putRule(input: { serviceIdentifier: string; listenerIdentifier: string; name: string; priority: number; match: { httpMatch: HttpMatch }; action: RuleAction; tags?: Tags }): RuleRecord;
  deleteRule(serviceIdentifier: string, listenerIdentifier: string, ruleIdentifier: string): void;
  listRules(serviceIdentifier: string, listenerIdentifier: string): RuleRecord[];
  getRule(serviceIdentifier: string, listenerIdentifier: string, ruleIdentifier: string): RuleRecord;

  tagResource(arn: string, tags: Tags): void;
  tagsOf(arn: string): Tags;

  /**
   * A target group and its tags as held, not copied, for in-process readers
   * that follow every change (the controllers' catalog): never modify them.
   * A change replaces a record's nested values and a resource's tags rather
   * than editing them, so what a reader copies the top level of stays as read.
   */
  readTargetGroup(identifier: string): { record: TargetGroupRecord; tags: Tags };

  /** Told of every change, or only of changes to the given kinds. Returns an unsubscribe function. */
  subscribe(
    listener: (change: LatticeChange) => void,
    kinds?: ReadonlyArray<LatticeChange['kind']>,
  ): () => void;

  /*
   * Paged listings for the HTTP server: cost proportional to the page, not the collection,
   * so 100,000 target groups list quickly. A malformed cursor throws ValidationException.
   */
  pageServiceNetworks(window: PageWindow): Page<ServiceNetworkRecord>;
  pageServices(window: PageWindow): Page<ServiceRecord>;
  pageServiceAssociations(filter: { serviceNetworkIdentifier?: string; serviceIdentifier?: string }, window: PageWindow): Page<ServiceNetworkServiceAssociationRecord>;
  pageVpcAssociations(filter: { serviceNetworkIdentifier?: string; vpcIdentifier?: string }, window: PageWindow): Page<ServiceNetworkVpcAssociationRecord>;
  pageTargetGroups(filter: { vpcIdentifier?: string; targetGroupType?: string }, window: PageWindow): Page<TargetGroupRecord>;
  /** Targets with their reported status (UNUSED while nothing forwards to the group); `only` filters by id and, when given, port. */
  pageTargets(targetGroupIdentifier: string, window: PageWindow, only?: Array<{ id: string; port?: number }>): Page<TargetRecord>;
  pageListeners(serviceIdentifier: string, window: PageWindow): Page<ListenerRecord>;
  pageRules(serviceIdentifier: string, listenerIdentifier: string, window: PageWindow): Page<RuleRecord>;

  getServiceAssociation(identifier: string): ServiceNetworkServiceAssociationRecord;
  getVpcAssociation(identifier: string): ServiceNetworkVpcAssociationRecord;
  getListener(serviceIdentifier: string, listenerIdentifier: string): ListenerRecord;
  associationCounts(serviceNetworkIdentifier: string): { services: number; vpcs: number };
}
