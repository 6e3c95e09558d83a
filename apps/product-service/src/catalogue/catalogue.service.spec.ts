import type { Page, Product } from '@facet/domain';
import { RequestValidationError } from '@facet/platform';
import { SEED_PARTNERS, seedProducts } from '@facet/sandbox';
import { ProductServiceConfig } from '../product-service.config';
import { CatalogueService } from './catalogue.service';
import type { ProductSearch } from './products.dto';

const withSize = (size: number): CatalogueService =>
  new CatalogueService(Object.assign(new ProductServiceConfig(), { CATALOGUE_SIZE: size }));

/** Every product a search finds, page by page, checking no page repeats an earlier one's product. */
function walk(catalogue: CatalogueService, search: Omit<ProductSearch, 'cursor'>): { ids: string[]; pages: number } {
  const ids: string[] = [];
  let cursor: string | undefined;
  let pages = 0;
  do {
    const page: Page<Product> = catalogue.search({ ...search, cursor });
    ids.push(...page.items.map((product) => product.id));
    cursor = page.nextCursor ?? undefined;
    pages++;
  } while (cursor);
  expect(new Set(ids).size).toBe(ids.length);
  return { ids, pages };
}

describe('CatalogueService', () => {
  const catalogue = withSize(1200);

  it("lists exactly a partner's products, in id order, with no gap or duplicate across pages", () => {
    for (const { id: partnerId } of SEED_PARTNERS) {
      const expected = seedProducts()
        .filter((product) => product.partnerId === partnerId)
        .map((product) => product.id);
      expect(expected.length).toBeGreaterThan(300);
      const { ids, pages } = walk(catalogue, { partnerId, limit: 100 });
      expect(ids).toEqual(expected);
      expect(pages).toBe(Math.ceil(expected.length / 100));
    }
  });

  it('filters by updatedSince, inclusively, combined with a partner and a category', () => {
    const since = '2025-06-01T00:00:00.000Z';
    const expected = seedProducts()
      .filter((product) => product.partnerId === 'globex' && product.category === 'books' && product.updatedAt >= since)
      .map((product) => product.id);
    expect(walk(catalogue, { partnerId: 'globex', category: 'books', updatedSince: since, limit: 7 }).ids).toEqual(expected);
    const exact = seedProducts()[10].updatedAt;
    expect(catalogue.search({ updatedSince: exact, limit: 100 }).items.map((product) => product.id)).toContain(seedProducts()[10].id);
    expect(catalogue.search({ updatedSince: '2999-01-01T00:00:00Z' }).items).toEqual([]);
  });

  it('takes updatedSince to the millisecond: a product changed at that instant is in, one changed a millisecond before is out', () => {
    const product = seedProducts()[10];
    const at = Date.parse(product.updatedAt);
    const ids = (since: number): string[] =>
      walk(catalogue, { category: product.category, updatedSince: new Date(since).toISOString(), limit: 100 }).ids;
    expect(ids(at)).toContain(product.id);
    expect(ids(at + 1)).not.toContain(product.id);
    // Without milliseconds it is the same instant as with `.000`.
    const second = new Date(Math.floor(at / 1000) * 1000).toISOString();
    expect(ids(Date.parse(second))).toEqual(
      walk(catalogue, { category: product.category, updatedSince: second.replace('.000', ''), limit: 100 }).ids,
    );
  });

  it('holds a larger catalogue whose first 1,200 products are the default ones, paging past p_9999 in order', () => {
    const large = withSize(10_050);
    expect(large.get('p_0001')).toEqual(catalogue.get('p_0001'));
    expect(large.get('p_1200')).toEqual(catalogue.get('p_1200'));
    const { ids } = walk(large, { limit: 100 });
    expect(ids).toHaveLength(10_050);
    expect(ids.slice(9998, 10_001)).toEqual(['p_9999', 'p_10000', 'p_10001']);
  });

  it('answers a batch with exactly the asked ids that exist, in the order asked, and lists the rest as missing', () => {
    const { items, missing } = catalogue.batch(['p_0003', 'p_9999', 'p_0001', 'nope']);
    expect(items.map((product) => product.id)).toEqual(['p_0003', 'p_0001']);
    expect(missing).toEqual(['p_9999', 'nope']);
  });

  it('pages through a search with cursors, visiting every match once', () => {
    const seen: string[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const page = catalogue.search({ category: 'books', limit: 30, cursor });
      expect(page.totalCount).toBe(100);
      seen.push(...page.items.map((product) => product.id));
      cursor = page.nextCursor ?? undefined;
      pages++;
    } while (cursor);
    expect(pages).toBe(4);
    expect(new Set(seen).size).toBe(100);
    expect(seen).toEqual([...seen].sort());
  });

  it('searches names and descriptions ignoring case', () => {
    const page = catalogue.search({ q: 'KETTLE' });
    expect(page.totalCount).toBeGreaterThan(0);
    expect(page.items.every((product) => `${product.name} ${product.description}`.toLowerCase().includes('kettle'))).toBe(true);
  });

  it('refuses a cursor it did not issue, naming the field', () => {
    expect(() => catalogue.search({ cursor: 'garbage' })).toThrow(RequestValidationError);
    expect(() => catalogue.search({ cursor: Buffer.from('[1]').toString('base64url') })).toThrow(/cursor/);
  });

  it('counts products per category', () => {
    const categories = catalogue.categories();
    expect(categories.reduce((sum, category) => sum + category.productCount, 0)).toBe(1200);
    expect(categories.find((category) => category.id === 'books')).toEqual({ id: 'books', name: 'Books', productCount: 100 });
    // Counted once: the catalogue never changes.
    expect(catalogue.categories()).toBe(categories);
  });

  it('answers a missing product with NOT_FOUND', () => {
    expect(catalogue.get('p_0001').id).toBe('p_0001');
    expect(() => catalogue.get('p_0000')).toThrow(expect.objectContaining({ status: 404, code: 'NOT_FOUND' }));
  });
});
