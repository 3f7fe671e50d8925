/*
 * The `serviceNetwork` section, read and checked once at start-up. Every
 * problem is collected, each naming its key, so that an adopter fixes them in
 * one round; the backend starts either way and says what is wrong.
 */
import { parseEntityRef, stringifyEntityRef } from '@backstage/catalog-model';
import type { Config } from '@backstage/config';
import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import {
  DEFAULT_PROTECTED_NAMESPACES,
  NamespaceGuardSettings,
} from '../guard/namespaceGuard';
import type { ProviderSetting } from '@service-network/backstage-plugin-service-network-common';
import { readProviderSettings } from '../providers/settings';
import { configKey, describeConfigIssue, describeValue } from './configIssues';

export type ClusterRole = 'config' | 'workload';

/** How Service Network reaches a cluster it is configured with itself. */
export interface OwnClusterConnection {
  url: string;
  auth:
    | { provider: 'serviceAccount'; token?: string }
    | {
        provider: 'aws';
        clusterId: string;
        assumeRole?: string;
        externalId?: string;
      };
  caData?: string;
  skipTLSVerify: boolean;
}

export interface ClusterConfig {
  name: string;
  title: string;
  role: ClusterRole;
  /** The multi-cluster systems the cluster exports with, in configuration order. */
  providers: ProviderSetting[];
  /** Where the entry is, for messages: `serviceNetwork.clusters[1]`. */
  key: string;
  /** Absent: the cluster is the Kubernetes plugin's cluster of the same name. */
  connection?: OwnClusterConnection;
}

export interface LatticeConfig {
  region: string;
  accountId?: string;
  endpoint?: string;
  callBudgetPerMinute: number;
  /** Target groups per region the account may have. */
  targetGroupQuota: number;
}

export interface RouteRequestSettings {
  allowSelfApproval: boolean;
  expireAfterMs: number;
  /** How often expiry, automatic retries and the DNS-live check run. */
  checkIntervalMs: number;
  /** Entity refs (groups or users) told about new requests. */
  approvers: string[];
}

export interface ServiceNetworkConfig {
  /** As configured; modules and the Kubernetes plugin may add to them. */
  clusters: ClusterConfig[];
  lattice: LatticeConfig;
  latticeIntervalMs: number;
  /** How often the entity-to-Service map is refreshed from the catalog. */
  catalogIntervalMs: number;
  staleAfterMs: number;
  routeRequests: RouteRequestSettings;
  /** Whether the actions registry (AI assistants over MCP) offers approving and rejecting route requests. */
  routeRequestDecisionActions: boolean;
  /** Where Service Network may write, and for whom (guard/namespaceGuard.ts). */
  namespaces: NamespaceGuardSettings;
}

/** What reading found: the settings when nothing is wrong, else every problem. */
export type ServiceNetworkConfigReading =
  | { config: ServiceNetworkConfig; problems: []; warnings: string[] }
  | { config?: undefined; problems: string[]; warnings: string[] };

const SECTION = 'serviceNetwork';
const CLUSTER_NAME = /^[a-z0-9]([-a-z0-9_.]*[a-z0-9])?$/i;
/** The entry fields that say how to reach a cluster; without `url` none of them applies. */
const CONNECTION_KEYS = [
  'authProvider',
  'serviceAccountToken',
  'authMetadata',
  'caData',
  'caFile',
  'skipTLSVerify',
] as const;

/** A namespace name where `*` matches any run of characters. */
const namespacePattern = z
  .string()
  .regex(
    /^[a-z0-9*]([-a-z0-9*]*[a-z0-9*])?$/,
    "must be a namespace name (lowercase letters, digits and '-'), '*' matching any characters",
  );

const positive = z.number().positive('must be a positive number');

const clusterSchema = z.object({
  name: z
    .string()
    .regex(
      CLUSTER_NAME,
      "must be letters, digits, '-', '_' or '.', starting and ending with a letter or digit",
    ),
  title: z.string().optional(),
  role: z.enum(['config', 'workload']),
  // Read by readProviderSettings, which names the problems more precisely than zod would.
  serviceExportApi: z.unknown().optional(),
  providers: z.unknown().optional(),
  url: z
    .string()
    .regex(/^https?:\/\/[^/]/, 'must be an http(s) URL')
    .optional(),
  authProvider: z
    .enum(['serviceAccount', 'aws'], {
      errorMap: () => ({
        message:
          'must be "serviceAccount" or "aws" (clusters with other auth providers come from the Kubernetes plugin: give only name and role)',
      }),
    })
    .optional(),
  serviceAccountToken: z.string().optional(),
  authMetadata: z.record(z.string()).optional(),
  caData: z.string().optional(),
  caFile: z.string().optional(),
  skipTLSVerify: z.boolean().optional(),
});

