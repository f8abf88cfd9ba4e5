/**
 * Errors say what happened and what to do, fitting the failure (transport failureFromResponse,
 * hints, clerkApiError; engine errorJson): through real workflows against the sandbox, or a bare
 * HTTP server where the sandbox would answer with JSON.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';

import type { IDataObject } from 'n8n-workflow';

import { runClerkNode, type RunResult } from '../helpers/engine';
import { credentialsFor, makeProduct, startSandbox, type Sandbox } from '../helpers/sandbox';

let sandbox: Sandbox;
beforeAll(async () => {
	sandbox = await startSandbox();
});
afterAll(async () => await sandbox.close());
beforeEach(() => {
	sandbox.reset();
	for (const product of [1, 2, 3].map((id) => makeProduct(id, { name: `Lamp ${id}` }))) sandbox.store.products.set(String(product.id), product);
});

const run = async (parameters: IDataObject, items: IDataObject[] = [{}], onError?: 'continueErrorOutput') =>
	await runClerkNode({ parameters, items, credentials: credentialsFor(sandbox), onError });

const search = (query = 'lamp') => ({ resource: 'search', operation: 'search', query, limit: 5, requestOptions: { maxRetries: 0 } });
const upsert = { resource: 'product', operation: 'upsert', dataMode: 'autoMapInputData' };
const descriptionOf = (result: RunResult) => String(result.error?.description ?? '');

describe('a request too large', () => {
	test('an HTML 413 from a server in front of Clerk says the body is too large', async () => {
		sandbox.setSwitches({ maxBodySize: 200 });
		const result = await run(search('lamp '.repeat(100)));

		expect(result.error?.message).toBe('Clerk.io HTTPError: Clerk.io answered HTTP 413 (request body too large) without a JSON body');
		expect(descriptionOf(result)).toMatch(/too large/);
	});

	test('a 413 with a ParsingError envelope is "too large", not "a parameter is missing"', async () => {
		sandbox.setSwitches({ storeError: { type: 'ParsingError', message: 'Request body too large', status: 413 } });
		const result = await run(search());

		expect(result.error?.message).toBe('Clerk.io ParsingError: Request body too large');
		expect(descriptionOf(result)).not.toMatch(/parameter is missing/);
		expect(descriptionOf(result)).toMatch(/too large/);
	});
});

test('an HTML 503 (no JSON envelope) has no "More info" and points at no link', async () => {
	const server = http.createServer((req, res) => {
		req.resume();
		res.writeHead(503, { 'Content-Type': 'text/html' });
		res.end('<html><body><h1>503 Service Temporarily Unavailable</h1></body></html>');
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	try {
		const { port } = server.address() as AddressInfo;
		const result = await runClerkNode({
			parameters: search(),
			credentials: credentialsFor(sandbox, { baseUrl: `http://127.0.0.1:${port}` }),
		});

		expect(result.error?.message).toBe('Clerk.io InternalError: Clerk.io answered HTTP 503 (service unavailable) without a JSON body');
		expect(descriptionOf(result)).not.toMatch(/link|More info/i);
		expect(descriptionOf(result)).toMatch(/try again later/);
	} finally {
		await new Promise((resolve) => server.close(resolve));
	}
});

test('a failure after retries says how many attempts were made', async () => {
	sandbox.setFaults({ status5xxRate: 1 });
	const result = await run({ ...upsert, requestOptions: { maxRetries: 2 } }, [makeProduct(1)]);

	expect(sandbox.requests).toHaveLength(3);
	expect(result.error?.message).toBe('Clerk.io InternalError: Service temporarily unavailable (after 3 attempts)');
});

test("error-output items carry Clerk's own type and message in `message` too, beside the hint", async () => {
	const input = [makeProduct(1), { ...makeProduct(2), name: undefined }];
	const result = await run(upsert, input, 'continueErrorOutput');

	expect(result.errorOutput).toHaveLength(1);
	const { error, message } = result.errorOutput[0].json;
	expect(error).toMatch(/^Clerk\.io ParsingError: Invalid Syntax In Argument: products/);
	expect(message).toMatch(/^Clerk\.io ParsingError: Invalid Syntax In Argument: products.*\. A parameter is missing or has the wrong type.* More info: http:\/\/my\.clerk\.io\/error\/SBX\d+$/);
});

test('a 5xx on a call that is not resent (Log Sale) says the sale may or may not have been recorded', async () => {
	sandbox.script({ kind: 'status5xx', status: 503 });
	const result = await run({ resource: 'tracking', operation: 'logSale', sale: '1', products: '5' }, [{}], 'continueErrorOutput');

	expect(sandbox.requests).toHaveLength(1);
	expect(result.errorOutput[0].json.error).toBe('Clerk.io InternalError: Service temporarily unavailable');
	expect(result.errorOutput[0].json.message).toMatch(/may or may not have been recorded, so it was not sent again/);
});
