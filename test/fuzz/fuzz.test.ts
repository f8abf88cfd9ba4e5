/**
 * Property tests (fast-check, seeded) of the product operations, engine-level over real HTTP: random
 * products, Define Below parameters, Request Options and Get/Delete IDs go through real n8n
 * workflows against ONE strict sandbox, which records every request that is not well-formed.
 *
 * The oracle is written from clerk-api.md §2.1 (field types), not from the node's own tables: each
 * generated value comes with what Clerk should receive for it, or the verdict "bad". IDs follow the
 * credential's ID Type (README, Credentials): each case picks one, and the sandbox's store uses one ID
 * type (numbers or text) and refuses the other, as Clerk does.
 */
import fc from 'fast-check';
import type { IDataObject, IExecuteFunctions, INode, INodeExecutionData, INodeParameters } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { findOperation } from '../../nodes/ClerkIo/actions/resources';
import type { BatchOperation } from '../../nodes/ClerkIo/helpers/interfaces';

import { runClerkNode, type RunResult } from '../helpers/engine';
import { idListOut, idOut, type IdType } from '../helpers/ids';
import { credentialsFor, makeProduct, startSandbox, type RecordedRequest, type Sandbox } from '../helpers/sandbox';

const SEED = 20_250_605;
// A failing property stops at its first counterexample unless CLERK_FUZZ_SHRINK is set (shrinking
// through real workflows can take minutes).
const RUN = { endOnFailure: !process.env.CLERK_FUZZ_SHRINK };

type StrictSandbox = Sandbox & { setStrict(on?: boolean): void };
let sandbox: StrictSandbox;
beforeAll(async () => {
	sandbox = (await startSandbox({ strict: true, idType: 'number', maxUrlLength: 8192 })) as StrictSandbox;
	// n8n-core logs the error of every stopped workflow to the console: hundreds of lines here.
	jest.spyOn(console, 'log').mockImplementation(() => undefined);
});
afterAll(async () => {
	jest.restoreAllMocks();
	await sandbox.close();
});

// ---------------------------------------------------------------------------------------------
// The oracle: a generated value and what Clerk should get for it.

type Out = { value: unknown } | 'bad' | 'omit';
interface Case {
	raw: unknown;
	out: Out;
}
const ok = (raw: unknown, value: unknown = raw): Case => ({ raw, out: { value } });
const bad = (raw: unknown): Case => ({ raw, out: 'bad' });
const omitted: Case = { raw: null, out: 'omit' };

type Kind = 'string' | 'number' | 'integer' | 'boolean' | 'idList' | 'timestamp' | 'stringOrList';

/** Product fields as clerk-api.md §2.1 documents them. */
const FIELDS: Record<string, Kind> = {
	name: 'string',
	description: 'string',
	price: 'number',
	list_price: 'number',
	image: 'string',
	url: 'string',
	categories: 'idList',
	created_at: 'timestamp',
	brand: 'string',
	sku: 'string',
	stock: 'integer',
	on_sale: 'boolean',
	age: 'integer',
	gender: 'string',
	color: 'stringOrList',
	keywords: 'stringOrList',
	index: 'boolean',
};
const REQUIRED = ['name', 'description', 'price', 'image', 'url', 'categories'];
// The sandbox also types `colors` (§2.1 "color/colors"); keep free attributes clear of it.
const TYPED = new Set([...Object.keys(FIELDS), 'id', 'colors']);

// Texts never start with '=' (n8n would read a parameter value starting with '=' as an expression).
const text = fc.string({ unit: 'grapheme', maxLength: 16 }).filter((value) => !value.startsWith('='));
const finite = fc.double({ noNaN: true, noDefaultInfinity: true });

// ---------------------------------------------------------------------------------------------
// IDs: the credential's ID Type and the store's.

type StoreIdType = 'number' | 'text';
/** The ID Type of a case's credential, and the ID type of the sandbox's store. */
interface Ids {
	idType: IdType;
	store: StoreIdType;
}
const idsArb = fc.constantFrom<Ids>(
	{ idType: 'asGiven', store: 'number' },
	{ idType: 'asGiven', store: 'text' },
	{ idType: 'number', store: 'number' },
	{ idType: 'text', store: 'text' },
);

/** Sets the store's ID type after sandbox.reset(); the credential of the run says `ids.idType`. */
function useIds(ids: Ids) {
	sandbox.setIdType(ids.store);
	return credentialsFor(sandbox, { idType: ids.idType });
}

const idCase = (raw: unknown, idType: IdType): Case => ({ raw, out: idOut(raw, idType) });

const idAtom = fc.oneof(
	{ weight: 2, arbitrary: fc.integer({ min: 0, max: 1_000_000 }) },
	{ weight: 2, arbitrary: fc.integer({ min: 0, max: 1_000_000 }).map(String) },
	{ weight: 1, arbitrary: fc.stringMatching(/^[a-z][a-z0-9_-]{0,8}$/) },
);

