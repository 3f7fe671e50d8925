/*
 * Which upstream MCS ServiceExport version each cluster serves, asked with a
 * one-item list per version, preferred first. A served version is
 * remembered; "not served" and failures are not, so a cluster that gets
 * the MCS API installed, or comes back, is asked again.
 */
import { KINDS } from '@service-network/backstage-plugin-service-network-common';
import { toClusterRequestError } from '../clusters/errors';
import type { ClusterClient } from '../clusters/types';
import type { McsVersionLookup } from './preflight';
import { MCS_VERSIONS, McsVersion } from './serviceExportManifest';

export class ServedMcsVersions {
  private readonly known = new Map<string, McsVersion>();

  constructor(private readonly clientOf: (cluster: string) => ClusterClient) {}

  async lookup(clusters: readonly string[]): Promise<Map<string, McsVersionLookup>> {
    return new Map(
      await Promise.all(
        clusters.map(async cluster => [cluster, await this.lookupOne(cluster)] as const),
      ),
    );
  }

  private async lookupOne(cluster: string): Promise<McsVersionLookup> {
    const remembered = this.known.get(cluster);
    if (remembered) return { version: remembered };
    const client = this.clientOf(cluster);
    try {
      for (const version of MCS_VERSIONS) {
        if (await serves(client, version)) {
          this.known.set(cluster, version);
          return { version };
        }
      }
      return { notServed: true };
    } catch (error) {
      return { error: toClusterRequestError(error).reason };
    }
  }
}

async function serves(client: ClusterClient, version: McsVersion): Promise<boolean> {
  try {
    await client.list({ ...KINDS.mcsServiceExport, version }, { limit: 1 });
    return true;
  } catch (error) {
    if (toClusterRequestError(error).statusCode === 404) return false;
    throw error;
  }
}
