/**
 * Clerk.io Feed Trigger + Feed › Respond With Page through n8n-core's WorkflowExecute, pulled by the
 * sandbox's importer over real HTTP (test/helpers/feed.ts stands in for n8n's webhook server).
 */
import type { IDataObject } from 'n8n-workflow';

import { forgetVerifiedTokens } from '../../nodes/ClerkIoFeedTrigger/tokens';
import { credentialsFor, makeProduct } from '../helpers/sandbox';
import { startFeedSandbox, startFeedServer, type FeedSandbox, type FeedServer, type Source } from '../helpers/feed';

let sandbox: FeedSandbox;
const servers: FeedServer[] = [];

beforeAll(async () => {
	sandbox = await startFeedSandbox();
});
afterAll(async () => await sandbox.close());
beforeEach(() => {
	sandbox.reset();
	forgetVerifiedTokens();
});
afterEach(async () => {
	await Promise.all(servers.splice(0).map((server) => server.close()));
});

async function serve(source: Source, respond?: IDataObject): Promise<FeedServer> {
	const server = await startFeedServer({ credentials: credentialsFor(sandbox), source, respond });
	servers.push(server);
	return server;
}

/** A shop of `count` products (IDs 1..count) paged as the trigger's request asks. */
const catalogue = (ids: number[], extra: (id: number) => IDataObject = () => ({})): Source => (request) => {
	const offset = Number(request.offset);
	const limit = request.limit === null ? ids.length : Number(request.limit);
	return ids.slice(offset, offset + limit).map((id) => makeProduct(id, extra(id)));
};

const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);
const verifications = () => sandbox.requests.filter((request) => request.endpoint === 'token/verify').length;

test('a full import pulls every page, verifies the token once and deletes the products missing from the feed', async () => {
	for (const id of [1, 2, 3, 5000, 5001]) sandbox.store.products.set(String(id), makeProduct(id));
	const server = await serve(catalogue(range(1, 1200)));

	const report = await sandbox.runImport({ feeds: { products: server.feedUrl('products') }, pageSize: 500 });

	expect(report.feeds.products).toMatchObject({ ok: true, mode: 'full', pages: 3, requests: 4, records: 1200, added: 1197, replaced: 3, deleted: 2 });
	expect(sandbox.store.products.size).toBe(1200);
	expect(sandbox.store.products.has('5000')).toBe(false);
	expect(sandbox.store.products.get('7')).toEqual(makeProduct(7));
	expect(verifications()).toBe(1);
	expect(server.executions).toBe(4);
	expect(server.summaries.map((summary) => summary.sent)).toEqual([500, 500, 200, 0]);
});

test('the workflow gets the feed, paging, modified_after, every query parameter and the token payload', async () => {
	const seen: IDataObject[] = [];
	const server = await serve((request) => {
		seen.push(request);
		return [];
	});
	const token = sandbox.signToken({ claims: { sub: 'importer' } });

	const response = await fetch(`${server.feedUrl('categories')}?page=3&limit=50&modified_after=1700000000&scope=store`, {
		headers: { 'X-Clerk-Authorization': `Bearer ${token}` },
	});

	expect(response.status).toBe(200);
	expect(await response.json()).toEqual([]);
	expect(seen).toEqual([
		{
			entity: 'categories',
			page: 3,
			limit: 50,
			offset: 100,
			modified_after: '1700000000',
			full: false,
			format: 'json',
			query: { page: '3', limit: '50', modified_after: '1700000000', scope: 'store' },
			token_payload: expect.objectContaining({ sub: 'importer', key: sandbox.keys.publicKey, exp: expect.any(Number) }),
		},
	]);
	// token/verify got the token and the store's public key, nothing else.
	const verify = sandbox.requests.find((request) => request.endpoint === 'token/verify')!;
	expect(verify.query).toEqual({ key: sandbox.keys.publicKey, token });
});

test.each([
	['no header', undefined, false],
	['not a bearer token', 'Basic abc', false],
	['a token Clerk.io did not sign', 'Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.c2ln', true],
	['an expired token', 'expired', true],
	['a token for another store', 'other', true],
])('%s gets 401 and starts no execution', async (_name, header, asksClerk) => {
	const server = await serve(catalogue(range(1, 10)));
	const value =
		header === 'expired'
			? `Bearer ${sandbox.signToken({ ttlSeconds: -10 })}`
			: header === 'other'
				? `Bearer ${sandbox.signToken({ claims: { key: 'another-store' } })}`
				: header;

	const response = await fetch(server.feedUrl('products'), { headers: value ? { 'X-Clerk-Authorization': value } : {} });

	expect(response.status).toBe(401);
	expect(await response.json()).toEqual({ error: { code: 401, message: expect.any(String) } });
	expect(server.executions).toBe(0);
	expect(verifications()).toBe(asksClerk ? 1 : 0);
});

