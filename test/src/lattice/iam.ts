/*
 * IAM identity-based policy evaluation for the simulated Lattice API, as far
 * as the policies it is given need: Allow and Deny statements, Action and
 * NotAction with `*` and `?` wildcards (case-insensitive, as IAM matches
 * actions), an explicit Deny beating any Allow, nothing allowed by default.
 * Resource ARNs and conditions are not judged: a policy that scopes by
 * either is refused when loaded rather than evaluated wrongly.
 */
import { accessDenied, LatticeApiError } from './errors';

export interface IamStatement {
  Sid?: string;
  Effect: 'Allow' | 'Deny';
  Action?: string | string[];
  NotAction?: string | string[];
  Resource?: string | string[];
  NotResource?: string | string[];
  Condition?: unknown;
}

export interface IamPolicy {
  Version: string;
  Statement: IamStatement | IamStatement[];
}

export type IamDecision = 'allowed' | 'implicitDeny' | 'explicitDeny';

function list(value: string | string[] | undefined): string[] {
  if (value === undefined) return [];
  return Array.isArray(value) ? value : [value];
}

function statements(policy: IamPolicy): IamStatement[] {
  return Array.isArray(policy.Statement) ? policy.Statement : [policy.Statement];
}

/** Refuses what this evaluator cannot judge, so a policy is never evaluated more loosely than AWS would. */
export function checkPolicy(policy: IamPolicy): IamPolicy {
  if (policy?.Version !== '2012-10-17') throw new Error('An IAM policy needs "Version": "2012-10-17"');
  statements(policy).forEach((statement, index) => {
    const where = `Statement ${statement.Sid ?? index}`;
    if (statement.Effect !== 'Allow' && statement.Effect !== 'Deny') throw new Error(`${where}: Effect must be Allow or Deny`);
    if (list(statement.Action).length === 0 && list(statement.NotAction).length === 0)
      throw new Error(`${where}: needs Action or NotAction`);
    if (statement.Condition !== undefined || statement.NotResource !== undefined || list(statement.Resource).some(r => r !== '*'))
      throw new Error(`${where}: the simulated Lattice API judges actions only; scope with "Resource": "*" and no Condition`);
  });
  return policy;
}

function actionPattern(pattern: string): RegExp {
  const source = pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.');
  return new RegExp(`^${source}$`, 'i');
}

function statementMatches(statement: IamStatement, action: string): boolean {
  const matchesAny = (patterns: string[]) => patterns.some(pattern => actionPattern(pattern).test(action));
  return statement.NotAction !== undefined ? !matchesAny(list(statement.NotAction)) : matchesAny(list(statement.Action));
}

export function evaluatePolicy(policy: IamPolicy, action: string): IamDecision {
  const matching = statements(policy).filter(statement => statementMatches(statement, action));
  if (matching.some(statement => statement.Effect === 'Deny')) return 'explicitDeny';
  return matching.length > 0 ? 'allowed' : 'implicitDeny';
}

/** AccessDeniedException in IAM's wording for a refused identity-based policy. */
export function denied(principalArn: string, action: string, decision: Exclude<IamDecision, 'allowed'>): LatticeApiError {
  const why =
    decision === 'explicitDeny'
      ? 'with an explicit deny in an identity-based policy'
      : `because no identity-based policy allows the ${action} action`;
  return accessDenied(`User: ${principalArn} is not authorized to perform: ${action} ${why}`);
}