/** ID lists as an array, comma-separated text (every entry text), JSON text, or one number. */
const idListOf = (idType: IdType): fc.Arbitrary<Case> =>
	fc.oneof(
		fc.array(idAtom, { maxLength: 4 }).map((atoms): Case => ({ raw: atoms, out: idListOut(atoms, idType) })),
		fc
			.array(idAtom, { minLength: 1, maxLength: 4 })
			.map((atoms): Case => ({ raw: atoms.join(', '), out: idListOut(atoms.map(String), idType) })),
		fc.array(idAtom, { maxLength: 4 }).map((atoms): Case => ({ raw: JSON.stringify(atoms), out: idListOut(atoms, idType) })),
		fc.integer({ min: 0, max: 1_000_000 }).map((n): Case => ({ raw: n, out: idListOut([n], idType) })),
		fc.constant(ok('', [])),
	);

const VALID_OTHER: Record<Exclude<Kind, 'idList'>, fc.Arbitrary<Case>> = {
	string: fc.oneof(
		text.map((value) => ok(value)),
		finite.map((n) => ok(n, String(n))),
		fc.boolean().map((b) => ok(b, String(b))),
	),
	number: fc.oneof(
		finite.map((n) => ok(n)),
		finite.map((n) => ok(String(n), Number(String(n)))),
		fc.constantFrom(ok(' 12.5 ', 12.5), ok('1e3', 1000), ok(1.7976931348623157e308)),
	),
	integer: fc.oneof(
		fc.integer().map((n) => ok(n)),
		fc.integer().map((n) => ok(String(n), n)),
		fc.constantFrom(ok(0), ok(Number.MAX_SAFE_INTEGER), ok(-Number.MAX_SAFE_INTEGER), ok(1e21)),
	),
	boolean: fc.constantFrom(
		ok(true),
		ok(false),
		ok('true', true),
		ok('false', false),
		ok(1, true),
		ok(0, false),
		ok('1', true),
		ok('0', false),
	),
	timestamp: fc.oneof(
		fc.integer({ min: 0, max: 99_999_999_999 }).map((n) => ok(n)),
		fc.double({ min: 0, max: 9e10, noNaN: true }).map((n) => ok(n, Math.floor(n))),
		fc.integer({ min: 0, max: 99_999_999_999 }).map((n) => ok(String(n), n)),
		fc
			.date({ min: new Date('1971-01-01T00:00:00Z'), max: new Date('2100-01-01T00:00:00Z'), noInvalidDate: true })
			.map((date) => ok(date.toISOString(), Math.floor(date.getTime() / 1000))),
	),
	stringOrList: fc.oneof(
		text.map((value) => ok(value)),
		finite.map((n) => ok(n, String(n))),
		fc.array(fc.oneof(text, finite), { maxLength: 3 }).map((list) => ok(list, list.map(String))),
	),
};

/** Valid values of every kind; ID lists follow the ID type (and may be refused under it). */
const validOf = (idType: IdType): Record<Kind, fc.Arbitrary<Case>> => ({ ...VALID_OTHER, idList: idListOf(idType) });

const objects = [{}, { a: 1 }, [{}], [[1]]];
const INVALID: Record<Kind, fc.Arbitrary<Case>> = {
	string: fc.constantFrom<unknown>({}, { a: 'x' }, [], ['x'], [null]).map(bad),
	number: fc.constantFrom<unknown>('abc', '', ' ', 'NaN', 'Infinity', '1e400', '12,5', '1.2.3', true, false, ...objects).map(bad),
	integer: fc.constantFrom<unknown>(1.5, -0.25, '1.5', 'abc', '', true, 'NaN', 2 ** 0.5, ...objects).map(bad),
	boolean: fc.constantFrom<unknown>('yes', 'TRUE', 2, -1, '', 'on', ...objects).map(bad),
	// ('{"a":1}' is no list but the text ID '{"a":1}', like any text without commas.)
	idList: fc.constantFrom<unknown>({}, true, '[1,', '[{}]', [null], [{}], [[1]], [''], ['  '], [true], '[null]', [1.5], [2 ** 53]).map(bad),
	timestamp: fc.oneof(
		// Milliseconds, not seconds.
		fc.integer({ min: 100_000_000_000, max: 4_102_444_800_000 }).map(bad),
		fc.constantFrom<unknown>('not a date', '', true, 'NaN', ...objects).map(bad),
	),
	stringOrList: fc.constantFrom<unknown>({}, { a: 'x' }, [{}], [null], [[1]], [['a']]).map(bad),
};

function valueOf(entry: Case): unknown {
	return (entry.out as { value: unknown }).value;
}

// Names of Object.prototype members ('toString', '__proto__' …) crash the sandbox's type lookup
// (routes/data.js reads `types[name]` through the prototype); the node's own handling of them is
// checked directly below.
const goodName = fc
	.oneof(fc.stringMatching(/^[A-Za-z0-9_]{1,12}$/), fc.constantFrom('_', '__', '0', 'key', 'private_key', 'status', 'error', 'json'))
	.filter((name) => !TYPED.has(name) && !(name in Object.prototype));
const badName = fc.oneof(
	fc.constantFrom('', 'a-b', 'a b', 'ä', 'x.y', '$ref', '😀', 'name ', ' id', 'price\n'),
	fc.string({ unit: 'grapheme', minLength: 1, maxLength: 8 }).filter((name) => !/^[A-Za-z0-9_]+$/.test(name)),
);
/** Free attribute values: any JSON (unicode, nesting, huge numbers, empty texts); null is omitted. */
const freeValue = fc.oneof(
	{ weight: 8, arbitrary: fc.jsonValue({ stringUnit: 'grapheme', maxDepth: 2 }).filter((v) => v !== null).map((v) => ok(v)) },
	{ weight: 1, arbitrary: fc.constant(omitted) },
);

