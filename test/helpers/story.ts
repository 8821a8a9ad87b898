// A story told in order (draft, submit, publish, …) where every test still runs alone.
//
//   const { step, replay } = story(() => ({ ref: '' }));
//   step('a citizen drafts a petition', async (s) => { s.ref = …; assert… });
//   step('the moderator publishes it', async (s) => { … s.ref … });
//
// The test of step N replays steps 1..N-1 (their assertions included) on whatever state the test set
// up for itself (a fresh app in `beforeEach`), then runs step N. So `--test-name-pattern` can pick any
// one step, and no test reads what another test left behind.
import { test } from 'node:test';

export interface StepOptions {
  /**
   * The step only reads, or proves that refused requests change nothing, so later steps need not
   * replay it (it still runs in its own test).
   */
  changesNothing?: boolean;
}

export function story<S>(init: () => S) {
  const steps: { fn: (s: S) => Promise<void>; options: StepOptions }[] = [];

  /** Runs the first `n` steps (skipping those that change nothing, except the last) and returns the state. */
  async function replay(n: number): Promise<S> {
    const s = init();
    for (const [i, { fn, options }] of steps.slice(0, n).entries()) {
      if (i === n - 1 || !options.changesNothing) await fn(s);
    }
    return s;
  }

  function step(name: string, fn: (s: S) => Promise<void>, options: StepOptions = {}): void {
    const upTo = steps.push({ fn, options });
    test(name, async () => {
      await replay(upTo);
    });
  }

  return { step, replay };
}
