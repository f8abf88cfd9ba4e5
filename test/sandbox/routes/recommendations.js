// @ts-check
/**
 * Recommendations (clerk-api.md §4), computed from the store so answers are plausible and
 * deterministic: sales from store.orders, behaviour from store.events (log/* tracking events
 * {type: 'product'|'click'|'email'|…, visitor, email, product, time}), pages from store.pages.
 *
 * Unknown in the reference, so the sandbox picks: "recent" means the last 7 days (trending) or
 * 30 minutes (currently watched); an unknown product, category or page gives an empty result.
 */
const { id, idList, text } = require('./args');
const { key, now, words, listOf, compareIds, visibleProducts, linesOf, unitsSold, rank, categoryTree, inCategories } = require('./results');
const { readPaging, listAnswer, pageSummary, categorySales, productAnswer, readRoute } = require('./results');

const WEEK = 7 * 24 * 3600;
const HALF_HOUR = 30 * 60;

const bySales = (store, products, since) => {
	const units = unitsSold(store, since);
	return rank(products, (product) => units.get(key(product.id)) ?? 0);
};

/** Recent sales first, then all-time sales. */
const trending = (store, products) => {
	const recent = unitsSold(store, now() - WEEK);
	const all = unitsSold(store);
	return rank(products, (product) => (recent.get(key(product.id)) ?? 0) * 1e6 + (all.get(key(product.id)) ?? 0));
};

const createdAt = (product) => product.created_at ?? (typeof product.age === 'number' ? now() - product.age * 86400 : -Infinity);
const newest = (products) => rank(products, createdAt);

const inCategory = (store, category) => {
	const tree = categoryTree(store, category);
	return visibleProducts(store).filter((product) => inCategories(product, tree));
};

/** Products that share orders with `given`: {key → {orders, units}}. */
function boughtWith(store, given) {
	const wanted = new Set(given.map(key));
	const together = new Map();
	for (const order of store.orders.values()) {
		const lines = linesOf(order);
		if (!lines.some((line) => wanted.has(key(line.id)))) continue;
		for (const line of lines) {
			if (wanted.has(key(line.id))) continue;
			const entry = together.get(key(line.id)) ?? { orders: 0, units: 0 };
			entry.orders += 1;
			entry.units += line.quantity;
			together.set(key(line.id), entry);
		}
	}
	return together;
}

const categoriesOf = (store, ids) =>
	new Set(ids.flatMap((productId) => listOf(store.products.get(key(productId))?.categories).map(key)));

/** Bought together with `given` and from other categories (cross-sell); any co-bought if none. */
function complementary(store, given) {
	const together = boughtWith(store, given);
	const own = categoriesOf(store, given);
	const candidates = visibleProducts(store).filter((product) => together.has(key(product.id)));
	const crossSell = candidates.filter((product) => !listOf(product.categories).some((category) => own.has(key(category))));
	return rank(crossSell.length ? crossSell : candidates, (product) => together.get(key(product.id)).orders);
}

/** Same categories as `given`, never bought together with them, by sales. */
function substituting(store, given) {
	const together = boughtWith(store, given);
	const wanted = new Set(given.map(key));
	const own = categoriesOf(store, given);
	const candidates = visibleProducts(store).filter(
		(product) =>
			!wanted.has(key(product.id)) &&
			!together.has(key(product.id)) &&
			listOf(product.categories).some((category) => own.has(key(category))),
	);
	return bySales(store, candidates);
}

const distinct = (ids) => [...new Map(ids.map((productId) => [key(productId), productId])).values()];

/** Products a visitor viewed or clicked, latest first; an email selects that email's visitors. */
function visitorHistory(store, args) {
	const visitor = text(args, 'visitor');
	const email = text(args, 'email', { optional: true });
	const visitors = email
		? new Set(store.events.filter((event) => event.email === email && event.visitor).map((event) => event.visitor))
		: new Set([visitor]);
	const seen = store.events
		.map((event, position) => ({ event, position }))
		.filter(({ event }) => (event.type === 'product' || event.type === 'click') && visitors.has(event.visitor))
		.sort((a, b) => (b.event.time ?? 0) - (a.event.time ?? 0) || b.position - a.position)
		.map(({ event }) => event.product);
	return distinct(seen);
}

