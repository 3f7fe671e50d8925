/*
 * The simulator against the real VPC Lattice Smithy model: every served
 * operation has the model's HTTP binding, and what it puts on the wire is
 * made only of the model's output (and error) shape members, with required
 * members present and values within the model's enums, patterns and ranges.
 */
import * as sdk from '@aws-sdk/client-vpc-lattice';
import { Readable } from 'node:stream';
import { OPERATIONS } from './operations';
import { httpTargetGroupConfig, LatticeTestbed, startLatticeTestbed } from './__testUtils__/latticeTestbed';
import { bodyMembers, loadModel, MODEL_PATH, NAMESPACE, shapeProblems, SmithyModel } from './__testUtils__/smithyModel';

const model = loadModel();
if (!model) {
  // eslint-disable-next-line no-console
  console.log(`Skipping the Lattice contract tests: the Smithy model is not at ${MODEL_PATH}`);
}
const describeWithModel = model ? describe : describe.skip;

interface RawResponse {
  status: number;
  headers: Record<string, string>;
  body: any;
}

/** Keeps the raw body of every response the client receives, before the SDK deserializes it. */
function captureResponses(client: sdk.VPCLatticeClient): RawResponse[] {
  const captured: RawResponse[] = [];
  client.middlewareStack.add(
    next => async args => {
      const result = await next(args);
      const response = result.response as { statusCode: number; headers: Record<string, string>; body: Readable };
      const chunks: Buffer[] = [];
      for await (const chunk of response.body) chunks.push(Buffer.from(chunk));
      const text = Buffer.concat(chunks).toString('utf8');
      captured.push({ status: response.statusCode, headers: response.headers, body: text ? JSON.parse(text) : undefined });
      response.body = Readable.from([Buffer.from(text)]);
      return result;
    },
    { step: 'deserialize', priority: 'low', name: 'captureRawResponses' },
  );
  return captured;
}

/** Two of everything, so list samples carry a nextToken, with every optional field the state can hold set. */
function seed(bed: LatticeTestbed) {
  const { state } = bed;
  const network = state.createServiceNetwork({ name: 'my-hotel', authType: 'AWS_IAM' });
  state.createServiceNetwork({ name: 'other-network' });
  const service = state.createService({
    name: 'checkout-shop',
    customDomainName: 'checkout.example.internal',
    certificateArn: 'arn:aws:acm:us-west-2:123456789012:certificate/00000000-0000-0000-0000-000000000000',
  });
  const failed = state.createService({ name: 'broken-shop' });
  state.updateService(failed.id, { status: 'CREATE_FAILED', failureCode: 'DnsConflict', failureMessage: 'The custom domain is taken' });
  const association = state.associateService(network.id, service.id);
  state.associateService(network.id, failed.id);
  const vpcAssociation = state.associateVpc(network.id, 'vpc-0123456789abcdef0');
  state.associateVpc(network.id, 'vpc-11111111');
  const group = state.createTargetGroup({ name: 'k8s-shop-checkout-abcdefghij', config: httpTargetGroupConfig(), tags: { team: 'payments' } });
  const grpc = state.createTargetGroup({
    name: 'k8s-shop-grpc-abcdefghij',
    config: { ...httpTargetGroupConfig(), protocolVersion: 'GRPC' },
  });
  state.updateTargetGroup(grpc.id, { failureCode: 'TargetGroupFailure', failureMessage: 'Simulated failure' });
  state.setTargets(group.id, [
    { id: '10.0.0.1', port: 8080, status: 'HEALTHY' },
    { id: '10.0.0.2', port: 8080, status: 'UNHEALTHY', reasonCode: 'HealthCheckFailed' },
  ]);
  const listener = state.createListener({
    serviceIdentifier: service.id,
    name: 'checkout-shop-443-https',
    protocol: 'HTTPS',
    port: 443,
    defaultAction: { forward: { targetGroups: [{ targetGroupIdentifier: group.id, weight: 1 }] } },
  });
  state.createListener({
    serviceIdentifier: service.id,
    name: 'checkout-shop-80-http',
    protocol: 'HTTP',
    port: 80,
    defaultAction: { fixedResponse: { statusCode: 404 } },
  });
  const rule = state.putRule({
    serviceIdentifier: service.id,
    listenerIdentifier: listener.id,
    name: 'k8s-1700000000-rule-1',
    priority: 1,
    match: {
      httpMatch: {
        method: 'GET',
        pathMatch: { match: { prefix: '/cart' }, caseSensitive: false },
        headerMatches: [{ name: 'x-canary', match: { exact: 'true' }, caseSensitive: true }],
      },
    },
    action: { forward: { targetGroups: [{ targetGroupIdentifier: group.id, weight: 90 }, { targetGroupIdentifier: grpc.id, weight: 10 }] } },
  });
  state.putRule({
    serviceIdentifier: service.id,
    listenerIdentifier: listener.id,
    name: 'k8s-1700000000-rule-2',
    priority: 2,
    match: { httpMatch: { pathMatch: { match: { exact: '/health' } } } },
    action: { fixedResponse: { statusCode: 500 } },
  });
  return { network, service, association, vpcAssociation, group, listener, rule };
}

type Seeded = ReturnType<typeof seed>;

