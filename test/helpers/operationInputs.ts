/**
 * Node parameters and input items that make any operation send its request: only the required
 * fields, or every field and option the operation shows. Used by the suites that run every
 * operation (coverage, contract).
 */
import type { IDataObject, INodeProperties } from 'n8n-workflow';

import { properties } from '../../nodes/ClerkIo/actions/descriptions';
import { resources } from '../../nodes/ClerkIo/actions/resources';
import type { InputFile } from './engine';
import { makeProduct } from './sandbox';

/** Every operation that calls Clerk.io (Feed › Respond With Page answers a feed request instead: test/feed). */
export const operationKeys = resources.flatMap((resource) =>
	resource.operations
		.filter(({ operation }) => operation.mode !== 'node')
		.map(({ option }) => `${resource.value}:${option.value as string}`),
);

const JWT = 'eyJhbGciOiJub25lIn0.eyJzdG9yZSI6InNhbmRib3gifQ.c2ln';

/** Values by parameter name, where the name says more than the type. */
const BY_NAME: Record<string, unknown> = {
	binaryPropertyName: 'data',
	token: JWT,
	query: 'wool',
	queries: 'wool',
	keywords: 'wool',
	url: 'https://shop.example.com/old',
	urls: 'https://shop.example.com/old',
	visitor: 'v1',
	language: 'english',
	filter: 'price > 1',
	labels: 'Contract Test',
	sort: 'price:desc',
	pageType: 'blog',
	orderBy: 'price',
	order: 'desc',
	output: 'items',
	content: 'search-page',
	categoryAttributes: 'name',
	attributes: ['name', 'price'],
	facets: ['brand'],
	metadata: '{"workflow": "contract"}',
	rules: '[{"action": "pin", "products": [1]}]',
	triggers: '[{"type": "searches_all"}]',
	semantic: 0.5,
};

/** A plausible value for a parameter, by its name and type. */
export function sampleValue(property: INodeProperties): unknown {
	// Order lines, or a search rule's {pin, hide}.
	if (property.name === 'products' && property.type === 'json') {
		return property.default === '{}' ? '{"pin": [1], "hide": []}' : '[{"id": 1, "quantity": 1, "price": 10}]';
	}
	if (property.name in BY_NAME && property.type !== 'number') return BY_NAME[property.name];
	if (/email/i.test(property.name)) return 'ann@example.com';
	switch (property.type) {
		case 'number':
			return typeof BY_NAME[property.name] === 'number' ? BY_NAME[property.name] : 1;
		case 'boolean':
			return true;
		case 'dateTime':
			return '2024-01-01T00:00:00Z';
		case 'json':
			return property.default === '[]' ? '[]' : '{}';
		case 'options':
			return property.options?.length ? (property.options[0] as { value: unknown }).value : '';
		case 'multiOptions':
			return [];
		default:
			return '1';
	}
}

/** Input item for "Map Automatically": one record that fits every resource well enough to be sent. */
export const sampleItem: IDataObject = {
	...makeProduct(1),
	query: 'wool',
	synonyms: ['scarf'],
	queries: ['wool'],
	product: 1,
	accessories: [2],
	email: 'ann@example.com',
	customer: 1,
	products: [{ id: 1, quantity: 1, price: 10 }],
	time: 1700000000,
	order_id: 1,
};

/** Search rules use products/categories as {pin, hide}, unlike every other record. */
export const searchRuleItem: IDataObject = { query: 'wool', products: { pin: [1], hide: [] } };

// Node settings, not Clerk arguments; custom attributes are covered by Attributes (JSON).
const NOT_CLERK_ARGUMENTS = new Set(['requestOptions', 'customAttributes']);

function shownWith(property: INodeProperties, parameters: IDataObject): boolean {
	const show = property.displayOptions?.show ?? {};
	return Object.entries(show).every(([name, values]) => {
		const value = parameters[name] ?? (name === 'returnAll' ? false : undefined);
		return (values as unknown[]).includes(value);
	});
}

/**
 * The parameters of one operation. `everything`: Define Below with every field, every option of
 * every collection, and no Return All; otherwise only the required fields and Map Automatically.
 */
export function parametersFor(resource: string, operation: string, everything = false): IDataObject {
	const parameters: IDataObject = { resource, operation, dataMode: everything ? 'defineBelow' : 'autoMapInputData' };
	for (const property of properties) {
		if (['resource', 'operation', 'dataMode', 'returnAll'].includes(property.name)) continue;
		if (NOT_CLERK_ARGUMENTS.has(property.name) || !shownWith(property, parameters)) continue;
		if (property.type === 'collection') {
			if (!everything) continue;
			parameters[property.name] = Object.fromEntries(
				(property.options as INodeProperties[]).map((option) => [option.name, sampleValue(option)]),
			);
		} else if (everything || property.required) {
			parameters[property.name] = sampleValue(property) as IDataObject[string];
		}
	}
	if (resource === 'privacy' && !everything) parameters.email = 'ann@example.com';
	return parameters;
}

/** The input item an operation is run with. */
export function itemFor(resource: string, operation: string): IDataObject {
	const item = resource === 'searchRule' ? searchRuleItem : sampleItem;
	if (operation !== 'create') return item;
	// Clerk assigns the IDs of records made by Create.
	const { id: _id, ...withoutId } = item;
	return withoutId;
}

/**
 * The input files of an operation that reads one (Import From File): one NDJSON line holding the
 * record Create or Update is run with. Undefined for every other operation.
 */
export function filesFor(resource: string, operation: string): InputFile[] | undefined {
	if (operation !== 'importFromFile') return undefined;
	return [{ fileName: `${resource}.ndjson`, content: `${JSON.stringify(itemFor(resource, 'upsert'))}\n` }];
}
