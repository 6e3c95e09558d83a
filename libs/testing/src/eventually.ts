/**
 * Polls `condition` until it holds; fails naming `what` once `timeoutMs` has passed without it. For a state another
 * process reaches in its own time (a readiness probe, a circuit closing), never as a measure of speed.
 */
export async function eventually(condition: () => boolean | Promise<boolean>, what: string, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  while (Date.now() < deadline) {
    try {
      if (await condition()) return;
    } catch (error) {
      lastError = error;
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  const why = lastError instanceof Error ? ` (last: ${lastError.message})` : '';
  throw new Error(`not within ${timeoutMs} ms: ${what}${why}`);
}