/** Products a customer ordered (by email, or customer ID), latest order first. */
function customerHistory(store, args) {
	const email = text(args, 'email');
	const customer = id(args, 'customer', { optional: true });
	const orders = [...store.orders.values()]
		.filter((order) => order.email === email || (customer !== undefined && key(order.customer) === key(customer)))
		.sort((a, b) => (b.time ?? 0) - (a.time ?? 0) || compareIds(b.id, a.id));
	return distinct(orders.flatMap((order) => linesOf(order).map((line) => line.id)));
}

const productsByIds = (store, ids) =>
	ids.map((productId) => store.products.get(key(productId))).filter((product) => product && product.index !== false);

/** How many of `wanted` words a text holds. */
const overlap = (wanted, textValue) => {
	const own = new Set(words(textValue));
	return wanted.filter((word) => own.has(word)).length;
};

const pageText = (page) => `${page.title ?? ''} ${page.text ?? ''}`;

/** Pages sharing words with `about`, most shared first; `type` narrows to one page type. */
function relatedPages(store, args, about, exceptId) {
	const page = readPaging(args);
	const type = text(args, 'type', { optional: true });
	const wanted = [...new Set(words(about))];
	const pages = [...store.pages.values()].filter(
		(candidate) => (type === undefined || candidate.type === type) && key(candidate.id) !== exceptId && overlap(wanted, pageText(candidate)) > 0,
	);
	const found = rank(pages, (candidate) => overlap(wanted, pageText(candidate)));
	return listAnswer(found, page, { more: (shown) => ({ pages: shown.map(pageSummary) }) });
}

const productText = (product) => [product.name, product.brand, ...listOf(product.keywords)].join(' ');

/** Product logics: how each ranks the candidates, and the answer options it takes. */
const PRODUCT_LOGICS = {
	popular: { paged: true, rank: (store) => bySales(store, visibleProducts(store)) },
	trending: { paged: true, rank: (store) => trending(store, visibleProducts(store)) },
	new: { rank: (store) => newest(visibleProducts(store)) },
	currently_watched: {
		rank: (store) => {
			const since = now() - HALF_HOUR;
			const views = new Map();
			for (const event of store.events) {
				if ((event.type === 'product' || event.type === 'click') && (event.time ?? 0) >= since) {
					views.set(key(event.product), (views.get(key(event.product)) ?? 0) + 1);
				}
			}
			return rank(visibleProducts(store).filter((product) => views.has(key(product.id))), (product) => views.get(key(product.id)));
		},
	},
	recently_bought: {
		// The reference marks `limit` optional here; the default is unknown, 10 is assumed.
		fallback: 10,
		rank: (store) => {
			const orders = [...store.orders.values()].sort((a, b) => (b.time ?? 0) - (a.time ?? 0) || compareIds(b.id, a.id));
			return productsByIds(store, distinct(orders.flatMap((order) => linesOf(order).map((line) => line.id))));
		},
	},
	keywords: {
		rank: (store, args) => {
			const wanted = [...new Set(words(text(args, 'keywords')))];
			const units = unitsSold(store);
			const matching = visibleProducts(store).filter((product) => overlap(wanted, `${productText(product)} ${product.description ?? ''}`) > 0);
			return rank(matching, (product) => overlap(wanted, `${productText(product)} ${product.description ?? ''}`) * 1e6 + (units.get(key(product.id)) ?? 0));
		},
	},
	complementary: { rank: (store, args) => complementary(store, idList(args, 'products')) },
	substituting: { rank: (store, args) => substituting(store, idList(args, 'products')) },
	most_sold_with: {
		rank: (store, args) => {
			const together = boughtWith(store, idList(args, 'products'));
			return rank(visibleProducts(store).filter((product) => together.has(key(product.id))), (product) => together.get(key(product.id)).units);
		},
	},
	bundle: { rank: (store, args) => complementary(store, [id(args, 'product')]) },
	'category/popular': { paged: true, sortable: true, rank: (store, args) => bySales(store, inCategory(store, id(args, 'category'))) },
	'category/trending': { paged: true, rank: (store, args) => trending(store, inCategory(store, id(args, 'category'))) },
	'category/new': { rank: (store, args) => newest(inCategory(store, id(args, 'category'))) },
	'category/complementary': {
		rank: (store, args) => {
			const members = inCategory(store, id(args, 'category'));
			const memberKeys = new Set(members.map((product) => key(product.id)));
			return complementary(store, members.map((product) => product.id)).filter((product) => !memberKeys.has(key(product.id)));
		},
	},
	'visitor/history': { rank: (store, args) => productsByIds(store, visitorHistory(store, args)) },
	'visitor/complementary': { rank: (store, args) => complementary(store, visitorHistory(store, args)) },
	'visitor/substituting': { rank: (store, args) => substituting(store, visitorHistory(store, args)) },
	'customer/history': { rank: (store, args) => productsByIds(store, customerHistory(store, args)) },
	'customer/complementary': { rank: (store, args) => complementary(store, customerHistory(store, args)) },
	'customer/substituting': { rank: (store, args) => substituting(store, customerHistory(store, args)) },
	'page/related_products': {
		rank: (store, args) => {
			const page = store.pages.get(key(id(args, 'page')));
			if (!page) return [];
			const wanted = [...new Set(words(pageText(page)))];
			const units = unitsSold(store);
			const matching = visibleProducts(store).filter((product) => overlap(wanted, productText(product)) > 0);
			return rank(matching, (product) => overlap(wanted, productText(product)) * 1e6 + (units.get(key(product.id)) ?? 0));
		},
	},
};

