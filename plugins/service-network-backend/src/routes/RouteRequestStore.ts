/*
 * Route requests in the plugin's database. Every state change is a
 * conditional update (the row must still be in the state, plan version and
 * attempt the caller read), so of several replicas acting on one request at
 * once exactly one wins. The same SQL runs on SQLite and PostgreSQL: times
 * and JSON are text, and booleans are normalised on the way out.
 */
import {
  DatabaseService,
  isDatabaseConflictError,
  resolvePackagePath,
} from '@backstage/backend-plugin-api';
import { ConflictError } from '@backstage/errors';
import {
  isOpenRouteRequestState,
  RouteRequest,
  RouteRequestState,
} from '@service-network/backstage-plugin-service-network-common';
import type { Knex } from 'knex';

const TABLE = 'route_requests';

const migrationsDir = resolvePackagePath(
  '@service-network/backstage-plugin-service-network-backend',
  'migrations',
);

interface RouteRequestRow {
  id: string;
  state: RouteRequestState;
  open_key: string | null;
  entity_ref: string;
  service_namespace: string;
  service_name: string;
  route_kind: string;
  route_namespace: string;
  route_name: string;
  spec: string;
  plan: string;
  plan_version: number;
  plan_diff: string | null;
  requested_by: string;
  created_at: string;
  updated_at: string;
  expires_at: string;
  decided_by: string | null;
  decided_at: string | null;
  decision_comment: string | null;
  attempts: number;
  last_error: string | null;
  retryable: boolean | number;
  apply_results: string | null;
  applied_at: string | null;
  dns_name: string | null;
  live_at: string | null;
}

/** Fields a state change may set; `null` clears an optional one. */
export interface RouteRequestChanges {
  state?: RouteRequestState;
  updatedAt: string;
  plan?: RouteRequest['plan'];
  planVersion?: number;
  planDiff?: RouteRequest['planDiff'] | null;
  expiresAt?: string;
  decidedBy?: string | null;
  decidedAt?: string | null;
  decisionComment?: string | null;
  attempts?: number;
  lastError?: string | null;
  retryable?: boolean;
  applyResults?: RouteRequest['applyResults'] | null;
  appliedAt?: string;
  dnsName?: string;
  liveAt?: string;
}

/** What the row must still look like for a change to apply. */
export interface RouteRequestCondition {
  state: RouteRequestState;
  planVersion?: number;
  attempts?: number;
  /** The DNS name has not been recorded yet. */
  notLive?: boolean;
}

export interface RouteRequestFilter {
  states?: readonly RouteRequestState[];
  entityRef?: string;
  requestedBy?: string;
  /** Still pending past this time (ISO-8601). */
  expiresBefore?: string;
  /** Unchanged since before this time (ISO-8601). */
  updatedBefore?: string;
  notLive?: boolean;
  /** Newest first; default 100. */
  limit?: number;
}

/** `<route namespace>/<route name>`: what at most one open request may hold. */
export function openKeyOf(request: Pick<RouteRequest, 'route'>): string {
  return `${request.route.namespace}/${request.route.name}`;
}

function json<T>(text: string | null): T | undefined {
  return text === null ? undefined : (JSON.parse(text) as T);
}

function optional<T>(value: T | null): T | undefined {
  return value === null ? undefined : value;
}

function fromRow(row: RouteRequestRow): RouteRequest {
  return {
    id: row.id,
    state: row.state,
    entityRef: row.entity_ref,
    service: { namespace: row.service_namespace, name: row.service_name },
    spec: JSON.parse(row.spec),
    route: {
      kind: row.route_kind as RouteRequest['route']['kind'],
      namespace: row.route_namespace,
      name: row.route_name,
    },
    plan: JSON.parse(row.plan),
    planVersion: Number(row.plan_version),
    planDiff: json(row.plan_diff),
    requestedBy: row.requested_by,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    expiresAt: row.expires_at,
    decidedBy: optional(row.decided_by),
    decidedAt: optional(row.decided_at),
    decisionComment: optional(row.decision_comment),
    attempts: Number(row.attempts),
    lastError: optional(row.last_error),
    // SQLite answers 0/1, PostgreSQL a boolean.
    retryable: Boolean(row.retryable),
    applyResults: json(row.apply_results),
    appliedAt: optional(row.applied_at),
    dnsName: optional(row.dns_name),
    liveAt: optional(row.live_at),
  };
}

