import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { getMetadataStorage } from 'class-validator';
import { type ConfigClass, type PlatformConfig, configValidator, isSecretSetting } from '@facet/platform';
import { REPO_ROOT, type RunningStack, productionBuildLayout, startStack } from '@facet/testing';
import { parseAllDocuments } from 'yaml';
import { MobileBffConfig } from '../../apps/mobile-bff/src/mobile-bff.config';
import { PartnerBffConfig } from '../../apps/partner-bff/src/partner-bff.config';
import { WebBffConfig } from '../../apps/web-bff/src/web-bff.config';

const run = promisify(execFile);

type Bff = 'web-bff' | 'mobile-bff' | 'partner-bff';
const BFFS: Record<Bff, ConfigClass<PlatformConfig>> = {
  'web-bff': WebBffConfig,
  'mobile-bff': MobileBffConfig,
  'partner-bff': PartnerBffConfig,
};

/** The manifests' tool: regenerates, checks for drift, and validates with kubernetes-models (an ES module, so run by Node). */
const MANIFESTS_TOOL = path.join(REPO_ROOT, 'scripts/write-deploy-manifests.mjs');

interface K8sObject {
  apiVersion: string;
  kind: string;
  metadata: { name: string; labels?: Record<string, string> };
  [key: string]: unknown;
}
interface Probe {
  httpGet: { path: string; port: string };
}
interface Container {
  image: string;
  ports: { name: string; containerPort: number }[];
  envFrom: { configMapRef: { name: string } }[];
  env: { name: string; valueFrom: { secretKeyRef: { name: string; key: string } } }[];
  startupProbe: Probe;
  livenessProbe: Probe;
  readinessProbe: Probe;
  securityContext: { allowPrivilegeEscalation: boolean; readOnlyRootFilesystem: boolean; capabilities: { drop: string[] } };
}
interface PodTemplate {
  metadata: { labels: Record<string, string> };
  spec: { securityContext: { runAsNonRoot: boolean }; automountServiceAccountToken: boolean; containers: Container[] };
}

function manifestsOf(app: Bff): K8sObject[] {
  const documents = parseAllDocuments(readFileSync(path.join(REPO_ROOT, 'deploy/k8s', `${app}.yaml`), 'utf8'));
  const list = Array.isArray(documents) ? documents : [documents];
  for (const document of list) expect([...document.errors, ...document.warnings]).toEqual([]);
  return list.map((document) => document.toJS() as K8sObject);
}

const one = <T>(objects: K8sObject[], kind: string): T => {
  const found = objects.filter((object) => object.kind === kind);
  expect(found).toHaveLength(1);
  return found[0] as unknown as T;
};

/** Every setting a config class declares (its class-validator metadata: each setting has at least one rule). */
function settingsOf(config: ConfigClass<PlatformConfig>): Set<string> {
  return new Set(
    getMetadataStorage()
      .getTargetValidationMetadatas(config, '', true, false)
      .map((rule) => rule.propertyName),
  );
}

/** A value for a Secret key that production accepts (not dev-only, long enough, a protected Redis URL). */
const secretPlaceholder = (key: string): string =>
  key === 'REDIS_URL' ? 'rediss://:a-long-redis-password@redis.example.com:6380' : `cluster-secret-${key.toLowerCase()}-${'k'.repeat(40)}`;

/** The Dockerfile's instructions, one per logical line (continuations joined). */
function dockerfile(): { instruction: string; args: string }[] {
  return readFileSync(path.join(REPO_ROOT, 'deploy/Dockerfile'), 'utf8')
    .replace(/\\\n/g, ' ')
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line && !line.startsWith('#'))
    .map((line) => {
      const [instruction, ...rest] = line.split(/\s+/);
      return { instruction: instruction.toUpperCase(), args: rest.join(' ') };
    });
}

