// @ts-check
/**
 * What the search and recommendation routes share: reading the common arguments, sales and
 * category lookups over the store, and building Clerk's product-result answer (filter, exclude,
 * orderby/order, limit/offset, facets per §1.9, attributes → product_data).
 */
const { ClerkError, invalid } = require('./errors');
const { idList, integer, stringList, text } = require('./args');
const { parseFilter } = require('./filter');

const key = (id) => String(id);
const now = () => Math.floor(Date.now() / 1000);

/** Lower-case words of a text. */
const words = (value) =>
	String(value ?? '')
		.toLowerCase()
		.split(/[^\p{L}\p{N}]+/u)
		.filter(Boolean);

const listOf = (value) => (value === undefined || value === null ? [] : Array.isArray(value) ? value : [value]);

/** Numbers by value, text by text; numbers before text. */
function compareIds(a, b) {
	if (typeof a === 'number' && typeof b === 'number') return a - b;
	if (typeof a === 'number') return -1;
	if (typeof b === 'number') return 1;
	return String(a).localeCompare(String(b));
}

/** Products that may be shown (`index: false` keeps a product out of results, §2.1). */
const visibleProducts = (store) => [...store.products.values()].filter((product) => product.index !== false);

/** Order lines as {id, quantity}; log/sale also stores plain IDs. */
const linesOf = (order) =>
	listOf(order.products).map((line) => (typeof line === 'object' ? { id: line.id, quantity: line.quantity ?? 1 } : { id: line, quantity: 1 }));

/** Units sold per product key, optionally only in orders from `since` on. */
function unitsSold(store, since = -Infinity) {
	const units = new Map();
	for (const order of store.orders.values()) {
		if ((order.time ?? 0) < since) continue;
		for (const line of linesOf(order)) units.set(key(line.id), (units.get(key(line.id)) ?? 0) + line.quantity);
	}
	return units;
}

/** Sorts by the score (highest first), then by ID, so answers are deterministic. */
function rank(products, score) {
	return products
		.map((product) => ({ product, score: score(product) }))
		.sort((a, b) => b.score - a.score || compareIds(a.product.id, b.product.id))
		.map((entry) => entry.product);
}

/** A category and all categories below it (cycles in subcategories are tolerated). */
function categoryTree(store, categoryId) {
	const found = new Set();
	const visit = (id) => {
		if (found.has(key(id))) return;
		found.add(key(id));
		for (const child of listOf(store.categories.get(key(id))?.subcategories)) visit(child);
	};
	visit(categoryId);
	return found;
}

const inCategories = (product, keys) => listOf(product.categories).some((id) => keys.has(key(id)));

/** The common optional arguments; checked for type even where the sandbox does not use them. */
function readCommon(args) {
	text(args, 'visitor', { optional: true });
	text(args, 'language', { optional: true });
	stringList(args, 'labels');
}

/** `limit` (required unless a fallback is given), at least `min`, at most `max` where Clerk documents one. */
function readLimit(args, { max, fallback, min = 1 } = /** @type {any} */ ({})) {
	return integer(args, 'limit', { optional: fallback !== undefined, fallback, min, max });
}

/**
 * The arguments every list endpoint reads first: the common ones, `limit` and, where the endpoint
 * pages (`paged`), `offset`. Returns the page of a list they select.
 * @returns {<T>(list: T[]) => T[]}
 */
function readPaging(args, { paged = false, ...limit } = /** @type {any} */ ({})) {
	readCommon(args);
	const size = readLimit(args, limit);
	const offset = paged ? integer(args, 'offset', { optional: true, fallback: 0, min: 0 }) : 0;
	return (list) => list.slice(offset, offset + size);
}

/**
 * Clerk's list answer: one page of `found` as `result` (IDs unless `result` maps otherwise), `count`
 * of all found unless the endpoint reports none (`counted: false`), and what `more` says about the page.
 */
function listAnswer(found, page, { result = (entry) => entry.id, counted = true, more = (_shown) => ({}) } = {}) {
	const shown = page(found);
	return { status: 'ok', result: shown.map(result), ...(counted ? { count: found.length } : {}), ...more(shown) };
}

/** A content page as search/pages and the page recommendations answer it. */
const pageSummary = ({ id, type, title, url }) => ({ id, type, name: title, url });

/** Units sold in a category and its subcategories (visible products only), per category. */
function categorySales(store) {
	const units = unitsSold(store);
	const products = visibleProducts(store);
	return (category) => {
		const tree = categoryTree(store, category.id);
		return products.filter((product) => inCategories(product, tree)).reduce((sum, product) => sum + (units.get(key(product.id)) ?? 0), 0);
	};
}

