/*
 * Route requests: a developer asks for an HTTPRoute, GRPCRoute or (TLS
 * passthrough) TLSRoute to their service, the platform team approves, the backend applies it. What the
 * frontend, the scaffolder action and the backend agree on; request bodies
 * are parsed with these schemas at the edge.
 */
import { z } from 'zod';
import type { ServiceRef } from './entity';
import type { ClusterWriteResult } from './exports';
import type { RouteKindName } from './kinds';
import type { KubeObjectManifest } from './manifests';

/**
 * What the AWS Gateway API Controller and VPC Lattice accept in one route
 * rule, and the bounds of the free-text fields.
 *
 * @public
 */
export const ROUTE_REQUEST_LIMITS = {
  /** Lattice forwards to at most 10 target groups per rule. */
  maxBackends: 10,
  /** Lattice target-group weights. */
  minWeight: 0,
  maxWeight: 999,
  /** Exact header matches per rule (Lattice and the controller). */
  maxHeaderMatches: 5,
  maxHeaderNameLength: 100,
  maxHeaderValueLength: 200,
  /** Lattice path matches, and the path a gRPC service/method becomes. */
  maxPathLength: 200,
  maxReasonLength: 2000,
  maxCommentLength: 2000,
} as const;

/**
 * Annotations Service Network writes on the routes it applies, tying each to
 * the catalog entity it serves and the request that made it.
 *
 * @public
 */
export const ROUTE_REQUEST_ANNOTATIONS = {
  entityRef: 'service-network.io/entity-ref',
  requestId: 'service-network.io/route-request',
} as const;

/**
 * `pending`: waiting for a decision. `approved`: decided, the apply is about
 * to start. `applying`: objects are being written. `applied` / `failed`: the
 * outcome (a failed apply can be retried). `rejected`, `cancelled`,
 * `expired`: closed without applying.
 *
 * @public
 */
export const ROUTE_REQUEST_STATES = [
  'pending',
  'approved',
  'applying',
  'applied',
  'failed',
  'rejected',
  'cancelled',
  'expired',
] as const;

/** @public */
export type RouteRequestState = (typeof ROUTE_REQUEST_STATES)[number];

/**
 * States in which a request still holds its route name: only one such
 * request may exist per route.
 *
 * @public
 */
export const OPEN_ROUTE_REQUEST_STATES: readonly RouteRequestState[] = [
  'pending',
  'approved',
  'applying',
  'failed',
];

/** @public */
export function isOpenRouteRequestState(state: RouteRequestState): boolean {
  return OPEN_ROUTE_REQUEST_STATES.includes(state);
}

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const SECTION_NAME =
  /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
// RFC 7230 token.
const HEADER_NAME = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
const VISIBLE_TEXT = /^[\x20-\x7e]+$/;
// Characters both the Gateway API path rules and Lattice's path pattern accept, plus %-escapes.
const PATH_CHARACTERS = /^(?:[-A-Za-z0-9/._~&+=:@]|%[0-9A-Fa-f]{2})+$/;
const GRPC_SERVICE = /^[A-Za-z_][A-Za-z_0-9]*(\.[A-Za-z_][A-Za-z_0-9]*)*$/;
const GRPC_METHOD = /^[A-Za-z_][A-Za-z_0-9]*$/;
const IPV4_LIKE = /^[0-9.]+$/;
// Control characters other than tab and line breaks, and the bidirectional overrides and isolates
// that make a text read otherwise than it is stored (approvers read reasons and comments).
const HIDDEN_CHARACTERS =
  // eslint-disable-next-line no-control-regex -- control characters are what it finds
  /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;

const hiddenCharacters = (what: string) =>
  `${what} must not contain control characters or bidirectional overrides`;

function dnsLabel(what: string) {
  return z
    .string({
      required_error: `${what} is required`,
      invalid_type_error: `${what} must be a string`,
    })
    .min(1, `${what} cannot be empty`)
    .max(63, `${what} must be at most 63 characters`)
    .regex(
      DNS_LABEL,
      `${what} must be lowercase letters, digits and '-', starting and ending with a letter or digit`,
    );
}

function pathProblem(path: string): string | undefined {
  if (!path.startsWith('/')) return "must start with '/'";
  if (!PATH_CHARACTERS.test(path)) {
    return "may contain only letters, digits, '-', '.', '_', '~', '/', '&', '+', '=', ':', '@' and %-escapes";
  }
  if (path.includes('//')) return "must not contain '//'";
  if (/\/\.\.?(\/|$)/.test(path))
    return "must not contain '/./' or '/../' segments";
  if (/%2f/i.test(path)) return "must not contain an escaped '/' (%2F)";
  return undefined;
}

