/**
 * Builds the operations of Clerk's read endpoints (search, recommendations, product/attributes and
 * product/facets) from tables of endpoint definitions: their parameters, checks, requests, paging
 * and result mapping. A resource made of such endpoints is data, not code.
 */
import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import type { ClerkCall, ItemOperation, OperationDefinition, Paging } from '../helpers/interfaces';
import { defaultLimit, LIMIT, requestOptionsCollection } from './common.descriptions';
import { checked, FieldError } from './fields';
import { PARAMS, paramProperty, readArgs, type ArgumentSpec, type ParamName, type ParamSpec } from './readParams';
import {
	outputOption,
	resultCount,
	resultFacets,
	resultIdentity,
	resultItems,
	resultKeys,
	resultTotal,
	type OutputMode,
	type ResultKind,
} from './results';

/** How many results a call asks for. */
export type LimitSpec =
	/** limit + offset: Return All walks the pages; `pageSize` is the `limit` of one call. */
	| { offset: true; pageSize: number }
	/** One call; `max` is Clerk's documented maximum for `limit`, if any. */
	| { offset: false; max?: number }
	/** The endpoint takes no `limit`. */
	| 'none';

export interface ReadEndpoint extends ArgumentSpec {
	/** Operation value. */
	value: string;
	name: string;
	/** Sentence case, naming the resource. */
	action: string;
	/** For people and AI agents: what it returns and when to use it. */
	description: string;
	/** Path after the version, e.g. `search/search`. */
	endpoint: string;
	apiVersion?: 'v2' | 'v3';
	/**
	 * Clerk documents GET and POST for almost every read endpoint. POST with a JSON body is the
	 * default: it keeps JSON types, which a query string cannot (a query like "123" stays text; an
	 * ID has the type the credential's ID Type gives it: under As Given, "123" stays text and 123 a
	 * number, under Number both are 123, under Text both are "123"), and has no URL length limit for
	 * long ID lists.
	 */
	method?: 'GET' | 'POST';
	/**
	 * Whether Clerk.io serves it only with the private key. Clerk's read endpoints are public (the
	 * shop's own pages call them), so absent means the public key alone; test/contract checks it.
	 */
	privateKey?: boolean;
	results: ResultKind;
	limit: LimitSpec;
	/** Reshapes the arguments into the body Clerk expects (API v3 Omnisearch). */
	shape?(args: IDataObject): IDataObject;
}

export interface ReadOperations {
	operations: OperationDefinition[];
	/** The parameters of all operations, shared by name (shown per operation via displayOptions). */
	properties: INodeProperties[];
}

/** Page size for endpoints with no documented maximum; 100 is known to work on search/search. */
export const DEFAULT_PAGE_SIZE = 100;

function paging(endpoint: ReadEndpoint): Paging | undefined {
	const { limit, results } = endpoint;
	if (limit === 'none') return undefined;
	const pageLength = (response: Parameters<Paging['pageLength']>[0]) => resultCount(results, response);
	if (!limit.offset) return { maxPageSize: limit.max ?? Infinity, defaultLimit: defaultLimit(limit.max), offset: false, pageLength };
	return {
		maxPageSize: limit.pageSize,
		defaultLimit: defaultLimit(),
		offset: true,
		pageLength,
		total: resultTotal,
		identity: resultIdentity,
		keys: (response) => resultKeys(results, response),
	};
}

const outputMode = (ctx: IExecuteFunctions, itemIndex: number): OutputMode =>
	((ctx.getNodeParameter('options', itemIndex, {}) as IDataObject).output as OutputMode | undefined) ?? 'items';

/** The arguments that say what was asked (query, products, category, visitor…), as sent. */
const INPUTS: ParamName[] = [
	'query',
	'categoryQuery',
	'products',
	'product',
	'category',
	'page',
	'keywords',
	'visitor',
	'email',
	'customer',
];

function inputOf(endpoint: ReadEndpoint, params: IDataObject | undefined): IDataObject {
	const input: IDataObject = {};
	for (const param of [...(endpoint.required ?? []), ...(endpoint.main ?? [])]) {
		const { apiName } = PARAMS[param];
		if (INPUTS.includes(param) && params?.[apiName] !== undefined) input[apiName] = params[apiName];
	}
	return input;
}

function callOf(endpoint: ReadEndpoint): ClerkCall {
	return {
		method: endpoint.method ?? 'POST',
		endpoint: endpoint.endpoint,
		apiVersion: endpoint.apiVersion ?? 'v2',
		privateKey: endpoint.privateKey ?? false,
	};
}

