/*
 * Which Kubernetes Service each catalog entity stands for, kept in memory so
 * that a page view makes no round trip to the catalog. The map is refreshed
 * in the background with the plugin's own credentials, so it holds entities
 * the caller may not see: every hit is checked against the catalog's read
 * permission with the caller's credentials, and a denial looks exactly like
 * a missing entity. An allowed read is remembered per user for a few
 * seconds: a page polls its status, and each decision is a request to the
 * permission backend (whose own reads stall while the database restarts).
 */
import type {
  AuthService,
  BackstageCredentials,
  LoggerService,
  PermissionsService,
  SchedulerService,
} from '@backstage/backend-plugin-api';
import {
  CompoundEntityRef,
  Entity,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { NotFoundError } from '@backstage/errors';
import { catalogEntityReadPermission } from '@backstage/plugin-catalog-common/alpha';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import { entityOwnerOf } from '../guard';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import {
  ServiceRef,
  serviceRefForEntity,
} from '@service-network/backstage-plugin-service-network-common';

export const ENTITY_DIRECTORY_TASK_ID = 'service-network-entity-directory';

/** The fields serviceRefForEntity and stringifyEntityRef read; the rest of the entity is not fetched. */
const FIELDS = [
  'kind',
  'metadata.name',
  'metadata.namespace',
  'metadata.annotations',
  'spec.owner',
];
const PAGE_SIZE = 500;
/**
 * A read-through means the map is behind the catalog (entities registered
 * since the last refresh, or all of them right after start-up, when the
 * first refresh ran before the catalog had processed its locations): the
 * map is then refreshed early, at most this often.
 */
const EARLY_REFRESH_MIN_INTERVAL_MS = 10_000;
/** How long an allowed read is remembered; denials are asked again every time. */
const ALLOWED_READ_TTL_MS = 10_000;
/** Beyond this many remembered decisions, all are forgotten (a burst of users). */
const MAX_ALLOWED_READS = 10_000;

/** Whose decision it is: the user (or service) the credentials stand for. */
function principalKey(credentials: BackstageCredentials): string | undefined {
  const principal = credentials.principal as {
    type?: string;
    userEntityRef?: string;
    subject?: string;
  };
  if (principal?.type === 'user') return principal.userEntityRef;
  if (principal?.type === 'service') return `service:${principal.subject}`;
  return undefined;
}

/** An entity and the Service it stands for. */
export interface DirectoryEntry {
  /** As stringifyEntityRef writes it. */
  entityRef: string;
  service: ServiceRef;
  /** spec.owner as an entity ref, for the namespace guard's verdict on the status page. */
  owner?: string;
}

export interface EntityDirectory {
  /**
   * @throws NotFoundError when the entity does not exist or the caller may not read it.
   * @throws InputError when the entity's annotations name no valid Service.
   */
  lookup(
    entityRef: CompoundEntityRef,
    options: { credentials: BackstageCredentials },
  ): Promise<DirectoryEntry>;
}

/** serviceRefForEntity's answer or its error, so every caller is told what a direct read would tell them. */
type Mapping = { entry: DirectoryEntry } | { invalid: Error };

function mappingFor(entity: Entity): Mapping {
  try {
    return {
      entry: {
        entityRef: stringifyEntityRef(entity),
        service: serviceRefForEntity(entity),
        owner: entityOwnerOf(entity),
      },
    };
  } catch (error) {
    return { invalid: error };
  }
}

function entryOf(mapping: Mapping): DirectoryEntry {
  if ('invalid' in mapping) throw mapping.invalid;
  return mapping.entry;
}

const notFound = (ref: string) =>
  new NotFoundError(`No entity ${ref} in the catalog`);

export class DefaultEntityDirectory implements EntityDirectory {
  static async create(options: {
    catalog: CatalogService;
    auth: AuthService;
    permissions: PermissionsService;
    scheduler: SchedulerService;
    intervalMs: number;
    logger: LoggerService;
  }): Promise<EntityDirectory> {
    const directory = new DefaultEntityDirectory(
      options.catalog,
      options.auth,
      options.permissions,
      options.scheduler,
      options.logger,
    );
    await options.scheduler.scheduleTask({
      id: ENTITY_DIRECTORY_TASK_ID,
      // Each replica answers from its own map.
      scope: 'local',
      frequency: { milliseconds: options.intervalMs },
      timeout: { minutes: 5 },
      fn: signal => directory.refresh(signal),
    });
    return directory;
  }

  /** By stringifyEntityRef, which lowercases the whole ref as the catalog compares refs. */
  private entities = new Map<string, Mapping>();

  private constructor(
    private readonly catalog: CatalogService,
    private readonly auth: AuthService,
    private readonly permissions: PermissionsService,
    private readonly scheduler: SchedulerService,
    private readonly logger: LoggerService,
  ) {}

  private earlyRefreshAt = 0;

  async lookup(
    entityRef: CompoundEntityRef,
    { credentials }: { credentials: BackstageCredentials },
  ): Promise<DirectoryEntry> {
    const ref = stringifyEntityRef(entityRef);
    const known = this.entities.get(ref);
    if (!known) return this.readThrough(entityRef, credentials);
    if (!(await this.mayRead(ref, credentials))) throw notFound(ref);
    return entryOf(known);
  }

  private allowedReads = new Map<string, number>();

  private async mayRead(
    ref: string,
    credentials: BackstageCredentials,
  ): Promise<boolean> {
    const principal = principalKey(credentials);
    const key = principal && `${principal} ${ref}`;
    const now = Date.now();
    if (key && (this.allowedReads.get(key) ?? 0) > now) return true;
    // Answered locally, without a request, when the permission framework is off.
    const [decision] = await this.permissions.authorize(
      [{ permission: catalogEntityReadPermission, resourceRef: ref }],
      { credentials },
    );
    if (decision.result !== AuthorizeResult.ALLOW) {
      if (key) this.allowedReads.delete(key);
      return false;
    }
    if (key) {
      if (this.allowedReads.size >= MAX_ALLOWED_READS) this.allowedReads.clear();
      this.allowedReads.set(key, now + ALLOWED_READ_TTL_MS);
    }
    return true;
  }

  /** Not in the map yet (registered since the last refresh): read it as the caller, as the catalog would answer them. */
  private async readThrough(
    entityRef: CompoundEntityRef,
    credentials: BackstageCredentials,
  ): Promise<DirectoryEntry> {
    const entity = await this.catalog.getEntityByRef(entityRef, {
      credentials,
    });
    if (!entity) throw notFound(stringifyEntityRef(entityRef));
    const mapping = mappingFor(entity);
    this.entities.set(stringifyEntityRef(entity), mapping);
    this.refreshEarly();
    return entryOf(mapping);
  }

  private refreshEarly(): void {
    const now = Date.now();
    if (now - this.earlyRefreshAt < EARLY_REFRESH_MIN_INTERVAL_MS) return;
    this.earlyRefreshAt = now;
    this.scheduler.triggerTask(ENTITY_DIRECTORY_TASK_ID).catch(error => {
      // A refresh under way already: it brings the map up to date.
      if (error?.name !== 'ConflictError') {
        this.logger.warn(
          `Could not refresh the catalog entities' Services early: ${error}`,
        );
      }
    });
  }

  /** Replaces the map only once every page has arrived; on failure the last map stays. */
  private async refresh(signal: AbortSignal): Promise<void> {
    try {
      const credentials = await this.auth.getOwnServiceCredentials();
      const next = new Map<string, Mapping>();
      let cursor: string | undefined;
      do {
        signal.throwIfAborted();
        const page = await this.catalog.queryEntities(
          cursor
            ? { cursor, fields: FIELDS, limit: PAGE_SIZE }
            : { fields: FIELDS, limit: PAGE_SIZE },
          { credentials },
        );
        for (const entity of page.items)
          next.set(stringifyEntityRef(entity), mappingFor(entity));
        cursor = page.pageInfo.nextCursor;
      } while (cursor);
      this.entities = next;
    } catch (error) {
      this.logger.warn(
        `Could not refresh the catalog entities' Services, keeping the ${this.entities.size} known: ${error}`,
      );
    }
  }
}
