/**
 * The credential's ID Type (README, Credentials): IDs are the user's. As Given (the default, also for a
 * credential saved before the field existed) sends every ID with the JSON type it was given; Number
 * and Text convert every ID the same way; a value that cannot be converted, and a list mixing numbers
 * and text under As Given, are refused before anything is sent, naming item and field.
 *
 * Each run talks to a sandbox whose store uses one ID type and refuses the other, as Clerk does.
 */
import type { IDataObject, INodeParameters } from 'n8n-workflow';

import { ClerkIoApi } from '../../../credentials/ClerkIoApi.credentials';
import { convertField } from '../../../nodes/ClerkIo/actions/fields';
import { argsOf } from '../../helpers/calls';
import { runClerkNode, type ClerkCredentials, type RunResult } from '../../helpers/engine';
import { credentialsFor, makeProduct, startSandbox, type Sandbox } from '../../helpers/sandbox';

let numeric: Sandbox;
let textual: Sandbox;
beforeAll(async () => {
	numeric = await startSandbox({ idType: 'number' });
	textual = await startSandbox({ idType: 'text' });
});
afterAll(async () => {
	await numeric.close();
	await textual.close();
});
beforeEach(() => {
	numeric.reset();
	textual.reset();
});

/** A credential saved before ID Type existed: no value, which means As Given. */
function asGiven(sandbox: Sandbox): ClerkCredentials {
	const { idType: _idType, ...credentials } = credentialsFor(sandbox);
	return credentials;
}

async function run(
	sandbox: Sandbox,
	credentials: ClerkCredentials,
	parameters: INodeParameters | IDataObject,
	items: IDataObject[] = [{}],
	onError?: 'continueErrorOutput',
): Promise<RunResult> {
	return await runClerkNode({ parameters, items, credentials, onError });
}

/** A complete product whose ID and category IDs are text. */
const textProduct = (id: string, categories: string[]): IDataObject => ({ ...makeProduct(Number(id) || 1), id, categories });

const upsert = { resource: 'product', operation: 'upsert', dataMode: 'autoMapInputData' };

