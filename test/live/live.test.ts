/**
 * Live check against a real Clerk.io store (`npm run test:live`, see README › Live check). Read-only
 * unless CLERK_LIVE_WRITES=1: account info, the credential test, a search, a recommendation and
 * token/verify with a bad token. With writes: one clearly named test product is created, read back
 * and deleted. The keys come from CLERK_PUBLIC_KEY / CLERK_PRIVATE_KEY and never appear in output.
 */
import type { IDataObject } from 'n8n-workflow';

import { testCredential } from '../helpers/credentialTest';
import { runClerkNode, type ClerkCredentials, type RunResult } from '../helpers/engine';

const credentials: ClerkCredentials & { idType?: string } = {
	publicKey: process.env.CLERK_PUBLIC_KEY ?? '',
	privateKey: process.env.CLERK_PRIVATE_KEY ?? '',
	baseUrl: process.env.CLERK_BASE_URL || 'https://api.clerk.io',
	...(process.env.CLERK_ID_TYPE ? { idType: process.env.CLERK_ID_TYPE } : {}),
};
const writes = process.env.CLERK_LIVE_WRITES === '1';
const secrets = [credentials.publicKey, credentials.privateKey].filter((secret) => secret.length >= 4);

async function run(parameters: IDataObject, items: IDataObject[] = [{}]): Promise<RunResult> {
	const result = await runClerkNode({ parameters, items, credentials });
	const everything = JSON.stringify([result.run.data, result.error?.message, result.error?.description]);
	for (const secret of secrets.slice(1)) expect(everything).not.toContain(secret);
	return result;
}

const succeeded = (result: RunResult) => {
	expect(result.error?.message).toBeUndefined();
	return result.output.map((item) => item.json);
};

test('the credential test passes with these keys', async () => {
	expect(await testCredential(credentials)).toEqual({ status: 'OK', message: 'Connection successful!' });
});

test('Account › Get Info answers', async () => {
	expect(succeeded(await run({ resource: 'account', operation: 'getInfo' }))).toHaveLength(1);
});

test('Search › Search Products answers with items (or none for an empty store)', async () => {
	const items = succeeded(await run({ resource: 'search', operation: 'search', query: 'a', limit: 3 }));
	expect(items.length).toBeLessThanOrEqual(3);
	for (const item of items) expect(item.id).toBeDefined();
});

test('Recommendation › Best Sellers answers', async () => {
	const items = succeeded(await run({ resource: 'recommendation', operation: 'popular', limit: 3 }));
	expect(items.length).toBeLessThanOrEqual(3);
});

test('Token › Verify refuses a made-up token with a Clerk error, not a credential hint', async () => {
	const result = await run({ resource: 'token', operation: 'verify', token: 'n8n-live-check-not-a-token' });
	expect(result.error?.message).toMatch(/^Clerk\.io \w+Error: /);
	expect(result.error?.description ?? '').not.toMatch(/Private Key/);
});

(writes ? describe : describe.skip)('with CLERK_LIVE_WRITES=1', () => {
	// A name nobody mistakes for a real product, removed again at the end.
	const id = process.env.CLERK_ID_TYPE === 'text' ? `n8n-live-check-${Date.now()}` : 990_000_000 + (Date.now() % 1_000_000);
	const product = {
		id,
		name: 'n8n-nodes-clerk-io live check (safe to delete)',
		description: 'Created and deleted by npm run test:live',
		price: 1,
		image: 'https://example.com/n8n-live-check.png',
		url: 'https://example.com/n8n-live-check',
		categories: [],
		created_at: Math.floor(Date.now() / 1000),
		index: false,
	};

	afterAll(async () => {
		await run({ resource: 'product', operation: 'delete', productId: String(id) }, [{}]);
	});

	test('a test product is created, read back and deleted', async () => {
		succeeded(await run({ resource: 'product', operation: 'upsert', dataMode: 'autoMapInputData' }, [product]));
		const [found] = succeeded(await run({ resource: 'product', operation: 'get', productIds: String(id) }));
		expect(found).toMatchObject({ name: product.name });
		expect(succeeded(await run({ resource: 'product', operation: 'delete', productId: String(id) }))).toEqual([
			{ deleted: true, id: expect.anything() },
		]);
	});
});
