import { type RunningStack, STACK_APPS, startStack } from '@facet/testing';

/**
 * Security review, finding 4: the public port answers readiness with a bare status and serves no metrics;
 * each check's detail (which names internal hosts and ports) is on the management port and in the logs.
 */
describe('the management port', () => {
  let stack: RunningStack;
  const logs: string[] = [];

  beforeAll(async () => {
    stack = await startStack({
      apps: STACK_APPS,
      // web-bff at info, so its start-up line (ports and mode) is seen.
      env: { 'web-bff': { LOG_LEVEL: 'info' } },
      onLog: (app, line) => logs.push(`${app}: ${line}`),
    });
  });
  afterAll(() => stack?.stop());

  it('starts the apps in development mode whatever the shell says (the test runner says NODE_ENV=test); web-bff names its management port', async () => {
    expect(process.env.NODE_ENV).toBe('test');
    const management = `management on http://127.0.0.1:${stack.managementPorts['web-bff']}; NODE_ENV development`;
    // A log line may reach the pipe a moment after the app already answers its readiness probe.
    for (let waited = 0; !logs.some((line) => line.includes(management)) && waited < 5000; waited += 50) {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(logs.filter((line) => line.startsWith('web-bff: ') && line.includes('listening on'))).toEqual([
      expect.stringContaining(management),
    ]);
  });

  it.each(STACK_APPS)('%s serves metrics on its management port only', async (app) => {
    expect((await fetch(`${stack.urls[app]}/metrics`)).status).toBe(404);
    const metrics = await fetch(`${stack.managementUrls[app]}/metrics`);
    expect(metrics.status).toBe(200);
    expect(await metrics.text()).toContain('process_cpu_seconds_total');
  });

  it.each(STACK_APPS)('%s answers liveness and a bare readiness on the public port, the detail on the management port', async (app) => {
    expect(await (await fetch(`${stack.urls[app]}/health/live`)).json()).toEqual({ status: 'ok' });
    expect(await (await fetch(`${stack.urls[app]}/health/ready`)).json()).toEqual({ status: 'ok' });
    expect(await (await fetch(`${stack.managementUrls[app]}/health/ready`)).json()).toMatchObject({
      status: 'ok',
      details: expect.any(Object),
    });
  });

  it('keeps a failing dependency off the public answer, naming it on the management port and in the logs', async () => {
    const web = 'web-bff';
    const address = `:${stack.ports['order-service']}`;
    await stack.stopApp('order-service');
    try {
      const publicAnswer = await fetch(`${stack.urls[web]}/health/ready`);
      expect(publicAnswer.status).toBe(503);
      const publicText = await publicAnswer.text();
      expect(JSON.parse(publicText)).toMatchObject({ error: { status: 503, code: 'NOT_READY' } });
      expect(publicText).not.toMatch(/ECONNREFUSED|downstream|orders/);
      expect(publicText).not.toContain(address);

      const detail = await fetch(`${stack.managementUrls[web]}/health/ready`);
      expect(detail.status).toBe(503);
      expect(await detail.json()).toMatchObject({
        status: 'error',
        error: { 'downstream:orders': { status: 'down', message: expect.stringContaining(address) } },
        details: { 'downstream:products': { status: 'up' } },
      });
      expect(logs.some((line) => line.startsWith(`${web}: `) && line.includes('downstream:orders') && line.includes(address))).toBe(true);
    } finally {
      await stack.startApp('order-service');
    }
  });
});