const pathSchema = z
  .object({
    type: z.enum(['Exact', 'PathPrefix'], {
      errorMap: () => ({
        message:
          'path type must be Exact or PathPrefix (the controller rejects RegularExpression)',
      }),
    }),
    value: z
      .string({
        required_error: 'path value is required',
        invalid_type_error: 'path value must be a string',
      })
      .max(
        ROUTE_REQUEST_LIMITS.maxPathLength,
        `path must be at most ${ROUTE_REQUEST_LIMITS.maxPathLength} characters`,
      )
      .superRefine((value, ctx) => {
        const problem = pathProblem(value);
        if (problem)
          ctx.addIssue({
            code: z.ZodIssueCode.custom,
            message: `path ${problem}`,
          });
      }),
  })
  .strict();

const headerMatchSchema = z
  .object({
    name: z
      .string({
        required_error: 'header name is required',
        invalid_type_error: 'header name must be a string',
      })
      .min(1, 'header name cannot be empty')
      .max(
        ROUTE_REQUEST_LIMITS.maxHeaderNameLength,
        `header name must be at most ${ROUTE_REQUEST_LIMITS.maxHeaderNameLength} characters`,
      )
      .regex(
        HEADER_NAME,
        "header name must be an HTTP token (letters, digits and !#$%&'*+-.^_`|~)",
      ),
    value: z
      .string({
        required_error: 'header value is required',
        invalid_type_error: 'header value must be a string',
      })
      .min(1, 'header value cannot be empty')
      .max(
        ROUTE_REQUEST_LIMITS.maxHeaderValueLength,
        `header value must be at most ${ROUTE_REQUEST_LIMITS.maxHeaderValueLength} characters`,
      )
      .regex(VISIBLE_TEXT, 'header value must be printable ASCII'),
  })
  .strict();

const headersSchema = z
  .array(headerMatchSchema, { invalid_type_error: 'headers must be a list' })
  .max(
    ROUTE_REQUEST_LIMITS.maxHeaderMatches,
    `at most ${ROUTE_REQUEST_LIMITS.maxHeaderMatches} header matches per rule (a VPC Lattice limit)`,
  )
  .superRefine((headers, ctx) => {
    const seen = new Set<string>();
    headers.forEach((header, index) => {
      const key = header.name.toLowerCase();
      if (seen.has(key)) {
        ctx.addIssue({
          code: z.ZodIssueCode.custom,
          path: [index, 'name'],
          message: `header ${header.name} is matched twice`,
        });
      }
      seen.add(key);
    });
  })
  .optional();

/** @public */
export const HTTP_METHODS = [
  'GET',
  'HEAD',
  'POST',
  'PUT',
  'DELETE',
  'CONNECT',
  'OPTIONS',
  'TRACE',
  'PATCH',
] as const;

const httpMatchSchema = z
  .object({
    /** Default: every path (PathPrefix `/`). */
    path: pathSchema.optional(),
    headers: headersSchema,
    method: z
      .enum(HTTP_METHODS, {
        errorMap: () => ({
          message: `method must be one of ${HTTP_METHODS.join(', ')}`,
        }),
      })
      .optional(),
  })
  .strict();

const grpcMatchSchema = z
  .object({
    /** Fully qualified gRPC service, e.g. `shop.Checkout`; default: every service. */
    service: z
      .string({ invalid_type_error: 'gRPC service must be a string' })
      .regex(
        GRPC_SERVICE,
        'gRPC service must be a dotted name such as shop.v1.Checkout',
      )
      .optional(),
    /** Needs `service`: the controller cannot match a method of any service. */
    method: z
      .string({ invalid_type_error: 'gRPC method must be a string' })
      .regex(GRPC_METHOD, 'gRPC method must be a name such as GetCart')
      .optional(),
    headers: headersSchema,
  })
  .strict()
  .superRefine((match, ctx) => {
    if (match.method && !match.service) {
      ctx.addIssue({
        code: z.ZodIssueCode.custom,
        path: ['method'],
        message:
          'a gRPC method needs its service: the controller cannot match a method of any service',
      });
    }
    const path = `/${match.service ?? ''}/${match.method ?? ''}`;
    if (path.length > ROUTE_REQUEST_LIMITS.maxPathLength) {
      ctx.addIssue({
        code: z.ZodIssueCode.custom,
        message: `gRPC service and method together must stay within ${ROUTE_REQUEST_LIMITS.maxPathLength} characters`,
      });
    }
  });

