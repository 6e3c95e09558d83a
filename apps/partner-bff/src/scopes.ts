/** What a partner's credential (API key or client-credentials token) may be granted, route by route. */
export const PARTNER_SCOPES = {
  readProducts: 'partner:products:read',
  readOrders: 'partner:orders:read',
  writeShipments: 'partner:shipments:write',
} as const;

export const ALL_PARTNER_SCOPES: readonly string[] = Object.values(PARTNER_SCOPES);
