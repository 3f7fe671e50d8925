/*
 * Counts of the requests a simulated cluster received, by verb and resource:
 * how benchmarks and tests prove that a page view caused no Kubernetes API call.
 */

/** Kubernetes verbs, plus `discovery` (/api, /apis, /version) and `other` (health checks, unknown paths). */
export type RequestVerb =
  | 'get'
  | 'list'
  | 'watch'
  | 'create'
  | 'update'
  | 'patch'
  | 'delete'
  | 'deletecollection'
  | 'discovery'
  | 'other';

export interface RequestCounts {
  total: number;
  /** Writes with dryRun=All: counted here, not by verb or resource, since they change nothing. */
  dryRuns: number;
  byVerb: Partial<Record<RequestVerb, number>>;
  /** Keyed by resource as messages name it (`services`, `serviceexports.application-networking.k8s.aws`, `services/status`). */
  byResource: Record<string, Partial<Record<RequestVerb, number>>>;
}

/** One write that stored something (not a dry run, not refused): who wrote which object, when. */
export interface WriteRecord {
  at: string;
  verb: RequestVerb;
  resource: string;
  namespace?: string;
  /** Absent for a create, whose name is in the body. */
  name?: string;
  user: string;
}

/** Enough for a fault run's writes; the oldest go first beyond it. */
const MAX_WRITES = 50_000;

export class RequestLog {
  private counts: RequestCounts = this.empty();
  private journal: WriteRecord[] = [];

  record(verb: RequestVerb, resource?: string, dryRun = false): void {
    const counts = this.counts;
    counts.total += 1;
    if (dryRun) {
      counts.dryRuns += 1;
      return;
    }
    counts.byVerb[verb] = (counts.byVerb[verb] ?? 0) + 1;
    if (resource) {
      const forResource = (counts.byResource[resource] ??= {});
      forResource[verb] = (forResource[verb] ?? 0) + 1;
    }
  }

  get total(): number {
    return this.counts.total;
  }

  /** Dry-run writes since the last reset. */
  get dryRuns(): number {
    return this.counts.dryRuns;
  }

  /** Requests with this verb (and resource, when given) since the last reset; dry runs are not among them. */
  count(verb: RequestVerb, resource?: string): number {
    return (
      (resource
        ? this.counts.byResource[resource]?.[verb]
        : this.counts.byVerb[verb]) ?? 0
    );
  }

  /** Records a write the server stored, so a checker can count writes per object. */
  recordWrite(write: Omit<WriteRecord, 'at'>): void {
    if (this.journal.length >= MAX_WRITES) this.journal.shift();
    this.journal.push({ at: new Date().toISOString(), ...write });
  }

  /** Stored writes since the last reset, oldest first. */
  writes(): WriteRecord[] {
    return [...this.journal];
  }

  snapshot(): RequestCounts {
    return JSON.parse(JSON.stringify(this.counts));
  }

  reset(): void {
    this.counts = this.empty();
    this.journal = [];
  }

  private empty(): RequestCounts {
    return { total: 0, dryRuns: 0, byVerb: {}, byResource: {} };
  }
}
