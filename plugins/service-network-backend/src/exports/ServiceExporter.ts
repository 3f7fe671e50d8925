/*
 * Exports and unexports a Service: plans from the inventory (nothing is
 * written unless every chosen cluster passes preflight), asks every chosen
 * cluster to dry-run its write (nothing is written unless all of them pass,
 * and a refusal answers the API server's own message), then writes each
 * cluster's export with server-side apply, or deletes it (or, for an
 * export that is our field of the Service, applies without it), and
 * reports per cluster what really happened. A dry-run request stops after
 * the clusters' dry runs.
 */
import type { LoggerService } from '@backstage/backend-plugin-api';
import type {
  ProviderId,
  ClusterWriteResult,
  ExportRequest,
  ExportResponse,
  ServiceRef,
  UnexportRequest,
} from '@service-network/backstage-plugin-service-network-common';
import type { ClusterRegistry } from '../clusters/ClusterRegistry';
import { dryRunWrites, refusalError } from '../clusters/dryRun';
import { toClusterRequestError } from '../clusters/errors';
import type { ClusterClient } from '../clusters/types';
import type { Inventory } from '../inventory/inventory';
import type { ClusterInventory, KubeObject } from '../inventory/snapshot';
import { ClusterWrite, hasService, planExport } from './planExport';
import { isExportedIn, planUnexport, UnexportStep } from './planUnexport';
import { exportingProvider, needsVersionLookup, preflightError, selectClusters } from './preflight';
import { ServedVersions } from './servedVersions';
import { isReadOnly } from '../providers/types';

/** The entity being exported and the Service it maps to. */
export interface ExportTarget {
  entityRef: string;
  service: ServiceRef;
}

export interface ServiceExporter {
  /**
   * @throws InputError or ConflictError when preflight fails; ClusterRefusedError (422),
   *   ConflictError or ServiceUnavailableError when a cluster's dry run does not pass; having written nothing.
   */
  export(target: ExportTarget, request: ExportRequest): Promise<ExportResponse>;
  /** @throws as export, having deleted nothing. */
  unexport(target: ExportTarget, request: UnexportRequest): Promise<ExportResponse>;
}

export interface ServiceExporterOptions {
  clusters: Pick<ClusterRegistry, 'get'>;
  inventory: Pick<Inventory, 'snapshot'>;
  targetGroups: {
    /** `serviceNetwork.lattice.targetGroupQuota`. */
    quota: number;
    region: string;
    /** Target groups the Lattice inventory knows of in the region. */
    inUse(): number;
  };
  logger: LoggerService;
}

const failed = (write: ClusterWrite, error: unknown): ClusterWriteResult => ({
  cluster: write.cluster,
  outcome: 'failed',
  object: write.object,
  error: toClusterRequestError(error).reason,
});

export class DefaultServiceExporter implements ServiceExporter {
  static create(options: ServiceExporterOptions): ServiceExporter {
    return new DefaultServiceExporter(options);
  }

  private readonly servedVersions: ServedVersions;

  private constructor(private readonly options: ServiceExporterOptions) {
    this.servedVersions = new ServedVersions(cluster => this.clientOf(cluster));
  }

  async export(target: ExportTarget, request: ExportRequest): Promise<ExportResponse> {
    const { service } = target;
    const snapshot = this.options.inventory.snapshot();
    const selection = selectClusters(snapshot, request.clusters, hasService(service));
    const { quota, region, inUse } = this.options.targetGroups;
    const plan = planExport({
      service,
      request,
      selection,
      servedVersions: await this.lookUpVersions(selection.clusters, request.provider),
      lattice: snapshot.lattice,
      quota: { limit: quota, inUse: inUse(), region },
    });
    if (plan.problems.length) throw preflightError(plan.problems, 'Nothing was exported');
    await this.askFirst(plan.writes, 'Nothing was exported');
    const results = request.dryRun
      ? plan.writes.map(write => ({ cluster: write.cluster, outcome: 'planned' as const, object: write.object }))
      : await Promise.all(plan.writes.map(write => this.apply(write)));
    return this.respond('Export', target, request, results, plan.warnings);
  }