const backendsSchema = z
  .array(
    z
      .object({
        /** A workload cluster where the service is exported. */
        cluster: z
          .string({
            required_error: 'backend cluster is required',
            invalid_type_error: 'backend cluster must be a string',
          })
          .min(1, 'backend cluster cannot be empty')
          .max(253, 'backend cluster must be at most 253 characters'),
        weight: z
          .number({
            required_error: 'backend weight is required',
            invalid_type_error: 'backend weight must be a number',
          })
          .int('backend weight must be a whole number')
          .min(
            ROUTE_REQUEST_LIMITS.minWeight,
            `backend weight must be at least ${ROUTE_REQUEST_LIMITS.minWeight}`,
          )
          .max(
            ROUTE_REQUEST_LIMITS.maxWeight,
            `backend weight must be at most ${ROUTE_REQUEST_LIMITS.maxWeight} (VPC Lattice target-group weights are 0 to 999)`,
          ),
      })
      .strict(),
    {
      required_error: 'backends are required',
      invalid_type_error: 'backends must be a list',
    },
  )
  .min(1, 'name at least one backend cluster')
  .max(
    ROUTE_REQUEST_LIMITS.maxBackends,
    `at most ${ROUTE_REQUEST_LIMITS.maxBackends} backends per rule (a VPC Lattice limit)`,
  )
  .superRefine((backends, ctx) => {
    const seen = new Set<string>();
    backends.forEach((backend, index) => {
      if (seen.has(backend.cluster)) {
        ctx.addIssue({
          code: z.ZodIssueCode.custom,
          path: [index, 'cluster'],
          message: `cluster ${backend.cluster} is listed twice`,
        });
      }
      seen.add(backend.cluster);
    });
    if (
      backends.length > 0 &&
      backends.every(backend => backend.weight === 0)
    ) {
      ctx.addIssue({
        code: z.ZodIssueCode.custom,
        message:
          'at least one backend needs a weight above 0, or no traffic is sent anywhere',
      });
    }
  });

function hostnameProblem(hostname: string): string | undefined {
  if (hostname.includes('*'))
    return 'must not be a wildcard: a VPC Lattice custom domain names one host';
  if (hostname.length > 253) return 'must be at most 253 characters';
  if (hostname !== hostname.toLowerCase()) return 'must be lowercase';
  if (IPV4_LIKE.test(hostname) || hostname.includes(':'))
    return 'must be a DNS name, not an IP address';
  const labels = hostname.split('.');
  if (labels.length < 2)
    return 'must be a fully qualified name such as checkout.example.com';
  if (!labels.every(label => label.length <= 63 && DNS_LABEL.test(label))) {
    return "must be DNS labels of lowercase letters, digits and '-' (RFC 1123), separated by dots";
  }
  if (/^[0-9]+$/.test(labels[labels.length - 1]))
    return 'must not end in a numeric label';
  return undefined;
}

function hostnameSchema(errors: z.RawCreateParams) {
  return z.string(errors).superRefine((hostname, ctx) => {
    const problem = hostnameProblem(hostname);
    if (problem)
      ctx.addIssue({
        code: z.ZodIssueCode.custom,
        message: `hostname ${problem}`,
      });
  });
}