describe('As Given (the default)', () => {
	test('Map Automatically sends "123" and ["7", "8"] as text, 123 and [7, 8] as numbers', async () => {
		const text = await run(textual, asGiven(textual), upsert, [textProduct('123', ['7', '8'])]);
		expect(text.error).toBeUndefined();
		expect((argsOf(textual.requests[0]).products as IDataObject[])[0]).toMatchObject({ id: '123', categories: ['7', '8'] });
		expect(textual.store.products.get('123')).toMatchObject({ id: '123', categories: ['7', '8'] });

		const number = await run(numeric, asGiven(numeric), upsert, [makeProduct(123, { categories: [7, 8] })]);
		expect(number.error).toBeUndefined();
		expect((argsOf(numeric.requests[0]).products as IDataObject[])[0]).toMatchObject({ id: 123, categories: [7, 8] });
	});

	test('Define Below sends the ID and the category IDs typed in the fields as text', async () => {
		const product = textProduct('123', ['7', '8']);
		const result = await run(textual, asGiven(textual), {
			resource: 'product',
			operation: 'upsert',
			dataMode: 'defineBelow',
			productId: '123',
			fields: {
				name: product.name,
				description: product.description,
				price: product.price,
				image: product.image,
				url: product.url,
				created_at: product.created_at,
				categories: '7, 8',
			},
		});
		expect(result.error).toBeUndefined();
		expect((argsOf(textual.requests[0]).products as IDataObject[])[0]).toMatchObject({ id: '123', categories: ['7', '8'] });
		expect(result.output[0].json).toMatchObject({ id: '123', categories: ['7', '8'] });
	});

	test('Log Sale keeps the type of the order ID and of the products, as lines or as IDs', async () => {
		const lines = await run(textual, asGiven(textual), {
			resource: 'tracking',
			operation: 'logSale',
			sale: '5001',
			products: '[{"id": "123", "quantity": 1, "price": 10}, {"id": "SKU-9", "quantity": 2, "price": 5}]',
			visitor: 'v1',
			additionalFields: { customer: '42' },
		});
		expect(lines.error).toBeUndefined();
		expect(argsOf(textual.requests[0])).toMatchObject({
			sale: '5001',
			customer: '42',
			products: [
				{ id: '123', quantity: 1, price: 10 },
				{ id: 'SKU-9', quantity: 2, price: 5 },
			],
		});

		const ids = await run(textual, asGiven(textual), { resource: 'tracking', operation: 'logSale', sale: '5002', products: '123, 0456', visitor: 'v1' });
		expect(ids.error).toBeUndefined();
		expect(argsOf(textual.requests[1])).toMatchObject({ sale: '5002', products: ['123', '0456'] });

		const numbers = await run(numeric, asGiven(numeric), {
			resource: 'tracking',
			operation: 'logSale',
			sale: '={{ 5001 }}',
			products: '[{"id": 123, "quantity": 1, "price": 10}]',
			visitor: 'v1',
		});
		expect(numbers.error).toBeUndefined();
		expect(argsOf(numeric.requests[0])).toMatchObject({ sale: 5001, products: [{ id: 123, quantity: 1, price: 10 }] });
	});

	test('recommendation inputs keep their type: products, product, category, page, exclude', async () => {
		const calls: Array<[IDataObject, IDataObject]> = [
			[{ operation: 'mostSoldWith', productIds: '123, 0456, SKU-9', options: { exclude: '7' } }, { products: ['123', '0456', 'SKU-9'], exclude: ['7'] }],
			[{ operation: 'bundle', productId: '123' }, { product: '123' }],
			[{ operation: 'categoryPopular', categoryId: '7' }, { category: '7' }],
			[{ operation: 'pageRelatedProducts', pageId: '7' }, { page: '7' }],
		];
		for (const [parameters, expected] of calls) {
			textual.clearRequests();
			const result = await run(textual, asGiven(textual), { resource: 'recommendation', limit: 5, ...parameters });
			expect(result.error).toBeUndefined();
			expect(argsOf(textual.requests[0])).toMatchObject(expected);
		}
		const numbers = await run(numeric, asGiven(numeric), { resource: 'recommendation', operation: 'mostSoldWith', productIds: '={{ [123, 456] }}', limit: 5 });
		expect(numbers.error).toBeUndefined();
		expect(argsOf(numeric.requests[0])).toMatchObject({ products: [123, 456] });
	});

	test('Get and Delete lists keep their type: "123, 0456, SKU-9" stays three texts', async () => {
		const got = await run(textual, asGiven(textual), { resource: 'product', operation: 'get', productIds: '123, 0456, SKU-9' });
		expect(got.error).toBeUndefined();
		expect(argsOf(textual.requests[0])).toEqual({ products: ['123', '0456', 'SKU-9'] });

		textual.store.products.set('123', textProduct('123', ['7']));
		const deleted = await run(textual, asGiven(textual), { resource: 'product', operation: 'delete', productId: '123' });
		expect(deleted.error).toBeUndefined();
		expect(argsOf(textual.requests[1])).toEqual({ products: ['123'] });
		expect(deleted.output[0].json).toEqual({ deleted: true, id: '123' });
		expect(textual.store.products.size).toBe(0);

		const numbers = await run(numeric, asGiven(numeric), { resource: 'product', operation: 'get', productIds: '={{ [123, 456] }}' });
		expect(numbers.error).toBeUndefined();
		expect(argsOf(numeric.requests[0])).toEqual({ products: [123, 456] });
	});

	test('a list mixing numbers and text is refused before sending, naming item and field', async () => {
		const cases: Array<[IDataObject, IDataObject[], string]> = [
			[upsert, [makeProduct(1), makeProduct(2, { categories: [7, '8'] })], "Invalid product in item 1: 'categories' mixes numbers and text"],
			[{ resource: 'product', operation: 'get', productIds: '={{ [123, "SKU-9"] }}' }, [{}], "'productIds' mixes numbers and text"],
			[
				{ resource: 'recommendation', operation: 'mostSoldWith', productIds: '={{ [1, 2] }}', limit: 5, options: { exclude: '={{ [3, "a"] }}' } },
				[{}],
				"'exclude' mixes numbers and text",
			],
			[
				{ resource: 'tracking', operation: 'logSale', sale: '={{ 1 }}', products: '[{"id": 1, "quantity": 1, "price": 1}, {"id": "2", "quantity": 1, "price": 1}]', visitor: 'v1' },
				[{}],
				"'products' mixes numbers and text (products[0].id is a number, products[1].id is text)",
			],
		];
		for (const [parameters, items, message] of cases) {
			numeric.clearRequests();
			const result = await run(numeric, asGiven(numeric), parameters, items);
			expect(result.error?.message).toContain(message);
			expect(result.error?.context?.itemIndex).toBe(items.length - 1);
			expect(numeric.requests).toHaveLength(0);
		}
	});
});

