// Facet Shop: a small page over web-bff. It never sees a token: the session lives in an HTTP-only cookie and
// every API call carries the X-CSRF header that web-bff requires.
'use strict';

const $ = (id) => document.getElementById(id);
const VIEWS = ['login', 'dashboard', 'products', 'product', 'orders', 'order', 'new-order'];

class SessionEndedError extends Error {}

async function api(path, options = {}) {
  const res = await fetch(path, {
    ...options,
    credentials: 'same-origin',
    headers: { Accept: 'application/json', 'X-CSRF': '1', ...(options.body ? { 'Content-Type': 'application/json' } : {}), ...options.headers },
  });
  // Read every answer, a 401 too: an unread answer can hold its connection until it is collected.
  const body = await res.json().catch(() => ({}));
  if (res.status === 401) throw new SessionEndedError('Your session has ended');
  if (!res.ok) throw new Error(body.error?.message ?? `Request failed (${res.status})`);
  return body;
}

function el(tag, props = {}, children = []) {
  const node = document.createElement(tag);
  Object.assign(node, props);
  for (const child of children) node.append(child);
  return node;
}

function show(view) {
  for (const name of VIEWS) $(`view-${name}`).hidden = name !== view;
}

function setStatus(text) {
  $('status').textContent = text;
}

function showDegraded(degraded) {
  const parts = (degraded ?? []).map((d) => `${d.part} (${d.reason})`);
  $('degraded').hidden = parts.length === 0;
  $('degraded').textContent = parts.length ? `Some information may be missing or out of date: ${parts.join(', ')}` : '';
}

function thumbnail(item) {
  return picture(item.thumbnailUrl);
}

function picture(url) {
  if (!url) return el('span', { className: 'no-image' });
  const image = el('img', { src: url, alt: '' });
  // An image host that cannot be reached (as in the sandbox, whose image URLs are made up) shows a neutral tile
  // instead of the browser's broken-image icon; the image stays, hidden, with the URL the BFF chose.
  image.addEventListener(
    'error',
    () => {
      image.hidden = true;
      image.before(el('span', { className: 'no-image' }));
    },
    { once: true },
  );
  return image;
}

function productCard(product) {
  return el('li', { className: 'product-card' }, [
    thumbnail(product),
    el('a', { href: `#/products/${encodeURIComponent(product.id)}`, textContent: product.name }),
    el('span', { textContent: product.price.formatted }),
    ...(product.inStock ? [] : [el('span', { className: 'sold-out', textContent: 'Out of stock' })]),
  ]);
}

/** The shop page shown now: its search (to ask for the next page of the same one) and where that page starts. */
let shopPage = { query: new URLSearchParams(), nextCursor: null };

function showMoreProducts(view) {
  shopPage.nextCursor = view.nextCursor;
  $('products-more').hidden = view.nextCursor === null;
}

async function renderProducts(params) {
  const q = params.get('q') ?? '';
  const category = params.get('category') ?? '';
  const query = new URLSearchParams({ ...(q ? { q } : {}), ...(category ? { category } : {}) });
  const view = await api(query.toString() ? `/api/products?${query}` : '/api/products');
  $('products-search').value = q;
  fillChoices(
    $('products-category'),
    [{ value: '', text: 'All' }, ...view.categories.map((c) => ({ value: c.id, text: `${c.name} (${c.productCount})` }))],
    [category],
    'All',
  );
  $('products-count').textContent = `${view.totalCount} product${view.totalCount === 1 ? '' : 's'}`;
  $('products-list').replaceChildren(...view.products.map(productCard));
  shopPage = { query, nextCursor: null };
  showMoreProducts(view);
  showDegraded(view.degraded);
  show('products');
}

