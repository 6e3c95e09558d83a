// Writes the Kubernetes manifests of each BFF (deploy/k8s/<app>.yaml: ConfigMap, Deployment, Service,
// HorizontalPodAutoscaler, NetworkPolicy, PodDisruptionBudget) from the one description below, so the three stay alike where
// they should and differ only where their apps do.
//
//   npm run deploy:manifests            # regenerate after a deliberate change
//   node scripts/write-deploy-manifests.mjs --check   # exit 1 when a checked-in file differs or does not validate
//   node scripts/write-deploy-manifests.mjs --validate <file>...   # validate any manifest file (test/deploy)
//
// The values are a starting point for an operator: the example.com addresses, the image registry and the sizes are
// theirs to set (kustomize patches or a copy). Secrets are never here: each BFF reads its own Secret (see
// deploy/README.md for the keys and how to create it).
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Deployment } from 'kubernetes-models/apps/v1';
import { NetworkPolicy } from 'kubernetes-models/networking.k8s.io/v1';
import { HorizontalPodAutoscaler } from 'kubernetes-models/autoscaling/v2';
import { PodDisruptionBudget } from 'kubernetes-models/policy/v1';
import { ConfigMap, Service } from 'kubernetes-models/v1';
import { parseAllDocuments, stringify } from 'yaml';

/** The kinds the manifests hold, each with its kubernetes-models class (whose validate() throws when it does not hold). */
const MODELS = {
  'v1/ConfigMap': ConfigMap,
  'v1/Service': Service,
  'apps/v1/Deployment': Deployment,
  'autoscaling/v2/HorizontalPodAutoscaler': HorizontalPodAutoscaler,
  'policy/v1/PodDisruptionBudget': PodDisruptionBudget,
  'networking.k8s.io/v1/NetworkPolicy': NetworkPolicy,
};

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const { version } = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8'));

const PORT = 3000;
/** The namespace Prometheus scrapes from: the only one that reaches a BFF's management port. */
const MONITORING_NAMESPACE = 'monitoring';
const MANAGEMENT_PORT = 13000;

/** What every BFF is told in a cluster: the identity provider, the backends, the ports, the logs. */
const COMMON_SETTINGS = {
  PORT: String(PORT),
  MANAGEMENT_PORT: String(MANAGEMENT_PORT),
  LOG_LEVEL: 'info',
  // One hop: the ingress or load balancer in front of the Service.
  TRUST_PROXY: '1',
  OIDC_ISSUER_URL: 'https://login.example.com',
  ORDER_SERVICE_URL: 'http://order-service.backend.svc.cluster.local',
  PRODUCT_SERVICE_URL: 'http://product-service.backend.svc.cluster.local',
  USER_SERVICE_URL: 'http://user-service.backend.svc.cluster.local',
  // Replicas share the product cache through Redis (REDIS_URL, in the Secret).
  PRODUCT_CACHE_STORE: 'redis',
};

/** Each BFF: its own settings (beyond its config class's defaults) and the settings its Secret holds. */
const BFFS = {
  'web-bff': {
    description: 'the browser BFF (server-side login, session cookie)',
    settings: { WEB_BFF_URL: 'https://shop.example.com', SESSION_STORE: 'redis' },
    secrets: ['OIDC_CLIENT_SECRET', 'SESSION_ENCRYPTION_SECRET', 'CURSOR_SIGNING_SECRET', 'REDIS_URL'],
  },
  'mobile-bff': {
    description: 'the phone BFF (bearer tokens)',
    settings: { STATE_STORE: 'redis' },
    secrets: ['OIDC_CLIENT_SECRET', 'STATE_ENCRYPTION_SECRET', 'CURSOR_SIGNING_SECRET', 'REDIS_URL'],
  },
  'partner-bff': {
    description: 'the third-party BFF (API keys, client credentials, per-partner rate limits)',
    settings: { STATE_STORE: 'redis', PARTNER_CLIENTS: 'partner-acme=acme' },
    secrets: ['OIDC_CLIENT_SECRET', 'CURSOR_SIGNING_SECRET', 'PARTNER_ADMIN_TOKEN', 'REDIS_URL'],
  },
};

