import { once } from 'node:events';
import { type Server, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { bundledChromium, launchChromiumFrom } from '@facet/testing';
import type { Browser } from 'playwright-core';

/**
 * The Chromium that `npm ci` brings (@sparticuz/chromium) starts on this machine and behaves as a browser the
 * security tests can trust: checked on its own, since the browser suites prefer an installed Chromium.
 */
describe('the Chromium npm ci brings', () => {
  let browser: Browser | undefined;
  let server: Server;
  let port: number;

  beforeAll(async () => {
    server = createServer((req, res) => {
      if (req.url === '/data') return res.end('cross-origin data');
      res.setHeader('content-type', 'text/html');
      // Same port, another host name: another origin, which answers without CORS headers.
      res.end(`<script>
        fetch('http://127.0.0.1:${(server.address() as AddressInfo).port}/data')
          .then(() => (document.title = 'read'), () => (document.title = 'blocked'));
      </script>`);
    });
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    port = (server.address() as AddressInfo).port;
    browser = await launchChromiumFrom([bundledChromium]);
  });

  afterAll(async () => {
    await browser?.close();
    server?.close();
  });

  it("runs a page's script, with the same-origin policy on", async () => {
    const page = await browser!.newPage();
    await page.goto(`http://localhost:${port}/`);
    await page.waitForFunction("document.title !== ''");
    await expect(page.title()).resolves.toBe('blocked');
  });
});
