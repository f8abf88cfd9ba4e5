/**
 * Batches against a Clerk that is less forgiving than the sandbox's default (engine.ts runBatches):
 * a store-wide error, Clerk's terse content errors, URL and body size limits.
 */
import type { IDataObject, INodeExecutionData } from 'n8n-workflow';

import { runClerkNode } from '../helpers/engine';
import { credentialsFor, makeProduct, startSandbox, type Sandbox } from '../helpers/sandbox';

let sandbox: Sandbox;
beforeAll(async () => {
	sandbox = await startSandbox();
});
afterAll(async () => await sandbox.close());
beforeEach(() => sandbox.reset());

const run = async (parameters: IDataObject, items: IDataObject[], onError?: 'continueErrorOutput') =>
	await runClerkNode({ parameters, items, credentials: credentialsFor(sandbox), onError });

const upsert = (requestOptions: IDataObject = {}) => ({ resource: 'product', operation: 'upsert', dataMode: 'autoMapInputData', requestOptions });
const products = (count: number, first = 1) => Array.from({ length: count }, (_, index) => makeProduct(first + index));
const indexOf = (item: INodeExecutionData) => (item.pairedItem as { item: number }).item;
const range = (count: number) => Array.from({ length: count }, (_, index) => index);
const statuses = () => [...new Set(sandbox.requests.map((request) => request.status))];

describe('a store-wide error ("Store is disabled")', () => {
	beforeEach(() => sandbox.setSwitches({ storeError: { type: 'LogicalError', message: 'Store is disabled' } }));

	test('500 upserts: 4 calls, not 999; every item gets the error on the error output', async () => {
		const result = await run(upsert(), products(500), 'continueErrorOutput');

		// The batch, its two halves, and one call without records that fails the same way.
		expect(sandbox.requests.length).toBe(4);
		expect(result.output).toHaveLength(0);
		expect(result.errorOutput.map(indexOf)).toEqual(range(500));
		expect(new Set(result.errorOutput.map((item) => item.json.error))).toEqual(new Set(['Clerk.io LogicalError: Store is disabled']));
	});

	test('2,000 upserts in 4 batches of 500: at most 3 calls per batch, one check for the run', async () => {
		const result = await run(upsert(), products(2000), 'continueErrorOutput');

		expect(sandbox.requests.length).toBeLessThanOrEqual(4 * 3 + 1);
		expect(result.errorOutput).toHaveLength(2000);
	});

	test('without Continue on Fail the run stops with the error, naming the first item', async () => {
		const result = await run(upsert(), products(500));

		expect(sandbox.requests.length).toBe(4);
		expect(result.error?.message).toBe('Clerk.io LogicalError: Store is disabled. Clerk.io had confirmed 0 of 500 items before the node stopped');
		expect(result.error?.context?.itemIndex).toBe(0);
	});
});

test("bad records in both halves with Clerk's terse message: the good ones are still stored", async () => {
	sandbox.setSwitches({ terseErrors: true });
	const input = products(10).map((product, index) => (index === 3 || index === 7 ? { ...product, name: undefined } : product));
	const result = await run(upsert(), input, 'continueErrorOutput');

	expect([...sandbox.store.products.keys()].sort()).toEqual(['1', '10', '2', '3', '5', '6', '7', '9']);
	expect(result.errorOutput.map(indexOf)).toEqual([3, 7]);
	expect(result.errorOutput[0].json.error).toBe('Clerk.io ParsingError: Invalid Syntax In Argument: products');
	// Halving as without the check (11 calls), plus the one check that tells it from a store-wide error.
	expect(sandbox.requests.length).toBe(12);
});

