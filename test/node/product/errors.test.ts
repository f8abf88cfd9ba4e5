import { runClerkNode } from '../../helpers/engine';
import { useSandbox } from '../../helpers/calls';
import { credentialsFor, makeProduct } from '../../helpers/sandbox';

// The store's IDs are numbers, as the fixtures'; an ID of the other type is refused.
const shop = useSandbox();

const upsert = { resource: 'product', operation: 'upsert', dataMode: 'autoMapInputData' };
const products = (count: number) => Array.from({ length: count }, (_, index) => makeProduct(index + 1));

describe('Clerk errors', () => {
	test('a soft error (HTTP 200, status "error") fails with Clerk type and message', async () => {
		shop.sandbox.script({ kind: 'soft', type: 'LogicalError', message: 'Store is disabled' });
		const result = await runClerkNode({ parameters: upsert, items: products(1), credentials: credentialsFor(shop.sandbox) });

		expect(result.error?.message).toBe('Clerk.io LogicalError: Store is disabled');
		expect(result.error?.description).toContain('http://my.clerk.io/error/');
		expect(result.error?.context?.itemIndex).toBe(0);
		expect(shop.sandbox.requests).toHaveLength(1);
	});

	test('an authentication error names Clerk type, is not retried and leaks no key', async () => {
		const result = await runClerkNode({
			parameters: upsert,
			items: products(2),
			credentials: credentialsFor(shop.sandbox, { privateKey: 'wrong-private-key-123' }),
		});

		expect(result.error?.message).toBe('Clerk.io AuthenticationError: Invalid private API key. Clerk.io had confirmed 0 of 2 items before the node stopped');
		expect(JSON.stringify(result.run.data)).not.toContain('wrong-private-key-123');
		expect(shop.sandbox.requests).toHaveLength(1);
	});

	test('keys echoed back by Clerk are redacted from errors', async () => {
		shop.sandbox.script({ kind: 'soft', type: 'ParsingError', message: `Bad key ${shop.sandbox.keys.privateKey} given` });
		const result = await runClerkNode({ parameters: upsert, items: products(1), credentials: credentialsFor(shop.sandbox) });

		expect(result.error?.message).toBe('Clerk.io ParsingError: Bad key [redacted] given');
		expect(JSON.stringify(result.run.data)).not.toContain(shop.sandbox.keys.privateKey);
	});
});

describe('retries', () => {
	test('HTTP 429 is retried after the Retry-After delay', async () => {
		shop.sandbox.script({ kind: 'status429', retryAfter: 1 });
		const result = await runClerkNode({ parameters: upsert, items: products(3), credentials: credentialsFor(shop.sandbox) });

		expect(result.error).toBeUndefined();
		expect(shop.sandbox.requests.map((r) => r.status)).toEqual([429, 200]);
		const waited = (shop.sandbox.requests[1] as unknown as { at: number }).at - (shop.sandbox.requests[0] as unknown as { at: number }).at;
		expect(waited).toBeGreaterThanOrEqual(950);
		expect(shop.sandbox.store.products.size).toBe(3);
	});

	test('5xx, soft internal errors and connection resets are retried for idempotent calls', async () => {
		shop.sandbox.script({ kind: 'status5xx', status: 503 }, { kind: 'soft' }, { kind: 'reset' }, { kind: 'status5xx', status: 502 });
		const result = await runClerkNode({ parameters: upsert, items: products(3), credentials: credentialsFor(shop.sandbox) });

		expect(result.error).toBeUndefined();
		expect(shop.sandbox.requests.map((r) => r.status)).toEqual([503, 200, -1, 502, 200]);
		expect(shop.sandbox.store.products.size).toBe(3);
		expect(result.output).toHaveLength(3);
	});

	test('retries are bounded by Max Retries', async () => {
		shop.sandbox.setFaults({ status5xxRate: 1 });
		const result = await runClerkNode({
			parameters: { ...upsert, requestOptions: { maxRetries: 2 } },
			items: products(1),
			credentials: credentialsFor(shop.sandbox),
		});

		expect(shop.sandbox.requests).toHaveLength(3);
		expect(result.error?.message).toBe('Clerk.io InternalError: Service temporarily unavailable (after 3 attempts)');
	});

	test('a call that times out is retried', async () => {
		shop.sandbox.script({ kind: 'timeout' });
		const result = await runClerkNode({
			parameters: { ...upsert, requestOptions: { timeout: 1 } },
			items: products(1),
			credentials: credentialsFor(shop.sandbox),
		});

		expect(result.error).toBeUndefined();
		expect(shop.sandbox.requests.map((r) => r.status)).toEqual([-2, 200]);
	});
});

