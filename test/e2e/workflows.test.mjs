// Workflows in a real n8n: the packed package installed as a community package in a fresh user
// folder, a credential and three workflows imported with the n8n CLI, each run with
// `n8n execute --id … --rawOutput` against the in-process Clerk sandbox. Asserts the node outputs n8n
// printed and the requests the sandbox recorded.
import { expect, jest } from '@jest/globals';
import fs from 'node:fs';

import { executeWorkflow, nodeOutput } from '../../scripts/lib/real-n8n.mjs';
import { log, n8nWithWorkflows, workflowBuilder } from './helpers.mjs';

jest.setTimeout(15 * 60 * 1000);

const jwt = (payload) => `eyJhbGciOiJIUzI1NiJ9.${Buffer.from(JSON.stringify(payload)).toString('base64url')}.c2ln`;
const product = (id, extra = {}) => ({
	id,
	name: `E2E Product ${id}`,
	description: `Product ${id} from the e2e suite`,
	price: 10 + (id % 90),
	list_price: 20 + (id % 90),
	image: `https://shop.example.com/img/${id}.jpg`,
	url: `https://shop.example.com/p/${id}`,
	categories: [1 + (id % 7)],
	created_at: 1_700_000_000 + id,
	brand: 'E2E',
	...extra,
});
const TOKEN = jwt({ sub: 'e2e', exp: 1_900_000_000 });

/**
 * One operation of every resource (19). `input`: the item a Set node feeds in (Map Automatically);
 * without it the node gets the trigger's empty item. `call`: the request it must send (version/endpoint).
 * `check(output, sandbox, request)`: what must have come out and been stored.
 */
