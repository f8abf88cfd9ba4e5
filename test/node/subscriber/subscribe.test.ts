import { argsOf, expectRequest, pairedJson, useSandbox } from '../../helpers/calls';

const ctx = useSandbox();

test('Subscribe GETs subscriber/subscribe with the public key only', async () => {
	const result = await ctx.run({ resource: 'subscriber', operation: 'subscribe', email: '={{ $json.email }}', list_id: 'news' }, [
		{ email: 'ann@example.com' },
		{ email: 'bob@example.com' },
	]);

	expect(pairedJson(result, [0, 1])).toEqual([
		{ success: true, email: 'ann@example.com', list_id: 'news' },
		{ success: true, email: 'bob@example.com', list_id: 'news' },
	]);
	expectRequest(ctx.sandbox, ctx.sandbox.requests[0], { method: 'GET', endpoint: 'subscriber/subscribe', private: false });
	expect(argsOf(ctx.sandbox.requests[0])).toEqual({ email: 'ann@example.com', list_id: 'news' });
	expect(ctx.sandbox.store.subscribers.get('ann@example.com')).toEqual({ email: 'ann@example.com', subscribed: true, lists: { news: true } });
});

test('Unsubscribe without a list unsubscribes globally', async () => {
	ctx.sandbox.store.subscribers.set('ann@example.com', { email: 'ann@example.com', subscribed: true, lists: { news: true } });
	const result = await ctx.run({ resource: 'subscriber', operation: 'unsubscribe', email: 'ann@example.com' });

	expect(pairedJson(result, [0])).toEqual([{ success: true, email: 'ann@example.com' }]);
	expectRequest(ctx.sandbox, ctx.sandbox.requests[0], { method: 'GET', endpoint: 'subscriber/unsubscribe', private: false });
	expect(ctx.sandbox.store.subscribers.get('ann@example.com')).toEqual({ email: 'ann@example.com', subscribed: false, lists: { news: false } });
});