const commonFields = {
  /** The catalog entity of the target service, e.g. `component:default/checkout`. */
  entityRef: z
    .string({
      required_error: 'entityRef is required',
      invalid_type_error: 'entityRef must be a string',
    })
    .min(1, 'entityRef cannot be empty')
    .max(255, 'entityRef must be at most 255 characters'),
  /** The route's name; default: the service's name (see defaultRouteName). */
  routeName: dnsLabel('route name').optional(),
  /** The Gateway (service network) in the config cluster. */
  gateway: z
    .object(
      {
        name: dnsLabel('gateway name'),
        /** Default: the only gateway of that name in the config cluster. */
        namespace: dnsLabel('gateway namespace').optional(),
      },
      {
        required_error: 'gateway is required',
        invalid_type_error: 'gateway must be an object with name and namespace',
      },
    )
    .strict(),
  /** The Gateway listener (its `name`, the route's `sectionName`). */
  listener: z
    .string({
      required_error: 'listener is required',
      invalid_type_error: 'listener must be a string',
    })
    .min(1, 'listener cannot be empty')
    .max(253, 'listener must be at most 253 characters')
    .regex(
      SECTION_NAME,
      'listener must be a Gateway listener name (lowercase letters, digits, - and .)',
    ),
  backends: backendsSchema,
  /** Custom domain for the Lattice service; it cannot change once the service exists. */
  hostname: hostnameSchema({
    invalid_type_error: 'hostname must be a string',
  }).optional(),
  /** Why the route is needed; shown to the approvers. */
  reason: z
    .string({
      required_error: 'reason is required',
      invalid_type_error: 'reason must be a string',
    })
    .trim()
    .min(
      1,
      'reason cannot be empty: tell the approvers why the route is needed',
    )
    .max(
      ROUTE_REQUEST_LIMITS.maxReasonLength,
      `reason must be at most ${ROUTE_REQUEST_LIMITS.maxReasonLength} characters`,
    )
    .refine(text => !HIDDEN_CHARACTERS.test(text), hiddenCharacters('reason')),
};

/**
 * Body of a new route request. `kind` decides the shape of `match`.
 *
 * @public
 */
export const routeRequestCreateSchema = z.discriminatedUnion(
  'kind',
  [
    z
      .object({
        ...commonFields,
        kind: z.literal('HTTP'),
        match: httpMatchSchema.optional(),
      })
      .strict(),
    z
      .object({
        ...commonFields,
        kind: z.literal('GRPC'),
        match: grpcMatchSchema.optional(),
      })
      .strict(),
    // TLS passthrough: no match (Lattice forwards the stream by SNI), and the SNI name is required.
    z
      .object({
        ...commonFields,
        kind: z.literal('TLS'),
        hostname: hostnameSchema({
          required_error:
            'hostname is required for a TLS route: it is the name (SNI) clients connect with',
          invalid_type_error: 'hostname must be a string',
        }),
      })
      .strict(),
  ],
  {
    errorMap: (issue, ctx) => ({
      message:
        issue.code === z.ZodIssueCode.invalid_union_discriminator
          ? 'kind must be HTTP, GRPC or TLS'
          : ctx.defaultError,
    }),
  },
);

/**
 * The route kind each request kind becomes.
 *
 * @public
 */
export const ROUTE_KIND_OF_REQUEST = {
  HTTP: 'HTTPRoute',
  GRPC: 'GRPCRoute',
  TLS: 'TLSRoute',
} as const satisfies Record<string, RouteKindName>;

/** @public */
export type RouteRequestCreate = z.infer<typeof routeRequestCreateSchema>;

/** @public */
export type RouteRequestKind = RouteRequestCreate['kind'];

/**
 * A request as stored: the body with the route name settled.
 *
 * @public
 */
export type RouteRequestSpec = RouteRequestCreate & { routeName: string };

/**
 * Body of an approval or a rejection.
 *
 * @public
 */
export const routeRequestDecisionSchema = z
  .object({
    comment: z
      .string({
        required_error: 'comment is required',
        invalid_type_error: 'comment must be a string',
      })
      .trim()
      .min(1, 'comment cannot be empty')
      .max(
        ROUTE_REQUEST_LIMITS.maxCommentLength,
        `comment must be at most ${ROUTE_REQUEST_LIMITS.maxCommentLength} characters`,
      )
      .refine(
        text => !HIDDEN_CHARACTERS.test(text),
        hiddenCharacters('comment'),
      ),
    /** The plan version the approver looked at; the decision fails if the plan has changed since. */
    planVersion: z.number().int().min(1).optional(),
  })
  .strict();

/** @public */
export type RouteRequestDecision = z.infer<typeof routeRequestDecisionSchema>;

/**
 * The route name a request gets when it names none.
 *
 * @public
 */
export function defaultRouteName(service: ServiceRef): string {
  return service.name;
}

/**
 * A field the apply sets, whose value in the cluster differs.
 *
 * @public
 */
export interface PlannedFieldChange {
  /** e.g. `spec.rules` or `metadata.annotations["application-networking.k8s.aws/export-name"]`. */
  path: string;
  /** Absent when the cluster's object lacks the field. */
  current?: unknown;
  planned: unknown;
}

/**
 * Fields another field manager owns and the apply overwrites: approving the
 * plan takes them over (server-side apply with force).
 *
 * @public
 */
