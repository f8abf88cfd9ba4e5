import { argsOf, expectRequest, pairedJson, useSandbox } from '../../helpers/calls';

const ctx = useSandbox();
const at = expect.any(Number);

test('Log Sale POSTs with the public key only, records the event and the order', async () => {
	const result = await ctx.run(
		{
			resource: 'tracking',
			operation: 'logSale',
			sale: '={{ $json.order }}',
			products: '={{ $json.lines }}',
			visitor: 'aB3dE5gH',
			additionalFields: { email: 'ann@example.com', customer: '7' },
		},
		[
			{ order: 1001, lines: [{ id: 12, quantity: 2, price: 9.5 }] },
			{ order: '1002', lines: '12, 13' },
		],
	);

	const json = pairedJson(result, [0, 1]);
	expect(json[0]).toEqual({
		success: true,
		sale: 1001,
		products: [{ id: 12, quantity: 2, price: 9.5 }],
		visitor: 'aB3dE5gH',
		customer: 7,
		email: 'ann@example.com',
	});
	expect(ctx.sandbox.requests).toHaveLength(2);
	for (const request of ctx.sandbox.requests) expectRequest(ctx.sandbox, request, { method: 'POST', endpoint: 'log/sale', private: false });
	expect(ctx.sandbox.store.events).toEqual([
		{ type: 'sale', sale: 1001, visitor: 'aB3dE5gH', email: 'ann@example.com', customer: 7, products: [{ id: 12, quantity: 2, price: 9.5 }], time: at },
		{ type: 'sale', sale: 1002, visitor: 'aB3dE5gH', email: 'ann@example.com', customer: 7, products: [{ id: 12, quantity: 1 }, { id: 13, quantity: 1 }], time: at },
	].map(expect.objectContaining));
	expect(ctx.sandbox.store.orders.get('1001')).toMatchObject({ id: 1001, customer: 7, email: 'ann@example.com' });
});

test('Log Sale lines without a quantity count as 1, as basket lines do; order lines still need one', async () => {
	const result = await ctx.run({
		resource: 'tracking',
		operation: 'logSale',
		sale: '1003',
		products: '[{"id": 12, "price": 9.5}, {"id": 13, "quantity": 2, "price": 4}]',
		visitor: 'v1',
	});
	expect(pairedJson(result, [0])[0].products).toEqual([
		{ id: 12, quantity: 1, price: 9.5 },
		{ id: 13, quantity: 2, price: 4 },
	]);
	expect(ctx.sandbox.store.events[0]).toMatchObject({ products: [{ id: 12, quantity: 1, price: 9.5 }, { id: 13, quantity: 2, price: 4 }] });

	const order = await ctx.run(
		{ resource: 'order', operation: 'upsert', dataMode: 'autoMapInputData' },
		[{ id: 1004, customer: 7, time: 1700000000, products: [{ id: 12, price: 9.5 }] }],
	);
	expect(order.error?.message).toContain("'products[0].quantity' must be a whole number");
});

test.each([
	['logClick', 'log/click', { product: '5', visitor: 'v1', additionalFields: { api: 'search/search', n: 2, external: true, labels: 'Search, Page' } },
		{ type: 'click', product: 5, visitor: 'v1', api: 'search/search', n: 2, external: true, labels: ['Search', 'Page'] }],
	['logProduct', 'log/product', { product: '5', visitor: 'v1' }, { type: 'product', product: 5, visitor: 'v1' }],
	['logCategory', 'log/category', { category: '3', visitor: 'v1' }, { type: 'category', category: 3, visitor: 'v1' }],
	['logEmail', 'log/email', { email: 'ann@example.com', visitor: 'v1' }, { type: 'email', email: 'ann@example.com', visitor: 'v1' }],
	['cartAdd', 'log/cart/add', { products: '5, 6', visitor: 'v1', additionalFields: { basket_id: 'b1' } },
		{ type: 'cart_add', products: [{ id: 5, qty: 1 }, { id: 6, qty: 1 }], visitor: 'v1', basket_id: 'b1' }],
	['cartRemove', 'log/cart/remove', { products: '[{"id": 5, "qty": 1}]', visitor: 'v1' }, { type: 'cart_remove', products: [{ id: 5, qty: 1 }], visitor: 'v1', basket_id: expect.any(String) }],
	['cartUpdate', 'log/cart/update', { products: '[{"id": 5, "qty": 3}]', visitor: 'v1', additionalFields: { email: 'ann@example.com' } },
		{ type: 'cart_update', products: [{ id: 5, qty: 3 }], visitor: 'v1', email: 'ann@example.com', basket_id: expect.any(String) }],
	['basketSet', 'log/basket/set', { products: '5,6', email: 'ann@example.com' }, { type: 'basket_set', products: [5, 6], email: 'ann@example.com' }],
])('%s calls %s with the public key only and records one event', async (operation, endpoint, parameters, event) => {
	const result = await ctx.run({ resource: 'tracking', operation, ...parameters });

	const [json] = pairedJson(result, [0]);
	expect(json).toMatchObject({ success: true });
	expect(ctx.sandbox.requests).toHaveLength(1);
	// GET where the reference shows no POST sample of that endpoint (log/email, log/cart/*).
	const method = endpoint === 'log/email' || endpoint.startsWith('log/cart/') ? 'GET' : 'POST';
	expectRequest(ctx.sandbox, ctx.sandbox.requests[0], { method, endpoint, private: false });
	expect(ctx.sandbox.store.events).toEqual([{ ...event, time: at }]);
});