/** A sample input for each served operation; lists ask for one item so a nextToken comes back too. */
const SAMPLE_INPUTS: Record<string, (s: Seeded) => object> = {
  ListServiceNetworks: () => ({ maxResults: 1 }),
  GetServiceNetwork: s => ({ serviceNetworkIdentifier: s.network.id }),
  ListServices: () => ({ maxResults: 1 }),
  GetService: s => ({ serviceIdentifier: s.service.arn }),
  ListServiceNetworkServiceAssociations: s => ({ serviceNetworkIdentifier: s.network.id, maxResults: 1 }),
  GetServiceNetworkServiceAssociation: s => ({ serviceNetworkServiceAssociationIdentifier: s.association.id }),
  ListServiceNetworkVpcAssociations: () => ({ maxResults: 1 }),
  GetServiceNetworkVpcAssociation: s => ({ serviceNetworkVpcAssociationIdentifier: s.vpcAssociation.arn }),
  ListTargetGroups: () => ({ maxResults: 1 }),
  GetTargetGroup: s => ({ targetGroupIdentifier: s.group.id }),
  ListTargets: s => ({ targetGroupIdentifier: s.group.arn, maxResults: 1 }),
  ListListeners: s => ({ serviceIdentifier: s.service.id, maxResults: 1 }),
  GetListener: s => ({ serviceIdentifier: s.service.id, listenerIdentifier: s.listener.id }),
  ListRules: s => ({ serviceIdentifier: s.service.id, listenerIdentifier: s.listener.arn, maxResults: 1 }),
  GetRule: s => ({ serviceIdentifier: s.service.id, listenerIdentifier: s.listener.id, ruleIdentifier: s.rule.id }),
  ListTagsForResource: s => ({ resourceArn: s.group.arn }),
};

function command(operation: string, input: object): any {
  const Command = (sdk as unknown as Record<string, new (input: object) => unknown>)[`${operation}Command`];
  return new Command(input);
}

describeWithModel('the Lattice Smithy model', () => {
  const shapes = (model as SmithyModel)?.shapes;
  const operationShape = (name: string) => shapes[`${NAMESPACE}${name}`];

  it('serves the read operations the product uses, and only those', () => {
    expect(OPERATIONS.map(o => o.name).sort()).toEqual(Object.keys(SAMPLE_INPUTS).sort());
    for (const operation of OPERATIONS) {
      expect(operationShape(operation.name)?.traits?.['smithy.api#readonly']).toEqual({});
    }
  });

  it.each(OPERATIONS.map(o => [o.name, o] as const))('binds %s to the method, URI and query parameters of its @http trait', (_, operation) => {
    const shape = operationShape(operation.name);
    const http = shape.traits!['smithy.api#http'];
    expect({ method: operation.method, uri: operation.uri }).toEqual({ method: http.method, uri: http.uri });

    const input = shapes[shape.input!.target];
    const bound = (trait: string) =>
      Object.entries(input.members ?? {})
        .filter(([, ref]) => ref.traits?.[trait] !== undefined)
        .map(([name, ref]) => (typeof ref.traits![trait] === 'string' ? (ref.traits![trait] as string) : name))
        .sort();
    const labels = [...operation.uri.matchAll(/\{(\w+)\}/g)].map(m => m[1]).sort();
    expect(labels).toEqual(bound('smithy.api#httpLabel'));
    expect([...operation.query].sort()).toEqual(bound('smithy.api#httpQuery'));
  });

  describe('responses', () => {
    let bed: LatticeTestbed;
    let seeded: Seeded;

    beforeAll(async () => {
      bed = await startLatticeTestbed();
      seeded = seed(bed);
    });

    afterAll(async () => {
      await bed.close();
    });

    it.each(OPERATIONS.map(o => [o.name]))('%s answers with members of its output shape only', async name => {
      const client = bed.client();
      const responses = captureResponses(client);
      await client.send(command(name, SAMPLE_INPUTS[name](seeded)));
      const [response] = responses;
      const output = operationShape(name).output!.target;
      expect(response.status).toBe(operationShape(name).traits!['smithy.api#http'].code ?? 200);
      expect(shapeProblems(model!, output, response.body, name)).toEqual([]);
      // Lists were asked for one item of several, so their samples must carry the token too.
      expect(typeof response.body.nextToken).toBe(bodyMembers(shapes[output]).nextToken ? 'string' : 'undefined');
    });

    it.each([
      ['ResourceNotFoundException', (c: sdk.VPCLatticeClient) => c.send(new sdk.GetServiceCommand({ serviceIdentifier: 'svc-0123456789abcdefg' }))],
      ['ValidationException', (c: sdk.VPCLatticeClient) => c.send(new sdk.ListServicesCommand({ maxResults: 101 }))],
      [
        'ThrottlingException',
        (c: sdk.VPCLatticeClient) => {
          bed.server.faults.throttleRate = 1;
          return c.send(new sdk.ListServicesCommand({})).finally(() => bed.server.faults.reset());
        },
      ],
      [
        'InternalServerException',
        (c: sdk.VPCLatticeClient) => {
          bed.server.faults.errorRate = 1;
          return c.send(new sdk.ListServicesCommand({})).finally(() => bed.server.faults.reset());
        },
      ],
    ])('sends %s with the status and body members of its error shape', async (name, call) => {
      const client = bed.client({ maxAttempts: 1 });
      const responses = captureResponses(client);
      await expect(call(client)).rejects.toMatchObject({ name });
      const [response] = responses;
      const error = shapes[`${NAMESPACE}${name}`];
      expect(response.status).toBe(error.traits!['smithy.api#httpError']);
      expect(response.headers['x-amzn-errortype']).toBe(name);
      expect(shapeProblems(model!, `${NAMESPACE}${name}`, response.body, name)).toEqual([]);
    });
  });
});
