import { argsOf, expectRequest, pairedJson, useSandbox } from '../../helpers/calls';

const ctx = useSandbox();

beforeEach(() => {
	const { store } = ctx.sandbox;
	store.orders.set('1', { id: 1, products: [{ id: 5, quantity: 1, price: 2 }], time: 10, email: 'ann@example.com', customer: 7 });
	store.orders.set('2', { id: 2, products: [{ id: 6, quantity: 1, price: 2 }], time: 11, email: 'bob@example.com' });
	store.customers.set('7', { id: 7, customerid: 7, email: 'ann@example.com' });
	store.events.push(
		{ type: 'product', product: 5, visitor: 'v1', time: 5 },
		{ type: 'email', email: 'ann@example.com', visitor: 'v1', time: 6 },
		{ type: 'product', product: 6, visitor: 'v2', time: 7 },
	);
});

test('Get Data POSTs privacy/info (email and private key out of the URL) and outputs orders and activity of the person', async () => {
	const result = await ctx.run({ resource: 'privacy', operation: 'getData', email: 'ann@example.com' });

	expect(pairedJson(result, [0])).toEqual([
		{ orders: [1], activity: [{ visitor: 'v1', type: 'email', description: 'Identified as ann@example.com', time: 6 }] },
	]);
	expectRequest(ctx.sandbox, ctx.sandbox.requests[0], { method: 'POST', endpoint: 'privacy/info', private: true });
	expect(ctx.sandbox.requests[0].url).not.toContain('ann%40example.com');
	expect(argsOf(ctx.sandbox.requests[0])).toEqual({ email: 'ann@example.com' });
});

test('Forget POSTs privacy/forget and erases the customer, orders and activity', async () => {
	const result = await ctx.run({ resource: 'privacy', operation: 'forget', email: 'ann@example.com', visitor: 'v1' });

	expect(pairedJson(result, [0])).toEqual([{ success: true, email: 'ann@example.com', visitor: 'v1' }]);
	expectRequest(ctx.sandbox, ctx.sandbox.requests[0], { method: 'POST', endpoint: 'privacy/forget', private: true });
	expect([...ctx.sandbox.store.orders.keys()]).toEqual(['2']);
	expect(ctx.sandbox.store.customers.size).toBe(0);
	expect(ctx.sandbox.store.events).toEqual([{ type: 'product', product: 6, visitor: 'v2', time: 7 }]);
});

test('without email, customer or visitor the item fails before any request', async () => {
	const result = await ctx.run({ resource: 'privacy', operation: 'forget' });
	expect(result.error?.message).toBe('Invalid Forget input in item 0: Give one of: email, customer, visitor');
	expect(ctx.sandbox.requests).toHaveLength(0);
});
