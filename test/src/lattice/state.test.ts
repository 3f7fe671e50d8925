import { LatticeApiError } from './errors';
import { createLatticeState } from './state';
import { ACCOUNT_ID, httpTargetGroupConfig, REGION } from './__testUtils__/latticeTestbed';
import { LatticeChange, LatticeState, RuleAction } from './types';

const newState = () => createLatticeState({ accountId: ACCOUNT_ID, region: REGION });

/** The LatticeApiError a call throws, or a failure when it does not throw one. */
function errorOf(call: () => unknown): LatticeApiError {
  try {
    call();
  } catch (error) {
    if (error instanceof LatticeApiError) return error;
    throw error;
  }
  throw new Error('expected the call to throw a LatticeApiError');
}

const forwardTo = (...targetGroupIds: string[]): RuleAction => ({
  forward: { targetGroups: targetGroupIds.map(id => ({ targetGroupIdentifier: id, weight: 1 })) },
});

const prefixMatch = { httpMatch: { pathMatch: { match: { prefix: '/' } } } };

function serviceWithListener(state: LatticeState, name: string) {
  const service = state.createService({ name });
  const listener = state.createListener({
    serviceIdentifier: service.id,
    name: `${name}-80-http`,
    protocol: 'HTTP',
    port: 80,
    defaultAction: { fixedResponse: { statusCode: 404 } },
  });
  return { service, listener };
}

/** A path-prefix rule on the listener that forwards to one target group. */
function forwardingRule(
  state: LatticeState,
  at: { service: { id: string }; listener: { id: string } },
  targetGroupIdentifier: string,
  name = 'k8s-1700000000-rule-1',
  priority = 1,
) {
  return state.putRule({
    serviceIdentifier: at.service.id,
    listenerIdentifier: at.listener.id,
    name,
    priority,
    match: prefixMatch,
    action: forwardTo(targetGroupIdentifier),
  });
}

