/*
 * The VPC Lattice client, with credentials for the configured account from
 * the `aws` config section.
 */
import { VPCLatticeClient } from '@aws-sdk/client-vpc-lattice';
import type { AwsCredentialsManager } from '@backstage/integration-aws-node';
import type { LatticeConfig } from '../config/serviceNetworkConfig';

const DEFAULT_REQUEST_TIMEOUT_MS = 10_000;
export const LOGGER_MIDDLEWARE = 'loggerMiddleware';

export async function createLatticeClient(
  config: LatticeConfig,
  credentialsManager: AwsCredentialsManager,
  requestTimeoutMs: number = DEFAULT_REQUEST_TIMEOUT_MS,
): Promise<VPCLatticeClient> {
  const { sdkCredentialProvider } =
    await credentialsManager.getCredentialProvider(
      config.accountId ? { accountId: config.accountId } : {},
    );
  const client = new VPCLatticeClient({
    region: config.region,
    endpoint: config.endpoint,
    credentials: sdkCredentialProvider,
    // SDK retries would spend the call budget unseen; the inventory backs off on its own.
    maxAttempts: 1,
    requestHandler: {
      requestTimeout: requestTimeoutMs,
      connectionTimeout: requestTimeoutMs,
    },
  });
  // It deep-copies every response through its sensitive-data filter, even
  // for the no-op logger: a quarter of the SDK's time per call in a profile
  // at fleet scale. The inventory reports failures itself.
  client.middlewareStack.remove(LOGGER_MIDDLEWARE);
  return client;
}
