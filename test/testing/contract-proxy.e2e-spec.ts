import { once } from 'node:events';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { type Server, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { type ContractProxy, assertAnswerKeepsContract, documentSchemaValidator, startContractProxy, violationsOf } from '@facet/testing';

/** A 3.1 document of one route whose answer has a nullable integer and a nullable object. */
const DOCUMENT = {
  openapi: '3.1.0',
  info: { title: 'contract proxy check', version: '1' },
  paths: {
    '/thing': {
      get: {
        operationId: 'getThing',
        parameters: [{ name: 'limit', in: 'query', schema: { type: 'integer' } }],
        responses: {
          '200': {
            description: 'ok',
            content: {
              'application/json': {
                schema: {
                  type: 'object',
                  required: ['count', 'owner'],
                  properties: {
                    count: { type: ['integer', 'null'] },
                    owner: { anyOf: [{ $ref: '#/components/schemas/Owner' }, { type: 'null' }] },
                  },
                },
              },
            },
          },
        },
      },
    },
  },
  components: { schemas: { Owner: { type: 'object', required: ['name'], properties: { name: { type: 'string' } } } } },
};

/** What the upstream answers, chosen per request by its `x-answer` header. */
const ANSWERS: Record<string, { status: number; body: unknown }> = {
  whole: { status: 200, body: { count: 3, owner: { name: 'acme' } } },
  nulls: { status: 200, body: { count: null, owner: null } },
  wrong: { status: 200, body: { count: 'three', owner: { label: 'acme' } } },
  teapot: { status: 418, body: { error: 'undocumented' } },
};

/**
 * The validating proxy the partner suites check every answer through (Stoplight Prism), against a small upstream
 * whose answers are known: it passes what the document describes (3.1 nulls included) and reports what it does not,
 * so a suite that sees no violation has been checked, not waved through.
 */
describe('libs/testing: the contract proxy', () => {
  let upstream: Server;
  let proxy: ContractProxy;
  let folder: string;

  beforeAll(async () => {
    folder = mkdtempSync(path.join(tmpdir(), 'facet-contract-'));
    const document = path.join(folder, 'openapi.json');
    writeFileSync(document, JSON.stringify(DOCUMENT));
    upstream = createServer((req, res) => {
      const answer = ANSWERS[String(req.headers['x-answer'])] ?? ANSWERS.whole;
      res.writeHead(answer.status, { 'content-type': 'application/json' }).end(JSON.stringify(answer.body));
    });
    upstream.listen(0, '127.0.0.1');
    await once(upstream, 'listening');
    proxy = await startContractProxy({ document, upstream: `http://127.0.0.1:${(upstream.address() as AddressInfo).port}` });
  });

  afterAll(async () => {
    await proxy?.stop();
    upstream?.close();
    rmSync(folder, { recursive: true, force: true });
  });

  const get = (answer: string, query = ''): Promise<Response> => fetch(`${proxy.url}/thing${query}`, { headers: { 'x-answer': answer } });

  it.each(['whole', 'nulls'])('passes a %s answer the document describes, with the body as the upstream sent it', async (answer) => {
    const response = await get(answer);
    expect(() => assertAnswerKeepsContract('GET', '/thing', response.status, response.headers)).not.toThrow();
    expect(await response.json()).toEqual(ANSWERS[answer].body);
  });

  it('fails an answer whose body breaks the schema, naming each property', async () => {
    const response = await get('wrong');
    expect(response.status).toBe(200);
    expect(violationsOf(response.headers).response.map((violation) => violation.location.join('.'))).toEqual(
      expect.arrayContaining(['response.body.count', 'response.body.owner']),
    );
    expect(() => assertAnswerKeepsContract('GET', '/thing', response.status, response.headers)).toThrow(/body\.count/);
  });

  it('fails an answer with a status the document does not list', async () => {
    const response = await get('teapot');
    expect(() => assertAnswerKeepsContract('GET', '/thing', response.status, response.headers)).toThrow(/status code/);
  });

  it('fails an answer from a route the document does not describe, of which it would check nothing', async () => {
    const response = await fetch(`${proxy.url}/other`, { headers: { 'x-answer': 'wrong' } });
    expect(response.status).toBe(200);
    expect(() => assertAnswerKeepsContract('GET', '/other', response.status, response.headers)).toThrow(/does not describe/);
  });

  it("leaves the request's own violations to the suite: bad input is what negative tests send", async () => {
    const response = await get('whole', '?limit=many');
    expect(violationsOf(response.headers).request).toHaveLength(1);
    expect(() => assertAnswerKeepsContract('GET', '/thing', response.status, response.headers)).not.toThrow();
  });

  it("validates a value against one of the document's schemas, resolving its references", () => {
    const problems = documentSchemaValidator(DOCUMENT, { $ref: '#/components/schemas/Owner' });
    expect(problems({ name: 'acme' })).toEqual([]);
    expect(problems({ label: 'acme' })).toEqual(["/ must have required property 'name'"]);
  });
});