function jsonOrNull(value: unknown): string | null {
  return value === null ? null : JSON.stringify(value);
}

/** Column values for the fields present in `changes`. */
function changedColumns(
  changes: RouteRequestChanges,
): Partial<RouteRequestRow> {
  const columns: Partial<RouteRequestRow> = { updated_at: changes.updatedAt };
  const set = <K extends keyof RouteRequestRow>(
    column: K,
    value: RouteRequestRow[K] | undefined,
  ) => {
    if (value !== undefined) columns[column] = value;
  };
  if (changes.state) {
    set('state', changes.state);
    if (!isOpenRouteRequestState(changes.state)) set('open_key', null);
  }
  set('plan', changes.plan && JSON.stringify(changes.plan));
  set('plan_version', changes.planVersion);
  set(
    'plan_diff',
    changes.planDiff === undefined ? undefined : jsonOrNull(changes.planDiff),
  );
  set('expires_at', changes.expiresAt);
  set('decided_by', changes.decidedBy);
  set('decided_at', changes.decidedAt);
  set('decision_comment', changes.decisionComment);
  set('attempts', changes.attempts);
  set('last_error', changes.lastError);
  set('retryable', changes.retryable);
  set(
    'apply_results',
    changes.applyResults === undefined
      ? undefined
      : jsonOrNull(changes.applyResults),
  );
  set('applied_at', changes.appliedAt);
  set('dns_name', changes.dnsName);
  set('live_at', changes.liveAt);
  return columns;
}

/** PostgreSQL's duplicate_table and unique_violation: a table created meanwhile by another replica. */
const CREATED_MEANWHILE = new Set(['42P07', '23505']);
/** SQLite's words for the same. */
const CREATED_MEANWHILE_MESSAGE = /table `?\w+`? already exists/;
const MIGRATION_ATTEMPTS = 20;
const MIGRATION_RETRY_MS = 500;

/** The error of a replica that lost the race to migrate: knex's lock is held, or its tables were just created. */
function lostMigrationRace(error: unknown): boolean {
  const { name, code, message } = (error ?? {}) as {
    name?: string;
    code?: string;
    message?: string;
  };
  return (
    name === 'MigrationLocked' ||
    CREATED_MEANWHILE.has(code ?? '') ||
    CREATED_MEANWHILE_MESSAGE.test(message ?? '')
  );
}

/** Any bigint shared by our replicas: the PostgreSQL advisory lock they take turns on. */
const MIGRATION_LOCK_KEY = 7_020_517_360;

/**
 * knex inserts its lock row without a lock: two replicas migrating a fresh
 * PostgreSQL database at once can both insert one, and with two rows every
 * later migration fails with "Migration table is already locked", restarts
 * included. An advisory lock held for the whole migration makes them take turns.
 */
async function latestInTurn(client: Knex): Promise<void> {
  if (client.client.dialect !== 'postgresql') {
    await client.migrate.latest({ directory: migrationsDir });
    return;
  }
  await client.transaction(async trx => {
    await trx.raw('SELECT pg_advisory_xact_lock(?)', [MIGRATION_LOCK_KEY]);
    await client.migrate.latest({ directory: migrationsDir });
  });
}

/**
 * Replicas that start together all run the migrations: knex creates its own
 * tables without a lock and refuses at once while another holds the
 * migration lock. The losers try again until the winner is done, and then
 * find nothing left to do.
 */
async function migrate(client: Knex): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      await latestInTurn(client);
      return;
    } catch (error) {
      if (!lostMigrationRace(error) || attempt === MIGRATION_ATTEMPTS)
        throw error;
      await new Promise(resolve => setTimeout(resolve, MIGRATION_RETRY_MS));
    }
  }
}

