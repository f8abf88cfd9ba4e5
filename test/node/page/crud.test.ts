import { argsOf, expectRequest, pairedJson, useSandbox } from '../../helpers/calls';

// A store whose IDs are text (the credential's ID Type is Text): numeric IDs are sent as text.
const ctx = useSandbox({ idType: 'text' });

const page = (id: string) => ({ id, type: 'blog', url: `https://shop.example.com/blog/${id}`, title: `Post ${id}`, text: 'Hello' });

test('Create or Update POSTs pages defined below', async () => {
	const result = await ctx.run(
		{
			resource: 'page',
			operation: 'upsert',
			dataMode: 'defineBelow',
			pageId: '={{ $json.id }}',
			fields: { type: 'blog', url: '={{ "https://shop.example.com/blog/" + $json.id }}', title: '={{ "Post " + $json.id }}', text: 'Hello' },
		},
		[{ id: 1 }, { id: 'about-us' }],
	);

	expect(pairedJson(result, [0, 1])).toEqual([page('1'), { ...page('1'), id: 'about-us', url: 'https://shop.example.com/blog/about-us', title: 'Post about-us' }]);
	expect(ctx.sandbox.requests).toHaveLength(1);
	expectRequest(ctx.sandbox, ctx.sandbox.requests[0], { method: 'POST', endpoint: 'pages', private: true });
	expect(ctx.sandbox.store.pages.get('about-us')).toMatchObject({ title: 'Post about-us' });
});

test('Update PATCHes mapped items', async () => {
	ctx.sandbox.store.pages.set('1', page('1'));
	const result = await ctx.run({ resource: 'page', operation: 'update', dataMode: 'autoMapInputData' }, [{ id: 1, title: 'New' }]);
	expect(pairedJson(result, [0])).toEqual([{ id: '1', title: 'New' }]);
	expectRequest(ctx.sandbox, ctx.sandbox.requests[0], { method: 'PATCH', endpoint: 'pages', private: true });
	expect(ctx.sandbox.store.pages.get('1')).toEqual({ ...page('1'), title: 'New' });
});

test('Get and Delete by ID', async () => {
	ctx.sandbox.store.pages.set('1', page('1'));
	const got = await ctx.run({ resource: 'page', operation: 'get', pageIds: '1' });
	expect(pairedJson(got, [0])).toEqual([page('1')]);
	expectRequest(ctx.sandbox, ctx.sandbox.requests[0], { method: 'GET', endpoint: 'pages', private: true });

	const deleted = await ctx.run({ resource: 'page', operation: 'delete', pageId: '1' });
	expect(pairedJson(deleted, [0])).toEqual([{ deleted: true, id: '1' }]);
	expectRequest(ctx.sandbox, ctx.sandbox.requests[1], { method: 'DELETE', endpoint: 'pages', private: true });
	expect(argsOf(ctx.sandbox.requests[1])).toEqual({ pages: ['1'] });
	expect(ctx.sandbox.store.pages.size).toBe(0);
});
