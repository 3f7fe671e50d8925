import {
  additionalTags,
  latticeServiceName,
  listenerName,
  randomSuffix,
  ruleName,
  targetGroupName,
  targetGroupTags,
  TAG_KEYS,
} from './naming';

describe('latticeServiceName', () => {
  it('joins route name and namespace', () => {
    expect(latticeServiceName('inventory', 'default')).toBe(
      'inventory-default',
    );
  });

  it('keeps 20 characters of the route name and 18 of the namespace', () => {
    expect(
      latticeServiceName(
        'a-very-long-route-name-indeed',
        'a-rather-long-namespace',
      ),
    ).toBe('a-very-long-route-na-a-rather-long-name');
  });

  it('trims dashes left at either end by truncation', () => {
    expect(latticeServiceName('checkout', 'abcdefghijklmnopq-rest')).toBe(
      'checkout-abcdefghijklmnopq',
    );
  });
});

describe('listenerName', () => {
  it('ends with the port and lower-case protocol, tls for passthrough', () => {
    expect(listenerName('checkout', 'shop', 80, 'HTTP')).toBe(
      'checkout-shop-80-http',
    );
    expect(listenerName('checkout', 'shop', 443, 'TLS_PASSTHROUGH')).toBe(
      'checkout-shop-443-tls',
    );
  });
});

describe('target group names', () => {
  it('truncates namespace and name to 55 characters and adds the suffix', () => {
    const long = 'n'.repeat(60);
    expect(targetGroupName(long, 'checkout', 'abcdefghij')).toBe(
      `k8s-${'n'.repeat(55)}-checkout-abcdefghij`,
    );
  });

  it('draws a suffix of ten lower-case letters', () => {
    const values = [0, 0.5, 0.999];
    let call = 0;
    const suffix = randomSuffix(() => values[call++ % values.length]);
    expect(suffix).toBe('anzanzanza');
  });
});

describe('ruleName', () => {
  it('names a rule after its creation time and priority', () => {
    expect(ruleName(1700000000, 3)).toBe('k8s-1700000000-rule-3');
  });
});

describe('tags', () => {
  it('drops user tags in the controller namespace or starting with aws:', () => {
    expect(
      additionalTags(
        'Team=Payments, Env=prod,aws:cost=1,application-networking.k8s.aws/ManagedBy=x,broken',
      ),
    ).toEqual({ Team: 'Payments', Env: 'prod' });
  });

  it('lets the controller keys win over user tags', () => {
    const tags = targetGroupTags(
      {
        managedBy: '123456789012/workload-1/vpc-1',
        clusterName: 'workload-1',
        serviceName: 'checkout',
        serviceNamespace: 'shop',
        sourceType: 'ServiceExport',
      },
      {
        port: 80,
        protocol: 'HTTP',
        protocolVersion: 'HTTP1',
        ipAddressType: 'IPV4',
        vpcIdentifier: 'vpc-1',
      },
      { Team: 'Payments' },
    );
    expect(tags).toEqual({
      Team: 'Payments',
      [TAG_KEYS.managedBy]: '123456789012/workload-1/vpc-1',
      [TAG_KEYS.clusterName]: 'workload-1',
      [TAG_KEYS.serviceName]: 'checkout',
      [TAG_KEYS.serviceNamespace]: 'shop',
      [TAG_KEYS.sourceType]: 'ServiceExport',
      [TAG_KEYS.protocolVersion]: 'HTTP1',
    });
  });
});