describe('createLatticeState', () => {
  it('gives resources ids, ARNs and a DNS name in the formats Lattice uses', () => {
    const state = newState();
    const network = state.createServiceNetwork({ name: 'my-hotel' });
    const { service, listener } = serviceWithListener(state, 'inventory-default');
    const group = state.createTargetGroup({ name: 'k8s-default-inventory-abcdefghij', config: httpTargetGroupConfig() });
    const rule = forwardingRule(state, { service, listener }, group.id);
    const association = state.associateService(network.id, service.id);
    const vpcAssociation = state.associateVpc(network.id, 'vpc-0123456789abcdef0');

    const arn = `arn:aws:vpc-lattice:${REGION}:${ACCOUNT_ID}:`;
    expect(network.arn).toMatch(new RegExp(`^${arn}servicenetwork/sn-[0-9a-z]{17}$`));
    expect(service.arn).toMatch(new RegExp(`^${arn}service/svc-[0-9a-z]{17}$`));
    expect(group.arn).toMatch(new RegExp(`^${arn}targetgroup/tg-[0-9a-z]{17}$`));
    expect(listener.arn).toBe(`${service.arn}/listener/${listener.id}`);
    expect(listener.id).toMatch(/^listener-[0-9a-z]{17}$/);
    expect(rule.arn).toBe(`${service.arn}/listener/${listener.id}/rule/${rule.id}`);
    expect(rule.id).toMatch(/^rule-[0-9a-z]{17}$/);
    expect(association.id).toMatch(/^snsa-[0-9a-z]{17}$/);
    expect(vpcAssociation.id).toMatch(/^snva-[0-9a-z]{17}$/);
    expect(service.dnsEntry.domainName).toMatch(
      new RegExp(`^inventory-default-${service.id.slice(4)}\\.[0-9a-f]{7,8}\\.vpc-lattice-svcs\\.${REGION}\\.on\\.aws$`),
    );
    expect(service.dnsEntry.hostedZoneId).toMatch(/^Z0[0-9A-Z]+$/);
  });

  it('keeps the DNS partition label stable within an account and region, and distinct across accounts', () => {
    const label = (state: LatticeState, name: string) => state.createService({ name }).dnsEntry.domainName.split('.')[1];
    const state = newState();
    const other = createLatticeState({ accountId: '210987654321', region: REGION });
    expect(label(state, 'one-svc')).toBe(label(state, 'two-svc'));
    expect(label(other, 'one-svc')).not.toBe(label(state, 'three-svc'));
  });

  it.each([
    ['service', 'Member must have length greater than or equal to 3', 'ab'],
    ['service', 'Member must have length less than or equal to 40', 'a'.repeat(41)],
    ['service', "Member must not start with 'svc-'", 'svc-checkout'],
    ['service', 'Member must contain only lowercase letters, digits and hyphens', 'Checkout'],
    ['service', 'Member must not start or end with a hyphen', '-checkout'],
    ['service', 'Member must not contain consecutive hyphens', 'check--out'],
    ['serviceNetwork', 'Member must have length less than or equal to 63', 'n'.repeat(64)],
    ['targetGroup', "Member must not start with 'tg-'", 'tg-checkout'],
    ['targetGroup', 'Member must have length less than or equal to 128', 't'.repeat(129)],
  ])('rejects a %s name that breaks "%s" with a ValidationException naming the field', (kind, message, name) => {
    const state = newState();
    const create = {
      service: () => state.createService({ name }),
      serviceNetwork: () => state.createServiceNetwork({ name }),
      targetGroup: () => state.createTargetGroup({ name, config: httpTargetGroupConfig() }),
    }[kind]!;
    const error = errorOf(create);
    expect(error.name).toBe('ValidationException');
    expect(error.httpStatus).toBe(400);
    expect(error.body).toMatchObject({ reason: 'fieldValidationFailed' });
    expect(error.fields.fieldList).toEqual([{ name: 'name', message: expect.stringContaining(message) }]);
  });

  it('accepts names at the longest length each kind allows', () => {
    const state = newState();
    expect(state.createService({ name: 's'.repeat(40) }).name).toHaveLength(40);
    expect(state.createServiceNetwork({ name: 'n'.repeat(63) }).name).toHaveLength(63);
    expect(state.createTargetGroup({ name: 't'.repeat(128), config: httpTargetGroupConfig() }).name).toHaveLength(128);
  });

  it('refuses duplicate names with a ConflictException that names the existing resource', () => {
    const state = newState();
    const first = state.createService({ name: 'checkout' });
    const error = errorOf(() => state.createService({ name: 'checkout' }));
    expect(error.name).toBe('ConflictException');
    expect(error.fields).toEqual({ resourceId: first.id, resourceType: 'SERVICE' });
    state.createTargetGroup({ name: 'k8s-shop-checkout', config: httpTargetGroupConfig() });
    expect(errorOf(() => state.createTargetGroup({ name: 'k8s-shop-checkout', config: httpTargetGroupConfig() })).name).toBe(
      'ConflictException',
    );
  });

  it('refuses to delete a service network while services or VPCs are associated', () => {
    const state = newState();
    const network = state.createServiceNetwork({ name: 'my-hotel' });
    const service = state.createService({ name: 'checkout' });
    const association = state.associateService(network.arn, service.arn);
    expect(state.associationCounts(network.id)).toEqual({ services: 1, vpcs: 0 });
    expect(errorOf(() => state.deleteServiceNetwork(network.id)).name).toBe('ConflictException');
    state.disassociateService(association.arn);
    state.deleteServiceNetwork(network.arn);
    expect(state.findServiceNetworkByName('my-hotel')).toBeUndefined();
  });

  it('associates a VPC with one service network at a time', () => {
    const state = newState();
    const first = state.createServiceNetwork({ name: 'first-network' });
    const second = state.createServiceNetwork({ name: 'second-network' });
    state.associateVpc(first.id, 'vpc-11111111');
    expect(errorOf(() => state.associateVpc(second.id, 'vpc-11111111')).name).toBe('ConflictException');
    expect(state.listVpcAssociations({ vpcIdentifier: 'vpc-11111111' }).map(a => a.serviceNetworkId)).toEqual([first.id]);
  });

  it('enforces tag limits per call and merges tags by ARN', () => {
    const state = newState();
    const group = state.createTargetGroup({ name: 'k8s-shop-checkout', config: httpTargetGroupConfig(), tags: { team: 'payments' } });
    const tooMany = Object.fromEntries(Array.from({ length: 51 }, (_, i) => [`key-${i}`, 'v']));
    expect(errorOf(() => state.tagResource(group.arn, tooMany)).name).toBe('ValidationException');
    expect(errorOf(() => state.tagResource(group.arn, { ['k'.repeat(129)]: 'v' })).name).toBe('ValidationException');
    expect(errorOf(() => state.tagResource(group.arn, { key: 'v'.repeat(257) })).name).toBe('ValidationException');
    expect(errorOf(() => state.tagResource(group.arn, { 'aws:owner': 'me' })).name).toBe('ValidationException');
    expect(errorOf(() => state.createService({ name: 'tagged', tags: tooMany })).name).toBe('ValidationException');
    expect(state.findServiceByName('tagged')).toBeUndefined();

    state.tagResource(group.arn, { env: 'prod' });
    expect(state.tagsOf(group.arn)).toEqual({ team: 'payments', env: 'prod' });
    const missing = errorOf(() => state.tagsOf(group.arn.replace(group.id, 'tg-00000000000000000')));
    expect(missing.name).toBe('ResourceNotFoundException');
  });

  it('refuses ARNs of another account with AccessDeniedException', () => {
    const state = newState();
    const group = state.createTargetGroup({ name: 'k8s-shop-checkout', config: httpTargetGroupConfig() });
    const foreign = group.arn.replace(ACCOUNT_ID, '999999999999');
    expect(errorOf(() => state.getTargetGroup(foreign)).name).toBe('AccessDeniedException');
  });

  it('reports targets UNUSED until a rule forwards to their group, then their stored status', () => {
    const state = newState();
    const { service, listener } = serviceWithListener(state, 'checkout-shop');
    const group = state.createTargetGroup({ name: 'k8s-shop-checkout', config: httpTargetGroupConfig() });
    state.setTargets(group.id, [
      { id: '10.0.0.1', port: 8080, status: 'HEALTHY' },
      { id: '10.0.0.2', port: 8080, status: 'UNHEALTHY', reasonCode: 'HealthCheckFailed' },
    ]);
    expect(state.listTargets(group.id).map(t => [t.status, t.reasonCode])).toEqual([
      ['UNUSED', 'TargetGroupNotInUse'],
      ['UNUSED', 'TargetGroupNotInUse'],
    ]);
    expect(state.serviceArnsOfTargetGroup(group.id)).toEqual([]);

    const rule = forwardingRule(state, { service, listener }, group.arn);
    expect(state.listTargets(group.id).map(t => [t.status, t.reasonCode])).toEqual([
      ['HEALTHY', undefined],
      ['UNHEALTHY', 'HealthCheckFailed'],
    ]);
    expect(state.serviceArnsOfTargetGroup(group.id)).toEqual([service.arn]);
    expect(state.getRule(service.arn, listener.arn, rule.arn).action).toEqual(forwardTo(group.id));

    state.deleteRule(service.id, listener.id, rule.id);
    expect(state.listTargets(group.id).map(t => t.status)).toEqual(['UNUSED', 'UNUSED']);
  });

  it('counts a listener default action that forwards as using the target group', () => {
    const state = newState();
    const service = state.createService({ name: 'checkout-shop' });
    const group = state.createTargetGroup({ name: 'k8s-shop-checkout', config: httpTargetGroupConfig() });
    const listener = state.createListener({
      serviceIdentifier: service.id,
      name: 'checkout-shop-80-http',
      protocol: 'HTTP',
      port: 80,
      defaultAction: forwardTo(group.id),
    });
    expect(state.serviceArnsOfTargetGroup(group.arn)).toEqual([service.arn]);
    expect(errorOf(() => state.deleteTargetGroup(group.id)).name).toBe('ConflictException');
    state.deleteListener(service.id, listener.arn);
    state.deleteTargetGroup(group.id);
    expect(state.listTargetGroups()).toEqual([]);
  });

  it('replaces a rule of the same name and refuses a second rule at a taken priority', () => {
    const state = newState();
    const { service, listener } = serviceWithListener(state, 'checkout-shop');
    const first = state.createTargetGroup({ name: 'k8s-shop-first', config: httpTargetGroupConfig() });
    const second = state.createTargetGroup({ name: 'k8s-shop-second', config: httpTargetGroupConfig() });
    const put = (name: string, priority: number, groupId: string) =>
      forwardingRule(state, { service, listener }, groupId, name, priority);

    const rule = put('k8s-1700000000-rule-1', 1, first.id);
    const replaced = put('k8s-1700000000-rule-1', 2, second.id);
    expect(replaced.id).toBe(rule.id);
    expect(state.listRules(service.id, listener.id).map(r => [r.id, r.priority])).toEqual([[rule.id, 2]]);
    expect(state.serviceArnsOfTargetGroup(first.id)).toEqual([]);
    expect(errorOf(() => put('k8s-1700000000-rule-9', 2, first.id)).name).toBe('ConflictException');
    expect(errorOf(() => put('k8s-1700000000-rule-3', 101, first.id)).name).toBe('ValidationException');
    expect(errorOf(() => put('k8s-1700000000-rule-4', 4, 'tg-00000000000000000')).name).toBe('ResourceNotFoundException');
  });

  it('refuses targets while the target group is still being created, as in controller issue #781', () => {
    const state = newState();
    const group = state.createTargetGroup({ name: 'k8s-shop-checkout', config: httpTargetGroupConfig(), status: 'CREATE_IN_PROGRESS' });
    const error = errorOf(() => state.setTargets(group.id, [{ id: '10.0.0.1', port: 8080, status: 'INITIAL' }]));
    expect(error.name).toBe('ConflictException');
    state.updateTargetGroup(group.id, { status: 'ACTIVE' });
    state.setTargets(group.id, [{ id: '10.0.0.1', port: 8080, status: 'INITIAL' }]);
    expect(state.listTargets(group.id)).toHaveLength(1);
  });

  it('deletes a service with its listeners and rules, but not while it is associated', () => {
    const state = newState();
    const network = state.createServiceNetwork({ name: 'my-hotel' });
    const { service, listener } = serviceWithListener(state, 'checkout-shop');
    const group = state.createTargetGroup({ name: 'k8s-shop-checkout', config: httpTargetGroupConfig() });
    forwardingRule(state, { service, listener }, group.id);
    const association = state.associateService(network.id, service.id);
    expect(errorOf(() => state.deleteService(service.id)).name).toBe('ConflictException');
    state.disassociateService(association.id);
    state.deleteService(service.id);
    expect(errorOf(() => state.listListeners(service.id)).name).toBe('ResourceNotFoundException');
    expect(state.serviceArnsOfTargetGroup(group.id)).toEqual([]);
    state.deleteTargetGroup(group.id);
  });

  it('tells subscribers about changes as they happen, until they unsubscribe', () => {
    const state = newState();
    const changes: LatticeChange[] = [];
    const unsubscribe = state.subscribe(change => changes.push(change));
    const { service, listener } = serviceWithListener(state, 'checkout-shop');
    const group = state.createTargetGroup({ name: 'k8s-shop-checkout', config: httpTargetGroupConfig() });
    expect(changes.at(-1)).toEqual({ kind: 'targetGroup', action: 'created', id: group.id });

    const rule = forwardingRule(state, { service, listener }, group.id);
    expect(changes.slice(-2)).toEqual([
      { kind: 'rule', action: 'created', id: rule.id },
      { kind: 'targetGroup', action: 'updated', id: group.id },
    ]);
    state.setTargets(group.id, [{ id: '10.0.0.1', port: 8080, status: 'HEALTHY' }]);
    expect(changes.at(-1)).toEqual({ kind: 'targets', action: 'updated', id: group.id });

    unsubscribe();
    state.deleteRule(service.id, listener.id, rule.id);
    expect(changes.at(-1)).toEqual({ kind: 'targets', action: 'updated', id: group.id });
  });

  it('returns copies, so callers cannot change stored records', () => {
    const state = newState();
    const service = state.createService({ name: 'checkout' });
    service.dnsEntry.domainName = 'changed.example.com';
    state.getService(service.id).status = 'DELETE_FAILED';
    expect(state.getService(service.id)).toMatchObject({ status: 'ACTIVE', dnsEntry: { domainName: expect.stringMatching(/^checkout-/) } });
  });

  it('pages in creation order with cursors that survive deletions and additions', () => {
    const state = newState();
    const created = Array.from({ length: 10 }, (_, i) =>
      state.createTargetGroup({ name: `k8s-ns-group-${i}`, config: httpTargetGroupConfig() }),
    );
    const first = state.pageTargetGroups({}, { limit: 4 });
    expect(first.items.map(g => g.name)).toEqual(['k8s-ns-group-0', 'k8s-ns-group-1', 'k8s-ns-group-2', 'k8s-ns-group-3']);
    state.deleteTargetGroup(created[3].id);
    state.deleteTargetGroup(created[4].id);
    state.createTargetGroup({ name: 'k8s-ns-group-late', config: httpTargetGroupConfig() });
    const second = state.pageTargetGroups({}, { limit: 4, after: first.next });
    expect(second.items.map(g => g.name)).toEqual(['k8s-ns-group-5', 'k8s-ns-group-6', 'k8s-ns-group-7', 'k8s-ns-group-8']);
    const third = state.pageTargetGroups({}, { limit: 4, after: second.next });
    expect(third.items.map(g => g.name)).toEqual(['k8s-ns-group-9', 'k8s-ns-group-late']);
    expect(third.next).toBeUndefined();
    expect(errorOf(() => state.pageTargetGroups({}, { limit: 4, after: 'not-a-cursor' })).name).toBe('ValidationException');
  });
});
