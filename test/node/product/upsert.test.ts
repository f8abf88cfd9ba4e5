import { runClerkNode } from '../../helpers/engine';
import { useSandbox } from '../../helpers/calls';
import { credentialsFor, makeProduct } from '../../helpers/sandbox';

// The store's IDs are numbers, as the fixtures'; an ID of the other type is refused.
const shop = useSandbox();

const upsert = { resource: 'product', operation: 'upsert', dataMode: 'autoMapInputData' };

test('upserts one product in one POST with both keys in the body', async () => {
	const product = makeProduct(1);
	const result = await runClerkNode({ parameters: upsert, items: [product], credentials: credentialsFor(shop.sandbox) });

	expect(result.error).toBeUndefined();
	expect(shop.sandbox.requests).toHaveLength(1);
	const [request] = shop.sandbox.requests;
	expect(request).toMatchObject({ method: 'POST', endpoint: 'products', keys: { key: 'body', private_key: 'body' } });
	expect(request.url).not.toContain(shop.sandbox.keys.privateKey);
	expect(shop.sandbox.store.products.get('1')).toEqual(product);
	expect(result.output).toEqual([{ json: product, pairedItem: { item: 0 } }]);
});

test.each([
	[10000, 'default (500)', 20],
	[1000, 500, 2],
	[1000, 100, 10],
	[1001, 1000, 2],
] as const)('upserts %i products with batch size %s in %i requests, one paired output each', async (count, batchSize, calls) => {
	const products = Array.from({ length: count }, (_, index) => makeProduct(index + 1));
	const result = await runClerkNode({
		parameters: { ...upsert, requestOptions: typeof batchSize === 'number' ? { batchSize } : {} },
		items: products,
		credentials: credentialsFor(shop.sandbox),
	});

	expect(result.error).toBeUndefined();
	expect(shop.sandbox.requests).toHaveLength(calls);
	expect(shop.sandbox.store.products.size).toBe(count);
	for (const product of products) expect(shop.sandbox.store.products.get(String(product.id))).toEqual(product);
	expect(result.output).toHaveLength(count);
	result.output.forEach((item, index) => {
		expect(item.pairedItem).toEqual({ item: index });
		expect(item.json.id).toBe(index + 1);
	});
});

test('Define Below builds the product from fields, custom attributes and JSON', async () => {
	const result = await runClerkNode({
		parameters: {
			resource: 'product',
			operation: 'upsert',
			dataMode: 'defineBelow',
			productId: '={{ $json.sku_id }}',
			fields: {
				name: '={{ $json.title }}',
				description: 'Soft and warm',
				price: 49.5,
				image: 'https://shop.example.com/i.jpg',
				url: 'https://shop.example.com/p',
				categories: '3, 4',
				created_at: '2024-01-02T03:04:05Z',
				on_sale: true,
			},
			customAttributes: { attribute: [{ name: 'material', value: 'wool' }] },
			attributesJson: '{"sizes": ["S", "M"]}',
		},
		items: [{ sku_id: '77', title: 'Scarf' }],
		credentials: credentialsFor(shop.sandbox),
	});

	expect(result.error).toBeUndefined();
	expect(shop.sandbox.store.products.get('77')).toEqual({
		id: 77,
		name: 'Scarf',
		description: 'Soft and warm',
		price: 49.5,
		image: 'https://shop.example.com/i.jpg',
		url: 'https://shop.example.com/p',
		categories: [3, 4],
		created_at: 1704164645,
		on_sale: true,
		material: 'wool',
		sizes: ['S', 'M'],
	});
});

test('Define Below custom attributes are sent in the type chosen for them; without a type, as given', async () => {
	const result = await runClerkNode({
		parameters: {
			resource: 'product',
			operation: 'upsert',
			dataMode: 'defineBelow',
			productId: '78',
			fields: { name: 'Sock', description: 'Warm', price: 5, image: 'https://s.example/i.jpg', url: 'https://s.example/p', categories: '3', created_at: 1704164645 },
			customAttributes: {
				attribute: [
					{ name: 'stock', type: 'number', value: '12' },
					{ name: 'weight', type: 'number', value: ' 0.25 ' },
					{ name: 'organic', type: 'boolean', value: 'True' },
					{ name: 'sizes', type: 'list', value: 'S, M, L' },
					{ name: 'widths', type: 'list', value: '[30, 32]' },
					{ name: 'code', type: 'text', value: '0456' },
					// A workflow saved before attributes had a type.
					{ name: 'material', value: 'wool' },
					{ name: 'count', value: '={{ 3 }}' },
					// Empty is left out, as Clerk.io asks for missing attributes.
					{ name: 'unset', type: 'number', value: '' },
				],
			},
		},
		items: [{}],
		credentials: credentialsFor(shop.sandbox),
	});

	expect(result.error).toBeUndefined();
	expect(shop.sandbox.store.products.get('78')).toEqual({
		id: 78,
		name: 'Sock',
		description: 'Warm',
		price: 5,
		image: 'https://s.example/i.jpg',
		url: 'https://s.example/p',
		categories: [3],
		created_at: 1704164645,
		stock: 12,
		weight: 0.25,
		organic: true,
		sizes: ['S', 'M', 'L'],
		widths: [30, 32],
		code: '0456',
		material: 'wool',
		count: 3,
	});
});

test('a custom attribute value that is not of its type is refused before sending, naming it', async () => {
	const result = await runClerkNode({
		parameters: {
			resource: 'product',
			operation: 'upsert',
			dataMode: 'defineBelow',
			productId: '79',
			customAttributes: { attribute: [{ name: 'stock', type: 'number', value: 'a dozen' }] },
		},
		items: [{}],
		credentials: credentialsFor(shop.sandbox),
	});
	expect(shop.sandbox.requests).toHaveLength(0);
	expect(result.error?.message).toContain(`'stock' must be a number, got`);
});

test('type conversion of mapped items: numeric text, comma lists, dates; nulls omitted', async () => {
	await runClerkNode({
		parameters: upsert,
		items: [{ ...makeProduct(5), price: '12.50', categories: '1,2', created_at: '2024-01-01T00:00:00Z', gender: null }],
		credentials: credentialsFor(shop.sandbox),
	});
	expect(shop.sandbox.store.products.get('5')).toMatchObject({ price: 12.5, categories: [1, 2], created_at: 1704067200 });
	expect(shop.sandbox.store.products.get('5')).not.toHaveProperty('gender');
});
