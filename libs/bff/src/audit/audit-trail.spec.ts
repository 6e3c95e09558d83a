import express from 'express';
import request from 'supertest';
import { type AuditRecord, auditTrail } from './audit-trail';

describe('auditTrail', () => {
  const records: AuditRecord[] = [];
  const app = express();
  app.use(auditTrail((record) => records.push(record)));
  app.use((req, _res, next) => {
    if (req.headers['x-api-key'] === 'good') {
      Object.assign(req, { id: 'req-1', partner: { partnerId: 'acme', via: 'api-key', credentialId: '0123456789abcdef' } });
    }
    next();
  });
  app.get('/v1/orders/:id', (req, res) => {
    if (!('partner' in req)) return void res.status(401).json({ error: 'no' });
    res.json({ id: req.params.id });
  });

  beforeEach(() => (records.length = 0));

  it('records the partner, credential id, route template, status and latency, never the key or the query', async () => {
    await request(app).get('/v1/orders/o_00042?secret=x').set('X-Api-Key', 'good').expect(200);
    expect(records).toEqual([
      {
        partner_id: 'acme',
        via: 'api-key',
        credential_id: '0123456789abcdef',
        method: 'GET',
        route: '/v1/orders/:id',
        status: 200,
        latency_ms: expect.any(Number),
        request_id: 'req-1',
      },
    ]);
    expect(JSON.stringify(records)).not.toMatch(/good|secret|o_00042/);
  });

  it('records refused and unmatched requests too', async () => {
    await request(app).get('/v1/orders/o_1').expect(401);
    await request(app).get('/nowhere').expect(404);
    expect(records.map(({ partner_id, route, status }) => ({ partner_id, route, status }))).toEqual([
      { partner_id: null, route: '/v1/orders/:id', status: 401 },
      { partner_id: null, route: '/nowhere', status: 404 },
    ]);
  });
});
