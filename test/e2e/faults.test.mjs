// Connection failures in a real n8n (N8N_VERSION: 2.41.1 by default, and 1.123.81 in CI): n8n 1.x
// hands the node a NodeApiError without `cause` (the code only in `httpCode`, the original text in
// `messages`), 2.x one with the cause chain; the node must retry alike on both. The sandbox injects
// connection resets (before and after processing) and timeouts; a refusal is a Base URL whose port is
// closed, either for good or until the test opens it (a TCP proxy to the sandbox).
//
// Asserted: idempotent calls (Product › Create or Update in batches, a search) are resent until all
// data arrived; Tracking › Log Sale is not resent after a reset or a timeout (it may have been counted)
// but is resent after a refusal (it was never sent), each with a message that keeps the code and the
// original reason. A flaky Clerk (issue 11's mix: 20% 503, 10% 429, 5% resets) does not make an
// upsert at Batch Size 50 give up: everything is stored, in at most 2× the minimum calls. A summary per
// fault kind goes to .cache/results/faults-<version>.json.
import { expect, jest } from '@jest/globals';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';

import { executeWorkflow, freePort, importCredentials, importWorkflow, nodeOutput, REPO_ROOT } from '../../scripts/lib/real-n8n.mjs';
import { CREDENTIAL, freshUserFolder, log, n8nUnderTest, startClerkSandbox, workflowBuilder, writeJson } from './helpers.mjs';

jest.setTimeout(15 * 60 * 1000);

const PREFIX = 'Clerk.io ConnectionError: Could not complete the call to Clerk.io: ';
const MAYBE_PROCESSED = '. Clerk.io may already have processed it, so it was not sent again (to count nothing twice)';
// A refused connection points at the Base URL; a reset or timeout (Clerk.io reached, no answer) does not.
const BASE_URL_HINT = 'Check the Base URL in the credential and the network between n8n and Clerk.io.';
const NO_ANSWER_HINT = 'Clerk.io did not answer in time or dropped the connection';
const FAULT_MESSAGE = {
	reset: `${PREFIX}the connection was closed before an answer came (ECONNRESET: socket hang up)${MAYBE_PROCESSED}`,
	resetAfter: `${PREFIX}the connection was closed before an answer came (ECONNRESET: socket hang up)${MAYBE_PROCESSED}`,
	timeout: `${PREFIX}no answer came within the timeout (ECONNABORTED: timeout of 2000ms exceeded)${MAYBE_PROCESSED}`,
};

const product = (id) => ({
	id,
	name: `Fault Product ${id}`,
	description: `Product ${id} of the fault e2e suite`,
	price: 10 + (id % 90),
	image: `https://shop.example.com/img/${id}.jpg`,
	url: `https://shop.example.com/p/${id}`,
	categories: [1 + (id % 7)],
	created_at: 1_700_000_000 + id,
});
// IDs above the demo shop's (1-20), whose jackets the search finds
const FIRST_ID = 10_001;
const UPSERT_COUNT = 2000;
const BATCH = 100;
const REFUSED_UPSERT_COUNT = 500;
// Short enough for a quick suite (the node's shortest is 1 s), long enough that no answered call
// times out on a busy 2-core machine and spoils the request counts.
const FAST = { timeout: 2, maxRetries: 5 };
// A proxy closed for this long after its marker call refuses every attempt meanwhile; 8 retries back
// off for at least 15 s in all, so the call outlasts the closed window.
const CLOSED_MS = 3000;
const PATIENT = { timeout: 5, maxRetries: 8 };

const CREDENTIALS = {
	sandbox: CREDENTIAL,
	proxy: { id: 'E2eClerkProxy001', name: 'Clerk sandbox behind a port that opens late' },
	closed: { id: 'E2eClerkClosed01', name: 'Clerk sandbox at a closed port' },
};
const WORKFLOWS = { faults: 'E2eFaults0000001', refusals: 'E2eRefusals00001', flaky: 'E2eFlakyUpsert01' };
// Issue 11's flaky Clerk, seeded; Retry-After is a millisecond (the sandbox allows fractions) to keep the suite fast.
const FLAKY = { status5xxRate: 0.2, status429Rate: 0.1, resetRate: 0.05, retryAfter: 0.001, seed: 11 };
const FLAKY_COUNT = 3000;
const FLAKY_BATCH = 50;
const FLAKY_FIRST_ID = 20_001;
const SALES = ['7001', '7002', '7003'];
const CLOSED_SALE = '7009';
const PROXY_SALE = '7101';

const using = (credential) => ({ credentials: { clerkIoApi: credential } });
const saleParameters = (sale, requestOptions) => ({ resource: 'tracking', operation: 'logSale', sale, products: '5', requestOptions });

