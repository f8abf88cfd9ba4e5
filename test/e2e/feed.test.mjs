// The Clerk.io Feed Trigger in a real n8n (N8N_VERSION): an active workflow serves Clerk.io's
// importer (the sandbox's) through its production URL: Feed Trigger → HTTP Request to a shop API
// (this test's server) → Clerk.io Feed › Respond With Page. A full import of 10,000 products in
// pages, a wrong token refused with 401 and no execution recorded, and deletions mirrored.
import http from 'node:http';
import { createRequire } from 'node:module';

import { freePort, importCredentials, importWorkflow, setupOwner, startN8n } from '../../scripts/lib/real-n8n.mjs';
import { activateWorkflow, executionCount, feedUrl, waitForFeed } from '../../scripts/lib/feed-n8n.mjs';
import { CREDENTIAL, credentialsFile, feedWorkflow, freshUserFolder, log, n8nUnderTest, writeJson } from './helpers.mjs';

const require = createRequire(import.meta.url);
const { startSandbox } = require('../sandbox/server');
const { feedProduct } = require('../sandbox/feed');
const { seedDemoShop } = require('../sandbox/demo-shop');
const example06 = require('../../examples/06-full-feed-with-deletions.json');

const WORKFLOW_ID = 'E2eFeedTrigger01';
const WEBHOOK_ID = 'e2e0feed-0000-4000-8000-000000000013';
const PRODUCTS = 10_000;
const PAGE_SIZE = 500;

let inst;
let sandbox;
let server;
let shop;
let client;
/** The shop's catalogue: product IDs it sells now. */
let catalogue = Array.from({ length: PRODUCTS }, (_, index) => index + 1);

function startShop() {
	// The shop's API: GET /products?offset=&limit= answers a JSON list of products.
	const httpServer = http.createServer((req, res) => {
		const url = new URL(req.url ?? '/', 'http://127.0.0.1');
		const offset = Number(url.searchParams.get('offset') ?? 0);
		const limit = Number(url.searchParams.get('limit') || catalogue.length);
		const page = url.pathname === '/products' ? catalogue.slice(offset, offset + limit).map(feedProduct) : [];
		res.writeHead(200, { 'content-type': 'application/json' });
		res.end(JSON.stringify(page));
	});
	return new Promise((resolve) => httpServer.listen(0, '127.0.0.1', () => resolve(httpServer)));
}

const verifications = () => sandbox.requests.filter((request) => request.endpoint === 'token/verify').length;

beforeAll(async () => {
	const under = await n8nUnderTest();
	inst = under.inst;
	const { userFolder } = await freshUserFolder(inst, under.tarball, 'feed');
	sandbox = await startSandbox({ idType: 'number', signedTokensOnly: true });
	shop = await startShop();
	await importCredentials(inst, userFolder, credentialsFile(userFolder, sandbox));
	// Example 06 as shipped (a Code node as the shop), on this test's credential.
	const example = JSON.parse(JSON.stringify(example06).replaceAll('"ClerkIoSandbox01"', JSON.stringify(CREDENTIAL.id)));
	await importWorkflow(inst, userFolder, writeJson(userFolder, 'feed-workflow.json', [feedWorkflow({ id: WORKFLOW_ID, name: 'E2E Clerk.io feed', webhookId: WEBHOOK_ID, shopUrl: `http://127.0.0.1:${shop.address().port}` }), example]));
	await activateWorkflow(inst, userFolder, WORKFLOW_ID);
	await activateWorkflow(inst, userFolder, example06.id);
	server = await startN8n(inst, { userFolder, port: await freePort(), log });
	client = await setupOwner(server);
	await waitForFeed(feedUrl(server.url, WEBHOOK_ID, 'products'));
});

afterAll(async () => {
	await server?.stop();
	await sandbox?.close();
	await new Promise((resolve) => (shop ? shop.close(resolve) : resolve()));
});

