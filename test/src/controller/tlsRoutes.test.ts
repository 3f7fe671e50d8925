/*
 * TLS passthrough as the controller's guide (docs/guides/tls-passthrough.md)
 * sets it up across clusters: a Gateway listener `tls` with mode Passthrough,
 * a TLSRoute weighting a local Service against a ServiceImport of an export
 * with routeType TLS.
 */
import {
  endpointSlice,
  gateway,
  gatewayClass,
  pinnedServiceImport,
  service,
  serviceExport,
  tlsRoute,
} from '../fleet/objects';
import { KubeObject } from '../kube/types';
import { Condition } from './conditions';
import { RESOURCES } from './constants';
import { TAG_KEYS } from './naming';
import { createTestWorld, eventsAbout, TestWorld } from './testWorld';

const NS = 'shop';
const TLS_PORT = { name: 'https', port: 443, targetPort: 8443 };
const HOSTNAME = 'tls-rate.my-test.com';

let world: TestWorld;

const configStore = () => world.cluster('config').store;
const getRoute = (name: string) =>
  configStore().get(RESOURCES.tlsRoutes, NS, name);

function conditions(route: KubeObject | undefined): Record<string, string> {
  const parents =
    (route?.status as { parents?: Array<{ conditions: Condition[] }> })
      ?.parents ?? [];
  return Object.fromEntries(
    (parents[0]?.conditions ?? []).map(c => [
      c.type,
      `${c.status}/${c.reason}`,
    ]),
  );
}

function rateRoute(section = 'tls'): KubeObject {
  return tlsRoute(
    NS,
    'tls-rate',
    { gateway: 'network', namespace: 'default', section },
    HOSTNAME,
    [
      { kind: 'Service', name: 'tls-rate1', port: 443, weight: 10 },
      { kind: 'ServiceImport', name: 'tls-rate2', weight: 90 },
    ],
  );
}

beforeEach(() => {
  world = createTestWorld(['config', 'workload-1']);
  world.lattice.createServiceNetwork({ name: 'network' });
  world.apply(
    'config',
    gatewayClass(),
    gateway('default', 'network', true, { tlsPassthrough: true }),
    // tls-rate1 runs beside the route (the guide's cluster-1) ...
    service(NS, 'tls-rate1', '172.20.0.21', [TLS_PORT], { selector: false }),
    endpointSlice(
      NS,
      'tls-rate1',
      [{ ip: '10.0.9.1', ready: true }],
      [TLS_PORT],
    ),
    pinnedServiceImport(NS, 'tls-rate2', 'tls-rate2', 'workload-1'),
  );
  // ... and tls-rate2 is exported from the guide's cluster-2 with routeType TLS.
  world.apply(
    'workload-1',
    service(NS, 'tls-rate2', '172.20.1.22', [TLS_PORT], { selector: false }),
    endpointSlice(
      NS,
      'tls-rate2',
      [{ ip: '10.1.9.1', ready: true }],
      [TLS_PORT],
    ),
    serviceExport(NS, 'tls-rate2', {
      federated: true,
      ports: [{ port: 443, routeType: 'TLS' }],
    }),
  );
});

afterEach(() => world.stop());

