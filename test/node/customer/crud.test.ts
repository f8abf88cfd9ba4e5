import { argsOf, expectRequest, pairedJson, useSandbox } from '../../helpers/calls';

const ctx = useSandbox();

const customer = (id: number) => ({ customerid: id, email: `c${id}@example.com`, name: `Customer ${id}`, subscribed: true });

test('Create or Update sends each customer keyed by customerid; an older-style id is sent as customerid, never both', async () => {
	const { customerid: _, ...withoutId } = customer(2);
	const result = await ctx.run({ resource: 'customer', operation: 'upsert', dataMode: 'autoMapInputData' }, [
		customer(1),
		{ id: 2, ...withoutId, subscribed: 'false', age: '41' },
	]);

	const expected = [customer(1), { ...customer(2), subscribed: false, age: 41 }];
	expect(pairedJson(result, [0, 1])).toEqual(expected);
	expectRequest(ctx.sandbox, ctx.sandbox.requests[0], { method: 'POST', endpoint: 'customers', private: true });
	expect(ctx.sandbox.requests[0].body?.customers).toEqual(expected);
	expect(ctx.sandbox.store.customers.get('2')).toEqual(expected[1]);
});

test('a customer known only by email is accepted, in Map Automatically and Define Below', async () => {
	const result = await ctx.run({ resource: 'customer', operation: 'upsert', dataMode: 'autoMapInputData' }, [{ email: 'guest@example.com', name: 'Guest' }]);
	expect(pairedJson(result, [0])).toEqual([{ email: 'guest@example.com', name: 'Guest' }]);
	expect(ctx.sandbox.store.customers.get('guest@example.com')).toEqual({ email: 'guest@example.com', name: 'Guest' });

	ctx.sandbox.clearRequests();
	const defined = await ctx.run({ resource: 'customer', operation: 'upsert', dataMode: 'defineBelow', customerId: '', fields: { email: 'walk-in@example.com' } });
	expect(pairedJson(defined, [0])).toEqual([{ email: 'walk-in@example.com' }]);
});

test('a customer with neither customerid nor email is refused before sending, naming item and field', async () => {
	const result = await ctx.run({ resource: 'customer', operation: 'upsert', dataMode: 'autoMapInputData' }, [customer(1), { name: 'Nobody' }]);
	expect(result.error?.message).toBe("Invalid customer in item 1: 'customerid' or 'email' is missing; every customer needs one");
	expect(ctx.sandbox.requests).toHaveLength(0);
});

test('Update PATCHes and keeps the other fields', async () => {
	ctx.sandbox.store.customers.set('3', customer(3));
	const result = await ctx.run({ resource: 'customer', operation: 'update', dataMode: 'defineBelow', customerId: '3', updateFields: { zip: '8000', is_b2b: true } });

	expect(pairedJson(result, [0])).toEqual([{ customerid: 3, zip: '8000', is_b2b: true }]);
	expectRequest(ctx.sandbox, ctx.sandbox.requests[0], { method: 'PATCH', endpoint: 'customers', private: true });
	expect(ctx.sandbox.store.customers.get('3')).toEqual({ ...customer(3), zip: '8000', is_b2b: true });
});

test('Get looks customers up by email, as Clerk documents', async () => {
	for (const id of [1, 2]) ctx.sandbox.store.customers.set(String(id), customer(id));
	const result = await ctx.run({ resource: 'customer', operation: 'get', customerEmails: 'c2@example.com, nobody@example.com' });

	expect(pairedJson(result, [0])).toEqual([customer(2)]);
	expectRequest(ctx.sandbox, ctx.sandbox.requests[0], { method: 'GET', endpoint: 'customers', private: true });
	expect(argsOf(ctx.sandbox.requests[0])).toEqual({ customers: ['c2@example.com', 'nobody@example.com'] });
});

test('Delete removes customers by ID', async () => {
	ctx.sandbox.store.customers.set('1', customer(1));
	const result = await ctx.run({ resource: 'customer', operation: 'delete', customerId: '1' });
	expect(pairedJson(result, [0])).toEqual([{ deleted: true, id: 1, customerid: 1 }]);
	expectRequest(ctx.sandbox, ctx.sandbox.requests[0], { method: 'DELETE', endpoint: 'customers', private: true });
	expect(ctx.sandbox.store.customers.size).toBe(0);
});
