/** What the recommendation operations do with Clerk's answers: ranking, paging, mapping, options. */
import { argsOf, pairedJson, useSandbox } from '../../helpers/calls';
import { makeProduct } from '../../helpers/sandbox';
import { seedShop } from '../../helpers/reads';

const shop = useSandbox();
const ids = (json: Array<{ id?: unknown }>) => json.map((item) => item.id);

describe('with the seeded shop', () => {
	beforeEach(() => seedShop(shop.sandbox));

	test('Best Sellers rank by units sold and merge the requested attributes into each item', async () => {
		const result = await shop.run({
			resource: 'recommendation',
			operation: 'popular',
			limit: 3,
			labels: 'Newsletter, Top',
			options: { attributes: ['name', 'price'], visitor: 'v1' },
		});
		expect(argsOf(shop.sandbox.requests[0])).toEqual({
			limit: 3,
			offset: 0,
			attributes: ['name', 'price'],
			labels: ['Newsletter', 'Top'],
			visitor: 'v1',
		});
		expect(pairedJson(result, [0, 0, 0])).toEqual([
			{ id: 3, name: 'Running shoe 3', price: 13 },
			{ id: 7, name: 'Running shoe 7', price: 17 },
			{ id: 10, name: 'Rain jacket 10', price: 20 },
		]);
	});

	test('Best Cross-Sell returns products bought together, never the given ones', async () => {
		const result = await shop.run({ resource: 'recommendation', operation: 'complementary', productIds: '3', limit: 10 });
		expect(ids(pairedJson(result, [0, 0]))).toEqual([10, 4]);
	});

	test('Best Alternatives: same category, not bought together; exclude and filter are applied', async () => {
		const result = await shop.run({
			resource: 'recommendation',
			operation: 'substituting',
			productIds: '3',
			limit: 3,
			options: { exclude: '12', filter: 'price >= 20 and price <= 40' },
		});
		expect(argsOf(shop.sandbox.requests[0])).toMatchObject({ products: [3], exclude: [12], filter: 'price >= 20 and price <= 40' });
		expect(ids(pairedJson(result, [0, 0, 0]))).toEqual([15, 18, 21]);
	});

	test('Best Sellers in Category cover subcategories and follow Order By', async () => {
		const result = await shop.run({
			resource: 'recommendation',
			operation: 'categoryPopular',
			categoryId: '1',
			limit: 4,
			options: { orderBy: 'price', order: 'desc' },
		});
		expect(argsOf(shop.sandbox.requests[0])).toMatchObject({ category: 1, orderby: 'price', order: 'desc' });
		const json = pairedJson(result, [0, 0, 0, 0]);
		// Products of categories 2 and 3 (below 1), never of 4; highest price first.
		expect(ids(json)).toEqual([30, 28, 27, 25]);
	});

	test('Popular Subcategories and Categories for Page output one item per category', async () => {
		const subcategories = await shop.run({ resource: 'recommendation', operation: 'categoryPopularSubcategories', categoryId: '1', limit: 5 });
		expect(pairedJson(subcategories, [0, 0])).toEqual([
			{ id: 2, name: 'Shoes', url: 'https://shop.example.com/c/2' },
			{ id: 3, name: 'Jackets', url: 'https://shop.example.com/c/3' },
		]);
		const related = await shop.run({ resource: 'recommendation', operation: 'pageRelatedCategories', pageId: '1', limit: 5 });
		expect(pairedJson(related, [0, 0]).map((item) => item.name)).toEqual(['Shoes and jackets', 'Shoes']);
	});

	test('Pages for Product output pages and pass the page type', async () => {
		const result = await shop.run({
			resource: 'recommendation',
			operation: 'pageProduct',
			productId: '1',
			limit: 5,
			options: { pageType: 'blog' },
		});
		expect(argsOf(shop.sandbox.requests[0])).toMatchObject({ product: 1, type: 'blog' });
		expect(pairedJson(result, [0])).toEqual([{ id: 1, type: 'blog', name: 'Running shoe guide', url: 'https://shop.example.com/b/1' }]);
	});

	test('Visitor History follows the tracking events; an email selects that email\'s visitors', async () => {
		const byVisitor = await shop.run({ resource: 'recommendation', operation: 'visitorHistory', visitor: 'v1', limit: 5 });
		expect(ids(pairedJson(byVisitor, [0, 0]))).toEqual([8, 3]);
		const byEmail = await shop.run({
			resource: 'recommendation',
			operation: 'visitorHistory',
			visitor: 'someone-else',
			limit: 5,
			options: { email: 'ann@example.com' },
		});
		expect(ids(pairedJson(byEmail, [0, 0]))).toEqual([8, 3]);
	});

	test('Customer History lists ordered products, latest order first', async () => {
		const result = await shop.run({ resource: 'recommendation', operation: 'customerHistory', email: 'ann@example.com', limit: 5 });
		expect(ids(pairedJson(result, [0, 0, 0]))).toEqual([3, 10, 7]);
	});

	test('Raw Response returns Clerk\'s answer as one item', async () => {
		const result = await shop.run({
			resource: 'recommendation',
			operation: 'trending',
			limit: 2,
			returnAll: false,
			options: { output: 'raw', facets: ['brand'] },
		});
		const [raw] = pairedJson(result, [0]);
		expect(raw).toMatchObject({ status: 'ok', result: [3, 7], count: 30 });
		expect(raw.facets).toHaveProperty('brand');
	});

	test('one call per input item, each output paired with its item', async () => {
		const result = await shop.run(
			{ resource: 'recommendation', operation: 'complementary', productIds: '={{ $json.product }}', limit: 1 },
			[{ product: 3 }, { product: 12 }],
		);
		expect(shop.sandbox.requests).toHaveLength(2);
		expect(pairedJson(result, [0, 1]).map((item) => item.id)).toEqual([10, 5]);
	});
});