test('the importer pulls 10,000 products in pages from the active workflow, verifying its token once', async () => {
	const url = feedUrl(server.url, WEBHOOK_ID, 'products');
	const started = Date.now();
	const report = await sandbox.runImport({ feeds: { products: url }, pageSize: PAGE_SIZE });
	const ms = Date.now() - started;
	log(`n8n ${inst.version}: full import of ${PRODUCTS} products: ${report.feeds.products.pages} pages (+1 empty), ${ms} ms, ${verifications()} token verification(s)`);
	expect(report.feeds.products.error).toBeNull();

	expect(report.feeds.products).toMatchObject({ ok: true, mode: 'full', pages: PRODUCTS / PAGE_SIZE, requests: PRODUCTS / PAGE_SIZE + 1, records: PRODUCTS, added: PRODUCTS, deleted: 0 });
	expect(sandbox.store.products.size).toBe(PRODUCTS);
	expect(sandbox.store.products.get('1234')).toEqual(feedProduct(1234));
	expect(verifications()).toBe(1);
	expect(await executionCount(client, WORKFLOW_ID)).toBe(PRODUCTS / PAGE_SIZE + 1);
});

test('a wrong or missing token gets 401 and no execution is recorded', async () => {
	const before = await executionCount(client, WORKFLOW_ID);
	const url = feedUrl(server.url, WEBHOOK_ID, 'products');
	const forged = `eyJhbGciOiJIUzI1NiJ9.${Buffer.from(JSON.stringify({ key: sandbox.keys.publicKey, exp: 1_900_000_000 })).toString('base64url')}.c2ln`;

	const refused = await fetch(url, { headers: { 'X-Clerk-Authorization': `Bearer ${forged}` } });
	const missing = await fetch(url);
	const expired = await fetch(url, { headers: { 'X-Clerk-Authorization': `Bearer ${sandbox.signToken({ ttlSeconds: -5 })}` } });

	expect([refused.status, missing.status, expired.status]).toEqual([401, 401, 401]);
	expect(await refused.json()).toEqual({ error: { code: 401, message: expect.stringMatching(/did not accept the token/) } });
	await new Promise((resolve) => setTimeout(resolve, 1000));
	expect(await executionCount(client, WORKFLOW_ID)).toBe(before);
});

test('deletions are mirrored: products gone from the shop disappear from Clerk.io search after a full import', async () => {
	const gone = [7, 4242, 9999];
	catalogue = catalogue.filter((id) => !gone.includes(id));
	const name = feedProduct(4242).name;
	const search = async () => {
		const res = await fetch(`${sandbox.url}/v2/search/search`, {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify({ key: sandbox.keys.publicKey, query: name, limit: 10 }),
		});
		return (await res.json()).result;
	};
	expect(await search()).toContain(4242);

	const report = await sandbox.runImport({ feeds: { products: feedUrl(server.url, WEBHOOK_ID, 'products') }, pageSize: PAGE_SIZE });

	expect(report.feeds.products).toMatchObject({ ok: true, records: PRODUCTS - gone.length, deleted: gone.length });
	for (const id of gone) expect(sandbox.store.products.has(String(id))).toBe(false);
	expect(await search()).not.toContain(4242);
});

test('an incremental import (modified_after) deletes nothing', async () => {
	const size = sandbox.store.products.size;
	const report = await sandbox.runImport({ feeds: { products: feedUrl(server.url, WEBHOOK_ID, 'products') }, pageSize: 2_000, modifiedAfter: 1_700_000_000 });
	expect(report.feeds.products).toMatchObject({ ok: true, mode: 'incremental', deleted: 0 });
	expect(sandbox.store.products.size).toBe(size);
});

test('example 06 as shipped: a full import deletes the discontinued product and leaves out the bad record', async () => {
	const webhookId = example06.nodes.find((node) => node.type.endsWith('clerkIoFeedTrigger')).webhookId;
	const url = feedUrl(server.url, webhookId, 'products');
	await waitForFeed(url);
	sandbox.store.products.clear();
	seedDemoShop(sandbox.store);
	expect(sandbox.store.products.has('3')).toBe(true);

	const report = await sandbox.runImport({ feeds: { products: url }, pageSize: 5 });

	expect(report.feeds.products).toMatchObject({ ok: true, pages: 4, records: 19, deleted: 1 });
	expect(sandbox.store.products.has('3')).toBe(false);
	expect(sandbox.store.products.get('1')).toMatchObject({ id: 1, name: 'Rain Jacket Storm', created_at: 1736935200 });
});
