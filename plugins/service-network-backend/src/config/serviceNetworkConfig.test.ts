import { ConfigReader } from '@backstage/config';
import type { JsonObject } from '@backstage/types';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { readServiceNetworkConfig } from './serviceNetworkConfig';

const lattice = { region: 'us-west-2', accountId: '123456789012' };
const workload = {
  name: 'workload-1',
  role: 'workload',
  url: 'https://workload-1.example.com',
  serviceAccountToken: 'token-1',
};

function read(section: JsonObject | undefined) {
  return readServiceNetworkConfig(
    new ConfigReader(section === undefined ? {} : { serviceNetwork: section }),
  );
}

describe('readServiceNetworkConfig', () => {
  it('reads a valid section, with defaults for what is left out', () => {
    const reading = read({
      clusters: [
        { name: 'config', role: 'config' },
        {
          ...workload,
          url: 'https://workload-1.example.com/',
          serviceExportApi: 'mcs',
        },
        {
          name: 'eks',
          role: 'workload',
          url: 'https://eks.example.com',
          authProvider: 'aws',
          authMetadata: {
            'kubernetes.io/aws-assume-role': 'arn:aws:iam::1:role/sn',
          },
        },
      ],
      lattice,
    });
    expect(reading.problems).toEqual([]);
    expect(reading.warnings).toEqual([]);
    expect(reading.config?.clusters).toEqual([
      {
        name: 'config',
        title: 'config',
        role: 'config',
        providers: [{ id: 'aws-gateway-controller' }],
        key: 'serviceNetwork.clusters[0]',
      },
      {
        name: 'workload-1',
        title: 'workload-1',
        role: 'workload',
        providers: [{ id: 'mcs', implementation: 'generic' }],
        key: 'serviceNetwork.clusters[1]',
        connection: {
          url: 'https://workload-1.example.com',
          auth: { provider: 'serviceAccount', token: 'token-1' },
          caData: undefined,
          skipTLSVerify: false,
        },
      },
      expect.objectContaining({
        name: 'eks',
        connection: expect.objectContaining({
          auth: {
            provider: 'aws',
            clusterId: 'eks',
            assumeRole: 'arn:aws:iam::1:role/sn',
            externalId: undefined,
          },
        }),
      }),
    ]);
    expect(reading.config).toMatchObject({
      lattice: { callBudgetPerMinute: 600, targetGroupQuota: 500 },
      latticeIntervalMs: 30_000,
      routeRequests: {
        approvers: ['group:default/platform-team'],
        expireAfterMs: 72 * 3_600_000,
      },
      routeRequestDecisionActions: false,
    });
    expect(read({ clusters: [workload], lattice, actions: { routeRequestDecisions: true } }).config?.routeRequestDecisionActions).toBe(true);
    expect(read({ clusters: [workload], lattice, actions: { routeRequestDecisions: 'yes' } }).problems).toEqual([
      'serviceNetwork.actions.routeRequestDecisions must be true or false, got "yes"',
    ]);
  });

  it('names a missing section', () => {
    expect(read(undefined).problems).toEqual([
      'serviceNetwork is missing from app-config: add the section with the clusters and the VPC Lattice account (see the README)',
    ]);
  });

  it('reads the providers of each cluster, several per cluster, with the MCS implementation', () => {
    const reading = read({
      clusters: [
        {
          ...workload,
          providers: [
            'aws-gateway-controller',
            { name: 'mcs', implementation: 'cilium' },
          ],
        },
        { name: 'w2', role: 'workload', providers: ['mcs'] },
      ],
      lattice,
    });
    expect(reading.problems).toEqual([]);
    expect(reading.config?.clusters.map(c => c.providers)).toEqual([
      [
        { id: 'aws-gateway-controller' },
        { id: 'mcs', implementation: 'cilium' },
      ],
      [{ id: 'mcs', implementation: 'generic' }],
    ]);
  });

  it('names each wrong provider entry by its key', () => {
    const reading = read({
      clusters: [
        {
          name: 'w1',
          role: 'workload',
          providers: [
            'istio-ish',
            { name: 'aws-gateway-controller', implementation: 'cilium' },
          ],
        },
        {
          name: 'w2',
          role: 'workload',
          providers: [{ name: 'mcs', implementation: 'linkerd' }, 'mcs'],
        },
        { name: 'w3', role: 'workload', providers: [] },
        {
          name: 'w4',
          role: 'workload',
          providers: ['mcs'],
          serviceExportApi: 'mcs',
        },
      ],
      lattice,
    });
    expect(reading.problems).toEqual([
      'serviceNetwork.clusters[0].providers[0]: the provider must be "aws-gateway-controller", "mcs", "gke-mcs", "cilium-clustermesh", "linkerd" or "istio", got "istio-ish"',
      'serviceNetwork.clusters[0].providers[1].implementation applies to the mcs provider only; aws-gateway-controller has none',
      'serviceNetwork.clusters[1].providers[0].implementation must be "submariner-lighthouse", "cilium", "cloud-map" or "generic", got "linkerd"',
      'serviceNetwork.clusters[2].providers must be a non-empty list of providers ("aws-gateway-controller", "mcs", "gke-mcs", "cilium-clustermesh", "linkerd" or "istio")',
      'serviceNetwork.clusters[3] sets both providers and serviceExportApi: keep providers (serviceExportApi: mcs is providers: [mcs])',
    ]);
  });

  it('collects every problem of a wrong section, each with its key and what it got', () => {
    const reading = read({
      clusters: [
        { ...workload, role: 'worker' },
        { name: 'Bad Name!', role: 'workload', url: 'ftp://x' },
        {
          name: 'oidc',
          role: 'workload',
          url: 'https://x',
          authProvider: 'oidc',
        },
        { name: 'w', role: 'workload', serviceExportApi: 'gke' },
        'workload-9',
      ],
      lattice: { accountId: 123456789012, callBudgetPerMinute: -1 },
      refresh: { latticeIntervalSeconds: 'often' },
      routeRequests: { approvers: ['platform team'], allowSelfApproval: 'yes' },
    });
    expect(reading.config).toBeUndefined();
    expect(reading.problems).toEqual([
      'serviceNetwork.lattice.region is missing',
      "serviceNetwork.lattice.accountId must be a string (quote it, e.g. '123456789012'), got 123456789012",
      'serviceNetwork.lattice.callBudgetPerMinute must be a positive number, got -1',
      'serviceNetwork.refresh.latticeIntervalSeconds must be a number, got "often"',
      'serviceNetwork.routeRequests.allowSelfApproval must be true or false, got "yes"',
      'serviceNetwork.clusters[0].role must be "config" or "workload", got "worker"',
      "serviceNetwork.clusters[1].name must be letters, digits, '-', '_' or '.', starting and ending with a letter or digit, got \"Bad Name!\"",
      'serviceNetwork.clusters[1].url must be an http(s) URL, got "ftp://x"',
      'serviceNetwork.clusters[2].authProvider must be "serviceAccount" or "aws" (clusters with other auth providers come from the Kubernetes plugin: give only name and role), got "oidc"',
      'serviceNetwork.clusters[3].serviceExportApi must be "aws" or "mcs", got "gke"',
      'serviceNetwork.clusters[4] must be an object, got "workload-9"',
    ]);
  });

  it('names clusters used twice, a second config cluster, and connection settings without a url', () => {
    const reading = read({
      clusters: [
        { name: 'config', role: 'config' },
        { name: 'config-2', role: 'config' },
        workload,
        { ...workload, title: 'again' },
        { name: 'named', role: 'workload', serviceAccountToken: 'secret' },
      ],
      lattice,
    });
    expect(reading.problems).toEqual([
      `serviceNetwork.clusters[4] sets serviceAccountToken but no url: give the url too, or leave them out to use the Kubernetes plugin's cluster "named"`,
      'serviceNetwork.clusters[3].name "workload-1" is already used by serviceNetwork.clusters[2]',
      'serviceNetwork.clusters: only one cluster can have the role "config", got serviceNetwork.clusters[0] and serviceNetwork.clusters[1]',
    ]);
  });

  it('quotes no secret it was given in the wrong shape', () => {
    const reading = read({
      clusters: [{ ...workload, serviceAccountToken: 123456, caData: true }],
      lattice,
    });
    expect(reading.problems).toEqual([
      'serviceNetwork.clusters[0].serviceAccountToken must be a string, got a number',
      'serviceNetwork.clusters[0].caData must be a string, got a boolean',
    ]);
  });

  it('names a CA file it cannot read and entries that give both caData and caFile', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sn-config-'));
    const caFile = path.join(dir, 'ca.crt');
    fs.writeFileSync(caFile, 'PEM');
    const reading = read({
      clusters: [
        { ...workload, caFile: path.join(dir, 'missing.crt') },
        { ...workload, name: 'both', caFile, caData: 'UEVN' },
        { ...workload, name: 'good', caFile },
      ],
      lattice,
    });
    expect(reading.problems).toEqual([
      expect.stringMatching(
        /^serviceNetwork\.clusters\[0\]\.caFile cannot be read \(.+missing\.crt\): ENOENT/,
      ),
      'serviceNetwork.clusters[1] sets both caData and caFile: keep one',
    ]);
    fs.rmSync(dir, { recursive: true });
  });

  it('names approvers that are not entity refs', () => {
    expect(
      read({
        clusters: [workload],
        lattice,
        routeRequests: { approvers: ['group:default/ok', ''] },
      }).problems,
    ).toEqual([
      expect.stringMatching(
        /^serviceNetwork\.routeRequests\.approvers\[1\] must be an entity ref such as group:default\/platform-team, got "":/,
      ),
    ]);
  });

  it('warns of keys it does not know (a typo would otherwise go unnoticed) without refusing the section', () => {
    const reading = read({
      clusters: [{ ...workload, serviceAcountToken: 'x' }],
      lattice: { ...lattice, regoin: 'eu-west-1' },
      refesh: {},
    });
    expect(reading.problems).toEqual([]);
    expect(reading.warnings).toEqual([
      'serviceNetwork.refesh is not a Service Network setting and is ignored',
      'serviceNetwork.lattice.regoin is not a Service Network setting and is ignored',
      'serviceNetwork.clusters[0].serviceAcountToken is not a Service Network setting and is ignored',
    ]);
  });
});