test('Return All on Best Sellers walks 250 products in 3 calls of at most 100', async () => {
	for (let id = 1; id <= 250; id++) shop.sandbox.store.products.set(String(id), makeProduct(id));
	const result = await shop.run({ resource: 'recommendation', operation: 'popular', returnAll: true });
	const labels = ['n8n - Best Sellers'];
	expect(shop.sandbox.requests.map((request) => argsOf(request))).toEqual([
		{ limit: 100, offset: 0, labels },
		{ limit: 100, offset: 100, labels },
		{ limit: 100, offset: 200, labels },
	]);
	expect(new Set(ids(result.output.map((item) => item.json))).size).toBe(250);
	expect(result.output).toHaveLength(250);
});

test('nothing to recommend gives one item with the input and hits: 0, paired to its input', async () => {
	const result = await shop.run({ resource: 'recommendation', operation: 'complementary', productIds: '1, 2', limit: 5 });
	expect(argsOf(shop.sandbox.requests[0])).toMatchObject({ products: [1, 2] });
	expect(pairedJson(result, [0])).toEqual([{ products: [1, 2], hits: 0 }]);
	const popular = await shop.run({ resource: 'recommendation', operation: 'popular', returnAll: true });
	expect(pairedJson(popular, [0])).toEqual([{ hits: 0 }]);
	const visitor = await shop.run({ resource: 'recommendation', operation: 'visitorHistory', visitor: 'v-9', limit: 5 });
	expect(pairedJson(visitor, [0])).toEqual([{ visitor: 'v-9', hits: 0 }]);
});

test('a missing required ID fails before any request, naming item and field', async () => {
	const result = await shop.run({
		resource: 'recommendation',
		operation: 'categoryPopular',
		categoryId: '={{ $json.category }}',
		limit: 5,
	});
	expect(shop.sandbox.requests).toHaveLength(0);
	expect(result.error?.message).toMatch(/item 0: 'Category ID' is required/);
	expect(result.error?.description).toContain("'categoryId'");
});
