/*
 * The "Export service" API: what the frontend, the scaffolder action and the
 * backend agree on. Requests are parsed with these schemas at the edge.
 */
import { z } from 'zod';
import type { KubeObjectManifest } from './manifests';
import { PROVIDER_IDS, ProviderId } from './providers';

/**
 * Route types the controller accepts in `spec.exportedPorts[].routeType`.
 *
 * @public
 */
export const ROUTE_TYPES = ['HTTP', 'GRPC', 'TLS'] as const;

/** @public */
export type RouteType = (typeof ROUTE_TYPES)[number];

const clusterNames = z
  .array(z.string().min(1, 'a cluster name cannot be empty'))
  .min(
    1,
    'name at least one cluster, or leave "clusters" out for every workload cluster where the Service exists',
  )
  .max(100)
  .optional();

/** Which provider writes the export; default: each cluster's first. */
const providerChoice = z
  .enum(PROVIDER_IDS as [ProviderId, ...ProviderId[]], {
    errorMap: () => ({
      message: `provider must be ${PROVIDER_IDS.map(id => `"${id}"`).join(
        ', ',
      )}`,
    }),
  })
  .optional();

/**
 * Body of `POST /entities/:namespace/:kind/:name/export`.
 *
 * @public
 */
export const exportRequestSchema = z
  .object({
    /** Workload clusters to export in; default: every workload cluster where the Service exists. */
    clusters: clusterNames,
    /** Ports and route types; default: every port of the Service, HTTP (gRPC for ports whose appProtocol or name says grpc). */
    ports: z
      .array(
        z
          .object({
            port: z.number().int().min(1).max(65535),
            routeType: z.enum(ROUTE_TYPES, {
              errorMap: () => ({
                message: `routeType must be one of ${ROUTE_TYPES.join(', ')}`,
              }),
            }),
          })
          .strict(),
      )
      .min(1)
      .max(100)
      .optional(),
    /** The provider to export with (every chosen cluster must run it); default: each cluster's first. */
    provider: providerChoice,
    /** Answer with exactly what would be applied, per cluster, and apply nothing. */
    dryRun: z.boolean().optional(),
  })
  .strict();

/** @public */
export type ExportRequest = z.infer<typeof exportRequestSchema>;

/**
 * Body of `POST /entities/:namespace/:kind/:name/unexport`.
 *
 * @public
 */
export const unexportRequestSchema = z
  .object({
    /** Workload clusters to stop exporting in; default: every cluster holding a ServiceExport of the Service. */
    clusters: clusterNames,
    /** The provider whose export to delete; default: each cluster's first. */
    provider: providerChoice,
    dryRun: z.boolean().optional(),
  })
  .strict();

/** @public */
export type UnexportRequest = z.infer<typeof unexportRequestSchema>;

/**
 * What happened in one cluster. `planned`: dry run; `applied`: written and
 * changed; `unchanged`: already as requested (nothing written changed the
 * object); `deleted` / `absent` for unexport; `failed`: see `error`.
 *
 * @public
 */
export type ClusterWriteOutcome =
  | 'planned'
  | 'applied'
  | 'unchanged'
  | 'deleted'
  | 'absent'
  | 'failed';

/** @public */
export interface ClusterWriteResult {
  cluster: string;
  outcome: ClusterWriteOutcome;
  /** The object as applied (or as it would be, for a dry run). */
  object?: KubeObjectManifest;
  /** resourceVersion after the write; equal to the one before when `unchanged`. */
  resourceVersion?: string;
  error?: string;
}

/** @public */
export interface ExportResponse {
  entityRef: string;
  service: { namespace: string; name: string };
  dryRun: boolean;
  results: ClusterWriteResult[];
  /** Things worth knowing that did not stop the export, e.g. the Lattice target-group quota getting close. */
  warnings: string[];
}
