import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { resourceTypesFromCrd, validateCrd } from './crd';
import {
  loadCrdsFromDir,
  loadProjectCrds,
  referenceCrdsDir,
} from './crdManifests';
import { applyDefaults, pruneUnknownFields, validateObject } from './schema';
import type { JSONSchemaProps, KubeObject } from './types';

describe('loadCrdsFromDir', () => {
  let dir: string;

  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'crds-'));
  });

  afterEach(() => {
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('reads every document of every YAML file below the folder, in path order', () => {
    fs.mkdirSync(path.join(dir, 'nested'));
    fs.writeFileSync(path.join(dir, 'b.yaml'), 'kind: B\n---\n---\nkind: C\n');
    fs.writeFileSync(
      path.join(dir, 'nested', 'a.yml'),
      '# only a comment\n---\nkind: A\n',
    );
    fs.writeFileSync(path.join(dir, 'notes.txt'), 'kind: Ignored\n');
    expect(loadCrdsFromDir(dir).map(object => object.kind)).toEqual([
      'B',
      'C',
      'A',
    ]);
  });

  it('names the file that does not parse', () => {
    fs.writeFileSync(path.join(dir, 'broken.yaml'), 'kind: [unclosed\n');
    expect(() => loadCrdsFromDir(dir)).toThrow(path.join(dir, 'broken.yaml'));
  });
});

describe('loadProjectCrds', () => {
  it('loads the CRDs from test/crds', () => {
    expect(loadProjectCrds().map(crd => crd.metadata.name)).toEqual(
      expect.arrayContaining([
        'serviceexports.application-networking.k8s.aws',
        'serviceexports.multicluster.x-k8s.io',
        'httproutes.gateway.networking.k8s.io',
      ]),
    );
  });
});

const annotation = (key: string) => `application-networking.k8s.aws/${key}`;

const condition = (
  type: string,
  status: string,
  reason: string,
  message = '',
) => ({
  type,
  status,
  reason,
  message,
  lastTransitionTime: '2026-08-14T10:00:00Z',
  observedGeneration: 1,
});

const backend = (cluster: string, weight: number) => ({
  group: 'application-networking.k8s.aws',
  kind: 'ServiceImport',
  name: `checkout-${cluster}`,
  weight,
});