const CASES = [
	{
		resource: 'product', node: 'Product: Create or Update', parameters: { operation: 'upsert', dataMode: 'autoMapInputData' },
		input: product(9001), call: 'POST v2/products',
		check: (out, sb, req) => {
			expect(out.map((i) => i.json)).toEqual([product(9001)]);
			expect(sb.store.products.get('9001')).toEqual(product(9001));
			expect(req.keys).toEqual({ key: 'body', private_key: 'body' });
		},
	},
	{
		resource: 'category', node: 'Category: Create or Update', parameters: { operation: 'upsert', dataMode: 'autoMapInputData' },
		input: { id: 901, name: 'E2E Category', url: 'https://shop.example.com/c/e2e', subcategories: [] }, call: 'POST v2/categories',
		check: (out, sb) => {
			expect(out[0].json).toEqual({ id: 901, name: 'E2E Category', url: 'https://shop.example.com/c/e2e', subcategories: [] });
			expect(sb.store.categories.get('901')).toMatchObject({ name: 'E2E Category' });
		},
	},
	{
		resource: 'order', node: 'Order: Create or Update', parameters: { operation: 'upsert', dataMode: 'autoMapInputData' },
		input: { id: 9101, products: [{ id: 1, quantity: 2, price: 129 }], time: 1_700_000_000, customer: 1, email: 'ann@example.com' }, call: 'POST v2/orders',
		check: (out, sb) => {
			expect(out[0].json).toMatchObject({ id: 9101, email: 'ann@example.com' });
			expect(sb.store.orders.get('9101')).toMatchObject({ products: [{ id: 1, quantity: 2, price: 129 }], time: 1_700_000_000 });
		},
	},
	{
		resource: 'customer', node: 'Customer: Create or Update', parameters: { operation: 'upsert', dataMode: 'autoMapInputData' },
		// An older-style `id` is sent as `customerid` (customer-resource), never both.
		input: { id: 9201, name: 'E2E Customer', email: 'e2e@example.com' }, call: 'POST v2/customers',
		check: (out, sb) => {
			expect(out[0].json).toEqual({ customerid: 9201, name: 'E2E Customer', email: 'e2e@example.com' });
			expect(sb.store.customers.get('9201')).toMatchObject({ email: 'e2e@example.com' });
		},
	},
	{
		resource: 'page', node: 'Page: Create or Update', parameters: { operation: 'upsert', dataMode: 'autoMapInputData' },
		input: { id: 9301, type: 'blog', url: 'https://shop.example.com/blog/e2e', title: 'E2E', text: 'Written by the e2e suite' },
		call: 'POST v2/pages',
		check: (out, sb) => {
			expect(out[0].json).toMatchObject({ id: 9301, title: 'E2E' });
			expect(sb.store.pages.get('9301')).toMatchObject({ type: 'blog', text: 'Written by the e2e suite' });
		},
	},
	{
		resource: 'parcel', node: 'Order Parcel: Create',
		parameters: { operation: 'create', order_id: '5001', additionalFields: { tracking_code: 'E2E-TC', status: 'shipped' } },
		call: 'POST v2/orders/parcels',
		check: (out, sb) => {
			expect(out[0].json).toMatchObject({ order_id: 5001, tracking_code: 'E2E-TC', status: 'shipped' });
			expect(sb.store.parcels.get(String(out[0].json.parcel_id))).toMatchObject({ order_id: 5001, tracking_code: 'E2E-TC' });
		},
	},
	{
		resource: 'accessory', node: 'Accessory: Create or Update', parameters: { operation: 'upsert', dataMode: 'autoMapInputData' },
		input: { product: 1, accessories: [15, 18] }, call: 'POST v2/accessories',
		check: (out, sb) => {
			expect(out[0].json).toEqual({ product: 1, accessories: [15, 18] });
			expect(sb.store.accessories.get('1')).toMatchObject({ accessories: [15, 18] });
		},
	},
	{
		resource: 'tracking', node: 'Tracking: Log Click', parameters: { operation: 'logClick', product: '9', visitor: 'e2e-visitor' },
		call: 'POST v2/log/click',
		check: (out, sb, req) => {
			expect(out).toHaveLength(1);
			expect(sb.store.events.filter((event) => event.visitor === 'e2e-visitor')).toHaveLength(1);
			expect(req.keys).toEqual({ key: 'body', private_key: null });
		},
	},
	{
		resource: 'subscriber', node: 'Subscriber: Subscribe', parameters: { operation: 'subscribe', email: 'e2e@example.com', list_id: 'news' },
		call: 'GET v2/subscriber/subscribe',
		check: (out, sb, req) => {
			expect(out).toHaveLength(1);
			expect(req.query).toMatchObject({ email: 'e2e@example.com' });
			expect(sb.store.subscribers.get('e2e@example.com')).toBeDefined();
		},
	},
	{
		resource: 'audience', node: 'Audience: Create', parameters: { operation: 'create', dataMode: 'autoMapInputData' },
		input: { name: 'E2E VIP' }, call: 'POST v2/audiences',
		check: (out, sb) => {
			expect(out[0].json).toEqual({ id: expect.anything(), name: 'E2E VIP' });
			expect(sb.store.audiences.get(String(out[0].json.id))).toMatchObject({ name: 'E2E VIP' });
		},
	},
	{
		resource: 'synonym', node: 'Synonym: Create or Update', parameters: { operation: 'upsert', dataMode: 'autoMapInputData' },
		input: { query: 'parka', synonyms: ['jacket', 'coat'] }, call: 'POST v2/synonyms',
		check: (out, sb) => {
			expect(out[0].json).toEqual({ query: 'parka', synonyms: ['jacket', 'coat'] });
			expect(sb.store.synonyms.get('parka')).toMatchObject({ synonyms: ['jacket', 'coat'] });
		},
	},
	{
		resource: 'redirect', node: 'Redirect: Create or Update', parameters: { operation: 'upsert', dataMode: 'autoMapInputData' },
		input: { url: 'https://shop.example.com/sale', queries: ['sale', 'outlet'] }, call: 'POST v2/redirects',
		check: (out, sb) => {
			expect(out[0].json).toMatchObject({ url: 'https://shop.example.com/sale', queries: ['sale', 'outlet'] });
			expect(sb.store.redirects.get('https://shop.example.com/sale')).toBeDefined();
		},
	},
	{
		resource: 'searchRule', node: 'Search Rule: Create or Update', parameters: { operation: 'upsert', dataMode: 'autoMapInputData' },
		input: { query: 'wool', products: { pin: [5], hide: [7] } }, call: 'POST v2/customized_search',
		check: (out, sb) => {
			expect(out[0].json).toMatchObject({ query: 'wool', products: { pin: [5], hide: [7] } });
			expect(sb.store.customizedSearch.get('wool')).toMatchObject({ products: { pin: [5], hide: [7] } });
		},
	},
	{
		resource: 'campaign', node: 'Merchandising Campaign: Create', parameters: { operation: 'create', dataMode: 'autoMapInputData' },
		input: { name: 'E2E Campaign', active: true, triggers_match: 'any' }, call: 'POST v2/merchandising',
		check: (out, sb) => {
			expect(out[0].json).toMatchObject({ id: expect.anything(), name: 'E2E Campaign', active: true });
			expect(sb.store.campaigns.get(String(out[0].json.id))).toMatchObject({ name: 'E2E Campaign' });
		},
	},
	{
		resource: 'privacy', node: 'Privacy: Get Data', parameters: { operation: 'getData', email: 'ann@example.com' }, call: 'POST v2/privacy/info',
		check: (out, sb, req) => {
			// Ann's orders in the demo shop (and 9101 when the Order branch ran first)
			expect(out).toHaveLength(1);
			expect(out[0].json.orders).toEqual(expect.arrayContaining([5001, 5004]));
			// POST, so the person's email and the private key stay out of the URL.
			expect(req.body).toMatchObject({ email: 'ann@example.com' });
			expect(req.keys).toEqual({ key: 'body', private_key: 'body' });
			expect(req.url).not.toContain('ann');
		},
	},
	{
		resource: 'account', node: 'Account: Get Info', parameters: { operation: 'getInfo' }, call: 'GET v2/client/account/info',
		check: (out) => {
			expect(out).toHaveLength(1);
			expect(JSON.stringify(out[0].json)).toContain('Clerk Sandbox Store');
		},
	},
	{
		resource: 'token', node: 'Token: Verify', parameters: { operation: 'verify', token: TOKEN }, call: 'GET v2/token/verify',
		check: (out) => expect(out.map((i) => i.json)).toEqual([{ token_payload: { sub: 'e2e', exp: 1_900_000_000 } }]),
	},
	{
		resource: 'search', node: 'Search: Search Products', parameters: { operation: 'search', query: 'jacket', limit: 3 }, call: 'POST v2/search/search',
		check: (out, sb, req) => {
			expect(out.length).toBeGreaterThan(0);
			expect(out.length).toBeLessThanOrEqual(3);
			for (const item of out) expect(sb.store.products.has(String(item.json.id))).toBe(true);
			expect(req.body).toMatchObject({ query: 'jacket' });
		},
	},
	{
		resource: 'recommendation', node: 'Recommendation: Best Sellers', parameters: { operation: 'popular', limit: 3 },
		call: 'POST v2/recommendations/popular',
		check: (out, sb) => {
			expect(out).toHaveLength(3);
			for (const item of out) expect(sb.store.products.has(String(item.json.id))).toBe(true);
		},
	},
];

