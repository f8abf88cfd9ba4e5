/**
 * Coverage of the Clerk.io API: every endpoint of the reference is called by an operation (or left
 * out with a reason), every operation is accounted for, and the README table matches this list.
 * Each operation runs once through the engine against the sandbox with generic inputs; whatever
 * Clerk answers, the request it sent must be the documented one, and the private key must have gone
 * nowhere it should not.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';

import { needsPrivateKey } from '../../credentials/ClerkIoApi.credentials';
import { resources } from '../../nodes/ClerkIo/actions/resources';
import { runClerkNode } from '../helpers/engine';
import { filesFor, itemFor, operationKeys, parametersFor } from '../helpers/operationInputs';
import { credentialsFor, startSandbox, type Sandbox } from '../helpers/sandbox';

const { endpoints, alsoCalledBy } = require('./endpoints') as {
	endpoints: Array<{ call: string; section: string; operation?: string; reason?: string }>;
	alsoCalledBy: Array<{ call: string; operation: string }>;
};
const { renderOperationsTable, readmeSection } = require('../../scripts/operations-table');

let sandbox: Sandbox;
beforeAll(async () => {
	sandbox = await startSandbox();
});
afterAll(async () => await sandbox.close());
beforeEach(() => sandbox.reset());

test('every endpoint names an operation that exists, or a reason', () => {
	for (const entry of endpoints) {
		if (entry.operation) expect(operationKeys).toContain(entry.operation);
		else expect(entry.reason?.length).toBeGreaterThan(40);
	}
	expect(new Set(endpoints.map((entry) => entry.call)).size).toBe(endpoints.length);
});

test('every operation calls at least one listed endpoint', () => {
	const claimed = new Set([...endpoints, ...alsoCalledBy].map((entry) => entry.operation));
	for (const entry of alsoCalledBy) expect(endpoints.map((listed) => listed.call)).toContain(entry.call);
	expect(operationKeys.filter((key) => !claimed.has(key))).toEqual([]);
});

test.each([...endpoints, ...alsoCalledBy].filter((entry) => entry.operation).map((entry) => [entry.call, entry.operation!]))(
	'%s is called by %s',
	async (call, operation) => {
		const [resource, value] = operation.split(':');
		const result = await runClerkNode({
			parameters: parametersFor(resource, value),
			items: [itemFor(resource, value)],
			files: filesFor(resource, value),
			credentials: credentialsFor(sandbox),
		});
		const [method, endpoint] = call.split(' ');
		const [version, path] = endpoint.startsWith('v3:') ? ['v3', endpoint.slice(3)] : ['v2', endpoint];
		const sent = sandbox.requests.map((request) => `${request.method} ${request.version}/${request.endpoint}`);
		// The private key: only to private endpoints, never in a POST/PATCH URL, never in the run data.
		for (const request of sandbox.requests) {
			if (!needsPrivateKey(request.endpoint)) expect(request.keys.private_key).toBeNull();
			if (request.method !== 'GET' && request.method !== 'DELETE') expect(request.url).not.toContain(sandbox.keys.privateKey);
		}
		expect(JSON.stringify(result.run.data)).not.toContain(sandbox.keys.privateKey);
		const expected = `${method} ${version}/${path.replace(/\/$/, '')}`;
		if (!sent.includes(expected)) {
			throw new Error(`${expected} was not sent (sent: ${sent.join(', ') || 'nothing'}; node error: ${result.error?.message})`);
		}
	},
);

test('the README operations table is generated from this list', () => {
	const readme = readFileSync(path.resolve(__dirname, '../../README.md'), 'utf8');
	expect(readmeSection(readme)).toBe(renderOperationsTable(resources, endpoints, alsoCalledBy));
});