/** Objects the product and the controller simulator write, as realistic as the facts allow. */
const goodSamples: KubeObject[] = [
  {
    apiVersion: 'application-networking.k8s.aws/v1alpha1',
    kind: 'ServiceExport',
    metadata: {
      name: 'checkout',
      namespace: 'shop',
      annotations: { [annotation('federation')]: 'amazon-vpc-lattice' },
    },
    spec: {
      exportedPorts: [
        { port: 80, routeType: 'HTTP' },
        { port: 8443, routeType: 'GRPC' },
      ],
    },
  },
  {
    apiVersion: 'application-networking.k8s.aws/v1alpha1',
    kind: 'ServiceImport',
    metadata: {
      name: 'checkout-c1',
      namespace: 'shop',
      annotations: {
        [annotation('export-name')]: 'checkout',
        [annotation('aws-eks-cluster-name')]: 'cluster1',
      },
    },
    spec: { type: 'ClusterSetIP', ports: [{ port: 80, protocol: 'TCP' }] },
  },
  {
    apiVersion: 'application-networking.k8s.aws/v1alpha1',
    kind: 'TargetGroupPolicy',
    metadata: { name: 'checkout-tgp', namespace: 'shop' },
    spec: {
      targetRef: {
        group: 'application-networking.k8s.aws',
        kind: 'ServiceExport',
        name: 'checkout',
      },
      protocol: 'HTTP',
      protocolVersion: 'HTTP1',
      healthCheck: {
        enabled: true,
        path: '/healthz',
        intervalSeconds: 10,
        statusMatch: '200-299',
      },
    },
  },
  {
    apiVersion: 'gateway.networking.k8s.io/v1beta1',
    kind: 'GatewayClass',
    metadata: { name: 'amazon-vpc-lattice' },
    spec: {
      controllerName: 'application-networking.k8s.aws/gateway-api-controller',
    },
  },
  {
    apiVersion: 'gateway.networking.k8s.io/v1',
    kind: 'Gateway',
    metadata: { name: 'my-hotel', namespace: 'default' },
    spec: {
      gatewayClassName: 'amazon-vpc-lattice',
      listeners: [
        { name: 'http', protocol: 'HTTP', port: 80 },
        {
          name: 'https',
          protocol: 'HTTPS',
          port: 443,
          tls: {
            mode: 'Terminate',
            options: {
              [annotation('certificate-arn')]:
                'arn:aws:acm:us-west-2:123456789012:certificate/4f3c2d1e',
            },
          },
        },
      ],
    },
    status: {
      conditions: [
        condition(
          'Accepted',
          'True',
          'Accepted',
          'application-networking.k8s.aws/gateway-api-controller',
        ),
        condition(
          'Programmed',
          'True',
          'Programmed',
          'aws-service-network-arn: arn:aws:vpc-lattice:us-west-2:123456789012:servicenetwork/sn-0abc123def4567890',
        ),
      ],
      listeners: [
        {
          name: 'http',
          attachedRoutes: 1,
          supportedKinds: [
            { group: 'gateway.networking.k8s.io', kind: 'HTTPRoute' },
          ],
          conditions: [
            condition('Accepted', 'True', 'Accepted'),
            condition('Programmed', 'True', 'Programmed'),
          ],
        },
      ],
      addresses: [
        {
          type: 'Hostname',
          value:
            'checkout-shop-0af995120af2711bc.7d67968.vpc-lattice-svcs.us-west-2.on.aws',
        },
      ],
    },
  },
  {
    apiVersion: 'gateway.networking.k8s.io/v1',
    kind: 'HTTPRoute',
    metadata: { name: 'checkout', namespace: 'shop' },
    spec: {
      parentRefs: [
        { name: 'my-hotel', namespace: 'default', sectionName: 'http' },
      ],
      hostnames: ['checkout.example.internal'],
      rules: [
        {
          matches: [
            {
              path: { type: 'PathPrefix', value: '/api' },
              headers: [{ name: 'x-canary', value: 'true' }],
              method: 'GET',
            },
          ],
          backendRefs: [
            backend('c1', 40),
            backend('c2', 30),
            backend('c3', 20),
            backend('c4', 10),
          ],
        },
      ],
    },
    status: {
      parents: [
        {
          parentRef: {
            group: 'gateway.networking.k8s.io',
            kind: 'Gateway',
            name: 'my-hotel',
            namespace: 'default',
            sectionName: 'http',
          },
          controllerName:
            'application-networking.k8s.aws/gateway-api-controller',
          conditions: [
            condition('Accepted', 'True', 'Accepted'),
            condition('ResolvedRefs', 'True', 'ResolvedRefs'),
          ],
        },
      ],
    },
  },
  {
    apiVersion: 'gateway.networking.k8s.io/v1',
    kind: 'GRPCRoute',
    metadata: { name: 'orders', namespace: 'shop' },
    spec: {
      parentRefs: [
        { name: 'my-hotel', namespace: 'default', sectionName: 'https' },
      ],
      rules: [
        {
          matches: [
            {
              method: {
                type: 'Exact',
                service: 'shop.Orders',
                method: 'PlaceOrder',
              },
            },
          ],
          backendRefs: [{ ...backend('c1', 100), name: 'orders-c1' }],
        },
      ],
    },
  },
  {
    apiVersion: 'gateway.networking.k8s.io/v1',
    kind: 'TLSRoute',
    metadata: { name: 'vault', namespace: 'shop' },
    spec: {
      parentRefs: [
        { name: 'my-hotel', namespace: 'default', sectionName: 'tls' },
      ],
      hostnames: ['vault.example.internal'],
      rules: [
        {
          backendRefs: [
            { kind: 'Service', name: 'vault', port: 8443, weight: 10 },
            { ...backend('c1', 90), name: 'vault-c1' },
          ],
        },
      ],
    },
  },
  {
    apiVersion: 'multicluster.x-k8s.io/v1beta1',
    kind: 'ServiceExport',
    metadata: { name: 'checkout', namespace: 'shop' },
    spec: { exportedLabels: { team: 'payments' } },
    status: {
      conditions: [
        condition('Valid', 'True', 'Valid', 'Service is valid for export'),
        condition('Ready', 'True', 'Exported', 'Service is exported'),
        condition('Conflict', 'False', 'NoConflicts', 'No conflicts'),
      ],
    },
  },
];

const httpRoute = goodSamples.find(sample => sample.kind === 'HTTPRoute')!;
const httpRule = (changes: Record<string, unknown>) => ({
  ...httpRoute,
  spec: {
    ...(httpRoute.spec as object),
    rules: [{ ...(httpRoute.spec as any).rules[0], ...changes }],
  },
});

