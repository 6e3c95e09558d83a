// E2e suites start real processes (the stack, a browser) in their hooks and tests: far beyond Jest's 5 s default.
// A hook starting a five-app stack while two other suites build or load on this 2-core machine has taken over
// 60 s (test/mobile-bff/shop, twice); startStack's own bound (60 s per app) still names an app that never gets ready.
jest.setTimeout(120_000);
