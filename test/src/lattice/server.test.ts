import {
  GetListenerCommand,
  GetRuleCommand,
  GetServiceCommand,
  GetServiceNetworkCommand,
  GetServiceNetworkVpcAssociationCommand,
  GetTargetGroupCommand,
  ListListenersCommand,
  ListRulesCommand,
  ListServiceNetworkServiceAssociationsCommand,
  ListServiceNetworkVpcAssociationsCommand,
  ListTagsForResourceCommand,
  ListTargetGroupsCommand,
  ListTargetsCommand,
  paginateListServices,
  paginateListTargetGroups,
  paginateListTargets,
  VPCLatticeClient,
} from '@aws-sdk/client-vpc-lattice';
import { CREDENTIALS, httpTargetGroupConfig, LatticeTestbed, startLatticeTestbed } from './__testUtils__/latticeTestbed';
import { RuleAction } from './types';

let bed: LatticeTestbed;

beforeEach(async () => {
  bed = await startLatticeTestbed();
});

afterEach(async () => {
  await bed.close();
});

/** The error a promise rejects with, or a failure when it resolves. */
async function rejectionOf(promise: Promise<unknown>): Promise<any> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected the call to fail');
}

function createTargetGroups(count: number) {
  return Array.from({ length: count }, (_, i) =>
    bed.state.createTargetGroup({ name: `k8s-shop-group-${i}`, config: httpTargetGroupConfig() }),
  );
}

const forwardTo = (targetGroupId: string): RuleAction => ({
  forward: { targetGroups: [{ targetGroupIdentifier: targetGroupId, weight: 100 }] },
});

function routedService(targetGroupId: string) {
  const service = bed.state.createService({ name: 'checkout-shop' });
  const listener = bed.state.createListener({
    serviceIdentifier: service.id,
    name: 'checkout-shop-80-http',
    protocol: 'HTTP',
    port: 80,
    defaultAction: { fixedResponse: { statusCode: 404 } },
  });
  const rule = bed.state.putRule({
    serviceIdentifier: service.id,
    listenerIdentifier: listener.id,
    name: 'k8s-1700000000-rule-1',
    priority: 1,
    match: { httpMatch: { pathMatch: { match: { prefix: '/cart' } } } },
    action: forwardTo(targetGroupId),
  });
  return { service, listener, rule };
}

describe('paginators', () => {
  it('list 250 target groups in three pages of at most 100, each group once', async () => {
    const created = createTargetGroups(250);
    const pages: number[] = [];
    const ids: string[] = [];
    for await (const page of paginateListTargetGroups({ client: bed.client(), pageSize: 100 }, {})) {
      pages.push(page.items!.length);
      ids.push(...page.items!.map(g => g.id!));
    }
    expect(pages).toEqual([100, 100, 50]);
    expect(ids).toEqual(created.map(g => g.id));
    expect(bed.server.requests.byOperation.ListTargetGroups).toBe(3);
  });

  it('list services across pages', async () => {
    const created = Array.from({ length: 120 }, (_, i) => bed.state.createService({ name: `service-${i}` }));
    const names: string[] = [];
    for await (const page of paginateListServices({ client: bed.client(), pageSize: 50 }, {})) {
      names.push(...page.items!.map(s => s.name!));
    }
    expect(names).toEqual(created.map(s => s.name));
  });

  it('list targets across pages', async () => {
    const [group] = createTargetGroups(1);
    const targets = Array.from({ length: 25 }, (_, i) => ({ id: `10.0.1.${i}`, port: 8080, status: 'HEALTHY' as const }));
    bed.state.setTargets(group.id, targets);
    const pages: string[][] = [];
    const paginator = paginateListTargets({ client: bed.client(), pageSize: 10 }, { targetGroupIdentifier: group.arn });
    for await (const page of paginator) pages.push(page.items!.map(t => t.id!));
    expect(pages.map(p => p.length)).toEqual([10, 10, 5]);
    expect(pages.flat()).toEqual(targets.map(t => t.id));
  });

  it('neither repeat nor skip target groups that survive changes made between pages', async () => {
    const created = createTargetGroups(30);
    const client = bed.client();
    const first = await client.send(new ListTargetGroupsCommand({ maxResults: 10 }));
    bed.state.deleteTargetGroup(created[5].id);
    bed.state.deleteTargetGroup(created[15].id);
    const late = bed.state.createTargetGroup({ name: 'k8s-shop-late', config: httpTargetGroupConfig() });
    const seen = first.items!.map(g => g.id!);
    let nextToken = first.nextToken;
    while (nextToken) {
      const page = await client.send(new ListTargetGroupsCommand({ maxResults: 10, nextToken }));
      seen.push(...page.items!.map(g => g.id!));
      nextToken = page.nextToken;
    }
    const survivors = created.filter((_, i) => i !== 15).map(g => g.id);
    expect(seen).toEqual([...survivors, late.id]);
  });
});

