/**
 * A Clerk that is down, flaky or cancelled, at engine level (real workflows through WorkflowExecute
 * against the sandbox). Assertions are on calls, attribution and order, never on wall time; a small
 * Timeout keeps the runs short.
 */
import type { IDataObject, INodeExecutionData } from 'n8n-workflow';

import { DEFAULT_ITEM_PARALLEL } from '../../nodes/ClerkIo/actions/engine';
import { runClerkNode, type RunResult } from '../helpers/engine';
import { credentialsFor, makeProduct, startSandbox, type Sandbox } from '../helpers/sandbox';

let sandbox: Sandbox;
beforeAll(async () => {
	sandbox = await startSandbox({ idType: 'number', maxUrlLength: 8192 });
});
afterAll(async () => await sandbox.close());
beforeEach(() => sandbox.reset());

const indexOf = (item: INodeExecutionData) => (item.pairedItem as { item: number }).item;
const products = (count: number) => Array.from({ length: count }, (_, index) => makeProduct(index + 1));
const range = (count: number) => Array.from({ length: count }, (_, index) => index);
const DOWN = /^Clerk\.io ConnectionError: Clerk\.io is not answering at http:\/\/127\.0\.0\.1:\d+: \d+ calls timed out in the last \d+ s/;

const search = (requestOptions: IDataObject = {}) => ({
	resource: 'search',
	operation: 'search',
	query: '={{ $json.q }}',
	limit: 1,
	// One output item per input item, whatever the search finds.
	options: { output: 'raw' },
	requestOptions: { timeout: 1, ...requestOptions },
});
const upsert = (requestOptions: IDataObject = {}) => ({
	resource: 'product',
	operation: 'upsert',
	dataMode: 'autoMapInputData',
	requestOptions: { timeout: 1, ...requestOptions },
});

/** Resolves once the sandbox has recorded `count` Clerk calls. */
async function callsReached(count: number): Promise<void> {
	while (sandbox.requests.length < count) await new Promise((resolve) => setTimeout(resolve, 5));
}

describe('Clerk down (never answers): remaining calls fail fast, each item attributed', () => {
	beforeEach(() => sandbox.setFaults({ timeoutRate: 1 }));
	const queries = range(1_000).map((index) => ({ q: `query ${index}` }));

	test('1,000 per-item searches, Continue on Fail: one wave of calls, every item on the error output', async () => {
		const result = await runClerkNode({
			parameters: search(),
			items: queries,
			credentials: credentialsFor(sandbox),
			onError: 'continueErrorOutput',
		});

		expect(result.error).toBeUndefined();
		expect(result.output).toHaveLength(0);
		expect(result.errorOutput.map(indexOf)).toEqual(range(1_000));
		for (const item of result.errorOutput) {
			expect(Object.keys(item.json).filter((key) => key !== 'q').sort()).toEqual(['error', 'message']);
			expect(item.json.error).toMatch(DOWN);
			expect(item.json.message).toMatch(/the remaining calls were not sent/);
		}
		// The first wave (Parallel Requests, by default) timed out; nothing was sent after it.
		expect(sandbox.requests.length).toBeLessThanOrEqual(DEFAULT_ITEM_PARALLEL);
	});

	test('1,000 per-item searches, without Continue on Fail: the run stops with the same error', async () => {
		const result = await runClerkNode({ parameters: search(), items: queries, credentials: credentialsFor(sandbox) });

		expect(result.error?.message).toMatch(DOWN);
		expect(sandbox.requests.length).toBeLessThanOrEqual(DEFAULT_ITEM_PARALLEL);
	});

	test('10,000-product upsert (Parallel Requests 1), Continue on Fail: 2 calls, every item attributed', async () => {
		const result = await runClerkNode({
			parameters: upsert({ parallelRequests: 1 }),
			items: products(10_000),
			credentials: credentialsFor(sandbox),
			onError: 'continueErrorOutput',
		});

		expect(result.error).toBeUndefined();
		expect(result.errorOutput.map(indexOf)).toEqual(range(10_000));
		expect(result.errorOutput.every((item) => DOWN.test(String(item.json.error)))).toBe(true);
		// The first batch and its one retry; the other 19 batches were never sent.
		expect(sandbox.requests).toHaveLength(2);
	});

	test('10,000-product upsert, without Continue on Fail: stops after the first wave, nothing confirmed', async () => {
		const result = await runClerkNode({ parameters: upsert(), items: products(10_000), credentials: credentialsFor(sandbox) });

		expect(result.error?.message).toMatch(DOWN);
		expect(result.error?.message).toMatch(/Clerk\.io had confirmed 0 of 10,000 items before the node stopped$/);
		expect(sandbox.requests.length).toBeLessThanOrEqual(4);
	});
});

