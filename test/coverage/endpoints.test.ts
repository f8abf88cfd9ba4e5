/**
 * Coverage of the Clerk.io API: every endpoint of the reference is called by an operation (or left
 * out with a reason), every operation says whether it needs the private key as the contract does,
 * and the README table matches the operations. Each operation runs once through the engine against
 * the sandbox (a small shop seeded, so reads find something): it must send its documented call with
 * the keys its row asks for, succeed, and turn Clerk's answer into output items that come from that
 * answer (or from what was sent), never the "nothing found" item when Clerk found something.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';

import type { IDataObject } from 'n8n-workflow';

import { resources } from '../../nodes/ClerkIo/actions/resources';
import { runClerkNode } from '../helpers/engine';
import { itemFor, operationKeys, parametersFor } from '../helpers/operationInputs';
import { seedShop } from '../helpers/reads';
import { credentialsFor, startSandbox, type RecordedRequest, type Sandbox } from '../helpers/sandbox';

type Entry = { call: string; section?: string; operation?: string; reason?: string };
const { endpointsOf, alsoCalledByOf, leftOut } = require('./endpoints') as {
	endpointsOf: (list: unknown) => Entry[];
	alsoCalledByOf: (list: unknown) => Array<{ call: string; operation: string }>;
	leftOut: Entry[];
};
const { renderOperationsTable, readmeSection } = require('../../scripts/operations-table');
const { takesPrivateKey, callOf } = require('../contract/contract') as {
	takesPrivateKey: (call: string) => boolean;
	callOf: (method: string, path: string, version?: string) => string;
};

const endpoints = endpointsOf(resources);
const alsoCalledBy = alsoCalledByOf(resources);
// Operations that call Clerk.io (Feed › Respond With Page answers the importer itself).
const definitions = resources.flatMap((resource) =>
	resource.operations.flatMap(({ call, ...definition }) =>
		call ? [{ key: `${resource.value}:${String(definition.option.value)}`, call, ...definition }] : [],
	),
);

let sandbox: Sandbox;
beforeAll(async () => {
	sandbox = await startSandbox();
});
afterAll(async () => await sandbox.close());
beforeEach(() => {
	sandbox.reset();
	seedShop(sandbox);
});

test('every endpoint names an operation that exists, or a reason', () => {
	for (const entry of endpoints) {
		if (entry.operation) expect(operationKeys).toContain(entry.operation);
		else expect(entry.reason?.length).toBeGreaterThan(40);
	}
	expect(new Set(endpoints.map((entry) => entry.call)).size).toBe(endpoints.length);
	// An endpoint left out is not also called by an operation.
	expect(leftOut.filter((entry) => endpoints.filter((other) => other.call === entry.call).length > 1)).toEqual([]);
});

test.each(definitions.map((definition) => [definition.key, definition.call] as const))(
	"%s: its row's private-key flag is what the contract says the call takes",
	(_key, call) => {
		const contractCall = callOf(call.method, call.endpoint.replace(/\/$/, ''), call.apiVersion ?? 'v2');
		expect({ call: contractCall, privateKey: call.privateKey }).toEqual({ call: contractCall, privateKey: takesPrivateKey(contractCall) });
	},
);

/** Every text and number in a JSON value (keys excluded). */
function leaves(value: unknown, out: Array<string | number> = [], withKeys = false): Array<string | number> {
	if (typeof value === 'string' || typeof value === 'number') out.push(value);
	else if (Array.isArray(value)) value.forEach((entry) => leaves(entry, out, withKeys));
	else if (value && typeof value === 'object') {
		for (const [key, entry] of Object.entries(value)) {
			if (withKeys) out.push(key);
			leaves(entry, out, withKeys);
		}
	}
	return out;
}

/** The lists of an answer that hold results (products, categories, pages, records, suggestions …). */
function resultLists(answer: unknown): unknown[][] {
	if (Array.isArray(answer)) return [answer];
	if (!answer || typeof answer !== 'object') return [];
	return Object.entries(answer as IDataObject).flatMap(([name, value]) =>
		Array.isArray(value) && name !== 'facets' ? [value] : value && typeof value === 'object' ? resultLists(value) : [],
	);
}

function expectOutputFromAnswer(output: IDataObject[], request: RecordedRequest): void {
	const known = new Set([...leaves(request.answer, [], true), ...leaves(request.query), ...leaves(request.body)].map(String));
	for (const item of output) {
		// Counts the node computes (hits) and n8n's own flags (success, deleted) are not Clerk data.
		const { hits: _hits, ...data } = item;
		for (const leaf of leaves(data)) {
			if (!known.has(String(leaf))) throw new Error(`output value ${JSON.stringify(leaf)} is neither in Clerk's answer nor in the request`);
		}
	}
	const found = resultLists(request.answer).some((list) => list.length > 0);
	if (found) expect(output).not.toEqual([expect.objectContaining({ hits: 0 })]);
}

/**
 * The input of one operation: the generic one, plus what a record needs to be stored (a category's
 * subcategories, a page's type and title), a redirect under the URL Get asks for, an audience with emails.
 */