function manifests(app, bff) {
  const labels = { 'app.kubernetes.io/name': app, 'app.kubernetes.io/part-of': 'facet', 'app.kubernetes.io/version': version };
  const selector = { 'app.kubernetes.io/name': app };
  const probe = (routePath, periodSeconds, failureThreshold) => ({
    httpGet: { path: routePath, port: 'management' },
    periodSeconds,
    timeoutSeconds: 2,
    failureThreshold,
  });
  return [
    {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: `${app}-config`, labels },
      data: { ...COMMON_SETTINGS, ...bff.settings },
    },
    {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: app, labels, annotations: { 'facet.dev/description': bff.description } },
      spec: {
        // No replica count: the autoscaler owns it (at least two), and a count here would reset it on every apply.
        revisionHistoryLimit: 5,
        selector: { matchLabels: selector },
        strategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 0, maxSurge: 1 } },
        template: {
          metadata: {
            labels,
            annotations: {
              'prometheus.io/scrape': 'true',
              'prometheus.io/port': String(MANAGEMENT_PORT),
              'prometheus.io/path': '/metrics',
            },
          },
          spec: {
            automountServiceAccountToken: false,
            securityContext: { runAsNonRoot: true, runAsUser: 1000, runAsGroup: 1000, seccompProfile: { type: 'RuntimeDefault' } },
            // SIGTERM lets in-flight requests finish for up to SHUTDOWN_TIMEOUT_MS (10 s) after the preStop pause.
            terminationGracePeriodSeconds: 30,
            topologySpreadConstraints: [
              {
                maxSkew: 1,
                topologyKey: 'kubernetes.io/hostname',
                whenUnsatisfiable: 'ScheduleAnyway',
                labelSelector: { matchLabels: selector },
              },
            ],
            containers: [
              {
                name: app,
                image: `registry.example.com/facet/${app}:${version}`,
                ports: [
                  { name: 'http', containerPort: PORT },
                  { name: 'management', containerPort: MANAGEMENT_PORT },
                ],
                envFrom: [{ configMapRef: { name: `${app}-config` } }],
                env: bff.secrets.map((key) => ({ name: key, valueFrom: { secretKeyRef: { name: `${app}-secrets`, key } } })),
                // The process is up within seconds (bench/results/latest.md); live and ready are the management port's.
                startupProbe: probe('/health/live', 1, 30),
                livenessProbe: probe('/health/live', 10, 3),
                readinessProbe: probe('/health/ready', 5, 2),
                // The endpoints controller takes a moment to stop sending traffic to a terminating pod.
                lifecycle: { preStop: { exec: { command: ['sleep', '5'] } } },
                resources: { requests: { cpu: '250m', memory: '256Mi' }, limits: { memory: '512Mi' } },
                securityContext: { allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: { drop: ['ALL'] } },
                volumeMounts: [{ name: 'tmp', mountPath: '/tmp' }],
              },
            ],
            volumes: [{ name: 'tmp', emptyDir: { sizeLimit: '64Mi' } }],
          },
        },
      },
    },
    {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: app, labels },
      // The public port only: the management port is for the kubelet's probes and Prometheus, never a client.
      spec: { type: 'ClusterIP', selector, ports: [{ name: 'http', port: 80, targetPort: 'http' }] },
    },
    {
      apiVersion: 'autoscaling/v2',
      kind: 'HorizontalPodAutoscaler',
      metadata: { name: app, labels },
      spec: {
        scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: app },
        minReplicas: 2,
        maxReplicas: 10,
        metrics: [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 70 } } }],
      },
    },
    {
      apiVersion: 'networking.k8s.io/v1',
      kind: 'NetworkPolicy',
      metadata: { name: app, labels },
      spec: {
        podSelector: { matchLabels: selector },
        policyTypes: ['Ingress'],
        // The public port from anywhere the cluster routes it; the management port (metrics, health detail,
        // partner-bff's key administration) only from the monitoring namespace. The kubelet's probes come from the
        // node, which network policies leave alone.
        ingress: [
          { ports: [{ port: 'http', protocol: 'TCP' }] },
          {
            from: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': MONITORING_NAMESPACE } } }],
            ports: [{ port: 'management', protocol: 'TCP' }],
          },
        ],
      },
    },
    {
      apiVersion: 'policy/v1',
      kind: 'PodDisruptionBudget',
      metadata: { name: app, labels },
      spec: { minAvailable: 1, selector: { matchLabels: selector } },
    },
  ];
}

const fileOf = (app) => path.join(root, 'deploy/k8s', `${app}.yaml`);

function render(app, bff) {
  const header = `# ${app}: ${bff.description}. Generated by scripts/write-deploy-manifests.mjs (npm run deploy:manifests): edit there.\n`;
  return (
    header +
    manifests(app, bff)
      .map((doc) => stringify(doc, { lineWidth: 0, aliasDuplicateObjects: false }))
      .join('---\n')
  );
}

/**
 * Problems of a manifest file: YAML errors and warnings, and each object checked against the Kubernetes API's own
 * JSON schemas (kubernetes-models, Kubernetes 1.27): one line per problem, none when it holds.
 */
function problemsOf(file) {
  const problems = [];
  const documents = parseAllDocuments(readFileSync(file, 'utf8'));
  for (const document of Array.isArray(documents) ? documents : [documents]) {
    for (const issue of [...document.errors, ...document.warnings]) problems.push(`YAML: ${issue.message}`);
    const object = document.toJS();
    const Model = MODELS[`${object?.apiVersion}/${object?.kind}`];
    if (!Model) {
      problems.push(`${object?.apiVersion}/${object?.kind}: not a kind these manifests use`);
      continue;
    }
    try {
      new Model(object).validate();
    } catch (error) {
      problems.push(`${object.kind} ${object.metadata?.name}: ${error.message}`);
    }
  }
  return problems;
}

function report(file, problems) {
  for (const problem of problems) console.error(`${path.relative(root, file)}: ${problem}`);
  return problems.length;
}

const [mode, ...files] = process.argv.slice(2);
if (mode === '--validate') {
  const failed = files.reduce((count, file) => count + report(file, problemsOf(path.resolve(file))), 0);
  process.exit(failed > 0 ? 1 : 0);
}

let failed = 0;
for (const [app, bff] of Object.entries(BFFS)) {
  const file = fileOf(app);
  const text = render(app, bff);
  if (mode !== '--check') {
    writeFileSync(file, text);
    console.log(`wrote ${path.relative(root, file)}`);
    continue;
  }
  if (!existsSync(file) || readFileSync(file, 'utf8') !== text) {
    failed += report(file, ['differs from what scripts/write-deploy-manifests.mjs writes: run npm run deploy:manifests']);
  } else {
    failed += report(file, problemsOf(file));
  }
}
if (failed > 0) process.exit(1);