function operation(endpoint: ReadEndpoint): ItemOperation {
	const argsOf = (ctx: IExecuteFunctions, itemIndex: number) => readArgs(ctx, itemIndex, endpoint, `${endpoint.name} input`);
	const { limit } = endpoint;
	return {
		mode: 'item',
		reads: true,
		request(itemIndex) {
			const args = argsOf(this, itemIndex);
			if (limit !== 'none' && !limit.offset && limit.max !== undefined) {
				const max = limit.max;
				const wanted = this.getNodeParameter('limit', itemIndex, defaultLimit(max)) as number;
				checked(this, `${endpoint.name} input`, itemIndex, () => {
					if (wanted > max) {
						throw new FieldError('limit', `Limit is ${wanted}, but Clerk.io returns at most ${max} results on ${endpoint.endpoint}`);
					}
				});
			}
			return {
				...callOf(endpoint),
				params: endpoint.shape ? endpoint.shape(args) : args,
				idempotent: true,
			};
		},
		toOutput(response, itemIndex) {
			return resultItems(endpoint.results, response, outputMode(this, itemIndex) === 'raw' ? 'raw' : 'items');
		},
		complete(results, itemIndex, request, first) {
			const mode = outputMode(this, itemIndex);
			if (mode === 'raw') return results;
			const input = inputOf(endpoint, request.params);
			if (mode === 'itemsAndFacets') {
				const hits = resultTotal(first) ?? results.length;
				return [{ ...input, hits, facets: resultFacets(first) }, ...results];
			}
			// Nothing found still answers the input item, so "nothing for X" can be reported downstream.
			return results.length > 0 ? results : [{ ...input, hits: 0 }];
		},
		paging: paging(endpoint),
	};
}

const byDisplayName = (a: INodeProperties, b: INodeProperties) => a.displayName.localeCompare(b.displayName);

/** The operations and the shared, generated parameters of one resource's read endpoints. */
export function readOperations(resource: string, endpoints: ReadEndpoint[]): ReadOperations {
	const show = (list: ReadEndpoint[], extra: IDataObject = {}) => ({
		show: { resource: [resource], operation: list.map((endpoint) => endpoint.value), ...extra },
	});
	const grouped = (
		key: (endpoint: ReadEndpoint) => string | undefined,
		build: (key: string, list: ReadEndpoint[]) => INodeProperties,
	): INodeProperties[] => {
		const groups = new Map<string, ReadEndpoint[]>();
		for (const endpoint of endpoints) {
			const group = key(endpoint);
			if (group !== undefined) groups.set(group, [...(groups.get(group) ?? []), endpoint]);
		}
		return [...groups].map(([group, list]) => build(group, list));
	};

	// One property per argument and requiredness, shown on every operation that takes it; an argument
	// whose default names the operation gets one property per operation.
	const ownFields = (Object.keys(PARAMS) as ParamName[]).flatMap((param) =>
		(['required', 'main'] as const).flatMap((place) => {
			const list = endpoints.filter((endpoint) => endpoint[place]?.includes(param));
			const spec: ParamSpec = PARAMS[param];
			const groups = spec.defaultFor ? list.map((endpoint) => [endpoint]) : list.length ? [list] : [];
			return groups.map((group) => ({
				...paramProperty(param, place === 'required', group[0].name),
				displayOptions: show(group),
			}));
		}),
	);

	const paged = endpoints.filter((endpoint) => endpoint.limit !== 'none' && endpoint.limit.offset);
	const returnAll: INodeProperties[] = paged.length
		? [
				{
					displayName: 'Return All',
					name: 'returnAll',
					type: 'boolean',
					default: false,
					description: 'Whether to return all results or only up to a given limit',
					displayOptions: show(paged),
				},
			]
		: [];
	const limits = grouped(
		(endpoint) =>
			endpoint.limit === 'none' ? undefined : endpoint.limit.offset ? 'paged' : String(endpoint.limit.max ?? ''),
		(group, list): INodeProperties => {
			const max = group === 'paged' || group === '' ? undefined : Number(group);
			return {
				...LIMIT,
				// A documented maximum below n8n's usual default of 50 becomes the default.
				...(max ? { typeOptions: { minValue: 1, maxValue: max }, default: defaultLimit(max) } : {}),
				displayOptions: show(list, group === 'paged' ? { returnAll: [false] } : {}),
			};
		},
	);

	const options = endpoints.map(
		(endpoint): INodeProperties => ({
			displayName: 'Options',
			name: 'options',
			type: 'collection',
			placeholder: 'Add Option',
			default: {},
			displayOptions: show([endpoint]),
			options: [
				...(endpoint.optional ?? []).map((param) => paramProperty(param, false)),
				...(endpoint.results === 'attributeRows' ? [] : [outputOption(endpoint.optional?.includes('facets') ?? false)]),
			].sort(byDisplayName),
		}),
	);

	return {
		operations: endpoints.map((endpoint) => ({
			option: {
				name: endpoint.name,
				value: endpoint.value,
				action: endpoint.action,
				description: endpoint.description,
			},
			properties: [],
			operation: operation(endpoint),
			call: callOf(endpoint),
		})),
		properties: [
			...ownFields,
			...returnAll,
			...limits,
			...options,
			{ ...requestOptionsCollection(false), displayOptions: show(endpoints) },
		],
	};
}
