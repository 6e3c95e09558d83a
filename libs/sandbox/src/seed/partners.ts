export interface SeedPartner {
  id: string;
  name: string;
}

/**
 * The partners of the seeded world: each sells a slice of the catalogue and ships some orders. dev-idp's partner
 * clients (`partner-acme`, …) and the local stack's PARTNER_CLIENTS map onto these ids.
 */
export const SEED_PARTNERS: readonly SeedPartner[] = [
  { id: 'acme', name: 'Acme Marketplace' },
  { id: 'globex', name: 'Globex Logistics' },
  { id: 'initech', name: 'Initech Supplies' },
];