async function renderProduct(id) {
  const view = await api(`/api/products/${encodeURIComponent(id)}`);
  const product = view.product;
  $('product-name').textContent = product.name;
  $('product-category').textContent = view.category.name ?? view.category.id;
  $('product-category').href = `#/products?${new URLSearchParams({ category: view.category.id })}`;
  // The larger renditions: the page's own pictures; the thumbnail is for lists.
  $('product-images').replaceChildren(...product.images.filter((image) => image.variant !== 'thumbnail').map((image) => picture(image.url)));
  $('product-price').textContent = product.price.formatted;
  $('product-stock').textContent = product.inStock ? `${product.stock} in stock` : 'Out of stock';
  $('product-description').textContent = product.description;
  $('product-attributes').replaceChildren(
    ...Object.entries(product.attributes).flatMap(([name, value]) => [el('dt', { textContent: name }), el('dd', { textContent: value })]),
  );
  $('product-order').hidden = !product.inStock;
  $('product-order').href = `#/new-order?${new URLSearchParams({ product: product.id })}`;
  $('product-related').replaceChildren(...view.related.map(productCard));
  showDegraded(view.degraded);
  show('product');
}

function orderLink(order) {
  return el('a', { href: `#/orders/${encodeURIComponent(order.id)}`, textContent: order.id });
}

async function renderDashboard() {
  const view = await api('/api/dashboard');
  $('dashboard-name').textContent = view.user?.displayName ?? 'there';
  $('dashboard-tier').textContent = view.user?.loyaltyTier ?? '–';
  $('dashboard-counts').replaceChildren(
    ...Object.entries(view.orderCounts ?? {}).map(([status, count]) => el('li', { textContent: `${status}: ${count}` })),
  );
  $('dashboard-orders').replaceChildren(
    ...view.recentOrders.map((order) =>
      el('li', { className: 'recent-order' }, [
        thumbnail(order.items[0] ?? {}),
        orderLink(order),
        ` ${order.status} · ${order.total.formatted} · `,
        order.items.map((item) => item.name ?? item.productId).join(', '),
      ]),
    ),
  );
  showDegraded(view.degraded);
  show('dashboard');
}

async function renderOrders(params) {
  const page = Number(params.get('page') ?? '1');
  const status = params.get('status') ?? '';
  const query = new URLSearchParams({ page: String(page), pageSize: '10', ...(status ? { status } : {}) });
  const view = await api(`/api/orders?${query}`);
  $('orders-status').value = status;
  $('orders-rows').replaceChildren(
    ...view.orders.map((order) =>
      el('tr', {}, [
        el('td', {}, [orderLink(order)]),
        el('td', { textContent: new Date(order.createdAt).toLocaleDateString() }),
        el('td', { textContent: order.status }),
        el('td', { textContent: String(order.itemCount) }),
        el('td', { textContent: order.total.formatted }),
      ]),
    ),
  );
  $('orders-pages').replaceChildren(
    ...Array.from({ length: view.totalPages }, (_, i) => {
      const p = new URLSearchParams({ page: String(i + 1), ...(status ? { status } : {}) });
      return el('a', { href: `#/orders?${p}`, textContent: String(i + 1), ...(i + 1 === view.page ? { ariaCurrent: 'page' } : {}) });
    }),
  );
  showDegraded(view.degraded);
  show('orders');
}

async function renderOrder(id) {
  const view = await api(`/api/orders/${encodeURIComponent(id)}`);
  $('order-id').textContent = view.id;
  $('order-status').textContent = view.status;
  $('order-total').textContent = view.total.formatted;
  $('order-cancel').hidden = !view.canCancel;
  $('order-cancel').dataset.orderId = view.id;
  $('order-items').replaceChildren(
    ...view.items.map((item) =>
      el('li', {}, [
        thumbnail(item),
        `${item.name ?? item.productId} × ${item.quantity} · ${item.lineTotal.formatted}`,
      ]),
    ),
  );
  const a = view.shippingAddress;
  $('order-address').textContent = [a.line1, a.line2, a.city, a.postalCode, a.country].filter(Boolean).join(', ');
  $('order-timeline').replaceChildren(...view.timeline.map((t) => el('li', { textContent: `${t.status} · ${new Date(t.at).toLocaleString()}` })));
  showDegraded(view.degraded);
  show('order');
}

