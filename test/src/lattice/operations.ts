/*
 * The Lattice read operations the simulator serves: each one's HTTP binding
 * (method, URI template, query parameters, as in the Smithy model's @http
 * traits) and how it answers from the state.
 */
import { invalidField, validationError } from './errors';
import { pagedOutput, pageWindow } from './pagination';
import { LatticeState } from './types';
import { checkIntegerRange, checkOneOf, checkPattern, IDENTIFIER_PATTERNS } from './validation';
import {
  getListenerOutput,
  getRuleOutput,
  getServiceNetworkOutput,
  getServiceOutput,
  getTargetGroupOutput,
  getVpcAssociationOutput,
  listenerSummary,
  ruleSummary,
  serviceAssociationSummary,
  serviceNetworkSummary,
  serviceSummary,
  targetGroupSummary,
  targetSummary,
  vpcAssociationSummary,
} from './wire';

export interface OperationRequest {
  /** URI labels, decoded and checked against their patterns. */
  labels: Record<string, string>;
  query: URLSearchParams;
  /** The raw request body; empty for GET. */
  body: string;
}

export interface LatticeOperation {
  name: string;
  method: 'GET' | 'POST';
  uri: string;
  /** The query parameters the operation takes. */
  query: readonly string[];
  handle(state: LatticeState, request: OperationRequest, name: string): unknown;
}

const PAGING = ['maxResults', 'nextToken'] as const;
const TARGET_GROUP_TYPES = ['IP', 'LAMBDA', 'INSTANCE', 'ALB'];

/** A query parameter, checked against its identifier pattern when it has one. */
function optionalQuery(request: OperationRequest, name: string): string | undefined {
  const value = request.query.get(name);
  if (value === null) return undefined;
  if (name in IDENTIFIER_PATTERNS) checkPattern(name as keyof typeof IDENTIFIER_PATTERNS, value);
  return value;
}

/** The optional ListTargets body: at most 20 targets, each an id and maybe a port. None or an empty list means all. */
function targetFilter(body: string): Array<{ id: string; port?: number }> | undefined {
  if (body.trim() === '') return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    throw validationError([{ name: 'body', message: 'Could not parse the request body as JSON' }], 'cannotParse');
  }
  const targets = (parsed as { targets?: unknown } | null)?.targets;
  if (targets === undefined || targets === null || (Array.isArray(targets) && targets.length === 0)) return undefined;
  if (!Array.isArray(targets) || targets.length > 20) {
    throw invalidField('targets', JSON.stringify(targets), 'Member must have length less than or equal to 20');
  }
  return targets.map(target => {
    const { id, port } = (target ?? {}) as { id?: unknown; port?: unknown };
    if (typeof id !== 'string' || id === '') throw invalidField('targets.member.id', id, 'Member must not be null');
    if (port !== undefined) checkIntegerRange('targets.member.port', port, 1, 65535);
    return port === undefined ? { id } : { id, port: port as number };
  });
}

