/*
 * A simulated Lattice account on an ephemeral port, and real SDK clients for it.
 */
import { VPCLatticeClient, VPCLatticeClientConfig } from '@aws-sdk/client-vpc-lattice';
import { LatticeApiServer, startLatticeApi } from '../server';
import { createLatticeState } from '../state';
import { LatticeState } from '../types';

export const ACCOUNT_ID = '123456789012';
export const REGION = 'us-west-2';
export const CREDENTIALS = { accessKeyId: 'AKIALATTICETESTKEY01', secretAccessKey: 'lattice-test-secret-key' };

export interface LatticeTestbed {
  server: LatticeApiServer;
  state: LatticeState;
  /** A client as the product would build one; overrides for retries, clock or credentials. */
  client(overrides?: Partial<VPCLatticeClientConfig>): VPCLatticeClient;
  close(): Promise<void>;
}

export async function startLatticeTestbed(): Promise<LatticeTestbed> {
  const state = createLatticeState({ accountId: ACCOUNT_ID, region: REGION });
  const server = await startLatticeApi({ state, credentials: [CREDENTIALS] });
  const clients: VPCLatticeClient[] = [];
  return {
    server,
    state,
    client(overrides = {}) {
      const client = new VPCLatticeClient({
        endpoint: server.url,
        region: REGION,
        credentials: CREDENTIALS,
        ...overrides,
      });
      clients.push(client);
      return client;
    },
    async close() {
      clients.forEach(c => c.destroy());
      await server.close();
    },
  };
}

/** A plain target group config in one VPC, as the controller creates for an HTTP export. */
export function httpTargetGroupConfig(vpcIdentifier = 'vpc-0123456789abcdef0', port = 8080) {
  return { port, protocol: 'HTTP' as const, protocolVersion: 'HTTP1' as const, ipAddressType: 'IPV4' as const, vpcIdentifier };
}