const sectionSchema = z.object({
  clusters: z.array(z.unknown()).optional(),
  lattice: z.object({
    region: z.string().min(1, 'must not be empty'),
    accountId: z
      .string({
        invalid_type_error: "must be a string (quote it, e.g. '123456789012')",
      })
      .optional(),
    endpoint: z
      .string()
      .regex(/^https?:\/\/[^/]/, 'must be an http(s) URL')
      .optional(),
    callBudgetPerMinute: positive.optional(),
    targetGroupQuota: positive.optional(),
  }),
  refresh: z
    .object({
      latticeIntervalSeconds: positive.optional(),
      catalogIntervalSeconds: positive.optional(),
      staleAfterSeconds: positive.optional(),
    })
    .optional(),
  routeRequests: z
    .object({
      allowSelfApproval: z.boolean().optional(),
      expireAfterHours: positive.optional(),
      checkIntervalSeconds: positive.optional(),
      approvers: z.array(z.string()).optional(),
    })
    .optional(),
  actions: z
    .object({
      routeRequestDecisions: z.boolean().optional(),
    })
    .optional(),
  namespaces: z
    .object({
      protected: z.array(namespacePattern).optional(),
      owners: z
        .array(
          z.object({
            namespace: namespacePattern,
            owners: z.array(z.string()).min(1, 'must name at least one owner'),
          }),
        )
        .optional(),
    })
    .optional(),
});

/** Every key the section knows, by where it is, for the warnings about unknown (mistyped) ones. */
const KNOWN_KEYS: Record<string, readonly string[]> = {
  '': Object.keys(sectionSchema.shape),
  lattice: Object.keys(sectionSchema.shape.lattice.shape),
  refresh: [
    'latticeIntervalSeconds',
    'catalogIntervalSeconds',
    'staleAfterSeconds',
  ],
  routeRequests: [
    'allowSelfApproval',
    'expireAfterHours',
    'checkIntervalSeconds',
    'approvers',
  ],
  actions: ['routeRequestDecisions'],
  namespaces: ['protected', 'owners'],
  cluster: Object.keys(clusterSchema.shape),
};

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function unknownKeys(
  value: unknown,
  known: readonly string[],
  where: (string | number)[],
): string[] {
  if (!isObject(value)) return [];
  return Object.keys(value)
    .filter(key => !known.includes(key))
    .map(
      key =>
        `${configKey(SECTION, [
          ...where,
          key,
        ])} is not a Service Network setting and is ignored`,
    );
}

function readCaFile(
  file: string,
  key: string,
  problems: string[],
): string | undefined {
  try {
    return fs.readFileSync(file).toString('base64');
  } catch (error) {
    problems.push(
      `${key}.caFile cannot be read (${path.resolve(file)}): ${error.message}`,
    );
    return undefined;
  }
}

function readCluster(
  raw: unknown,
  index: number,
  problems: string[],
): ClusterConfig | undefined {
  const key = configKey(SECTION, ['clusters', index]);
  const parsed = clusterSchema.safeParse(raw);
  if (!parsed.success) {
    problems.push(
      ...parsed.error.issues.map(issue =>
        describeConfigIssue(SECTION, ['clusters', index], issue, raw),
      ),
    );
    return undefined;
  }
  const entry = parsed.data;
  const providers = readProviderSettings(entry, key, problems);
  if (!providers) return undefined;
  const base = {
    name: entry.name,
    title: entry.title ?? entry.name,
    role: entry.role,
    providers,
    key,
  };
  if (entry.url === undefined) {
    const stray = CONNECTION_KEYS.filter(field => entry[field] !== undefined);
    if (stray.length) {
      problems.push(
        `${key} sets ${stray.join(
          ', ',
        )} but no url: give the url too, or leave them out to use the Kubernetes plugin's cluster "${
          entry.name
        }"`,
      );
      return undefined;
    }
    return base;
  }
  const provider = entry.authProvider ?? 'serviceAccount';
  const metadata = entry.authMetadata ?? {};
  const auth: OwnClusterConnection['auth'] =
    provider === 'serviceAccount'
      ? { provider, token: entry.serviceAccountToken }
      : {
          provider,
          clusterId: metadata['kubernetes.io/x-k8s-aws-id'] ?? entry.name,
          assumeRole: metadata['kubernetes.io/aws-assume-role'],
          externalId: metadata['kubernetes.io/aws-external-id'],
        };
  if (entry.caData !== undefined && entry.caFile !== undefined) {
    problems.push(`${key} sets both caData and caFile: keep one`);
    return undefined;
  }
  const caData =
    entry.caData ??
    (entry.caFile === undefined
      ? undefined
      : readCaFile(entry.caFile, key, problems));
  if (entry.caFile !== undefined && caData === undefined) return undefined;
  return {
    ...base,
    connection: {
      url: entry.url.replace(/\/+$/, ''),
      auth,
      caData,
      skipTLSVerify: entry.skipTLSVerify ?? false,
    },
  };
}

