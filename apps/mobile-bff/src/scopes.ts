/**
 * What each screen needs of the caller's token. The token's scopes are the backend scope names (dev-idp gives the
 * mobile app the same ones), so a screen asks for exactly the scopes its backend calls need.
 */
export const SCREEN_SCOPES = {
  home: ['users:read', 'orders:read', 'products:read'],
  readOrders: ['orders:read', 'products:read'],
  writeOrders: ['orders:read', 'orders:write', 'products:read'],
  /** Products priced in the user's locale: the profile says which. */
  catalogue: ['products:read', 'users:read'],
  categories: ['products:read'],
  checkout: ['products:read', 'users:read'],
  profile: ['users:read', 'orders:read'],
} as const;
