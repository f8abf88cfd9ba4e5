// The editor and the credential test of a running real n8n (`n8n start`) with the packed package
// installed as a community package: Playwright drives Debian's Chromium through owner setup, the
// nodes panel and the node's parameters (screenshots in docs/screenshots/); the credential test
// runs through n8n's REST API with good and bad keys against the in-process Clerk sandbox.
import { expect, jest } from '@jest/globals';
import fs from 'node:fs';
import path from 'node:path';

import { DEFAULT_N8N_VERSION, DEFAULT_OWNER, login, REPO_ROOT, setupOwner, startN8n, WORK_ROOT } from '../../scripts/lib/real-n8n.mjs';
import { freshUserFolder, log, n8nUnderTest, NODE_TYPE, startClerkSandbox } from './helpers.mjs';

jest.setTimeout(15 * 60 * 1000);

// docs/screenshots/ shows the default n8n (2.41.1); other versions keep theirs in .cache/e2e/
const SCREENSHOTS =
	process.env.E2E_N8N_VERSION === DEFAULT_N8N_VERSION
		? path.join(REPO_ROOT, 'docs', 'screenshots')
		: path.join(WORK_ROOT, 'e2e', `n8n-${process.env.E2E_N8N_VERSION}`, 'screenshots');
const CHROMIUM = process.env.E2E_CHROMIUM;
const CHROMIUM_ARGS = [
	'--headless',
	'--no-sandbox',
	'--disable-gpu',
	'--disable-quic',
	'--no-first-run',
	'--disable-background-networking',
	'--disable-component-update',
	'--disable-sync',
];