const productRoutes = Object.entries(PRODUCT_LOGICS).map(([logic, { rank: ranked, ...options }]) =>
	readRoute(`recommendations/${logic}`, ({ args, store }) => productAnswer(store, args, ranked(store, args), options)),
);

module.exports = {
	PRODUCT_LOGICS,
	routes: Object.assign(
		{},
		...productRoutes,
		readRoute('recommendations/category/popular_subcategories', ({ args, store }) => {
			const page = readPaging(args, { paged: true });
			const order = text(args, 'order', { optional: true }) ?? 'desc';
			const parent = store.categories.get(key(id(args, 'category')));
			const children = listOf(parent?.subcategories)
				.map((child) => store.categories.get(key(child)))
				.filter(Boolean);
			const ranked = rank(children, categorySales(store));
			const ordered = order === 'asc' ? ranked.reverse() : ranked;
			return listAnswer(ordered, page, {
				result: ({ id: categoryId, name, url }) => ({ id: categoryId, name, url }),
				more: () => ({ facets: null }),
			});
		}),
		readRoute('recommendations/page/product', ({ args, store }) => {
			const product = store.products.get(key(id(args, 'product')));
			return relatedPages(store, args, product ? productText(product) : '');
		}),
		readRoute('recommendations/page/category', ({ args, store }) => {
			const category = store.categories.get(key(id(args, 'category')));
			return relatedPages(store, args, category ? String(category.name ?? '') : '');
		}),
		readRoute('recommendations/page/substituting', ({ args, store }) => {
			const pageId = id(args, 'page');
			const page = store.pages.get(key(pageId));
			return relatedPages(store, args, page ? String(page.title ?? '') : '', key(pageId));
		}),
		readRoute('recommendations/page/related_categories', ({ args, store }) => {
			const paging = readPaging(args);
			const page = store.pages.get(key(id(args, 'page')));
			const wanted = new Set(words(page ? pageText(page) : ''));
			const found = rank(
				[...store.categories.values()].filter((category) => words(category.name).some((word) => wanted.has(word))),
				categorySales(store),
			);
			return listAnswer(found, paging, {
				more: (shown) => ({
					categories: shown.map(({ id: categoryId, name, subcategories, parent: parentId, url }) => ({
						id: categoryId,
						name,
						subcategories: subcategories ?? [],
						...(parentId !== undefined ? { parent: parentId } : {}),
						url,
					})),
				}),
			});
		}),
	),
};
