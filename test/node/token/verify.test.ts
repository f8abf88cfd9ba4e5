import { argsOf, expectRequest, pairedJson, useSandbox } from '../../helpers/calls';
import { runClerkNode } from '../../helpers/engine';
import { credentialsFor } from '../../helpers/sandbox';

const ctx = useSandbox();

const jwt = (payload: object) => `eyJhbGciOiJIUzI1NiJ9.${Buffer.from(JSON.stringify(payload)).toString('base64url')}.c2ln`;

test('Verify GETs token/verify with the public key only and outputs the payload', async () => {
	const token = jwt({ sub: 'importer', exp: 1900000000 });
	const result = await ctx.run({ resource: 'token', operation: 'verify', token });

	expect(pairedJson(result, [0])).toEqual([{ token_payload: { sub: 'importer', exp: 1900000000 } }]);
	expectRequest(ctx.sandbox, ctx.sandbox.requests[0], { method: 'GET', endpoint: 'token/verify', private: false });
	expect(argsOf(ctx.sandbox.requests[0])).toEqual({ token });
});

test('an invalid token fails its item only (Continue on Fail)', async () => {
	const result = await ctx.run({ resource: 'token', operation: 'verify', token: '={{ $json.token }}' }, [{ token: jwt({ a: 1 }) }, { token: 'not-a-jwt' }], 'continueErrorOutput');

	expect(result.output.map((item) => [item.json, item.pairedItem])).toEqual([[{ token_payload: { a: 1 } }, { item: 0 }]]);
	expect(result.errorOutput).toHaveLength(1);
	expect(result.errorOutput[0]).toMatchObject({ pairedItem: { item: 1 }, json: { error: 'Clerk.io AuthenticationError: Invalid token' } });
});

test('an invalid token is not a credential problem: the hint is about the token, not the keys', async () => {
	const result = await ctx.run({ resource: 'token', operation: 'verify', token: 'not-a-jwt' });

	expect(result.error?.message).toBe('Clerk.io AuthenticationError: Invalid token');
	expect(result.error?.description).not.toMatch(/Public Key|Private Key|credential/);
	expect(result.error?.description).toMatch(/token/);
});

test('a wrong key on Verify is still a credential problem', async () => {
	const result = await runClerkNode({
		parameters: { resource: 'token', operation: 'verify', token: jwt({ a: 1 }) },
		credentials: credentialsFor(ctx.sandbox, { publicKey: 'wrong-public-key' }),
	});

	expect(result.error?.message).toBe('Clerk.io AuthenticationError: Invalid public API key');
	expect(result.error?.description).toMatch(/Check the Public Key and Private Key/);
});