/** Resets, lost answers and timeouts from the sandbox; Log Sale at a port that stays closed. */
function faultsWorkflow() {
	const wf = workflowBuilder(WORKFLOWS.faults, 'E2E: resets and timeouts');
	const start = wf.trigger();
	const feed = wf.json('Feed', { products: Array.from({ length: UPSERT_COUNT }, (_, i) => product(FIRST_ID + i)) }, [240, 0]);
	const split = wf.splitOut('One item per product', 'products', [480, 0]);
	const upsert = wf.clerk('Upsert products', { resource: 'product', operation: 'upsert', dataMode: 'autoMapInputData', requestOptions: { ...FAST, batchSize: BATCH } }, [720, 0]);
	wf.connect(start, feed);
	wf.connect(feed, split);
	wf.connect(split, upsert);
	const search = wf.clerk('Search', { resource: 'search', operation: 'search', query: 'jacket', limit: 3, requestOptions: FAST }, [240, 200]);
	wf.connect(start, search);
	SALES.forEach((sale, row) => {
		const node = wf.clerk(`Log Sale ${sale}`, saleParameters(sale, FAST), [240, 400 + row * 200], { onError: 'continueErrorOutput' });
		wf.connect(start, node);
	});
	const closed = wf.clerk(`Log Sale ${CLOSED_SALE}`, saleParameters(CLOSED_SALE, { ...FAST, maxRetries: 2 }), [240, 1000], { onError: 'continueErrorOutput', ...using(CREDENTIALS.closed) });
	wf.connect(start, closed);
	return wf.build();
}

/**
 * One chain: a marker call (Account › Get Info, straight to the sandbox) closes the proxy's port
 * for CLOSED_MS, and the next Clerk.io node calls through that port: first Log Sale, then an upsert.
 */
function refusalsWorkflow() {
	const wf = workflowBuilder(WORKFLOWS.refusals, 'E2E: refused connections');
	const start = wf.trigger();
	const marker1 = wf.clerk('Marker 1', { resource: 'account', operation: 'getInfo' }, [240, 0]);
	const sale = wf.clerk(`Log Sale ${PROXY_SALE}`, saleParameters(PROXY_SALE, PATIENT), [480, 0], using(CREDENTIALS.proxy));
	const marker2 = wf.clerk('Marker 2', { resource: 'account', operation: 'getInfo' }, [720, 0]);
	const feed = wf.json('Feed', { products: Array.from({ length: REFUSED_UPSERT_COUNT }, (_, i) => product(5001 + i)) }, [960, 0]);
	const split = wf.splitOut('One item per product', 'products', [1200, 0]);
	const upsert = wf.clerk('Upsert products', { resource: 'product', operation: 'upsert', dataMode: 'autoMapInputData', requestOptions: { ...PATIENT, batchSize: BATCH } }, [1440, 0], using(CREDENTIALS.proxy));
	wf.connect(start, marker1);
	wf.connect(marker1, sale);
	wf.connect(sale, marker2);
	wf.connect(marker2, feed);
	wf.connect(feed, split);
	wf.connect(split, upsert);
	return wf.build();
}

/** An upsert at Batch Size 50 with the node's default Timeout and Max Retries. */
function flakyWorkflow() {
	const wf = workflowBuilder(WORKFLOWS.flaky, 'E2E: a flaky Clerk');
	const start = wf.trigger();
	const feed = wf.json('Feed', { products: Array.from({ length: FLAKY_COUNT }, (_, i) => product(FLAKY_FIRST_ID + i)) }, [240, 0]);
	const split = wf.splitOut('One item per product', 'products', [480, 0]);
	const upsert = wf.clerk('Upsert products', { resource: 'product', operation: 'upsert', dataMode: 'autoMapInputData', requestOptions: { batchSize: FLAKY_BATCH } }, [720, 0]);
	wf.connect(start, feed);
	wf.connect(feed, split);
	wf.connect(split, upsert);
	return wf.build();
}

/** A TCP proxy to the sandbox on a fixed port that refuses connections while closed. */
function portProxy(port, target) {
	let server;
	const sockets = new Set();
	const track = (socket) => {
		sockets.add(socket);
		socket.on('close', () => sockets.delete(socket));
		socket.on('error', () => {});
	};
	return {
		async open() {
			if (server) return;
			server = net.createServer((client) => {
				const upstream = net.connect(target, '127.0.0.1');
				track(client);
				track(upstream);
				client.pipe(upstream).pipe(client);
				client.on('close', () => upstream.destroy());
				upstream.on('close', () => client.destroy());
			});
			await new Promise((resolve, reject) => server.once('error', reject).listen(port, '127.0.0.1', resolve));
		},
		close() {
			if (!server) return;
			server.close();
			server = undefined;
			// kept-alive connections would let the next call through without a new connect
			for (const socket of sockets) socket.destroy();
		},
	};
}