/** Objects both the real CRDs and ours must refuse, with the field the server names. */
const badSamples: Array<{
  why: string;
  object: KubeObject;
  field: string;
  reason: string;
}> = [
  {
    why: 'routeType FOO',
    object: {
      ...goodSamples[0],
      spec: { exportedPorts: [{ port: 80, routeType: 'FOO' }] },
    },
    field: 'spec.exportedPorts[0].routeType',
    reason: 'FieldValueNotSupported',
  },
  {
    why: 'weight 1000001',
    object: httpRule({ backendRefs: [backend('c1', 1000001)] }),
    field: 'spec.rules[0].backendRefs[0].weight',
    reason: 'FieldValueInvalid',
  },
  {
    why: '17 backendRefs',
    object: httpRule({
      backendRefs: Array.from({ length: 17 }, (_, index) =>
        backend(`c${index}`, 1),
      ),
    }),
    field: 'spec.rules[0].backendRefs',
    reason: 'FieldValueTooMany',
  },
  {
    why: 'path type Foo',
    object: httpRule({ matches: [{ path: { type: 'Foo', value: '/' } }] }),
    field: 'spec.rules[0].matches[0].path.type',
    reason: 'FieldValueNotSupported',
  },
  {
    why: 'TLSRoute with two rules',
    object: {
      ...goodSamples.find(sample => sample.kind === 'TLSRoute')!,
      spec: {
        ...(goodSamples.find(sample => sample.kind === 'TLSRoute')!
          .spec as object),
        rules: [
          { backendRefs: [backend('c1', 1)] },
          { backendRefs: [backend('c2', 1)] },
        ],
      },
    },
    field: 'spec.rules',
    reason: 'FieldValueTooMany',
  },
  {
    why: 'ServiceImport without spec.type',
    object: { ...goodSamples[1], spec: { ports: [{ port: 80 }] } },
    field: 'spec.type',
    reason: 'FieldValueRequired',
  },
];

function schemaFor(crds: KubeObject[], object: KubeObject): JSONSchemaProps {
  const [group, version] = object.apiVersion.split('/');
  const type = crds
    .flatMap(resourceTypesFromCrd)
    .find(
      candidate =>
        candidate.group === group &&
        candidate.version === version &&
        candidate.kind === object.kind,
    );
  if (!type) throw new Error(`no served ${object.apiVersion} ${object.kind}`);
  return type.schema as JSONSchemaProps;
}

/** The object as a server would store it: defaulted, then pruned. */
function admitted(schema: JSONSchemaProps, object: KubeObject): KubeObject {
  const copy = structuredClone(object);
  applyDefaults(schema, copy);
  pruneUnknownFields(schema, copy);
  return copy;
}

/*
 * GKE's CRDs have no upstream copy to compare with (GKE installs them itself, and
 * ../shared/reference has none), so ours are held to what GKE documents: the
 * kinds as kubectl shows them, objects as GKE's pages show them (stored
 * unchanged, nothing documented pruned), and the fields GKE's definitions require.
 */
interface DocumentedCrd {
  served: {
    group: string;
    version: string;
    kind: string;
    plural: string;
    namespaced: boolean;
    statusSubresource: boolean;
  };
  /** Objects as the documentation shows them. */
  samples: KubeObject[];
  /** Objects the definition must refuse, at the field it names. */
  refused: Array<{
    why: string;
    object: KubeObject;
    field: string;
    reason: string;
  }>;
}

const gkeServiceImport: KubeObject = {
  apiVersion: 'net.gke.io/v1',
  kind: 'ServiceImport',
  metadata: { name: 'orders', namespace: 'shop' },
  spec: {
    type: 'ClusterSetIP',
    ips: ['10.112.31.15'],
    ports: [{ name: 'http', port: 80, protocol: 'TCP' }],
    sessionAffinity: 'None',
  },
  status: {
    clusters: [
      {
        cluster:
          'projects/123456789012/locations/us-west1/memberships/workload-1',
      },
    ],
  },
};