test('Clerk.io not answering token/verify gets 503 (try again later), not 401, and starts nothing', async () => {
	const server = await serve(catalogue(range(1, 10)));
	sandbox.script({ kind: 'status5xx', status: 503, match: /token/ }, { kind: 'status5xx', status: 503, match: /token/ }, { kind: 'status5xx', status: 503, match: /token/ });

	const response = await fetch(server.feedUrl('products'), { headers: { 'X-Clerk-Authorization': `Bearer ${sandbox.signToken()}` } });

	expect(response.status).toBe(503);
	expect(server.executions).toBe(0);
});

test('an unknown feed path gets 404 and starts nothing', async () => {
	const server = await serve(catalogue(range(1, 10)));
	const response = await fetch(`${server.url}/webhook/feed-test-webhook/sales`, { headers: { 'X-Clerk-Authorization': `Bearer ${sandbox.signToken()}` } });
	expect(response.status).toBe(404);
	expect(server.executions).toBe(0);
});

test('NDJSON when the importer asks for it: one record per line, application/x-ndjson', async () => {
	const server = await serve(catalogue(range(1, 3)));

	const response = await fetch(`${server.feedUrl('products')}?page=1&limit=10`, {
		headers: { 'X-Clerk-Authorization': `Bearer ${sandbox.signToken()}`, Accept: 'application/x-ndjson' },
	});

	expect(response.headers.get('content-type')).toBe('application/x-ndjson; charset=utf-8');
	const text = await response.text();
	expect(text.split('\n')).toEqual([...range(1, 3).map((id) => JSON.stringify(makeProduct(id))), '']);

	const report = await sandbox.runImport({ feeds: { products: server.feedUrl('products') }, format: 'ndjson', pageSize: 2 });
	expect(report.feeds.products).toMatchObject({ ok: true, pages: 2, records: 3 });
});

test('bad records are left out of the page and reported by item and field; the page stays valid', async () => {
	const server = await serve(catalogue(range(1, 6), (id) => (id === 2 ? { price: 'cheap' } : id === 4 ? { 'bad-name': 1 } : id === 5 ? { id: 'SKU-5' } : {})));

	const report = await sandbox.runImport({ feeds: { products: server.feedUrl('products') }, pageSize: 10 });

	expect(report.feeds.products).toMatchObject({ ok: true, records: 3 });
	expect([...sandbox.store.products.keys()]).toEqual(['1', '3', '6']);
	expect(server.summaries[0]).toEqual({
		feed: 'products',
		format: 'json',
		page: 1,
		limit: 10,
		sent: 3,
		leftOut: 3,
		problems: [
			{ item: 1, field: 'price', message: `Invalid product in item 1: 'price' must be a number, got "cheap"` },
			{ item: 3, field: 'bad-name', message: "Invalid product in item 3: Attribute name 'bad-name' may only contain letters, digits and _" },
			{ item: 4, field: 'id', message: expect.stringMatching(/^Invalid product in item 4: 'id' must be a whole number ID/) },
		],
	});
});

test('records are converted exactly as Create or Update sends them (ID Type, dates, nulls)', async () => {
	const server = await serve(() => [
		{ id: '7', name: 'Seven', description: 'd', price: '9.5', image: 'i', url: 'u', categories: '1, 2', created_at: '2024-01-01T00:00:00Z', brand: null },
	]);
	const response = await fetch(`${server.feedUrl('products')}`, { headers: { 'X-Clerk-Authorization': `Bearer ${sandbox.signToken()}` } });
	expect(await response.json()).toEqual([{ id: 7, name: 'Seven', description: 'd', price: 9.5, image: 'i', url: 'u', categories: [1, 2], created_at: 1704067200 }]);
});

test('an incremental import (modified_after) adds and replaces, and deletes nothing', async () => {
	for (const id of [1, 900]) sandbox.store.products.set(String(id), makeProduct(id, { name: 'old' }));
	const server = await serve((request) => (request.full ? [] : catalogue(range(1, 3))(request)));

	const report = await sandbox.runImport({ feeds: { products: server.feedUrl('products') }, modifiedAfter: 1700000000 });

	expect(report.feeds.products).toMatchObject({ ok: true, mode: 'incremental', records: 3, added: 2, replaced: 1, deleted: 0 });
	expect([...sandbox.store.products.keys()].sort()).toEqual(['1', '2', '3', '900']);
});

