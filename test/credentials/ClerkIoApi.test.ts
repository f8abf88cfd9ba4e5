import { addClerkKeys, clerkEndpoint, needsPrivateKey } from '../../credentials/ClerkIoApi.credentials';
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

	test.each([
		['search/search', false],
		['recommendations/popular', false],
		['log/sale', false],
		['product/attributes', false],
		['search/pages', false],
		['products', true],
		['orders/parcels', true],
		['log/returned', true],
		['privacy/forget', true],
		['client/account/info', true],
		['pages', true],
	])('%s needs the private key: %s', (endpoint, expected) => {
		expect(needsPrivateKey(endpoint)).toBe(expected);
	});

	test('the endpoint is read from absolute and relative URLs', () => {
		expect(clerkEndpoint('https://api.clerk.io/v2/search/search?x=1')).toBe('search/search');
		expect(clerkEndpoint('/v3/search/omni')).toBe('search/omni');
		expect(clerkEndpoint('http://127.0.0.1:4000/v2/orders/parcels/')).toBe('orders/parcels');
	});

	test('POST carries keys in the body, GET in the query; the private key only where needed', async () => {
		const post = await addClerkKeys(credentials, { url: '/v2/products', method: 'POST', body: { products: [] } });
		expect(post).toMatchObject({ baseURL: 'https://api.clerk.io', body: { key: 'pub', private_key: 'secret', products: [] } });
		expect(post.qs).toBeUndefined();

		const get = await addClerkKeys(credentials, { url: '/v2/search/search', method: 'GET', qs: { query: 'x' } });
		expect(get.qs).toEqual({ key: 'pub', query: 'x' });

		const remove = await addClerkKeys(credentials, { url: '/v2/audiences', method: 'DELETE', body: { ids: [1] } });
		expect(remove.body).toEqual({ key: 'pub', private_key: 'secret', ids: [1] });
	});
});