const EXTRA: Record<string, IDataObject> = {
	category: { subcategories: [] },
	page: { type: 'blog', title: 'Wool guide', text: 'How to wash wool' },
	redirect: { url: 'https://shop.example.com/old' },
	audience: { emails: ['ann@example.com'] },
};

function inputFor(resource: string, value: string): { parameters: IDataObject; item: IDataObject } {
	const parameters = parametersFor(resource, value);
	// Log Returned's Order ID (the generic inputs give a parameter named "order" a sort direction).
	if (resource === 'tracking' && parameters.order === 'desc') parameters.order = '1';
	return { parameters, item: { ...itemFor(resource, value), ...EXTRA[resource] } };
}

/** Update, Get and Delete act on a record that exists, and an audience's emails on an audience: make it first. */
async function prepare(resource: string, value: string): Promise<void> {
	const makers = operationKeys.filter((key) => key === `${resource}:upsert` || key === `${resource}:create`);
	if (!['update', 'get', 'delete', 'list', 'getEmails'].includes(value) || makers.length === 0) return;
	const maker = makers.find((key) => key.endsWith(':upsert')) ?? makers[0];
	const { parameters, item } = inputFor(resource, maker.split(':')[1]);
	const made = await runClerkNode({ parameters, items: [item], credentials: credentialsFor(sandbox) });
	expect(made.error?.message).toBeUndefined();
	sandbox.clearRequests();
}

test.each(endpoints.filter((entry) => entry.operation).map((entry) => [entry.call, entry.operation!]))(
	'%s is called by %s, and its answer becomes the output',
	async (call, operation) => {
		const [resource, value] = operation.split(':');
		const definition = definitions.find((candidate) => candidate.key === operation)!;
		await prepare(resource, value);
		const { parameters, item } = inputFor(resource, value);
		const result = await runClerkNode({ parameters, items: [item], credentials: credentialsFor(sandbox) });
		const [method, endpoint] = call.split(' ');
		const [version, path] = endpoint.startsWith('v3:') ? ['v3', endpoint.slice(3)] : ['v2', endpoint];
		const expected = `${method} ${version}/${path.replace(/\/$/, '')}`;
		const sent = sandbox.requests.find((request) => `${request.method} ${request.version}/${request.endpoint}` === expected);
		if (!sent) {
			const all = sandbox.requests.map((request) => `${request.method} ${request.version}/${request.endpoint}`);
			throw new Error(`${expected} was not sent (sent: ${all.join(', ') || 'nothing'}; node error: ${result.error?.message})`);
		}
		// The private key: exactly where the row says, never in a POST/PATCH URL, never in the run data.
		for (const request of sandbox.requests) {
			expect(request.keys.private_key !== null).toBe(definition.call.privateKey);
			if (request.method !== 'GET' && request.method !== 'DELETE') expect(request.url).not.toContain(sandbox.keys.privateKey);
		}
		expect(JSON.stringify(result.run.data)).not.toContain(sandbox.keys.privateKey);

		expect(result.error?.message).toBeUndefined();
		expect(sent.status).toBe(200);
		expect(result.output.length).toBeGreaterThan(0);
		expect(result.output.map((item) => item.pairedItem)).toEqual(result.output.map(() => ({ item: 0 })));
		expectOutputFromAnswer(
			result.output.map((item) => item.json),
			sent,
		);
	},
);

test.each(alsoCalledBy.map((entry) => [entry.call, entry.operation]))(
	'%s is also called by %s, whose summary counts what Clerk stored',
	async (call, operation) => {
		const [resource, value] = operation.split(':');
		const definition = definitions.find((candidate) => candidate.key === operation)!;
		const result = await runClerkNode({
			parameters: parametersFor(resource, value),
			items: [{}],
			// A file of one record as Create or Update gets it, with what the sandbox needs to store it.
			files: [{ fileName: `${resource}.ndjson`, content: `${JSON.stringify(inputFor(resource, 'upsert').item)}\n` }],
			credentials: credentialsFor(sandbox),
		});
		expect(result.error?.message).toBeUndefined();
		const [method, endpoint] = call.split(' ');
		expect(sandbox.requests.map((request) => `${request.method} ${request.endpoint}`)).toEqual([`${method} ${endpoint}`]);
		for (const request of sandbox.requests) expect(request.keys.private_key !== null).toBe(definition.call.privateKey);
		expect(JSON.stringify(result.run.data)).not.toContain(sandbox.keys.privateKey);
		expect(result.output).toEqual([expect.objectContaining({ json: expect.objectContaining({ recordsRead: 1, recordsSent: 1, recordsStored: 1, recordsRejected: 0, calls: 1 }), pairedItem: { item: 0 } })]);
	},
);

test('the README operations table is generated from the operations', () => {
	const readme = readFileSync(path.resolve(__dirname, '../../README.md'), 'utf8');
	expect(readmeSection(readme)).toBe(renderOperationsTable(resources, endpoints, alsoCalledBy));
});
