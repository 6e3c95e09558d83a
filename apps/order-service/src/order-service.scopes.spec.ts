import { scopesByRoute } from '@facet/testing';
import { OrdersController } from './orders/orders.controller';
import { ShipmentsController } from './shipments/shipments.controller';

describe('order-service scopes', () => {
  it('asks orders:read of every route and orders:write as well of every write', () => {
    expect(scopesByRoute(OrdersController, ShipmentsController)).toEqual({
      'GET /orders': ['orders:read'],
      'GET /orders/stats': ['orders:read'],
      'GET /orders/:id': ['orders:read'],
      'POST /orders': ['orders:write', 'orders:read'],
      'POST /orders/:id/cancel': ['orders:write', 'orders:read'],
      'POST /orders/:id/shipments': ['orders:write', 'orders:read'],
    });
  });
});
