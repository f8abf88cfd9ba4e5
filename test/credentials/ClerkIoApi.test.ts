import { addClerkKeys, PRIVATE_KEY_HEADER } from '../../credentials/ClerkIoApi.credentials';
import { testCredential } from '../helpers/credentialTest';
import { credentialsFor, startSandbox, type Sandbox } from '../helpers/sandbox';

let sandbox: Sandbox;
beforeAll(async () => {
	sandbox = await startSandbox();
});
afterAll(async () => await sandbox.close());
beforeEach(() => sandbox.reset());

describe('credential test (client/account/info)', () => {
	test('good keys pass, both sent in the query of the GET', async () => {
		expect(await testCredential(credentialsFor(sandbox))).toEqual({ status: 'OK', message: 'Connection successful!' });
		expect(sandbox.requests).toHaveLength(1);
		expect(sandbox.requests[0]).toMatchObject({
			method: 'GET',
			endpoint: 'client/account/info',
			keys: { key: 'query', private_key: 'query' },
		});
	});

	test('a wrong public key is named as the problem', async () => {
		const result = await testCredential(credentialsFor(sandbox, { publicKey: 'not-the-store' }));
		expect(result.status).toBe('Error');
		expect(result.message).toMatch(/^The Public Key is wrong/);
	});

	test('a wrong private key is named as the problem', async () => {
		const result = await testCredential(credentialsFor(sandbox, { privateKey: 'revoked-key' }));
		expect(result.status).toBe('Error');
		expect(result.message).toMatch(/^The Public Key is right, but the Private Key is wrong/);
		expect(result.message).not.toContain('revoked-key');
	});

	test('an unreachable Clerk gives an error, not a pass', async () => {
		const result = await testCredential(credentialsFor(sandbox, { baseUrl: 'http://127.0.0.1:9' }));
		expect(result.status).toBe('Error');
	});
});

describe('where the keys go', () => {
	const credentials = { publicKey: 'pub', privateKey: 'secret', baseUrl: 'https://api.clerk.io' };
	const asked = { [PRIVATE_KEY_HEADER]: 'true' };

	test('POST carries keys in the body, GET in the query; the private key only when the request asks for it', async () => {
		const post = await addClerkKeys(credentials, { url: '/v2/products', method: 'POST', body: { products: [] }, headers: asked });
		expect(post).toMatchObject({ baseURL: 'https://api.clerk.io', body: { key: 'pub', private_key: 'secret', products: [] } });
		expect(post.qs).toBeUndefined();

		const get = await addClerkKeys(credentials, { url: '/v2/search/search', method: 'GET', qs: { query: 'x' } });
		expect(get.qs).toEqual({ key: 'pub', query: 'x' });

		const remove = await addClerkKeys(credentials, { url: '/v2/audiences', method: 'DELETE', body: { ids: [1] }, headers: asked });
		expect(remove.body).toEqual({ key: 'pub', private_key: 'secret', ids: [1] });

		const privateGet = await addClerkKeys(credentials, { url: '/v2/products', method: 'GET', qs: { products: '[1]' }, headers: asked });
		expect(privateGet.qs).toEqual({ key: 'pub', private_key: 'secret', products: '[1]' });
	});

	const asText = { name: 'JSON text', encode: (text: string) => text, decode: (body: unknown) => body as string };
	const asBytes = { name: 'UTF-8 bytes', encode: (text: string) => Buffer.from(text), decode: (body: unknown) => (body as Buffer).toString('utf8') };
	test.each([asText, asBytes])('a body given as $name of a JSON object gets the keys written into it, the same JSON as an object body', async ({ encode, decode }) => {
		const cases: Array<[string, object]> = [
			['{"products":[{"id":1,"name":"Lampe à pétrole"}]}', { products: [{ id: 1, name: 'Lampe à pétrole' }] }],
			[' \n { "products" : [] }', { products: [] }],
			['{}', {}],
			['{ }', {}],
		];
		for (const [text, parsed] of cases) {
			const given = encode(text);
			const sent = await addClerkKeys(credentials, { url: '/v2/products', method: 'POST', body: given, headers: asked });
			const asObject = await addClerkKeys(credentials, { url: '/v2/products', method: 'POST', body: parsed, headers: asked });
			expect(typeof sent.body).toBe(typeof given);
			expect(JSON.parse(decode(sent.body))).toEqual(asObject.body);
			expect(sent.headers).toEqual({});
		}
		// Without the request header, the public key alone; keys with characters JSON escapes stay exact.
		const odd = { ...credentials, publicKey: 'pu"b\\n' };
		const plain = await addClerkKeys(odd, { url: '/v2/products', method: 'POST', body: encode('{"products":[]}') });
		expect(JSON.parse(decode(plain.body))).toEqual({ key: 'pu"b\\n', products: [] });
		// Not a JSON object: the body is sent as given and the keys travel in the query.
		for (const raw of ['[1,2]', 'plain text']) {
			const body = encode(raw);
			const sent = await addClerkKeys(credentials, { url: '/v2/products', method: 'POST', body });
			expect(sent.body).toBe(body);
			expect(sent.qs).toEqual({ key: 'pub' });
		}
	});

	test('the URL decides nothing: a private endpoint without the request gets the public key only', async () => {
		const post = await addClerkKeys(credentials, { url: '/v2/products', method: 'POST', body: { products: [] } });
		expect(post.body).toEqual({ key: 'pub', products: [] });
	});

	test('the request header is consumed (any spelling), other headers are kept, "false" asks for nothing', async () => {
		const sent = await addClerkKeys(credentials, {
			url: '/v2/orders',
			method: 'POST',
			body: {},
			headers: { 'X-Clerk-Private-Key': 'true', 'X-Trace': 'abc' },
		});
		expect(sent.headers).toEqual({ 'X-Trace': 'abc' });
		expect(sent.body).toEqual({ key: 'pub', private_key: 'secret' });

		const declined = await addClerkKeys(credentials, { url: '/v2/orders', method: 'POST', body: {}, headers: { [PRIVATE_KEY_HEADER]: 'false' } });
		expect(declined.headers).toEqual({});
		expect(declined.body).toEqual({ key: 'pub' });
	});
});