describe('Number', () => {
	const number = () => credentialsFor(numeric, { idType: 'number' });

	test('converts IDs given as text in records, sale lines, recommendation inputs and Get lists', async () => {
		const stored = await run(numeric, number(), upsert, [textProduct('123', ['7', '8'])]);
		expect(stored.error).toBeUndefined();
		expect((argsOf(numeric.requests[0]).products as IDataObject[])[0]).toMatchObject({ id: 123, categories: [7, 8] });
		expect(stored.output[0].json).toMatchObject({ id: 123, categories: [7, 8] });

		const sale = await run(numeric, number(), {
			resource: 'tracking',
			operation: 'logSale',
			sale: '5001',
			products: '[{"id": "12", "quantity": 1, "price": 10}]',
			visitor: 'v1',
		});
		expect(sale.error).toBeUndefined();
		expect(argsOf(numeric.requests[1])).toMatchObject({ sale: 5001, products: [{ id: 12, quantity: 1, price: 10 }] });

		const recommended = await run(numeric, number(), { resource: 'recommendation', operation: 'mostSoldWith', productIds: '12, 13', limit: 5 });
		expect(recommended.error).toBeUndefined();
		expect(argsOf(numeric.requests[2])).toMatchObject({ products: [12, 13] });

		const got = await run(numeric, number(), { resource: 'product', operation: 'get', productIds: '123, 456' });
		expect(got.error).toBeUndefined();
		expect(argsOf(numeric.requests[3])).toEqual({ products: [123, 456] });
	});

	test.each([
		['Map Automatically', upsert, [makeProduct(1), { ...makeProduct(2), id: 'SKU-9' }], "Invalid product in item 1: 'id' must be a whole number ID"],
		['a category ID', upsert, [makeProduct(1, { categories: ['7', 'SKU-9'] })], "Invalid product in item 0: 'categories[1]' must be a whole number ID"],
		['a Get list', { resource: 'product', operation: 'get', productIds: '12, SKU-9' }, [{}], "'productIds[1]' must be a whole number ID"],
		['a Delete', { resource: 'product', operation: 'delete', productId: 'SKU-9' }, [{}], "'productId' must be a whole number ID"],
		['recommendation inputs', { resource: 'recommendation', operation: 'mostSoldWith', productIds: '12, SKU-9', limit: 5 }, [{}], "'productIds[1]' must be a whole number ID"],
		[
			'sale lines',
			{ resource: 'tracking', operation: 'logSale', sale: '1', products: '[{"id": "SKU-9", "quantity": 1, "price": 1}]', visitor: 'v1' },
			[{}],
			"'products[0].id' must be a whole number ID",
		],
	])('refuses "SKU-9" in %s, naming item and field, with nothing sent', async (_where, parameters, items, message) => {
		const result = await run(numeric, number(), parameters, items);
		expect(result.error?.message).toContain(message);
		expect(result.error?.message).toContain('SKU-9');
		expect(result.error?.context?.itemIndex).toBe(items.length - 1);
		expect(numeric.requests).toHaveLength(0);
	});

	test.each(['0456', '1e3', '12.0', '+5', '-0', '9007199254740993'])('refuses %s, which is no plain whole number', async (value) => {
		const result = await run(numeric, number(), { resource: 'product', operation: 'get', productIds: `1, ${value}` });
		expect(result.error?.message).toContain("'productIds[1]' must be a whole number ID");
		expect(numeric.requests).toHaveLength(0);
	});

	test('with Continue on Fail, the item that cannot be converted goes to the error output and the others are sent', async () => {
		const result = await run(numeric, number(), upsert, [makeProduct(1), { ...makeProduct(2), id: 'SKU-9' }, textProduct('3', ['4'])], 'continueErrorOutput');
		expect(result.output.map((item) => [item.pairedItem, item.json.id])).toEqual([
			[{ item: 0 }, 1],
			[{ item: 2 }, 3],
		]);
		expect(result.errorOutput.map((item) => item.pairedItem)).toEqual([{ item: 1 }]);
		expect(result.errorOutput[0].json.error).toContain("Invalid product in item 1: 'id' must be a whole number ID");
		expect(numeric.requests).toHaveLength(1);
		expect([...numeric.store.products.keys()].sort()).toEqual(['1', '3']);
	});
});