let inst;
let sandbox;
let userFolder;
let proxy;
const windows = [];
const reopenTimers = [];
const summary = {};

beforeAll(async () => {
	const under = await n8nUnderTest();
	inst = under.inst;
	sandbox = await startClerkSandbox();
	const proxyPort = await freePort();
	const closedPort = await freePort();
	proxy = portProxy(proxyPort, sandbox.port);
	summary.n8n = inst.version;
	({ userFolder } = await freshUserFolder(inst, under.tarball, 'faults'));
	const data = (baseUrl) => ({ publicKey: sandbox.keys.publicKey, privateKey: sandbox.keys.privateKey, baseUrl, idType: 'number' });
	await importCredentials(
		inst,
		userFolder,
		writeJson(userFolder, 'credentials.json', [
			{ ...CREDENTIALS.sandbox, type: 'clerkIoApi', data: data(sandbox.url) },
			{ ...CREDENTIALS.proxy, type: 'clerkIoApi', data: data(`http://127.0.0.1:${proxyPort}`) },
			{ ...CREDENTIALS.closed, type: 'clerkIoApi', data: data(`http://127.0.0.1:${closedPort}`) },
		]),
	);
	await importWorkflow(inst, userFolder, writeJson(userFolder, 'workflows.json', [faultsWorkflow(), refusalsWorkflow(), flakyWorkflow()]));
	summary.closedPort = closedPort;
	log(`n8n ${inst.version}: package, 3 credentials and 3 workflows imported into ${userFolder}`);

	// Each marker call closes the proxy (synchronously, before the sandbox answers it) and opens it
	// CLOSED_MS later; the sandbox records the call before it answers.
	const push = sandbox.requests.push.bind(sandbox.requests);
	sandbox.requests.push = (...records) => {
		for (const record of records) {
			if (record.endpoint !== 'client/account/info') continue;
			proxy.close();
			const window = { closedAt: Date.now(), openedAt: undefined };
			windows.push(window);
			reopenTimers.push(
				setTimeout(() => {
					void proxy.open().then(() => {
						window.openedAt = Date.now();
					});
				}, CLOSED_MS),
			);
		}
		return push(...records);
	};
});

afterAll(async () => {
	reopenTimers.forEach(clearTimeout);
	proxy?.close();
	await sandbox?.close();
	if (inst) {
		const file = path.join(REPO_ROOT, '.cache', 'results', `faults-${inst.version}.json`);
		fs.mkdirSync(path.dirname(file), { recursive: true });
		fs.writeFileSync(file, `${JSON.stringify(summary, null, 1)}\n`);
		log(`fault summary: ${JSON.stringify(summary)}`);
	}
});

