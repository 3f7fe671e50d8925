import {
  FleetBuilder,
  condition,
  gateway,
  latticeExport,
  mcsExport,
  minutesAgo,
  pinnedImport,
  route,
} from './__fixtures__/fleet';
import { composeFleetOverview } from './composeFleetOverview';

function fleetWithEverything(): FleetBuilder {
  const fleet = new FleetBuilder();
  fleet.lattice.serviceNetwork('payments', 3);
  const config = fleet.config();
  config.add(
    gateway('gateways', 'payments'),
    gateway('gateways', 'orders', [
      condition(
        'Programmed',
        'False',
        'Pending',
        'VPC Lattice Service Network not found',
      ),
    ]),
    pinnedImport('shop', 'checkout', 'east'),
    pinnedImport('shop', 'cart', 'east'),
    route('HTTPRoute', 'shop', 'checkout', {
      backends: [{ name: 'checkout-east' }],
      conditions: [condition('Accepted', 'True', 'Accepted')],
    }),
    route('GRPCRoute', 'shop', 'cart', {
      backends: [{ name: 'cart-east' }],
      conditions: [condition('Accepted', 'False', 'NotAllowedByListeners')],
    }),
    route('HTTPRoute', 'shop', 'new', { backends: [{ name: 'new-east' }] }),
  );
  fleet
    .workload('east')
    .add(
      latticeExport('shop', 'checkout'),
      latticeExport('shop', 'cart'),
      latticeExport('shop', 'legacy', { federated: false }),
    );
  const west = fleet.workload('west', 'mcs');
  west.add(mcsExport('shop', 'checkout', []));
  west.sync.events = {
    state: 'unreachable',
    reason: 'connect ETIMEDOUT',
    lastSuccess: minutesAgo(7),
  };
  return fleet;
}

describe('composeFleetOverview', () => {
  it('lists each cluster with its role, its sync state per source and what it holds', () => {
    const overview = composeFleetOverview(fleetWithEverything().build());

    expect(overview.clusters.map(c => [c.name, c.role, c.exportApi])).toEqual([
      ['config', 'config', 'aws'],
      ['east', 'workload', 'aws'],
      ['west', 'workload', 'mcs'],
    ]);
    const [config, east, west] = overview.clusters;
    expect(config.imports).toBe(2);
    expect(config.routes).toEqual({
      total: 3,
      accepted: 1,
      notAccepted: 1,
      pending: 1,
    });
    expect(east.exports).toEqual({ federated: 2, ignored: 1, mcs: 0 });
    expect(west.exports).toEqual({ federated: 0, ignored: 0, mcs: 1 });
    expect(west.sync).toEqual({
      state: 'unreachable',
      reason: 'connect ETIMEDOUT',
      lastSuccess: minutesAgo(7),
    });
    expect(
      west.sources.find(source => source.source === 'events'),
    ).toMatchObject({
      state: 'unreachable',
    });
    expect(east.sync.state).toBe('synced');
  });

  it('shows service networks with their Gateways, Programmed state and VPC count', () => {
    const overview = composeFleetOverview(fleetWithEverything().build());

    expect(overview.serviceNetworks).toEqual([
      {
        name: 'orders',
        inLattice: false,
        gateways: [
          expect.objectContaining({
            name: 'orders',
            programmed: 'False',
            reason: 'Pending',
            message: 'VPC Lattice Service Network not found',
          }),
        ],
      },
      expect.objectContaining({
        name: 'payments',
        inLattice: true,
        vpcCount: 3,
        gateways: [
          expect.objectContaining({
            cluster: 'config',
            namespace: 'gateways',
            programmed: 'True',
          }),
        ],
      }),
    ]);
  });

  it("lists each Gateway's listeners with their attached routes and the route kinds each takes", () => {
    const fleet = new FleetBuilder();
    const webOnly = gateway('gateways', 'web');
    webOnly.spec!.listeners = [
      { name: 'web', protocol: 'HTTP', port: 8080, hostname: '*.example.com' },
      {
        name: 'tls',
        protocol: 'TLS',
        port: 8443,
        tls: { mode: 'Passthrough' },
      },
      {
        name: 'vault',
        protocol: 'TLS',
        port: 9443,
        tls: { mode: 'Terminate' },
      },
    ];
    webOnly.status!.listeners = [];
    fleet.config().add(gateway('gateways', 'payments'), webOnly);

    const overview = composeFleetOverview(fleet.build());

    expect(
      overview.serviceNetworks.map(network => [
        network.name,
        network.gateways[0].listeners,
      ]),
    ).toEqual([
      [
        'payments',
        [
          {
            name: 'http',
            protocol: 'HTTP',
            port: 80,
            attachedRoutes: 1,
            supportsGrpc: false,
            routeKinds: ['HTTPRoute'],
          },
          {
            name: 'https',
            protocol: 'HTTPS',
            port: 443,
            attachedRoutes: 0,
            supportsGrpc: true,
            routeKinds: ['HTTPRoute', 'GRPCRoute'],
          },
        ],
      ],
      [
        'web',
        [
          {
            name: 'web',
            protocol: 'HTTP',
            port: 8080,
            hostname: '*.example.com',
            supportsGrpc: false,
            routeKinds: ['HTTPRoute'],
          },
          {
            name: 'tls',
            protocol: 'TLS',
            port: 8443,
            tlsMode: 'Passthrough',
            supportsGrpc: false,
            routeKinds: ['TLSRoute'],
          },
          {
            name: 'vault',
            protocol: 'TLS',
            port: 9443,
            tlsMode: 'Terminate',
            supportsGrpc: false,
            routeKinds: [],
          },
        ],
      ],
    ]);
  });

  it('adds the counts up across the fleet', () => {
    const overview = composeFleetOverview(fleetWithEverything().build());

    expect(overview.totals).toEqual({
      exports: { federated: 2, ignored: 1, mcs: 1 },
      imports: 2,
      routes: { total: 3, accepted: 1, notAccepted: 1, pending: 1 },
    });
  });

  it('does not claim a network is missing while Lattice has not been read', () => {
    const fleet = fleetWithEverything();
    fleet.lattice.sync = { state: 'pending' };

    const overview = composeFleetOverview(fleet.build());

    expect(overview.lattice.sync.state).toBe('pending');
    expect(
      overview.serviceNetworks.find(n => n.name === 'orders')?.inLattice,
    ).toBeUndefined();
  });
});