describe('TLS passthrough', () => {
  it('builds a TLS_PASSTHROUGH listener that forwards to TCP target groups by weight', async () => {
    world.apply('config', rateRoute());
    await world.settle();

    const route = getRoute('tls-rate');
    expect(conditions(route)).toEqual({
      Accepted: 'True/Accepted',
      ResolvedRefs: 'True/ResolvedRefs',
    });
    expect(route?.metadata.finalizers).toEqual(['tlsroute.k8s.aws/resources']);
    const svc = world.lattice.findServiceByName('tls-rate-shop')!;
    expect(svc.customDomainName).toBe(HOSTNAME);
    expect(route?.metadata.annotations).toMatchObject({
      'application-networking.k8s.aws/lattice-assigned-domain-name':
        svc.dnsEntry.domainName,
      'application-networking.k8s.aws/lattice-service-arn': svc.arn,
    });
    expect(world.lattice.tagsOf(svc.arn)[TAG_KEYS.routeType]).toBe('tls');

    const [listener] = world.lattice.listListeners(svc.id);
    expect(listener).toMatchObject({
      name: 'tls-rate-shop-8443-tls',
      protocol: 'TLS_PASSTHROUGH',
      port: 8443,
    });
    expect(
      world.lattice.listRules(svc.id, listener.id).filter(r => !r.isDefault),
    ).toEqual([]);
    const forwarded = listener.defaultAction.forward!.targetGroups.map(
      ({ targetGroupIdentifier, weight }) => {
        const tg = world.lattice.getTargetGroup(targetGroupIdentifier);
        const tags = world.lattice.tagsOf(tg.arn);
        return {
          source: `${tags[TAG_KEYS.sourceType]} ${tags[TAG_KEYS.clusterName]}/${
            tags[TAG_KEYS.serviceName]
          }`,
          protocol: tg.config.protocol,
          protocolVersion: tags[TAG_KEYS.protocolVersion],
          weight,
        };
      },
    );
    expect(forwarded).toEqual([
      {
        source: 'TLSRoute config/tls-rate1',
        protocol: 'TCP',
        protocolVersion: '',
        weight: 10,
      },
      {
        source: 'ServiceExport workload-1/tls-rate2',
        protocol: 'TCP',
        protocolVersion: '',
        weight: 90,
      },
    ]);

    const gatewayStatus = configStore().get(
      RESOURCES.gateways,
      'default',
      'network',
    )?.status as {
      listeners: Array<{
        name: string;
        attachedRoutes: number;
        supportedKinds: Array<{ kind: string }>;
      }>;
    };
    expect(gatewayStatus.listeners.find(l => l.name === 'tls')).toMatchObject({
      attachedRoutes: 1,
      supportedKinds: [expect.objectContaining({ kind: 'TLSRoute' })],
    });
  });

  it('follows a weight change in the default action, and cleans up on delete', async () => {
    world.apply('config', rateRoute());
    await world.settle();
    const changed = rateRoute();
    (changed.spec as any).rules[0].backendRefs[0].weight = 50;
    world.apply('config', changed);
    await world.settle();

    const svc = world.lattice.findServiceByName('tls-rate-shop')!;
    const [listener] = world.lattice.listListeners(svc.id);
    expect(
      listener.defaultAction.forward!.targetGroups.map(g => g.weight),
    ).toEqual([50, 90]);

    world.remove('config', RESOURCES.tlsRoutes, NS, 'tls-rate');
    await world.settle();
    expect(getRoute('tls-rate')).toBeUndefined();
    expect(world.lattice.findServiceByName('tls-rate-shop')).toBeUndefined();
    // The route's own target group goes; the export's stays with its export.
    const sources = world.lattice
      .listTargetGroups()
      .filter(tg => tg.status !== 'DELETE_IN_PROGRESS')
      .map(tg => world.lattice.tagsOf(tg.arn)[TAG_KEYS.sourceType]);
    expect(sources).toEqual(['ServiceExport']);
  });

  it('takes TLSRoutes only on the TLS listener, and HTTPRoutes not there', async () => {
    world.apply('config', rateRoute('https'));
    world.apply('config', {
      apiVersion: 'gateway.networking.k8s.io/v1',
      kind: 'HTTPRoute',
      metadata: { name: 'web', namespace: NS },
      spec: {
        parentRefs: [
          { name: 'network', namespace: 'default', sectionName: 'tls' },
        ],
        rules: [{ backendRefs: [{ name: 'tls-rate1', port: 443 }] }],
      },
    });
    await world.settle();

    expect(conditions(getRoute('tls-rate')).Accepted).toBe(
      'False/NotAllowedByListeners',
    );
    expect(
      conditions(configStore().get(RESOURCES.httpRoutes, NS, 'web')).Accepted,
    ).toBe('False/NotAllowedByListeners');
    expect(world.lattice.listServices()).toEqual([]);
  });

  it('hands Lattice a TLS listener that terminates as it is, and Lattice refuses it', async () => {
    const terminating = gateway('default', 'network', true, {
      tlsPassthrough: true,
    });
    (terminating.spec as any).listeners[2].tls = {
      mode: 'Terminate',
      options: {
        'application-networking.k8s.aws/certificate-arn':
          'arn:aws:acm:us-west-2:123456789012:certificate/1',
      },
    };
    world.apply('config', terminating, rateRoute());
    await world.settle();

    expect(
      eventsAbout(configStore(), {
        kind: 'TLSRoute',
        name: 'tls-rate',
        namespace: NS,
      }),
    ).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          type: 'Warning',
          reason: 'FailedDeployModel',
          message: expect.stringContaining("Value 'TLS' at 'protocol'"),
        }),
      ]),
    );
    const svc = world.lattice.findServiceByName('tls-rate-shop')!;
    expect(world.lattice.listListeners(svc.id)).toEqual([]);
  });
});