const BATCH = 1000;
const WORKFLOWS = { resources: 'E2eResources0001', batch: 'E2eBatch00000001', errors: 'E2eErrors0000001', mapped: 'E2eMappedFields1' };
// Values mapped with {{ $json.… }}, which the node reads from the item itself (helpers/parameters.ts).
const MAPPED = [
	{ q: 'blå jakke', n: 3, more: { q: 'inner' } },
	{ q: '=x', n: 1, more: { q: '' } },
	{ q: '{{ 1 + 1 }}', n: 2, more: { q: '"quoted"' } },
	{ q: ' spaced ', n: 10, more: { q: 'ünï' } },
	{ q: 42, n: 5, more: { q: 7 } },
	{ q: 'a"b\\c', n: 4, more: { q: true } },
];

function resourcesWorkflow() {
	const wf = workflowBuilder(WORKFLOWS.resources, 'E2E: one operation of every resource');
	const start = wf.trigger();
	CASES.forEach((c, row) => {
		const y = row * 160;
		const clerk = wf.clerk(c.node, { resource: c.resource, ...c.parameters }, [480, y]);
		if (c.input) {
			const input = wf.json(`${c.node} input`, c.input, [240, y]);
			wf.connect(start, input);
			wf.connect(input, clerk);
		} else {
			wf.connect(start, clerk);
		}
	});
	return wf.build();
}

