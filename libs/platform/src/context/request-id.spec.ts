import type { IncomingMessage } from 'node:http';
import { childTraceparent, resolveRequestId } from './request-id';

const req = (headers: Record<string, string>): IncomingMessage & { id?: string } =>
  ({ headers }) as unknown as IncomingMessage & { id?: string };

describe('resolveRequestId', () => {
  it('accepts a safe incoming X-Request-Id', () => {
    expect(resolveRequestId(req({ 'x-request-id': 'abc-123' }))).toBe('abc-123');
  });

  it('replaces an unsafe one with a generated uuid', () => {
    const id = resolveRequestId(req({ 'x-request-id': 'bad id\nwith newline' }));
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('resolves once per request', () => {
    const r = req({});
    expect(resolveRequestId(r)).toBe(resolveRequestId(r));
  });
});

describe('childTraceparent', () => {
  it('keeps the trace id and flags and makes a new span id', () => {
    const incoming = '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01';
    const out = childTraceparent(incoming);
    expect(out).toMatch(/^00-4bf92f3577b34da6a3ce929d0e0e4736-[0-9a-f]{16}-01$/);
    expect(out).not.toBe(incoming);
  });

  it('starts a new trace when the header is missing, malformed or all zero', () => {
    for (const bad of [undefined, 'garbage', '00-00000000000000000000000000000000-00f067aa0ba902b7-01']) {
      expect(childTraceparent(bad)).toMatch(/^00-[0-9a-f]{32}-[0-9a-f]{16}-01$/);
    }
  });

  it('never hands out the same ids twice, also across refills of its random pool', () => {
    // 4 KiB of randomness serves 170 new traces (24 bytes each): 1,000 cross several refills.
    const seen = new Set<string>();
    for (let i = 0; i < 1000; i++) {
      const [, traceId, spanId] = childTraceparent(undefined).split('-');
      seen.add(traceId).add(spanId);
    }
    expect(seen.size).toBe(2000);
  });
});
