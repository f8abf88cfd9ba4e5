import { argsOf, expectRequest, pairedJson, useSandbox } from '../../helpers/calls';

const ctx = useSandbox();

const category = (id: number, extra = {}) => ({
	id,
	name: `Category ${id}`,
	url: `https://shop.example.com/c/${id}`,
	subcategories: [id * 10],
	...extra,
});

test('Create or Update sends all categories in one POST and outputs each one', async () => {
	const items = [category(1), { ...category(2), subcategories: '21, 22' }];
	const result = await ctx.run({ resource: 'category', operation: 'upsert', dataMode: 'autoMapInputData' }, items);

	const json = pairedJson(result, [0, 1]);
	expect(ctx.sandbox.requests).toHaveLength(1);
	expectRequest(ctx.sandbox, ctx.sandbox.requests[0], { method: 'POST', endpoint: 'categories', private: true });
	expect(ctx.sandbox.store.categories.get('2')).toEqual({ ...category(2), subcategories: [21, 22] });
	expect(json[1]).toEqual({ ...category(2), subcategories: [21, 22] });
});

test('Update merges fields defined below with PATCH', async () => {
	ctx.sandbox.store.categories.set('5', category(5));
	const result = await ctx.run({
		resource: 'category',
		operation: 'update',
		dataMode: 'defineBelow',
		categoryId: '5',
		updateFields: { name: 'Shoes', description: 'All shoes' },
	});

	expect(pairedJson(result, [0])).toEqual([{ id: 5, name: 'Shoes', description: 'All shoes' }]);
	expectRequest(ctx.sandbox, ctx.sandbox.requests[0], { method: 'PATCH', endpoint: 'categories', private: true });
	expect(ctx.sandbox.store.categories.get('5')).toEqual({ ...category(5), name: 'Shoes', description: 'All shoes' });
});

test('Get reads several IDs in one GET and outputs one item per category found', async () => {
	for (const id of [1, 2, 3]) ctx.sandbox.store.categories.set(String(id), category(id));
	const result = await ctx.run({ resource: 'category', operation: 'get', categoryIds: '={{ $json.ids }}' }, [
		{ ids: '1, 3' },
		{ ids: '2,99' },
	]);

	expect(pairedJson(result, [0, 0, 1])).toEqual([category(1), category(3), category(2)]);
	expect(ctx.sandbox.requests).toHaveLength(1);
	expectRequest(ctx.sandbox, ctx.sandbox.requests[0], { method: 'GET', endpoint: 'categories', private: true });
	expect(argsOf(ctx.sandbox.requests[0])).toEqual({ categories: [1, 3, 2, 99] });
});

test('Delete is not offered: Clerk documents no DELETE /categories', async () => {
	const result = await ctx.run({ resource: 'category', operation: 'delete', categoryId: '1' });
	expect(result.error?.message).toMatch(/not supported/);
	expect(ctx.sandbox.requests).toHaveLength(0);
});
