import { argsOf, expectRequest, pairedJson, useSandbox } from '../../helpers/calls';

const ctx = useSandbox();

beforeEach(() => ctx.sandbox.store.orders.set('7', { id: 7, products: [{ id: 1, quantity: 1, price: 5 }], time: 1 }));

test('Create POSTs one parcel per item and outputs the parcel ID Clerk assigned', async () => {
	const result = await ctx.run({
		resource: 'parcel',
		operation: 'create',
		order_id: '7',
		additionalFields: { tracking_code: 'TC1', tracking_link: 'https://carrier.example.com/TC1', status: 'shipped' },
	});

	const sent = { order_id: 7, tracking_code: 'TC1', tracking_link: 'https://carrier.example.com/TC1', status: 'shipped' };
	expect(pairedJson(result, [0])).toEqual([{ success: true, ...sent, parcel_id: 1 }]);
	expectRequest(ctx.sandbox, ctx.sandbox.requests[0], { method: 'POST', endpoint: 'orders/parcels', private: true });
	expect(ctx.sandbox.store.parcels.get('1')).toEqual({ parcel_id: 1, ...sent });
});

test('Update PATCHes, Get lists, Delete sends the parcel ID in the body', async () => {
	ctx.sandbox.store.parcels.set('3', { parcel_id: 3, order_id: 7, status: 'packed' });
	const updated = await ctx.run({ resource: 'parcel', operation: 'update', parcel_id: '3', order_id: '7', additionalFields: { status: 'delivered' } });
	expect(pairedJson(updated, [0])).toEqual([{ success: true, parcel_id: 3, order_id: 7, status: 'delivered' }]);
	expectRequest(ctx.sandbox, ctx.sandbox.requests[0], { method: 'PATCH', endpoint: 'orders/parcels', private: true });

	const got = await ctx.run({ resource: 'parcel', operation: 'get', order_id: '7' });
	expect(pairedJson(got, [0])).toEqual([{ parcel_id: 3, order_id: 7, status: 'delivered' }]);
	expectRequest(ctx.sandbox, ctx.sandbox.requests[1], { method: 'GET', endpoint: 'orders/parcels', private: true });

	const deleted = await ctx.run({ resource: 'parcel', operation: 'delete', parcel_id: '3' });
	expect(pairedJson(deleted, [0])).toEqual([{ deleted: true, id: 3, parcel_id: 3 }]);
	const request = ctx.sandbox.requests[2];
	expectRequest(ctx.sandbox, request, { method: 'DELETE', endpoint: 'orders/parcels', private: true, paramsIn: 'body' });
	expect(argsOf(request)).toEqual({ parcel_id: 3 });
	expect(request.query).toEqual({});
	expect(ctx.sandbox.store.parcels.size).toBe(0);
});
