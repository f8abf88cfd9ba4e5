import { argsOf, expectRequest, pairedJson, useSandbox } from '../../helpers/calls';

const ctx = useSandbox();

test('Create or Update POSTs accessory lists keyed by product', async () => {
	const result = await ctx.run(
		{ resource: 'accessory', operation: 'upsert', dataMode: 'defineBelow', productId: '1', fields: { accessories: '2, 3', directed_accessories: '4' } },
	);
	const expected = { product: 1, accessories: [2, 3], directed_accessories: [4] };
	expect(pairedJson(result, [0])).toEqual([expected]);
	expectRequest(ctx.sandbox, ctx.sandbox.requests[0], { method: 'POST', endpoint: 'accessories', private: true });
	expect(argsOf(ctx.sandbox.requests[0])).toEqual({ accessories: [expected] });
	expect(ctx.sandbox.store.accessories.get('1')).toEqual(expected);
});

test('Update PATCHes, Get reads by product IDs, Delete removes', async () => {
	ctx.sandbox.store.accessories.set('1', { product: 1, accessories: [2] });
	const updated = await ctx.run({ resource: 'accessory', operation: 'update', dataMode: 'autoMapInputData' }, [{ product: '1', directed_accessories: [5] }]);
	expect(pairedJson(updated, [0])).toEqual([{ product: 1, directed_accessories: [5] }]);
	expectRequest(ctx.sandbox, ctx.sandbox.requests[0], { method: 'PATCH', endpoint: 'accessories', private: true });
	expect(ctx.sandbox.store.accessories.get('1')).toEqual({ product: 1, accessories: [2], directed_accessories: [5] });

	const got = await ctx.run({ resource: 'accessory', operation: 'get', productIds: '1,9' });
	expect(pairedJson(got, [0])).toEqual([{ product: 1, accessories: [2], directed_accessories: [5] }]);
	expectRequest(ctx.sandbox, ctx.sandbox.requests[1], { method: 'GET', endpoint: 'accessories', private: true });
	expect(argsOf(ctx.sandbox.requests[1])).toEqual({ accessories: [1, 9] });

	const deleted = await ctx.run({ resource: 'accessory', operation: 'delete', productId: '1' });
	expect(pairedJson(deleted, [0])).toEqual([{ deleted: true, id: 1, product: 1 }]);
	expectRequest(ctx.sandbox, ctx.sandbox.requests[2], { method: 'DELETE', endpoint: 'accessories', private: true });
	expect(ctx.sandbox.store.accessories.size).toBe(0);
});