/** Names used twice and more than one config cluster, judged on every entry that has a name and a role. */
function crossClusterProblems(entries: unknown[]): string[] {
  const problems: string[] = [];
  const firstByName = new Map<string, number>();
  const configClusters: number[] = [];
  entries.forEach((entry, index) => {
    if (!isObject(entry)) return;
    if (typeof entry.name === 'string') {
      const first = firstByName.get(entry.name);
      if (first === undefined) firstByName.set(entry.name, index);
      else
        problems.push(
          `${configKey(SECTION, ['clusters', index])}.name "${
            entry.name
          }" is already used by ${configKey(SECTION, ['clusters', first])}`,
        );
    }
    if (entry.role === 'config') configClusters.push(index);
  });
  if (configClusters.length > 1) {
    problems.push(
      `${configKey(SECTION, [
        'clusters',
      ])}: only one cluster can have the role "config", got ${configClusters
        .map(index => configKey(SECTION, ['clusters', index]))
        .join(' and ')}`,
    );
  }
  return problems;
}

/** Entity refs of groups or users; a bare name is a group in the default namespace. */
function readOwnerRefs(
  refs: string[],
  where: (string | number)[],
  problems: string[],
): string[] {
  return refs.flatMap((ref, index) => {
    try {
      return [
        stringifyEntityRef(
          parseEntityRef(ref, { defaultKind: 'group', defaultNamespace: 'default' }),
        ),
      ];
    } catch (error) {
      problems.push(
        `${configKey(SECTION, [
          ...where,
          index,
        ])} must be an entity ref such as group:default/platform-team, got ${describeValue(
          ref,
        )}: ${error.message}`,
      );
      return [];
    }
  });
}

function readApprovers(
  refs: string[] | undefined,
  problems: string[],
): string[] {
  if (!refs) return ['group:default/platform-team'];
  return readOwnerRefs(refs, ['routeRequests', 'approvers'], problems);
}

function readNamespaces(
  section: z.infer<typeof sectionSchema>['namespaces'],
  problems: string[],
): NamespaceGuardSettings {
  return {
    protected: section?.protected ?? DEFAULT_PROTECTED_NAMESPACES,
    owners: (section?.owners ?? []).map((rule, index) => ({
      namespace: rule.namespace,
      owners: readOwnerRefs(
        rule.owners,
        ['namespaces', 'owners', index, 'owners'],
        problems,
      ),
      key: configKey(SECTION, ['namespaces', 'owners', index]),
    })),
  };
}

/**
 * Reads and checks the `serviceNetwork` section once. Problems make the
 * plugin unconfigured (its endpoints answer 503 naming them); warnings, such
 * as unknown keys, are only logged.
 */
export function readServiceNetworkConfig(
  root: Config,
): ServiceNetworkConfigReading {
  const raw = root.getOptional(SECTION);
  if (raw === undefined) {
    return {
      problems: [
        `${SECTION} is missing from app-config: add the section with the clusters and the VPC Lattice account (see the README)`,
      ],
      warnings: [],
    };
  }
  const problems: string[] = [];
  const parsed = sectionSchema.safeParse(raw);
  if (!parsed.success) {
    problems.push(
      ...parsed.error.issues.map(issue =>
        describeConfigIssue(SECTION, [], issue, raw),
      ),
    );
  }
  const rawClusters =
    isObject(raw) && Array.isArray(raw.clusters) ? raw.clusters : [];
  const clusters = rawClusters.flatMap(
    (entry, index) => readCluster(entry, index, problems) ?? [],
  );
  problems.push(...crossClusterProblems(rawClusters));
  const warnings = isObject(raw)
    ? [
        ...unknownKeys(raw, KNOWN_KEYS[''], []),
        ...(['lattice', 'refresh', 'routeRequests', 'actions', 'namespaces'] as const).flatMap(part =>
          unknownKeys(raw[part], KNOWN_KEYS[part], [part]),
        ),
        ...rawClusters.flatMap((entry, index) =>
          unknownKeys(entry, KNOWN_KEYS.cluster, ['clusters', index]),
        ),
      ]
    : [];
  if (!parsed.success) return { problems, warnings };

  const { lattice, refresh, routeRequests, actions } = parsed.data;
  const approvers = readApprovers(routeRequests?.approvers, problems);
  const namespaces = readNamespaces(parsed.data.namespaces, problems);
  if (problems.length) return { problems, warnings };
  return {
    config: {
      clusters,
      lattice: {
        region: lattice.region,
        accountId: lattice.accountId,
        endpoint: lattice.endpoint,
        callBudgetPerMinute: lattice.callBudgetPerMinute ?? 600,
        targetGroupQuota: lattice.targetGroupQuota ?? 500,
      },
      latticeIntervalMs: (refresh?.latticeIntervalSeconds ?? 30) * 1000,
      catalogIntervalMs: (refresh?.catalogIntervalSeconds ?? 60) * 1000,
      staleAfterMs: (refresh?.staleAfterSeconds ?? 60) * 1000,
      routeRequests: {
        allowSelfApproval: routeRequests?.allowSelfApproval ?? false,
        expireAfterMs: (routeRequests?.expireAfterHours ?? 72) * 3_600_000,
        checkIntervalMs: (routeRequests?.checkIntervalSeconds ?? 30) * 1000,
        approvers,
      },
      routeRequestDecisionActions: actions?.routeRequestDecisions ?? false,
      namespaces,
    },
    problems: [],
    warnings,
  };
}
