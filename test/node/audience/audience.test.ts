import { argsOf, expectRequest, pairedJson, useSandbox } from '../../helpers/calls';

const ctx = useSandbox();

test('Create POSTs one audience per item and outputs the ID Clerk assigned', async () => {
	const result = await ctx.run({ resource: 'audience', operation: 'create', dataMode: 'autoMapInputData' }, [{ name: 'VIP' }, { name: 'Churned' }]);

	expect(pairedJson(result, [0, 1])).toEqual([{ id: 1, name: 'VIP' }, { id: 2, name: 'Churned' }]);
	expect(ctx.sandbox.requests).toHaveLength(2);
	expectRequest(ctx.sandbox, ctx.sandbox.requests[0], { method: 'POST', endpoint: 'audiences', private: true });
	expect(argsOf(ctx.sandbox.requests[0])).toEqual({ audiences: [{ name: 'VIP' }] });
	expect(ctx.sandbox.store.audiences.get('2')).toEqual({ id: 2, name: 'Churned' });
});

test('Update PATCHes, Get reads by ids, Delete sends ids in the body', async () => {
	ctx.sandbox.store.audiences.set('4', { id: 4, name: 'Old' });
	const updated = await ctx.run({ resource: 'audience', operation: 'update', dataMode: 'defineBelow', audienceId: '4', updateFields: { name: 'New' } });
	expect(pairedJson(updated, [0])).toEqual([{ id: 4, name: 'New' }]);
	expectRequest(ctx.sandbox, ctx.sandbox.requests[0], { method: 'PATCH', endpoint: 'audiences', private: true });

	const got = await ctx.run({ resource: 'audience', operation: 'get', audienceIds: '4, 5' });
	expect(pairedJson(got, [0])).toEqual([{ id: 4, name: 'New' }]);
	expect(argsOf(ctx.sandbox.requests[1])).toEqual({ ids: [4, 5] });

	const deleted = await ctx.run({ resource: 'audience', operation: 'delete', audienceId: '4' });
	expect(pairedJson(deleted, [0])).toEqual([{ deleted: true, id: 4 }]);
	expectRequest(ctx.sandbox, ctx.sandbox.requests[2], { method: 'DELETE', endpoint: 'audiences', private: true, paramsIn: 'body' });
	expect(argsOf(ctx.sandbox.requests[2])).toEqual({ ids: [4] });
	expect(ctx.sandbox.requests[2].query).toEqual({});
	expect(ctx.sandbox.store.audiences.size).toBe(0);
});

test('List outputs one item per audience; Get Emails one item per email', async () => {
	ctx.sandbox.store.audiences.set('1', { id: 1, name: 'VIP', emails: ['a@example.com', 'b@example.com'] });
	ctx.sandbox.store.audiences.set('2', { id: 2, name: 'All' });
	const listed = await ctx.run({ resource: 'audience', operation: 'list' });
	expect(pairedJson(listed, [0, 0]).map((json) => json.id)).toEqual([1, 2]);
	expectRequest(ctx.sandbox, ctx.sandbox.requests[0], { method: 'GET', endpoint: 'audiences/list', private: true });

	const emails = await ctx.run({ resource: 'audience', operation: 'getEmails', id: '={{ $json.id }}' }, [{ id: 1 }]);
	expect(pairedJson(emails, [0, 0])).toEqual([{ email: 'a@example.com' }, { email: 'b@example.com' }]);
	expectRequest(ctx.sandbox, ctx.sandbox.requests[1], { method: 'GET', endpoint: 'audiences/emails', private: true });
	expect(argsOf(ctx.sandbox.requests[1])).toEqual({ id: 1 });
});
