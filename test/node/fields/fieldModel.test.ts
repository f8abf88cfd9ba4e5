/**
 * One field model: a kind converts the same way, with the same error, in a catalogue record, a read
 * argument and a single call. A boolean given "maybe" is refused everywhere, naming item and field,
 * before anything is sent.
 */
import { toClerkRecord } from '../../../nodes/ClerkIo/actions/catalog/record';
import { product } from '../../../nodes/ClerkIo/actions/catalog/entities';
import { FieldError } from '../../../nodes/ClerkIo/actions/fields';
import { useSandbox } from '../../helpers/calls';

const ctx = useSandbox();
const MAYBE = `must be true or false, got "maybe"`;

test.each([
	['a catalogue record (Product › Create or Update)', { resource: 'product', operation: 'upsert', dataMode: 'autoMapInputData' }, { id: 1, name: 'x', on_sale: 'maybe' }, 'product', 'on_sale'],
	['a read argument (Search › Longtail)', { resource: 'search', operation: 'search', query: 'wool', options: { longtail: '={{ $json.flag }}' } }, { flag: 'maybe' }, 'Search Products input', 'longtail'],
	['a single call (Tracking › Log Click › External)', { resource: 'tracking', operation: 'logClick', product: '1', visitor: 'v1', additionalFields: { external: '={{ $json.flag }}' } }, { flag: 'maybe' }, 'Log Click input', 'external'],
])('%s: a boolean "maybe" is refused with the one error format', async (_case, parameters, item, subject, field) => {
	const result = await ctx.run(parameters, [{ id: 0, name: 'ok', flag: true }, item]);

	expect(result.error?.message).toBe(`Invalid ${subject} in item 1: '${field}' ${MAYBE}`);
	expect(result.error?.description).toBe(`Field '${field}' of item 1. Nothing was sent to Clerk.io for this item.`);
	expect(JSON.stringify(ctx.sandbox.requests.map((request) => request.body ?? request.query))).not.toContain('maybe');
});

describe('toClerkRecord: a record checked and converted as Create or Update does', () => {
	test('converts the known fields and keeps the input untouched', () => {
		const input = { id: '7', name: 'Lamp', price: '12.5', on_sale: 'true', categories: '1, 2' };
		expect(toClerkRecord(product, input)).toEqual({ id: '7', name: 'Lamp', price: 12.5, on_sale: true, categories: ['1', '2'] });
		expect(input.price).toBe('12.5');
	});

	test('a record that needs no change is the same object (a large feed is not copied)', () => {
		const input = { id: 7, name: 'Lamp', price: 12.5 };
		expect(toClerkRecord(product, input)).toBe(input);
	});

	test('refuses what Create or Update refuses, naming the field', () => {
		expect(() => toClerkRecord(product, { name: 'no id' })).toThrow(FieldError);
		expect(() => toClerkRecord(product, { id: 1, on_sale: 'maybe' })).toThrow(`'on_sale' ${MAYBE}`);
		expect(() => toClerkRecord(product, { id: 1, 'bad name': 1 })).toThrow(/Attribute name 'bad name'/);
		// Update merges, so it may leave out what Create or Update requires; Create must leave out the ID.
		expect(() => toClerkRecord(product, { id: 1 }, 'update')).not.toThrow();
		expect(() => toClerkRecord(product, { id: 1 }, 'create')).toThrow(/Clerk\.io assigns it/);
	});
});
