import { once } from 'node:events';
import { type Server, createServer } from 'node:http';
import { DEV_USER_PASSWORD } from '@facet/sandbox';
import { buildAuthorizationRequest, freePort, launchChromium, startStack, type RunningStack } from '@facet/testing';
import type { Browser } from 'playwright-core';

describe('dev-idp: the login page in a real browser', () => {
  let stack: RunningStack;
  let browser: Browser;
  let client: Server;
  let webBffUrl: string;

  beforeAll(async () => {
    // Stands in for web-bff's callback: the browser must arrive there with a code.
    client = createServer((_req, res) => res.end('signed in'));
    const port = await freePort();
    client.listen(port, '127.0.0.1');
    await once(client, 'listening');
    webBffUrl = `http://localhost:${port}`;
    // The browser first, each assigned as soon as it runs: a failure of either leaves afterAll what to stop.
    browser = await launchChromium();
    stack = await startStack({ apps: ['dev-idp'], env: { 'dev-idp': { WEB_BFF_URL: webBffUrl } } });
  });

  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
    client?.close();
  });

  it('signs in by labelled fields, shows a wrong password on the same page, and returns to the client with a code', async () => {
    const request = await buildAuthorizationRequest({
      issuer: stack.urls['dev-idp'],
      clientId: 'facet-web-bff',
      redirectUri: `${webBffUrl}/auth/callback`,
      scope: 'openid profile offline_access orders:read',
    });
    const page = await browser.newPage();
    const policyViolations: string[] = [];
    page.on('console', (message) => {
      if (/Content Security Policy|Refused to/i.test(message.text())) policyViolations.push(message.text());
    });

    await page.goto(request.url);
    const loginUrl = page.url();
    expect(loginUrl).toMatch(new RegExp(`^${stack.urls['dev-idp']}/interaction/`));
    await page.getByLabel('Email').fill('ada@example.test');
    await page.getByLabel('Password').fill('not-the-password');
    await page.getByRole('button', { name: 'Sign in' }).click();

    await expect(page.getByRole('alert').textContent()).resolves.toBe('Wrong email or password.');
    expect(page.url()).toBe(`${loginUrl}/login`);
    await expect(page.getByLabel('Email').inputValue()).resolves.toBe('ada@example.test');

    await page.getByLabel('Password').fill(DEV_USER_PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL((url) => url.href.startsWith(`${webBffUrl}/auth/callback`));

    const callback = new URL(page.url());
    expect(callback.searchParams.get('state')).toBe(request.state);
    expect(callback.searchParams.get('code')).toEqual(expect.any(String));
    expect(policyViolations).toEqual([]);
  });
});
