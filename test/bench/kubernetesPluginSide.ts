/*
 * Their side: start a backend with @backstage/plugin-kubernetes-backend
 * against the same fleet and measure the custom-resource query its entity
 * page makes for the same entities, the requests each causes, and memory.
 */
import { CUSTOM_RESOURCES, kubernetesBackendConfig } from './appConfig';
import { ok } from './backendClient';
import { measureMemory, startBackend, waitForCatalog } from './backendProcess';
import { BackendFigures, BenchContext, measureViews, viewFigures } from './context';
import { median } from './stats';

export const KUBERNETES_PLUGIN_PORT = 17008;

export interface KubernetesPluginFigures extends BackendFigures {
  /** Objects a query found, median over the sample: shows the label selector matched. */
  objectsPerView: number;
  /** Cluster errors reported in the answers, over the sample. */
  clusterErrors: number;
}

/** The answer of POST /api/kubernetes/resources/custom/query, as far as the benchmark reads it. */
interface CustomResourcesAnswer {
  items: Array<{ resources: Array<{ resources: unknown[] }>; errors: unknown[] }>;
}

export async function measureKubernetesPlugin(context: BenchContext): Promise<KubernetesPluginFigures> {
  const { fleet, log } = context;
  const backend = await startBackend({
    plugin: 'kubernetes',
    port: KUBERNETES_PLUGIN_PORT,
    config: kubernetesBackendConfig(fleet.description, {
      port: KUBERNETES_PLUGIN_PORT,
      catalogFile: context.catalogFile,
    }),
    workDir: context.workDir,
    profile: context.profile,
  });
  try {
    log(`  answering after ${(backend.bootMs / 1000).toFixed(1)} s`);
    const catalogReadyMs = await waitForCatalog(backend, context.sample.length);
    log(`  catalog ready after ${(catalogReadyMs / 1000).toFixed(1)} s; measuring ${context.sample.length} page views`);
    const views = await measureViews(context, async name => {
      const response = await backend.client.post<CustomResourcesAnswer>('/api/kubernetes/resources/custom/query', {
        entityRef: `component:default/${name}`,
        auth: {},
        customResources: CUSTOM_RESOURCES,
      });
      ok(response, `custom resources of ${name}`);
      return response;
    });
    const figures = await viewFigures(context, views);
    const objects = views.map(({ body }) =>
      body.items.reduce((sum, cluster) => sum + cluster.resources.reduce((n, r) => n + r.resources.length, 0), 0),
    );
    return {
      bootMs: backend.bootMs,
      ...figures,
      objectsPerView: median(objects),
      clusterErrors: views.reduce((sum, { body }) => sum + body.items.reduce((n, c) => n + c.errors.length, 0), 0),
      memory: await measureMemory(backend),
    };
  } finally {
    await backend.process.stop();
  }
}
