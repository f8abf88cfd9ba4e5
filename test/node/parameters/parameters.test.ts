/**
 * readParametersCheaply must give exactly what n8n's getNodeParameter gives. A probe node run by
 * n8n-core's WorkflowExecute reads the same parameters both ways, per item: first through n8n,
 * then through the cheap reads; fast-check makes up the items and the mapped paths.
 */
import fc from 'fast-check';
import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeType, INodeTypeDescription } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { jsonPathOf, readParametersCheaply } from '../../../nodes/ClerkIo/helpers/parameters';
import { runClerkNode } from '../../helpers/engine';

const credentials = { publicKey: 'pub', privateKey: 'priv', baseUrl: 'http://127.0.0.1:9' };
const NAMES = ['value', 'other', 'options.inner'];

/** Reads every parameter for every item through n8n, then through the cheap reads. */
class Probe implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Probe',
		name: 'probe',
		group: ['transform'],
		version: 1,
		description: 'Reads its parameters both ways',
		defaults: { name: 'Probe' },
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		properties: [
			{ displayName: 'Value', name: 'value', type: 'string', default: '' },
			{ displayName: 'Other', name: 'other', type: 'number', default: 0 },
			{
				displayName: 'Options',
				name: 'options',
				type: 'collection',
				default: {},
				options: [{ displayName: 'Inner', name: 'inner', type: 'string', default: '' }],
			},
		],
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const items = this.getInputData();
		const readAll = () =>
			items.map((_, itemIndex) => {
				const values: IDataObject = {};
				for (const name of NAMES) {
					try {
						values[name] = { value: this.getNodeParameter(name, itemIndex, 'fallback') as IDataObject[string] };
					} catch (error) {
						values[name] = { error: (error as Error).message };
					}
				}
				return values;
			});
		const byN8n = readAll();
		readParametersCheaply(this);
		const cheaply = readAll();
		return [items.map((_, itemIndex) => ({ json: { byN8n: byN8n[itemIndex], cheaply: cheaply[itemIndex] }, pairedItem: { item: itemIndex } }))];
	}
}

async function bothWays(parameters: IDataObject, items: IDataObject[]) {
	const result = await runClerkNode({ parameters, items, credentials, nodeType: new Probe() });
	expect(result.error).toBeUndefined();
	return result.output.map((item) => item.json as { byN8n: IDataObject; cheaply: IDataObject });
}

describe('jsonPathOf: only what mapping a field writes', () => {
	test.each([
		['={{ $json.query }}', ['query']],
		['={{$json.a.b}}', ['a', 'b']],
		['={{ $json["a name"] }}', ['a name']],
		["={{ $json['x'].y_1 }}", ['x', 'y_1']],
		['={{ $json.$v }}', ['$v']],
	])('%s → %j', (raw, keys) => {
		expect(jsonPathOf(raw)).toEqual(keys);
	});

	test.each([
		'={{ ($json.query) }}',
		'={{ $json.query }} ',
		'=a {{ $json.query }}',
		'={{ $json.query.toUpperCase() }}',
		'={{ $json[0] }}',
		'={{ $json["a\\"b"] }}',
		'={{ $json }}',
		'={{ $json.a }}{{ $json.b }}',
		'{{ $json.query }}',
		'={{ $input.item.json.query }}',
	])('%s is left to n8n', (raw) => {
		expect(jsonPathOf(raw)).toBeUndefined();
	});
});

describe('readParametersCheaply gives what getNodeParameter gives (n8n-core WorkflowExecute)', () => {
	const values = fc.oneof(
		fc.string(),
		fc.fullUnicodeString(),
		fc.constantFrom('', ' ', '=x', '{{ 1 + 1 }}', '0', 'true', 'null', '\n'),
		fc.integer(),
		fc.double({ noNaN: true }),
		fc.boolean(),
		fc.constant(null),
		fc.array(fc.integer(), { maxLength: 3 }),
		fc.dictionary(fc.constantFrom('a', 'b'), fc.string(), { maxKeys: 2 }),
	);
	const key = fc.constantFrom('query', 'a name', 'b', 'constructor', 'toString', '__proto__', 'x');

	test('mapped fields, nested paths, missing keys, inherited names and any value', async () => {
		await fc.assert(
			fc.asyncProperty(
				fc.array(fc.dictionary(key, fc.oneof(values, fc.dictionary(key, values, { maxKeys: 2 })), { maxKeys: 4 }), { minLength: 1, maxLength: 6 }),
				fc.constantFrom('$json.query', '$json["a name"]', '$json.b.query', "$json['x']", '$json.constructor', '$json.toString', '$json.b.a'),
				async (items, path) => {
					const parameters = { value: `={{ ${path} }}`, other: 5, options: { inner: `={{ ${path} }}` } };
					for (const { byN8n, cheaply } of await bothWays(parameters, items)) expect(cheaply).toEqual(byN8n);
				},
			),
			{ numRuns: 60 },
		);
	});

	test('a parameter without an expression is read once and every item gets its own copy', async () => {
		const output = await bothWays({ value: 'fixed', other: 7, options: { inner: 'text' } }, [{}, {}]);
		for (const { byN8n, cheaply } of output) expect(cheaply).toEqual(byN8n);
		expect(output[0].cheaply).toEqual({ value: { value: 'fixed' }, other: { value: 7 }, 'options.inner': { value: 'text' } });
	});

	test('other expressions still go through n8n, per item', async () => {
		const output = await bothWays({ value: '={{ $json.query.toUpperCase() }}', other: '={{ $itemIndex * 2 }}', options: {} }, [{ query: 'a' }, { query: 'b' }]);
		for (const { byN8n, cheaply } of output) expect(cheaply).toEqual(byN8n);
		expect(output.map(({ cheaply }) => cheaply.value)).toEqual([{ value: 'A' }, { value: 'B' }]);
		expect(output.map(({ cheaply }) => cheaply.other)).toEqual([{ value: 0 }, { value: 2 }]);
	});
});