const documentedCrds: Record<string, DocumentedCrd> = {
  // https://cloud.google.com/kubernetes-engine/docs/how-to/multi-cluster-services
  'serviceexports.net.gke.io': {
    served: {
      group: 'net.gke.io',
      version: 'v1',
      kind: 'ServiceExport',
      plural: 'serviceexports',
      namespaced: true,
      statusSubresource: true,
    },
    samples: [
      {
        apiVersion: 'net.gke.io/v1',
        kind: 'ServiceExport',
        metadata: { name: 'orders', namespace: 'shop' },
        status: {
          conditions: [
            {
              type: 'Initialized',
              status: 'True',
              reason: 'Done',
              lastTransitionTime: '2026-08-14T10:00:00Z',
            },
            {
              type: 'Exported',
              status: 'True',
              reason: 'Done',
              lastTransitionTime: '2026-08-14T10:00:00Z',
            },
          ],
        },
      },
    ],
    refused: [],
  },
  // The same page, and GKE's CRD as generated into typed models (required fields have no `?`):
  // https://app.unpkg.com/@kubernetes-models/gke@4.6.1/files/net.gke.io/v1/ServiceImport.d.ts
  'serviceimports.net.gke.io': {
    served: {
      group: 'net.gke.io',
      version: 'v1',
      kind: 'ServiceImport',
      plural: 'serviceimports',
      namespaced: true,
      statusSubresource: true,
    },
    samples: [gkeServiceImport],
    refused: [
      {
        why: 'no spec.type',
        object: { ...gkeServiceImport, spec: { ports: [{ port: 80 }] } },
        field: 'spec.type',
        reason: 'FieldValueRequired',
      },
      {
        why: 'a port without its number',
        object: {
          ...gkeServiceImport,
          spec: { type: 'ClusterSetIP', ports: [{ name: 'http' }] },
        },
        field: 'spec.ports[0].port',
        reason: 'FieldValueRequired',
      },
      {
        why: 'a status cluster without its name',
        object: { ...gkeServiceImport, status: { clusters: [{}] } },
        field: 'status.clusters[0].cluster',
        reason: 'FieldValueRequired',
      },
    ],
  },
  // https://cloud.google.com/kubernetes-engine/docs/how-to/multi-cluster-ingress (cluster selection),
  // https://github.com/GoogleCloudPlatform/bank-of-anthos/blob/main/extras/cloudsql-multicluster/multicluster-ingress.yaml
  'multiclusterservices.networking.gke.io': {
    served: {
      group: 'networking.gke.io',
      version: 'v1',
      kind: 'MultiClusterService',
      plural: 'multiclusterservices',
      namespaced: true,
      statusSubresource: true,
    },
    samples: [
      {
        apiVersion: 'networking.gke.io/v1',
        kind: 'MultiClusterService',
        metadata: { name: 'zone-mcs', namespace: 'zoneprinter' },
        spec: {
          template: {
            spec: {
              selector: { app: 'zoneprinter' },
              ports: [
                { name: 'web', protocol: 'TCP', port: 8080, targetPort: 8080 },
              ],
            },
          },
          clusters: [
            { link: 'us-central1-b/gke-us' },
            { link: 'europe-west1-b/gke-eu' },
          ],
        },
      },
    ],
    refused: [],
  },
  // The same pages: backends name MultiClusterServices; status.VIP once the load balancer serves.
  'multiclusteringresses.networking.gke.io': {
    served: {
      group: 'networking.gke.io',
      version: 'v1',
      kind: 'MultiClusterIngress',
      plural: 'multiclusteringresses',
      namespaced: true,
      statusSubresource: true,
    },
    samples: [
      {
        apiVersion: 'networking.gke.io/v1',
        kind: 'MultiClusterIngress',
        metadata: { name: 'zone-ingress', namespace: 'zoneprinter' },
        spec: {
          template: {
            spec: {
              backend: { serviceName: 'zone-mcs', servicePort: 8080 },
              rules: [
                {
                  host: 'foo.example.com',
                  http: {
                    paths: [
                      {
                        path: '/',
                        backend: { serviceName: 'zone-mcs', servicePort: 8080 },
                      },
                    ],
                  },
                },
              ],
            },
          },
        },
        status: { VIP: '34.102.201.47' },
      },
    ],
    refused: [],
  },
};

