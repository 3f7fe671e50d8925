import { KubeObject } from '../kube/types';
import { TAG_KEYS } from './naming';
import { resolveServiceImport } from './resolve';
import { TaggedTargetGroup } from './targetGroupCatalog';

function exportGroup(
  id: string,
  cluster: string,
  name = 'checkout',
  namespace = 'shop',
  vpc = `vpc-${cluster}`,
): TaggedTargetGroup {
  return {
    id,
    arn: `arn:aws:vpc-lattice:us-west-2:123456789012:targetgroup/${id}`,
    name: `k8s-${namespace}-${name}-${id}`,
    type: 'IP',
    status: 'ACTIVE',
    config: {
      port: 80,
      protocol: 'HTTP',
      protocolVersion: 'HTTP1',
      ipAddressType: 'IPV4',
      vpcIdentifier: vpc,
    },
    createdAt: '2026-01-01T00:00:00Z',
    lastUpdatedAt: '2026-01-01T00:00:00Z',
    tags: {
      [TAG_KEYS.sourceType]: 'ServiceExport',
      [TAG_KEYS.serviceName]: name,
      [TAG_KEYS.serviceNamespace]: namespace,
      [TAG_KEYS.clusterName]: cluster,
    },
  };
}

function serviceImport(
  name: string,
  annotations: Record<string, string> = {},
  namespace = 'shop',
): KubeObject {
  return {
    apiVersion: 'application-networking.k8s.aws/v1alpha1',
    kind: 'ServiceImport',
    metadata: { name, namespace, annotations },
  };
}

const groups = [
  exportGroup('tg-c1', 'c1'),
  exportGroup('tg-c2', 'c2'),
  exportGroup('tg-other', 'c1', 'payments'),
];

describe('resolveServiceImport', () => {
  it('takes the first target group exported under the import name in the backend namespace', () => {
    const result = resolveServiceImport(
      { name: 'checkout', kind: 'ServiceImport' },
      'shop',
      serviceImport('checkout'),
      groups,
    );
    expect(result).toMatchObject({
      resolved: true,
      targetGroup: { id: 'tg-c1' },
    });
  });

  it('uses export-name and narrows to the annotated cluster', () => {
    const result = resolveServiceImport(
      { name: 'checkout-c2', kind: 'ServiceImport' },
      'shop',
      serviceImport('checkout-c2', {
        'application-networking.k8s.aws/export-name': 'checkout',
        'application-networking.k8s.aws/aws-eks-cluster-name': 'c2',
      }),
      groups,
    );
    expect(result).toMatchObject({
      resolved: true,
      targetGroup: { id: 'tg-c2' },
    });
  });

  it('narrows by the VPC of the target group', () => {
    const result = resolveServiceImport(
      { name: 'checkout', kind: 'ServiceImport' },
      'shop',
      serviceImport('checkout', {
        'application-networking.k8s.aws/aws-vpc': 'vpc-c2',
      }),
      groups,
    );
    expect(result).toMatchObject({
      resolved: true,
      targetGroup: { id: 'tg-c2' },
    });
  });

  it('requires namespace sameness: the backendRef namespace must match the exporter', () => {
    const result = resolveServiceImport(
      { name: 'checkout', kind: 'ServiceImport', namespace: 'web' },
      'shop',
      serviceImport('checkout', {}, 'web'),
      groups,
    );
    expect(result).toEqual({
      resolved: false,
      reason: 'BackendNotFound',
      message:
        'backendRef ServiceImport web/checkout: no target group found for export web/checkout',
    });
  });

  it('reports a missing ServiceImport by name', () => {
    expect(
      resolveServiceImport(
        { name: 'checkout-c3', kind: 'ServiceImport' },
        'shop',
        undefined,
        groups,
      ),
    ).toEqual({
      resolved: false,
      reason: 'BackendNotFound',
      message: 'backendRef ServiceImport shop/checkout-c3 not found',
    });
  });

  it('names the cluster it looked for when no export matches', () => {
    const result = resolveServiceImport(
      { name: 'checkout-c3', kind: 'ServiceImport' },
      'shop',
      serviceImport('checkout-c3', {
        'application-networking.k8s.aws/export-name': 'checkout',
        'application-networking.k8s.aws/aws-eks-cluster-name': 'c3',
      }),
      groups,
    );
    expect(result).toMatchObject({
      resolved: false,
      reason: 'BackendNotFound',
      message: expect.stringContaining('export shop/checkout in cluster c3'),
    });
  });

  it('ignores target groups that do not come from a ServiceExport', () => {
    const routeGroup = {
      ...exportGroup('tg-route', 'c1'),
      tags: {
        ...exportGroup('tg-route', 'c1').tags,
        [TAG_KEYS.sourceType]: 'HTTPRoute',
      },
    };
    const result = resolveServiceImport(
      { name: 'checkout', kind: 'ServiceImport' },
      'shop',
      serviceImport('checkout'),
      [routeGroup],
    );
    expect(result).toMatchObject({
      resolved: false,
      reason: 'BackendNotFound',
    });
  });

  it('points straight at a target-group-arn', () => {
    const arn = groups[2].arn;
    const result = resolveServiceImport(
      { name: 'external', kind: 'ServiceImport' },
      'shop',
      serviceImport('external', {
        'application-networking.k8s.aws/target-group-arn': arn,
      }),
      groups,
    );
    expect(result).toMatchObject({
      resolved: true,
      targetGroup: { id: 'tg-other' },
    });
  });

  it('reports an external target group that does not exist', () => {
    const result = resolveServiceImport(
      { name: 'external', kind: 'ServiceImport' },
      'shop',
      serviceImport('external', {
        'application-networking.k8s.aws/target-group-arn':
          'arn:aws:vpc-lattice:us-west-2:123456789012:targetgroup/tg-gone',
      }),
      groups,
    );
    expect(result).toMatchObject({
      resolved: false,
      reason: 'ExternalTargetGroupNotFound',
    });
  });

  it('refuses target-group-arn combined with discovery annotations', () => {
    const result = resolveServiceImport(
      { name: 'external', kind: 'ServiceImport' },
      'shop',
      serviceImport('external', {
        'application-networking.k8s.aws/target-group-arn': groups[0].arn,
        'application-networking.k8s.aws/aws-eks-cluster-name': 'c1',
      }),
      groups,
    );
    expect(result).toMatchObject({
      resolved: false,
      reason: 'ConflictingServiceImportAnnotations',
      message: expect.stringContaining('aws-eks-cluster-name'),
    });
  });
});
