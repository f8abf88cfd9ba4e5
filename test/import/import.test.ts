/**
 * Import From File through n8n-core's WorkflowExecute: a file of records as n8n binary data, in
 * both binary data modes (in the item, and on disk read as a stream), into the sandbox over HTTP.
 */
import { Container } from '@n8n/di';
import { BinaryDataService } from 'n8n-core';
import type { IDataObject, INodeExecutionData } from 'n8n-workflow';

import { runClerkNode, type InputFile } from '../helpers/engine';
import { ndjson, useBinaryDataMode, type BinaryDataMode } from '../helpers/files';
import { credentialsFor, makeProduct, startSandbox, type Sandbox } from '../helpers/sandbox';

let sandbox: Sandbox;
beforeAll(async () => {
	sandbox = await startSandbox();
});
afterAll(async () => await sandbox.close());
beforeEach(() => sandbox.reset());

const importParameters = (resource = 'product', importOptions: IDataObject = {}, requestOptions: IDataObject = {}) => ({
	resource,
	operation: 'importFromFile',
	binaryPropertyName: 'data',
	importOptions,
	requestOptions,
});
const run = async (files: InputFile[], parameters: IDataObject = importParameters(), onError?: 'continueErrorOutput' | 'continueRegularOutput') =>
	await runClerkNode({ parameters, files, credentials: credentialsFor(sandbox), onError });
const products = (count: number, first = 1) => Array.from({ length: count }, (_, index) => makeProduct(first + index));
const writes = () => sandbox.requests.filter((request) => request.method === 'POST' && request.endpoint === 'products');
const summaryOf = (output: INodeExecutionData[], index = 0) => output[index].json;

