// @ts-check
/**
 * Feed routes of the sandbox, outside /v2 and /v3 (so not Clerk endpoints): JSON arrays a workflow
 * can fetch with an HTTP Request node to get one item per element, without a Code node. Used by the
 * benchmark (scripts/bench.mjs). Feed calls are not recorded and get no injected latency.
 *
 *   GET /feed/products?n=10000[&start=1]  products start..start+n-1, shaped like a shop's feed
 *   GET /feed/products.ndjson?n=…     the same products as NDJSON (one per line), streamed in pieces
 *                                         (a 1,000,000-line feed is never built whole)
 *   GET /feed/reads?n=1000                {i, query, product}: a search word and a product ID taken
 *                                         round-robin from the products in the store
 */

/** A complete product as Clerk documents it; the tests build theirs with makeProduct, which uses this. */
function feedProduct(id) {
	return {
		id,
		name: `Product ${id}`,
		description: `Description of product ${id}`,
		price: 10 + (id % 90),
		list_price: 20 + (id % 90),
		image: `https://shop.example.com/img/${id}.jpg`,
		url: `https://shop.example.com/p/${id}`,
		categories: [1 + (id % 5)],
		created_at: 1700000000 + id,
		brand: ['Acme', 'Globex', 'Initech'][id % 3],
	};
}

function count(url, name, fallback) {
	const value = Number(url.searchParams.get(name) ?? fallback);
	return Number.isInteger(value) && value >= 0 && value <= 10_000_000 ? value : fallback;
}

/** The answer to a /feed/ path as [status, payload]. */
function feedRoute(url, store) {
	if (url.pathname === '/feed/products') {
		const n = count(url, 'n', 100);
		const start = count(url, 'start', 1);
		return [200, Array.from({ length: n }, (_, index) => feedProduct(start + index))];
	}
	if (url.pathname === '/feed/reads') {
		const n = count(url, 'n', 100);
		const products = [...store.products.values()].filter((product) => typeof product.name === 'string');
		if (products.length === 0) return [409, { error: 'the store has no products' }];
		return [
			200,
			Array.from({ length: n }, (_, i) => {
				const product = products[i % products.length];
				return { i, query: String(product.name).split(/\s+/)[0].toLowerCase(), product: product.id };
			}),
		];
	}
	return [404, { error: `no feed at ${url.pathname}` }];
}

/** Writes the NDJSON product feed to `res` in pieces, waiting when the client reads slower. */
async function writeNdjsonFeed(url, res) {
	const n = count(url, 'n', 100);
	const start = count(url, 'start', 1);
	res.writeHead(200, { 'Content-Type': 'application/x-ndjson', 'Content-Disposition': 'attachment; filename="products.ndjson"' });
	for (let first = start; first < start + n; first += 1000) {
		let piece = '';
		for (let id = first; id < Math.min(first + 1000, start + n); id++) piece += `${JSON.stringify(feedProduct(id))}\n`;
		if (!res.write(piece)) await new Promise((resolve) => res.once('drain', resolve));
	}
	res.end();
}

module.exports = { feedProduct, feedRoute, writeNdjsonFeed };
