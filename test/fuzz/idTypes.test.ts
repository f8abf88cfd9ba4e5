/**
 * Property test (fast-check, seeded) of the credential's ID Type across the routes IDs take: Map
 * Automatically records, Get and Delete lists, Log Sale, recommendation inputs. Under each setting,
 * either every ID the sandbox receives has the configured JSON type (As Given: the type it was given)
 * and the value the oracle (test/helpers/ids.ts) says, or the run was refused before anything was
 * sent, naming the first bad item and a field.
 *
 * Number and Text run against a store of that type, which refuses the other as Clerk does; As Given
 * runs against a sandbox that accepts either, so what the node sends is seen as it is.
 */
import fc from 'fast-check';
import type { IDataObject, INodeParameters } from 'n8n-workflow';

import { argsOf } from '../helpers/calls';
import { runClerkNode } from '../helpers/engine';
import { idListOut, idOut, type IdListOut, type IdType } from '../helpers/ids';
import { credentialsFor, makeProduct, startSandbox, type Sandbox } from '../helpers/sandbox';

const SEED = 20_260_108;
const RUN = { endOnFailure: !process.env.CLERK_FUZZ_SHRINK };

let sandbox: Sandbox;
beforeAll(async () => {
	sandbox = await startSandbox();
	jest.spyOn(console, 'log').mockImplementation(() => undefined);
});
afterAll(async () => {
	jest.restoreAllMocks();
	await sandbox.close();
});

/** IDs as users give them: numbers, digits as text, text that only looks numeric, SKUs, non-IDs. */
const atom = fc.oneof(
	{ weight: 4, arbitrary: fc.integer({ min: -1000, max: 1_000_000 }) },
	{ weight: 4, arbitrary: fc.integer({ min: 0, max: 1_000_000 }).map(String) },
	{ weight: 2, arbitrary: fc.constantFrom('0456', '1e3', ' 12 ', '12.0', '+5', '-0', '9007199254740993', 'SKU-9', 'p-1') },
	{ weight: 2, arbitrary: fc.stringMatching(/^[A-Za-z][A-Za-z0-9_-]{0,6}$/) },
	{ weight: 1, arbitrary: fc.constantFrom<unknown>(1.5, 2 ** 53, -0.5) },
);
const atoms = fc.array(atom, { minLength: 1, maxLength: 4 });

/** A list parameter: the raw value and the entries the node reads from it. */
interface ListInput {
	raw: unknown;
	entries: unknown[];
}
const listInput: fc.Arbitrary<ListInput> = fc.oneof(
	atoms.map((entries) => ({ raw: entries, entries })),
	atoms.map((entries) => ({ raw: entries.map(String).join(', '), entries: entries.map(String) })),
	atoms.map((entries) => ({ raw: JSON.stringify(entries), entries: JSON.parse(JSON.stringify(entries)) as unknown[] })),
);

/** One input item of a route: its JSON, the oracle per field, and how to find the IDs in a request. */
interface Built {
	json: IDataObject;
	fields: Array<[string, IdListOut]>;
}
interface Route {
	parameters: INodeParameters;
	item: fc.Arbitrary<(idType: IdType) => Built>;
	/** Every ID of one request, by field. */
	received(args: IDataObject): Array<[string, unknown[]]>;
}

const one = (raw: unknown, idType: IdType): IdListOut => {
	const out = idOut(raw, idType);
	return out === 'bad' ? 'bad' : { value: [out.value] };
};
const values = (value: unknown): unknown[] => (Array.isArray(value) ? value : value === undefined ? [] : [value]);

