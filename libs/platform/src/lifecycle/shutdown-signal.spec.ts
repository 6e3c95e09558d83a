import { ReadinessRegistry } from '../health/readiness.registry';
import { ShutdownSignal } from './shutdown-signal';

describe('ShutdownSignal', () => {
  it('turns the app not ready and aborts its signal once the shutdown begins', async () => {
    const readiness = new ReadinessRegistry();
    const shutdown = new ShutdownSignal(readiness);
    const [name, check] = readiness.entries()[0];
    expect(name).toBe('shutdown');
    await expect(check()).resolves.toBeUndefined();
    expect(shutdown.draining).toBe(false);

    shutdown.begin();
    expect(shutdown.signal.aborted).toBe(true);
    expect(shutdown.draining).toBe(true);
    await expect(check()).rejects.toThrow('shutting down');
  });
});
