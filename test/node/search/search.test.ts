/** Search operations (API v2 and the v3 beta) through the engine against the sandbox. */
import { argsOf, pairedJson, useSandbox } from '../../helpers/calls';
import { makeProduct } from '../../helpers/sandbox';
import { expectPublicRead, seedShop } from '../../helpers/reads';

const shop = useSandbox();
const ids = (json: Array<{ id?: unknown }>) => json.map((item) => item.id);

describe('with the seeded shop', () => {
	beforeEach(() => seedShop(shop.sandbox));

	test('Search Products: POST search/search with the public key in the body, one item per product', async () => {
		const result = await shop.run({
			resource: 'search',
			operation: 'search',
			query: 'running shoe',
			limit: 3,
			labels: 'Search page',
			options: {
				attributes: 'name, brand',
				filter: "brand = 'Acme' or brand = \"Globex\"",
				orderBy: 'price',
				order: 'desc',
				facets: ['brand'],
				language: 'english',
				visitor: 'v1',
			},
		});
		const [request] = shop.sandbox.requests;
		expectPublicRead(shop.sandbox, request, { method: 'POST', endpoint: 'search/search' });
		expect(argsOf(request)).toEqual({
			query: 'running shoe',
			limit: 3,
			offset: 0,
			attributes: ['name', 'brand'],
			filter: "brand = 'Acme' or brand = \"Globex\"",
			orderby: 'price',
			order: 'desc',
			facets: ['brand'],
			language: 'english',
			labels: ['Search page'],
			visitor: 'v1',
		});
		expect(pairedJson(result, [0, 0, 0])).toEqual([
			{ id: 27, name: 'Running shoe 27', brand: 'Acme' },
			{ id: 25, name: 'Running shoe 25', brand: 'Globex' },
			{ id: 21, name: 'Running shoe 21', brand: 'Acme' },
		]);
	});

	test('all query words must match unless Longtail is on', async () => {
		const exact = await shop.run({ resource: 'search', operation: 'search', query: 'rain sneaker', limit: 50 });
		// No product is both: Clerk falls back to any word and says so in the raw answer.
		expect(exact.output.length).toBe(30);
		const raw = await shop.run({ resource: 'search', operation: 'search', query: 'rain sneaker', limit: 50, options: { output: 'raw' } });
		expect(pairedJson(raw, [0])[0]).toMatchObject({ status: 'ok', count: 30, hits: 30, no_exact_match: true });
		const jackets = await shop.run({ resource: 'search', operation: 'search', query: 'rain jacket', limit: 50, options: { longtail: false } });
		expect(jackets.output.every((item) => String(item.json.id) !== '' && Number(item.json.id) % 2 === 0)).toBe(true);
	});

	test('Predictive Search allows at most 10 results and completes the last word', async () => {
		const result = await shop.run({ resource: 'search', operation: 'predictive', query: 'rain jack', limit: 4 });
		expectPublicRead(shop.sandbox, shop.sandbox.requests[0], { method: 'POST', endpoint: 'search/predictive' });
		expect(argsOf(shop.sandbox.requests[0])).toEqual({ query: 'rain jack', limit: 4, labels: ['n8n - Predictive Search'] });
		expect(ids(pairedJson(result, [0, 0, 0, 0]))).toEqual([10, 4, 12, 2]);
	});

	test('Search Suggestions output one {query} item per suggestion', async () => {
		const result = await shop.run({ resource: 'search', operation: 'suggestions', query: 'running', limit: 2 });
		expectPublicRead(shop.sandbox, shop.sandbox.requests[0], { method: 'POST', endpoint: 'search/suggestions' });
		expect(pairedJson(result, [0, 0])).toEqual([{ query: 'running shoe 3' }, { query: 'running shoe 7' }]);
	});

	test('Search Categories with an empty query sends it empty and gets all categories', async () => {
		const result = await shop.run({ resource: 'search', operation: 'categories', query: '', limit: 10 });
		expectPublicRead(shop.sandbox, shop.sandbox.requests[0], { method: 'POST', endpoint: 'search/categories' });
		expect(argsOf(shop.sandbox.requests[0])).toEqual({ query: '', limit: 10 });
		expect(pairedJson(result, [0, 0, 0, 0]).map((item) => item.name)).toEqual(['Shoes and jackets', 'Shoes', 'Jackets', 'Socks']);
	});

	test('Search Pages output pages and pass the page type', async () => {
		const result = await shop.run({ resource: 'search', operation: 'pages', query: 'running', limit: 5, options: { pageType: 'CMS Page' } });
		expectPublicRead(shop.sandbox, shop.sandbox.requests[0], { method: 'POST', endpoint: 'search/pages' });
		expect(argsOf(shop.sandbox.requests[0])).toEqual({ query: 'running', limit: 5, type: 'CMS Page' });
		expect(pairedJson(result, [0])).toEqual([{ id: 3, type: 'CMS Page', name: 'Running events', url: 'https://shop.example.com/p/3' }]);
	});

	test('Popular Queries report what was searched, most often first', async () => {
		for (const query of ['jacket', 'shoe', 'jacket']) await shop.run({ resource: 'search', operation: 'search', query, limit: 1 });
		shop.sandbox.clearRequests();
		const result = await shop.run({ resource: 'search', operation: 'popular', limit: 10 });
		// GET, and no query or labels: the reference documents neither for search/popular.
		expectPublicRead(shop.sandbox, shop.sandbox.requests[0], { method: 'GET', endpoint: 'search/popular' });
		expect(argsOf(shop.sandbox.requests[0])).toEqual({ limit: 10 });
		expect(pairedJson(result, [0, 0])).toEqual([{ query: 'jacket' }, { query: 'shoe' }]);
	});

	test('Omnisearch (beta): POST v3 search/omni with one search per index, items tagged by result type', async () => {
		const result = await shop.run({
			resource: 'search',
			operation: 'omniV3',
			query: 'shoe',
			productsLimit: 2,
			categoriesLimit: 1,
			pagesLimit: 0,
			options: { attributes: ['name'] },
		});
		const [request] = shop.sandbox.requests;
		expectPublicRead(shop.sandbox, request, { method: 'POST', endpoint: 'search/omni', version: 'v3' });
		expect(argsOf(request)).toEqual({
			query: 'shoe',
			labels: ['n8n - Omnisearch (Beta)'],
			searches: {
				products: { index: 'products', limit: 2, attributes: ['name'] },
				categories: { index: 'categories', limit: 1 },
			},
		});
		expect(pairedJson(result, [0, 0, 0]).map((item) => item.resultType)).toEqual(['products', 'products', 'categories']);
	});

	test('Search Categories (beta): GET v3 search/categories, arguments JSON-encoded in the query string', async () => {
		const result = await shop.run({
			resource: 'search',
			operation: 'categoriesV3',
			query: 'shoes',
			limit: 5,
			options: { categoryAttributes: 'name, url' },
		});
		const [request] = shop.sandbox.requests;
		expectPublicRead(shop.sandbox, request, { method: 'GET', endpoint: 'search/categories', version: 'v3' });
		expect(request.url).toContain(encodeURIComponent('["name","url"]'));
		expect(pairedJson(result, [0, 0])).toEqual([
			{ id: 1, name: 'Shoes and jackets', url: 'https://shop.example.com/c/1' },
			{ id: 2, name: 'Shoes', url: 'https://shop.example.com/c/2' },
		]);
	});
});

