// E2e suites start real processes (the stack, a browser) in their hooks and tests: far beyond Jest's 5 s default.
jest.setTimeout(60_000);
