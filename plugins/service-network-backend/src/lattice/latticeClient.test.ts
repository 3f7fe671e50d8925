import { ListServiceNetworksCommand } from '@aws-sdk/client-vpc-lattice';
import {
  configFor,
  credentialsFor,
  Fleet,
  startDemoFleet,
} from '../inventory/__testUtils__/fleet';
import { createLatticeClient, LOGGER_MIDDLEWARE } from './latticeClient';

let fleet: Fleet;

beforeAll(async () => {
  fleet = await startDemoFleet();
});

afterAll(() => fleet.close());

describe('createLatticeClient', () => {
  it('calls VPC Lattice without copying every answer for a log nobody reads', async () => {
    const client = await createLatticeClient(
      configFor(fleet).lattice,
      credentialsFor(fleet),
    );
    expect(client.middlewareStack.identify().join('\n')).not.toContain(
      LOGGER_MIDDLEWARE,
    );
    const { items } = await client.send(new ListServiceNetworksCommand({}));
    expect(items?.length).toBeGreaterThan(0);
  });
});