describe('paging', () => {
	beforeEach(() => {
		for (let id = 1; id <= 250; id++) shop.sandbox.store.products.set(String(id), makeProduct(id, { name: `Lamp ${id}` }));
	});

	test('Return All walks 250 hits in exactly 3 calls of at most 100, without repeats', async () => {
		const result = await shop.run({ resource: 'search', operation: 'search', query: 'lamp', returnAll: true });
		expect(shop.sandbox.requests.map((request) => [argsOf(request).limit, argsOf(request).offset])).toEqual([
			[100, 0],
			[100, 100],
			[100, 200],
		]);
		expect(result.output).toHaveLength(250);
		expect(new Set(ids(result.output.map((item) => item.json))).size).toBe(250);
		expect(result.output.every((item) => (item.pairedItem as { item: number }).item === 0)).toBe(true);
	});

	test('Limit is respected across pages: 130 results in calls of 100 and 30', async () => {
		const result = await shop.run({ resource: 'search', operation: 'search', query: 'lamp', limit: 130 });
		expect(shop.sandbox.requests.map((request) => argsOf(request).limit)).toEqual([100, 30]);
		expect(result.output).toHaveLength(130);
	});

	test('Raw Response with Return All gives one item per call', async () => {
		const result = await shop.run({ resource: 'search', operation: 'search', query: 'lamp', returnAll: true, options: { output: 'raw' } });
		expect(result.output.map((item) => (item.json.result as unknown[]).length)).toEqual([100, 100, 50]);
	});

	test('Search Products (beta) pages by total_count', async () => {
		const result = await shop.run({ resource: 'search', operation: 'productsV3', query: 'lamp', returnAll: true, options: { sort: 'price:desc' } });
		expectPublicRead(shop.sandbox, shop.sandbox.requests[0], { method: 'POST', endpoint: 'search/products', version: 'v3' });
		expect(argsOf(shop.sandbox.requests[0])).toEqual({ query: 'lamp', sort: ['price:desc'], limit: 100, offset: 0, labels: ['n8n - Search Products (Beta)'] });
		expect(shop.sandbox.requests).toHaveLength(3);
		expect(new Set(ids(result.output.map((item) => item.json))).size).toBe(250);
	});
});

