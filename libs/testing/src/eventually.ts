/**
 * Polls `check` until it holds: it holds once it neither returns `false` nor throws, so it may be a condition
 * (`() => ready`) or a set of assertions (`() => expect(…)…`). After `timeoutMs` it fails with the last assertion's
 * own error, or one naming `what`. For a state reached in its own time (a readiness probe, a circuit closing, a
 * write after the answer), never as a measure of speed. performance.now, not Date.now: specs may freeze Date.now.
 */
export async function eventually(check: () => unknown, what = 'the condition', timeoutMs = 15_000): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  for (;;) {
    let failure: Error | undefined;
    try {
      if ((await check()) !== false) return;
    } catch (error) {
      failure = error instanceof Error ? error : new Error(String(error));
    }
    if (performance.now() > deadline) throw failure ?? new Error(`not within ${timeoutMs} ms: ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
