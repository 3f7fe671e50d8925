/*
 * For tests of what happens when the config cluster's rules change under a
 * request: its HTTPRoute CRD gains one more CEL rule on spec for a while.
 */
import type { ObjectStore } from '@service-network/simulated-fleet';

const CRDS = {
  group: 'apiextensions.k8s.io',
  plural: 'customresourcedefinitions',
};
const HTTP_ROUTES_CRD = 'httproutes.gateway.networking.k8s.io';

interface CrdVersions {
  spec: {
    versions: Array<{
      schema: {
        openAPIV3Schema: { properties: { spec: Record<string, unknown> } };
      };
    }>;
  };
}

/** Runs `check` while every version of the HTTPRoute CRD in `store` carries the rule; restores the CRD after. */
export async function withStricterRoutes(
  store: ObjectStore,
  rule: { rule: string; message: string },
  check: () => Promise<void>,
): Promise<void> {
  const original = store.get(CRDS, undefined, HTTP_ROUTES_CRD)!;
  const stricter = structuredClone(original) as typeof original & CrdVersions;
  for (const version of stricter.spec.versions) {
    const spec = version.schema.openAPIV3Schema.properties.spec;
    spec['x-kubernetes-validations'] = [
      ...((spec['x-kubernetes-validations'] as unknown[]) ?? []),
      rule,
    ];
  }
  store.update(CRDS, stricter);
  try {
    await check();
  } finally {
    store.update(CRDS, {
      ...original,
      metadata: store.get(CRDS, undefined, HTTP_ROUTES_CRD)!.metadata,
    });
  }
}
