/*
 * Which namespaces Service Network writes to, and for whom. An entity maps
 * to its Service through annotations its own authors write, so the mapping
 * alone must not decide where the backend writes: the platform team's
 * `serviceNetwork.namespaces` does. Namespaces in `protected` are never
 * written; a namespace matching an `owners` rule (first match wins) is
 * written only for entities owned by one of the rule's owners, and a user's
 * own write (export, unexport, a route request) also needs the user to be
 * one of them (a member of the group, or the user named). Namespaces no
 * rule matches are open to every owner, as before the guard.
 */
import {
  Entity,
  parseEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { NotAllowedError } from '@backstage/errors';

export const DEFAULT_PROTECTED_NAMESPACES = [
  'kube-system',
  'kube-public',
  'kube-node-lease',
];

export interface NamespaceOwnersRule {
  /** A namespace name, `*` matching any run of characters. */
  namespace: string;
  /** Entity refs of groups or users, as stringifyEntityRef writes them. */
  owners: string[];
  /** Where the rule is, for messages: `serviceNetwork.namespaces.owners[0]`. */
  key: string;
}

export interface NamespaceGuardSettings {
  protected: string[];
  owners: NamespaceOwnersRule[];
}

/** What is written where, and for whom. */
export interface NamespaceWrite {
  namespace: string;
  /** The catalog entity's owner (spec.owner as an entity ref), undefined when it has none. */
  entityOwner?: string;
  /**
   * The acting user's ownership refs (themselves and their groups); absent
   * when the write follows someone else's decision (an approval applies the
   * requester's request).
   */
  callerOwnership?: readonly string[];
}

export type NamespaceVerdict =
  | { allowed: true }
  | { allowed: false; rule: string; reason: string };

function matcher(pattern: string): RegExp {
  const escaped = pattern
    .split('*')
    .map(part => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
    .join('.*');
  return new RegExp(`^${escaped}$`);
}

export class NamespaceGuard {
  private readonly protectedPatterns: Array<{ pattern: string; re: RegExp }>;
  private readonly rules: Array<NamespaceOwnersRule & { re: RegExp }>;

  constructor(settings: NamespaceGuardSettings) {
    this.protectedPatterns = settings.protected.map(pattern => ({
      pattern,
      re: matcher(pattern),
    }));
    this.rules = settings.owners.map(rule => ({
      ...rule,
      re: matcher(rule.namespace),
    }));
  }

  judge(write: NamespaceWrite): NamespaceVerdict {
    const { namespace } = write;
    const guarded = this.protectedPatterns.find(p => p.re.test(namespace));
    if (guarded) {
      return {
        allowed: false,
        rule: 'serviceNetwork.namespaces.protected',
        reason: `Service Network never writes to namespace ${namespace} (serviceNetwork.namespaces.protected lists ${guarded.pattern})`,
      };
    }
    const rule = this.rules.find(r => r.re.test(namespace));
    if (!rule) return { allowed: true };
    const owners = rule.owners.join(', ');
    const where = `${rule.key} (${rule.namespace})`;
    if (!write.entityOwner || !rule.owners.includes(write.entityOwner)) {
      return {
        allowed: false,
        rule: rule.key,
        reason: `Namespace ${namespace} is written only for entities owned by ${owners} (${where}); this entity is owned by ${
          write.entityOwner ?? 'nobody'
        }`,
      };
    }
    if (
      write.callerOwnership &&
      !rule.owners.some(owner => write.callerOwnership!.includes(owner))
    ) {
      return {
        allowed: false,
        rule: rule.key,
        reason: `Namespace ${namespace} is written only by ${owners} (${where}), and you are not one of them`,
      };
    }
    return { allowed: true };
  }

  /** @throws NotAllowedError (403) naming the namespace and the rule. */
  check(write: NamespaceWrite): void {
    const verdict = this.judge(write);
    if (!verdict.allowed) throw new NotAllowedError(verdict.reason);
  }
}

/** The entity's `spec.owner` as a full entity ref (a bare name is a group in the entity's namespace). */
export function entityOwnerOf(entity: Entity): string | undefined {
  const owner = entity.spec?.owner;
  if (typeof owner !== 'string' || !owner) return undefined;
  try {
    return stringifyEntityRef(
      parseEntityRef(owner, {
        defaultKind: 'group',
        defaultNamespace: entity.metadata.namespace ?? 'default',
      }),
    );
  } catch {
    return undefined;
  }
}
