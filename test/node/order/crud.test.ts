import { argsOf, expectRequest, pairedJson, useSandbox } from '../../helpers/calls';

const ctx = useSandbox();

const order = (id: number) => ({
	id,
	products: [{ id: 10 + id, quantity: 2, price: 9.5 }],
	time: 1700000000 + id,
	customer: 7,
	email: 'ann@example.com',
});

test('Create or Update converts lines and time, and POSTs all orders at once', async () => {
	const items = [order(1), { ...order(2), products: JSON.stringify([{ id: '12', quantity: '3', price: '4.5' }]), time: '2024-01-01T00:00:00Z' }];
	const result = await ctx.run({ resource: 'order', operation: 'upsert', dataMode: 'autoMapInputData' }, items);

	const expected2 = { ...order(2), products: [{ id: 12, quantity: 3, price: 4.5 }], time: 1704067200 };
	expect(pairedJson(result, [0, 1])).toEqual([order(1), expected2]);
	expect(ctx.sandbox.requests).toHaveLength(1);
	expectRequest(ctx.sandbox, ctx.sandbox.requests[0], { method: 'POST', endpoint: 'orders', private: true });
	expect(ctx.sandbox.store.orders.get('2')).toEqual(expected2);
});

test('a bad order line is refused before any request, naming item and field', async () => {
	const result = await ctx.run({ resource: 'order', operation: 'upsert', dataMode: 'autoMapInputData' }, [
		order(1),
		{ ...order(2), products: [{ id: 1, quantity: 0, price: 1 }] },
	]);
	expect(result.error?.message).toBe("Invalid order in item 1: 'products[0].quantity' must be at least 1, got 0");
	expect(ctx.sandbox.requests).toHaveLength(0);
});

test('Update PATCHes the fields defined below', async () => {
	ctx.sandbox.store.orders.set('3', order(3));
	const result = await ctx.run({ resource: 'order', operation: 'update', dataMode: 'defineBelow', orderId: '3', updateFields: { email: 'bob@example.com' } });

	expect(pairedJson(result, [0])).toEqual([{ id: 3, email: 'bob@example.com' }]);
	expectRequest(ctx.sandbox, ctx.sandbox.requests[0], { method: 'PATCH', endpoint: 'orders', private: true });
	expect(ctx.sandbox.store.orders.get('3')).toEqual({ ...order(3), email: 'bob@example.com' });
});

test('Delete sends the IDs of all items in one DELETE query', async () => {
	for (const id of [1, 2, 3]) ctx.sandbox.store.orders.set(String(id), order(id));
	const result = await ctx.run({ resource: 'order', operation: 'delete', orderId: '={{ $json.id }}' }, [{ id: 1 }, { id: '3' }]);

	expect(pairedJson(result, [0, 1])).toEqual([{ deleted: true, id: 1 }, { deleted: true, id: 3 }]);
	expectRequest(ctx.sandbox, ctx.sandbox.requests[0], { method: 'DELETE', endpoint: 'orders', private: true });
	expect(argsOf(ctx.sandbox.requests[0])).toEqual({ orders: [1, 3] });
	expect([...ctx.sandbox.store.orders.keys()]).toEqual(['2']);
});

test('Get outputs one item per order found', async () => {
	ctx.sandbox.store.orders.set('4', order(4));
	const result = await ctx.run({ resource: 'order', operation: 'get', orderIds: '4' });
	expect(pairedJson(result, [0])).toEqual([order(4)]);
	expectRequest(ctx.sandbox, ctx.sandbox.requests[0], { method: 'GET', endpoint: 'orders', private: true });
});

test('an order needs lines, a customer and a time (Create or Update), refused before any request', async () => {
	const { customer: _customer, ...guest } = order(2);
	const { time: _time, ...untimed } = order(3);
	const result = await ctx.run({ resource: 'order', operation: 'upsert', dataMode: 'autoMapInputData' }, [order(1), guest, untimed, { ...order(4), products: [] }, { id: 5, customer: 7, time: 1 }], 'continueErrorOutput');
	expect(result.errorOutput.map((item) => [item.pairedItem, item.json.error])).toEqual([
		[{ item: 1 }, "Invalid order in item 1: 'customer' is missing; every order needs 'products', 'customer', 'time'"],
		[{ item: 2 }, "Invalid order in item 2: 'time' is missing; every order needs 'products', 'customer', 'time'"],
		[{ item: 3 }, "Invalid order in item 3: 'products' is empty"],
		[{ item: 4 }, "Invalid order in item 4: 'products' is missing; every order needs 'products', 'customer', 'time'"],
	]);
	expect(ctx.sandbox.requests).toHaveLength(1);
	expect(ctx.sandbox.requests[0].body?.orders).toEqual([order(1)]);
});

test('Status takes one of the documented values, sent in capitals; anything else is refused naming the field', async () => {
	const result = await ctx.run({ resource: 'order', operation: 'upsert', dataMode: 'autoMapInputData' }, [{ ...order(1), status: 'sent' }, { ...order(2), status: 'shipped' }], 'continueErrorOutput');
	expect(result.output.map((item) => item.json.status)).toEqual(['SENT']);
	expect(result.errorOutput[0].json.error).toBe(
		"Invalid order in item 1: 'status' must be one of CONFIRMED, SENT, DELIVERED, RETURNED, CANCELLED, got \"shipped\"",
	);
	expect(ctx.sandbox.store.orders.get('1')).toEqual({ ...order(1), status: 'SENT' });
});

test('the sandbox, like the reference, refuses an order without a customer', async () => {
	const { customer: _customer, ...guest } = order(1);
	const response = await fetch(`${ctx.sandbox.url}/v2/orders`, {
		method: 'POST',
		headers: { 'content-type': 'application/json' },
		body: JSON.stringify({ key: ctx.sandbox.keys.publicKey, private_key: ctx.sandbox.keys.privateKey, orders: [guest] }),
	});
	expect(await response.json()).toMatchObject({ status: 'error', type: 'ParsingError' });
});
