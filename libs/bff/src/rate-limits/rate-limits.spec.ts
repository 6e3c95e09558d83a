import { parsePartnerRateLimits, parseRateLimits, type RateLimits } from './rate-limits';

const defaults: RateLimits = {
  read: { limit: 10, windowSeconds: 60 },
  write: { limit: 5, windowSeconds: 60 },
  export: { limit: 1, windowSeconds: 3600 },
};

describe('rate limit settings', () => {
  it('reads each class given and keeps the defaults of the others', () => {
    expect(parseRateLimits('read=600/60, export=2/86400', defaults)).toEqual({
      read: { limit: 600, windowSeconds: 60 },
      write: { limit: 5, windowSeconds: 60 },
      export: { limit: 2, windowSeconds: 86_400 },
    });
    expect(parseRateLimits('', defaults)).toEqual(defaults);
  });

  it('reads per-partner limits, several classes per partner', () => {
    const byPartner = parsePartnerRateLimits('acme:read=1200/60,acme:write=10/60,globex:export=5/3600');
    expect(byPartner.get('acme')).toEqual({ read: { limit: 1200, windowSeconds: 60 }, write: { limit: 10, windowSeconds: 60 } });
    expect(byPartner.get('globex')).toEqual({ export: { limit: 5, windowSeconds: 3600 } });
    expect(parsePartnerRateLimits(undefined).size).toBe(0);
  });

  it.each(['read=0/60', 'reads=1/60', 'read=1', 'read=1/0', 'read=-1/60'])('refuses %s', (item) => {
    expect(() => parseRateLimits(item, defaults)).toThrow(/is not <class>=<requests>\/<seconds>/);
  });

  it('refuses a partner item without a partner or a class', () => {
    expect(() => parsePartnerRateLimits('read=1/60')).toThrow();
    expect(() => parsePartnerRateLimits('acme=1/60')).toThrow();
  });
});