test('a search that finds nothing gives one item {query, hits: 0} for its input, not an error', async () => {
	const result = await shop.run({ resource: 'search', operation: 'search', query: 'nothing', returnAll: true });
	expect(shop.sandbox.requests).toHaveLength(1);
	expect(pairedJson(result, [0])).toEqual([{ query: 'nothing', hits: 0 }]);
});

test('per-item searches: an input that finds nothing keeps its place among the others', async () => {
	seedShop(shop.sandbox);
	const result = await shop.run({ resource: 'search', operation: 'search', query: '={{ $json.q }}', limit: 1 }, [
		{ q: 'rain' },
		{ q: 'unicorn saddle' },
		{ q: 'rain' },
	]);
	const json = pairedJson(result, [0, 1, 2]);
	expect(json[1]).toEqual({ query: 'unicorn saddle', hits: 0 });
	expect([json[0], json[2]].every((item) => item.id !== undefined && item.hits === undefined)).toBe(true);
});

test('the other search operations say what found nothing the same way', async () => {
	const suggestions = await shop.run({ resource: 'search', operation: 'suggestions', query: 'zzz', limit: 5 });
	expect(pairedJson(suggestions, [0])).toEqual([{ query: 'zzz', hits: 0 }]);
	const omni = await shop.run({ resource: 'search', operation: 'omniV3', query: 'zzz', productsLimit: 5 });
	expect(pairedJson(omni, [0])).toEqual([{ query: 'zzz', hits: 0 }]);
	// Raw Response is Clerk's answer as it is, found or not.
	const raw = await shop.run({ resource: 'search', operation: 'search', query: 'zzz', limit: 5, options: { output: 'raw' } });
	expect(pairedJson(raw, [0])[0]).toMatchObject({ status: 'ok', result: [] });
});

test('Items and Facets: an item with the query, hits and facets comes before the products', async () => {
	seedShop(shop.sandbox);
	const result = await shop.run({
		resource: 'search',
		operation: 'search',
		query: 'running shoe',
		returnAll: true,
		options: { facets: ['brand'], output: 'itemsAndFacets' },
	});
	const raw = await shop.run({
		resource: 'search',
		operation: 'search',
		query: 'running shoe',
		limit: 1,
		options: { facets: ['brand'], output: 'raw' },
	});
	const answer = pairedJson(raw, [0])[0];
	const [first, ...products] = result.output.map((item) => item.json);
	expect(result.output.every((item) => (item.pairedItem as { item: number }).item === 0)).toBe(true);
	expect(first).toEqual({ query: 'running shoe', hits: answer.hits, facets: answer.facets });
	expect(Object.keys(first.facets as object)).toEqual(['brand']);
	expect(products).toHaveLength(answer.hits as number);
	expect(products.every((item) => item.id !== undefined && item.facets === undefined)).toBe(true);
});

test('Items and Facets with nothing found: the one item has hits 0 and the facets', async () => {
	const result = await shop.run({
		resource: 'search',
		operation: 'search',
		query: 'nothing',
		limit: 5,
		options: { facets: ['brand'], output: 'itemsAndFacets' },
	});
	expect(pairedJson(result, [0])).toEqual([{ query: 'nothing', hits: 0, facets: expect.any(Object) }]);
});

test('a Predictive Search limit above 10 is refused before its request, naming item and field', async () => {
	const result = await shop.run({ resource: 'search', operation: 'predictive', query: 'lamp', limit: '={{ $json.limit }}' }, [
		{ limit: 5 },
		{ limit: 25 },
	]);
	// Reads build each item's request as the calls go: item 0 may already be sent, item 1 never is.
	expect(shop.sandbox.requests.map((request) => request.body?.limit)).not.toContain(25);
	expect(result.error?.message).toBe('Invalid Predictive Search input in item 1: Limit is 25, but Clerk.io returns at most 10 results on search/predictive');
	expect(result.error?.description).toContain("Field 'limit' of item 1");
});

test('Continue on Fail: a bad item goes to the error output, the others are still searched', async () => {
	seedShop(shop.sandbox);
	const result = await shop.run(
		{ resource: 'search', operation: 'predictive', query: 'rain', limit: '={{ $json.limit }}' },
		[{ limit: 11 }, { limit: 1 }],
		'continueErrorOutput',
	);
	expect(shop.sandbox.requests).toHaveLength(1);
	expect(result.output.map((item) => item.pairedItem)).toEqual([{ item: 1 }]);
	expect(result.errorOutput.map((item) => item.pairedItem)).toEqual([{ item: 0 }]);
});