function readFilter(args) {
	const source = args.filter;
	if (source === undefined || source === '') return () => true;
	const sources = Array.isArray(source) ? source : [source];
	if (!sources.every((entry) => typeof entry === 'string')) throw invalid('filter', 'expected text');
	const predicates = sources.map(parseFilter);
	return (product) => predicates.every((predicate) => predicate(product));
}

function niceStep(span) {
	const raw = span / 5 || 1;
	const power = 10 ** Math.floor(Math.log10(raw));
	const step = [1, 2, 2.5, 5, 10].map((factor) => factor * power).find((candidate) => candidate >= raw) ?? raw;
	return Math.max(step, 1);
}

/** Facets per §1.9: unit facets for text/IDs, range facets for numbers. */
function facetsOf(store, products, attributes) {
	const facets = {};
	for (const name of attributes) {
		const values = products.flatMap((product) => listOf(product[name])).filter((value) => typeof value !== 'object');
		const numbers = values.filter((value) => typeof value === 'number');
		if (name !== 'categories' && numbers.length > 0 && numbers.length === values.length) {
			const step = niceStep(Math.max(...numbers) - Math.min(...numbers));
			const buckets = new Map();
			for (const value of numbers) {
				const low = Math.floor(value / step) * step;
				buckets.set(low, (buckets.get(low) ?? 0) + 1);
			}
			facets[name] = [...buckets.entries()]
				.sort((a, b) => a[0] - b[0])
				.map(([low, count]) => ({ type: 'range', name: `${low} - ${low + step - 1}`, min: low, max: low + step - 0.01, count }));
		} else {
			const counts = new Map();
			for (const value of values) counts.set(value, (counts.get(value) ?? 0) + 1);
			facets[name] = [...counts.entries()]
				.sort((a, b) => b[1] - a[1] || compareIds(a[0], b[0]))
				.map(([value, count]) => ({
					type: 'unit',
					name: name === 'categories' ? String(store.categories.get(key(value))?.name ?? value) : String(value),
					value,
					count,
				}));
		}
	}
	return facets;
}

/** Sorts by an attribute; products without it go last, ties keep Clerk's ranking. */
function orderBy(products, attribute, order) {
	if (order !== 'asc' && order !== 'desc') throw invalid('order', "expected 'asc' or 'desc'");
	const direction = order === 'desc' ? -1 : 1;
	return products
		.map((product, position) => ({ product, position }))
		.sort((a, b) => {
			const x = a.product[attribute];
			const y = b.product[attribute];
			if (x === undefined || y === undefined) return (x === undefined ? 1 : 0) - (y === undefined ? 1 : 0) || a.position - b.position;
			const difference = typeof x === 'number' && typeof y === 'number' ? x - y : String(x).localeCompare(String(y));
			return direction * difference || a.position - b.position;
		})
		.map((entry) => entry.product);
}

const pick = (product, attributes) =>
	Object.fromEntries(attributes.filter((name) => product[name] !== undefined).map((name) => [name, product[name]]));

/**
 * Clerk's product answer for a ranked list: filter and exclude, then orderby/order (where the
 * endpoint takes them), facets over all matches, one page of IDs, and `product_data` when asked.
 * `paged`, `max` and `fallback` (of `limit`) as in readPaging.
 */
function productAnswer(store, args, ranked, { sortable = false, ...paging } = /** @type {any} */ ({})) {
	const page = readPaging(args, paging);
	const excluded = new Set((idList(args, 'exclude', { optional: true }) ?? []).map(key));
	const attributes = stringList(args, 'attributes');
	const facetNames = stringList(args, 'facets');
	const matches = readFilter(args);
	let products = ranked.filter((product) => !excluded.has(key(product.id)) && matches(product));
	if (sortable && args.orderby !== undefined) {
		products = orderBy(products, text(args, 'orderby'), text(args, 'order', { optional: true }) ?? 'asc');
	}
	return listAnswer(products, page, {
		more: (shown) => ({
			facets: facetNames ? facetsOf(store, products, facetNames) : null,
			...(attributes ? { product_data: shown.map((product) => pick(product, attributes)) } : {}),
		}),
	});
}

/** The same handler for GET (JSON-encoded query) and POST (JSON body), as Clerk documents. */
function readRoute(endpoint, handle, auth = 'public') {
	const route = { auth, handle };
	return { [`GET ${endpoint}`]: route, [`POST ${endpoint}`]: route };
}

const notFound = (what, id) => new ClerkError('LogicalError', `Unknown ${what} ${id}`);

module.exports = {
	key, now, words, listOf, compareIds, visibleProducts, linesOf, unitsSold, rank, categoryTree, inCategories,
	readCommon, readLimit, readPaging, readFilter, listAnswer, pageSummary, categorySales, facetsOf, pick,
	productAnswer, readRoute, notFound,
};