function batchWorkflow() {
	const wf = workflowBuilder(WORKFLOWS.batch, `E2E: upsert ${BATCH} products`);
	const start = wf.trigger();
	const feed = wf.json('Feed', { products: Array.from({ length: BATCH }, (_, i) => product(i + 1)) }, [240, 0]);
	const split = wf.splitOut('One item per product', 'products', [480, 0]);
	const upsert = wf.clerk('Upsert products', { resource: 'product', operation: 'upsert', dataMode: 'autoMapInputData' }, [720, 0]);
	wf.connect(start, feed);
	wf.connect(feed, split);
	wf.connect(split, upsert);
	return wf.build();
}

function errorsWorkflow() {
	const wf = workflowBuilder(WORKFLOWS.errors, 'E2E: a Clerk error on the error output');
	const start = wf.trigger();
	const { name, ...nameless } = product(8002);
	const feed = wf.json('Feed', { products: [product(8001), nameless, product(8003)] }, [240, 0]);
	const split = wf.splitOut('One item per product', 'products', [480, 0]);
	const upsert = wf.clerk('Upsert products', { resource: 'product', operation: 'upsert', dataMode: 'autoMapInputData' }, [720, 0], {
		onError: 'continueErrorOutput',
	});
	const stored = wf.noOp('Stored', [960, -100]);
	const refused = wf.noOp('Refused', [960, 100]);
	wf.connect(start, feed);
	wf.connect(feed, split);
	wf.connect(split, upsert);
	wf.connect(upsert, stored, 0);
	wf.connect(upsert, refused, 1);
	return wf.build();
}

/** The same searches twice: fields mapped as `{{ $json.q }}` and as `{{ ($json.q) }}` (n8n's expression engine). */
function mappedWorkflow() {
	const wf = workflowBuilder(WORKFLOWS.mapped, 'E2E: mapped fields');
	const start = wf.trigger();
	const feed = wf.json('Feed', { items: MAPPED }, [240, 0]);
	const split = wf.splitOut('One item per query', 'items', [480, 0]);
	wf.connect(start, feed);
	wf.connect(feed, split);
	for (const [row, [label, wrap]] of [['mapped', (path) => path], ['engine', (path) => `(${path})`]].entries()) {
		const search = wf.clerk(
			`Search ${label}`,
			{ resource: 'search', operation: 'search', query: `={{ ${wrap('$json.q')} }}`, limit: `={{ ${wrap('$json.n')} }}`, labels: label, options: { language: `={{ ${wrap('$json["more"].q')} }}` } },
			[720, row * 200],
		);
		wf.connect(split, search);
	}
	return wf.build();
}

let inst;
let sandbox;
let userFolder;

beforeAll(async () => {
	({ inst, sandbox, userFolder } = await n8nWithWorkflows('workflows', () => [resourcesWorkflow(), batchWorkflow(), errorsWorkflow(), mappedWorkflow()]));
});

afterAll(async () => {
	await sandbox?.close();
});

