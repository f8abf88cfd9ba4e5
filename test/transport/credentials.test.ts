/**
 * The credential is read once, before the first attempt: a credential that cannot be read is a
 * credential problem, said so, and not retried as if the network had failed.
 */
import { runClerkNode } from '../helpers/engine';
import { makeProduct, startSandbox, type Sandbox } from '../helpers/sandbox';

let sandbox: Sandbox;
beforeAll(async () => {
	sandbox = await startSandbox();
});
afterAll(async () => await sandbox.close());
beforeEach(() => sandbox.reset());

test.each([
	['cannot be decrypted', 'Credentials could not be decrypted. The likely reason is that a different "encryptionKey" was used to encrypt the data.'],
	// Words that read like a network failure must not make it one.
	['times out while being read', 'Timeout while reading credential 1 from the database'],
])('a credential that %s: a credential error, nothing sent, no retries', async (_case, reason) => {
	const result = await runClerkNode({
		parameters: { resource: 'product', operation: 'upsert', dataMode: 'autoMapInputData', requestOptions: { maxRetries: 2 } },
		items: [makeProduct(1)],
		credentials: new Error(reason),
	});

	expect(result.error?.message).toBe(`Clerk.io CredentialError: Could not read the Clerk.io API credential: ${reason}`);
	expect(result.error?.description).toMatch(/^Open the Clerk\.io API credential selected on the node/);
	expect(result.error?.message).not.toMatch(/attempts/);
	expect(sandbox.requests).toHaveLength(0);
});

test('the same in an item-mode operation, and with Continue on Fail every item gets it', async () => {
	const result = await runClerkNode({
		parameters: { resource: 'search', operation: 'search', query: 'lamp', limit: 5 },
		items: [{}, {}],
		credentials: new Error('Credentials could not be decrypted.'),
		onError: 'continueErrorOutput',
	});

	expect(result.errorOutput.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }]);
	expect(result.errorOutput[0].json.error).toBe('Clerk.io CredentialError: Could not read the Clerk.io API credential: Credentials could not be decrypted.');
	expect(sandbox.requests).toHaveLength(0);
});
