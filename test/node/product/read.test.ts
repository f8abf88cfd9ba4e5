/** Product Get Attributes and Get Facets: public-key reads of product/attributes and product/facets. */
import { argsOf, pairedJson, useSandbox } from '../../helpers/calls';
import { makeProduct } from '../../helpers/sandbox';
import { expectPublicRead } from '../../helpers/reads';

const shop = useSandbox();
beforeEach(() => {
	for (let id = 1; id <= 3; id++) shop.sandbox.store.products.set(String(id), makeProduct(id));
});

test('Get Attributes: GET product/attributes, bare-list answer → one item per product', async () => {
	const result = await shop.run({
		resource: 'product',
		operation: 'getAttributes',
		productIds: '1, 3, 99',
		options: { attributes: ['name', 'price'] },
	});
	const [request] = shop.sandbox.requests;
	expectPublicRead(shop.sandbox, request, { method: 'GET', endpoint: 'product/attributes' });
	expect(argsOf(request)).toEqual({ products: [1, 3, 99], attributes: ['name', 'price'] });
	expect(pairedJson(result, [0, 0])).toEqual([
		{ id: 1, name: 'Product 1', price: 11 },
		{ id: 3, name: 'Product 3', price: 13 },
	]);
});

test('Get Attributes without attributes returns whole products; each input item gets its own', async () => {
	const result = await shop.run(
		{ resource: 'product', operation: 'getAttributes', productIds: '={{ $json.id }}' },
		[{ id: 2 }, { id: 1 }],
	);
	expect(shop.sandbox.requests).toHaveLength(2);
	expect(pairedJson(result, [0, 1])).toEqual([makeProduct(2), makeProduct(1)]);
});

test('Get Facets: GET product/facets → one item per attribute; Raw Response as one item', async () => {
	const result = await shop.run({ resource: 'product', operation: 'getFacets', options: { attributes: ['brand'] } });
	expectPublicRead(shop.sandbox, shop.sandbox.requests[0], { method: 'GET', endpoint: 'product/facets' });
	expect(argsOf(shop.sandbox.requests[0])).toEqual({ attributes: ['brand'] });
	const [facets] = pairedJson(result, [0]);
	expect(facets.attribute).toBe('brand');
	expect(facets.facets).toHaveLength(3);

	const raw = await shop.run({ resource: 'product', operation: 'getFacets', options: { attributes: ['brand', 'price'], output: 'raw' } });
	const [answer] = pairedJson(raw, [0]);
	expect(answer.status).toBe('ok');
	expect(Object.keys(answer.facets as object).sort()).toEqual(['brand', 'price']);
});

test('Get Attributes with no product IDs fails before any request', async () => {
	const result = await shop.run({ resource: 'product', operation: 'getAttributes', productIds: '={{ $json.none }}' });
	expect(shop.sandbox.requests).toHaveLength(0);
	expect(result.error?.message).toMatch(/item 0: 'Product IDs' is required/);
});
