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
