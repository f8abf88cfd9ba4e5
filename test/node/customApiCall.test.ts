/**
 * n8n adds a "Custom API Call" entry (value `__CUSTOM_API_CALL__`) to the Resource and Operation
 * lists of nodes whose credential can authenticate any request; this node has no such operation of
 * its own, so it says what to use instead.
 */
import { useSandbox } from '../helpers/calls';

const ctx = useSandbox();
const INSTEAD = /use the HTTP Request node with the predefined credential type "Clerk\.io API"/;

test('choosing Custom API Call fails with a clear message, before any request', async () => {
	const result = await ctx.run({ resource: 'product', operation: '__CUSTOM_API_CALL__' }, [{}, {}]);

	expect(result.error?.message).toBe('Custom API Call is not available in the Clerk.io node');
	expect(result.error?.description).toMatch(INSTEAD);
	expect(ctx.sandbox.requests).toHaveLength(0);
});

test('chosen as the Resource (no operation parameter then): the same message, not "Could not get parameter"', async () => {
	const result = await ctx.run({ resource: '__CUSTOM_API_CALL__' });

	expect(result.error?.message).not.toMatch(/Could not get parameter/);
	expect(result.error?.message).toBe('Custom API Call is not available in the Clerk.io node');
	expect(result.error?.description).toMatch(INSTEAD);
	expect(ctx.sandbox.requests).toHaveLength(0);
});

test('an unknown operation still names resource and operation', async () => {
	const result = await ctx.run({ resource: 'product', operation: 'teleport' });

	expect(result.error?.message).toBe('The operation "teleport" of "product" is not supported');
});