  async unexport(target: ExportTarget, request: UnexportRequest): Promise<ExportResponse> {
    const { service } = target;
    const selection = selectClusters(
      this.options.inventory.snapshot(),
      request.clusters,
      isExportedIn(service, request.provider),
    );
    const plan = planUnexport({
      service,
      requestedClusters: request.clusters,
      provider: request.provider,
      selection,
      servedVersions: await this.lookUpVersions(selection.clusters, request.provider),
    });
    if (plan.problems.length) throw preflightError(plan.problems, 'Nothing was unexported');
    await this.askFirst(
      plan.steps.flatMap(step => (step.action === 'none' ? [] : [{ ...step, deletes: step.action === 'delete' }])),
      'Nothing was unexported',
    );
    const results = await Promise.all(
      plan.steps.map(step => (request.dryRun ? previewDelete(step) : this.delete(step))),
    );
    return this.respond('Unexport', target, request, results, plan.warnings);
  }

  /** Every write as a dry run first: one the API server refuses stops them all. */
  private async askFirst(
    writes: ReadonlyArray<ClusterWrite & { deletes?: boolean }>,
    nothingDone: string,
  ): Promise<void> {
    const refusals = await dryRunWrites(
      writes.map(write => ({
        cluster: write.cluster,
        client: this.clientOf(write.cluster),
        object: write.object as KubeObject,
        fieldManager: write.fieldManager,
        ...(write.deletes ? { deleteKind: write.kind } : {}),
      })),
    );
    if (refusals.length) throw refusalError(refusals, nothingDone);
  }

  /** Selected clusters passed the reachability check, so no dead cluster holds the request up. */
  private lookUpVersions(clusters: readonly ClusterInventory[], provider?: ProviderId) {
    return this.servedVersions.lookup(
      clusters.flatMap(c => {
        const writer = exportingProvider(c, provider)?.writer;
        return writer && !isReadOnly(writer) && needsVersionLookup(c, provider)
          ? [{ cluster: c.cluster.name, kinds: writer.exportKinds }]
          : [];
      }),
    );
  }

  /** `unchanged` when the apply left the resourceVersion where it was: the object already was as requested. */
  private async apply(write: ClusterWrite): Promise<ClusterWriteResult> {
    const client = this.clientOf(write.cluster);
    try {
      const before = await client.get(write.kind, write.object.metadata);
      const applied = await client.apply(write.object as KubeObject, {
        fieldManager: write.fieldManager,
      });
      const resourceVersion = applied.metadata.resourceVersion;
      return {
        cluster: write.cluster,
        outcome: before?.metadata.resourceVersion === resourceVersion ? 'unchanged' : 'applied',
        object: write.object,
        resourceVersion,
      };
    } catch (error) {
      return failed(write, error);
    }
  }

  private async delete(step: UnexportStep): Promise<ClusterWriteResult> {
    if (step.action === 'none') return { cluster: step.cluster, outcome: 'absent' };
    if (step.action === 'release') return this.release(step);
    try {
      const deleted = await this.clientOf(step.cluster).delete(step.kind, step.object.metadata);
      return { cluster: step.cluster, outcome: deleted ? 'deleted' : 'absent', object: step.object };
    } catch (error) {
      return failed(step, error);
    }
  }

  /** Our field manager gives up its field: `deleted` when that changed the object (the field was ours), else `absent`. */
  private async release(write: ClusterWrite): Promise<ClusterWriteResult> {
    const applied = await this.apply(write);
    if (applied.outcome === 'failed') return applied;
    return { ...applied, outcome: applied.outcome === 'applied' ? 'deleted' : 'absent' };
  }

  private respond(
    action: 'Export' | 'Unexport',
    target: ExportTarget,
    request: ExportRequest | UnexportRequest,
    results: ClusterWriteResult[],
    warnings: string[],
  ): ExportResponse {
    const dryRun = request.dryRun ?? false;
    if (!dryRun) {
      const failures = results.filter(r => r.outcome === 'failed');
      this.options.logger[failures.length ? 'warn' : 'info'](
        `${action} of ${target.service.namespace}/${target.service.name}`,
        {
          entityRef: target.entityRef,
          results: results.map(r => `${r.cluster}: ${r.outcome}${r.error ? ` (${r.error})` : ''}`).join(', '),
        },
      );
    }
    return { entityRef: target.entityRef, service: target.service, dryRun, results, warnings };
  }

  private clientOf(cluster: string): ClusterClient {
    const registered = this.options.clusters.get(cluster);
    if (!registered) throw new Error(`No client for cluster ${cluster}`);
    return registered.client;
  }
}

function previewDelete(step: UnexportStep): ClusterWriteResult {
  return step.action !== 'none' && step.known
    ? { cluster: step.cluster, outcome: 'planned', object: step.object }
    : { cluster: step.cluster, outcome: 'absent' };
}
