/**
 * The contract test: every operation runs through the engine against the sandbox twice, with only
 * its required fields and with every field and option set, and every request it sends is checked
 * against Clerk's published reference (contract.js): unknown endpoint, missing required argument,
 * undocumented argument, private key where the reference does not list it or missing where it is
 * required, an argument in the wrong place. Only recorded deviations pass.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';

import { resources } from '../../nodes/ClerkIo/actions/resources';
import { runClerkNode } from '../helpers/engine';
import { filesFor, itemFor, operationKeys, parametersFor } from '../helpers/operationInputs';
import { credentialsFor, startSandbox, type RecordedRequest, type Sandbox } from '../helpers/sandbox';

const contract = require('./contract') as {
	reference: { operations: Array<{ method: string; path: string; samples: string[]; sampleUrl?: Record<string, string> }> };
	DEVIATIONS: Array<{ call: string; kind: string; source: string }>;
	ASSUMPTIONS: Array<{ what: string; source: string; ifWrong: string; request: string; feed?: string; rateLimit?: boolean }>;
	POST_SAMPLES: string[];
	check(request: RecordedRequest): string[];
	callOf(method: string, path: string, version?: string): string;
};

let sandbox: Sandbox;
beforeAll(async () => {
	sandbox = await startSandbox();
});
afterAll(async () => await sandbox.close());
beforeEach(() => sandbox.reset());

/** Every call the node made in this file, for the deviation and README checks. */
const callsMade = new Set<string>();
/** Calls that carried the private key in the query string (GET/DELETE, as Clerk documents them). */
const privateKeyInQuery = new Set<string>();

const callOf = (request: RecordedRequest) =>
	contract.callOf(request.method, request.endpoint.replace(/\/$/, ''), request.version ?? 'v2');

async function requestsOf(operationKey: string, everything: boolean): Promise<RecordedRequest[]> {
	const [resource, operation] = operationKey.split(':');
	sandbox.reset();
	const result = await runClerkNode({
		parameters: parametersFor(resource, operation, everything),
		items: [itemFor(resource, operation)],
		files: filesFor(resource, operation),
		credentials: credentialsFor(sandbox),
		onError: 'continueRegularOutput',
	});
	const requests = sandbox.requests.filter((request) => request.version !== null);
	if (requests.length === 0) {
		throw new Error(`${operationKey} sent nothing (node error: ${result.error?.message ?? JSON.stringify(result.output[0]?.json)})`);
	}
	for (const request of requests) {
		callsMade.add(callOf(request));
		if (request.keys.private_key === 'query') privateKeyInQuery.add(callOf(request));
	}
	return requests;
}

describe.each([
	['required fields only', false],
	['every field and option', true],
])('%s', (_label, everything) => {
	test.each(operationKeys)('%s sends only what Clerk documents', async (operationKey) => {
		const problems = (await requestsOf(operationKey, everything)).flatMap((request) => contract.check(request));
		expect([...new Set(problems)]).toEqual([]);
	});
});

test('a POST sent instead of a documented GET is backed by a POST sample of that same page', () => {
	const byCall = new Map(contract.reference.operations.map((operation) => [`${operation.method} ${operation.path}`, operation]));
	for (const path of contract.POST_SAMPLES) {
		const get = byCall.get(`GET ${path}`);
		expect({ path, samples: get?.samples }).toEqual({ path, samples: expect.arrayContaining(['POST']) });
		expect(get?.sampleUrl?.POST?.replace(/^https?:\/\/api\.clerk\.io\/v2\//, '').replace(/\/$/, '')).toBe(path);
	}
});

test('every recorded deviation is one the node makes, with its source', () => {
	for (const deviation of contract.DEVIATIONS) expect(deviation.source.length).toBeGreaterThan(20);
	const unused = contract.DEVIATIONS.map((deviation) => deviation.call).filter((call) => !callsMade.has(call));
	expect(unused).toEqual([]);
});

test('the operations cover the resources', () => {
	const callingClerk = (resource: (typeof resources)[number]) => resource.operations.filter(({ operation }) => operation.mode !== 'node').length;
	expect(operationKeys.length).toBe(resources.reduce((sum, resource) => sum + callingClerk(resource), 0));
});

test('the README lists every call that carries the private key in its URL', () => {
	const readme = readFileSync(path.resolve(__dirname, '../../README.md'), 'utf8');
	const section = /<!-- private-key-in-query:start -->([\s\S]*?)<!-- private-key-in-query:end -->/.exec(readme)?.[1] ?? '';
	const listed = [...section.matchAll(/`((?:GET|DELETE) [a-z/_]+)`/g)].map((match) => match[1]);
	expect(listed).toEqual([...privateKeyInQuery].sort());
});

test('the store-wide error probe (an assumption, recorded with what happens if it is wrong) sends only what Clerk documents', async () => {
	// The data feed assumptions (feed: …) are checked in test/feed/feed.test.ts.
	expect(contract.ASSUMPTIONS.filter((assumption) => !assumption.feed && !assumption.rateLimit).map((assumption) => assumption.request)).toEqual([expect.stringMatching(/^POST products with products: \[\]/)]);
	sandbox.reset();
	sandbox.setSwitches({ storeError: { type: 'LogicalError', message: 'Store is disabled' } });
	await runClerkNode({
		parameters: { resource: 'product', operation: 'upsert', dataMode: 'autoMapInputData', requestOptions: { batchSize: 4 } },
		items: [1, 2, 3, 4].map((id) => ({ ...itemFor('product', 'upsert'), id })),
		credentials: credentialsFor(sandbox),
		onError: 'continueRegularOutput',
	});
	const probes = sandbox.requests.filter((request) => Array.isArray(request.body?.products) && (request.body?.products as unknown[]).length === 0);
	expect(probes).toHaveLength(1);
	expect(sandbox.requests.flatMap((request) => contract.check(request))).toEqual([]);
});

test('Clerk limiting calls in flight (an assumption: none published): per-item reads at the default Parallel Requests lose no item', async () => {
	expect(contract.ASSUMPTIONS.filter((assumption) => assumption.rateLimit)).toHaveLength(1);
	// Stricter than anything known of Clerk: 10 calls in flight, 20 ms each, 50 ms Retry-After.
	sandbox.setSwitches({ rateLimit: { maxInFlight: 10, retryAfter: 0.05 } });
	sandbox.setFaults({ latencyMs: 20 });
	const queries = Array.from({ length: 300 }, (_, index) => ({ q: `lamp ${index}` }));
	const result = await runClerkNode({
		parameters: { resource: 'search', operation: 'search', query: '={{ $json.q }}', limit: 10 },
		items: queries,
		credentials: credentialsFor(sandbox),
		onError: 'continueErrorOutput',
	});

	// Every item is answered or on the error output, once, with Clerk's refusal and the attempts it took.
	const indexOf = (item: { pairedItem?: unknown }) => (item.pairedItem as { item: number }).item;
	const answered = new Set(result.output.map(indexOf));
	const failed = result.errorOutput.map(indexOf);
	expect([...answered, ...failed].sort((a, b) => a - b)).toEqual(queries.map((_, index) => index));
	for (const item of result.errorOutput) expect(item.json.error).toMatch(/^Clerk\.io RateLimitError: Too many requests \(after \d+ attempts\)/);
	expect(sandbox.requests.filter((request) => request.status === 429).length).toBeGreaterThan(0);
	expect(sandbox.requests.filter((request) => request.status === 200)).toHaveLength(answered.size);
	expect(sandbox.requests.flatMap((request) => contract.check(request))).toEqual([]);
});