test('Log Returned sends the private key in the body', async () => {
	ctx.sandbox.store.orders.set('9', { id: 9, products: [{ id: 5, quantity: 2, price: 1 }], time: 1 });
	const result = await ctx.run({ resource: 'tracking', operation: 'logReturned', product: '5', order: '9', quantity: 1 });

	expect(pairedJson(result, [0])).toEqual([{ success: true, product: 5, order: 9, quantity: 1 }]);
	expectRequest(ctx.sandbox, ctx.sandbox.requests[0], { method: 'POST', endpoint: 'log/returned', private: true });
	expect(ctx.sandbox.store.events).toEqual([{ type: 'returned', product: 5, order: 9, quantity: 1, time: at }]);
});

test('a missing visitor is refused before any request, naming item and field', async () => {
	const result = await ctx.run({ resource: 'tracking', operation: 'logProduct', product: '5', visitor: '={{ $json.v }}' }, [{ v: 'a' }, {}]);
	expect(result.error?.message).toBe("Invalid Log Product View input in item 1: 'Visitor ID' is required");
	expect(ctx.sandbox.requests).toHaveLength(0);
});

const sale = { resource: 'tracking', operation: 'logSale', sale: '1', products: '5' };

test('Log Sale is not resent after a reset that followed processing: one request, one event, item error', async () => {
	ctx.sandbox.script({ kind: 'resetAfter' });
	const result = await ctx.run(sale, [{}], 'continueErrorOutput');

	expect(ctx.sandbox.requests).toHaveLength(1);
	expect(ctx.sandbox.store.events).toHaveLength(1);
	expect(result.output).toEqual([]);
	expect(result.errorOutput).toHaveLength(1);
	expect(result.errorOutput[0].pairedItem).toEqual({ item: 0 });
	expect(result.errorOutput[0].json.message).toBe(
		`${result.errorOutput[0].json.error}. Clerk.io did not answer in time or dropped the connection; try again later, or raise Timeout in Request Options if Clerk.io is only slow.`,
	);
	// n8n's generic "retry immediately" advice must not replace the warning for a call that may have counted.
	expect(result.errorOutput[0].json.error).toBe(
		'Clerk.io ConnectionError: Could not complete the call to Clerk.io: the connection was closed before an answer came (ECONNRESET: socket hang up). Clerk.io may already have processed it, so it was not sent again (to count nothing twice)',
	);
});

test('Log Sale is retried after a 429, which Clerk did not act on', async () => {
	ctx.sandbox.script({ kind: 'status429', retryAfter: 0 });
	const result = await ctx.run(sale);

	expect(pairedJson(result, [0])).toEqual([{ success: true, sale: 1, products: [5] }]);
	expect(ctx.sandbox.requests.map((request) => request.status)).toEqual([429, 200]);
	expect(ctx.sandbox.store.events).toHaveLength(1);
	expect(argsOf(ctx.sandbox.requests[1])).toEqual({ sale: 1, products: [5] });
});

test('Log Debug Message writes one entry to the store log with the public key only', async () => {
	const result = await ctx.run({
		resource: 'tracking',
		operation: 'logDebug',
		message: 'Synced 120 products',
		type: 'info',
		source: 'n8n product sync',
		additionalFields: { time: 1700000000, metadata: '{"failed": 0}' },
	});

	expect(pairedJson(result, [0])[0]).toMatchObject({ success: true, message: 'Synced 120 products', time: 1700000000 });
	expectRequest(ctx.sandbox, ctx.sandbox.requests[0], { method: 'POST', endpoint: 'log/debug', private: false });
	expect(ctx.sandbox.store.events).toEqual([
		{
			type: 'debug',
			entry: { source: 'n8n product sync', type: 'info', message: 'Synced 120 products', time: 1700000000, metadata: { failed: 0 } },
			time: 1700000000,
		},
	]);
});