/** The products the new-order form offers now, by id, for the picked one's thumbnail. */
let offeredProducts = new Map();

/**
 * Fills a select with `choices` ({ value, text }), selecting the first of `preferred` that is offered, else the
 * first choice; with no choices it shows `emptyText` and, being required, keeps the form from being submitted.
 */
function fillChoices(select, choices, preferred, emptyText) {
  const selected = preferred.find((value) => choices.some((choice) => choice.value === value)) ?? choices[0]?.value;
  select.replaceChildren(
    ...choices.map((choice) => el('option', { value: choice.value, textContent: choice.text, selected: choice.value === selected })),
  );
  if (choices.length === 0) select.append(el('option', { value: '', textContent: emptyText, disabled: true, selected: true }));
}

function showPickedProduct() {
  const product = offeredProducts.get($('new-order-product').value);
  $('new-order-thumbnail').replaceChildren(...(product ? [thumbnail(product)] : []));
}

/**
 * The form's addresses and products for the text in the search box, in one call. The product picked before stays
 * picked while it is offered; the address picked stays too when `keepAddress`, else the default is picked.
 */
async function loadNewOrderChoices({ keepAddress, productId }) {
  const q = $('new-order-search').value.trim();
  const query = new URLSearchParams({ ...(q ? { q } : {}), ...(productId ? { productId } : {}) });
  const view = await api(query.toString() ? `/api/orders/new?${query}` : '/api/orders/new');
  const productsDown = view.degraded.some((d) => d.part === 'products');
  offeredProducts = new Map(view.products.map((product) => [product.id, product]));
  fillChoices(
    $('new-order-product'),
    view.products.map((product) => ({ value: product.id, text: `${product.name} · ${product.price.formatted}` })),
    [productId, $('new-order-product').value],
    productsDown ? 'Products are unavailable right now' : 'No products match',
  );
  showPickedProduct();
  $('new-order-more').hidden = !view.moreProducts;
  const defaultAddress = view.shippingAddresses.find((address) => address.isDefault)?.id;
  fillChoices(
    $('new-order-address'),
    view.shippingAddresses.map((address) => ({ value: address.id, text: address.summary })),
    keepAddress ? [$('new-order-address').value, defaultAddress] : [defaultAddress],
    'No addresses available right now',
  );
  showDegraded(view.degraded);
}

/** The new-order form; `product` (from a product page) is offered first and picked. */
async function renderNewOrder(params) {
  // One key per form shown, for every submit of it: a double click, or a retry after a lost answer, repeats the
  // key and the order service creates the order once. A created order leaves the form, so the next order gets a
  // new form and key; replacing the key on success instead would let a second click land after the answer.
  $('new-order-form').dataset.idempotencyKey = crypto.randomUUID();
  const productId = params.get('product');
  try {
    await loadNewOrderChoices({ keepAddress: false, productId });
  } catch (error) {
    // A product link that names no product (edited, or the product is gone) still opens the form, without it.
    if (!productId || error instanceof SessionEndedError) throw error;
    await loadNewOrderChoices({ keepAddress: false });
  }
  // The product the user came for is not offered when it cannot be ordered now: say so rather than pick another.
  $('new-order-error').textContent =
    productId && !offeredProducts.has(productId) ? 'The product you chose cannot be ordered right now: pick another.' : '';
  show('new-order');
}

/** Asked once per page load (a login ends in one); a session that ends later shows as the next API call's 401. */
let signedIn = false;

