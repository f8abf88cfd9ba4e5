// @ts-check
/**
 * Search (clerk-api.md §3) and the API v3 beta search (§9).
 *
 * Matching is by words over name, description, brand and keywords: every query word must match
 * (`longtail`: any word will do); the last word of a predictive query may be unfinished. Matches are
 * ranked by units sold (store.orders), then ID. When no product matches every word, search/search and
 * predictive fall back to any word and say `no_exact_match: true`.
 *
 * search/popular reports the queries of search/search and predictive calls of the last two days
 * (store.searches: {query, time}).
 */
const { integer, stringList, text, boolean } = require('./args');
const { ClerkError } = require('./errors');
const { key, now, words, listOf, visibleProducts, unitsSold, rank, readCommon, readLimit, readPaging, readFilter } = require('./results');
const { listAnswer, pageSummary, categorySales, facetsOf, pick, productAnswer, readRoute } = require('./results');

const TWO_DAYS = 2 * 24 * 3600;

/** Each product's words, kept while its text stays the same (searching 10,000 products stays cheap). */
const wordCache = new WeakMap();
function productWords(product) {
	const text = [product.name, product.description, product.brand, ...listOf(product.keywords)].join(' ');
	const cached = wordCache.get(product);
	if (cached && cached.text === text) return cached.words;
	const own = new Set(words(text));
	wordCache.set(product, { text, words: own });
	return own;
}

/** Whether a product's words cover the query words: all of them, or any with `anyWord`. */
function matcher(queryWords, { anyWord = false, prefixLast = false } = {}) {
	return (product) => {
		const own = productWords(product);
		const hit = (word, index) =>
			own.has(word) || (prefixLast && index === queryWords.length - 1 && [...own].some((candidate) => candidate.startsWith(word)));
		return anyWord ? queryWords.some(hit) : queryWords.every(hit);
	};
}

/** Matching products by sales, with the any-word fallback; records the query for search/popular. */
function searchProducts(store, args, { prefixLast = false, allowEmpty = false } = {}) {
	const query = allowEmpty ? (text(args, 'query', { optional: true }) ?? '') : text(args, 'query');
	const queryWords = words(query);
	const longtail = boolean(args, 'longtail');
	const units = unitsSold(store);
	const byUnits = (products) => rank(products, (product) => units.get(key(product.id)) ?? 0);
	const candidates = visibleProducts(store);
	const exact = candidates.filter(matcher(queryWords, { prefixLast }));
	const any = () => candidates.filter(matcher(queryWords, { anyWord: true, prefixLast }));
	store.searches.push({ query, time: now() });
	if (longtail) return { query, products: byUnits(any()), noExactMatch: exact.length === 0 };
	if (exact.length > 0 || queryWords.length < 2) return { query, products: byUnits(exact), noExactMatch: exact.length === 0 };
	return { query, products: byUnits(any()), noExactMatch: true };
}

/** Categories by relevance (name words), then by units sold in them (incl. subcategories). */
function searchCategories(store, query) {
	const queryWords = words(query);
	const sales = categorySales(store);
	const nameWords = (category) => new Set(words(category.name));
	const matching = [...store.categories.values()].filter((category) =>
		queryWords.every((word) => [...nameWords(category)].some((own) => own.startsWith(word))),
	);
	return rank(matching, (category) => sales(category));
}

/** v3 objects: only `id` unless attributes are asked for; `*` means all (§9). */
function v3Objects(records, attributes) {
	const names = typeof attributes === 'string' ? attributes.split(',').map((name) => name.trim()).filter(Boolean) : attributes;
	if (names !== undefined && !Array.isArray(names)) throw new ClerkError('ParsingError', 'Invalid Syntax In Argument: attributes');
	if (names?.includes('*')) return records.map((record) => ({ ...record }));
	return records.map((record) => ({ id: record.id, ...pick(record, names ?? []) }));
}

/** v3 compact facets: {attr: [{v, c}]}. */
const v3Facets = (store, products, names) =>
	Object.fromEntries(
		Object.entries(facetsOf(store, products, names)).map(([name, facets]) => [
			name,
			facets.map((facet) => ({ v: facet.type === 'unit' ? facet.value : facet.name, c: facet.count })),
		]),
	);

/** v3 `sort`: ["attribute:asc|desc", ...]. */
function v3Sort(products, sort) {
	const rules = (stringList({ sort }, 'sort') ?? []).map((rule) => {
		const [name, direction = 'asc'] = rule.split(':');
		if (!['asc', 'desc'].includes(direction)) throw new ClerkError('ParsingError', `Invalid Syntax In Argument: sort (${rule})`);
		return { name, sign: direction === 'desc' ? -1 : 1 };
	});
	return [...products].sort((a, b) => {
		for (const { name, sign } of rules) {
			const x = a[name];
			const y = b[name];
			if (x === y) continue;
			if (x === undefined) return 1;
			if (y === undefined) return -1;
			return sign * (typeof x === 'number' && typeof y === 'number' ? x - y : String(x).localeCompare(String(y)));
		}
		return 0;
	});
}

/** v3 paging: `limit` may be 0 and defaults to 20, `offset` everywhere. */
const v3Page = (args) => readPaging(args, { paged: true, min: 0, fallback: 20 });