describe('GET and DELETE batches are sized by their URL (limit 8192, as common servers)', () => {
	beforeEach(() => sandbox.setSwitches({ maxUrlLength: 8192 }));
	const longestUrl = () => Math.max(...sandbox.requests.map((request) => (request.url ?? '').length));

	test('Get: 100 items of 50 IDs each, every item answered in calls that fit', async () => {
		for (const product of products(5000)) sandbox.store.products.set(String(product.id), product);
		const items = range(100).map((item) => ({ ids: range(50).map((index) => item * 50 + index + 1) }));
		const result = await run({ resource: 'product', operation: 'get', productIds: '={{ $json.ids }}' }, items, 'continueErrorOutput');

		expect(statuses()).toEqual([200]);
		expect(longestUrl()).toBeLessThanOrEqual(6000);
		expect(result.errorOutput).toHaveLength(0);
		expect(result.output).toHaveLength(5000);
		expect(result.output.map((item) => item.json.id)).toEqual(range(5000).map((index) => index + 1));
		expect(result.output.map(indexOf)).toEqual(range(5000).map((index) => Math.floor(index / 50)));
	});

	test('Delete: 100 long redirect URLs in calls that fit, not one 12 KB URL', async () => {
		const url = (index: number) => `https://shop.example.com/collections/summer-sale-2024/landing-page-${index}?utm_source=newsletter`;
		for (const index of range(100)) sandbox.store.redirects.set(url(index), { url: url(index), queries: ['sale'] });
		const result = await run({ resource: 'redirect', operation: 'delete', url: '={{ $json.url }}' }, range(100).map((index) => ({ url: url(index) })), 'continueErrorOutput');

		expect(statuses()).toEqual([200]);
		expect(sandbox.requests.length).toBeGreaterThan(1);
		expect(result.errorOutput).toHaveLength(0);
		expect(result.output.map(indexOf)).toEqual(range(100));
		expect(sandbox.store.redirects.size).toBe(0);
	});

	test('a lower limit than the budget: a 414 splits the batch in two until it fits', async () => {
		sandbox.setSwitches({ maxUrlLength: 2500 });
		const url = (index: number) => `https://shop.example.com/collections/summer-sale-2024/landing-page-${index}?utm_source=newsletter`;
		for (const index of range(100)) sandbox.store.redirects.set(url(index), { url: url(index), queries: ['sale'] });
		const result = await run({ resource: 'redirect', operation: 'delete', url: '={{ $json.url }}' }, range(100).map((index) => ({ url: url(index) })), 'continueErrorOutput');

		expect(statuses().sort()).toEqual([200, 414]);
		expect(result.errorOutput).toHaveLength(0);
		expect(sandbox.store.redirects.size).toBe(0);
	});

	test('an item whose URL alone is too long fails with an error naming it; the others are answered', async () => {
		for (const product of products(10)) sandbox.store.products.set(String(product.id), product);
		const items = [{ ids: range(1000).map((index) => 100_000 + index) }, { ids: [1, 2] }, { ids: [3] }];
		const result = await run({ resource: 'product', operation: 'get', productIds: '={{ $json.ids }}' }, items, 'continueErrorOutput');

		expect(result.output.map((item) => [indexOf(item), item.json.id])).toEqual([[1, 1], [1, 2], [2, 3]]);
		expect(result.errorOutput.map(indexOf)).toEqual([0]);
		expect(result.errorOutput[0].json.error).toMatch(/^The request for item 0 is too large for Clerk\.io on its own: a URL of [\d,]+ characters \(HTTP 414\)/);
		expect(result.errorOutput[0].json.message).toMatch(/fewer/);
	});
});

test('a 413 splits a POST batch in two until the bodies fit; every product stored once', async () => {
	sandbox.setSwitches({ maxBodySize: 30_000 });
	const input = products(300);
	const result = await run(upsert(), input, 'continueErrorOutput');

	expect(result.errorOutput).toHaveLength(0);
	expect(result.output.map(indexOf)).toEqual(range(300));
	expect(sandbox.store.products.size).toBe(300);
	const stored = sandbox.requests.filter((request) => request.status === 200).flatMap((request) => (request.body?.products ?? []) as IDataObject[]);
	expect(stored).toHaveLength(300);
	expect(statuses().sort()).toEqual([200, 413]);
});
