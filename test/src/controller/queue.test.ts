import { createWorkQueue, ReconcileOutcome } from './queue';

describe('createWorkQueue', () => {
  it('coalesces adds of a key that is still waiting', async () => {
    const processed: string[] = [];
    const queue = createWorkQueue({
      delayMs: 0,
      process: key => {
        processed.push(key);
        return 'done';
      },
      onError: () => {},
    });
    queue.add('a');
    queue.add('a');
    queue.add('b');
    expect(queue.isIdle()).toBe(false);
    await queue.idle();
    expect(processed.sort()).toEqual(['a', 'b']);
    expect(queue.isIdle()).toBe(true);
  });

  it('runs a key again when its reconcile asks to requeue, and retries failures', async () => {
    const outcomes: ReconcileOutcome[] = ['requeue', 'requeue', 'done'];
    let runs = 0;
    let failures = 0;
    const errors: string[] = [];
    const queue = createWorkQueue({
      delayMs: 0,
      process: key => {
        if (key === 'flaky' && failures++ === 0) throw new Error('conflict');
        if (key === 'flaky') return 'done';
        return outcomes[runs++];
      },
      onError: (key, error) =>
        errors.push(`${key}: ${(error as Error).message}`),
    });
    queue.add('settling');
    queue.add('flaky');
    await queue.idle();
    expect(runs).toBe(3);
    expect(errors).toEqual(['flaky: conflict']);
    queue.stop();
  });
});
