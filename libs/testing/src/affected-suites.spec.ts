import { affectedSuites } from './affected-suites';

describe('affectedSuites', () => {
  it("runs one BFF's suites and the cross-BFF ones for a change inside that BFF", () => {
    expect(affectedSuites(['apps/mobile-bff/src/home/home.view.ts', 'test/mobile-bff/screens.e2e-spec.ts'])).toEqual({
      all: false,
      folders: ['test/deploy/', 'test/mobile-bff/', 'test/platform/'],
    });
  });

  it('runs the suites of each BFF a change touches', () => {
    expect(affectedSuites(['apps/web-bff/src/main.ts', 'apps/partner-bff/openapi/v1.json'])).toEqual({
      all: false,
      folders: ['test/deploy/', 'test/partner-bff/', 'test/platform/', 'test/web-bff/'],
    });
  });

  it.each([
    ['a shared lib', 'libs/downstream/src/clients/orders.client.ts'],
    ['a reference service', 'apps/order-service/src/main.ts'],
    ['the identity provider', 'apps/dev-idp/src/main.ts'],
    ['a test helper other suites import', 'test/mobile-bff/mobile-api.ts'],
    ['the dependencies', 'package-lock.json'],
    ['the test configuration', 'jest.config.js'],
    ['the CI script', '.ci/run'],
  ])('runs every suite for a change to %s, even beside a change to one BFF', (_, changed) => {
    expect(affectedSuites(['apps/web-bff/src/main.ts', changed])).toEqual({ all: true });
  });

  it('runs nothing for prose alone', () => {
    expect(affectedSuites(['README.md', 'docs/reference-world.md', 'apps/web-bff/README.md', '.github/CODEOWNERS'])).toEqual({
      all: false,
      folders: [],
    });
  });
});
