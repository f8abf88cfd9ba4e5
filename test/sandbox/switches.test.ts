/** The sandbox's switches (README.md): each one on its own, and off again after reset(). */
import { makeProduct, startSandbox, type Sandbox } from '../helpers/sandbox';

let sandbox: Sandbox;
beforeAll(async () => {
	sandbox = await startSandbox();
});
afterAll(async () => await sandbox.close());
const seed = () => {
	for (let id = 1; id <= 30; id++) sandbox.store.products.set(String(id), makeProduct(id, { name: `Lamp ${id}` }));
};
beforeEach(() => {
	sandbox.reset();
	seed();
});

async function call(method: string, path: string, args: Record<string, unknown> = {}, withPrivateKey = false) {
	const keys = { key: sandbox.keys.publicKey, ...(withPrivateKey ? { private_key: sandbox.keys.privateKey } : {}) };
	const all = { ...keys, ...args };
	const inQuery = method === 'GET' || method === 'DELETE';
	const query = new URLSearchParams(
		Object.entries(all).map(([name, value]): [string, string] => [name, typeof value === 'object' ? JSON.stringify(value) : String(value)]),
	);
	const response = await fetch(`${sandbox.url}/v2/${path}${inQuery ? `?${query}` : ''}`, {
		method,
		...(inQuery ? {} : { body: JSON.stringify(all), headers: { 'Content-Type': 'application/json' } }),
	});
	const text = await response.text();
	return { status: response.status, type: response.headers.get('content-type'), text, json: () => JSON.parse(text) };
}

const search = (offset: number) => call('POST', 'search/search', { query: 'lamp', limit: 10, offset });

test('omitTotals: result answers carry no totals; off again after reset()', async () => {
	expect((await search(0)).json()).toMatchObject({ count: 30, hits: 30 });
	sandbox.setSwitches({ omitTotals: true });
	const answer = (await search(0)).json();
	expect(answer.result).toHaveLength(10);
	expect(answer).not.toHaveProperty('count');
	expect(answer).not.toHaveProperty('hits');
	sandbox.reset();
	seed();
	expect((await search(0)).json()).toHaveProperty('count', 30);
});

test('ignoreOffset: every offset answers the first page (all endpoints, or those matching)', async () => {
	const first = (await search(0)).json().result;
	expect((await search(10)).json().result).not.toEqual(first);
	sandbox.setSwitches({ ignoreOffset: true });
	expect((await search(10)).json().result).toEqual(first);
	sandbox.setSwitches({ ignoreOffset: /^recommendations\// });
	expect((await search(10)).json().result).not.toEqual(first);
});

test('storeError: every call with the store key answers the error; a wrong key is still refused as such', async () => {
	sandbox.setSwitches({ storeError: {} });
	for (const answer of [await search(0), await call('POST', 'products', { products: [] }, true)]) {
		expect(answer.status).toBe(400);
		expect(answer.json()).toMatchObject({ status: 'error', type: 'LogicalError', message: 'Store is disabled' });
	}
	sandbox.setSwitches({ storeError: { type: 'AuthenticationError', message: 'Account disabled', status: 403 } });
	expect((await search(0)).status).toBe(403);
	const response = await fetch(`${sandbox.url}/v2/search/search?key=wrong&query=x&limit=1`);
	expect(await response.json()).toMatchObject({ type: 'AuthenticationError', message: 'Invalid public API key' });
});

test('maxUrlLength: a longer request line gets an HTML 414, recorded; a shorter one passes', async () => {
	sandbox.setSwitches({ maxUrlLength: 200 });
	const ids = Array.from({ length: 60 }, (_, index) => index + 1);
	const long = await call('GET', 'products', { products: ids }, true);
	expect(long.status).toBe(414);
	expect(long.type).toContain('text/html');
	expect(long.text).toContain('414 Request-URI Too Large');
	const short = await call('GET', 'products', { products: [1] }, true);
	expect(short.status).toBe(200);
	expect(sandbox.requests.map((request) => request.status)).toEqual([414, 200]);
	expect(sandbox.store.products.size).toBe(30);
});

test("beyond Node's own header limit the answer is 431, and it is recorded too", async () => {
	const ids = Array.from({ length: 4000 }, (_, index) => 100_000 + index);
	const answer = await call('GET', 'products', { products: ids }, true);
	expect(answer.status).toBe(431);
	expect(sandbox.requests.map((request) => request.status)).toEqual([431]);
});

test('maxBodySize: a larger body gets an HTML 413 and is not processed', async () => {
	sandbox.setSwitches({ maxBodySize: 2000 });
	const products = Array.from({ length: 10 }, (_, index) => makeProduct(100 + index));
	const large = await call('POST', 'products', { products }, true);
	expect(large.status).toBe(413);
	expect(large.text).toContain('413 Request Entity Too Large');
	expect(sandbox.store.products.has('100')).toBe(false);
	expect((await call('POST', 'products', { products: products.slice(0, 1) }, true)).status).toBe(200);
	expect(sandbox.store.products.has('100')).toBe(true);
});

test('switches given to startSandbox stay on across reset()', async () => {
	const strict = await startSandbox({ maxUrlLength: 8192, omitTotals: true });
	try {
		strict.reset();
		expect(strict.switches).toEqual({ maxUrlLength: 8192, omitTotals: true });
		strict.setSwitches({});
		expect(strict.switches).toEqual({});
		strict.reset();
		expect(strict.switches).toEqual({ maxUrlLength: 8192, omitTotals: true });
	} finally {
		await strict.close();
	}
});

test("terseErrors: Clerk's message without the record named in brackets", async () => {
	const bad = [{ ...makeProduct(100), name: undefined }];
	expect((await call('POST', 'products', { products: bad }, true)).json().message).toMatch(/^Invalid Syntax In Argument: products \(.+\)$/);
	sandbox.setSwitches({ terseErrors: true });
	expect((await call('POST', 'products', { products: bad }, true)).json().message).toBe('Invalid Syntax In Argument: products');
});

test('only documented methods are answered: POST to an endpoint whose reference page shows only GET is refused', async () => {
	expect((await call('GET', 'recommendations/recently_bought', { limit: 2 })).status).toBe(200);
	const posted = await call('POST', 'recommendations/recently_bought', { limit: 2 });
	expect(posted.status).toBe(405);
	expect(posted.json()).toMatchObject({ status: 'error', type: 'LogicalError', message: 'Method POST is not allowed on recommendations/recently_bought' });
	// search/popular's POST sample is copied from search/suggestions, so it does not count.
	expect((await call('POST', 'search/popular', { limit: 2 })).status).toBe(405);
	expect((await call('POST', 'search/suggestions', { query: 'lamp', limit: 2 })).status).toBe(200);
});
