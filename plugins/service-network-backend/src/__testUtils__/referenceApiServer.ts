/*
 * For the planners' property tests: an in-process simulated API server with
 * the real upstream CRDs (../shared/reference/crds) installed, their CEL
 * rules enforced, that judges objects with a server-side-apply dry run.
 * Absent without the reference folder; CI has it and requires it.
 */
import {
  createObjectStore,
  CRD_RESOURCE,
  isKubeApiError,
  loadCrdsFromDir,
  referenceCrdsDir,
} from '@service-network/simulated-fleet';
import type { KubeObjectManifest } from '@service-network/backstage-plugin-service-network-common';
import { FIELD_MANAGER } from '../clusters/types';

export interface ReferenceApiServer {
  /** The API server's message when it refuses the object, undefined when a dry-run apply passes. */
  refusal(object: KubeObjectManifest): string | undefined;
}

export function referenceApiServer(): ReferenceApiServer | undefined {
  const dir = referenceCrdsDir();
  if (!dir) {
    if (process.env.CI)
      throw new Error(
        'CI runs the property tests against ../shared/reference/crds, which is missing',
      );
    return undefined;
  }
  const store = createObjectStore();
  for (const crd of loadCrdsFromDir(dir)) store.create(CRD_RESOURCE, crd);
  return {
    refusal(object) {
      const type = store.resourceTypeForKind(object.apiVersion, object.kind);
      if (!type)
        return `${object.apiVersion} ${object.kind} is not served by the real CRDs`;
      try {
        store.apply(
          { group: type.group, plural: type.plural },
          object as never,
          {
            fieldManager: FIELD_MANAGER,
            dryRun: true,
          },
        );
        return undefined;
      } catch (error) {
        if (isKubeApiError(error)) return error.status.message;
        throw error;
      }
    },
  };
}
