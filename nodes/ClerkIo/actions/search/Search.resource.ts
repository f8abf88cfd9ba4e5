/**
 * Clerk.io search (clerk-api.md §3) and the API v3 beta search (§9), as one table of endpoints.
 */
import type { IDataObject } from 'n8n-workflow';

import type { ResourceDefinition } from '../../helpers/interfaces';
import { DEFAULT_PAGE_SIZE, readOperations, type ReadEndpoint } from '../readOperations';
import type { ParamName } from '../readParams';

// Clerk documents `limit` ≤ 10 for every search endpoint but search/search (§1.6).
const UP_TO_10 = { offset: false, max: 10 } as const;
// The reference lists `labels` on search/search and search/predictive only (and v3 takes them).
const LABELLED = { main: ['labels'] as ParamName[] };

/** Omnisearch takes one search per index; an index with limit 0 is not searched. */
function omniBody({ productsLimit, categoriesLimit, pagesLimit, attributes, ...rest }: IDataObject): IDataObject {
	const searches: IDataObject = {};
	const add = (index: string, limit: unknown, extra: IDataObject = {}) => {
		if (typeof limit === 'number' && limit > 0) searches[index] = { index, limit, ...extra };
	};
	add('products', productsLimit, attributes ? { attributes } : {});
	add('categories', categoriesLimit);
	add('pages', pagesLimit);
	return { ...rest, searches };
}

const BETA =
	'Beta: Clerk.io API v3 is still in development, so its parameters and answers may change. Results are full objects (not IDs).';

export const searchEndpoints: ReadEndpoint[] = [
	{
		value: 'search',
		name: 'Search Products',
		action: 'Search products',
		description:
			'Full product search for a query, ranked by Clerk.io (sales, behaviour and text match). Returns one item per product with the chosen attributes. Use it to find products matching words, with optional filter, facets and sorting.',
		endpoint: 'search/search',
		required: ['query'],
		...LABELLED,
		optional: ['attributes', 'exclude', 'facets', 'filter', 'language', 'longtail', 'orderBy', 'order', 'visitor'],
		results: 'products',
		limit: { offset: true, pageSize: DEFAULT_PAGE_SIZE },
	},
	{
		value: 'predictive',
		name: 'Predictive Search',
		action: 'Search products as the query is typed',
		description:
			'Search-as-you-type for an unfinished query (at most 10 products). Returns one item per product. Use it for instant results while a query is still being typed.',
		endpoint: 'search/predictive',
		required: ['query'],
		...LABELLED,
		optional: ['attributes', 'exclude', 'facets', 'filter', 'language', 'visitor'],
		results: 'products',
		limit: UP_TO_10,
	},
	{
		value: 'suggestions',
		name: 'Search Suggestions',
		action: 'Get search suggestions',
		description:
			'Completes a partial query into popular full queries (at most 10). Returns one item per suggestion as {query}. Use it to autocomplete or to rephrase what a shopper typed.',
		endpoint: 'search/suggestions',
		required: ['query'],
		optional: ['language', 'visitor'],
		results: 'queries',
		limit: UP_TO_10,
	},
	{
		value: 'categories',
		name: 'Search Categories',
		action: 'Search categories',
		description:
			'Finds categories matching a query, most relevant and popular first (at most 10; empty query = all). Returns one item per category (ID, name, URL).',
		endpoint: 'search/categories',
		main: ['categoryQuery'],
		optional: ['language', 'visitor'],
		results: 'categories',
		limit: UP_TO_10,
	},
	{
		value: 'pages',
		name: 'Search Pages',
		action: 'Search content pages',
		description:
			'Finds content pages (blog posts, CMS pages…) matching a query (at most 10). Returns one item per page (ID, type, name, URL).',
		endpoint: 'search/pages',
		required: ['query'],
		optional: ['pageType', 'language', 'visitor'],
		results: 'pages',
		limit: UP_TO_10,
	},
	{
		value: 'popular',
		name: 'Popular Queries',
		action: 'Get popular search queries',
		description:
			'The most searched queries of the last two days (at most 10). Returns one item per query as {query}. Use it to see what shoppers look for.',
		endpoint: 'search/popular',
		// Its reference page shows GET only (the POST sample there is copied from search/suggestions).
		method: 'GET',
		optional: ['language', 'visitor'],
		results: 'queries',
		limit: UP_TO_10,
	},
	{
		value: 'omniV3',
		name: 'Omnisearch (Beta)',
		action: 'Search products, categories and pages at once (beta)',
		description: `Searches products, categories and pages in one call. Returns one item per result, with resultType "products", "categories" or "pages". ${BETA}`,
		endpoint: 'search/omni',
		apiVersion: 'v3',
		required: ['query'],
		main: ['productsLimit', 'categoriesLimit', 'pagesLimit', 'labels'],
		optional: ['attributes', 'visitor'],
		results: 'omni',
		limit: 'none',
		shape: omniBody,
	},
	{
		value: 'productsV3',
		name: 'Search Products (Beta)',
		action: 'Search products with API v3 (beta)',
		description: `Product search of API v3, with semantic search and sort rules. Returns one item per product. ${BETA}`,
		endpoint: 'search/products',
		apiVersion: 'v3',
		required: ['query'],
		...LABELLED,
		optional: ['attributes', 'facets', 'filter', 'semantic', 'sort', 'visitor'],
		results: 'objects',
		limit: { offset: true, pageSize: DEFAULT_PAGE_SIZE },
	},
	{
		value: 'categoriesV3',
		name: 'Search Categories (Beta)',
		action: 'Search categories with API v3 (beta)',
		description: `Category search of API v3 (empty query = all categories). Returns one item per category. ${BETA}`,
		endpoint: 'search/categories',
		apiVersion: 'v3',
		// The only v3 endpoint documented with GET (and only GET).
		method: 'GET',
		main: ['categoryQuery', 'labels'],
		optional: ['categoryAttributes', 'content', 'filter', 'language', 'semantic', 'visitor'],
		results: 'objects',
		limit: { offset: true, pageSize: DEFAULT_PAGE_SIZE },
	},
];

const search = readOperations('search', searchEndpoints);

export const searchResource: ResourceDefinition = {
	value: 'search',
	name: 'Search',
	description: 'Search products, categories, pages and queries the way shoppers do',
	operations: search.operations,
	properties: search.properties,
};
