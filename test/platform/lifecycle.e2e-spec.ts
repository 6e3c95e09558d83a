import { spawn } from 'node:child_process';
import { once } from 'node:events';
import path from 'node:path';
import {
  DEV_ONLY_APP_ENV,
  REPO_ROOT,
  type RunningStack,
  type StackApp,
  clientCredentialsToken,
  freePort,
  startStack,
  waitForReady,
} from '@facet/testing';

const mainOf = (app: StackApp): string => path.join(REPO_ROOT, `dist/stack/apps/${app}/src/main.js`);

function run(env: Record<string, string>, app: StackApp = 'product-service') {
  const child = spawn(process.execPath, [mainOf(app)], {
    // The local stack's settings (sandbox mode for the admin routes, dev-only secrets), as startStack would give them.
    env: { ...process.env, LOG_LEVEL: 'warn', ...DEV_ONLY_APP_ENV[app], ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return { child, stderr: () => stderr };
}

/** Resolves once the service's `/__admin/stats` has counted a request for `route`. */
async function arrived(url: string, route: string): Promise<void> {
  for (let attempt = 0; attempt < 500; attempt++) {
    const stats = (await (await fetch(`${url}/__admin/stats`)).json()) as { requests: Record<string, number> };
    if ((stats.requests[route] ?? 0) > 0) return;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error(`${route} never reached ${url}`);
}

describe('every Facet app boots through libs/platform', () => {
  it('refuses to start on a malformed setting, with one line naming it and its expected form', async () => {
    const { child, stderr } = run({ PORT: 'not-a-port', OIDC_ISSUER_URL: 'http://localhost:1' });
    const [code] = (await once(child, 'exit')) as [number];
    expect(code).toBe(1);
    const lines = stderr().trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^product-service: Invalid configuration: PORT \(got "not-a-port"\): .*PORT must be an integer number/);
  });

  it('refuses to start in production with a dev-only secret, in one line that does not show it', async () => {
    const secrets = DEV_ONLY_APP_ENV['web-bff'] ?? {};
    const { child, stderr } = run(
      { NODE_ENV: 'production', OIDC_ISSUER_URL: 'https://login.example.com', WEB_BFF_URL: 'https://shop.example.com' },
      'web-bff',
    );
    const [code] = (await once(child, 'exit')) as [number];
    expect(code).toBe(1);
    const lines = stderr().trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(
      /^web-bff: Invalid configuration: OIDC_CLIENT_SECRET \(secret, not shown\): OIDC_CLIENT_SECRET is a dev-only value/,
    );
    expect(lines[0]).toMatch(/SESSION_ENCRYPTION_SECRET \(secret, not shown\)/);
    expect(lines[0]).toMatch(/CURSOR_SIGNING_SECRET \(secret, not shown\)/);
    const devSecrets = Object.entries(secrets).filter(([, value]) => value.startsWith('dev-only'));
    expect(devSecrets.map(([name]) => name)).toEqual(['OIDC_CLIENT_SECRET', 'SESSION_ENCRYPTION_SECRET', 'CURSOR_SIGNING_SECRET']);
    for (const [, secret] of devSecrets) expect(lines[0]).not.toContain(secret);
  });

  describe('with a running service', () => {
    let stack: RunningStack;
    let token: string;

    beforeAll(async () => {
      stack = await startStack({ apps: ['dev-idp', 'product-service'] });
      ({ access_token: token } = await clientCredentialsToken({
        issuer: stack.urls['dev-idp'],
        clientId: 'facet-partner-bff',
        clientSecret: 'dev-only-partner-bff-secret',
        scope: 'products:read',
        resource: 'urn:facet:backend',
      }));
    });
    afterAll(() => stack?.stop());

    it('sends security headers and a request id on every response', async () => {
      const res = await fetch(`${stack.urls['product-service']}/health/live`, { headers: { 'x-request-id': 'trace-me-42' } });
      expect(res.headers.get('x-request-id')).toBe('trace-me-42');
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
      expect(res.headers.get('x-frame-options')).toBeTruthy();
      expect(res.headers.get('content-security-policy')).toContain("default-src 'self'");
      expect(res.headers.get('x-powered-by')).toBeNull();
    });

    it('answers an oversized body with 413 and a malformed one with 400, both in the JSON error shape', async () => {
      const big = await fetch(`${stack.urls['product-service']}/products`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify({ pad: 'x'.repeat(200_000) }),
      });
      expect(big.status).toBe(413);
      expect(((await big.json()) as { error: { code: string } }).error.code).toBe('PAYLOAD_TOO_LARGE');
      const broken = await fetch(`${stack.urls['product-service']}/products`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: '{"not json',
      });
      expect(broken.status).toBe(400);
      expect(((await broken.json()) as { error: { code: string } }).error.code).toBe('MALFORMED_BODY');
    });

    it('exposes Prometheus metrics with the request histogram on the management port', async () => {
      await fetch(`${stack.urls['product-service']}/products/p_0001`, { headers: { authorization: `Bearer ${token}` } });
      const text = await (await fetch(`${stack.managementUrls['product-service']}/metrics`)).text();
      expect(text).toMatch(/http_server_request_duration_seconds_count\{method="GET",route="\/products\/:id",status="200"\} \d+/);
      expect(text).toContain('process_cpu_seconds_total');
    });
  });

  it('finishes in-flight requests on SIGTERM, then exits 0', async () => {
    const stack = await startStack({ apps: ['dev-idp'] });
    const [port, managementPort] = [await freePort(), await freePort()];
    const { child } = run({
      PORT: String(port),
      MANAGEMENT_PORT: String(managementPort),
      OIDC_ISSUER_URL: stack.urls['dev-idp'],
      FAULT_LATENCY_MS: '1500',
    });
    try {
      const url = `http://localhost:${port}`;
      await waitForReady(`http://localhost:${managementPort}`, 20_000, () => child.exitCode !== null);
      const { access_token } = await clientCredentialsToken({
        issuer: stack.urls['dev-idp'],
        clientId: 'facet-partner-bff',
        clientSecret: 'dev-only-partner-bff-secret',
        scope: 'products:read',
        resource: 'urn:facet:backend',
      });
      let settled = false;
      const inFlight = fetch(`${url}/products/p_0001`, { headers: { authorization: `Bearer ${access_token}` } }).finally(
        () => (settled = true),
      );
      // The sandbox counts a request as it arrives, before its injected delay: signal only once it is inside.
      await arrived(url, 'GET /products/:id');
      expect(settled).toBe(false);
      child.kill('SIGTERM');
      const exited = once(child, 'exit') as Promise<[number]>;
      const res = await inFlight;
      expect(res.status).toBe(200);
      expect(((await res.json()) as { id: string }).id).toBe('p_0001');
      const [code] = await exited;
      expect(code).toBe(0);
    } finally {
      child.kill('SIGKILL');
      await stack.stop();
    }
  });
});
