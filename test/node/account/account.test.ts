import { expectRequest, pairedJson, useSandbox } from '../../helpers/calls';

const ctx = useSandbox();

test('Get Info GETs client/account/info with both keys in the query', async () => {
	const result = await ctx.run({ resource: 'account', operation: 'getInfo' });
	expect(pairedJson(result, [0])).toEqual([{ name: 'Clerk Sandbox Store', language: 'english', currency: 'EUR', domain: 'shop.example.com' }]);
	expectRequest(ctx.sandbox, ctx.sandbox.requests[0], { method: 'GET', endpoint: 'client/account/info', private: true });
});

test('List Content Blocks outputs one item per content', async () => {
	const result = await ctx.run({ resource: 'account', operation: 'listContent' });
	const json = pairedJson(result, [0, 0, 0]);
	expect(json[0]).toEqual({ id: 'search-page', name: 'Search Page', type: 'html', api: 'search/search' });
	expectRequest(ctx.sandbox, ctx.sandbox.requests[0], { method: 'GET', endpoint: 'client/account/content/list', private: true });
});

test('Start Import starts one import and is not resent after an ambiguous failure', async () => {
	const ok = await ctx.run({ resource: 'account', operation: 'startImport' });
	expect(pairedJson(ok, [0])).toEqual([{ success: true }]);
	expectRequest(ctx.sandbox, ctx.sandbox.requests[0], { method: 'GET', endpoint: 'client/account/importer/start', private: true });

	ctx.sandbox.script({ kind: 'resetAfter' });
	const failed = await ctx.run({ resource: 'account', operation: 'startImport' });
	expect(failed.error).toBeDefined();
	expect(ctx.sandbox.requests).toHaveLength(2);
	expect((ctx.sandbox.store as unknown as { imports: unknown[] }).imports).toHaveLength(2);
});
