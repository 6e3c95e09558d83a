import { randomUUID } from 'node:crypto';
import { type ContractProxy, type RunningStack, startStack } from '@facet/testing';
import { type PartnerAnswer, partnerCall, partnerToken, startPartnerApi, walk } from './partner-api';

interface ContractOrder {
  id: string;
  status: string;
  role: 'fulfilment' | 'seller';
  lines: { product_id: string; quantity: number }[];
  shipping_address: { line1: string; postal_code: string; country: string } | null;
  shipment: { carrier: string; tracking_number: string; events: { description: string }[] } | null;
}

/**
 * A partner's whole day one, through partner-bff alone (behind the contract proxy, so every answer is also checked
 * against the published document): it gets a token from the identity provider as its own OAuth client, finds the
 * orders it must ship, reads one with the address it ships to, records the shipment, and sees the order move on.
 * It knows nothing of the seed: every id it uses came from an answer. partner-bff runs on the @nestjs/axios transport.
 */
describe('partner-bff: the fulfilment journey', () => {
  let stack: RunningStack;
  let contract: ContractProxy;

  beforeAll(async () => {
    stack = await startStack({
      apps: ['dev-idp', 'user-service', 'product-service', 'order-service', 'partner-bff'],
      // The other partner suites run the default transport; this one calls the services through @nestjs/axios.
      env: { 'partner-bff': { DOWNSTREAM_TRANSPORT: 'axios' } },
    });
    contract = await startPartnerApi(stack.urls['partner-bff']);
  });

  afterAll(async () => {
    await contract?.stop();
    await stack?.stop();
  });

  it('finds an order it must fulfil, ships it once, and sees it shipped', async () => {
    const credential = { token: await partnerToken(stack.urls['dev-idp'], 'acme') };
    const call = <T>(path: string, init?: Parameters<typeof partnerCall>[3]): Promise<PartnerAnswer<T>> =>
      partnerCall<T>(contract.url, path, credential, init);

    // What to ship now: the paid orders assigned to it, every page of them.
    const toShip = await walk<ContractOrder>(contract.url, '/v1/orders?role=fulfilment&status=paid&limit=20', credential);
    expect(toShip.items.length).toBeGreaterThan(0);
    for (const order of toShip.items) expect(order).toMatchObject({ role: 'fulfilment', status: 'paid', shipment: null });

    const [next] = toShip.items;
    const detail = await call<ContractOrder>(`/v1/orders/${next.id}`);
    expect(detail.status).toBe(200);
    expect(detail.body.shipping_address).toEqual(
      expect.objectContaining({ line1: expect.any(String), postal_code: expect.any(String), country: expect.any(String) }),
    );
    expect(detail.body.lines.length).toBeGreaterThan(0);

    const shipment = { carrier: 'DPD', tracking_number: 'JOURNEY-0001' };
    const idempotencyKey = randomUUID();
    const shipped = await call<ContractOrder>(`/v1/orders/${next.id}/shipments`, {
      method: 'POST',
      headers: { 'idempotency-key': idempotencyKey },
      body: shipment,
    });
    expect(shipped.status).toBe(201);
    expect(shipped.body).toMatchObject({ id: next.id, status: 'shipped', shipment: { carrier: 'DPD', tracking_number: 'JOURNEY-0001' } });
    expect(shipped.body.shipment!.events).toEqual([expect.objectContaining({ description: 'Handed to DPD' })]);

    // A retry of the same request, as after a lost answer, changes nothing and gets the same answer.
    const retried = await call<ContractOrder>(`/v1/orders/${next.id}/shipments`, {
      method: 'POST',
      headers: { 'idempotency-key': idempotencyKey },
      body: shipment,
    });
    expect(retried.status).toBe(201);
    expect(retried.headers.get('idempotent-replayed')).toBe('true');
    expect(retried.body).toEqual(shipped.body);

    expect((await call<ContractOrder>(`/v1/orders/${next.id}`)).body).toMatchObject({ status: 'shipped', shipment: { events: [{}] } });
    const stillToShip = await walk<ContractOrder>(contract.url, '/v1/orders?role=fulfilment&status=paid&limit=20', credential);
    expect(stillToShip.items.map((order) => order.id)).toEqual(toShip.items.slice(1).map((order) => order.id));
    const nowShipped = await walk<ContractOrder>(contract.url, '/v1/orders?role=fulfilment&status=shipped&limit=100', credential);
    expect(nowShipped.items.map((order) => order.id)).toContain(next.id);
  });

  it('refuses a role it does not know with a 400 naming it', async () => {
    const credential = { token: await partnerToken(stack.urls['dev-idp'], 'acme') };
    const answer = await partnerCall<{ code: string }>(contract.url, '/v1/orders?role=buyer', credential);
    expect(answer.status).toBe(400);
    expect(JSON.stringify(answer.body)).toContain('role');
  });
});
