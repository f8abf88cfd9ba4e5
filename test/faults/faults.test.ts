/**
 * Fault injection at engine level: real n8n workflows against the sandbox while it answers a seeded
 * share of calls with 503, 429 (Retry-After), connection resets, lost answers and timeouts.
 *
 * The sandbox draws one fault per request from its seeded PRNG in arrival order. With several
 * requests in flight the order (and so which batch meets which fault) can differ between runs; every
 * assertion here holds for any such order, so the suite is deterministic in what it checks.
 */
import type { IDataObject, INodeExecutionData } from 'n8n-workflow';

import { runClerkNode, type RunResult } from '../helpers/engine';
import { credentialsFor, makeProduct, startSandbox, type RecordedRequest, type Sandbox } from '../helpers/sandbox';

let sandbox: Sandbox;
beforeAll(async () => {
	// The store's IDs are numbers, as makeProduct's; an ID of the other type is refused.
	sandbox = await startSandbox({ idType: 'number', maxUrlLength: 8192 });
});
afterAll(async () => await sandbox.close());
beforeEach(() => sandbox.reset());

const N = 10_000;
const BATCH = 100;
const MIN_CALLS = Math.ceil(N / BATCH);
const FAULTS = { status5xxRate: 0.2, status429Rate: 0.1, resetRate: 0.05, retryAfter: 0 };

const upsert = (requestOptions: IDataObject = {}) => ({
	resource: 'product',
	operation: 'upsert',
	dataMode: 'autoMapInputData',
	requestOptions: { batchSize: BATCH, maxRetries: 10, ...requestOptions },
});

/** Upserts `input` (Continue on Fail, error output) while the sandbox injects `faults`. */
async function upsertUnder(input: IDataObject[], faults: IDataObject, requestOptions: IDataObject = {}) {
	sandbox.setFaults(faults);
	return await runClerkNode({
		parameters: upsert(requestOptions),
		items: input,
		credentials: credentialsFor(sandbox),
		onError: 'continueErrorOutput',
	});
}

const products = (count: number, first = 1) => Array.from({ length: count }, (_, index) => makeProduct(first + index));

/** How many recorded requests met each fault ('none' = answered normally). */
function faultCounts(requests: RecordedRequest[]): Record<string, number> {
	const counts: Record<string, number> = {};
	for (const request of requests) counts[request.fault ?? 'none'] = (counts[request.fault ?? 'none'] ?? 0) + 1;
	return counts;
}

const indexOf = (item: INodeExecutionData) => (item.pairedItem as { item: number }).item;

/** Every input item has exactly one output item, on one of the two outputs, paired to it. */
function expectOneOutputPerItem(result: RunResult, count: number): void {
	const paired = [...result.output, ...result.errorOutput].map(indexOf).sort((a, b) => a - b);
	expect(paired).toEqual(Array.from({ length: count }, (_, index) => index));
}

/** IDs of the products that reached Clerk's store through each processed POST, counted. */
function processedIds(requests: RecordedRequest[]): Map<string, number> {
	const seen = new Map<string, number>();
	for (const request of requests) {
		if (request.method !== 'POST' || request.status !== 200) continue;
		for (const product of (request.body?.products ?? []) as IDataObject[]) {
			const id = String(product.id);
			seen.set(id, (seen.get(id) ?? 0) + 1);
		}
	}
	return seen;
}

/**
 * A deep-equality key: JSON with sorted object keys. (util.isDeepStrictEqual would also compare
 * prototypes, which differ between jest's test realm and the sandbox's objects.)
 */