module.exports = {
	searchProducts,
	routes: {
		...readRoute('search/search', ({ args, store }) => {
			readLimit(args); // checked before the query counts as searched
			const found = searchProducts(store, args);
			const answer = productAnswer(store, args, found.products, { paged: true, sortable: true });
			return { ...answer, hits: answer.count, no_exact_match: found.noExactMatch };
		}),
		...readRoute('search/predictive', ({ args, store }) => {
			readLimit(args, { max: 10 });
			const found = searchProducts(store, args, { prefixLast: true });
			const { count, ...answer } = productAnswer(store, args, found.products, { max: 10 });
			return { ...answer, query: found.query, hits: count, no_exact_match: found.noExactMatch };
		}),
		...readRoute('search/suggestions', ({ args, store }) => {
			const page = readPaging(args, { max: 10 });
			const { products } = searchProducts(store, args, { prefixLast: true });
			store.searches.pop(); // a suggestion lookup is not a search
			const suggestions = [...new Set(products.map((product) => String(product.name ?? '').toLowerCase()).filter(Boolean))];
			return listAnswer(suggestions, page, { result: (suggestion) => suggestion, counted: false });
		}),
		...readRoute('search/categories', ({ args, store }) => {
			const page = readPaging(args, { max: 10 });
			const categories = searchCategories(store, text(args, 'query', { optional: true }) ?? '');
			return listAnswer(categories, page, {
				counted: false,
				more: (shown) => ({ categories: shown.map(({ id, name, url }) => ({ id, name, url })) }),
			});
		}),
		...readRoute('search/pages', ({ args, store }) => {
			const page = readPaging(args, { max: 10 });
			const queryWords = words(text(args, 'query'));
			const type = text(args, 'type', { optional: true });
			const pages = [...store.pages.values()]
				.filter((page) => type === undefined || page.type === type)
				.map((page) => ({ page, score: queryWords.filter((word) => words(`${page.title} ${page.text}`).includes(word)).length }))
				.filter((entry) => entry.score === queryWords.length && entry.score > 0)
				.map((entry) => entry.page);
			return listAnswer(rank(pages, () => 0), page, { counted: false, more: (shown) => ({ pages: shown.map(pageSummary) }) });
		}),
		...readRoute('search/popular', ({ args, store }) => {
			const page = readPaging(args, { max: 10 });
			const prefix = (text(args, 'query', { optional: true }) ?? '').toLowerCase();
			const since = now() - TWO_DAYS;
			const counts = new Map();
			for (const search of store.searches) {
				const query = String(search.query).trim().toLowerCase();
				if (search.time >= since && query && query.startsWith(prefix)) counts.set(query, (counts.get(query) ?? 0) + 1);
			}
			const queries = [...counts.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).map(([query]) => query);
			return listAnswer(queries, page, { result: (query) => query, counted: false });
		}),

		// API v3 (beta): answers carry no `status` in the observed shapes (§9), so none is sent here.
		'POST v3:search/omni': {
			auth: 'public',
			handle: ({ args, store }) => {
				readCommon(args);
				const query = text(args, 'query', { optional: true }) ?? '';
				const searches = args.searches;
				if (typeof searches !== 'object' || searches === null || Array.isArray(searches)) {
					throw new ClerkError('ParsingError', 'Missing Argument searches');
				}
				const results = {};
				for (const [name, search] of Object.entries(searches)) {
					const limit = integer(search, 'limit', { optional: true, fallback: 10, min: 0 });
					const index = text(search, 'index');
					let records;
					if (index === 'products') records = searchProducts(store, { query }, { allowEmpty: true }).products;
					else if (index === 'categories') records = searchCategories(store, query);
					else if (index === 'pages') records = [...store.pages.values()].filter((page) => words(`${page.title} ${page.text}`).some((word) => words(query).includes(word)));
					else throw new ClerkError('ParsingError', `Invalid Syntax In Argument: searches.${name}.index`);
					results[name] = { result: v3Objects(records.slice(0, limit), search.attributes ?? ['name']), estimated_total_count: records.length };
				}
				return { query, results };
			},
		},
		'POST v3:search/products': {
			auth: 'public',
			handle: ({ args, store }) => {
				const page = v3Page(args);
				const matches = readFilter(args);
				// An empty query matches every product.
				let products = searchProducts(store, args, { allowEmpty: true }).products.filter(matches);
				if (args.sort !== undefined) products = v3Sort(products, args.sort);
				const facetNames = stringList(args, 'facets');
				return {
					result: v3Objects(page(products), args.attributes),
					total_count: products.length,
					estimated_total_count: products.length,
					facets: facetNames ? v3Facets(store, products, facetNames) : {},
					facets_stats: {},
				};
			},
		},
		'GET v3:search/categories': {
			auth: 'public',
			handle: ({ args, store }) => {
				const page = v3Page(args);
				text(args, 'content', { optional: true });
				const matches = readFilter(args);
				const categories = searchCategories(store, text(args, 'query', { optional: true }) ?? '').filter(matches);
				return { result: v3Objects(page(categories), args.attributes), total_count: categories.length, estimated_total_count: categories.length };
			},
		},
	},
};
