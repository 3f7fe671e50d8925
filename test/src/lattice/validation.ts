/*
 * The input constraints VPC Lattice enforces (names, identifiers, tags, rule
 * matches and actions), raised as the ValidationException a real call gets.
 */
import { constraintMessage, invalidField, validationError, ValidationField } from './errors';
import { HttpMatch, RuleAction, Tags } from './types';

interface NameRule {
  min: number;
  max: number;
  /** Prefix reserved for ids, so a name can never be mistaken for one. */
  reservedPrefix?: string;
}

const NAME_RULES = {
  serviceNetwork: { min: 3, max: 63 },
  service: { min: 3, max: 40, reservedPrefix: 'svc-' },
  targetGroup: { min: 3, max: 128, reservedPrefix: 'tg-' },
  listener: { min: 3, max: 63, reservedPrefix: 'listener-' },
  rule: { min: 3, max: 63, reservedPrefix: 'rule-' },
} satisfies Record<string, NameRule>;

export function checkName(kind: keyof typeof NAME_RULES, name: string): void {
  const rule: NameRule = NAME_RULES[kind];
  const problems: string[] = [];
  if (typeof name !== 'string') {
    problems.push('Member must not be null');
  } else {
    if (name.length < rule.min) problems.push(`Member must have length greater than or equal to ${rule.min}`);
    if (name.length > rule.max) problems.push(`Member must have length less than or equal to ${rule.max}`);
    if (!/^[a-z0-9-]*$/.test(name)) problems.push('Member must contain only lowercase letters, digits and hyphens');
    if (name.startsWith('-') || name.endsWith('-')) problems.push('Member must not start or end with a hyphen');
    if (name.includes('--')) problems.push('Member must not contain consecutive hyphens');
    if (rule.reservedPrefix && name.startsWith(rule.reservedPrefix)) {
      problems.push(`Member must not start with '${rule.reservedPrefix}'`);
    }
  }
  if (problems.length) {
    throw validationError(problems.map(problem => ({ name: 'name', message: constraintMessage('name', name, problem) })));
  }
}

const SUFFIX = '[0-9a-z]{17}';
const ARN_HEAD = 'arn:[a-z0-9-]+:vpc-lattice:[a-zA-Z0-9-]+:\\d{12}:';

function identifier(prefix: string, arnPath: string): RegExp {
  return new RegExp(`^(${prefix}-${SUFFIX}|${ARN_HEAD}${arnPath}${prefix}-${SUFFIX})$`);
}

/** What an identifier parameter (an id or an ARN) must look like, by parameter name. */
export const IDENTIFIER_PATTERNS = {
  serviceNetworkIdentifier: identifier('sn', 'servicenetwork/'),
  serviceIdentifier: identifier('svc', 'service/'),
  targetGroupIdentifier: identifier('tg', 'targetgroup/'),
  listenerIdentifier: identifier('listener', `service/svc-${SUFFIX}/listener/`),
  ruleIdentifier: identifier('rule', `service/svc-${SUFFIX}/listener/listener-${SUFFIX}/rule/`),
  serviceNetworkServiceAssociationIdentifier: identifier('snsa', 'servicenetworkserviceassociation/'),
  serviceNetworkVpcAssociationIdentifier: identifier('snva', 'servicenetworkvpcassociation/'),
  resourceArn: /^arn:[a-z0-9][-.a-z0-9]{0,62}:vpc-lattice:([a-z0-9][-.a-z0-9]{0,62})?:\d{12}:[^/].{0,1023}$/,
  vpcIdentifier: /^vpc-([0-9a-z]{8}|[0-9a-z]{17})$/,
} satisfies Record<string, RegExp>;

export function checkPattern(field: keyof typeof IDENTIFIER_PATTERNS, value: string): void {
  if (!IDENTIFIER_PATTERNS[field].test(value)) {
    throw invalidField(field, value, `Member must satisfy regular expression pattern: ${IDENTIFIER_PATTERNS[field].source}`);
  }
}

