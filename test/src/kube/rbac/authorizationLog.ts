/*
 * Every authorization decision a simulated cluster made, counted by who asked
 * for what and what allowed it: how tests prove that an identity's roles were
 * enough (nothing denied) and nothing more (every rule used).
 */
import type { AuthorizationAttributes, Decision, GrantSource } from './authorizer';

export interface AuthorizationRecord {
  user: string;
  groups: string[];
  verb: string;
  /** Resource requests: the group, `resource` or `resource/subresource`, and whether one namespace or the whole cluster was asked. */
  apiGroup?: string;
  resource?: string;
  scope?: 'namespace' | 'cluster';
  /** Non-resource requests. */
  path?: string;
  allowed: boolean;
  /** What allowed it: a rule of a role through a binding, or membership of system:masters. */
  grantedBy?: GrantSource | 'system:masters';
  count: number;
}

export class AuthorizationLog {
  private readonly records = new Map<string, AuthorizationRecord>();

  record(attributes: AuthorizationAttributes, decision: Decision): void {
    const { user } = attributes;
    const request = attributes.resourceRequest
      ? {
          apiGroup: attributes.apiGroup,
          resource: attributes.subresource ? `${attributes.resource}/${attributes.subresource}` : attributes.resource,
          scope: attributes.namespace ? ('namespace' as const) : ('cluster' as const),
        }
      : { path: attributes.path };
    let grantedBy: AuthorizationRecord['grantedBy'];
    if (decision.allowed) grantedBy = decision.privileged ? 'system:masters' : decision.source;
    const key = JSON.stringify([user.name, user.groups, attributes.verb, request, grantedBy ?? null]);
    const existing = this.records.get(key);
    if (existing) {
      existing.count += 1;
      return;
    }
    this.records.set(key, {
      user: user.name,
      groups: [...user.groups],
      verb: attributes.verb,
      ...request,
      allowed: decision.allowed,
      ...(grantedBy ? { grantedBy } : {}),
      count: 1,
    });
  }

  /** The decisions for users this predicate picks, as copies. */
  entries(forUser: (user: string) => boolean = () => true): AuthorizationRecord[] {
    return [...this.records.values()].filter(record => forUser(record.user)).map(record => structuredClone(record));
  }

  reset(): void {
    this.records.clear();
  }
}
