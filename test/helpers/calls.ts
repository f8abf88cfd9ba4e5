/** Shared set-up and request assertions for the operation suites. */
import type { IDataObject, INodeParameters } from 'n8n-workflow';

import { runClerkNode, type RunResult } from './engine';
import { credentialsFor, startSandbox, type RecordedRequest, type Sandbox, type SandboxIdType } from './sandbox';

/**
 * Starts one sandbox per suite and resets it before every test. Its store uses numeric IDs, as the
 * fixtures do (an ID of the other type is refused, as Clerk refuses it), and the runs' credential
 * says so (ID Type Number); `idType: null` accepts either type and runs with As Given.
 */
export function useSandbox(
	options: { idType?: SandboxIdType | null } = {},
): { readonly sandbox: Sandbox; run(parameters: INodeParameters, items?: IDataObject[], onError?: 'continueErrorOutput' | 'continueRegularOutput'): Promise<RunResult> } {
	let sandbox: Sandbox;
	beforeAll(async () => {
		// Requests over a common server's 8 KB request line are refused (HTTP 414), as they would be.
		sandbox = await startSandbox({ idType: options.idType === undefined ? 'number' : options.idType, maxUrlLength: 8192 });
	});
	afterAll(async () => await sandbox.close());
	beforeEach(() => sandbox.reset());
	return {
		get sandbox() {
			return sandbox;
		},
		async run(parameters, items = [{}], onError) {
			return await runClerkNode({ parameters, items, credentials: credentialsFor(sandbox), onError });
		},
	};
}

/**
 * Asserts path, method and where the keys went: in the body for POST/PATCH (and a DELETE with a
 * body), in the query otherwise;
 * the private key only to private endpoints and never in the URL of a public one.
 */
export function expectRequest(
	sandbox: Sandbox,
	request: RecordedRequest,
	expected: { method: string; endpoint: string; private: boolean; paramsIn?: 'body' },
): void {
	// A DELETE that carries a JSON body carries the keys in it too.
	const where = expected.method === 'POST' || expected.method === 'PATCH' || expected.paramsIn ? 'body' : 'query';
	expect(request).toMatchObject({
		method: expected.method,
		version: 'v2',
		endpoint: expected.endpoint,
		status: 200,
		keys: { key: where, private_key: expected.private ? where : null },
	});
	if (!expected.private) {
		expect(request.url).not.toContain(sandbox.keys.privateKey);
		expect(request.rawBody).not.toContain(sandbox.keys.privateKey);
	}
	if (where === 'body') expect(request.url).not.toContain(sandbox.keys.privateKey);
}

/** The arguments Clerk received, without the keys. */
export function argsOf(request: RecordedRequest): IDataObject {
	const { key: _key, private_key: _privateKey, ...args } = { ...request.query, ...(request.body ?? {}) };
	return args;
}

/** The outputs' JSON, after checking each is paired with the expected input item. */
export function pairedJson(result: RunResult, items: number[]): IDataObject[] {
	expect(result.error).toBeUndefined();
	expect(result.output.map((item) => item.pairedItem)).toEqual(items.map((item) => ({ item })));
	return result.output.map((item) => item.json);
}