describe('a slow or flaky Clerk never trips it', () => {
	test('one call that times out at the start is retried and the run goes on', async () => {
		sandbox.script({ kind: 'timeout' });
		const result = await runClerkNode({
			parameters: search({ parallelRequests: 1 }),
			items: range(5).map((index) => ({ q: `q${index}` })),
			credentials: credentialsFor(sandbox),
		});

		expect(result.error).toBeUndefined();
		expect(sandbox.requests.map((request) => request.fault)).toEqual(['timeout', null, null, null, null, null]);
	});

	test('30% timeouts once Clerk has answered: every search succeeds', async () => {
		sandbox.setFaults({ timeoutRate: 0.3, seed: 11 });
		const result = await runClerkNode({
			parameters: search({ parallelRequests: 25 }),
			items: range(100).map((index) => ({ q: `q${index}` })),
			credentials: credentialsFor(sandbox),
			onError: 'continueErrorOutput',
		});

		expect(result.errorOutput).toHaveLength(0);
		expect(result.output.map(indexOf)).toEqual(range(100));
		expect(sandbox.requests.filter((request) => request.fault === 'timeout').length).toBeGreaterThan(0);
	});
});

describe('cancelling the execution', () => {
	test('no call leaves after the cancel, not even a retry that was waiting', async () => {
		// Every call is slow, and the first is a 429 asking to wait 30 s before trying again.
		sandbox.setFaults({ latencyMs: 30 });
		sandbox.script({ kind: 'status429', retryAfter: 30 });
		let cancel: () => void = () => {};
		let sentAtCancel = -1;
		const finished = runClerkNode({
			parameters: search({ parallelRequests: 5 }),
			items: range(1_000).map((index) => ({ q: `q${index}` })),
			credentials: credentialsFor(sandbox),
			onStarted: (stop) => (cancel = stop),
		});
		await callsReached(20);
		cancel();
		sentAtCancel = sandbox.requests.length + sandbox.inFlight;
		const result = await finished;
		expect(result.run.status).toBe('canceled');
		// Let anything the node would still send arrive (a call or a retry after its wait).
		await new Promise((resolve) => setTimeout(resolve, 1_500));
		expect(sandbox.requests.length).toBeLessThanOrEqual(sentAtCancel);
		expect(sandbox.requests.length).toBeLessThan(1_000);
	});
});

describe('a flaky Clerk: 20% 503, 10% 429, 5% resets', () => {
	const FLAKY = { status5xxRate: 0.2, status429Rate: 0.1, resetRate: 0.05, retryAfter: 0.001 };
	const N = 10_000;
	const BATCH = 50;
	const MIN_CALLS = N / BATCH;

	test('20 seeded 10,000-product upserts at Batch Size 50 (default Max Retries) all succeed, within 2× the minimum calls', async () => {
		const totals: number[] = [];
		for (let seed = 1; seed <= 20; seed++) {
			sandbox.reset();
			sandbox.setFaults({ ...FLAKY, seed });
			const result: RunResult = await runClerkNode({
				parameters: upsert({ batchSize: BATCH, timeout: 60 }),
				items: products(N),
				credentials: credentialsFor(sandbox),
			});
			expect({ seed, error: result.error?.message }).toEqual({ seed, error: undefined });
			expect(result.output).toHaveLength(N);
			expect(sandbox.store.products.size).toBe(N);
			expect(sandbox.requests.length).toBeLessThanOrEqual(2 * MIN_CALLS);
			totals.push(sandbox.requests.length);
		}
		if (process.env.CLERK_FAULT_REPORT) process.stdout.write(`flaky batch 50: calls per run ${totals.join(' ')} (minimum ${MIN_CALLS})\n`);
	}, 900_000);

	test('giving up without Continue on Fail says how many attempts were made and how many items Clerk confirmed', async () => {
		sandbox.setFaults({ latencyMs: 5 });
		const running = runClerkNode({
			parameters: upsert({ batchSize: 10, parallelRequests: 1, maxRetries: 2 }),
			items: products(100),
			credentials: credentialsFor(sandbox),
		});
		// After three batches, Clerk only answers 429 from then on.
		await callsReached(3);
		sandbox.setFaults({ status429Rate: 1, retryAfter: 0.001 });
		const result = await running;

		const match = /^Clerk\.io RateLimitError: .* \(after (\d+) attempts\)\. Clerk\.io had confirmed (\d+) of 100 items before the node stopped$/.exec(
			result.error?.message ?? '',
		);
		expect(match).not.toBeNull();
		const [attempts, confirmed] = [Number(match![1]), Number(match![2])];
		expect(confirmed).toBe(sandbox.store.products.size);
		expect(confirmed).toBe(10 * sandbox.requests.filter((request) => request.status === 200).length);
		expect(attempts).toBe(sandbox.requests.filter((request) => request.status === 429).length);
		// Bounded: its own 2 retries, then at most the run-wide budget (10 + one per confirmed call).
		expect(attempts).toBeLessThanOrEqual(1 + 10 + confirmed / 10);
	});
});