/**
 * The product ID of item `n` under the ID type: valid forms are unique per item, so no two items
 * share a product. (n + 0.5 is no ID in any mode.)
 */
const productId = (n: number, idType: IdType) =>
	fc.oneof(
		{ weight: 12, arbitrary: fc.constantFrom<unknown>(n, String(n), ` ${n} `, `p-${n}`, `ü-${n}`, n + 0.5).map((raw) => idCase(raw, idType)) },
		{ weight: 1, arbitrary: fc.constantFrom<unknown>('', '   ', {}, [], [n], true, null).map((raw) => (raw === null ? omitted : bad(raw))) },
	);

/** One attribute of a product being built: its name, its case, and whether the name itself is bad. */
interface Attribute {
	name: string;
	entry: Case;
	badName?: boolean;
}

/** Documented fields: mostly valid (required ones nearly always present), a few bad or null. */
const documentedFieldsOf = (idType: IdType) =>
	fc
		.tuple(
			fc.record(
				Object.fromEntries(
					Object.entries(FIELDS).map(([name, kind]) => [
						name,
						fc.oneof(
							{ weight: REQUIRED.includes(name) || name === 'created_at' ? 40 : 4, arbitrary: validOf(idType)[kind] },
							{ weight: 1, arbitrary: fc.constant(omitted) },
						),
					]),
				) as Record<string, fc.Arbitrary<Case>>,
				{ requiredKeys: [...REQUIRED, 'created_at'] },
			),
			// 1 or 2 fields turned bad, in a fifth of the products.
			fc.oneof(
				{ weight: 4, arbitrary: fc.constant<string[]>([]) },
				{ weight: 1, arbitrary: fc.uniqueArray(fc.constantFrom(...Object.keys(FIELDS)), { minLength: 1, maxLength: 2 }) },
			),
			fc.record(Object.fromEntries(Object.entries(FIELDS).map(([name, kind]) => [name, INVALID[kind]])) as Record<string, fc.Arbitrary<Case>>),
		)
		.map(([fields, spoiled, invalid]) => {
			const attributes: Attribute[] = [];
			for (const name of Object.keys(FIELDS)) {
				if (spoiled.includes(name)) attributes.push({ name, entry: invalid[name] });
				else if (fields[name] !== undefined) attributes.push({ name, entry: fields[name] });
			}
			return attributes;
		});

const freeAttributes = fc.array(
	fc.oneof(
		{ weight: 8, arbitrary: fc.record({ name: goodName, entry: freeValue }) },
		{
			weight: 1,
			arbitrary: fc.record({
				name: badName,
				entry: fc.jsonValue({ maxDepth: 1 }).filter((v) => v !== null).map(bad),
				badName: fc.constant(true),
			}),
		},
	),
	{ maxLength: 3 },
);

interface Expectation {
	/** Fields (or attribute names) the node must refuse; empty when it must send the item. */
	bad: string[];
	/**
	 * Fields only Clerk refuses: required ones missing after null omission, and IDs whose JSON type is
	 * not the store's (sent As Given).
	 */
	missing: string[];
	/** What Clerk must store, and the node output, when nothing is bad or missing. */
	record: IDataObject;
}

/**
 * Folds attributes (later ones win, as in a JSON object) into the raw object and the expectation;
 * `store` is the ID type of the store that receives the product.
 */
function expectationOf(attributes: Attribute[], store: StoreIdType): { raw: IDataObject; expected: Expectation } {
	const last = new Map<string, Attribute>();
	for (const attribute of attributes) {
		last.delete(attribute.name);
		last.set(attribute.name, attribute);
	}
	const raw: IDataObject = {};
	const record: IDataObject = {};
	const badFields: string[] = [];
	for (const { name, entry, badName: isBadName } of last.values()) {
		Object.defineProperty(raw, name, { value: entry.raw, enumerable: true, writable: true, configurable: true });
		if (entry.out === 'omit') {
			if (name === 'id') badFields.push('id');
			continue;
		}
		if (entry.out === 'bad' || isBadName) badFields.push(name);
		else Object.defineProperty(record, name, { value: entry.out.value, enumerable: true, writable: true, configurable: true });
	}
	if (!last.has('id')) badFields.push('id');
	const missing = REQUIRED.filter((name) => record[name] === undefined);
	if (record.created_at === undefined && record.age === undefined) missing.push('created_at');
	const storeType = store === 'number' ? 'number' : 'string';
	if (record.id !== undefined && typeof record.id !== storeType) missing.push('id');
	if (Array.isArray(record.categories) && record.categories.some((id) => typeof id !== storeType)) missing.push('categories');
	return { raw, expected: { bad: badFields, missing, record } };
}

// ---------------------------------------------------------------------------------------------
// Checks shared by every property.

/**
 * Deep equality as JSON sees it, object keys in any order. (util.isDeepStrictEqual would also
 * compare prototypes, which differ between jest's test realm and the sandbox's objects.)
 */