export class RouteRequestStore {
  static async create(options: {
    database: DatabaseService;
  }): Promise<RouteRequestStore> {
    const client = await options.database.getClient();
    if (!options.database.migrations?.skip) await migrate(client);
    return new RouteRequestStore(client);
  }

  private constructor(private readonly db: Knex) {}

  /** @throws ConflictError when another open request holds the same route. */
  async insert(request: RouteRequest): Promise<void> {
    const row: RouteRequestRow = {
      id: request.id,
      state: request.state,
      open_key: isOpenRouteRequestState(request.state)
        ? openKeyOf(request)
        : null,
      entity_ref: request.entityRef,
      service_namespace: request.service.namespace,
      service_name: request.service.name,
      route_kind: request.route.kind,
      route_namespace: request.route.namespace,
      route_name: request.route.name,
      spec: JSON.stringify(request.spec),
      plan: JSON.stringify(request.plan),
      plan_version: request.planVersion,
      plan_diff: request.planDiff ? JSON.stringify(request.planDiff) : null,
      requested_by: request.requestedBy,
      created_at: request.createdAt,
      updated_at: request.updatedAt,
      expires_at: request.expiresAt,
      decided_by: request.decidedBy ?? null,
      decided_at: request.decidedAt ?? null,
      decision_comment: request.decisionComment ?? null,
      attempts: request.attempts,
      last_error: request.lastError ?? null,
      retryable: request.retryable,
      apply_results: request.applyResults
        ? JSON.stringify(request.applyResults)
        : null,
      applied_at: request.appliedAt ?? null,
      dns_name: request.dnsName ?? null,
      live_at: request.liveAt ?? null,
    };
    try {
      await this.db<RouteRequestRow>(TABLE).insert(row);
    } catch (error) {
      if (!isDatabaseConflictError(error)) throw error;
      const holder = await this.findOpen(openKeyOf(request));
      throw new ConflictError(
        `An open request for ${request.route.kind} ${openKeyOf(
          request,
        )} already exists${
          holder
            ? ` (${holder.id}, ${holder.state}, requested by ${holder.requestedBy})`
            : ''
        }: wait for its outcome or cancel it first`,
      );
    }
  }

  async get(id: string): Promise<RouteRequest | undefined> {
    const row = await this.db<RouteRequestRow>(TABLE).where({ id }).first();
    return row && fromRow(row);
  }

  /** The open request holding `<route namespace>/<route name>`, if any. */
  async findOpen(openKey: string): Promise<RouteRequest | undefined> {
    const row = await this.db<RouteRequestRow>(TABLE)
      .where({ open_key: openKey })
      .first();
    return row && fromRow(row);
  }

  async list(filter: RouteRequestFilter = {}): Promise<RouteRequest[]> {
    const query = this.db<RouteRequestRow>(TABLE);
    if (filter.states) query.whereIn('state', [...filter.states]);
    if (filter.entityRef) query.where('entity_ref', filter.entityRef);
    if (filter.requestedBy) query.where('requested_by', filter.requestedBy);
    if (filter.expiresBefore)
      query.where('expires_at', '<', filter.expiresBefore);
    if (filter.updatedBefore)
      query.where('updated_at', '<', filter.updatedBefore);
    if (filter.notLive) query.whereNull('live_at');
    const rows = await query
      .orderBy([
        { column: 'created_at', order: 'desc' },
        { column: 'id', order: 'desc' },
      ])
      .limit(filter.limit ?? 100);
    return rows.map(fromRow);
  }

  /**
   * Applies `changes` if the row still meets `condition`; answers whether
   * it did. Closing a request frees its route for a new one.
   */
  async update(
    id: string,
    condition: RouteRequestCondition,
    changes: RouteRequestChanges,
  ): Promise<boolean> {
    const query = this.db<RouteRequestRow>(TABLE).where({
      id,
      state: condition.state,
    });
    if (condition.planVersion !== undefined)
      query.where('plan_version', condition.planVersion);
    if (condition.attempts !== undefined)
      query.where('attempts', condition.attempts);
    if (condition.notLive) query.whereNull('live_at');
    const updated = await query.update(changedColumns(changes));
    return Number(updated) === 1;
  }
}
