/** The sandbox's own instruments used by the benchmark: calls in flight and the feed routes. */
import { makeProduct, startSandbox, type Sandbox } from './helpers/sandbox';

let sandbox: Sandbox;
beforeAll(async () => {
	// Long enough that seven calls sent together are all still open when the last one arrives,
	// even on a loaded machine.
	sandbox = await startSandbox({ faults: { latencyMs: 500 } });
});
afterAll(async () => await sandbox.close());

const search = () =>
	fetch(`${sandbox.url}/v2/search/search`, {
		method: 'POST',
		headers: { 'content-type': 'application/json' },
		body: JSON.stringify({ key: sandbox.keys.publicKey, query: 'x', limit: 1 }),
	}).then((response) => response.json());

test('maxInFlight counts Clerk calls answered at the same time, and resets', async () => {
	await Promise.all(Array.from({ length: 7 }, search));
	expect(sandbox.maxInFlight).toBe(7);
	expect(sandbox.inFlight).toBe(0);
	sandbox.resetMaxInFlight();
	expect(sandbox.maxInFlight).toBe(0);
	for (let i = 0; i < 3; i++) await search();
	expect(sandbox.maxInFlight).toBe(1);
});

test('feed routes give JSON arrays, are not recorded and not counted', async () => {
	sandbox.reset();
	const products = await (await fetch(`${sandbox.url}/feed/products?n=3&start=5`)).json();
	expect(products).toEqual([makeProduct(5), makeProduct(6), makeProduct(7)]);
	sandbox.store.products.set('5', makeProduct(5, { name: 'Rain Jacket' }));
	const reads = await (await fetch(`${sandbox.url}/feed/reads?n=2`)).json();
	expect(reads).toEqual([
		{ i: 0, query: 'rain', product: 5 },
		{ i: 1, query: 'rain', product: 5 },
	]);
	expect(sandbox.requests).toHaveLength(0);
	expect(sandbox.maxInFlight).toBe(0);
});
