/**
 * The sandbox's store ID type (test/sandbox/README.md, "Store ID type"): an ID of the other JSON type
 * is refused as Clerk refuses it, ParsingError "Invalid Syntax In Argument: <argument>" with HTTP 400.
 */
import type { IDataObject } from 'n8n-workflow';

import { makeProduct, startSandbox, type Sandbox } from '../../helpers/sandbox';

let sandbox: Sandbox;
beforeAll(async () => {
	sandbox = await startSandbox({ idType: 'number' });
});
afterAll(async () => await sandbox.close());
beforeEach(() => sandbox.reset());

/** Calls the sandbox with both keys: POST/PATCH with a JSON body, GET/DELETE with JSON-encoded query values. */
async function call(method: string, endpoint: string, args: IDataObject): Promise<{ status: number; body: IDataObject }> {
	const all: IDataObject = { key: sandbox.keys.publicKey, private_key: sandbox.keys.privateKey, ...args };
	let url = `${sandbox.url}/v2/${endpoint}`;
	let body: string | undefined;
	if (method === 'GET' || method === 'DELETE') {
		const query = new URLSearchParams(
			Object.entries(all).map(([name, value]): [string, string] => [name, typeof value === 'object' ? JSON.stringify(value) : String(value)]),
		);
		url += `?${query.toString()}`;
	} else {
		body = JSON.stringify(all);
	}
	const response = await fetch(url, { method, body, headers: { 'Content-Type': 'application/json' } });
	return { status: response.status, body: (await response.json()) as IDataObject };
}

const refused = (argument: string) => ({
	status: 400,
	body: expect.objectContaining({
		status: 'error',
		type: 'ParsingError',
		message: expect.stringMatching(new RegExp(`^Invalid Syntax In Argument: ${argument}\\b`)),
		moreInfo: expect.stringContaining('http://my.clerk.io/error/'),
	}),
});
const ok = { status: 200, body: expect.objectContaining({ status: 'ok' }) };

describe('a numeric store', () => {
	test.each<[string, string, string, IDataObject, string]>([
		['a product ID', 'POST', 'products', { products: [makeProduct(1, { id: '1' })] }, 'products'],
		['a category ID of a product', 'POST', 'products', { products: [makeProduct(1, { categories: ['2'] })] }, 'products'],
		['a subcategory', 'PATCH', 'categories', { categories: [{ id: 1, subcategories: [2, '3'] }] }, 'categories'],
		['an order line', 'POST', 'orders', { orders: [{ id: 1, time: 1, products: [{ id: '5', quantity: 1, price: 1 }] }] }, 'orders'],
		['the customer of an order', 'POST', 'orders', { orders: [{ id: 1, time: 1, customer: 'c1', products: [{ id: 5, quantity: 1, price: 1 }] }] }, 'orders'],
		['a customer ID', 'POST', 'customers', { customers: [{ id: 'c1', email: 'a@example.com' }] }, 'customers'],
		['a page ID', 'POST', 'pages', { pages: [{ id: 'about', type: 'blog', url: 'u', title: 't', text: 'x' }] }, 'pages'],
		['a Get list', 'GET', 'products', { products: [1, '2'] }, 'products'],
		['a Delete list', 'DELETE', 'products', { products: ['1'] }, 'products'],
		['an accessory list', 'POST', 'accessories', { accessories: [{ product: 1, accessories: ['2'] }] }, 'accessories'],
		['log/sale products', 'POST', 'log/sale', { sale: 1, products: ['5'] }, 'products'],
		['log/sale lines', 'POST', 'log/sale', { sale: 1, products: [{ id: '5', quantity: 1, price: 1 }] }, 'products'],
		['the order ID of log/sale', 'POST', 'log/sale', { sale: '1', products: [5] }, 'sale'],
		['a clicked product', 'POST', 'log/click', { product: 'p5', visitor: 'v1' }, 'product'],
		['basket lines', 'GET', 'log/cart/add', { products: [{ id: '5', qty: 1 }], visitor: 'v1' }, 'products'],
		['recommendation products', 'POST', 'recommendations/most_sold_with', { products: ['5'], limit: 5 }, 'products'],
		['a recommendation category', 'POST', 'recommendations/category/popular', { category: '1', limit: 5 }, 'category'],
		['a plain GET value that is no number', 'GET', 'recommendations/category/popular', { category: 'shoes', limit: 5 }, 'category'],
		['an excluded product', 'POST', 'search/search', { query: 'x', limit: 5, exclude: ['5'] }, 'exclude'],
		['the customer of a privacy request', 'POST', 'privacy/info', { customer: 'c1' }, 'customer'],
		['a pinned product', 'POST', 'customized_search', { rules: [{ query: 'x', products: { pin: ['5'] } }] }, 'rules'],
	])('refuses text in %s', async (_what, method, endpoint, args, argument) => {
		expect(await call(method, endpoint, args)).toEqual(refused(argument));
	});

	test('accepts numbers, and plain GET values that are whole numbers', async () => {
		expect(await call('POST', 'products', { products: [makeProduct(1)] })).toEqual(ok);
		expect(await call('POST', 'log/sale', { sale: 1, products: [{ id: 1, quantity: 1, price: 1 }], customer: 3 })).toEqual(ok);
		expect(await call('GET', 'products', { products: [1] })).toEqual(ok);
		expect(await call('GET', 'recommendations/category/popular', { category: 1, limit: 5, order: 'desc' })).toEqual(ok);
		expect(await call('POST', 'search/search', { query: 'x', limit: 5, exclude: [1] })).toEqual(ok);
		// Customers are looked up by email; audiences are Clerk's own numbers.
		expect(await call('GET', 'customers', { customers: ['a@example.com'] })).toEqual(ok);
		expect(await call('GET', 'audiences', { ids: [1] })).toEqual(ok);
	});

	test('a refused record stores nothing and the message says where and why', async () => {
		const answer = await call('POST', 'products', { products: [makeProduct(1), makeProduct(2, { id: '2' })] });
		expect(answer.body.message).toBe(`Invalid Syntax In Argument: products (products[1].id is the text "2", but the store's IDs are numbers)`);
		expect(sandbox.store.products.size).toBe(0);
	});
});

describe('a text store, and the switch', () => {
	test('a text store refuses numbers and accepts text (a plain GET value is text)', async () => {
		sandbox.setIdType('text');
		expect(sandbox.idType).toBe('text');
		expect(await call('POST', 'products', { products: [makeProduct(1)] })).toEqual(refused('products'));
		expect(await call('POST', 'recommendations/bundle', { product: 5, limit: 5 })).toEqual(refused('product'));
		expect(await call('POST', 'products', { products: [makeProduct(1, { id: '1', categories: ['1'] })] })).toEqual(ok);
		expect(await call('GET', 'products', { products: ['1'] })).toEqual(ok);
		expect(await call('GET', 'recommendations/category/popular', { category: 1, limit: 5 })).toEqual(ok);
	});

	test('null accepts either type; reset() restores the type given at start', async () => {
		sandbox.setIdType(null);
		expect(await call('POST', 'products', { products: [makeProduct(1), makeProduct(2, { id: '2', categories: ['1'] })] })).toEqual(ok);
		sandbox.reset();
		expect(sandbox.idType).toBe('number');
		expect(await call('POST', 'products', { products: [makeProduct(2, { id: '2' })] })).toEqual(refused('products'));
	});
});