async function route() {
  const [path, search] = location.hash.replace(/^#/, '').split('?');
  const params = new URLSearchParams(search ?? '');
  setStatus('Loading…');
  try {
    if (!signedIn) {
      const me = await api('/auth/user');
      $('user-name').textContent = me.user.name ?? me.user.email ?? me.user.id;
      $('logout').hidden = false;
      $('nav').hidden = false;
      signedIn = true;
    }
    const orderMatch = /^\/orders\/([^/]+)$/.exec(path ?? '');
    const productMatch = /^\/products\/([^/]+)$/.exec(path ?? '');
    if (orderMatch) await renderOrder(decodeURIComponent(orderMatch[1]));
    else if (productMatch) await renderProduct(decodeURIComponent(productMatch[1]));
    else if (path === '/products') await renderProducts(params);
    else if (path === '/orders') await renderOrders(params);
    else if (path === '/new-order') await renderNewOrder(params);
    else await renderDashboard();
    setStatus('');
  } catch (error) {
    showFailure(error);
  }
}

/** An ended session shows the login; any other failure is told in the status line. */
function showFailure(error) {
  if (error instanceof SessionEndedError) {
    signedIn = false;
    $('user-name').textContent = '';
    $('logout').hidden = true;
    $('nav').hidden = true;
    showDegraded([]);
    show('login');
    setStatus('');
  } else {
    setStatus(error.message);
  }
}

$('login').addEventListener('click', () => {
  location.assign(`/auth/login?returnTo=${encodeURIComponent(`/${location.hash}`)}`);
});

$('logout').addEventListener('click', async () => {
  const result = await api('/auth/logout', { method: 'POST' });
  location.assign(result.endSessionUrl ?? result.postLogoutRedirectUri);
});

$('orders-status').addEventListener('change', (event) => {
  const status = event.target.value;
  location.hash = status ? `#/orders?status=${status}` : '#/orders';
});

$('order-cancel').addEventListener('click', async (event) => {
  const id = event.target.dataset.orderId;
  try {
    await api(`/api/orders/${encodeURIComponent(id)}/cancel`, { method: 'POST' });
    await renderOrder(id);
    setStatus(`Order ${id} cancelled`);
  } catch (error) {
    setStatus(error.message);
  }
});

$('new-order-filter').addEventListener('submit', async (event) => {
  event.preventDefault();
  setStatus('Loading…');
  try {
    // The same form is still shown: its Idempotency-Key stays.
    await loadNewOrderChoices({ keepAddress: true });
    setStatus('');
  } catch (error) {
    showFailure(error);
  }
});

$('new-order-product').addEventListener('change', showPickedProduct);

$('products-filter').addEventListener('submit', (event) => {
  event.preventDefault();
  const q = $('products-search').value.trim();
  const category = $('products-category').value;
  const query = new URLSearchParams({ ...(q ? { q } : {}), ...(category ? { category } : {}) });
  location.hash = query.toString() ? `#/products?${query}` : '#/products';
});

$('products-more').addEventListener('click', async () => {
  // One next page at a time, and only for the search still shown: a double click or a page that arrives after a new
  // search must not add its products to the list.
  const asked = shopPage;
  $('products-more').disabled = true;
  setStatus('Loading…');
  try {
    const query = new URLSearchParams(asked.query);
    query.set('cursor', asked.nextCursor);
    const view = await api(`/api/products?${query}`);
    if (shopPage !== asked) return;
    $('products-list').append(...view.products.map(productCard));
    showMoreProducts(view);
    showDegraded(view.degraded);
    setStatus('');
  } catch (error) {
    showFailure(error);
  } finally {
    $('products-more').disabled = false;
  }
});

$('new-order-form').addEventListener('submit', async (event) => {
  event.preventDefault();
  const form = new FormData(event.target);
  const body = {
    items: [{ productId: form.get('productId'), quantity: Number(form.get('quantity')) }],
    shippingAddressId: form.get('shippingAddressId'),
  };
  try {
    const headers = { 'Idempotency-Key': event.target.dataset.idempotencyKey };
    const order = await api('/api/orders', { method: 'POST', body: JSON.stringify(body), headers });
    location.hash = `#/orders/${encodeURIComponent(order.id)}`;
  } catch (error) {
    $('new-order-error').textContent = error.message;
  }
});

window.addEventListener('hashchange', route);
route();