describe('the deployable units: deploy/Dockerfile and deploy/k8s', () => {
  it('are what scripts/write-deploy-manifests.mjs writes, and every object holds by the Kubernetes API schemas', async () => {
    await expect(run(process.execPath, [MANIFESTS_TOOL, '--check'], { cwd: REPO_ROOT })).resolves.toBeDefined();
  });

  it('the manifest validator refuses what Kubernetes would (so the check above can fail)', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'facet-manifests-'));
    try {
      const broken = path.join(dir, 'broken.yaml');
      const good = readFileSync(path.join(REPO_ROOT, 'deploy/k8s/web-bff.yaml'), 'utf8');
      writeFileSync(broken, good.replace('containerPort: 13000', 'containerPort: management'));
      await expect(run(process.execPath, [MANIFESTS_TOOL, '--validate', broken], { cwd: REPO_ROOT })).rejects.toMatchObject({
        code: 1,
        stderr: expect.stringContaining('Deployment web-bff: data/spec/template/spec/containers/0/ports/1/containerPort must be integer'),
      });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  describe.each(Object.keys(BFFS) as Bff[])('%s', (app) => {
    const config = BFFS[app];
    const objects = manifestsOf(app);
    const configMap = one<{ metadata: { name: string }; data: Record<string, string> }>(objects, 'ConfigMap');
    const deployment = one<{
      metadata: { name: string };
      spec: { selector: { matchLabels: Record<string, string> }; template: PodTemplate };
    }>(objects, 'Deployment');
    const pod = deployment.spec.template;
    const [container] = pod.spec.containers;

    it('holds a ConfigMap, a Deployment, a Service, an autoscaler, a network policy and a disruption budget', () => {
      expect(objects.map((object) => object.kind).sort()).toEqual([
        'ConfigMap',
        'Deployment',
        'HorizontalPodAutoscaler',
        'NetworkPolicy',
        'PodDisruptionBudget',
        'Service',
      ]);
    });

    it('names only settings the app knows, keeps every secret setting in the Secret, and is a configuration production accepts', () => {
      const known = settingsOf(config);
      const fromSecret = container.env.map((entry) => entry.valueFrom.secretKeyRef);
      expect([...Object.keys(configMap.data), ...fromSecret.map((ref) => ref.key)].filter((name) => !known.has(name))).toEqual([]);
      expect(container.env.map((entry) => entry.name)).toEqual(fromSecret.map((ref) => ref.key));
      expect(new Set(fromSecret.map((ref) => ref.name))).toEqual(new Set([`${app}-secrets`]));
      const instance = new config();
      expect(Object.keys(configMap.data).filter((name) => isSecretSetting(instance, name))).toEqual([]);
      expect(fromSecret.filter((ref) => !isSecretSetting(instance, ref.key))).toEqual([]);
      expect(container.envFrom).toEqual([{ configMapRef: { name: configMap.metadata.name } }]);

      // What the container's environment holds: the image's ENV, the ConfigMap and the Secret's keys.
      const imageEnv = { NODE_ENV: 'production', HOST: '0.0.0.0' };
      const env = { ...imageEnv, ...configMap.data, ...Object.fromEntries(fromSecret.map((ref) => [ref.key, secretPlaceholder(ref.key)])) };
      expect(() => configValidator(config)(env)).not.toThrow();
    });

    it('serves on the ports its settings name, probes the management port, and runs unprivileged', () => {
      const ports = Object.fromEntries(container.ports.map((port) => [port.name, port.containerPort]));
      expect(ports).toEqual({ http: Number(configMap.data.PORT), management: Number(configMap.data.MANAGEMENT_PORT) });
      expect([container.startupProbe, container.livenessProbe, container.readinessProbe].map((probe) => probe.httpGet)).toEqual([
        { path: '/health/live', port: 'management' },
        { path: '/health/live', port: 'management' },
        { path: '/health/ready', port: 'management' },
      ]);
      expect(container.image).toMatch(new RegExp(`/${app}:`));
      expect(pod.spec.securityContext.runAsNonRoot).toBe(true);
      expect(pod.spec.automountServiceAccountToken).toBe(false);
      expect(container.securityContext).toEqual({
        allowPrivilegeEscalation: false,
        readOnlyRootFilesystem: true,
        capabilities: { drop: ['ALL'] },
      });
    });

    it('points the Service, the autoscaler, the network policy and the disruption budget at its own pods; only the public port is open to all', () => {
      const service = one<{ spec: { selector: Record<string, string>; ports: { targetPort: string }[] } }>(objects, 'Service');
      const autoscaler = one<{ spec: { scaleTargetRef: { kind: string; name: string }; minReplicas: number } }>(
        objects,
        'HorizontalPodAutoscaler',
      );
      const budget = one<{ spec: { selector: { matchLabels: Record<string, string> } } }>(objects, 'PodDisruptionBudget');
      const policy = one<{
        spec: { podSelector: { matchLabels: Record<string, string> }; ingress: { from?: unknown[]; ports: { port: string }[] }[] };
      }>(objects, 'NetworkPolicy');
      const selectors = [
        service.spec.selector,
        deployment.spec.selector.matchLabels,
        budget.spec.selector.matchLabels,
        policy.spec.podSelector.matchLabels,
      ];
      for (const selector of selectors) {
        expect(pod.metadata.labels).toEqual(expect.objectContaining(selector));
      }
      expect(service.spec.ports.map((port) => port.targetPort)).toEqual(['http']);
      expect(autoscaler.spec.scaleTargetRef).toMatchObject({ kind: 'Deployment', name: deployment.metadata.name });
      expect(autoscaler.spec.minReplicas).toBeGreaterThanOrEqual(2);
      // The autoscaler owns the replica count: a count in the Deployment would reset it on every apply.
      expect(deployment.spec).not.toHaveProperty('replicas');
      const openToAll = policy.spec.ingress
        .filter((rule) => rule.from === undefined)
        .flatMap((rule) => rule.ports.map((port) => port.port));
      expect(openToAll).toEqual(['http']);
      expect(policy.spec.ingress.flatMap((rule) => rule.ports.map((port) => port.port)).sort()).toEqual(['http', 'management']);
    });

    it("has its image's main file where `nest build` writes it, and its Secret's keys in deploy/README.md", () => {
      const steps = dockerfile();
      const link = steps.find((step) => step.instruction === 'RUN' && step.args.includes('ln -s'));
      const main = /ln -s "([^"]+)" main\.js/.exec(link?.args ?? '')?.[1].replaceAll('${APP}', app);
      expect(main).toBe(path.relative(REPO_ROOT, productionBuildLayout(app).main));
      // The compile cache is warmed by the user the container runs as (Node keeps one cache per user id).
      const user = steps.findLastIndex((step) => step.instruction === 'USER');
      const warmUp = steps.findIndex((step) => step.instruction === 'RUN' && step.args.includes('require('));
      expect(warmUp).toBeGreaterThan(user);
      const warmed = /require\('\.\/([^']+)'\)/.exec(steps[warmUp]?.args ?? '')?.[1].replaceAll('${APP}', app);
      expect(warmed).toBe(path.join(path.dirname(main ?? ''), `${app}.module.js`));
      expect(existsSync(path.join(REPO_ROOT, 'apps', app, 'src', `${app}.module.ts`))).toBe(true);

      const readme = readFileSync(path.join(REPO_ROOT, 'deploy/README.md'), 'utf8');
      const creation = new RegExp(`kubectl create secret generic ${app}-secrets[^\\n]*(\\\\\\n[^\\n]*)*`).exec(readme)?.[0] ?? '';
      for (const { name } of container.env) expect(creation).toContain(`--from-literal=${name}=`);
    });
  });

  it('builds on the Node that package.json pins, runs as the unprivileged node user, and copies only what exists', () => {
    const steps = dockerfile();
    const pinned = (JSON.parse(readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as { devDependencies: { node: string } })
      .devDependencies.node;
    const image = steps.find((step) => step.instruction === 'ARG' && step.args.startsWith('NODE_IMAGE='))?.args;
    expect(image).toBe(`NODE_IMAGE=node:${pinned.replace(/^\^/, '')}-bookworm-slim`);
    expect(process.version).toBe(`v${pinned.replace(/^\^/, '')}`);

    const lastStage = steps.slice(steps.map((step) => step.instruction).lastIndexOf('FROM'));
    expect(lastStage.filter((step) => step.instruction === 'USER').map((step) => step.args)).toEqual(['node']);
    expect(lastStage.at(-1)).toEqual({ instruction: 'CMD', args: '["node", "main.js"]' });
    expect(lastStage.find((step) => step.instruction === 'ENV')?.args).toContain('NODE_ENV=production');

    const sources = steps
      .filter((step) => step.instruction === 'COPY' && !step.args.startsWith('--from'))
      .flatMap((step) => step.args.split(/\s+/).slice(0, -1));
    expect(sources.length).toBeGreaterThan(0);
    expect(sources.filter((source) => !existsSync(path.join(REPO_ROOT, source)))).toEqual([]);
    const ignored = readFileSync(path.join(REPO_ROOT, '.dockerignore'), 'utf8').split('\n');
    expect(ignored).toEqual(expect.arrayContaining(['node_modules', 'dist', '.git']));
  });

  describe('the probes reach real routes', () => {
    let stack: RunningStack;

    beforeAll(async () => {
      stack = await startStack({ apps: ['dev-idp', 'user-service', 'product-service', 'order-service', ...(Object.keys(BFFS) as Bff[])] });
    }, 120_000);
    afterAll(() => stack?.stop());

    it.each(Object.keys(BFFS) as Bff[])("%s answers its probes' paths on its management port", async (app) => {
      const [container] = one<{ spec: { template: PodTemplate } }>(manifestsOf(app), 'Deployment').spec.template.spec.containers;
      for (const probe of [container.startupProbe, container.livenessProbe, container.readinessProbe]) {
        const res = await fetch(`${stack.managementUrls[app]}${probe.httpGet.path}`);
        expect({ path: probe.httpGet.path, status: res.status }).toEqual({ path: probe.httpGet.path, status: 200 });
      }
    });
  });
});
