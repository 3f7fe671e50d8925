/*
 * Which version of a provider's export kind each cluster serves, asked
 * with a one-item list per version, preferred first. A served version is
 * remembered; "not served" and failures are not, so a cluster that gets the
 * kind installed, or comes back, is asked again.
 */
import type { KindDescriptor } from '@service-network/backstage-plugin-service-network-common';
import { toClusterRequestError } from '../clusters/errors';
import type { ClusterClient } from '../clusters/types';
import type { VersionLookup } from './preflight';

export interface VersionQuestion {
  cluster: string;
  /** The same kind in several versions, preferred first. */
  kinds: readonly KindDescriptor[];
}

export class ServedVersions {
  private readonly known = new Map<string, string>();

  constructor(private readonly clientOf: (cluster: string) => ClusterClient) {}

  async lookup(
    questions: readonly VersionQuestion[],
  ): Promise<Map<string, VersionLookup>> {
    return new Map(
      await Promise.all(
        questions.map(
          async question =>
            [question.cluster, await this.lookupOne(question)] as const,
        ),
      ),
    );
  }

  private async lookupOne({
    cluster,
    kinds,
  }: VersionQuestion): Promise<VersionLookup> {
    const key = `${cluster}/${kinds[0].group}/${kinds[0].plural}`;
    const remembered = this.known.get(key);
    if (remembered) return { version: remembered };
    const client = this.clientOf(cluster);
    try {
      for (const kind of kinds) {
        if (await serves(client, kind)) {
          this.known.set(key, kind.version);
          return { version: kind.version };
        }
      }
      return { notServed: true };
    } catch (error) {
      return { error: toClusterRequestError(error).reason };
    }
  }
}

async function serves(
  client: ClusterClient,
  kind: KindDescriptor,
): Promise<boolean> {
  try {
    await client.list(kind, { limit: 1 });
    return true;
  } catch (error) {
    if (toClusterRequestError(error).statusCode === 404) return false;
    throw error;
  }
}