test('a full import keeps orders missing from the feed, and deletes categories, customers and pages', async () => {
	sandbox.store.orders.set('99', { id: 99, products: [{ id: 1, quantity: 1, price: 1 }], customer: 1, time: 1 });
	sandbox.store.categories.set('99', { id: 99, name: 'Old', url: 'u', subcategories: [] });
	sandbox.store.customers.set('99', { customerid: 99, email: 'old@example.com' });
	sandbox.store.pages.set('99', { id: 99, type: 'blog', url: 'u', title: 't', text: 'x' });
	const records: Record<string, IDataObject[]> = {
		orders: [{ id: 1, products: [{ id: 1, quantity: 2, price: 5 }], customer: 1, time: 1700000000 }],
		categories: [{ id: 1, name: 'One', url: 'u', subcategories: [] }],
		customers: [{ customerid: 1, email: 'one@example.com' }],
		pages: [{ id: 1, type: 'blog', url: 'u', title: 'One', text: 'x' }],
	};
	const server = await serve((request) => (Number(request.page) === 1 ? records[String(request.entity)] : []));

	const report = await sandbox.runImport({ feeds: Object.fromEntries(Object.keys(records).map((feed) => [feed, server.feedUrl(feed)])) });

	expect(report.ok).toBe(true);
	expect(report.feeds.orders).toMatchObject({ deleted: 0, kept: 1 });
	expect([...sandbox.store.orders.keys()].sort()).toEqual(['1', '99']);
	for (const feed of ['categories', 'customers', 'pages']) {
		expect([feed, report.feeds[feed].deleted, [...sandbox.store[feed].keys()]]).toEqual([feed, 1, ['1']]);
	}
	expect(verifications()).toBe(1);
});

test('a failed page changes nothing: a broken full feed never empties the catalogue', async () => {
	for (const id of [1, 2]) sandbox.store.products.set(String(id), makeProduct(id));
	const server = await serve((request) => {
		if (Number(request.page) === 2) throw new Error('shop API down');
		return catalogue(range(10, 12))(request);
	});

	const report = await sandbox.runImport({ feeds: { products: server.feedUrl('products') }, pageSize: 3 });

	expect(report.feeds.products).toMatchObject({ ok: false, deleted: 0, error: expect.stringMatching(/^products page 2: HTTP 500/) });
	expect([...sandbox.store.products.keys()]).toEqual(['1', '2']);
});

test('a verified token is reused until its exp and never after: a token refused later is refused once it expires', async () => {
	const server = await serve(() => []);
	const token = sandbox.signToken({ ttlSeconds: 2 });
	const get = () => fetch(server.feedUrl('products'), { headers: { 'X-Clerk-Authorization': `Bearer ${token}` } });

	expect((await get()).status).toBe(200);
	sandbox.revokeToken(token);
	expect((await get()).status).toBe(200);
	expect(verifications()).toBe(1);
	await new Promise((resolve) => setTimeout(resolve, 2100));
	expect((await get()).status).toBe(401);
	expect(verifications()).toBe(2);
});

test('a token without exp is verified on every request', async () => {
	sandbox.setSignedTokensOnly(false);
	const server = await serve(() => []);
	const token = `eyJhbGciOiJIUzI1NiJ9.${Buffer.from(JSON.stringify({ sub: 'x' })).toString('base64url')}.c2ln`;
	for (let i = 0; i < 3; i++) {
		expect((await fetch(server.feedUrl('products'), { headers: { 'X-Clerk-Authorization': `Bearer ${token}` } })).status).toBe(200);
	}
	expect(verifications()).toBe(3);
});

test('pages asked for at once share one verification', async () => {
	const server = await serve(catalogue(range(1, 100)));
	const token = sandbox.signToken();
	const statuses = await Promise.all(
		range(1, 8).map(async (page) => (await fetch(`${server.feedUrl('products')}?page=${page}&limit=10`, { headers: { 'X-Clerk-Authorization': `Bearer ${token}` } })).status),
	);
	expect(statuses).toEqual(range(1, 8).map(() => 200));
	expect(verifications()).toBe(1);
});

test('what the feed side assumes about Clerk.io is recorded in the contract with its source, and token/verify is called as documented', async () => {
	const contract = require('../contract/contract') as {
		ASSUMPTIONS: Array<{ what: string; source: string; ifWrong: string; feed?: string }>;
		check(request: unknown): string[];
	};
	const feed = contract.ASSUMPTIONS.filter((assumption) => assumption.feed);
	expect(feed.map((assumption) => assumption.feed)).toEqual(['token', 'verify', 'exp', 'paging', 'page', 'format', 'modifiedAfter']);
	for (const assumption of feed) expect([assumption.feed, assumption.source.length > 20, assumption.ifWrong.length > 20]).toEqual([assumption.feed, true, true]);

	const server = await serve(catalogue(range(1, 5)));
	await sandbox.runImport({ feeds: { products: server.feedUrl('products') } });
	expect(sandbox.requests.map((request) => `${request.method} ${request.endpoint}`)).toEqual(['GET token/verify']);
	expect(sandbox.requests.flatMap((request) => contract.check(request))).toEqual([]);
});