export const OPERATIONS: LatticeOperation[] = [
  {
    name: 'ListServiceNetworks',
    method: 'GET',
    uri: '/servicenetworks',
    query: PAGING,
    handle: (state, request, name) =>
      pagedOutput(name, state.pageServiceNetworks(pageWindow(name, request.query)), n => serviceNetworkSummary(state, n)),
  },
  {
    name: 'GetServiceNetwork',
    method: 'GET',
    uri: '/servicenetworks/{serviceNetworkIdentifier}',
    query: [],
    handle: (state, { labels }) => getServiceNetworkOutput(state, state.getServiceNetwork(labels.serviceNetworkIdentifier)),
  },
  {
    name: 'ListServices',
    method: 'GET',
    uri: '/services',
    query: PAGING,
    handle: (state, request, name) => pagedOutput(name, state.pageServices(pageWindow(name, request.query)), serviceSummary),
  },
  {
    name: 'GetService',
    method: 'GET',
    uri: '/services/{serviceIdentifier}',
    query: [],
    handle: (state, { labels }) => getServiceOutput(state.getService(labels.serviceIdentifier)),
  },
  {
    name: 'ListServiceNetworkServiceAssociations',
    method: 'GET',
    uri: '/servicenetworkserviceassociations',
    query: ['serviceNetworkIdentifier', 'serviceIdentifier', ...PAGING],
    handle: (state, request, name) => {
      const filter = {
        serviceNetworkIdentifier: optionalQuery(request, 'serviceNetworkIdentifier'),
        serviceIdentifier: optionalQuery(request, 'serviceIdentifier'),
      };
      const page = state.pageServiceAssociations(filter, pageWindow(name, request.query));
      return pagedOutput(name, page, a => serviceAssociationSummary(state, a));
    },
  },
  {
    name: 'GetServiceNetworkServiceAssociation',
    method: 'GET',
    uri: '/servicenetworkserviceassociations/{serviceNetworkServiceAssociationIdentifier}',
    query: [],
    handle: (state, { labels }) =>
      serviceAssociationSummary(state, state.getServiceAssociation(labels.serviceNetworkServiceAssociationIdentifier)),
  },
  {
    name: 'ListServiceNetworkVpcAssociations',
    method: 'GET',
    uri: '/servicenetworkvpcassociations',
    query: ['serviceNetworkIdentifier', 'vpcIdentifier', ...PAGING],
    handle: (state, request, name) => {
      const filter = {
        serviceNetworkIdentifier: optionalQuery(request, 'serviceNetworkIdentifier'),
        vpcIdentifier: optionalQuery(request, 'vpcIdentifier'),
      };
      const page = state.pageVpcAssociations(filter, pageWindow(name, request.query));
      return pagedOutput(name, page, a => vpcAssociationSummary(state, a));
    },
  },
  {
    name: 'GetServiceNetworkVpcAssociation',
    method: 'GET',
    uri: '/servicenetworkvpcassociations/{serviceNetworkVpcAssociationIdentifier}',
    query: [],
    handle: (state, { labels }) =>
      getVpcAssociationOutput(state, state.getVpcAssociation(labels.serviceNetworkVpcAssociationIdentifier)),
  },
  {
    name: 'ListTargetGroups',
    method: 'GET',
    uri: '/targetgroups',
    query: ['vpcIdentifier', 'targetGroupType', ...PAGING],
    handle: (state, request, name) => {
      const targetGroupType = optionalQuery(request, 'targetGroupType');
      if (targetGroupType !== undefined) checkOneOf('targetGroupType', targetGroupType, TARGET_GROUP_TYPES);
      const filter = { vpcIdentifier: optionalQuery(request, 'vpcIdentifier'), targetGroupType };
      const page = state.pageTargetGroups(filter, pageWindow(name, request.query));
      return pagedOutput(name, page, g => targetGroupSummary(state, g));
    },
  },
  {
    name: 'GetTargetGroup',
    method: 'GET',
    uri: '/targetgroups/{targetGroupIdentifier}',
    query: [],
    handle: (state, { labels }) => getTargetGroupOutput(state, state.getTargetGroup(labels.targetGroupIdentifier)),
  },
  {
    name: 'ListTargets',
    method: 'POST',
    uri: '/targetgroups/{targetGroupIdentifier}/listtargets',
    query: PAGING,
    handle: (state, request, name) => {
      const only = targetFilter(request.body);
      const page = state.pageTargets(request.labels.targetGroupIdentifier, pageWindow(name, request.query), only);
      return pagedOutput(name, page, targetSummary);
    },
  },
  {
    name: 'ListListeners',
    method: 'GET',
    uri: '/services/{serviceIdentifier}/listeners',
    query: PAGING,
    handle: (state, request, name) =>
      pagedOutput(name, state.pageListeners(request.labels.serviceIdentifier, pageWindow(name, request.query)), listenerSummary),
  },
  {
    name: 'GetListener',
    method: 'GET',
    uri: '/services/{serviceIdentifier}/listeners/{listenerIdentifier}',
    query: [],
    handle: (state, { labels }) =>
      getListenerOutput(state, state.getListener(labels.serviceIdentifier, labels.listenerIdentifier)),
  },
  {
    name: 'ListRules',
    method: 'GET',
    uri: '/services/{serviceIdentifier}/listeners/{listenerIdentifier}/rules',
    query: PAGING,
    handle: (state, { labels, query }, name) => {
      const page = state.pageRules(labels.serviceIdentifier, labels.listenerIdentifier, pageWindow(name, query));
      return pagedOutput(name, page, ruleSummary);
    },
  },
  {
    name: 'GetRule',
    method: 'GET',
    uri: '/services/{serviceIdentifier}/listeners/{listenerIdentifier}/rules/{ruleIdentifier}',
    query: [],
    handle: (state, { labels }) =>
      getRuleOutput(state.getRule(labels.serviceIdentifier, labels.listenerIdentifier, labels.ruleIdentifier)),
  },
  {
    name: 'ListTagsForResource',
    method: 'GET',
    uri: '/tags/{resourceArn}',
    query: [],
    handle: (state, { labels }) => ({ tags: state.tagsOf(labels.resourceArn) }),
  },
];

export interface MatchedOperation {
  operation: LatticeOperation;
  labels: Record<string, string>;
}

/** The operation a method and raw (still encoded) path address, with its labels decoded. */
export function matchOperation(method: string, rawPath: string): MatchedOperation | undefined {
  const segments = rawPath.split('/').slice(1);
  for (const operation of OPERATIONS) {
    if (operation.method !== method) continue;
    const template = operation.uri.split('/').slice(1);
    if (template.length !== segments.length) continue;
    const labels: Record<string, string> = {};
    const matches = template.every((part, i) => {
      const label = /^\{(\w+)\}$/.exec(part)?.[1];
      if (!label) return part === segments[i];
      const value = safeDecode(segments[i]);
      labels[label] = value ?? '';
      return value !== undefined && value !== '';
    });
    if (matches) return { operation, labels };
  }
  return undefined;
}

/** Label values must look like identifiers before anything is looked up. */
export function checkLabels(labels: Record<string, string>): void {
  for (const [name, value] of Object.entries(labels)) {
    if (name in IDENTIFIER_PATTERNS) checkPattern(name as keyof typeof IDENTIFIER_PATTERNS, value);
  }
}

function safeDecode(segment: string): string | undefined {
  try {
    return decodeURIComponent(segment);
  } catch {
    return undefined;
  }
}