const ROUTES: Record<string, Route> = {
	'Map Automatically': {
		parameters: { resource: 'product', operation: 'upsert', dataMode: 'autoMapInputData' },
		item: fc.tuple(atom, listInput).map(([id, categories]) => (idType: IdType) => ({
			json: { ...makeProduct(1), id: id as IDataObject[string], categories: categories.raw as IDataObject[string] },
			fields: [
				['id', one(id, idType)],
				['categories', idListOut(categories.entries, idType)],
			],
		})),
		received: (args) => [
			['id', (args.products as IDataObject[]).map((record) => record.id)],
			['categories', (args.products as IDataObject[]).flatMap((record) => values(record.categories))],
		],
	},
	Get: {
		parameters: { resource: 'product', operation: 'get', productIds: '={{ $json.ids }}' },
		item: listInput.map((ids) => (idType: IdType) => ({ json: { ids: ids.raw as IDataObject[string] }, fields: [['productIds', idListOut(ids.entries, idType)]] })),
		received: (args) => [['productIds', values(args.products)]],
	},
	Delete: {
		parameters: { resource: 'product', operation: 'delete', productId: '={{ $json.id }}' },
		item: atom.map((id) => (idType: IdType) => ({ json: { id: id as IDataObject[string] }, fields: [['productId', one(id, idType)]] })),
		received: (args) => [['productId', values(args.products)]],
	},
	'Log Sale': {
		parameters: { resource: 'tracking', operation: 'logSale', sale: '={{ $json.sale }}', products: '={{ $json.products }}', visitor: 'v1' },
		item: fc.tuple(atom, fc.boolean(), atoms).map(([sale, asLines, products]) => (idType: IdType) => ({
			json: {
				sale: sale as IDataObject[string],
				products: (asLines ? products.map((id) => ({ id, quantity: 1, price: 1 })) : products) as IDataObject[],
			},
			fields: [
				['sale', one(sale, idType)],
				['products', idListOut(products, idType)],
			],
		})),
		received: (args) => [
			['sale', values(args.sale)],
			['products', values(args.products).map((line) => (typeof line === 'object' && line !== null ? (line as IDataObject).id : line))],
		],
	},
	'Most Sold With': {
		parameters: {
			resource: 'recommendation',
			operation: 'mostSoldWith',
			productIds: '={{ $json.products }}',
			limit: 5,
			options: { exclude: '={{ $json.exclude }}' },
		},
		item: fc.tuple(listInput, listInput).map(([products, exclude]) => (idType: IdType) => ({
			json: { products: products.raw as IDataObject[string], exclude: exclude.raw as IDataObject[string] },
			fields: [
				['productIds', idListOut(products.entries, idType)],
				['exclude', idListOut(exclude.entries, idType)],
			],
		})),
		received: (args) => [
			['productIds', values(args.products)],
			['exclude', values(args.exclude)],
		],
	},
};

const JSON_TYPE = { number: 'number', text: 'string' } as const;

test('under each ID Type every ID Clerk receives has the configured type, or nothing of the bad item was sent', async () => {
	const cases = fc.record({
		idType: fc.constantFrom<IdType>('asGiven', 'number', 'text'),
		route: fc.constantFrom(...Object.keys(ROUTES)),
	});
	const seen = { sent: 0, refused: 0 };
	await fc.assert(
		fc.asyncProperty(
			cases.chain(({ idType, route }) =>
				fc.tuple(fc.constant(idType), fc.constant(route), fc.array(ROUTES[route].item, { minLength: 1, maxLength: 3 })),
			),
			async ([idType, routeName, makers]) => {
				const route = ROUTES[routeName];
				const items = makers.map((make) => make(idType));
				sandbox.reset();
				sandbox.setIdType(idType === 'asGiven' ? null : idType);
				const result = await runClerkNode({
					parameters: route.parameters,
					items: items.map((item) => item.json),
					credentials: credentialsFor(sandbox, { idType }),
				});

				const firstBad = items.findIndex((item) => item.fields.some(([, out]) => out === 'bad'));
				if (firstBad >= 0) {
					seen.refused++;
					// Writes check every item first; reads may already have sent the items before the bad one.
					expect(sandbox.requests.length).toBeLessThanOrEqual(firstBad);
					expect(result.error?.context?.itemIndex).toBe(firstBad);
					const message = result.error?.message ?? '';
					expect(message).toMatch(new RegExp(`item ${firstBad}\\b`));
					const badFields = items[firstBad].fields.filter(([, out]) => out === 'bad').map(([field]) => field);
					expect(badFields.some((field) => message.includes(`'${field}`))).toBe(true);
					return;
				}

				seen.sent++;
				expect(result.error).toBeUndefined();
				expect(sandbox.requests.length).toBeGreaterThan(0);
				const received = new Map<string, unknown[]>();
				for (const request of sandbox.requests) {
					expect(request.status).toBe(200);
					for (const [field, ids] of route.received(argsOf(request))) received.set(field, [...(received.get(field) ?? []), ...ids]);
				}
				for (const [field, ids] of received) {
					if (idType !== 'asGiven') for (const id of ids) expect(typeof id).toBe(JSON_TYPE[idType]);
					// The values the oracle says, each once per item (Get merges the lists of a batch).
					const expected = items.flatMap((item) => {
						const out = item.fields.find(([name]) => name === field)?.[1];
						return out && out !== 'bad' ? out.value : [];
					});
					const distinct = (list: unknown[]) => [...new Set(list.map((id) => JSON.stringify(id)))].sort();
					expect(distinct(ids)).toEqual(distinct(expected));
				}
			},
		),
		{ seed: SEED, numRuns: 250, ...RUN },
	);
	// Both outcomes were exercised.
	expect(seen.sent).toBeGreaterThan(30);
	expect(seen.refused).toBeGreaterThan(30);
});
