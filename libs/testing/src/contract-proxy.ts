import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import path from 'node:path';
import { createInterface } from 'node:readline';
import Ajv2020, { type ValidateFunction } from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import { freePort } from './ports';
import { REPO_ROOT } from './stack';
import { recordChild } from './test-run';

/** One finding of the validating proxy (Stoplight Prism), as it reports them in its `sl-violations` header. */
export interface ContractViolation {
  location: (string | number)[];
  severity: 'Error' | 'Warning' | 'Information' | 'Hint';
  code?: string | number;
  message: string;
}

/** What the proxy's own header says about an answer: its violations of the document, request and response apart. */
export function violationsOf(headers: Headers): { request: ContractViolation[]; response: ContractViolation[] } {
  const header = headers.get('sl-violations');
  const all = header ? (JSON.parse(header) as ContractViolation[]) : [];
  return {
    request: all.filter((violation) => violation.location[0] === 'request'),
    response: all.filter((violation) => violation.location[0] !== 'request'),
  };
}

/** Prism's word for a request to a path and method the document does not describe: it then checks no answer at all. */
const NO_OPERATION = 'Selected route not found';

/**
 * Fails when an answer breaks the document: any violation of the response, warnings included (Prism only warns of an
 * error status the document does not list, which a client generated from it could not handle), and any answer from
 * a route the document does not describe (Prism checks nothing of it). Other violations of the request are the
 * test's own doing (suites send bad input on purpose) and are left to the suite's assertions.
 */
export function assertAnswerKeepsContract(method: string, url: string, status: number, headers: Headers): void {
  const { request, response } = violationsOf(headers);
  if (request.some((violation) => violation.message === NO_OPERATION)) {
    throw new Error(`${method} ${url} answered ${status} on a route the contract does not describe`);
  }
  if (response.length > 0) {
    throw new Error(
      `${method} ${url} answered ${status} outside the contract:\n${response
        .map((violation) => `  ${violation.severity} at ${violation.location.join('.')}: ${violation.message}`)
        .join('\n')}`,
    );
  }
}

export interface ContractProxy {
  /** Where to send requests instead of the upstream: each is forwarded, and its answer checked against the document. */
  url: string;
  stop(): Promise<void>;
}

/**
 * Stoplight Prism as a validating proxy in front of `upstream`: every answer comes back as the upstream gave it, plus
 * an `sl-violations` header listing what does not match the OpenAPI document (status, headers, media type, body).
 * The process is recorded for the test run, so a failing suite cannot leave it behind.
 */
export async function startContractProxy(options: { document: string; upstream: string }): Promise<ContractProxy> {
  const port = await freePort();
  const cli = require.resolve('@stoplight/prism-cli/dist/index.js', { paths: [REPO_ROOT] });
  const document = path.resolve(REPO_ROOT, options.document);
  const child: ChildProcess = spawn(
    process.execPath,
    [cli, 'proxy', document, options.upstream, '--host', '127.0.0.1', '--port', String(port), '--errors', 'false'],
    { cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  recordChild(child, cli);
  const output: string[] = [];
  const listening = new Promise<void>((resolve, reject) => {
    const lines = createInterface({ input: child.stdout! });
    lines.on('line', (line) => {
      output.push(line);
      if (line.includes('Prism is listening')) resolve();
    });
    createInterface({ input: child.stderr! }).on('line', (line) => output.push(line));
    child.once('exit', (code) => reject(new Error(`prism exited (${code}) before listening:\n${output.slice(-20).join('\n')}`)));
  });
  const timeout = setTimeout(() => child.kill('SIGKILL'), 30_000);
  try {
    await listening;
  } finally {
    clearTimeout(timeout);
  }
  return {
    url: `http://127.0.0.1:${port}`,
    stop: async () => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = once(child, 'exit');
      child.kill('SIGTERM');
      const kill = setTimeout(() => child.kill('SIGKILL'), 5000);
      await exited;
      clearTimeout(kill);
    },
  };
}

/**
 * A validator of a schema of an OpenAPI 3.1 document (JSON Schema 2020-12, as 3.1 is) whose `$ref`s point into that
 * document: for what a proxy cannot check, such as each line of an NDJSON stream against its item schema.
 */
export function documentSchemaValidator(document: { components?: object }, schema: object): (value: unknown) => string[] {
  const ajv = new Ajv2020({ strict: false, allErrors: true });
  addFormats(ajv);
  const validate: ValidateFunction = ajv.compile({ $id: 'urn:facet:openapi-document', components: document.components, ...schema });
  return (value) => (validate(value) ? [] : (validate.errors ?? []).map((error) => `${error.instancePath || '/'} ${error.message}`));
}