export function checkIntegerRange(field: string, value: unknown, min: number, max: number): void {
  if (typeof value !== 'number' || !Number.isInteger(value)) {
    throw invalidField(field, value, 'Member must be an integer');
  }
  if (value < min) throw invalidField(field, value, `Member must have value greater than or equal to ${min}`);
  if (value > max) throw invalidField(field, value, `Member must have value less than or equal to ${max}`);
}

export function checkOneOf<T extends string>(field: string, value: unknown, allowed: readonly T[]): void {
  if (!allowed.includes(value as T)) {
    throw invalidField(field, value, `Member must satisfy enum value set: [${allowed.join(', ')}]`);
  }
}

/** Tags given in one call; the limits are those the controller and Lattice both apply. */
const TAG_LIMITS = { perCall: 50, keyLength: 128, valueLength: 256 };

export function checkTags(tags: Tags): void {
  const entries = Object.entries(tags);
  const problems: ValidationField[] = [];
  if (entries.length > TAG_LIMITS.perCall) {
    problems.push({
      name: 'tags',
      message: constraintMessage('tags', `${entries.length} tags`, `Map must have at most ${TAG_LIMITS.perCall} entries`),
    });
  }
  for (const [key, value] of entries) {
    if (key.length < 1 || key.length > TAG_LIMITS.keyLength) {
      problems.push({ name: 'tags', message: constraintMessage('tags', key, `Tag keys must have length between 1 and ${TAG_LIMITS.keyLength}`) });
    }
    if (key.toLowerCase().startsWith('aws:')) {
      problems.push({ name: 'tags', message: constraintMessage('tags', key, "Tag keys must not start with 'aws:'") });
    }
    if (typeof value !== 'string' || value.length > TAG_LIMITS.valueLength) {
      problems.push({ name: 'tags', message: constraintMessage(`tags.${key}`, value, `Tag values must have length less than or equal to ${TAG_LIMITS.valueLength}`) });
    }
  }
  if (problems.length) throw validationError(problems);
}

export function checkHttpMatch(match: HttpMatch): void {
  if (match.method !== undefined && (typeof match.method !== 'string' || match.method.length > 16)) {
    throw invalidField('match.httpMatch.method', match.method, 'Member must have length less than or equal to 16');
  }
  if (match.pathMatch) {
    const { exact, prefix } = match.pathMatch.match ?? {};
    if ((exact === undefined) === (prefix === undefined)) {
      throw invalidField('match.httpMatch.pathMatch.match', JSON.stringify(match.pathMatch.match), 'Exactly one of exact or prefix must be set');
    }
    const path = exact ?? prefix ?? '';
    if (path.length < 1 || path.length > 200) {
      throw invalidField('match.httpMatch.pathMatch.match', path, 'Member must have length between 1 and 200');
    }
  }
  if (match.headerMatches !== undefined && (match.headerMatches.length < 1 || match.headerMatches.length > 5)) {
    throw invalidField('match.httpMatch.headerMatches', `${match.headerMatches.length} header matches`, 'Member must have between 1 and 5 items');
  }
}

/** Validates a rule action's shape; target group existence is the state's to check. */
export function checkRuleAction(field: string, action: RuleAction): void {
  if (Boolean(action.forward) === Boolean(action.fixedResponse)) {
    throw invalidField(field, JSON.stringify(action), 'Exactly one of forward or fixedResponse must be set');
  }
  if (action.fixedResponse) {
    checkIntegerRange(`${field}.fixedResponse.statusCode`, action.fixedResponse.statusCode, 100, 599);
  }
  if (action.forward) {
    const groups = action.forward.targetGroups ?? [];
    if (groups.length < 1 || groups.length > 10) {
      throw invalidField(`${field}.forward.targetGroups`, `${groups.length} target groups`, 'Member must have between 1 and 10 items');
    }
    for (const group of groups) {
      checkPattern('targetGroupIdentifier', group.targetGroupIdentifier);
      checkIntegerRange(`${field}.forward.targetGroups.weight`, group.weight, 0, 999);
    }
  }
}
