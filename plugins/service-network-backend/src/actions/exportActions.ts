/*
 * Exporting a service and stopping it, as the REST API does it (the same
 * service call, so the same permission check, dry run first and audit),
 * except that an assistant gets a dry run unless it asks for the write.
 */
import {
  ExportResponse,
  exportRequestSchema,
  ROUTE_TYPES,
  unexportRequestSchema,
} from '@service-network/backstage-plugin-service-network-common';
import { parseWith } from '../service/parseWith';
import {
  ActionsContext,
  callerOf,
  entityRefField,
  entityRefOf,
  servicesOf,
  Zod,
} from './context';

const clustersField = (zod: Zod, what: string) =>
  zod
    .array(zod.string())
    .optional()
    .describe(
      `Workload cluster names (see get-fleet-overview); default: ${what}`,
    );

const dryRunField = (zod: Zod) =>
  zod
    .boolean()
    .default(true)
    .describe(
      'true (the default): answer with exactly what would change, per cluster, and write nothing. Set false only when the user has seen the dry run and asked for the change.',
    );

const exportOutput = (zod: Zod) =>
  zod.object({
    entityRef: zod.string(),
    service: zod.string().describe('The Kubernetes Service, namespace/name'),
    dryRun: zod.boolean(),
    message: zod
      .string()
      .describe('What happened, in one sentence, and what to do next'),
    results: zod.array(
      zod.object({
        cluster: zod.string(),
        outcome: zod
          .string()
          .describe(
            'planned (dry run), applied, unchanged, deleted, absent (nothing to delete) or failed',
          ),
        error: zod.string().optional(),
        object: zod
          .record(zod.string(), zod.unknown())
          .optional()
          .describe('The ServiceExport as applied, or as it would be'),
      }),
    ),
    warnings: zod.array(zod.string()),
  });

function describeOutcome(response: ExportResponse, verb: string): string {
  const failed = response.results.filter(r => r.outcome === 'failed');
  if (response.dryRun) {
    return `Dry run: nothing was written. Show the user the change per cluster; to ${verb} for real, call again with the same input and dryRun: false.`;
  }
  if (failed.length) {
    return `Failed in ${failed
      .map(f => f.cluster)
      .join(
        ', ',
      )} (see each error); the other clusters were written. Calling again with the same input finishes the job.`;
  }
  return `Done in ${response.results
    .map(r => `${r.cluster} (${r.outcome})`)
    .join(
      ', ',
    )}. get-service-network-status shows the controller picking it up.`;
}

function compactExport(response: ExportResponse, verb: string) {
  return {
    entityRef: response.entityRef,
    service: `${response.service.namespace}/${response.service.name}`,
    dryRun: response.dryRun,
    message: describeOutcome(response, verb),
    results: response.results.map(r => ({
      cluster: r.cluster,
      outcome: r.outcome,
      error: r.error,
      object: r.object && { ...r.object },
    })),
    warnings: response.warnings,
  };
}

export function registerExportActions(context: ActionsContext) {
  context.registry.register({
    name: 'export-service',
    title: 'Export a service to VPC Lattice',
    description: [
      'Exports a service (a catalog entity) from its workload clusters to VPC Lattice by applying a ServiceExport in each, so that routes in other clusters can reach it.',
      'It is a dry run unless dryRun is false: first call it as a dry run, show the user the objects per cluster, and only after they agree call it again with dryRun: false.',
      'The caller needs the service.export permission on the entity (usually: they own it). Every cluster is dry-run by its API server first; nothing is written when one refuses.',
      'Example input: {"entityRef": "component:default/checkout", "clusters": ["workload-1"], "dryRun": true}.',
    ].join(' '),
    attributes: { destructive: false, idempotent: true },
    schema: {
      input: zod =>
        zod.object({
          entityRef: entityRefField(zod),
          clusters: clustersField(
            zod,
            'every workload cluster where the Service exists',
          ),
          ports: zod
            .array(
              zod.object({
                port: zod.number().int().describe('A port of the Service'),
                routeType: zod
                  .enum(ROUTE_TYPES)
                  .describe('How routes reach it: HTTP, GRPC or TLS'),
              }),
            )
            .optional()
            .describe(
              'Ports to export; default: every port of the Service, HTTP (GRPC for ports named or declared gRPC)',
            ),
          dryRun: dryRunField(zod),
        }),
      output: exportOutput,
    },
    action: async ({ input, credentials }) => {
      const { service } = servicesOf(context);
      const { entityRef, ...body } = input;
      const request = parseWith(exportRequestSchema, body, 'input');
      const response = await service.exportService(
        entityRefOf(entityRef),
        request,
        callerOf(credentials),
      );
      return { output: compactExport(response, 'export') };
    },
  });

  context.registry.register({
    name: 'unexport-service',
    title: 'Stop exporting a service',
    description: [
      'Stops exporting a service (a catalog entity) to VPC Lattice by deleting its ServiceExports; routes that send traffic to it through those clusters stop reaching it.',
      'It is a dry run unless dryRun is false: first call it as a dry run, tell the user what would be deleted, and only after they agree call it again with dryRun: false.',
      'The caller needs the service.export permission on the entity.',
      'Example input: {"entityRef": "component:default/checkout", "clusters": ["workload-2"]}.',
    ].join(' '),
    attributes: { destructive: true, idempotent: true },
    schema: {
      input: zod =>
        zod.object({
          entityRef: entityRefField(zod),
          clusters: clustersField(
            zod,
            'every cluster holding a ServiceExport of the Service',
          ),
          dryRun: dryRunField(zod),
        }),
      output: exportOutput,
    },
    action: async ({ input, credentials }) => {
      const { service } = servicesOf(context);
      const { entityRef, ...body } = input;
      const request = parseWith(unexportRequestSchema, body, 'input');
      const response = await service.unexportService(
        entityRefOf(entityRef),
        request,
        callerOf(credentials),
      );
      return { output: compactExport(response, 'stop exporting') };
    },
  });
}
