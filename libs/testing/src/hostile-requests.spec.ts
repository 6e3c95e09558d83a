import { SeededRandom } from '@facet/sandbox';
import { fuzzSeed, hostileRequest, mappedRoutes } from './hostile-requests';

describe('mappedRoutes', () => {
  it("reads Nest's route lines, wildcards and versions included, once each, sorted", () => {
    const lines = [
      '{"level":30,"context":"RouterExplorer","msg":"Mapped {/api/orders/:id, GET} route"}',
      '{"level":30,"context":"RouterExplorer","msg":"Mapped {/api/proxy/:service/{*path}, ALL} route"}',
      '{"level":30,"context":"RouterExplorer","msg":"Mapped {/v2/things, POST} (version: 2) route"}',
      '{"level":30,"context":"RoutesResolver","msg":"OrdersController {/api/orders}:"}',
      '{"level":30,"context":"RouterExplorer","msg":"Mapped {/api/orders/:id, GET} route"}',
    ];
    expect(mappedRoutes(lines)).toEqual(['ALL /api/proxy/:service/{*path}', 'GET /api/orders/:id', 'POST /v2/things']);
  });
});

describe('hostileRequest', () => {
  const routes = ['GET /api/orders/:id', 'POST /api/orders', 'ALL /api/proxy/:service/{*path}'];

  it('gives the same requests for the same seed, and others for another', () => {
    const run = (seed: number) => {
      const random = new SeededRandom(seed);
      return Array.from({ length: 50 }, () => hostileRequest(random, routes, { credentials: { 'x-csrf': '1' } }));
    };
    expect(run(7)).toEqual(run(7));
    expect(run(7)).not.toEqual(run(8));
  });

  it('fills every path parameter and keeps credentials off the routes told', () => {
    const random = new SeededRandom(1);
    for (let i = 0; i < 200; i++) {
      const request = hostileRequest(random, routes, { credentials: { cookie: 'session=1' }, withoutCredentials: ['POST /api/orders'] });
      expect(request.target).not.toMatch(/:id|:service|\{\*path\}/);
      if (request.route === 'POST /api/orders') expect(request.headers.cookie).not.toBe('session=1');
    }
  });
});

describe('fuzzSeed', () => {
  it('replays FUZZ_SEED, refuses a malformed one, and draws one when unset', () => {
    expect(fuzzSeed({ FUZZ_SEED: '104474697' })).toBe(104474697);
    expect(() => fuzzSeed({ FUZZ_SEED: 'abc' })).toThrow(/FUZZ_SEED/);
    expect(Number.isInteger(fuzzSeed({}))).toBe(true);
  });
});