function canonical(value: unknown): string {
	return JSON.stringify(value, (_, entry: unknown) =>
		entry && typeof entry === 'object' && !Array.isArray(entry)
			? Object.fromEntries(Object.entries(entry).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
			: entry,
	);
}
const isDeepEqual = (a: unknown, b: unknown) => a !== undefined && b !== undefined && canonical(a) === canonical(b);

/** IDs of the products missing from Clerk's store or stored differently from what was sent. */
function storedDifferently(sent: IDataObject[]): unknown[] {
	return sent
		.filter((product) => !isDeepEqual(sandbox.store.products.get(String(product.id)), product))
		.map((product) => product.id);
}

/** Indexes of the success output items that are not the input item they are paired with, unchanged. */
function outputDifferently(result: RunResult, input: IDataObject[]): number[] {
	return result.output
		.filter((item) => !isDeepEqual(item.json, input[indexOf(item)]))
		.map(indexOf);
}

const report: string[] = [];
afterAll(() => {
	if (process.env.CLERK_FAULT_REPORT) process.stdout.write(`${report.join('\n')}\n`);
});

describe('10,000 product upserts under faults', () => {
	test('20% 503, 10% 429 (Retry-After 0), 5% resets: every product stored once, exactly as sent', async () => {
		const input = products(N);
		const result = await upsertUnder(input, { ...FAULTS, seed: 1 });

		expect(result.error).toBeUndefined();
		expectOneOutputPerItem(result, N);
		// With 10 retries a batch fails only after 11 faults in a row (p ≈ 0.35^11); none did.
		expect(result.errorOutput).toHaveLength(0);
		expect(result.output).toHaveLength(N);
		// In input order, each the product as sent.
		expect(result.output.map(indexOf)).toEqual(input.map((_, index) => index));
		expect(outputDifferently(result, input)).toEqual([]);

		expect(sandbox.store.products.size).toBe(N);
		expect(storedDifferently(input)).toEqual([]);
		// Each product was accepted by exactly one answered POST: no batch was split or sent twice.
		const accepted = processedIds(sandbox.requests);
		expect(accepted.size).toBe(N);
		expect([...accepted.values()].every((times) => times === 1)).toBe(true);

		const counts = faultCounts(sandbox.requests);
		expect(counts.none).toBe(MIN_CALLS);
		expect(counts.status5xx).toBeGreaterThan(0);
		expect(counts.status429).toBeGreaterThan(0);
		expect(counts.reset).toBeGreaterThan(0);
		// Bounded work: every extra call is a retry of a fault.
		expect(sandbox.requests.length).toBe(MIN_CALLS + (counts.status5xx ?? 0) + (counts.status429 ?? 0) + (counts.reset ?? 0));
		expect(sandbox.requests.length).toBeLessThanOrEqual(3 * MIN_CALLS);
		report.push(`faults: ${sandbox.requests.length} requests for ${MIN_CALLS} batches ${JSON.stringify(counts)}`);
	});

	test('timeouts (Timeout 1 s): every call that got no answer is retried, every product stored once', async () => {
		const input = products(N);
		const result = await upsertUnder(input, { timeoutRate: 0.1, seed: 2 }, { timeout: 1 });

		expect(result.error).toBeUndefined();
		expectOneOutputPerItem(result, N);
		expect(result.errorOutput).toHaveLength(0);
		expect(outputDifferently(result, input)).toEqual([]);
		expect(sandbox.store.products.size).toBe(N);
		expect(storedDifferently(input)).toEqual([]);

		const counts = faultCounts(sandbox.requests);
		expect(counts.none).toBe(MIN_CALLS);
		expect(counts.timeout).toBeGreaterThan(0);
		expect(sandbox.requests.length).toBe(MIN_CALLS + counts.timeout);
		expect(sandbox.requests.length).toBeLessThanOrEqual(3 * MIN_CALLS);
		report.push(`timeouts: ${sandbox.requests.length} requests for ${MIN_CALLS} batches ${JSON.stringify(counts)}`);
	});

	test('lost answers (processed, then reset) on the idempotent upsert are retried; each product stored once', async () => {
		const count = 2_000;
		const input = products(count);
		const result = await upsertUnder(input, { resetAfterRate: 0.3, seed: 3 });

		expect(result.error).toBeUndefined();
		expectOneOutputPerItem(result, count);
		expect(result.errorOutput).toHaveLength(0);
		expect(outputDifferently(result, input)).toEqual([]);
		expect(sandbox.store.products.size).toBe(count);
		expect(storedDifferently(input)).toEqual([]);

		const batches = count / BATCH;
		const counts = faultCounts(sandbox.requests);
		expect(counts.resetAfter).toBeGreaterThan(0);
		expect(counts.none).toBe(batches);
		// Every lost answer was followed by one resend of the same batch.
		expect(sandbox.requests.length).toBe(batches + counts.resetAfter);
		for (const lost of sandbox.requests.filter((request) => request.fault === 'resetAfter')) {
			const resent = sandbox.requests.filter((request) => request.rawBody === lost.rawBody);
			expect(resent.at(-1)?.status).toBe(200);
		}
		report.push(`resetAfter (upsert): ${sandbox.requests.length} requests for ${batches} batches ${JSON.stringify(counts)}`);
	});

	test('a batch with invalid products stores every valid one, under faults too', async () => {
		const count = 1_000;
		// Clerk refuses 3 products (missing name, price as a list of text…); the node itself refuses 2.
		const clerkRejects = new Set([17, 250, 251]);
		const nodeRejects = new Set([500, 999]);
		const input = products(count).map((product, index) => {
			if (index === 17) return { ...product, name: undefined };
			if (index === 250) return { ...product, url: undefined };
			if (index === 251) return { ...product, description: undefined };
			if (index === 500) return { ...product, price: 'twelve' };
			if (index === 999) return { ...product, created_at: 1_700_000_000_000 };
			return product;
		});
		const result = await upsertUnder(input, { ...FAULTS, seed: 4 });

		expect(result.error).toBeUndefined();
		expectOneOutputPerItem(result, count);
		const bad = [...clerkRejects, ...nodeRejects].sort((a, b) => a - b);
		expect(result.errorOutput.map(indexOf).sort((a, b) => a - b)).toEqual(bad);
		for (const item of result.errorOutput) {
			const index = indexOf(item);
			if (clerkRejects.has(index)) {
				expect(item.json.error).toMatch(/^Clerk\.io ParsingError: Invalid Syntax In Argument: products/);
				expect(item.json.message).toMatch(/More info: http:\/\/my\.clerk\.io\/error\//);
			} else {
				expect(item.json.error).toMatch(new RegExp(`^Invalid product in item ${index}: '(price|created_at)'`));
			}
		}
		expect(sandbox.store.products.size).toBe(count - bad.length);
		const good = input.filter((_, index) => !bad.includes(index));
		expect(storedDifferently(good)).toEqual([]);
		expect(outputDifferently(result, input)).toEqual([]);
		// Nothing the node refused was sent; no product was accepted twice.
		const accepted = processedIds(sandbox.requests);
		expect([...accepted.values()].every((times) => times === 1)).toBe(true);
		for (const index of nodeRejects) {
			expect(sandbox.requests.some((request) => request.rawBody.includes(`"id":${index + 1},`))).toBe(false);
		}
		// Halving isolates each refused product in at most 2·⌈log2 batch⌉ answered calls.
		const counts = faultCounts(sandbox.requests);
		expect(counts.none).toBeLessThanOrEqual(count / BATCH + 2 * clerkRejects.size * Math.ceil(Math.log2(BATCH)));
		expect(sandbox.requests.length).toBe(counts.none + (counts.status5xx ?? 0) + (counts.status429 ?? 0) + (counts.reset ?? 0));
		report.push(`invalid products under faults: ${sandbox.requests.length} requests ${JSON.stringify(faultCounts(sandbox.requests))}`);
	});
});

describe('non-idempotent calls under faults', () => {
	test('Log Sale: never resent after an ambiguous failure, no sale counted twice, each failure on the error output', async () => {
		const count = 300;
		const input = Array.from({ length: count }, (_, index) => ({
			order: 5000 + index,
			lines: [{ id: 1 + (index % 50), quantity: 1 + (index % 3), price: 9.5 }],
		}));
		sandbox.setFaults({ ...FAULTS, resetAfterRate: 0.1, seed: 5 });
		const result = await runClerkNode({
			parameters: {
				resource: 'tracking',
				operation: 'logSale',
				sale: '={{ $json.order }}',
				products: '={{ $json.lines }}',
				visitor: 'aB3dE5gH',
				requestOptions: { maxRetries: 10 },
			},
			items: input,
			credentials: credentialsFor(sandbox),
			onError: 'continueErrorOutput',
		});

		expect(result.error).toBeUndefined();
		expectOneOutputPerItem(result, count);

		// The calls of each sale: only a 429 (Clerk did not act on it) is ever followed by a resend.
		const bySale = new Map<number, RecordedRequest[]>();
		for (const request of sandbox.requests) {
			expect(request).toMatchObject({ method: 'POST', endpoint: 'log/sale' });
			const sale = request.body?.sale as number;
			bySale.set(sale, [...(bySale.get(sale) ?? []), request]);
		}
		expect(bySale.size).toBe(count);
		const last = new Map<number, RecordedRequest>();
		for (const [sale, calls] of bySale) {
			expect(calls.slice(0, -1).every((call) => call.fault === 'status429')).toBe(true);
			expect(calls.at(-1)!.fault).not.toBe('status429');
			last.set(sale, calls.at(-1)!);
		}
		const counts = faultCounts(sandbox.requests);
		expect(sandbox.requests.length).toBe(count + (counts.status429 ?? 0));

		// No duplicates: one event and one order per sale Clerk processed, and only those.
		const sales = sandbox.store.events.filter((event) => event.type === 'sale').map((event) => event.sale as number);
		expect(new Set(sales).size).toBe(sales.length);
		expect(sandbox.store.orders.size).toBe(sales.length);
		const processed = [...last].filter(([, call]) => call.fault === null || call.fault === 'resetAfter').map(([sale]) => sale);
		expect([...sales].sort((a, b) => a - b)).toEqual(processed.sort((a, b) => a - b));

		// Success output: the sales Clerk confirmed. Error output: every ambiguous one, with its cause.
		const confirmed = [...last].filter(([, call]) => call.fault === null).map(([sale]) => sale - 5000);
		expect(result.output.map(indexOf)).toEqual(confirmed.sort((a, b) => a - b));
		for (const item of result.output) {
			expect(item.json).toMatchObject({ success: true, sale: input[indexOf(item)].order, products: input[indexOf(item)].lines });
		}
		expect(result.errorOutput.length).toBe(count - confirmed.length);
		expect(result.errorOutput.length).toBeGreaterThan(0);
		for (const item of result.errorOutput) {
			const fault = last.get(input[indexOf(item)].order)!.fault;
			expect(item.json.order).toBe(input[indexOf(item)].order);
			expect(item.json.error).toEqual(
				fault === 'status5xx'
					? // After a 429 (resent, as Clerk did not act on it) the message counts the attempts.
						expect.stringMatching(/^Clerk\.io InternalError: Service temporarily unavailable( \(after \d+ attempts\))?$/)
					: expect.stringContaining('Clerk.io may already have processed it, so it was not sent again'),
			);
		}
		report.push(
			`log/sale: ${sandbox.requests.length} requests for ${count} sales ${JSON.stringify(counts)}; ` +
				`${sales.length} stored, 0 duplicates, ${result.errorOutput.length} on the error output`,
		);
	});
});