describe('read operations', () => {
  it('GetService returns the service DNS entry, by id or ARN', async () => {
    const service = bed.state.createService({ name: 'checkout-shop', customDomainName: 'checkout.example.internal' });
    const client = bed.client();
    const byArn = await client.send(new GetServiceCommand({ serviceIdentifier: service.arn }));
    expect(byArn.dnsEntry).toEqual(service.dnsEntry);
    expect(byArn.dnsEntry!.domainName).toMatch(/^checkout-shop-[0-9a-z]{17}\.[0-9a-f]{7,8}\.vpc-lattice-svcs\.us-west-2\.on\.aws$/);
    expect(byArn.customDomainName).toBe('checkout.example.internal');
    expect(byArn.createdAt).toEqual(new Date(service.createdAt));
    const byId = await client.send(new GetServiceCommand({ serviceIdentifier: service.id }));
    expect(byId.arn).toBe(service.arn);
  });

  it('ListTagsForResource returns the tags of a target group by its ARN', async () => {
    const group = bed.state.createTargetGroup({
      name: 'k8s-shop-checkout',
      config: httpTargetGroupConfig(),
      tags: {
        'application-networking.k8s.aws/ServiceName': 'checkout',
        'application-networking.k8s.aws/ServiceNamespace': 'shop',
      },
    });
    const output = await bed.client().send(new ListTagsForResourceCommand({ resourceArn: group.arn }));
    expect(output.tags).toEqual({
      'application-networking.k8s.aws/ServiceName': 'checkout',
      'application-networking.k8s.aws/ServiceNamespace': 'shop',
    });
  });

  it('ListTargets reports UNUSED until a rule forwards to the group, then the stored statuses', async () => {
    const [group] = createTargetGroups(1);
    bed.state.setTargets(group.id, [
      { id: '10.0.0.1', port: 8080, status: 'HEALTHY' },
      { id: '10.0.0.2', port: 8080, status: 'INITIAL', reasonCode: 'RegistrationInProgress' },
    ]);
    const client = bed.client();
    const listTargets = async () =>
      (await client.send(new ListTargetsCommand({ targetGroupIdentifier: group.id }))).items!.map(t => [t.id, t.status, t.reasonCode]);

    expect(await listTargets()).toEqual([
      ['10.0.0.1', 'UNUSED', 'TargetGroupNotInUse'],
      ['10.0.0.2', 'UNUSED', 'TargetGroupNotInUse'],
    ]);
    const { service } = routedService(group.id);
    expect(await listTargets()).toEqual([
      ['10.0.0.1', 'HEALTHY', undefined],
      ['10.0.0.2', 'INITIAL', 'RegistrationInProgress'],
    ]);
    const described = await client.send(new GetTargetGroupCommand({ targetGroupIdentifier: group.arn }));
    expect(described.serviceArns).toEqual([service.arn]);
    expect(described.config).toMatchObject({ port: 8080, protocol: 'HTTP', vpcIdentifier: 'vpc-0123456789abcdef0' });

    const filtered = await client.send(
      new ListTargetsCommand({ targetGroupIdentifier: group.id, targets: [{ id: '10.0.0.2', port: 8080 }] }),
    );
    expect(filtered.items!.map(t => t.id)).toEqual(['10.0.0.2']);
  });

  it('serves listeners and rules of a service, addressed by ARN', async () => {
    const [group] = createTargetGroups(1);
    const { service, listener, rule } = routedService(group.id);
    const client = bed.client();
    const listeners = await client.send(new ListListenersCommand({ serviceIdentifier: service.arn }));
    expect(listeners.items!.map(l => [l.id, l.protocol, l.port])).toEqual([[listener.id, 'HTTP', 80]]);
    const described = await client.send(new GetListenerCommand({ serviceIdentifier: service.id, listenerIdentifier: listener.arn }));
    expect(described).toMatchObject({ serviceArn: service.arn, defaultAction: { fixedResponse: { statusCode: 404 } } });
    const rules = await client.send(new ListRulesCommand({ serviceIdentifier: service.id, listenerIdentifier: listener.id }));
    expect(rules.items!.map(r => [r.id, r.priority, r.isDefault])).toEqual([[rule.id, 1, false]]);
    const ruleOutput = await client.send(
      new GetRuleCommand({ serviceIdentifier: service.id, listenerIdentifier: listener.id, ruleIdentifier: rule.arn }),
    );
    expect(ruleOutput.match).toEqual({ httpMatch: { pathMatch: { match: { prefix: '/cart' } } } });
    expect(ruleOutput.action).toEqual({ forward: { targetGroups: [{ targetGroupIdentifier: group.id, weight: 100 }] } });
  });

  it('serves service networks and their associations', async () => {
    const network = bed.state.createServiceNetwork({ name: 'my-hotel' });
    const service = bed.state.createService({ name: 'checkout-shop' });
    const association = bed.state.associateService(network.id, service.id);
    const vpcAssociation = bed.state.associateVpc(network.id, 'vpc-0123456789abcdef0');
    bed.state.associateVpc(bed.state.createServiceNetwork({ name: 'other-network' }).id, 'vpc-11111111');
    const client = bed.client();

    const described = await client.send(new GetServiceNetworkCommand({ serviceNetworkIdentifier: network.arn }));
    expect(described).toMatchObject({ name: 'my-hotel', numberOfAssociatedServices: 1, numberOfAssociatedVPCs: 1 });
    const services = await client.send(new ListServiceNetworkServiceAssociationsCommand({ serviceNetworkIdentifier: network.id }));
    expect(services.items).toEqual([
      expect.objectContaining({ id: association.id, serviceName: 'checkout-shop', serviceNetworkName: 'my-hotel', dnsEntry: service.dnsEntry }),
    ]);
    const vpcs = await client.send(new ListServiceNetworkVpcAssociationsCommand({ vpcIdentifier: 'vpc-0123456789abcdef0' }));
    expect(vpcs.items!.map(a => [a.id, a.serviceNetworkName])).toEqual([[vpcAssociation.id, 'my-hotel']]);
    const vpc = await client.send(new GetServiceNetworkVpcAssociationCommand({ serviceNetworkVpcAssociationIdentifier: vpcAssociation.arn }));
    expect(vpc).toMatchObject({ vpcId: 'vpc-0123456789abcdef0', status: 'ACTIVE' });
  });
});