describe('Text', () => {
	const text = () => credentialsFor(textual, { idType: 'text' });

	test('sends numeric IDs as text in records, sale lines, recommendation inputs, Get and Delete', async () => {
		const stored = await run(textual, text(), upsert, [makeProduct(123, { categories: [7, 8] })]);
		expect(stored.error).toBeUndefined();
		expect((argsOf(textual.requests[0]).products as IDataObject[])[0]).toMatchObject({ id: '123', categories: ['7', '8'] });

		const sale = await run(textual, text(), {
			resource: 'tracking',
			operation: 'logSale',
			sale: '={{ 5001 }}',
			products: '[{"id": 12, "quantity": 1, "price": 10}]',
			visitor: 'v1',
		});
		expect(sale.error).toBeUndefined();
		expect(argsOf(textual.requests[1])).toMatchObject({ sale: '5001', products: [{ id: '12', quantity: 1, price: 10 }] });

		const recommended = await run(textual, text(), {
			resource: 'recommendation',
			operation: 'mostSoldWith',
			productIds: '={{ [12, 13] }}',
			limit: 5,
			options: { exclude: '={{ 14 }}' },
		});
		expect(recommended.error).toBeUndefined();
		expect(argsOf(textual.requests[2])).toMatchObject({ products: ['12', '13'], exclude: ['14'] });

		const got = await run(textual, text(), { resource: 'product', operation: 'get', productIds: '={{ [123, 456] }}' });
		expect(got.error).toBeUndefined();
		expect(argsOf(textual.requests[3])).toEqual({ products: ['123', '456'] });
		expect(got.output.map((item) => item.json.id)).toEqual(['123']);

		const deleted = await run(textual, text(), { resource: 'product', operation: 'delete', productId: '={{ 123 }}' });
		expect(deleted.error).toBeUndefined();
		expect(argsOf(textual.requests[4])).toEqual({ products: ['123'] });
		expect(textual.store.products.size).toBe(0);
	});

	test('refuses a number that cannot be an ID (a fraction, beyond 2^53) naming item and field', async () => {
		for (const [value, field] of [['={{ 1.5 }}', "'productId'"], ['={{ Math.pow(2, 60) }}', "'productId'"]]) {
			const result = await run(textual, text(), { resource: 'product', operation: 'delete', productId: value });
			expect(result.error?.message).toContain(`${field} must be a whole number between`);
			expect(result.error?.message).toContain('item 0');
		}
		expect(textual.requests).toHaveLength(0);
	});
});

describe('the setting', () => {
	test('the credential offers ID Type: As Given (default), Number, Text', () => {
		const field = new ClerkIoApi().properties.find((property) => property.name === 'idType');
		expect(field).toMatchObject({ displayName: 'ID Type', type: 'options', default: 'asGiven' });
		expect(field?.options?.map((option) => ('value' in option ? option.value : undefined))).toEqual(['asGiven', 'number', 'text']);
	});

	test('an explicit As Given is the same as no value', async () => {
		const result = await run(textual, credentialsFor(textual, { idType: 'asGiven' }), upsert, [textProduct('9', ['1'])]);
		expect(result.error).toBeUndefined();
		expect((argsOf(textual.requests[0]).products as IDataObject[])[0]).toMatchObject({ id: '9', categories: ['1'] });
	});

	test('Clerk-assigned IDs (audiences) stay numbers whatever the store uses', async () => {
		textual.store.audiences.set('5', { id: 5, name: 'Newsletter' });
		const result = await run(textual, credentialsFor(textual, { idType: 'text' }), { resource: 'audience', operation: 'get', audienceIds: '5' });
		expect(result.error).toBeUndefined();
		expect(argsOf(textual.requests[0])).toEqual({ ids: [5] });
	});

	test('conversions, directly', () => {
		expect(convertField('idList', '123, 0456, SKU-9', 'products', 'asGiven')).toEqual(['123', '0456', 'SKU-9']);
		expect(convertField('idList', [1, 2], 'products', 'text')).toEqual(['1', '2']);
		expect(convertField('idList', ' 12 , -3', 'products', 'number')).toEqual([12, -3]);
		expect(convertField('id', ' abc ', 'id', 'asGiven')).toBe('abc');
		expect(convertField('orderLines', [{ id: '7', quantity: 1, price: 1 }], 'products', 'number')).toEqual([{ id: 7, quantity: 1, price: 1 }]);
		expect(convertField('idPins', { pin: ['1'], hide: [2] }, 'products', 'number')).toEqual({ pin: [1], hide: [2] });
		expect(() => convertField('idPins', { pin: [1, 'a'] }, 'products', 'asGiven')).toThrow("'products.pin' mixes numbers and text");
		expect(() => convertField('id', 2 ** 53, 'id', 'asGiven')).toThrow('must be a whole number between');
		expect(convertField('clerkId', '5', 'id', 'text')).toBe(5);
	});
});
