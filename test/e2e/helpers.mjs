// Shared by the e2e files: a fresh n8n user folder with the packed package installed as a community
// package, the in-process Clerk sandbox, and small builders for workflow JSON.
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

import { ensureN8n, importCredentials, importWorkflow, installCommunityPackage, WORK_ROOT } from '../../scripts/lib/real-n8n.mjs';

// jest sets NODE_ENV=test, which n8n reads as its own test mode (silent logger, so `n8n execute`
// prints no run JSON). The n8n children inherit this process's environment: drop it here.
if (process.env.NODE_ENV === 'test') delete process.env.NODE_ENV;

const require = createRequire(import.meta.url);
const { startSandbox } = require('../sandbox/server');
const { seedDemoShop } = require('../sandbox/demo-shop');

export const NODE_TYPE = 'n8n-nodes-clerk-io.clerkIo';
export const CREDENTIAL = { id: 'E2eClerkCred0001', name: 'Clerk sandbox' };

export const log = (message) => process.stderr.write(`[e2e] ${message}\n`);

/** The n8n the global setup installed (N8N_VERSION), and the packed tarball. */
export async function n8nUnderTest() {
	const version = process.env.E2E_N8N_VERSION;
	const tarball = process.env.E2E_TARBALL;
	if (!version || !tarball) throw new Error('run the e2e suite through `npm run test:e2e` (its global setup installs n8n and packs the package)');
	return { inst: await ensureN8n({ version, log }), tarball };
}

/** A new, empty N8N_USER_FOLDER with the package installed the way n8n's own installer does it. */
export async function freshUserFolder(inst, tarball, name) {
	const userFolder = path.join(WORK_ROOT, 'e2e', `n8n-${inst.version}`, name);
	fs.rmSync(userFolder, { recursive: true, force: true });
	fs.mkdirSync(userFolder, { recursive: true });
	const pkg = await installCommunityPackage(inst, userFolder, tarball, { log });
	return { userFolder, pkg };
}

/**
 * The Clerk sandbox in this process (requests and store readable by the test), seeded with the demo
 * shop. Its IDs are numbers and it refuses IDs of the other type, as a real store does.
 */
export async function startClerkSandbox(options = {}) {
	return startSandbox({ idType: 'number', seed_data: (store) => seedDemoShop(store, 1_750_000_000), ...options });
}

/** Writes JSON to a file in dir and returns its path. */
export function writeJson(dir, name, value) {
	const file = path.join(dir, name);
	fs.writeFileSync(file, JSON.stringify(value, null, 1));
	return file;
}

/** The credentials file for `n8n import:credentials` (n8n encrypts `data` on import). */
export function credentialsFile(dir, sandbox, overrides = {}) {
	return writeJson(dir, 'credentials.json', [
		{ ...CREDENTIAL, type: 'clerkIoApi', data: { publicKey: sandbox.keys.publicKey, privateKey: sandbox.keys.privateKey, baseUrl: sandbox.url, idType: 'number', ...overrides } },
	]);
}

/**
 * The usual set-up of a suite: the n8n under test with the package in a fresh user folder `name`, the
 * sandbox, the sandbox credential and `workflows(sandbox)` imported. The first command in a new user
 * folder runs every database migration, slow on a busy machine: hence the long timeouts.
 */
export async function n8nWithWorkflows(name, workflows) {
	const under = await n8nUnderTest();
	const inst = under.inst;
	const sandbox = await startClerkSandbox();
	const { userFolder } = await freshUserFolder(inst, under.tarball, name);
	const slow = { timeoutMs: 10 * 60 * 1000 };
	await importCredentials(inst, userFolder, credentialsFile(userFolder, sandbox), slow);
	const list = workflows(sandbox);
	await importWorkflow(inst, userFolder, writeJson(userFolder, `${name}-workflows.json`, list), slow);
	log(`n8n ${inst.version}: package, credential and ${list.length} workflow(s) imported into ${userFolder}`);
	return { inst, sandbox, userFolder };
}

/**
 * A feed workflow (the e2e feed test's and the queue suite's): Clerk.io Feed Trigger (webhookId) →
 * HTTP Request to a shop API at shopUrl (GET /<entity>?offset=&limit=) → Clerk.io Feed › Respond With Page.
 */
export function feedWorkflow({ id, name, webhookId, shopUrl }) {
	const credentials = { clerkIoApi: { id: CREDENTIAL.id, name: CREDENTIAL.name } };
	return {
		id,
		name,
		active: false,
		settings: { executionOrder: 'v1' },
		pinData: {},
		nodes: [
			{ id: 'feed-1', name: 'Clerk.io Feed Trigger', type: 'n8n-nodes-clerk-io.clerkIoFeedTrigger', typeVersion: 1, position: [0, 0], webhookId, parameters: {}, credentials },
			{
				id: 'feed-2',
				name: 'Shop API',
				type: 'n8n-nodes-base.httpRequest',
				typeVersion: 4.2,
				position: [220, 0],
				alwaysOutputData: true,
				parameters: { url: `={{ '${shopUrl}/' + $json.entity + '?offset=' + $json.offset + '&limit=' + ($json.limit ?? '') }}`, options: {} },
			},
			{ id: 'feed-3', name: 'Respond With Page', type: NODE_TYPE, typeVersion: 1, position: [440, 0], parameters: { resource: 'feed', operation: 'respondWithPage' }, credentials },
		],
		connections: {
			'Clerk.io Feed Trigger': { main: [[{ node: 'Shop API', type: 'main', index: 0 }]] },
			'Shop API': { main: [[{ node: 'Respond With Page', type: 'main', index: 0 }]] },
		},
	};
}

/** Builds one workflow: nodes laid out in rows, connected with connect(from, to, output). */
export function workflowBuilder(id, name) {
	const nodes = [];
	const connections = {};
	const add = (node, [x, y]) => {
		nodes.push({ id: `${id}-${nodes.length}`, typeVersion: 1, position: [x, y], parameters: {}, ...node });
		return node.name;
	};
	return {
		/** Any node: { name, type, typeVersion?, parameters?, … } at [x, y] (the queue suite adds its webhooks so). */
		add,
		trigger: (nodeName = 'Start') => add({ name: nodeName, type: 'n8n-nodes-base.manualTrigger' }, [0, 0]),
		/** A Set node (raw JSON mode) that outputs `json` as one item. */
		json: (nodeName, json, at) =>
			add({ name: nodeName, type: 'n8n-nodes-base.set', typeVersion: 3.4, parameters: { mode: 'raw', jsonOutput: JSON.stringify(json), options: {} } }, at),
		splitOut: (nodeName, field, at) =>
			add({ name: nodeName, type: 'n8n-nodes-base.splitOut', parameters: { fieldToSplitOut: field, options: {} } }, at),
		noOp: (nodeName, at) => add({ name: nodeName, type: 'n8n-nodes-base.noOp' }, at),
		clerk: (nodeName, parameters, at, extra = {}) =>
			add({ name: nodeName, type: NODE_TYPE, parameters, credentials: { clerkIoApi: CREDENTIAL }, ...extra }, at),
		connect(from, to, output = 0) {
			const outputs = (connections[from] ??= { main: [] }).main;
			while (outputs.length <= output) outputs.push([]);
			outputs[output].push({ node: to, type: 'main', index: 0 });
		},
		build: () => ({ id, name, active: false, nodes, connections, settings: { executionOrder: 'v1' }, pinData: {} }),
	};
}