describe('errors', () => {
  it('answers an unknown target group with ResourceNotFoundException and 404', async () => {
    const error = await rejectionOf(bed.client().send(new GetTargetGroupCommand({ targetGroupIdentifier: 'tg-0123456789abcdefg' })));
    expect(error.name).toBe('ResourceNotFoundException');
    expect(error.$metadata.httpStatusCode).toBe(404);
    expect(error).toMatchObject({ resourceId: 'tg-0123456789abcdefg', resourceType: 'TARGET_GROUP' });
  });

  it('answers maxResults 0, a malformed identifier and a forged nextToken with ValidationException', async () => {
    const client = bed.client();
    const zero = await rejectionOf(client.send(new ListTargetGroupsCommand({ maxResults: 0 })));
    expect(zero.name).toBe('ValidationException');
    expect(zero.$metadata.httpStatusCode).toBe(400);
    expect(zero.fieldList).toEqual([{ name: 'maxResults', message: expect.stringContaining('greater than or equal to 1') }]);
    const malformed = await rejectionOf(client.send(new GetServiceCommand({ serviceIdentifier: 'checkout-shop-service' })));
    expect(malformed.fieldList).toEqual([{ name: 'serviceIdentifier', message: expect.any(String) }]);
    const forged = await rejectionOf(client.send(new ListTargetGroupsCommand({ nextToken: 'bm90IGEgdG9rZW4' })));
    expect(forged.fieldList).toEqual([{ name: 'nextToken', message: expect.any(String) }]);
  });

  it('answers a route Lattice does not have with UnknownOperationException', async () => {
    const client = bed.client();
    client.middlewareStack.add(
      next => async args => {
        (args.request as { path: string }).path = '/no-such-collection';
        return next(args);
      },
      { step: 'build' },
    );
    const error = await rejectionOf(client.send(new ListTargetGroupsCommand({})));
    expect(error.name).toBe('UnknownOperationException');
    expect(error.$metadata.httpStatusCode).toBe(404);
  });
});

