import type { KubernetesCredential } from './credentials';
import { reusedCredentials } from './credentials';

describe('reusedCredentials', () => {
  function counting(fail?: () => boolean) {
    let calls = 0;
    return {
      calls: () => calls,
      fetch: async (): Promise<KubernetesCredential> => {
        calls++;
        if (fail?.()) throw new Error('the token endpoint is down');
        return { type: 'bearer token', token: `token-${calls}` };
      },
    };
  }

  it('serves one credential to the requests of a minute, then asks again', async () => {
    let now = 0;
    const source = counting();
    const credentials = reusedCredentials(source.fetch, { now: () => now });
    const [a, b] = await Promise.all([credentials.get(), credentials.get()]);
    now += 59_000;
    const c = await credentials.get();
    expect([a, b, c]).toEqual(
      Array(3).fill({ type: 'bearer token', token: 'token-1' }),
    );
    now += 1_000;
    expect(await credentials.get()).toEqual({
      type: 'bearer token',
      token: 'token-2',
    });
    expect(source.calls()).toBe(2);
  });

  it('asks again at once when the cluster refused the credential', async () => {
    const source = counting();
    const credentials = reusedCredentials(source.fetch);
    await credentials.get();
    credentials.refused();
    expect(await credentials.get()).toEqual({
      type: 'bearer token',
      token: 'token-2',
    });
  });

  it('does not keep a failed fetch', async () => {
    let failing = true;
    const source = counting(() => failing);
    const credentials = reusedCredentials(source.fetch);
    await expect(credentials.get()).rejects.toThrow(
      'the token endpoint is down',
    );
    failing = false;
    expect(await credentials.get()).toEqual({
      type: 'bearer token',
      token: 'token-2',
    });
  });
});
