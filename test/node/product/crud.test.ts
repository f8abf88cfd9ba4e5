import { runClerkNode } from '../../helpers/engine';
import { credentialsFor, makeProduct, startSandbox, type Sandbox } from '../../helpers/sandbox';

let sandbox: Sandbox;
beforeAll(async () => {
	// The store's IDs are numbers, as the fixtures'; an ID of the other type is refused.
	sandbox = await startSandbox({ idType: 'number' });
});
afterAll(async () => await sandbox.close());
beforeEach(() => {
	sandbox.reset();
	for (const id of [1, 2, 3]) sandbox.store.products.set(String(id), makeProduct(id));
});

test('Update merges new values into stored products with one PATCH', async () => {
	const result = await runClerkNode({
		parameters: { resource: 'product', operation: 'update', dataMode: 'autoMapInputData' },
		items: [
			{ id: 1, price: 5, stock: '7' },
			{ id: 2, on_sale: 'true' },
		],
		credentials: credentialsFor(sandbox),
	});

	expect(result.error).toBeUndefined();
	expect(sandbox.requests.map((r) => [r.method, r.endpoint, r.keys.private_key])).toEqual([['PATCH', 'products', 'body']]);
	expect(sandbox.store.products.get('1')).toEqual({ ...makeProduct(1), price: 5, stock: 7 });
	expect(sandbox.store.products.get('2')).toEqual({ ...makeProduct(2), on_sale: true });
	expect(result.output.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }]);
});

test('Update with Define Below sends only the fields given', async () => {
	await runClerkNode({
		parameters: {
			resource: 'product',
			operation: 'update',
			dataMode: 'defineBelow',
			productId: '3',
			updateFields: { stock: 0 },
		},
		credentials: credentialsFor(sandbox),
	});
	expect(sandbox.requests[0].body?.products).toEqual([{ id: 3, stock: 0 }]);
	expect(sandbox.store.products.get('3')).toEqual({ ...makeProduct(3), stock: 0 });
});

test('Delete removes the products and answers { deleted: true, id } per item, keys in the query', async () => {
	const result = await runClerkNode({
		parameters: { resource: 'product', operation: 'delete', productId: '={{ $json.id }}' },
		items: [{ id: 1 }, { id: '2' }],
		credentials: credentialsFor(sandbox),
	});

	expect(result.error).toBeUndefined();
	expect(sandbox.requests).toHaveLength(1);
	expect(sandbox.requests[0]).toMatchObject({
		method: 'DELETE',
		endpoint: 'products',
		query: { products: [1, 2] },
		keys: { key: 'query', private_key: 'query' },
	});
	expect([...sandbox.store.products.keys()]).toEqual(['3']);
	expect(result.output).toEqual([
		{ json: { deleted: true, id: 1 }, pairedItem: { item: 0 } },
		{ json: { deleted: true, id: 2 }, pairedItem: { item: 1 } },
	]);
});

test('Get returns one item per product found, paired with the item that asked for it', async () => {
	const result = await runClerkNode({
		parameters: { resource: 'product', operation: 'get', productIds: '={{ $json.ids }}' },
		items: [{ ids: '1, 3' }, { ids: '2' }, { ids: '99' }],
		credentials: credentialsFor(sandbox),
	});

	expect(result.error).toBeUndefined();
	expect(sandbox.requests).toHaveLength(1);
	expect(sandbox.requests[0]).toMatchObject({ method: 'GET', endpoint: 'products', query: { products: [1, 3, 2, 99] } });
	expect(result.output).toEqual([
		{ json: makeProduct(1), pairedItem: { item: 0 } },
		{ json: makeProduct(3), pairedItem: { item: 0 } },
		{ json: makeProduct(2), pairedItem: { item: 1 } },
	]);
});

test('Get and Delete size their query-string batches by URL length, not by a count of IDs', async () => {
	const get = async (count: number) =>
		await runClerkNode({
			parameters: { resource: 'product', operation: 'get', productIds: '={{ $json.id }}', requestOptions: { batchSize: 5000 } },
			items: Array.from({ length: count }, (_, index) => ({ id: index + 1 })),
			credentials: credentialsFor(sandbox),
		});
	await get(250);
	expect(sandbox.requests.map((r) => (r.query.products as unknown[]).length)).toEqual([250]);
	sandbox.clearRequests();
	await get(3000);
	expect(sandbox.requests.length).toBeGreaterThan(2);
	expect(sandbox.requests.flatMap((r) => r.query.products as unknown[])).toHaveLength(3000);
	// The whole URL, Base URL and keys included, stays within the 6,000-character budget.
	for (const request of sandbox.requests) expect(`${sandbox.url}${request.url}`.length).toBeLessThanOrEqual(6000);
});