describe.each<BinaryDataMode>(['default', 'filesystem'])('binary data mode %s', (mode) => {
	beforeAll(async () => {
		await useBinaryDataMode(mode);
	});

	test('1,234 products in batches of 500: 3 calls, every product stored as Create or Update stores it', async () => {
		const input = products(1234);
		const streamed = jest.spyOn(Container.get(BinaryDataService), 'getAsStream');
		const result = await run([{ fileName: 'feed.ndjson', content: ndjson(input) }]);

		// On disk the file is read as a stream; in the item it is decoded piece by piece.
		expect(streamed).toHaveBeenCalledTimes(mode === 'filesystem' ? 1 : 0);
		streamed.mockRestore();

		expect(result.error).toBeUndefined();
		expect(result.output).toHaveLength(1);
		expect(result.output[0].pairedItem).toEqual({ item: 0 });
		expect(summaryOf(result.output)).toMatchObject({
			fileName: 'feed.ndjson',
			format: 'NDJSON',
			recordsRead: 1234,
			recordsSent: 1234,
			recordsStored: 1234,
			recordsRejected: 0,
			rejected: [],
			calls: 3,
		});
		expect(writes().map((request) => (request.body?.products as unknown[]).length)).toEqual([500, 500, 234]);
		expect(sandbox.store.products.size).toBe(1234);
		expect(sandbox.store.products.get('77')).toEqual(input[76]);
	});

	test('blank lines, a BOM and Windows line ends are read; line numbers count every line', async () => {
		const lines = products(3).map((record) => JSON.stringify(record));
		const content = `\uFEFF${lines[0]}\r\n\r\n   \r\n${lines[1]}\r\n${JSON.stringify({ id: 'x', price: 'cheap' })}\r\n\r\n${lines[2]}\r\n`;
		sandbox.setIdType(null);
		const result = await run([{ fileName: 'windows.ndjson', content }]);

		expect(summaryOf(result.output)).toMatchObject({ recordsRead: 4, recordsStored: 3, recordsRejected: 1, calls: 1 });
		expect(summaryOf(result.output).rejected).toEqual([
			{ line: 5, id: 'x', field: 'price', message: expect.stringMatching(/^Invalid product: 'price'/) },
		]);
		expect([...sandbox.store.products.keys()].sort()).toEqual(['1', '2', '3']);
	});

	test('an invalid JSON line and a truncated last line are rejected with their line; the rest is stored', async () => {
		const lines = products(4).map((record) => JSON.stringify(record));
		const content = `${lines[0]}\n{"id": 2, "name": \n${lines[2]}\n${lines[3]}\n${lines[3].slice(0, 40)}`;
		const result = await run([{ fileName: 'cut.ndjson', content }]);

		const summary = summaryOf(result.output);
		expect(summary).toMatchObject({ recordsRead: 5, recordsStored: 3, recordsRejected: 2 });
		expect(summary.rejected).toEqual([
			{ line: 2, message: expect.stringMatching(/^Not a product: not valid JSON/) },
			{ line: 5, message: expect.stringMatching(/not valid JSON.*the last line has no line end: the file may be truncated/) },
		]);
		expect(sandbox.store.products.size).toBe(3);
	});

	test('a last line without a line end that is complete is a record', async () => {
		const content = ndjson(products(2)).trimEnd();
		const result = await run([{ fileName: 'no-end.ndjson', content }]);

		expect(summaryOf(result.output)).toMatchObject({ recordsRead: 2, recordsStored: 2, recordsRejected: 0 });
	});

	test('a record over Max Record Size is rejected without stopping the file', async () => {
		const big = makeProduct(2, { description: 'x'.repeat(5000) });
		const content = ndjson([makeProduct(1), big, makeProduct(3)]);
		const result = await run([{ fileName: 'big.ndjson', content }], importParameters('product', { maxRecordSize: 4 }));

		const summary = summaryOf(result.output);
		expect(summary).toMatchObject({ recordsRead: 3, recordsStored: 2, recordsRejected: 1 });
		expect(summary.rejected).toEqual([{ line: 2, message: expect.stringMatching(/^Not a product: the line is 6 KB, more than Max Record Size \(4 KB\)/) }]);
	});

	test('a record too large for Clerk.io on its own (HTTP 413) is rejected; the others are stored', async () => {
		sandbox.setSwitches({ maxBodySize: 20_000 });
		const input = [...products(30), makeProduct(31, { description: 'y'.repeat(30_000) })];
		const result = await run([{ fileName: 'f.ndjson', content: ndjson(input) }]);

		const summary = summaryOf(result.output);
		expect(summary).toMatchObject({ recordsRead: 31, recordsStored: 30, recordsRejected: 1 });
		expect(summary.rejected).toEqual([{ line: 31, id: 31, message: expect.stringMatching(/too large for Clerk\.io on its own \(HTTP 413\)/) }]);
		expect(sandbox.store.products.size).toBe(30);
	});

	test('a file of 0 records: a summary with 0 read and no call', async () => {
		for (const content of ['', '\n\n', '\uFEFF\r\n']) {
			sandbox.clearRequests();
			const result = await run([{ fileName: 'empty.ndjson', content }]);
			expect(summaryOf(result.output)).toMatchObject({ recordsRead: 0, recordsSent: 0, recordsStored: 0, calls: 0 });
			expect(sandbox.requests).toHaveLength(0);
		}
	});

	test('a JSON array is read whole; a non-object element is rejected with its position', async () => {
		const content = JSON.stringify([...products(3), 42]);
		const result = await run([{ fileName: 'feed.json', content, mimeType: 'application/json' }]);

		expect(summaryOf(result.output)).toMatchObject({ format: 'JSON array', recordsRead: 4, recordsStored: 3, recordsRejected: 1 });
		expect(summaryOf(result.output).rejected).toEqual([{ element: 4, message: 'Not a product: a record must be a JSON object, got a number' }]);
	});

	test('Clerk refuses one record of a batch: halved until it stands alone; its line, ID and Clerk message are listed', async () => {
		sandbox.setSwitches({ terseErrors: true });
		const input = products(10).map((product, index) => (index === 6 ? { ...product, name: undefined } : product));
		const result = await run([{ fileName: 'f.ndjson', content: ndjson(input) }], importParameters('product', { rejectedBinaryField: 'rejected' }));

		const summary = summaryOf(result.output);
		expect(summary).toMatchObject({ recordsRead: 10, recordsStored: 9, recordsRejected: 1 });
		expect(summary.rejected).toEqual([{ line: 7, id: 7, message: 'Clerk.io ParsingError: Invalid Syntax In Argument: products' }]);
		const rejectedFile = result.output[0].binary?.rejected;
		expect(rejectedFile).toMatchObject({ fileName: 'f-rejected.ndjson', mimeType: 'application/x-ndjson' });
	});

	test('Rejections Listed caps the list, not the count', async () => {
		const content = `${'not json\n'.repeat(5)}${ndjson(products(1))}`;
		const result = await run([{ fileName: 'f.ndjson', content }], importParameters('product', { rejectionsListed: 2 }));

		expect(summaryOf(result.output)).toMatchObject({ recordsRead: 6, recordsRejected: 5, rejectedNotListed: 3 });
		expect(summaryOf(result.output).rejected).toHaveLength(2);
	});

	test('customers with an older-style id and an order file: checked and converted like Create or Update', async () => {
		const customers = [{ id: 9201, name: 'Ann', email: 'ann@example.com' }];
		const result = await run([{ fileName: 'c.ndjson', content: ndjson(customers) }], importParameters('customer'));
		expect(summaryOf(result.output)).toMatchObject({ recordsStored: 1 });
		expect(sandbox.requests.at(-1)?.body?.customers).toEqual([{ customerid: 9201, name: 'Ann', email: 'ann@example.com' }]);

		const orders = [{ id: 1, products: [{ id: 1, quantity: 1, price: 10 }], time: '2024-01-02T03:04:05Z', customer: 5, email: 'a@b.c' }, { id: 2, customer: 5, time: 1 }];
		const ordersResult = await run([{ fileName: 'o.ndjson', content: ndjson(orders) }], importParameters('order'));
		expect(summaryOf(ordersResult.output)).toMatchObject({ recordsStored: 1, recordsRejected: 1 });
		expect(sandbox.store.orders.get('1')).toMatchObject({ time: 1704164645 });
		expect(summaryOf(ordersResult.output).rejected).toEqual([{ line: 2, id: 2, field: 'products', message: expect.stringMatching(/^Invalid order: 'products' is missing/) }]);
	});

	test('two files: one summary each, paired; a file without binary data fails that item under Continue on Fail', async () => {
		const result = await run(
			[
				{ fileName: 'a.ndjson', content: ndjson(products(3)) },
				{ fileName: 'missing', content: undefined },
				{ fileName: 'b.ndjson', content: ndjson(products(2, 10)) },
			],
			importParameters(),
			'continueErrorOutput',
		);

		expect(result.output.map((item) => [item.pairedItem, item.json.recordsStored])).toEqual([
			[{ item: 0 }, 3],
			[{ item: 2 }, 2],
		]);
		expect(result.errorOutput).toHaveLength(1);
		expect(result.errorOutput[0].pairedItem).toEqual({ item: 1 });
		expect(result.errorOutput[0].json).toMatchObject({ error: expect.stringMatching(/data/), message: expect.any(String) });
	});

	test('without Continue on Fail a file that cannot be read stops the node, naming the item', async () => {
		const result = await run([{ fileName: 'x', content: '[1, 2' }]);

		expect(result.error?.message).toMatch(/^Cannot import the file of item 0: The file starts like a JSON array but is not valid JSON/);
		expect(sandbox.requests).toHaveLength(0);
	});

	test('a store-wide error stops the file with how far it got', async () => {
		sandbox.setSwitches({ storeError: { type: 'LogicalError', message: 'Store is disabled' } });
		const result = await run([{ fileName: 'f.ndjson', content: ndjson(products(20)) }], importParameters(), 'continueErrorOutput');

		expect(result.output).toHaveLength(0);
		expect(result.errorOutput[0].json.error).toBe(
			'Clerk.io LogicalError: Store is disabled. Clerk.io had confirmed 0 of the 20 products read from the file before the import stopped',
		);
	});
});

test('a JSON array over the size limit is refused with a clear error, nothing sent', async () => {
	await useBinaryDataMode('filesystem');
	const { MAX_JSON_ARRAY_BYTES } = await import('../../nodes/ClerkIo/actions/catalog/fileRecords');
	const record = JSON.stringify(makeProduct(1));
	const count = Math.ceil(MAX_JSON_ARRAY_BYTES / record.length) + 10;
	const content = `[${Array.from({ length: count }, () => record).join(',')}]`;
	const result = await run([{ fileName: 'huge.json', content }], importParameters(), 'continueErrorOutput');

	expect(result.errorOutput[0].json.error).toMatch(/a JSON array is read whole and may be at most 50\.0 MB\. Convert it to NDJSON/);
	expect(sandbox.requests).toHaveLength(0);
});
