/**
 * Import From File under faults: a 10,000-line file streamed while the sandbox resets connections
 * (before and after storing), answers 503 and 429. Only idempotent upserts are sent, so a resend
 * after a lost answer stores the same record again; nothing may be lost or stored under another ID.
 */
import type { IDataObject } from 'n8n-workflow';

import { runClerkNode } from '../helpers/engine';
import { ndjson, useBinaryDataMode, type BinaryDataMode } from '../helpers/files';
import { credentialsFor, makeProduct, startSandbox, type Sandbox } from '../helpers/sandbox';

let sandbox: Sandbox;
beforeAll(async () => {
	sandbox = await startSandbox({ idType: 'number' });
});
afterAll(async () => await sandbox.close());
beforeEach(() => sandbox.reset());

const N = 10_000;
const BATCH = 100;
const products = Array.from({ length: N }, (_, index) => makeProduct(index + 1));
const content = ndjson(products);

describe.each<[BinaryDataMode, number]>([
	['filesystem', 21],
	['default', 22],
])('binary data mode %s, seed %i', (mode, seed) => {
	beforeAll(async () => {
		await useBinaryDataMode(mode);
	});

	test('resets mid-stream (before and after storing), 503s and 429s: every record stored once, only idempotent upserts sent', async () => {
		sandbox.setFaults({ resetRate: 0.05, resetAfterRate: 0.1, status5xxRate: 0.1, status429Rate: 0.05, retryAfter: 0, seed });
		const result = await runClerkNode({
			parameters: { resource: 'product', operation: 'importFromFile', binaryPropertyName: 'data', requestOptions: { batchSize: BATCH, maxRetries: 10 } },
			files: [{ fileName: 'feed.ndjson', content }],
			credentials: credentialsFor(sandbox),
			onError: 'continueErrorOutput',
		});

		expect(result.errorOutput).toHaveLength(0);
		expect(result.output[0].json).toMatchObject({ recordsRead: N, recordsSent: N, recordsStored: N, recordsRejected: 0 });
		// Faults did happen, and calls were resent.
		const faults = new Set(sandbox.requests.map((request) => request.fault));
		expect(faults.has('reset')).toBe(true);
		expect(faults.has('resetAfter')).toBe(true);
		// Nothing but the idempotent add-or-replace of products was sent.
		expect(new Set(sandbox.requests.map((request) => `${request.method} ${request.endpoint}`))).toEqual(new Set(['POST products']));
		// Nothing lost, nothing changed: every product stored as it is in the file.
		expect(sandbox.store.products.size).toBe(N);
		for (const product of [products[0], products[4999], products[N - 1]]) expect(sandbox.store.products.get(String(product.id))).toEqual(product);
		// Every record that reached Clerk arrived in a batch of whole lines, each line of the file at least once.
		const seen = new Set<number>();
		for (const request of sandbox.requests) for (const record of (request.body?.products ?? []) as IDataObject[]) seen.add(record.id as number);
		expect(seen.size).toBe(N);
	});
});

test('the store is disabled mid-file: the import stops at once, saying how many records Clerk.io confirmed', async () => {
	await useBinaryDataMode('filesystem');
	// Once Clerk has stored 300 products, it refuses every further call of the store.
	const watch = setInterval(() => {
		if (sandbox.store.products.size >= 300) sandbox.setSwitches({ storeError: { type: 'LogicalError', message: 'Store is disabled' } });
	}, 1);
	const result = await runClerkNode({
		parameters: { resource: 'product', operation: 'importFromFile', binaryPropertyName: 'data', requestOptions: { batchSize: BATCH, maxRetries: 1, parallelRequests: 1 } },
		files: [{ fileName: 'feed.ndjson', content: ndjson(products.slice(0, 1000)) }],
		credentials: credentialsFor(sandbox),
		onError: 'continueErrorOutput',
	}).finally(() => clearInterval(watch));

	expect(result.output).toHaveLength(0);
	expect(result.errorOutput[0].json.error).toMatch(/^Clerk\.io LogicalError: Store is disabled\. Clerk\.io had confirmed \d[\d,]* of the [\d,]+ products read from the file before the import stopped/);
	const confirmed = Number(/confirmed ([\d,]+) of/.exec(String(result.errorOutput[0].json.error))![1].replace(/,/g, ''));
	expect(confirmed).toBeGreaterThanOrEqual(300);
	expect(sandbox.store.products.size).toBeGreaterThanOrEqual(confirmed);
});
