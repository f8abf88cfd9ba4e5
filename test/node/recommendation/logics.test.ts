/**
 * One test per recommendation logic. The expectations come from Clerk's reference (reference.json,
 * our digest of the published OpenAPI) and the one recorded plugin-only deviation, never from the
 * table the operations are generated from (`logics.ts`): a wrong row there fails here.
 */
import type { IDataObject, INodeParameters, INodeProperties, INodePropertyOptions } from 'n8n-workflow';

import { ClerkIo } from '../../../nodes/ClerkIo/ClerkIo.node';
import { argsOf, pairedJson, useSandbox } from '../../helpers/calls';
import { expectPublicRead, seedShop } from '../../helpers/reads';

const contract = require('../../contract/contract') as {
	operations: Array<{ method: string; path: string; required: string[]; optional: string[]; sampleUrl?: Record<string, string> }>;
	DEVIATIONS: Array<{ call: string; kind: string; required?: string[]; optional?: string[] }>;
};

const shop = useSandbox();
beforeEach(() => seedShop(shop.sandbox));

interface Expected {
	endpoint: string;
	method: 'GET' | 'POST';
	/** Arguments besides `key` and `limit` Clerk requires. */
	required: string[];
	/** Arguments Clerk takes optionally. */
	optional: string[];
}

const PREFIX = 'recommendations/';

/**
 * The reference's GET operations. A page's POST curl sample to the same URL makes the node send POST;
 * a POST sample to another endpoint (keywords, popular_subcategories) or none (recently_bought) keeps GET.
 */
const documentedLogics: Expected[] = contract.operations
	.filter((operation) => operation.method === 'GET' && operation.path.startsWith(PREFIX))
	.map((operation) => ({
		endpoint: operation.path.slice(PREFIX.length),
		method: operation.sampleUrl?.POST?.endsWith(`/v2/${operation.path}`) ? 'POST' : 'GET',
		required: operation.required.filter((name) => name !== 'key' && name !== 'limit'),
		optional: operation.optional,
	}));

/** Logics Clerk's shop plugins call outside the reference (recorded in contract.js with their source). */
const pluginLogics: Expected[] = contract.DEVIATIONS.filter(
	(deviation) => deviation.kind === 'pluginOnly' && deviation.call.startsWith(`GET ${PREFIX}`),
).map((deviation) => ({
	endpoint: deviation.call.slice(`GET ${PREFIX}`.length),
	method: 'GET',
	required: (deviation.required ?? []).filter((name) => name !== 'key' && name !== 'limit'),
	optional: deviation.optional ?? [],
}));

/** Node parameter per Clerk argument. */
const NODE_NAME: Record<string, string> = {
	products: 'productIds',
	product: 'productId',
	category: 'categoryId',
	page: 'pageId',
	keywords: 'keywords',
	visitor: 'visitor',
	email: 'email',
	customer: 'customerId',
	type: 'pageType',
	filter: 'filter',
	exclude: 'exclude',
	facets: 'facets',
	orderby: 'orderBy',
	order: 'order',
};

/**
 * What `attributes` selects: product attributes, unless the logic returns pages or categories
 * (the reference's response examples: page/product|category|substituting answer `pages`,
 * page/related_categories answers `categories`).
 */
const ATTRIBUTES: Record<string, string> = {
	'page/product': 'pageAttributes',
	'page/category': 'pageAttributes',
	'page/substituting': 'pageAttributes',
	'page/related_categories': 'categoryAttributes',
};

/** Arguments that are no option of their own: `labels` is a main field, `offset` is Return All's paging. */
const NOT_OPTIONS = new Set(['key', 'limit', 'labels', 'offset', 'callback', 'debug']);

/** Node value and the argument Clerk should receive, per required argument (the store has numeric IDs). */
const SAMPLES: Record<string, [string, string | number | number[]]> = {
	products: ['3', [3]],
	product: ['3', 3],
	category: ['1', 1],
	keywords: ['running', 'running'],
	visitor: ['v1', 'v1'],
	email: ['ann@example.com', 'ann@example.com'],
	page: ['1', 1],
};

