/*
 * The machine's aws CLI (v1, with the vpc-lattice service), unchanged,
 * against the simulated VPC Lattice API: the list and get operations the
 * product calls, with the CLI's own pagination (--max-items, --page-size,
 * --starting-token), and SigV4 refusing a wrong secret.
 */
import fs from 'node:fs';
import { startFleet, Fleet } from '../fleet/fleet';
import { seedDemoFleet } from '../fleet/seed';
import { CommandResult, requireClient, run, scratchDir } from './clients';

const AWS = requireClient(
  'aws',
  'the aws CLI v1 with vpc-lattice is part of the machine image',
);
const describeWithAws = AWS ? describe : describe.skip;

const DNS_ANNOTATION =
  'application-networking.k8s.aws/lattice-assigned-domain-name';

interface Page<T> {
  items: T[];
  NextToken?: string;
}

describeWithAws('the aws CLI against the simulated VPC Lattice API', () => {
  let fleet: Fleet;
  let dir: string;
  let env: NodeJS.ProcessEnv;

  const aws = (
    args: string[],
    overrides: NodeJS.ProcessEnv = {},
  ): Promise<CommandResult> =>
    run(
      AWS!,
      [
        '--endpoint-url',
        fleet.lattice.url,
        '--output',
        'json',
        'vpc-lattice',
        ...args,
      ],
      {
        env: { ...env, ...overrides },
      },
    );
  const json = async <T>(args: string[]): Promise<T> => {
    const result = await aws(args);
    if (result.code !== 0)
      throw new Error(
        `aws vpc-lattice ${args.join(' ')} exited ${result.code}:\n${
          result.stderr
        }`,
      );
    return JSON.parse(result.stdout) as T;
  };
  /** Every item, following the CLI's NextToken from one call to the next. */
  const allPages = async <T>(args: string[], maxItems: number) => {
    const pages: Array<Page<T>> = [];
    let token: string | undefined;
    do {
      const page = await json<Page<T>>([
        ...args,
        '--max-items',
        String(maxItems),
        ...(token ? ['--starting-token', token] : []),
      ]);
      pages.push(page);
      token = page.NextToken;
    } while (token);
    return pages;
  };

  beforeAll(async () => {
    fleet = await startFleet({});
    seedDemoFleet(fleet);
    await fleet.idle();
    dir = scratchDir('aws');
    env = {
      PATH: process.env.PATH,
      ...(process.env.PYENV_ROOT ? { PYENV_ROOT: process.env.PYENV_ROOT } : {}),
      HOME: dir,
      AWS_CONFIG_FILE: '/dev/null',
      AWS_SHARED_CREDENTIALS_FILE: '/dev/null',
      AWS_EC2_METADATA_DISABLED: 'true',
      AWS_DEFAULT_REGION: fleet.lattice.region,
      AWS_ACCESS_KEY_ID: fleet.lattice.accessKeyId,
      AWS_SECRET_ACCESS_KEY: fleet.lattice.secretAccessKey,
    };
  });
  afterAll(async () => {
    await fleet?.close();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  it('lists service networks, services and their associations, and gets a service', async () => {
    const [networks, services] = await Promise.all([
      json<Page<{ id: string; name: string }>>(['list-service-networks']),
      json<
        Page<{
          id: string;
          name: string;
          dnsEntry: { domainName: string };
          status: string;
        }>
      >(['list-services']),
    ]);
    expect(networks.items.map(network => network.name).sort()).toEqual([
      'gateway-1',
      'gateway-2',
    ]);
    expect(services.items.map(service => service.name).sort()).toEqual([
      'httproute-1-default',
      'httproute-2-default',
      'httproute-3-default',
      'httproute-4-default',
      'tlsroute-1-default',
    ]);
    const route = fleet.configCluster.store.get(
      { group: 'gateway.networking.k8s.io', plural: 'httproutes' },
      'default',
      'httproute-2',
    )!;
    const listed = services.items.find(
      service => service.name === 'httproute-2-default',
    )!;
    const gateway1 = networks.items.find(
      network => network.name === 'gateway-1',
    )!;
    const [service, associations] = await Promise.all([
      json<{ dnsEntry: { domainName: string }; status: string }>([
        'get-service',
        '--service-identifier',
        listed.id,
      ]),
      json<Page<{ serviceName: string; status: string }>>([
        'list-service-network-service-associations',
        '--service-network-identifier',
        gateway1.id,
      ]),
    ]);
    expect(service).toMatchObject({
      status: 'ACTIVE',
      dnsEntry: { domainName: route.metadata.annotations![DNS_ANNOTATION] },
    });
    // httproute-1 and httproute-2 attach to gateway-1.
    expect(
      associations.items.map(association => association.serviceName).sort(),
    ).toEqual([
      'httproute-1-default',
      'httproute-2-default',
      'tlsroute-1-default',
    ]);
  });

  it('pages through target groups with --max-items and --starting-token, and the pages add up to the whole list', async () => {
    const whole = await json<Page<{ id: string }>>(['list-target-groups']);
    expect(whole.items.length).toBeGreaterThan(4);
    expect(whole.NextToken).toBeUndefined();
    const pages = await allPages<{ id: string }>(
      ['list-target-groups', '--page-size', '2'],
      3,
    );
    expect(pages.length).toBe(Math.ceil(whole.items.length / 3));
    expect(
      pages
        .slice(0, -1)
        .every(page => page.items.length === 3 && page.NextToken),
    ).toBe(true);
    expect(pages.flatMap(page => page.items.map(item => item.id))).toEqual(
      whole.items.map(item => item.id),
    );
  });

  it("gets a target group, its tags and its targets' health: service-2's not-ready pod is unhealthy in workload-2", async () => {
    const workload2 = fleet.cluster('workload-2');
    // Which group is service-2's in workload-2, from the simulator's side; the CLI must say the same.
    const lattice = fleet.lattice.state;
    const group = lattice.listTargetGroups().find(candidate => {
      const tags = lattice.tagsOf(candidate.arn);
      return (
        tags['application-networking.k8s.aws/ServiceName'] === 'service-2' &&
        tags['application-networking.k8s.aws/ClusterName'] === 'workload-2'
      );
    })!;
    const { tags } = await json<{ tags: Record<string, string> }>([
      'list-tags-for-resource',
      '--resource-arn',
      group.arn,
    ]);
    expect(tags).toMatchObject({
      'application-networking.k8s.aws/ServiceName': 'service-2',
      'application-networking.k8s.aws/ServiceNamespace': 'default',
      'application-networking.k8s.aws/ClusterName': 'workload-2',
      'application-networking.k8s.aws/SourceTypeKey': 'ServiceExport',
    });
    const [detail, targets] = await Promise.all([
      json<{
        config: { port: number; protocol: string; vpcIdentifier: string };
        status: string;
      }>(['get-target-group', '--target-group-identifier', group.id]),
      json<Page<{ id: string; port: number; status: string }>>([
        'list-targets',
        '--target-group-identifier',
        group.id,
      ]),
    ]);
    expect(detail).toMatchObject({
      status: 'ACTIVE',
      config: { port: 80, protocol: 'HTTP', vpcIdentifier: workload2.vpcId },
    });
    const pods = workload2.store
      .list({ group: '', plural: 'pods' }, 'default')
      .filter(pod => pod.metadata.labels?.app === 'service-2');
    const podIp = (track: string) =>
      (
        pods.find(pod => pod.metadata.labels?.track === track)!.status as {
          podIP: string;
        }
      ).podIP;
    expect(
      targets.items
        .map(target => [target.id, target.port, target.status])
        .sort(),
    ).toEqual(
      [
        [podIp('stable'), 8080, 'HEALTHY'],
        [podIp('canary'), 8080, 'UNHEALTHY'],
      ].sort(),
    );
  });

  it('refuses a wrong secret and an unknown key, as SigV4 does', async () => {
    const [wrongSecret, unknownKey] = await Promise.all([
      aws(['list-services'], { AWS_SECRET_ACCESS_KEY: 'not-the-secret' }),
      aws(['list-services'], { AWS_ACCESS_KEY_ID: 'AKIANOTAKNOWNKEY0000' }),
    ]);
    expect(wrongSecret.code).not.toBe(0);
    expect(wrongSecret.stderr).toMatch(
      /An error occurred \(InvalidSignatureException\) when calling the ListServices operation: The request signature we calculated does not match the signature you provided/,
    );
    expect(unknownKey.code).not.toBe(0);
    expect(unknownKey.stderr).toMatch(
      /\(UnrecognizedClientException\) when calling the ListServices operation/,
    );
  });
});
