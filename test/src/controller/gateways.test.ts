import { gateway, gatewayClass, httpRoute } from '../fleet/objects';
import { KubeObject } from '../kube/types';
import { Condition } from './conditions';
import { RESOURCES } from './constants';
import { createTestWorld, TestWorld } from './testWorld';

let world: TestWorld;

beforeEach(() => {
  world = createTestWorld(['config']);
  world.apply('config', gatewayClass());
});

afterEach(() => world.stop());

const store = () => world.cluster('config').store;

function conditions(
  object: KubeObject | undefined,
): Record<string, Partial<Condition>> {
  const list =
    (object?.status as { conditions?: Condition[] })?.conditions ?? [];
  return Object.fromEntries(
    list.map(({ type, status, reason, message }) => [
      type,
      { status, reason, message },
    ]),
  );
}

describe('GatewayClass and Gateway', () => {
  it('accepts the amazon-vpc-lattice GatewayClass', async () => {
    await world.settle();
    const accepted = conditions(
      store().get(RESOURCES.gatewayClasses, undefined, 'amazon-vpc-lattice'),
    ).Accepted;
    expect(accepted).toMatchObject({ status: 'True', reason: 'Accepted' });
  });

  it('programs a Gateway whose service network exists', async () => {
    const network = world.lattice.createServiceNetwork({ name: 'my-hotel' });
    world.apply('config', gateway('default', 'my-hotel'));
    await world.settle();

    const gw = store().get(RESOURCES.gateways, 'default', 'my-hotel');
    expect(conditions(gw)).toMatchObject({
      Accepted: {
        status: 'True',
        reason: 'Accepted',
        message: 'application-networking.k8s.aws/gateway-api-controller',
      },
      Programmed: {
        status: 'True',
        reason: 'Programmed',
        message: `aws-service-network-arn: ${network.arn}`,
      },
    });
    expect(gw?.metadata.finalizers).toEqual(['gateway.k8s.aws/resources']);
  });

  it('keeps a Gateway pending until its service network appears', async () => {
    world.apply('config', gateway('default', 'my-hotel'));
    await world.settle();
    expect(
      conditions(store().get(RESOURCES.gateways, 'default', 'my-hotel'))
        .Programmed,
    ).toEqual({
      status: 'False',
      reason: 'Pending',
      message: 'VPC Lattice Service Network not found',
    });

    world.lattice.createServiceNetwork({ name: 'my-hotel' });
    await world.settle();
    expect(
      conditions(store().get(RESOURCES.gateways, 'default', 'my-hotel'))
        .Programmed,
    ).toMatchObject({ status: 'True' });
  });

  it('leaves Gateways of other classes alone', async () => {
    world.apply('config', {
      ...gateway('default', 'envoy'),
      spec: {
        gatewayClassName: 'envoy',
        listeners: [{ name: 'http', protocol: 'HTTP', port: 80 }],
      },
    });
    await world.settle();
    const gw = store().get(RESOURCES.gateways, 'default', 'envoy');
    expect(gw?.metadata.finalizers).toBeUndefined();
    expect(conditions(gw).Programmed?.status).not.toBe('True');
  });

  it('holds a Gateway being deleted until no route references it', async () => {
    world.lattice.createServiceNetwork({ name: 'my-hotel' });
    world.apply(
      'config',
      gateway('default', 'my-hotel'),
      httpRoute(
        'default',
        'inventory',
        [{ gateway: 'my-hotel', section: 'http' }],
        [],
      ),
    );
    await world.settle();

    world.remove('config', RESOURCES.gateways, 'default', 'my-hotel');
    await world.settle();
    expect(
      store().get(RESOURCES.gateways, 'default', 'my-hotel')?.metadata
        .deletionTimestamp,
    ).toBeDefined();

    world.remove('config', RESOURCES.httpRoutes, 'default', 'inventory');
    await world.settle();
    expect(
      store().get(RESOURCES.gateways, 'default', 'my-hotel'),
    ).toBeUndefined();
    expect(world.lattice.listServices()).toEqual([]);
  });
});
