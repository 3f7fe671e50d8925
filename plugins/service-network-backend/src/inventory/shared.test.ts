import { SharedValues } from './shared';

describe('SharedValues', () => {
  it('answers one frozen value for equal values', () => {
    const shared = new SharedValues(10);
    const first = shared.value({ ports: [{ port: 80 }] });
    const second = shared.value({ ports: [{ port: 80 }] });
    expect(second).toBe(first);
    expect(Object.isFrozen(first.ports[0])).toBe(true);
    expect(shared.value({ ports: [{ port: 81 }] })).not.toBe(first);
  });

  it('stops adding values past its bound but still shares those it holds', () => {
    const shared = new SharedValues(2);
    const a = shared.value(['a']);
    shared.value(['b']);
    const c = shared.value(['c']);
    expect(shared.value(['a'])).toBe(a);
    expect(shared.value(['c'])).not.toBe(c);
    expect(shared.value(['c'])).toEqual(['c']);
  });

  it('shares equal strings, leaving undefined and long strings alone', () => {
    const shared = new SharedValues(10);
    const namespace = shared.string(['ns', '1'].join('-'));
    expect(shared.string(['ns', '1'].join('-'))).toBe(namespace);
    expect(shared.string(undefined)).toBeUndefined();
    const long = 'x'.repeat(500);
    expect(shared.string(long)).toBe(long);
  });
});
