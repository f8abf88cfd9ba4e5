import { argsOf, expectRequest, pairedJson, useSandbox } from '../../helpers/calls';

const ctx = useSandbox();

describe.each([
	{
		resource: 'synonym',
		endpoint: 'synonyms',
		listKey: 'synonyms',
		collection: 'synonyms',
		key: 'query',
		keyParameter: 'query',
		keysParameter: 'queries',
		input: { query: 'sneakers', synonyms: 'trainers, running shoes' },
		sent: { query: 'sneakers', synonyms: ['trainers', 'running shoes'] },
		patch: { query: 'sneakers', directed_synonyms: ['shoes'] },
	},
	{
		resource: 'redirect',
		endpoint: 'redirects',
		listKey: 'redirects',
		collection: 'redirects',
		key: 'url',
		keyParameter: 'url',
		keysParameter: 'urls',
		input: { url: 'https://shop.example.com/sale', queries: '["sale", "outlet"]', exact_match: 'true' },
		sent: { url: 'https://shop.example.com/sale', queries: ['sale', 'outlet'], exact_match: true },
		patch: { url: 'https://shop.example.com/sale', exact_match: false },
	},
	{
		resource: 'searchRule',
		endpoint: 'customized_search',
		listKey: 'rules',
		collection: 'customizedSearch',
		key: 'query',
		keyParameter: 'query',
		keysParameter: 'queries',
		input: { query: 'shoes', products: '{"pin": [1], "hide": [2]}' },
		sent: { query: 'shoes', products: { pin: [1], hide: [2] } },
		patch: { query: 'shoes', pages: { pin: [3] } },
	},
])('$resource', ({ resource, endpoint, listKey, collection, key, keyParameter, keysParameter, input, sent, patch }) => {
	const table = () => ctx.sandbox.store[collection];
	const value = (sent as unknown as Record<string, string>)[key];

	test('Create or Update POSTs all items in one request', async () => {
		const result = await ctx.run({ resource, operation: 'upsert', dataMode: 'autoMapInputData' }, [input]);
		expect(pairedJson(result, [0])).toEqual([sent]);
		expectRequest(ctx.sandbox, ctx.sandbox.requests[0], { method: 'POST', endpoint, private: true });
		expect(argsOf(ctx.sandbox.requests[0])).toEqual({ [listKey]: [sent] });
		expect(table().get(value)).toEqual(sent);
	});

	test('Update PATCHes, Get reads, Delete removes by key', async () => {
		table().set(value, sent);
		const updated = await ctx.run({ resource, operation: 'update', dataMode: 'autoMapInputData' }, [patch]);
		expect(pairedJson(updated, [0])).toEqual([patch]);
		expectRequest(ctx.sandbox, ctx.sandbox.requests[0], { method: 'PATCH', endpoint, private: true });
		expect(table().get(value)).toEqual({ ...sent, ...patch });

		const got = await ctx.run({ resource, operation: 'get', [keysParameter]: value });
		expect(pairedJson(got, [0])).toEqual([{ ...sent, ...patch }]);
		expectRequest(ctx.sandbox, ctx.sandbox.requests[1], { method: 'GET', endpoint, private: true });
		expect(argsOf(ctx.sandbox.requests[1])).toEqual({ [listKey]: [value] });

		const deleted = await ctx.run({ resource, operation: 'delete', [keyParameter]: value });
		expect(pairedJson(deleted, [0])).toEqual([{ deleted: true, id: value, [key]: value }]);
		expectRequest(ctx.sandbox, ctx.sandbox.requests[2], { method: 'DELETE', endpoint, private: true });
		expect(table().size).toBe(0);
	});
});

test('redirects use the documented path with its trailing slash', async () => {
	await ctx.run({ resource: 'redirect', operation: 'get', urls: 'https://shop.example.com/a' });
	expect(ctx.sandbox.requests[0].url).toMatch(/^\/v2\/redirects\/\?/);
});

describe('campaign', () => {
	const campaign = { name: 'Summer', active: true, start_at: '2024-06-01T00:00:00Z', rules: '[{"action": "pin", "products": [12]}]', triggers: [{ type: 'searches_all' }], triggers_match: 'any' };
	const stored = { name: 'Summer', active: true, start_at: 1717200000, rules: [{ action: 'pin', products: [12] }], triggers: [{ type: 'searches_all' }], triggers_match: 'any' };

	test('Create POSTs one campaign per item and outputs the ID from campaign_ids', async () => {
		const result = await ctx.run({ resource: 'campaign', operation: 'create', dataMode: 'autoMapInputData' }, [campaign, { name: 'Winter' }]);
		expect(pairedJson(result, [0, 1])).toEqual([{ id: 1, ...stored }, { id: 2, name: 'Winter' }]);
		expect(ctx.sandbox.requests).toHaveLength(2);
		expectRequest(ctx.sandbox, ctx.sandbox.requests[0], { method: 'POST', endpoint: 'merchandising', private: true });
		expect(argsOf(ctx.sandbox.requests[0])).toEqual({ campaigns: [stored] });
		expect(ctx.sandbox.store.campaigns.get('1')).toEqual({ id: 1, ...stored });
	});

	test('Create refuses an ID before any request', async () => {
		const result = await ctx.run({ resource: 'campaign', operation: 'create', dataMode: 'autoMapInputData' }, [{ id: 3, name: 'X' }]);
		expect(result.error?.message).toBe("Invalid merchandising campaign in item 0: 'id' must not be set; Clerk.io assigns it");
		expect(ctx.sandbox.requests).toHaveLength(0);
	});

	test('Create is not resent after an ambiguous failure', async () => {
		ctx.sandbox.script({ kind: 'resetAfter' });
		const result = await ctx.run({ resource: 'campaign', operation: 'create', dataMode: 'autoMapInputData' }, [{ name: 'Once' }]);
		expect(result.error).toBeDefined();
		expect(ctx.sandbox.requests).toHaveLength(1);
		expect(ctx.sandbox.store.campaigns.size).toBe(1);
	});

	test('Update, Get and Delete by campaign ID', async () => {
		ctx.sandbox.store.campaigns.set('5', { id: 5, ...stored });
		const updated = await ctx.run({ resource: 'campaign', operation: 'update', dataMode: 'defineBelow', campaignId: '5', updateFields: { active: false } });
		expect(pairedJson(updated, [0])).toEqual([{ id: 5, active: false }]);
		expectRequest(ctx.sandbox, ctx.sandbox.requests[0], { method: 'PATCH', endpoint: 'merchandising', private: true });

		const got = await ctx.run({ resource: 'campaign', operation: 'get', campaignIds: '5' });
		expect(pairedJson(got, [0])).toEqual([{ id: 5, ...stored, active: false }]);
		expect(argsOf(ctx.sandbox.requests[1])).toEqual({ campaigns: [5] });

		const deleted = await ctx.run({ resource: 'campaign', operation: 'delete', campaignId: '5' });
		expect(pairedJson(deleted, [0])).toEqual([{ deleted: true, id: 5 }]);
		expectRequest(ctx.sandbox, ctx.sandbox.requests[2], { method: 'DELETE', endpoint: 'merchandising', private: true });
		expect(ctx.sandbox.store.campaigns.size).toBe(0);
	});
});
