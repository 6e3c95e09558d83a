import { RequestValidationError } from '@facet/platform';
import { CatalogueService } from './catalogue.service';

describe('CatalogueService', () => {
  const catalogue = new CatalogueService();

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