describe('our CRDs without an upstream copy, against their documentation', () => {
  const ours = loadProjectCrds();
  const documented = Object.entries(documentedCrds);

  it.each(documented)('%s serves the documented kind', (name, crd) => {
    const definition = ours.find(candidate => candidate.metadata.name === name);
    expect(definition).toBeDefined();
    expect(
      resourceTypesFromCrd(definition!).map(
        ({ group, version, kind, plural, namespaced, statusSubresource }) => ({
          group,
          version,
          kind,
          plural,
          namespaced,
          statusSubresource,
        }),
      ),
    ).toEqual([crd.served]);
  });

  it.each(
    documented.flatMap(([name, crd]) =>
      crd.samples.map(sample => [name, sample] as const),
    ),
  )(
    '%s keeps every documented field of the documented object',
    (_name, sample) => {
      const schema = schemaFor(ours, sample);
      const stored = admitted(schema, sample);
      expect(validateObject(schema, stored)).toEqual([]);
      expect(stored).toEqual(sample);
    },
  );

  it.each(
    documented.flatMap(([name, crd]) =>
      crd.refused.map(bad => [`${name}: ${bad.why}`, bad] as const),
    ),
  )('%s is refused at the field', (_why, bad) => {
    const schema = schemaFor(ours, bad.object);
    expect(validateObject(schema, admitted(schema, bad.object))).toEqual([
      expect.objectContaining({ field: bad.field, reason: bad.reason }),
    ]);
  });
});

const referenceDir = referenceCrdsDir();
const describeWithReference = referenceDir ? describe : describe.skip;
if (!referenceDir) {
  // eslint-disable-next-line no-console
  console.log(
    'Skipping conformance with the real CRDs: ../shared/reference/crds (next to the repository) is absent',
  );
}

describeWithReference('conformance with the real CRDs', () => {
  const real = referenceDir ? loadCrdsFromDir(referenceDir) : [];
  const ours = loadProjectCrds();

  it('accepts every real CRD', () => {
    expect(real.length).toBeGreaterThan(0);
    for (const crd of real)
      expect({ name: crd.metadata.name, causes: validateCrd(crd) }).toEqual({
        name: crd.metadata.name,
        causes: [],
      });
  });

  const upstreamOf = (crd: KubeObject) =>
    real.find(candidate => candidate.metadata.name === crd.metadata.name);

  it('checks every CRD of ours without an upstream copy against its documentation instead', () => {
    expect(
      ours
        .filter(crd => !upstreamOf(crd))
        .map(crd => crd.metadata.name)
        .sort(),
    ).toEqual(Object.keys(documentedCrds).sort());
  });

  it.each(
    ours
      .filter(crd => upstreamOf(crd))
      .map(crd => [crd.metadata.name, crd] as const),
  )('%s is served like the real one', (_name, crd) => {
    const upstream = upstreamOf(crd);
    expect(upstream).toBeDefined();
    const shape = (definition: KubeObject) =>
      resourceTypesFromCrd(definition).map(
        ({ schema: _schema, ...type }) => type,
      );
    expect(shape(crd)).toEqual(shape(upstream!));
  });

  it.each(
    goodSamples.map(
      sample => [`${sample.apiVersion} ${sample.kind}`, sample] as const,
    ),
  )('%s is valid under both, and stored the same way', (_name, sample) => {
    const ourSchema = schemaFor(ours, sample);
    const realSchema = schemaFor(real, sample);
    const ourStored = admitted(ourSchema, sample);
    const realStored = admitted(realSchema, sample);
    expect(validateObject(ourSchema, ourStored)).toEqual([]);
    expect(validateObject(realSchema, realStored)).toEqual([]);
    expect(ourStored).toEqual(realStored);
  });

  it.each(
    goodSamples
      .filter(sample =>
        ['GatewayClass', 'Gateway', 'TargetGroupPolicy'].includes(sample.kind),
      )
      .map(sample => [sample.kind, sample] as const),
  )(
    'a %s status without conditions gets the same placeholders under both',
    (_kind, sample) => {
      const reset = { ...sample, status: {} };
      const stored = admitted(schemaFor(ours, reset), reset);
      expect(stored.status).toEqual(
        admitted(schemaFor(real, reset), reset).status,
      );
      expect(stored.status).toEqual({
        conditions: expect.arrayContaining([
          expect.objectContaining({ type: 'Accepted', status: 'Unknown' }),
        ]),
      });
    },
  );

  it.each(badSamples.map(sample => [sample.why, sample] as const))(
    '%s is refused by both at the same field',
    (_why, sample) => {
      const causesUnder = (crds: KubeObject[]) => {
        const schema = schemaFor(crds, sample.object);
        return validateObject(schema, admitted(schema, sample.object));
      };
      const ourCauses = causesUnder(ours);
      expect(ourCauses).toEqual([
        expect.objectContaining({ field: sample.field, reason: sample.reason }),
      ]);
      expect(causesUnder(real)).toEqual(ourCauses);
    },
  );
});
