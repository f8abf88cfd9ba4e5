/**
 * Per-item reads overlap building requests with waiting for Clerk (engine.ts readPipelined): requests
 * are built a few at a time and each leaves as soon as a Parallel Requests lane is free, so the first
 * calls leave before the last item is read. A bad item is still attributed to its index, and nothing
 * is lost under Continue on Fail.
 */
import type { IDataObject, INodeExecutionData } from 'n8n-workflow';
import { WorkflowExpression } from 'n8n-workflow';

import { DEFAULT_ITEM_PARALLEL } from '../../nodes/ClerkIo/actions/engine';
import { runClerkNode } from '../helpers/engine';
import { credentialsFor, startSandbox, type Sandbox } from '../helpers/sandbox';

let sandbox: Sandbox;
beforeAll(async () => {
	sandbox = await startSandbox();
});
afterAll(async () => await sandbox.close());
beforeEach(() => sandbox.reset());

const indexOf = (item: INodeExecutionData) => (item.pairedItem as { item: number }).item;
const range = (count: number) => Array.from({ length: count }, (_, index) => index);
// Predictive Search returns at most 10 results: a Limit of 25 is refused when the item is read.
const predictive = { resource: 'search', operation: 'predictive', query: '={{ $json.q }}', limit: '={{ $json.limit }}', options: { output: 'raw' } };
const items = (count: number, bad: number): IDataObject[] => range(count).map((index) => ({ q: `q${index}`, limit: index === bad ? 25 : 5 }));

test('1,000 searches with a bad last item: calls leave before it is read; the run stops naming it', async () => {
	const result = await runClerkNode({ parameters: predictive, items: items(1_000, 999), credentials: credentialsFor(sandbox) });

	expect(result.error?.message).toBe('Invalid Predictive Search input in item 999: Limit is 25, but Clerk.io returns at most 10 results on search/predictive');
	// Reads overlap: earlier items were sent while later ones were still being read.
	expect(sandbox.requests.length).toBeGreaterThan(0);
	expect(sandbox.requests.every((request) => request.body?.query !== 'q999')).toBe(true);
});

test('the credential is read once per run, not once per call', async () => {
	const result = await runClerkNode({ parameters: predictive, items: items(120, -1), credentials: credentialsFor(sandbox) });

	expect(result.error).toBeUndefined();
	expect(sandbox.requests).toHaveLength(120);
	expect(result.credentialReads).toBe(1);
});

test('Continue on Fail: every item answered in order, the bad one on the error output at its index', async () => {
	const result = await runClerkNode({
		parameters: predictive,
		items: items(1_000, 500),
		credentials: credentialsFor(sandbox),
		onError: 'continueErrorOutput',
	});

	expect(result.error).toBeUndefined();
	expect(result.output.map(indexOf)).toEqual(range(1_000).filter((index) => index !== 500));
	expect(result.errorOutput.map(indexOf)).toEqual([500]);
	expect(result.errorOutput[0].json.error).toContain('in item 500:');
	expect(sandbox.requests).toHaveLength(999);
	// Bounded by Parallel Requests (its default here).
	expect(sandbox.maxInFlight).toBeLessThanOrEqual(DEFAULT_ITEM_PARALLEL);
});

test('writes still check every item before the first call', async () => {
	const result = await runClerkNode({
		parameters: { resource: 'tracking', operation: 'logProduct', product: '5', visitor: '={{ $json.v }}' },
		items: [...range(20).map(() => ({ v: 'a' })), {}],
		credentials: credentialsFor(sandbox),
	});

	expect(result.error?.message).toBe("Invalid Log Product View input in item 20: 'Visitor ID' is required");
	expect(sandbox.requests).toHaveLength(0);
});

test('parameters without an expression are read once per run, a mapped {{ $json.q }} from the item, other expressions per item', async () => {
	const resolve = jest.spyOn(WorkflowExpression.prototype, 'getParameterValue');
	try {
		const run = async (query: string) => {
			resolve.mockClear();
			sandbox.reset();
			const result = await runClerkNode({
				parameters: { resource: 'search', operation: 'search', query, limit: 5, options: { output: 'raw' } },
				items: range(200).map((index) => ({ q: `q${index}` })),
				credentials: credentialsFor(sandbox),
			});
			expect(result.output.map(indexOf)).toEqual(range(200));
			return { resolutions: resolve.mock.calls.length, sent: sandbox.requests.map((request) => request.body?.query).sort() };
		};
		const expected = range(200).map((index) => `q${index}`).sort();
		const fixed = await run('lamp');
		// A fixed query: a few reads in all, not several per item.
		expect(fixed.resolutions).toBeLessThan(50);
		// A mapped field: taken from each item, with no more resolutions than a fixed query.
		const mapped = await run('={{ $json.q }}');
		expect(mapped.sent).toEqual(expected);
		expect(mapped.resolutions).toBeLessThanOrEqual(fixed.resolutions);
		// Any other expression is resolved by n8n for every item; the other parameters still once.
		const computed = await run("={{ 'q' + $itemIndex }}");
		expect(computed.sent).toEqual(expected);
		expect(computed.resolutions - mapped.resolutions).toBe(200);
	} finally {
		resolve.mockRestore();
	}
});