/** Resources and operations as the README's generated table lists them. */
function readmeOperations() {
	const readme = fs.readFileSync(path.join(REPO_ROOT, 'README.md'), 'utf8');
	// | Resource | Operation | What it does | `endpoint` |
	const rows = [...readme.matchAll(/^\| ([^|]+) \| ([^|]+) \| [^|]* \| `[^`]+`[^|]* \|$/gm)].map(([, resource, operation]) => [resource.trim(), operation.trim()]);
	const byResource = new Map();
	for (const [resource, operation] of rows) byResource.set(resource, [...(byResource.get(resource) ?? []), operation]);
	return byResource;
}

let inst;
let sandbox;
let server;
let owner;

beforeAll(async () => {
	const under = await n8nUnderTest();
	inst = under.inst;
	sandbox = await startClerkSandbox();
	const { userFolder } = await freshUserFolder(inst, under.tarball, 'editor');
	const started = Date.now();
	server = await startN8n(inst, { userFolder, timeoutMs: 10 * 60 * 1000 });
	log(`n8n ${inst.version} started in ${((Date.now() - started) / 1000).toFixed(1)} s on ${server.url}`);
});

afterAll(async () => {
	await server?.stop();
	await sandbox?.close();
});

/** The owner's REST session: logs in when the browser test made the owner, else sets it up over REST. */
async function ownerSession() {
	if (owner) return owner;
	try {
		owner = await login(server);
	} catch {
		owner = await setupOwner(server);
	}
	return owner;
}

const describeBrowser = CHROMIUM ? describe : describe.skip;
if (!CHROMIUM) log(`SKIPPING the editor test: ${process.env.E2E_CHROMIUM_SKIP || 'no Chromium'}`);

describeBrowser('the editor, in Chromium', () => {
	let browser;
	let page;
	const problems = [];

	beforeAll(async () => {
		const { chromium } = await import('playwright-core');
		browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
		page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
		page.setDefaultTimeout(60_000);
		// Icons or node files of the package that n8n cannot serve
		page.on('response', (response) => {
			if (response.status() >= 400 && /clerk/i.test(response.url())) problems.push(`${response.status()} ${response.url()}`);
		});
		fs.mkdirSync(SCREENSHOTS, { recursive: true });
	});

	afterAll(async () => {
		await browser?.close();
	});

	test('creates the owner account on the setup screen', async () => {
		await page.goto(`${server.url}/`, { waitUntil: 'networkidle' });
		await page.waitForURL(/\/setup/);
		await page.fill('input[name=email]', DEFAULT_OWNER.email);
		await page.fill('input[name=firstName]', DEFAULT_OWNER.firstName);
		await page.fill('input[name=lastName]', DEFAULT_OWNER.lastName);
		await page.fill('input[name=password]', DEFAULT_OWNER.password);
		await page.click('[data-test-id=form-submit-button]');
		await page.waitForURL((url) => !url.pathname.includes('/setup'));
		// the same account now logs in over REST
		expect((await ownerSession()).user.email).toBe(DEFAULT_OWNER.email);
	});

	test('finds Clerk.io in the nodes panel, with its icon and its actions by resource', async () => {
		await page.goto(`${server.url}/workflow/new`, { waitUntil: 'networkidle' });
		await page.locator('[data-test-id=canvas-add-button]').waitFor({ timeout: 180_000 });
		await page.click('[data-test-id=node-creator-plus-button]');
		await page.locator('[data-test-id=node-creator-search-bar]').waitFor();
		await page.keyboard.type('Clerk.io');
		const item = page.locator('[data-test-id=node-creator-item-name]', { hasText: /^Clerk\.io$/ });
		await item.waitFor();

		const icons = page.locator('[data-test-id=node-creator] img[src*="clerkIo"]');
		await icons.first().waitFor();
		await expect(icons.first().getAttribute('src')).resolves.toMatch(/\/icons\/n8n-nodes-clerk-io\/dist\/nodes\/ClerkIo\/clerkIo(\.dark)?\.svg$/);
		await page.waitForFunction(() => [...document.querySelectorAll('[data-test-id=node-creator] img[src*="clerkIo"]')].every((img) => img.complete && img.naturalWidth > 0));

		await item.click();
		const actions = [...readmeOperations().values()].flat().length;
		await page.locator('[data-test-id=node-creator-category-item]', { hasText: `Actions (${actions})` }).waitFor();
		// the list is virtualised: scroll through it and collect the "<RESOURCE> ACTIONS" headings
		const rows = page.locator('[data-test-id=node-creator] [data-test-id=item-iterator-item]');
		const headings = new Set();
		for (let round = 0, seen = -1; round < 40 && seen !== headings.size; round++) {
			seen = round === 0 ? -1 : headings.size;
			for (const text of await rows.allInnerTexts()) {
				if (/ ACTIONS$/i.test(text.trim())) headings.add(text.trim().replace(/ ACTIONS$/i, '').toLowerCase());
			}
			await rows.last().scrollIntoViewIfNeeded();
			await page.waitForTimeout(250);
		}
		const resources = [...readmeOperations().keys()];
		expect(resources).toHaveLength(20);
		expect([...headings].sort()).toEqual(resources.map((resource) => resource.toLowerCase()).sort());
		await page.locator('[data-test-id=node-creator] [data-test-id=item-iterator-item]').first().scrollIntoViewIfNeeded();
		await page.waitForTimeout(800); // the panel slides in
		await page.screenshot({ path: path.join(SCREENSHOTS, 'nodes-panel.png') });
		expect(problems).toEqual([]);
	});

	test('adds the node to the canvas and shows its resources and operations', async () => {
		await page.locator('[data-test-id=node-creator-item-name]', { hasText: /^Create or update products \(/ }).click();
		const parameters = page.locator('[data-test-id=node-parameters]');
		await parameters.waitFor();
		// the node's own icon in the parameters panel header and on the credential button
		await page.waitForFunction(() => [...document.querySelectorAll('img[src*="clerkIo"]')].some((img) => img.complete && img.naturalWidth > 0));

		const list = page.locator('.el-select-dropdown__item:visible');
		const optionsOf = async (parameter) => {
			await page.locator(`[data-test-id=parameter-input-${parameter}]`).click();
			await list.first().waitFor();
			return (await list.allInnerTexts()).map((text) => text.split('\n')[0].trim());
		};
		const closeOptions = async () => {
			await page.keyboard.press('Escape');
			await page.waitForFunction(() => ![...document.querySelectorAll('.el-select-dropdown__item')].some((item) => item.offsetParent));
		};
		const expected = readmeOperations();
		const resources = await optionsOf('resource');
		// n8n adds "Custom API Call" to nodes whose credential can authenticate the HTTP Request node
		expect(resources.filter((name) => name !== 'Custom API Call').sort()).toEqual([...expected.keys()].sort());
		await page.screenshot({ path: path.join(SCREENSHOTS, 'resources.png') });
		await closeOptions();

		for (const resource of ['Product', 'Recommendation']) {
			await optionsOf('resource');
			await list.getByText(resource, { exact: true }).first().click();
			await page.waitForFunction(() => ![...document.querySelectorAll('.el-select-dropdown__item')].some((item) => item.offsetParent));
			const operations = await optionsOf('operation');
			expect(operations.filter((name) => name !== 'Custom API Call').sort()).toEqual([...expected.get(resource)].sort());
			await closeOptions();
		}

		// back on the canvas: the node is there, with its icon
		await page.locator('[data-test-id=ndv-close-button], [data-test-id=back-to-canvas]').first().click(); // 2.x, 1.x
		// n8n names the node after the last action chosen
		await page.locator('[data-test-id=canvas-node]').filter({ hasText: 'Recommend the best-selling products of the shop' }).first().waitFor();
		// its subtitle: display names, not "popular: recommendation"
		await page.getByText('Best Sellers: Recommendation', { exact: true }).first().waitFor();
		await page.waitForFunction(() =>
			[...document.querySelectorAll('[data-test-id=canvas-node] img[src*="clerkIo"]')].some((img) => img.complete && img.naturalWidth > 0),
		);
		await page.screenshot({ path: path.join(WORK_ROOT, 'e2e', `canvas-${inst.version}.png`) });
		expect(problems).toEqual([]);
	});
});

describe('the credential test through n8n', () => {
	const saved = [];
	async function testKeys(overrides) {
		const session = await ownerSession();
		const data = { publicKey: sandbox.keys.publicKey, privateKey: sandbox.keys.privateKey, baseUrl: sandbox.url, ...overrides };
		const name = `Clerk.io ${saved.length + 1}`;
		// saved first, as the editor does before its test in both n8n 1.x and 2.x
		const created = await session.request('POST', '/rest/credentials', { name, type: 'clerkIoApi', data });
		expect(created.status).toBe(200);
		const id = created.json.data.id;
		saved.push(id);
		sandbox.clearRequests();
		const tested = await session.request('POST', '/rest/credentials/test', { credentials: { id, name, type: 'clerkIoApi', data } });
		expect(tested.status).toBe(200);
		return { ...tested.json.data, requests: [...sandbox.requests] };
	}

	test('n8n knows the node type and the credential type', async () => {
		const session = await ownerSession();
		const types = await session.request('GET', '/types/nodes.json');
		expect(types.status).toBe(200);
		expect(types.json.map((type) => type.name)).toContain(NODE_TYPE);
		const credentialTypes = await session.request('GET', '/types/credentials.json');
		expect(credentialTypes.json.map((type) => type.name)).toContain('clerkIoApi');
	});

	test('good keys: OK, checked with client/account/info', async () => {
		const result = await testKeys({});
		expect(result).toMatchObject({ status: 'OK' });
		expect(result.requests.map((request) => `${request.method} ${request.version}/${request.endpoint}`)).toEqual(['GET v2/client/account/info']);
		expect(result.requests[0].status).toBe(200);
	});

	test('a wrong public key: the message names the Public Key', async () => {
		const result = await testKeys({ publicKey: 'not-the-store-key' });
		expect(result.status).toBe('Error');
		expect(result.message).toMatch(/^The Public Key is wrong/);
		expect(result.requests[0].status).toBe(401);
	});

	test('a wrong private key: the message names the Private Key', async () => {
		const result = await testKeys({ privateKey: 'revoked-private-key-42' });
		expect(result.status).toBe('Error');
		expect(result.message).toMatch(/^The Public Key is right, but the Private Key is wrong/);
		expect(result.message).not.toContain('revoked-private-key-42');
	});
});
