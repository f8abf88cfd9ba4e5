/**
 * Return All against a Clerk that is less helpful than the sandbox's default: no totals, and
 * endpoints that answer the first page whatever the offset (engine.ts readPages).
 */
import { argsOf, useSandbox } from '../helpers/calls';
import { makeProduct } from '../helpers/sandbox';

const shop = useSandbox();
const lamps = (count: number) => {
	for (let id = 1; id <= count; id++) shop.sandbox.store.products.set(String(id), makeProduct(id, { name: `Lamp ${id}` }));
};
const searchAll = { resource: 'search', operation: 'search', query: 'lamp', returnAll: true };

test('Return All stops when a page adds nothing new (offset ignored, no totals): 2 calls, not 10,000', async () => {
	lamps(150);
	shop.sandbox.setSwitches({ omitTotals: true, ignoreOffset: true });
	const result = await shop.run(searchAll);

	expect(result.error).toBeUndefined();
	expect(shop.sandbox.requests.length).toBe(2);
	expect(shop.sandbox.requests.map((request) => argsOf(request).offset)).toEqual([0, 100]);
	expect(result.output).toHaveLength(100);
	expect(new Set(result.output.map((item) => item.json.id)).size).toBe(100);
});

test('Raw Response: the repeated page is not output again', async () => {
	lamps(150);
	shop.sandbox.setSwitches({ omitTotals: true, ignoreOffset: true });
	const result = await shop.run({ ...searchAll, options: { output: 'raw' } });

	expect(shop.sandbox.requests.length).toBe(2);
	expect(result.output.map((item) => (item.json.result as unknown[]).length)).toEqual([100]);
});

test('without totals, an endpoint that pages walks to the short last page', async () => {
	lamps(250);
	shop.sandbox.setSwitches({ omitTotals: true });
	const result = await shop.run(searchAll);

	expect(shop.sandbox.requests.map((request) => argsOf(request).offset)).toEqual([0, 100, 200]);
	expect(new Set(result.output.map((item) => item.json.id)).size).toBe(250);
});

describe('the page cap of Return All without totals', () => {
	// 100 pages of 100: 10,000 results, then the cap; one more lamp keeps every page full and new.
	beforeEach(() => lamps(10_001));

	test('hitting it fails the item with a clear error, not a silent cut', async () => {
		shop.sandbox.setSwitches({ omitTotals: true });
		const result = await shop.run(searchAll, [{}, {}], 'continueErrorOutput');

		expect(shop.sandbox.requests.length).toBe(200);
		expect(result.output).toHaveLength(0);
		expect(result.errorOutput.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }]);
		expect(result.errorOutput[0].json.error).toBe(
			'Return All stopped after 100 pages (10,000 results) of search/search for item 0: Clerk.io reports no total and kept sending new results',
		);
		expect(result.errorOutput[0].json.message).toMatch(/Turn off Return All and set a Limit/);
	});

	test('a Limit reads past it, and a reported total lets Return All read past it too', async () => {
		shop.sandbox.setSwitches({ omitTotals: true });
		const limited = await shop.run({ ...searchAll, returnAll: false, limit: 10_001 });
		expect(limited.error).toBeUndefined();
		expect(limited.output).toHaveLength(10_001);
		expect(shop.sandbox.requests.length).toBe(101);

		shop.sandbox.setSwitches({});
		shop.sandbox.clearRequests();
		const counted = await shop.run(searchAll);
		expect(counted.error).toBeUndefined();
		expect(counted.output).toHaveLength(10_001);
		expect(shop.sandbox.requests.length).toBe(101);
	});
});
