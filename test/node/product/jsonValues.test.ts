/**
 * Free-form values must reach Clerk as given: JSON turns NaN, ±Infinity and undefined list entries
 * into null, so such values are refused (naming item and attribute) instead of being sent changed;
 * and an attribute named '__proto__' stays an attribute.
 */
import { convertField, normaliseRecord } from '../../../nodes/ClerkIo/actions/fields';
import { runClerkNode } from '../../helpers/engine';
import { credentialsFor, startSandbox, type Sandbox } from '../../helpers/sandbox';

let sandbox: Sandbox;
beforeAll(async () => {
	// The store's IDs are numbers, as the fixtures'; an ID of the other type is refused.
	sandbox = await startSandbox({ idType: 'number' });
});
afterAll(async () => await sandbox.close());
beforeEach(() => sandbox.reset());

test.each([
	['={{ NaN }}', "'extra' must be a finite number, got number NaN"],
	['={{ -Infinity }}', "'extra' must be a finite number, got number -Infinity"],
	['={{ [1, NaN] }}', "'extra[1]' must be a finite number, got number NaN"],
	['={{ [1, undefined] }}', "'extra[1]' cannot be sent as JSON, got undefined"],
	['={{ { "a": { "b": Infinity } } }}', "'extra.a.b' must be a finite number, got number Infinity"],
])('a custom attribute %s is refused before sending, naming item and attribute', async (value, message) => {
	const result = await runClerkNode({
		parameters: {
			resource: 'product',
			operation: 'upsert',
			dataMode: 'defineBelow',
			productId: '={{ $json.id }}',
			customAttributes: { attribute: [{ name: 'extra', value }] },
		},
		items: [{ id: 1 }, { id: 2 }],
		credentials: credentialsFor(sandbox),
		onError: 'continueErrorOutput',
	});

	expect(sandbox.requests).toHaveLength(0);
	expect(result.errorOutput.map((item) => [item.pairedItem, item.json.error])).toEqual([
		[{ item: 0 }, `Invalid product in item 0: ${message}`],
		[{ item: 1 }, `Invalid product in item 1: ${message}`],
	]);
});

test('nested undefined object entries are dropped by JSON anyway and stay accepted', () => {
	expect(normaliseRecord({ id: 1, extra: { a: 1, b: undefined } }, [])).toEqual({ id: 1, extra: { a: 1, b: undefined } });
});

test("an attribute named '__proto__' is kept as an attribute, not taken as the record's prototype", () => {
	const clean = normaliseRecord(JSON.parse('{"id": 1, "__proto__": {"id": 9, "a": 1}}'), []);
	expect(Object.getPrototypeOf(clean)).toBe(Object.prototype);
	expect(JSON.parse(JSON.stringify(clean))).toEqual(JSON.parse('{"id": 1, "__proto__": {"id": 9, "a": 1}}'));
	expect((clean as { a?: unknown }).a).toBeUndefined();
});

test("JSON object and list fields refuse values JSON would change", () => {
	expect(() => convertField('object', { a: [NaN] }, 'metadata')).toThrow("'metadata.a[0]' must be a finite number");
	expect(() => convertField('list', [{ x: 1 }, undefined], 'rules')).toThrow("'rules[1]' cannot be sent as JSON");
	expect(convertField('object', { a: [1, 'b', null] }, 'metadata')).toEqual({ a: [1, 'b', null] });
});