const operationValue = (endpoint: string) => endpoint.replace(/[/_](\w)/g, (_, letter: string) => letter.toUpperCase());

const properties = new ClerkIo().description.properties;
const operationProperty = properties.find(
	(property) => property.name === 'operation' && property.displayOptions?.show?.resource?.includes('recommendation'),
);
const operationOptions = (operationProperty?.options ?? []) as INodePropertyOptions[];
const shownFor = (operation: string) =>
	properties.filter((property) => {
		const show = property.displayOptions?.show;
		return show?.resource?.includes('recommendation') && show.operation?.includes(operation);
	});

test('the reference documents 25 logics; the node offers them and the plugin-only category/complementary', () => {
	expect(documentedLogics).toHaveLength(25);
	expect(pluginLogics.map((logic) => logic.endpoint)).toEqual(['category/complementary']);
	expect(operationOptions.map((option) => option.value).sort()).toEqual(
		[...documentedLogics, ...pluginLogics].map((logic) => operationValue(logic.endpoint)).sort(),
	);
	// The reference describes bundle as replaced by complementary; the plugin-only logic is flagged too.
	const nameOf = (endpoint: string) => operationOptions.find((option) => option.value === operationValue(endpoint))?.name;
	expect(nameOf('bundle')).toMatch(/Deprecated/);
	expect(nameOf('category/complementary')).toMatch(/Undocumented/);
	expect(operationOptions.filter((option) => /Deprecated|Undocumented/.test(option.name))).toHaveLength(2);
});

describe.each([...documentedLogics, ...pluginLogics].map((logic) => [logic.endpoint, logic] as const))(
	'recommendations/%s',
	(endpoint, logic) => {
		const operation = operationValue(endpoint);
		const takes = (name: string) => logic.required.includes(name) || logic.optional.includes(name);

		test('shows exactly the parameters the reference lists', () => {
			const shown = shownFor(operation);
			const required = shown.filter((property) => property.required).map((property) => property.name);
			expect(required.sort()).toEqual(logic.required.map((name) => NODE_NAME[name]).sort());
			expect(shown.some((property) => property.name === 'labels')).toBe(takes('labels'));
			const options = shown.find((property) => property.name === 'options')?.options as INodeProperties[];
			const expectedOptions = logic.optional
				.filter((name) => !NOT_OPTIONS.has(name))
				.map((name) => (name === 'attributes' ? (ATTRIBUTES[endpoint] ?? 'attributes') : NODE_NAME[name]));
			expect(options.map((option) => option.name).sort()).toEqual([...expectedOptions, 'output'].sort());
			expect(shown.some((property) => property.name === 'returnAll')).toBe(takes('offset'));
		});

		test('sends its arguments with the public key only and outputs one paired item per result', async () => {
			const parameters: INodeParameters = { resource: 'recommendation', operation, limit: 5 };
			const expected: IDataObject = { limit: 5 };
			for (const name of logic.required) {
				const [value, sent] = SAMPLES[name];
				parameters[NODE_NAME[name]] = value;
				expected[name] = sent;
			}
			if (takes('offset')) expected.offset = 0;
			// Every labelled logic carries a default label naming its operation, for Clerk's sales attribution.
			if (takes('labels')) {
				expected.labels = [`n8n - ${operationOptions.find((option) => option.value === operation)?.name}`];
			}

			const result = await shop.run(parameters);

			expect(shop.sandbox.requests).toHaveLength(1);
			const [request] = shop.sandbox.requests;
			expectPublicRead(shop.sandbox, request, { method: logic.method, endpoint: `${PREFIX}${endpoint}` });
			expect(argsOf(request)).toEqual(expected);
			const json = pairedJson(result, result.output.map(() => 0));
			expect(json.length).toBeGreaterThan(0);
			expect(json.length).toBeLessThanOrEqual(5);
			for (const item of json) expect(item.id).toBeDefined();
		});
	},
);