async function execute(id) {
	sandbox.clearRequests();
	const started = Date.now();
	const result = await executeWorkflow(inst, userFolder, id, { timeoutMs: 10 * 60 * 1000 });
	log(`n8n execute --id=${id}: ${result.status} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
	fs.writeFileSync(`${userFolder}/run-${id}.json`, JSON.stringify(result.run, null, 1));
	return { ...result, requests: [...sandbox.requests] };
}

const idsOf = (request) => (request.body?.products ?? []).map((p) => String(p.id)).sort().join(',');
const countBy = (list, key) => list.reduce((counts, item) => ({ ...counts, [key(item)]: (counts[key(item)] ?? 0) + 1 }), {});

/**
 * An error-output item: `error` is the expected message, followed at most by how many attempts were
 * made (when the node says so, it must be `attempts`); `message` carries the hint. Returns the count.
 */
function expectErrorItem(item, expected, attempts, hint) {
	expect(Object.keys(item.json).sort()).toEqual(['error', 'message']);
	const { error, message } = item.json;
	expect(error.slice(0, expected.length)).toBe(expected);
	const rest = error.slice(expected.length);
	expect(rest).toMatch(/^( \(after \d+ attempts?\))?\.?$/);
	const reported = /after (\d+) attempt/.exec(rest)?.[1];
	if (reported !== undefined) expect(Number(reported)).toBe(attempts);
	expect(message).toContain(hint);
	return reported === undefined ? undefined : Number(reported);
}

const salesOf = (id) => sandbox.store.events.filter((event) => event.type === 'sale' && String(event.sale) === id);

describe('resets and timeouts injected by the sandbox', () => {
	let run;
	const products = () => run.requests.filter((request) => request.endpoint === 'products');
	beforeAll(async () => {
		sandbox.reset();
		const faults = ['reset', 'resetAfter', 'timeout', 'reset', 'resetAfter', 'timeout'];
		sandbox.script(
			...faults.map((kind) => ({ kind, match: /^products$/ })),
			{ kind: 'reset', match: /^search\/search$/ },
			{ kind: 'timeout', match: /^search\/search$/ },
			...['reset', 'resetAfter', 'timeout'].map((kind) => ({ kind, match: /^log\/sale$/ })),
		);
		run = await execute(WORKFLOWS.faults);
	});

	test('the workflow succeeds (the failed sales go to their error outputs)', () => {
		expect(run.error?.message).toBeUndefined();
		expect(run.status).toBe('success');
	});

	test(`the upsert resends each batch that met a fault: all ${UPSERT_COUNT} products stored as sent`, () => {
		const requests = products();
		const faulted = requests.filter((request) => request.fault);
		expect(countBy(faulted, (request) => request.fault)).toEqual({ reset: 2, resetAfter: 2, timeout: 2 });
		// one answered call per batch, plus one resend per fault
		expect(requests.filter((request) => request.status === 200)).toHaveLength(UPSERT_COUNT / BATCH);
		expect(requests).toHaveLength(UPSERT_COUNT / BATCH + faulted.length);
		for (const request of faulted) {
			const resent = requests.filter((other) => other.at > request.at && idsOf(other) === idsOf(request));
			expect(resent.length).toBeGreaterThan(0);
		}
		for (let id = FIRST_ID; id < FIRST_ID + UPSERT_COUNT; id++) expect(sandbox.store.products.get(String(id))).toEqual(product(id));
		const output = nodeOutput(run.run, 'Upsert products');
		expect(output).toHaveLength(UPSERT_COUNT);
		expect(output.map((item) => item.json.id)).toEqual(Array.from({ length: UPSERT_COUNT }, (_, i) => FIRST_ID + i));
		summary.upsert = { batches: UPSERT_COUNT / BATCH, requests: requests.length, resentAfter: countBy(faulted, (r) => r.fault), stored: UPSERT_COUNT };
	});

	test('the search is resent after a reset and a timeout and returns its results', () => {
		const requests = run.requests.filter((request) => request.endpoint === 'search/search');
		expect(requests.map((request) => request.fault)).toEqual(['reset', 'timeout', null]);
		expect(requests[2].status).toBe(200);
		const output = nodeOutput(run.run, 'Search');
		expect(output.length).toBeGreaterThan(0);
		for (const item of output) expect(sandbox.store.products.has(String(item.json.id))).toBe(true);
		summary.search = { requests: requests.length, resentAfter: { reset: 1, timeout: 1 }, results: output.length };
	});

	test('Log Sale is sent once and not again after a reset, a lost answer or a timeout, each saying so', () => {
		const requests = run.requests.filter((request) => request.endpoint === 'log/sale');
		expect(requests).toHaveLength(SALES.length);
		expect(requests.map((request) => request.fault).sort()).toEqual(['reset', 'resetAfter', 'timeout']);
		for (const request of requests) {
			const sale = String(request.body.sale);
			const node = `Log Sale ${sale}`;
			expect(nodeOutput(run.run, node, { outputIndex: 0 })).toEqual([]);
			const errors = nodeOutput(run.run, node, { outputIndex: 1 });
			expect(errors).toHaveLength(1);
			expectErrorItem(errors[0], FAULT_MESSAGE[request.fault], 1, NO_ANSWER_HINT);
			// only the lost answer was processed: once, and never twice
			expect(salesOf(sale)).toHaveLength(request.fault === 'resetAfter' ? 1 : 0);
		}
		summary.logSale = { requests: requests.length, resent: 0, faults: requests.map((r) => r.fault), recorded: SALES.map((s) => salesOf(s).length) };
	});

	test('Log Sale at a port that stays closed is refused, tried 1 + Max Retries times, with the refusal as reason', () => {
		const errors = nodeOutput(run.run, `Log Sale ${CLOSED_SALE}`, { outputIndex: 1 });
		expect(errors).toHaveLength(1);
		// no "may already have processed it": a refused call was never sent
		const attempts = expectErrorItem(errors[0], `${PREFIX}the connection was refused (connect ECONNREFUSED 127.0.0.1:${summary.closedPort})`, 3, BASE_URL_HINT);
		summary.closedPortLogSale = { attempts: attempts ?? 'not reported' };
		// two retries back off for at least 250/2 + 500/2 ms
		const task = run.data.resultData.runData[`Log Sale ${CLOSED_SALE}`][0];
		expect(task.executionTime).toBeGreaterThanOrEqual(375);
	});
});

describe('refused connections: a port that opens later', () => {
	let run;
	beforeAll(async () => {
		sandbox.reset();
		windows.length = 0;
		run = await execute(WORKFLOWS.refusals);
	});

	test('the workflow succeeds', () => {
		expect(run.error?.message).toBeUndefined();
		expect(run.status).toBe('success');
		expect(windows).toHaveLength(2);
		expect(windows.every((window) => window.openedAt >= window.closedAt + CLOSED_MS)).toBe(true);
	});

	/** The node started while its port was closed, and its calls got through only after it opened. */
	function refusedFirst(node, requests, window) {
		const task = run.data.resultData.runData[node][0];
		expect(task.startTime).toBeLessThan(window.openedAt);
		expect(requests.length).toBeGreaterThan(0);
		for (const request of requests) expect(request.at).toBeGreaterThanOrEqual(window.openedAt);
		return { refusedForMs: window.openedAt - task.startTime, answeredAfterMs: Math.min(...requests.map((r) => r.at)) - task.startTime };
	}

	test('Log Sale is resent after the refusals (it was never sent): recorded exactly once', () => {
		const node = `Log Sale ${PROXY_SALE}`;
		const requests = run.requests.filter((request) => request.endpoint === 'log/sale');
		expect(requests).toHaveLength(1);
		expect(requests[0].status).toBe(200);
		const timing = refusedFirst(node, requests, windows[0]);
		expect(salesOf(PROXY_SALE)).toHaveLength(1);
		expect(nodeOutput(run.run, node)).toHaveLength(1);
		summary.refusedLogSale = { ...timing, requestsReachingClerk: requests.length, recorded: salesOf(PROXY_SALE).length };
	});

	test(`the upsert is resent after the refusals: all ${REFUSED_UPSERT_COUNT} products stored, each batch once`, () => {
		const requests = run.requests.filter((request) => request.endpoint === 'products');
		expect(requests).toHaveLength(REFUSED_UPSERT_COUNT / BATCH);
		expect(requests.every((request) => request.status === 200)).toBe(true);
		const timing = refusedFirst('Upsert products', requests, windows[1]);
		for (let id = 5001; id < 5001 + REFUSED_UPSERT_COUNT; id++) expect(sandbox.store.products.get(String(id))).toEqual(product(id));
		expect(nodeOutput(run.run, 'Upsert products')).toHaveLength(REFUSED_UPSERT_COUNT);
		summary.refusedUpsert = { ...timing, batches: requests.length, stored: REFUSED_UPSERT_COUNT };
	});
});

describe(`a flaky Clerk: 20% 503, 10% 429, 5% resets (seed ${FLAKY.seed})`, () => {
	let run;
	const minimum = FLAKY_COUNT / FLAKY_BATCH;
	beforeAll(async () => {
		sandbox.reset();
		sandbox.setFaults(FLAKY);
		run = await execute(WORKFLOWS.flaky);
		sandbox.setFaults({});
	});

	test(`an upsert of ${FLAKY_COUNT} products at Batch Size ${FLAKY_BATCH} stores everything, in at most 2× the minimum calls`, () => {
		expect(run.error?.message).toBeUndefined();
		expect(run.status).toBe('success');
		const requests = run.requests.filter((request) => request.endpoint === 'products');
		expect(requests).toHaveLength(run.requests.length);
		const faulted = countBy(
			requests.filter((request) => request.fault),
			(request) => request.fault,
		);
		// the mix really was flaky: every kind of fault met the run
		expect(Object.keys(faulted).sort()).toEqual(['reset', 'status429', 'status5xx']);
		// each batch answered exactly once; the rest were retries of refused or dropped calls
		expect(requests.filter((request) => request.status === 200)).toHaveLength(minimum);
		expect(requests.length).toBeLessThanOrEqual(2 * minimum);
		for (let id = FLAKY_FIRST_ID; id < FLAKY_FIRST_ID + FLAKY_COUNT; id++) expect(sandbox.store.products.get(String(id))).toEqual(product(id));
		const output = nodeOutput(run.run, 'Upsert products');
		expect(output.map((item) => item.json.id)).toEqual(Array.from({ length: FLAKY_COUNT }, (_, i) => FLAKY_FIRST_ID + i));
		summary.flaky = { seed: FLAKY.seed, products: FLAKY_COUNT, batchSize: FLAKY_BATCH, minimumCalls: minimum, calls: requests.length, faults: faulted, stored: FLAKY_COUNT };
	});
});