export interface PlannedTakeover {
  manager: string;
  paths: string[];
}

/**
 * One object the approval applies in the config cluster.
 *
 * @public
 */
export interface PlannedObject {
  /** The cluster it is applied in (the config cluster). */
  cluster: string;
  object: KubeObjectManifest;
  /** As the cluster stood when planned. */
  action: 'create' | 'update' | 'unchanged';
  changes?: PlannedFieldChange[];
  takesOverFrom?: PlannedTakeover[];
}

/**
 * Exactly what an approval applies, in order (ServiceImports, then the
 * route), or the problems that keep it from being applied.
 *
 * @public
 */
export interface RouteRequestPlan {
  objects: PlannedObject[];
  /** The VPC Lattice service name the controller derives from the route. */
  latticeServiceName: string;
  /** Empty when the plan can be applied. */
  problems: string[];
}

/**
 * How one field differs between two plans; an absent side means the field
 * is absent there.
 *
 * @public
 */
export interface PlanPathDiff {
  path: string;
  before?: unknown;
  after?: unknown;
}

/** @public */
export interface PlanObjectDiff {
  kind: string;
  namespace?: string;
  name: string;
  change: 'added' | 'removed' | 'changed';
  /** For `changed`. */
  paths: PlanPathDiff[];
}

/**
 * What changed between the plan a request was made with and a fresh one.
 *
 * @public
 */
export interface RouteRequestPlanDiff {
  fromVersion: number;
  toVersion: number;
  objects: PlanObjectDiff[];
  problemsAdded: string[];
  problemsRemoved: string[];
  /** The same, rendered like a unified diff. */
  text: string;
}

/**
 * Another route that would carry some of the same requests as a pending
 * request's route: attached to the same gateway listener, for a hostname
 * both serve, with a path and method (or gRPC service and method) both match.
 *
 * @public
 */
export interface RouteOverlap {
  /** The other route. */
  route: { kind: RouteKindName; namespace: string; name: string };
  /** Set when the other route is another open request's, not yet in the cluster. */
  requestId?: string;
  /** `gateway-1 (default), listener http`. */
  listener: string;
  /** The hostname both serve, or `any hostname` when neither names one. */
  hostname: string;
  /** What both match, e.g. `GET, path prefix /api`. */
  match: string;
}

/**
 * A route request as the API returns it. Times are ISO-8601 strings.
 *
 * @public
 */
export interface RouteRequest {
  id: string;
  state: RouteRequestState;
  entityRef: string;
  service: ServiceRef;
  spec: RouteRequestSpec;
  route: { kind: RouteKindName; namespace: string; name: string };
  plan: RouteRequestPlan;
  /** Starts at 1; grows each time the plan is redone because the cluster changed. */
  planVersion: number;
  /** Set when the plan was redone: what changed from the previous one. */
  planDiff?: RouteRequestPlanDiff;
  requestedBy: string;
  createdAt: string;
  updatedAt: string;
  /** A pending request expires at this time. */
  expiresAt: string;
  decidedBy?: string;
  decidedAt?: string;
  decisionComment?: string;
  /** Apply attempts so far. */
  attempts: number;
  /** The last failure, kept until an apply succeeds. */
  lastError?: string;
  /** Whether the last failure looks transient, so a scheduled retry may fix it. */
  retryable: boolean;
  /** Per object, the outcome of the last apply attempt. */
  applyResults?: ClusterWriteResult[];
  appliedAt?: string;
  /** The Lattice-assigned DNS name, once the controller has written it on the route. */
  dnsName?: string;
  liveAt?: string;
  /**
   * For a pending request: the routes in the config cluster, and of other
   * open requests, that overlap its route, as of this answer.
   */
  overlaps?: RouteOverlap[];
}

/**
 * What a requester is told about their request.
 *
 * @public
 */
export type RouteRequestNotice =
  | 'applied'
  | 'failed'
  | 'rejected'
  | 'expired'
  | 'live';

/**
 * A zod error as one line per problem, each naming the field.
 *
 * @public
 */
export function describeIssues(error: z.ZodError): string[] {
  return error.issues.map(issue => {
    const path = issue.path
      .map(part => (typeof part === 'number' ? `[${part}]` : `.${part}`))
      .join('');
    return path
      ? `${path.replace(/^\./, '')}: ${issue.message}`
      : issue.message;
  });
}
