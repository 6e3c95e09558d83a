import { Inflight } from './inflight';

describe('Inflight', () => {
  it('lets identical concurrent work share one call and forgets it once settled', async () => {
    const inflight = new Inflight<number>();
    let calls = 0;
    const start = () => new Promise<number>((resolve) => setTimeout(() => resolve(++calls), 5));
    const first = inflight.run('k', start);
    const second = inflight.run('k', start);
    const other = inflight.run('other', start);
    expect([first.joined, second.joined, other.joined]).toEqual([false, true, false]);
    expect(inflight.size).toBe(2);
    expect(await first.result).toBe(await second.result);
    await other.result;
    expect(calls).toBe(2);
    expect(inflight.size).toBe(0);
    expect(await inflight.run('k', start).result).toBe(3);
  });

  it('shares a failure and forgets it too', async () => {
    const inflight = new Inflight<number>();
    const failing = () => Promise.reject(new Error('down'));
    const first = inflight.run('k', failing);
    const second = inflight.run('k', failing);
    await expect(first.result).rejects.toThrow('down');
    await expect(second.result).rejects.toThrow('down');
    expect(inflight.size).toBe(0);
  });
});
