import { parseEntityRef, stringifyEntityRef } from '@backstage/catalog-model';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import type { JsonObject } from '@backstage/types';
import {
  ClusterWriteOutcome,
  ClusterWriteResult,
  ExportRequest,
  ExportResponse,
  PROVIDER_IDS,
  ProviderId,
  ROUTE_TYPES,
} from '@service-network/backstage-plugin-service-network-common';
import {
  BackendAnswer,
  chosen,
  failureMessage,
  once,
  parseServiceRef,
  postAsInitiator,
  SERVICE_REF_HELP,
  ServiceNetworkBackendDeps,
} from './serviceNetworkBackend';

const CLUSTER_OUTCOMES = [
  'planned',
  'applied',
  'unchanged',
  'deleted',
  'absent',
  'failed',
] as const satisfies readonly ClusterWriteOutcome[];

const OUTCOME_LOG: Record<ClusterWriteOutcome, string> = {
  planned: 'would be applied',
  applied: 'applied',
  unchanged: 'already as requested, unchanged',
  deleted: 'deleted',
  absent: 'absent',
  failed: 'failed',
};

/** The backend answers plain JSON, which is what a checkpoint stores. */
type ExportAnswer = ExportResponse & JsonObject;

const EXAMPLE = `steps:
  - id: export
    name: Export the service
    action: service-network:export
    input:
      entityRef: component:default/orders
      clusters: [workload-1]
      ports:
        - port: 8080
          routeType: HTTP`;

/** What went wrong, in the backend's words, with the clusters that failed when only some did. */
function describeExportFailure(
  entityRef: string,
  answer: BackendAnswer,
): string {
  const results: ClusterWriteResult[] | undefined = answer.body?.results;
  const failed = results?.filter(result => result.outcome === 'failed') ?? [];
  if (results && failed.length > 0) {
    const succeeded = results.filter(result => result.outcome !== 'failed');
    const failures = failed
      .map(result => `${result.cluster}: ${result.error ?? 'no reason given'}`)
      .join('; ');
    const done = succeeded.length
      ? ` (done in ${succeeded.map(result => result.cluster).join(', ')})`
      : '';
    return `Exporting ${entityRef} failed in ${failed.length} of ${results.length} clusters${done}: ${failures}`;
  }
  return failureMessage(`Exporting ${entityRef}`, answer);
}

/**
 * `service-network:export`: exports a catalog service to VPC Lattice by
 * asking the Service Network backend, as the user who runs the template, to
 * apply a ServiceExport in the chosen workload clusters.
 *
 * @public
 */
export function createServiceNetworkExportAction(
  deps: ServiceNetworkBackendDeps,
) {
  return createTemplateAction({
    id: 'service-network:export',
    description:
      'Exports a service to VPC Lattice: applies a federated ServiceExport in the chosen workload clusters through the Service Network backend, as the user who runs the template.',
    supportsDryRun: true,
    examples: [
      {
        description: 'Export a service on port 8080 from one cluster',
        example: EXAMPLE,
      },
    ],
    schema: {
      input: {
        entityRef: z => z.string().min(1).describe(SERVICE_REF_HELP.input),
        clusters: z =>
          z
            .array(z.string().min(1))
            .optional()
            .describe(
              'Workload clusters to export from; default: every workload cluster where the Service exists',
            ),
        ports: z =>
          z
            .array(
              z.object({
                port: z.number().int().min(1).max(65535),
                routeType: z.enum(ROUTE_TYPES),
              }),
            )
            .optional()
            .describe(
              'Ports and route types to export; default: every port of the Service',
            ),
        provider: z =>
          z
            .enum(PROVIDER_IDS as [ProviderId, ...ProviderId[]])
            .optional()
            .describe(
              "The provider to export with: aws-gateway-controller (a federated application-networking.k8s.aws ServiceExport), mcs (a multicluster.x-k8s.io ServiceExport), gke-mcs (a net.gke.io ServiceExport), cilium-clustermesh (the service.cilium.io/global annotation on the Service) or linkerd (the mirror.linkerd.io/exported label on the Service); default: each cluster's first provider",
            ),
      },
      output: {
        entityRef: z => z.string().describe(SERVICE_REF_HELP.output),
        clusters: z =>
          z
            .array(z.string())
            .describe(
              'Clusters where the ServiceExport is in place (or would be, in a dry run)',
            ),
        objects: z =>
          z
            .array(
              z.object({
                apiVersion: z.string(),
                kind: z.string(),
                metadata: z.object({
                  name: z.string(),
                  namespace: z.string().optional(),
                  labels: z.record(z.string()).optional(),
                  annotations: z.record(z.string()).optional(),
                }),
                spec: z.record(z.unknown()).optional(),
              }),
            )
            .describe('The ServiceExport manifests applied (or that would be)'),
        results: z =>
          z
            .array(
              z.object({
                cluster: z.string(),
                outcome: z.enum(CLUSTER_OUTCOMES),
                resourceVersion: z.string().optional(),
                error: z.string().optional(),
              }),
            )
            .describe(
              'What happened in each cluster (manifests are in objects)',
            ),
      },
    },

    async handler(ctx) {
      const service = parseServiceRef(ctx.input.entityRef);
      const entityRef = stringifyEntityRef(service);
      const { kind, namespace, name } = parseEntityRef(entityRef);
      const request: ExportRequest = {
        clusters: chosen(ctx.input.clusters),
        ports: chosen(ctx.input.ports),
        ...(ctx.input.provider ? { provider: ctx.input.provider } : {}),
      };

      const send = async (dryRun: boolean): Promise<ExportAnswer> => {
        const path = [namespace, kind, name].map(encodeURIComponent).join('/');
        const answer = await postAsInitiator(
          deps,
          ctx,
          `/entities/${path}/export`,
          { ...request, dryRun },
        );
        if (!answer.ok) {
          throw new Error(describeExportFailure(entityRef, answer));
        }
        return answer.body;
      };

      ctx.logger.info(
        `${ctx.isDryRun ? 'Dry run: planning' : 'Exporting'} ${entityRef} in ${
          request.clusters?.join(', ') ??
          'every workload cluster where its Service exists'
        }`,
      );
      const answer = ctx.isDryRun
        ? await send(true)
        : await once(ctx, {
            // The step id already scopes the key; the inputs tell exports within one step apart.
            key: `export ${entityRef} ${JSON.stringify(request)}`,
            fn: () => send(false),
            recovered: () =>
              `${entityRef} was exported by an earlier attempt of this task; not asking again`,
          });

      for (const result of answer.results) {
        const object = result.object?.metadata;
        const what = object
          ? `ServiceExport ${object.namespace}/${object.name}`
          : 'ServiceExport';
        ctx.logger.info(
          `${result.cluster}: ${what} ${OUTCOME_LOG[result.outcome]}`,
        );
      }
      for (const warning of answer.warnings) ctx.logger.warn(warning);

      const inPlace = answer.results.filter(
        result => result.outcome !== 'failed',
      );
      ctx.output('entityRef', entityRef);
      ctx.output(
        'clusters',
        inPlace.map(result => result.cluster),
      );
      ctx.output(
        'objects',
        inPlace.flatMap(result => (result.object ? [result.object] : [])),
      );
      ctx.output(
        'results',
        answer.results.map(({ object: _object, ...result }) => result),
      );
    },
  });
}