describe('authentication', () => {
  it('refuses an unsigned request with 403 and the AWS error type', async () => {
    const response = await fetch(`${bed.server.url}/targetgroups`);
    expect(response.status).toBe(403);
    expect(response.headers.get('x-amzn-ErrorType')).toBe('MissingAuthenticationTokenException');
    expect(response.headers.get('x-amzn-requestid')).toBeTruthy();
    expect(await response.json()).toEqual({ message: 'Missing Authentication Token' });
  });

  it('refuses a wrong secret with InvalidSignatureException and an unknown key with UnrecognizedClientException', async () => {
    const wrongSecret = bed.client({ credentials: { ...CREDENTIALS, secretAccessKey: 'not-the-secret' }, maxAttempts: 1 });
    const invalid = await rejectionOf(wrongSecret.send(new ListTargetGroupsCommand({})));
    expect(invalid.name).toBe('InvalidSignatureException');
    expect(invalid.$metadata.httpStatusCode).toBe(403);

    const unknownKey = bed.client({ credentials: { accessKeyId: 'AKIAUNKNOWNKEY000000', secretAccessKey: 'x' }, maxAttempts: 1 });
    expect((await rejectionOf(unknownKey.send(new ListTargetGroupsCommand({})))).name).toBe('UnrecognizedClientException');
  });

  it('accepts a clock up to five minutes off and refuses one further off', async () => {
    const slightlyBehind = bed.client({ systemClockOffset: -4 * 60_000, maxAttempts: 1 });
    await expect(slightlyBehind.send(new ListTargetGroupsCommand({}))).resolves.toMatchObject({ items: [] });
    const farBehind = bed.client({ systemClockOffset: -10 * 60_000, maxAttempts: 1 });
    const error = await rejectionOf(farBehind.send(new ListTargetGroupsCommand({})));
    expect(error.name).toBe('InvalidSignatureException');
    expect(error.message).toMatch(/^Signature expired/);
  });

  it('refuses a signature scoped to another region', async () => {
    const otherRegion = bed.client({ region: 'eu-west-1', maxAttempts: 1 });
    expect((await rejectionOf(otherRegion.send(new ListTargetGroupsCommand({})))).name).toBe('InvalidSignatureException');
  });
});

describe('faults', () => {
  it('throttles with ThrottlingException and Retry-After', async () => {
    bed.server.faults.throttleRate = 1;
    const error = await rejectionOf(bed.client({ maxAttempts: 1 }).send(new ListTargetGroupsCommand({})));
    expect(error.name).toBe('ThrottlingException');
    expect(error.$metadata.httpStatusCode).toBe(429);
    expect(error.retryAfterSeconds).toBe(1);
    expect(bed.server.requests.total).toBe(1);
  });

  it('fails with InternalServerException, which the SDK retries', async () => {
    bed.server.faults.errorRate = 1;
    const error = await rejectionOf(bed.client({ maxAttempts: 2 }).send(new ListTargetGroupsCommand({})));
    expect(error.name).toBe('InternalServerException');
    expect(error.$metadata.httpStatusCode).toBe(500);
    expect(bed.server.requests.byOperation.ListTargetGroups).toBe(2);
  });

  it('holds answers back while latency is set, releasing them when it is lowered', async () => {
    const service = bed.state.createService({ name: 'checkout-shop' });
    bed.server.faults.latencyMs = 60_000;
    let settled = false;
    const pending = bed
      .client()
      .send(new GetServiceCommand({ serviceIdentifier: service.id }))
      .finally(() => {
        settled = true;
      });
    for (let turn = 0; turn < 1000 && bed.server.requests.total === 0; turn++) {
      await new Promise(resolve => setImmediate(resolve));
    }
    expect(bed.server.requests.byOperation.GetService).toBe(1);
    expect(settled).toBe(false);
    bed.server.faults.latencyMs = 0;
    await expect(pending).resolves.toMatchObject({ id: service.id });
  });

  it('drops connections while unreachable, without counting the requests', async () => {
    bed.server.faults.unreachable = true;
    const error = await rejectionOf(bed.client({ maxAttempts: 1 }).send(new ListTargetGroupsCommand({})));
    expect(error.$metadata?.httpStatusCode).toBeUndefined();
    expect(bed.server.requests.total).toBe(0);
    bed.server.faults.unreachable = false;
    await expect(bed.client().send(new ListTargetGroupsCommand({}))).resolves.toMatchObject({ items: [] });
  });

  it('counts requests by operation until reset', async () => {
    const client: VPCLatticeClient = bed.client();
    await client.send(new ListTargetGroupsCommand({}));
    await client.send(new ListTargetGroupsCommand({}));
    await rejectionOf(client.send(new GetServiceCommand({ serviceIdentifier: 'svc-0123456789abcdefg' })));
    expect(bed.server.requests).toMatchObject({ total: 3, byOperation: { ListTargetGroups: 2, GetService: 1 } });
    bed.server.requests.reset();
    expect(bed.server.requests).toMatchObject({ total: 0, byOperation: {} });
  });
});
