import type { JsonValue } from '@backstage/types';
import { NotAllowedError } from '@backstage/errors';
import { mockServices } from '@backstage/backend-test-utils';
import { readServiceNetworkConfig } from '../config/serviceNetworkConfig';
import { DEFAULT_PROTECTED_NAMESPACES, entityOwnerOf, NamespaceGuard } from './namespaceGuard';

const TEAM_A = 'group:default/team-a';
const TEAM_B = 'group:default/team-b';

const guard = new NamespaceGuard({
  protected: DEFAULT_PROTECTED_NAMESPACES,
  owners: [
    { namespace: 'team-b-*', owners: [TEAM_B], key: 'serviceNetwork.namespaces.owners[0]' },
    { namespace: 'shared', owners: [TEAM_A, TEAM_B], key: 'serviceNetwork.namespaces.owners[1]' },
  ],
});

describe('NamespaceGuard', () => {
  it.each(DEFAULT_PROTECTED_NAMESPACES)('never writes to %s, whoever owns the entity', namespace => {
    const verdict = guard.judge({ namespace, entityOwner: TEAM_A, callerOwnership: [TEAM_A] });
    expect(verdict).toEqual({
      allowed: false,
      rule: 'serviceNetwork.namespaces.protected',
      reason: expect.stringContaining(`never writes to namespace ${namespace}`),
    });
  });

  it("refuses an entity pointed at another team's namespace, naming the namespace and the rule", () => {
    expect(() => guard.check({ namespace: 'team-b-web', entityOwner: TEAM_A, callerOwnership: [TEAM_A] })).toThrow(
      new NotAllowedError(
        'Namespace team-b-web is written only for entities owned by group:default/team-b (serviceNetwork.namespaces.owners[0] (team-b-*)); this entity is owned by group:default/team-a',
      ),
    );
  });

  it("refuses a user outside the namespace's owners even for an entity claiming the owner", () => {
    const verdict = guard.judge({ namespace: 'team-b-web', entityOwner: TEAM_B, callerOwnership: ['user:default/mallory', TEAM_A] });
    expect(verdict).toMatchObject({ allowed: false, rule: 'serviceNetwork.namespaces.owners[0]' });
    expect(!verdict.allowed && verdict.reason).toContain('you are not one of them');
  });

  it("allows the owners' own writes, an approval without the requester's claims, and namespaces no rule names", () => {
    expect(guard.judge({ namespace: 'team-b-web', entityOwner: TEAM_B, callerOwnership: [TEAM_B] })).toEqual({ allowed: true });
    expect(guard.judge({ namespace: 'shared', entityOwner: TEAM_A })).toEqual({ allowed: true });
    expect(guard.judge({ namespace: 'default', entityOwner: TEAM_A, callerOwnership: [] })).toEqual({ allowed: true });
    // The pattern covers the whole name: team-b-* is not a prefix match of other names.
    expect(guard.judge({ namespace: 'not-team-b-web', entityOwner: TEAM_A, callerOwnership: [TEAM_A] })).toEqual({ allowed: true });
  });

  it('refuses an owned namespace for an entity without an owner', () => {
    expect(guard.judge({ namespace: 'shared', callerOwnership: [TEAM_A] })).toMatchObject({ allowed: false });
  });

  it('reads spec.owner as the catalog does: a bare name is a group in the entity namespace', () => {
    const entity = (owner?: string) => ({
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Component',
      metadata: { name: 'x', namespace: 'payments' },
      spec: { owner },
    });
    expect(entityOwnerOf(entity('team-a'))).toBe('group:payments/team-a');
    expect(entityOwnerOf(entity('user:default/Alice'))).toBe('user:default/alice');
    expect(entityOwnerOf(entity(undefined))).toBeUndefined();
  });
});

describe('serviceNetwork.namespaces', () => {
  const read = (namespaces?: JsonValue) =>
    readServiceNetworkConfig(
      mockServices.rootConfig({ data: { serviceNetwork: { lattice: { region: 'us-west-2' }, namespaces } } }),
    );

  it('defaults to the kube-* namespaces and no owners', () => {
    expect(read(undefined).config?.namespaces).toEqual({ protected: DEFAULT_PROTECTED_NAMESPACES, owners: [] });
  });

  it('reads owner rules with bare group names, and names the key of every mistake', () => {
    expect(read({ protected: ['kube-*'], owners: [{ namespace: 'team-b-*', owners: ['team-b'] }] }).config?.namespaces).toEqual({
      protected: ['kube-*'],
      owners: [{ namespace: 'team-b-*', owners: [TEAM_B], key: 'serviceNetwork.namespaces.owners[0]' }],
    });
    const reading = read({ protected: ['Kube_System'], owners: [{ namespace: 'x', owners: [] }, { namespace: 'y', owners: ['a:b:c/d'] }] });
    expect(reading.problems).toEqual([
      expect.stringContaining('serviceNetwork.namespaces.protected[0]'),
      expect.stringContaining('serviceNetwork.namespaces.owners[0].owners'),
    ]);
  });
});
