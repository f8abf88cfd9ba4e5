/**
 * Turns the answers of Clerk's read endpoints into n8n items: one item per product, category,
 * page or query, with the requested attributes merged in, or Clerk's raw answer as one item.
 */
import type { IDataObject, INodeProperties } from 'n8n-workflow';

import type { ClerkResponse } from '../helpers/interfaces';

/** What a read endpoint answers with (docs.clerk.io/reference, docs.clerk.io/v3/reference). */
export type ResultKind =
	/** `result: [ids]` plus `product_data: [objects]` in result order. */
	| 'products'
	/** Objects under `categories`, else the `result` list (objects or IDs). */
	| 'categories'
	/** Objects under `pages`, else the `result` list. */
	| 'pages'
	/** `result: ["query", ...]`. */
	| 'queries'
	/** API v3: `result: [objects]`. */
	| 'objects'
	/** API v3 Omnisearch: `results: {products: {result: [...]}, categories: …, pages: …}`. */
	| 'omni'
	/** product/attributes: a bare list of product objects. */
	| 'attributeRows'
	/** product/facets: `facets: {attribute: [facet...]}`. */
	| 'facets';

export type OutputMode = 'items' | 'itemsAndFacets' | 'raw';

const ITEMS = {
	name: 'Items',
	value: 'items',
	description: 'One item per result; {hits: 0} and the input when nothing is found',
};
const RAW = {
	name: 'Raw Response',
	value: 'raw',
	description: "Clerk.io's whole answer as one item (totals, facets, no_exact_match…)",
};

/** How to return the answer; endpoints that count facets can add them as an item of their own. */
export function outputOption(facets: boolean): INodeProperties {
	return {
		displayName: 'Output',
		name: 'output',
		type: 'options',
		default: 'items',
		description: 'How to return the answer',
		options: [
			ITEMS,
			...(facets
				? [
						{
							name: 'Items and Facets',
							value: 'itemsAndFacets',
							description: 'First an item with the input, hits and facets, then one item per result',
						},
					]
				: []),
			RAW,
		],
	};
}

const asObject = (value: unknown): IDataObject =>
	typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as IDataObject) : {};

const asList = (value: unknown): unknown[] => (Array.isArray(value) ? value : []);

/** An entry of a result list: objects stay as they are, bare IDs become `{id}`. */
const toItem = (entry: unknown): IDataObject =>
	typeof entry === 'object' && entry !== null && !Array.isArray(entry) ? { ...(entry as IDataObject) } : { id: entry as string };

function products(response: IDataObject): IDataObject[] {
	const data = asList(response.product_data);
	return asList(response.result).map((id, position) => ({ id: id as string, ...asObject(data[position]), ...(typeof id === 'object' ? asObject(id) : {}) }));
}

/** Objects under `key` when Clerk sends them, else what `result` holds. */
const listed = (key: string) => (response: IDataObject) =>
	(Array.isArray(response[key]) ? asList(response[key]) : asList(response.result)).map(toItem);

const mappers: Record<ResultKind, (response: IDataObject) => IDataObject[]> = {
	products,
	categories: listed('categories'),
	pages: listed('pages'),
	queries: (response) => asList(response.result).map((query) => ({ query: query as string })),
	objects: (response) => asList(response.result).map(toItem),
	omni: (response) =>
		Object.entries(asObject(response.results)).flatMap(([resultType, group]) =>
			asList(asObject(group).result).map((entry) => ({ resultType, ...toItem(entry) })),
		),
	attributeRows: (response) => asList(response.result).map(toItem),
	facets: (response) =>
		Object.entries(asObject(response.facets)).map(([attribute, facets]) => ({ attribute, facets: asList(facets) })),
};

/** Bare lists (product/attributes) are treated as `{result: [...]}`. */
const envelope = (response: ClerkResponse): IDataObject => (Array.isArray(response) ? { result: response } : response);

export function resultItems(kind: ResultKind, response: ClerkResponse, mode: OutputMode): IDataObject[] {
	if (mode === 'raw') return [envelope(response)];
	return mappers[kind](envelope(response));
}

/** How many results a page held, before mapping (drives paging). */
export function resultCount(kind: ResultKind, response: ClerkResponse): number {
	return kind === 'omni' || kind === 'facets' ? mappers[kind](envelope(response)).length : asList(envelope(response).result).length;
}

/**
 * The total Clerk reports: `hits`/`count` in API v2, `total_count`/`estimated_total_count` in v3.
 * Which v2 field is the total is not documented, so the larger one is used: a total that is too
 * high only costs one more call (paging still stops at a short page), one too low would lose results.
 */
export function resultTotal(response: ClerkResponse): number | undefined {
	const body = envelope(response);
	const totals = ['hits', 'count', 'total_count', 'estimated_total_count']
		.map((key) => body[key])
		.filter((value): value is number => typeof value === 'number');
	return totals.length > 0 ? Math.max(...totals) : undefined;
}

/** Results repeated on a later page (the ranking moved while paging) are output once. */
export function resultIdentity(item: IDataObject): string | undefined {
	return item.id === undefined || item.id === null ? undefined : JSON.stringify(item.id);
}

/** The identities of a page's results (by kind, not output mode), to notice a page that repeats. */
export function resultKeys(kind: ResultKind, response: ClerkResponse): string[] {
	const keys: string[] = [];
	for (const item of mappers[kind](envelope(response))) {
		const identity = resultIdentity(item) ?? JSON.stringify(item);
		keys.push(item.resultType === undefined ? identity : `${String(item.resultType)}:${identity}`);
	}
	return keys;
}

/** The facets Clerk counted for the whole search (requested with the Facets option). */
export function resultFacets(response: ClerkResponse): IDataObject {
	return asObject(envelope(response).facets);
}