function canonical(value: unknown): string {
	return JSON.stringify(value, (_, entry: unknown) =>
		entry && typeof entry === 'object' && !Array.isArray(entry)
			? Object.fromEntries(Object.entries(entry).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
			: entry,
	);
}

const indexOf = (item: INodeExecutionData) => (item.pairedItem as { item: number }).item;

type OnError = 'continueErrorOutput' | 'continueRegularOutput' | 'stopWorkflow';

/** Successes and failures per input item, whichever way the node reported them. */
function byItem(result: RunResult, onError: OnError) {
	const successes = new Map<number, IDataObject[]>();
	const failures = new Map<number, IDataObject[]>();
	const add = (map: Map<number, IDataObject[]>, item: INodeExecutionData) =>
		map.set(indexOf(item), [...(map.get(indexOf(item)) ?? []), item.json]);
	for (const item of result.output) {
		const isError =
			onError === 'continueRegularOutput' && Object.keys(item.json).sort().join() === 'error,message';
		add(isError ? failures : successes, item);
	}
	for (const item of result.errorOutput) add(failures, item);
	return { successes, failures };
}

const verdictsSeen = { stored: 0, refusedByNode: 0, refusedByClerk: 0 };
let malformedSeen = 0;
let requestsSeen = 0;
let casesRun = 0;
let directCases = 0;

/** No request was malformed, the private key is nowhere in the run, a stopped run stopped cleanly. */
function expectCleanRun(result: RunResult): void {
	casesRun++;
	requestsSeen += sandbox.requests.length;
	const malformed = (sandbox.requests as Array<RecordedRequest & { malformed?: string[] | null }>).filter(
		(request) => request.malformed !== null,
	);
	malformedSeen += malformed.length;
	expect(malformed.map((request) => ({ url: request.url, body: request.rawBody, problems: request.malformed }))).toEqual([]);
	const error = result.error as (Error & { description?: string }) | undefined;
	const everything = JSON.stringify([result.run.data, error, error?.message, error?.description, error?.stack]);
	expect(everything).not.toContain(sandbox.keys.privateKey);
	if (error) expect(['NodeOperationError', 'NodeApiError']).toContain(error.name);
}

/** The node's own refusal of item `index`, naming the item and one of the fields. */
function expectNodeRefusal(message: unknown, index: number, subject: string, fields: string[]): void {
	expect(typeof message).toBe('string');
	const text = message as string;
	expect(text.startsWith(`Invalid ${subject} in item ${index}: `) ? '' : text).toBe('');
	expect(fields.some((field) => text.includes(`'${field}`))).toBe(true);
}

const requestOptions = fc.record(
	{
		batchSize: fc.constantFrom<unknown>(1, 2, 3, 500, 0, -1, 2.5, 1e9, 'x'),
		parallelRequests: fc.constantFrom<unknown>(1, 2, 4, 50, 0),
		maxRetries: fc.constantFrom<unknown>(0, 1, 3, -1),
		timeout: fc.constantFrom<unknown>(5, 60, 0),
	},
	{ requiredKeys: [] },
);
const onErrorArb = fc.constantFrom<OnError>('continueErrorOutput', 'continueErrorOutput', 'continueRegularOutput', 'stopWorkflow');

/** The batch size the node must use for Request Options `options`, capped at `cap`. */
function batchSizeOf(options: IDataObject, cap = Infinity): number {
	const size = options.batchSize;
	return Math.min(typeof size === 'number' && Number.isFinite(size) && size >= 1 ? Math.floor(size) : 500, cap);
}

/**
 * The upsert outcome for `expected` (one per item): refused items name item and field, Clerk's
 * refusals carry Clerk's error, every other product is stored and output exactly as expected.
 */
function expectUpsertOutcome(result: RunResult, expected: Expectation[], onError: OnError): void {
	const nodeBad = expected.map((e, i) => (e.bad.length > 0 ? i : -1)).filter((i) => i >= 0);
	const clerkBad = expected.map((e, i) => (e.bad.length === 0 && e.missing.length > 0 ? i : -1)).filter((i) => i >= 0);
	const good = expected.map((e, i) => (e.bad.length === 0 && e.missing.length === 0 ? i : -1)).filter((i) => i >= 0);
	verdictsSeen.stored += good.length;
	verdictsSeen.refusedByNode += nodeBad.length;
	verdictsSeen.refusedByClerk += clerkBad.length;

	if (onError === 'stopWorkflow') {
		if (nodeBad.length > 0) {
			// Every item is checked before the first request: nothing was sent.
			expect(sandbox.requests).toHaveLength(0);
			expect(result.error?.context?.itemIndex).toBe(nodeBad[0]);
			expectNodeRefusal(result.error?.message, nodeBad[0], 'product', expected[nodeBad[0]].bad);
			return;
		}
		if (clerkBad.length > 0) {
			expect(result.error?.message).toMatch(/^Clerk\.io ParsingError: Invalid Syntax In Argument: products/);
			expect(result.error?.context?.itemIndex).toBe(clerkBad[0]);
		} else {
			expect(result.error).toBeUndefined();
		}
	} else {
		expect(result.error).toBeUndefined();
		const { successes, failures } = byItem(result, onError);
		// One verdict per item, compared as a whole so a failure shows every item's outcome.
		const verdicts = expected.map((_, index) => ({
			item: index,
			successes: successes.get(index)?.length ?? 0,
			errors: (failures.get(index) ?? []).map((json) => json.error),
		}));
		expect(verdicts).toEqual(
			expected.map((e, index) => ({
				item: index,
				successes: good.includes(index) ? 1 : 0,
				errors: good.includes(index) ? [] : [expect.any(String)],
			})),
		);
		for (const index of nodeBad) {
			expectNodeRefusal(failures.get(index)![0].error, index, 'product', expected[index].bad);
		}
		for (const index of clerkBad) {
			const message = failures.get(index)![0].error as string;
			expect(message).toMatch(/^Clerk\.io ParsingError: Invalid Syntax In Argument: products/);
			expect(expected[index].missing.some((field) => message.includes(field))).toBe(true);
		}
		for (const index of good) {
			expect(canonical(successes.get(index)![0])).toBe(canonical(expected[index].record));
		}
	}
	// Good products are stored exactly as expected, nothing else is stored.
	expect(sandbox.store.products.size).toBe(good.length);
	for (const index of good) {
		const stored = sandbox.store.products.get(String(expected[index].record.id));
		expect(canonical(stored)).toBe(canonical(expected[index].record));
	}
}

// ---------------------------------------------------------------------------------------------

describe('strict sandbox', () => {
	test('flags malformed requests (so "none malformed" below means something)', async () => {
		sandbox.reset();
		const { publicKey: key, privateKey } = sandbox.keys;
		const send = async (method: string, path: string, body?: string) =>
			await fetch(`${sandbox.url}${path}`, { method, body, headers: { 'Content-Type': 'application/json' } });
		await send('POST', '/v2/products', JSON.stringify([{ id: 1 }]));
		await send('POST', `/v2/products?key=${key}&private_key=${privateKey}`, JSON.stringify({ products: [{ id: 1 }] }));
		await send('POST', '/v2/products', JSON.stringify({ key, private_key: privateKey, products: [{ id: 1, name: null }] }));
		await send('POST', '/v2/products', JSON.stringify({ key, private_key: privateKey, products: [{ id: 1 }], id: 2 }));
		await send('GET', `/v2/products?key=${key}&private_key=${privateKey}&products=1,2`);
		await send('GET', `/v2/products?key=${key}&private_key=${privateKey}&products=[object Object]`);
		await send('DELETE', `/v2/products?key=${key}&private_key=${privateKey}&products=[1]&products=[2]`);
		await send('POST', '/v2/products', JSON.stringify({ key, private_key: privateKey, products: [{ id: 1, note: privateKey }] }));
		await send('GET', `/v2/products?key=${key}&private_key=${privateKey}&products=[1]`);
		const flagged = (sandbox.requests as Array<RecordedRequest & { malformed?: string[] | null }>).map((request) => request.malformed);
		expect(flagged.slice(0, -1).every((problems) => Array.isArray(problems) && problems.length > 0)).toBe(true);
		expect(flagged.at(-1)).toBeNull();
	});
});

describe('properties', () => {
	afterAll(() => {
		if (process.env.CLERK_FUZZ_REPORT) {
			process.stdout.write(
				`fuzz: ${casesRun} engine-level cases, ${requestsSeen} requests, ${malformedSeen} malformed; ` +
					`upsert items ${JSON.stringify(verdictsSeen)}; ${directCases} direct item reads\n`,
			);
		}
	});

	test('Map Automatically: any product either reaches Clerk exactly as documented or is refused naming item and field', async () => {
		const items = idsArb.chain((ids) =>
			fc.tuple(
				fc.constant(ids),
				fc.integer({ min: 1, max: 4 }).chain((count) =>
					fc.tuple(
						...Array.from({ length: count }, (_, index) =>
							fc.tuple(productId(index + 1, ids.idType), documentedFieldsOf(ids.idType), freeAttributes),
						),
					),
				),
			),
		);
		await fc.assert(
			fc.asyncProperty(items, requestOptions, onErrorArb, async ([ids, products], options, onError) => {
				sandbox.reset();
				const credentials = useIds(ids);
				const built = products.map(([id, fields, free]) => expectationOf([{ name: 'id', entry: id }, ...fields, ...free], ids.store));
				const result = await runClerkNode({
					parameters: { resource: 'product', operation: 'upsert', dataMode: 'autoMapInputData', requestOptions: options as IDataObject },
					items: built.map((b) => b.raw),
					credentials,
					onError,
				});
				expectCleanRun(result);
				const expected = built.map((b) => b.expected);
				expectUpsertOutcome(result, expected, onError);
				if (expected.every((e) => e.bad.length === 0 && e.missing.length === 0)) {
					expect(sandbox.requests).toHaveLength(Math.ceil(expected.length / batchSizeOf(options as IDataObject)));
				}
			}),
			{ seed: SEED, numRuns: 300, ...RUN },
		);
	});

	test('Define Below: any fields, custom attributes and JSON either reach Clerk as documented or are refused naming item and field', async () => {
		// Values only an expression can produce: not JSON, so never to be sent as they are.
		const expressionValue = fc.constantFrom(
			bad('={{ NaN }}'),
			bad('={{ Infinity }}'),
			bad('={{ [1, NaN] }}'),
			bad('={{ [1, undefined] }}'),
			bad('={{ { "a": -Infinity } }}'),
			ok('={{ 42 }}', 42),
			ok('={{ { "a": [1, "b"], "c": { "d": true } } }}', { a: [1, 'b'], c: { d: true } }),
			ok('={{ "x" }}', 'x'),
		);
		const custom = fc.array(
			fc.oneof(
				{ weight: 6, arbitrary: fc.record({ name: goodName, entry: text.map((value) => ok(value)) }) },
				{ weight: 2, arbitrary: fc.record({ name: goodName, entry: expressionValue }) },
				{ weight: 1, arbitrary: fc.record({ name: badName, entry: text.map(bad), badName: fc.constant(true) }) },
			),
			{ maxLength: 3 },
		);
		const json = fc.oneof(
			{ weight: 2, arbitrary: fc.constantFrom({ text: '{}', attributes: [] as Attribute[] }, { text: '', attributes: [] as Attribute[] }) },
			{
				weight: 3,
				arbitrary: fc.array(fc.record({ name: goodName, entry: freeValue }), { maxLength: 3 }).map((attributes) => ({
					text: JSON.stringify(Object.fromEntries(attributes.map((a) => [a.name, a.entry.raw]))),
					// JSON.parse keeps the last of repeated names, as the fold does.
					attributes: attributes as Attribute[],
				})),
			},
			{
				weight: 1,
				arbitrary: fc.constantFrom('{bad', '[1]', '"x"', 'null', '1', '{"a":').map((bad_) => ({
					text: bad_,
					attributes: [{ name: 'Attributes (JSON)', entry: bad(bad_) }] as Attribute[],
				})),
			},
		);
		const items = idsArb.chain((idTypes) =>
			fc.tuple(
				fc.constant(idTypes),
				fc.integer({ min: 1, max: 3 }).chain((count) =>
					fc.tuple(...Array.from({ length: count }, (_, index) => productId(index + 1, idTypes.idType))),
				),
				documentedFieldsOf(idTypes.idType),
			),
		);
		await fc.assert(
			fc.asyncProperty(items, custom, json, onErrorArb, async ([idTypes, ids, fields], customAttributes, attributesJson, onError) => {
				sandbox.reset();
				const credentials = useIds(idTypes);
				// 'Attributes (JSON)' is not a record attribute: a bad one spoils the item but adds nothing.
				const jsonAttributes = attributesJson.attributes.filter((a) => a.name !== 'Attributes (JSON)');
				const jsonBad = attributesJson.attributes.length !== jsonAttributes.length;
				// An omitted field is left out of the collection: n8n would replace a null by the field's default.
				fields = fields.filter((field) => field.entry.out !== 'omit');
				const parameters: INodeParameters = {
					resource: 'product',
					operation: 'upsert',
					dataMode: 'defineBelow',
					productId: '={{ $json.pid }}',
					fields: Object.fromEntries(fields.map((f) => [f.name, f.entry.raw])) as INodeParameters,
					customAttributes: { attribute: customAttributes.map((a) => ({ name: a.name, value: a.entry.raw })) } as INodeParameters,
					attributesJson: attributesJson.text,
				};
				const expected = ids.map((id) => {
					const { expected: e } = expectationOf(
						[{ name: 'id', entry: id }, ...fields, ...(customAttributes as Attribute[]), ...jsonAttributes],
						idTypes.store,
					);
					return jsonBad ? { ...e, bad: [...e.bad, 'Attributes (JSON)'] } : e;
				});
				const result = await runClerkNode({
					parameters,
					items: ids.map((id) => (id.raw === null ? {} : { pid: id.raw })),
					credentials,
					onError,
				});
				expectCleanRun(result);
				expectUpsertOutcome(result, expected, onError);
			}),
			{ seed: SEED + 1, numRuns: 200, ...RUN },
		);
	});

	test('Get and Delete: any IDs give the stored products (or delete them) or are refused naming item and field', async () => {
		// The store holds products 1 to 12 (numeric store) or '1' to '12', 'p-1' to 'p-3' (text store).
		const storedOf = (store: StoreIdType) =>
			store === 'number'
				? Array.from({ length: 12 }, (_, index) => index + 1)
				: [...Array.from({ length: 12 }, (_, index) => String(index + 1)), 'p-1', 'p-2', 'p-3'];
		const anyAtom = fc.oneof(
			fc.integer({ min: 1, max: 15 }),
			fc.integer({ min: 1, max: 15 }).map(String),
			fc.integer({ min: 1, max: 15 }).map((n) => ` ${n}`),
			fc.constantFrom('p-1', 'p-2', 'p-9', 'ü', 'a b'),
		);
		// As Given sends what it gets: IDs of the store's type (a wrong one is Clerk's refusal, tested above).
		const atomOf = (ids: Ids) =>
			ids.idType === 'asGiven' ? anyAtom.filter((raw) => typeof raw === (ids.store === 'number' ? 'number' : 'string')) : anyAtom;
		const idsCaseOf = (ids: Ids) => {
			const atom = atomOf(ids);
			const list = (raws: unknown[]): Case => ({ raw: raws, out: idListOut(raws, ids.idType) });
			const textForms = !(ids.idType === 'asGiven' && ids.store === 'number');
			const numberForm = !(ids.idType === 'asGiven' && ids.store === 'text');
			return fc.oneof(
				{ weight: 3, arbitrary: fc.array(atom, { minLength: 1, maxLength: 5 }).map(list) },
				...(textForms
					? [
							{
								weight: 2,
								arbitrary: fc
									.array(atom, { minLength: 1, maxLength: 5 })
									.map((raws): Case => ({ raw: raws.join(','), out: idListOut(raws.map(String), ids.idType) })),
							},
						]
					: []),
				{
					weight: 1,
					arbitrary: fc
						.array(atom, { minLength: 1, maxLength: 5 })
						.map((raws): Case => ({ raw: JSON.stringify(raws), out: idListOut(raws, ids.idType) })),
				},
				...(numberForm
					? [{ weight: 1, arbitrary: fc.integer({ min: 1, max: 15 }).map((n): Case => ({ raw: n, out: idListOut([n], ids.idType) })) }]
					: []),
				{
					weight: 2,
					arbitrary: fc
						.constantFrom<unknown>('', ' , ', '[', '[]', '[{}]', {}, true, [null], [[1]], [''], [], null, '[1', 1.5e400)
						.map(bad),
				},
			);
		};
		const idCaseOf = (ids: Ids) =>
			fc.oneof(
				{ weight: 4, arbitrary: atomOf(ids).map((raw) => idCase(raw, ids.idType)) },
				{ weight: 1, arbitrary: fc.constantFrom<unknown>('', '  ', {}, [], [1], true, null).map(bad) },
			);
		const run = idsArb.chain((ids) =>
			fc.oneof(
				fc.record({ ids: fc.constant(ids), operation: fc.constant('get' as const), entries: fc.array(idsCaseOf(ids), { minLength: 1, maxLength: 4 }) }),
				fc.record({ ids: fc.constant(ids), operation: fc.constant('delete' as const), entries: fc.array(idCaseOf(ids), { minLength: 1, maxLength: 4 }) }),
			),
		);
		await fc.assert(
			fc.asyncProperty(run, requestOptions, onErrorArb, async ({ ids, operation, entries }, options, onError) => {
				sandbox.reset();
				const credentials = useIds(ids);
				const STORED = storedOf(ids.store);
				for (const id of STORED) {
					const product = makeProduct(typeof id === 'number' ? id : 0, { id });
					sandbox.store.products.set(String(id), ids.store === 'text' ? { ...product, categories: (product.categories as number[]).map(String) } : product);
				}
				const parameter = operation === 'get' ? 'productIds' : 'productId';
				const result = await runClerkNode({
					parameters: { resource: 'product', operation, [parameter]: '={{ $json.ids }}', requestOptions: options as IDataObject },
					items: entries.map((entry) => (entry.raw === null ? {} : { ids: entry.raw as IDataObject[string] })),
					credentials,
					onError,
				});
				expectCleanRun(result);
				const badItems = entries.map((e, i) => (e.out === 'bad' ? i : -1)).filter((i) => i >= 0);
				const goodItems = entries.map((e, i) => (e.out !== 'bad' ? i : -1)).filter((i) => i >= 0);

				if (onError === 'stopWorkflow' && badItems.length > 0) {
					expect(sandbox.requests).toHaveLength(0);
					expectNodeRefusal(result.error?.message, badItems[0], 'product', [parameter]);
					expect(sandbox.store.products.size).toBe(STORED.length);
					return;
				}
				expect(result.error).toBeUndefined();
				const { successes, failures } = byItem(result, onError);
				expect([...failures.keys()].sort((a, b) => a - b)).toEqual(badItems);
				for (const index of badItems) expectNodeRefusal(failures.get(index)![0].error, index, 'product', [parameter]);
				// Lists go JSON-encoded in the query, at most 100 IDs per call.
				const cap = batchSizeOf(options as IDataObject, 100);
				expect(sandbox.requests).toHaveLength(Math.ceil(goodItems.length / cap));
				const known = new Set<string>(STORED.map(String));
				if (operation === 'get') {
					for (const index of goodItems) {
						const wanted = [...new Set((valueOf(entries[index]) as unknown[]).map(String))].filter((id) => known.has(id));
						const got = (successes.get(index) ?? []).map((json) => String(json.id));
						expect(got.sort()).toEqual(wanted.sort());
						for (const json of successes.get(index) ?? []) {
							expect(canonical(json)).toBe(canonical(sandbox.store.products.get(String(json.id))));
						}
					}
					expect(sandbox.store.products.size).toBe(STORED.length);
				} else {
					const deleted = new Set(goodItems.map((index) => String(valueOf(entries[index]))));
					for (const index of goodItems) {
						expect(successes.get(index)).toEqual([{ deleted: true, id: valueOf(entries[index]) }]);
					}
					expect([...sandbox.store.products.keys()].sort()).toEqual(STORED.map(String).filter((id: string) => !deleted.has(id)).sort());
				}
			}),
			{ seed: SEED + 2, numRuns: 200, ...RUN },
		);
	});

	test('Clerk echoing the private key in an error never puts it into any output or error', async () => {
		const position = fc.constantFrom('start', 'middle', 'end');
		await fc.assert(
			fc.asyncProperty(
				fc.constantFrom('upsert', 'get', 'delete'),
				fc.constantFrom('ParsingError', 'LogicalError', 'AuthenticationError'),
				position,
				onErrorArb,
				async (operation, type, where, onError) => {
					sandbox.reset();
					const key = sandbox.keys.privateKey;
					const message = where === 'start' ? `${key} is wrong` : where === 'end' ? `wrong key: ${key}` : `key ${key}, again ${key}.`;
					sandbox.script({ kind: 'soft', type, message });
					const parameters: INodeParameters =
						operation === 'upsert'
							? { resource: 'product', operation, dataMode: 'autoMapInputData' }
							: { resource: 'product', operation, [operation === 'get' ? 'productIds' : 'productId']: '={{ $json.id }}' };
					const result = await runClerkNode({
						parameters,
						items: [makeProduct(1)],
						credentials: credentialsFor(sandbox),
						onError,
					});
					expectCleanRun(result);
					const errors = onError === 'stopWorkflow' ? [result.error?.message] : [...byItem(result, onError).failures.values()].flat().map((json) => json.error);
					expect(errors.length).toBeGreaterThan(0);
					for (const error of errors) expect(error).toContain('[redacted]');
				},
			),
			{ seed: SEED + 3, numRuns: 40, ...RUN },
		);
	});
	test('item reading, directly: any JSON-ish value (NaN, undefined, bigint, odd names) is sent unchanged or refused naming item and field', () => {
		const upsert = findOperation('product', 'upsert')!.operation as BatchOperation<IDataObject>;
		const node = { name: 'Clerk.io', type: 'n8n-nodes-clerk-io.clerkIo', typeVersion: 1, parameters: {} } as unknown as INode;
		const odd = fc.constantFrom<unknown>(NaN, Infinity, -Infinity, undefined, BigInt(10), -0, [1, undefined], [NaN], { a: NaN }, { a: undefined }, () => 1, Symbol('s'));
		const value = fc.oneof(
			{ weight: 3, arbitrary: fc.jsonValue({ stringUnit: 'grapheme', maxDepth: 2 }) },
			{ weight: 1, arbitrary: odd },
			{ weight: 1, arbitrary: fc.array(odd, { maxLength: 2 }) },
		);
		const name = fc.oneof(fc.constantFrom(...Object.keys(FIELDS), 'id', '__proto__', 'constructor', 'toString'), goodName, badName);
		const record = fc.tuple(fc.oneof(VALID_OTHER.string, fc.constant(ok(7))), fc.array(fc.tuple(name, value), { maxLength: 6 }));
		/** JSON text that shows what JSON.stringify would silently change (non-finite numbers, holes, bigints). */
		const faithful = (data: unknown) =>
			JSON.stringify(data, function (this: unknown, _key: string, entry: unknown) {
				if (typeof entry === 'number' && !Number.isFinite(entry)) return `<${entry}>`;
				if (typeof entry === 'bigint' || typeof entry === 'function' || typeof entry === 'symbol') return `<${typeof entry}>`;
				if (entry === undefined && Array.isArray(this)) return '<undefined>';
				return entry;
			});
		fc.assert(
			fc.property(record, fc.integer({ min: 0, max: 9 }), ([id, entries], itemIndex) => {
				directCases++;
				const json: IDataObject = {};
				Object.defineProperty(json, 'id', { value: id.raw, enumerable: true, writable: true, configurable: true });
				for (const [key, entry] of entries) {
					Object.defineProperty(json, key, { value: entry, enumerable: true, writable: true, configurable: true });
				}
				const items = Array.from({ length: itemIndex + 1 }, () => ({ json }));
				const ctx = {
					getNode: () => node,
					getInputData: () => items,
					getNodeParameter: (parameter: string, _index: number, fallback?: unknown) => (parameter === 'dataMode' ? 'autoMapInputData' : fallback),
				} as unknown as IExecuteFunctions;
				let clean: IDataObject;
				try {
					clean = upsert.readItem.call(ctx, itemIndex);
				} catch (error) {
					expect(error).toBeInstanceOf(NodeOperationError);
					const message = (error as Error).message;
					expect(message.startsWith(`Invalid product in item ${itemIndex}: `) ? '' : message).toBe('');
					expect(Object.keys(json).some((key) => message.includes(`'${key}`))).toBe(true);
					return;
				}
				// Sent unchanged: JSON keeps every value, every non-null attribute is there, no other.
				expect(faithful(clean)).toBe(JSON.stringify(JSON.parse(JSON.stringify(clean))));
				expect(Object.getPrototypeOf(clean)).toBe(Object.prototype);
				const given = Object.keys(json).filter((key) => json[key] !== null && json[key] !== undefined);
				expect(Object.keys(clean).sort()).toEqual(given.sort());
				for (const key of given) if (!(key in FIELDS) && key !== 'id') expect(clean[key]).toBe(json[key]);
			}),
			{ seed: SEED + 4, numRuns: 1000, ...RUN },
		);
	});
});
