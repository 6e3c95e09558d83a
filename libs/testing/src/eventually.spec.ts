import { eventually } from './eventually';

describe('eventually', () => {
  it('waits for a condition to turn true, or for assertions to stop failing', async () => {
    let calls = 0;
    await eventually(() => ++calls === 3);
    expect(calls).toBe(3);
    let tries = 0;
    await eventually(() => expect(++tries).toBeGreaterThan(2));
    expect(tries).toBe(3);
  });

  it('fails with the last assertion, or naming what never held', async () => {
    await expect(eventually(() => expect(1).toBe(2), 'one is two', 50)).rejects.toThrow(/Expected: 2/);
    await expect(eventually(() => false, 'the sky falls', 50)).rejects.toThrow('not within 50 ms: the sky falls');
  });
});