/** Runs one imported workflow with `n8n execute` and returns the run plus the requests it caused. */
async function execute(id) {
	sandbox.clearRequests();
	const started = Date.now();
	const result = await executeWorkflow(inst, userFolder, id, { timeoutMs: 10 * 60 * 1000 });
	log(`n8n execute --id=${id}: ${result.status} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
	fs.writeFileSync(`${userFolder}/run-${id}.json`, JSON.stringify(result.run, null, 1));
	return { ...result, requests: [...sandbox.requests] };
}

const sent = (request) => `${request.method} ${request.version}/${request.endpoint}`;

describe('one operation of every resource, in one workflow', () => {
	let run;
	beforeAll(async () => {
		run = await execute(WORKFLOWS.resources);
	});

	test('the workflow succeeds and every Clerk.io node ran once', () => {
		expect(run.error?.message).toBeUndefined();
		expect(run.status).toBe('success');
		const ran = Object.keys(run.data.resultData.runData);
		for (const c of CASES) expect(ran).toContain(c.node);
		expect(new Set(CASES.map((c) => c.resource)).size).toBe(19);
	});

	test.each(CASES.map((c) => [c.resource, c.node, c]))('%s: %s', (_resource, node, c) => {
		const output = nodeOutput(run.run, node);
		expect(output).toBeDefined();
		const requests = run.requests.filter((request) => sent(request) === c.call);
		expect(requests).toHaveLength(1);
		expect(requests[0].status).toBe(200);
		c.check(output, sandbox, requests[0]);
		// the private key never reaches the run data n8n printed
		expect(JSON.stringify(run.run)).not.toContain(sandbox.keys.privateKey);
	});

	test('no other requests were sent', () => {
		expect(run.requests.map(sent).sort()).toEqual(CASES.map((c) => c.call).sort());
	});
});

describe(`a batched upsert of ${BATCH} items`, () => {
	let run;
	beforeAll(async () => {
		sandbox.reset();
		run = await execute(WORKFLOWS.batch);
	});

	test(`${Math.ceil(BATCH / 500)} requests of 500, ${BATCH} stored, ${BATCH} paired output items`, () => {
		expect(run.error?.message).toBeUndefined();
		expect(run.requests.map(sent)).toEqual(Array(Math.ceil(BATCH / 500)).fill('POST v2/products'));
		expect(run.requests.map((request) => request.body.products.length)).toEqual([500, 500]);
		expect(run.requests.every((request) => request.status === 200)).toBe(true);
		const ids = [...sandbox.store.products.keys()].filter((id) => Number(id) <= BATCH);
		expect(ids).toHaveLength(BATCH);
		expect(sandbox.store.products.get('777')).toEqual(product(777));
		const output = nodeOutput(run.run, 'Upsert products');
		expect(output).toHaveLength(BATCH);
		output.forEach((item, index) => {
			expect(item.pairedItem).toEqual({ item: index });
			expect(item.json.id).toBe(index + 1);
		});
	});
});

describe('a Clerk error on the error output', () => {
	let run;
	beforeAll(async () => {
		sandbox.reset();
		run = await execute(WORKFLOWS.errors);
	});

	test('the refused product goes to the error branch with Clerk type, message and link; the others are stored', () => {
		expect(run.error?.message).toBeUndefined();
		expect(run.status).toBe('success');
		const success = nodeOutput(run.run, 'Upsert products', { outputIndex: 0 });
		const failure = nodeOutput(run.run, 'Upsert products', { outputIndex: 1 });
		expect(success.map((item) => item.json.id)).toEqual([8001, 8003]);
		expect(failure).toHaveLength(1);
		expect(failure[0].pairedItem).toEqual({ item: 1 });
		expect(failure[0].json.error).toMatch(/^Clerk\.io ParsingError: /);
		expect(failure[0].json.message).toMatch(/More info: http:\/\/my\.clerk\.io\/error\//);
		// the connected branches ran with those items
		expect(nodeOutput(run.run, 'Refused').map((item) => item.json.error)).toEqual([failure[0].json.error]);
		expect(nodeOutput(run.run, 'Stored')).toHaveLength(2);
		expect(sandbox.store.products.has('8001')).toBe(true);
		expect(sandbox.store.products.has('8002')).toBe(false);
		expect(sandbox.store.products.has('8003')).toBe(true);
		expect(run.requests.every((request) => sent(request) === 'POST v2/products')).toBe(true);
	});
});

describe('fields mapped from the items ({{ $json.q }})', () => {
	let run;
	beforeAll(async () => {
		sandbox.reset();
		run = await execute(WORKFLOWS.mapped);
	});

	test("send what n8n's own expression engine gives for the same field, item by item", () => {
		expect(run.error?.message).toBeUndefined();
		const sentBy = (label) =>
			run.requests
				.filter((request) => request.body?.labels?.[0] === label)
				.map(({ body }) => JSON.stringify([body.query, body.limit, body.language]))
				.sort();
		expect(sentBy('mapped')).toHaveLength(MAPPED.length);
		expect(sentBy('mapped')).toEqual(sentBy('engine'));
		// and each item's own values, as the node's checks convert them (text trimmed, numbers as given)
		const text = (value) => String(value).trim() || undefined;
		expect(sentBy('mapped')).toEqual(MAPPED.map((item) => JSON.stringify([text(item.q), item.n, text(item.more.q)])).sort());
		const outputs = ['mapped', 'engine'].map((label) => nodeOutput(run.run, `Search ${label}`).map((item) => [item.pairedItem, item.json]));
		expect(outputs[0]).toEqual(outputs[1]);
	});
});