describe('batches with invalid products', () => {
	// Products 3 and 7 lack a required field, so Clerk (the shop.sandbox) refuses any batch holding them.
	const mixed = () => products(10).map((product, index) => (index === 3 || index === 7 ? { ...product, name: undefined } : product));

	test('Continue on Fail (error output): the good products are stored, each bad one gets Clerk error', async () => {
		const result = await runClerkNode({
			parameters: upsert,
			items: mixed(),
			credentials: credentialsFor(shop.sandbox),
			onError: 'continueErrorOutput',
		});

		expect(result.error).toBeUndefined();
		expect([...shop.sandbox.store.products.keys()].sort()).toEqual(['1', '10', '2', '3', '5', '6', '7', '9']);
		expect(result.output.map((item) => item.pairedItem)).toEqual(
			[0, 1, 2, 4, 5, 6, 8, 9].map((item) => ({ item })),
		);
		expect(result.errorOutput.map((item) => item.pairedItem)).toEqual([{ item: 3 }, { item: 7 }]);
		for (const item of result.errorOutput) {
			// n8n adds the failing input item's fields beside { error, message } on the error output.
			expect(item.json.id).toBe((item.pairedItem as { item: number }).item + 1);
			expect(item.json.error).toMatch(/^Clerk\.io ParsingError: Invalid Syntax In Argument: products/);
			// Clerk's own words first, then what to do and Clerk's error page.
			expect(item.json.message).toMatch(/^Clerk\.io ParsingError: Invalid Syntax In Argument: products.*\. A parameter is missing .* More info: http:\/\/my\.clerk\.io\/error\/SBX\d+$/);
		}
		// Halving: [0-9] → [0-4] [5-9] → [0-2]✓ [3-4] [5-7] [8-9]✓ → [3]✗ [4]✓ [5-6]✓ [7]✗ = 11 calls.
		expect(shop.sandbox.requests).toHaveLength(11);
	});

	test('without Continue on Fail the good products are stored and the error names the first bad item', async () => {
		const result = await runClerkNode({ parameters: upsert, items: mixed(), credentials: credentialsFor(shop.sandbox) });

		expect(result.error?.message).toMatch(/^Clerk\.io ParsingError/);
		expect(result.error?.context?.itemIndex).toBe(3);
		expect(shop.sandbox.store.products.size).toBe(8);
	});
});

describe('bad input', () => {
	const items = () => products(4).map((product, index) => (index === 2 ? { ...product, price: 'cheap' } : product));

	test('is rejected before any request, naming item and field', async () => {
		const result = await runClerkNode({ parameters: upsert, items: items(), credentials: credentialsFor(shop.sandbox) });

		expect(result.error?.name).toBe('NodeOperationError');
		expect(result.error?.message).toBe(`Invalid product in item 2: 'price' must be a number, got "cheap"`);
		expect(result.error?.context?.itemIndex).toBe(2);
		expect(shop.sandbox.requests).toHaveLength(0);
	});

	test.each([
		[{ name: 'no id' }, `'id' is missing`],
		[{ id: {} }, `'id' must be a non-empty ID`],
		// The store's IDs are numbers (ID Type Number): 'a' and '{' cannot be category IDs.
		[{ id: 1, categories: 'a,{' }, `'categories[0]' must be a whole number ID`],
		[{ id: 1, 'bad-name': 1 }, `Attribute name 'bad-name' may only contain letters, digits and _`],
		[{ id: 1, created_at: 1700000000000 }, `looks like milliseconds`],
		[{ id: 1, stock: 2.5 }, `'stock' must be a whole number`],
		[{ id: 1, on_sale: 'maybe' }, `'on_sale' must be true or false`],
	])('rejects %j', async (item, message) => {
		const result = await runClerkNode({ parameters: upsert, items: [item], credentials: credentialsFor(shop.sandbox) });
		expect(result.error?.message).toContain(message);
		expect(result.error?.message).toContain('item 0');
		expect(shop.sandbox.requests).toHaveLength(0);
	});

	test('Define Below: invalid JSON attributes are rejected before any request', async () => {
		const result = await runClerkNode({
			parameters: { ...upsert, dataMode: 'defineBelow', productId: '1', attributesJson: '{"a": ' },
			credentials: credentialsFor(shop.sandbox),
		});
		expect(result.error?.message).toContain(`Invalid product in item 0: 'Attributes (JSON)' is not valid JSON`);
		expect(shop.sandbox.requests).toHaveLength(0);
	});

	test('with Continue on Fail the bad item goes to the error output and the rest is sent in one call', async () => {
		const result = await runClerkNode({
			parameters: upsert,
			items: items(),
			credentials: credentialsFor(shop.sandbox),
			onError: 'continueErrorOutput',
		});

		expect(shop.sandbox.requests).toHaveLength(1);
		expect(shop.sandbox.store.products.size).toBe(3);
		expect(result.errorOutput).toEqual([
			{
				json: {
					...items()[2],
					error: `Invalid product in item 2: 'price' must be a number, got "cheap"`,
					message: "Field 'price' of item 2. Nothing was sent to Clerk.io for this item.",
				},
				pairedItem: { item: 2 },
			},
		]);
		expect(result.output).toHaveLength(3);
	});

	test('Continue (regular output) puts the error item in place, in input order', async () => {
		const result = await runClerkNode({
			parameters: upsert,
			items: items(),
			credentials: credentialsFor(shop.sandbox),
			onError: 'continueRegularOutput',
		});
		expect(result.output.map((item) => Object.keys(item.json).includes('error'))).toEqual([false, false, true, false]);
	});
});
