/**
 * Clerk.io search (docs.clerk.io/reference) and the API v3 beta search (docs.clerk.io/v3/reference), as one table of endpoints.
 */
import type { IDataObject } from 'n8n-workflow';

import type { ResourceDefinition } from '../../helpers/interfaces';
import { DEFAULT_PAGE_SIZE, readOperations, type ReadEndpoint } from '../readOperations';
import type { ParamName } from '../readParams';

// Clerk documents `limit` ≤ 10 for every search endpoint but search/search (docs.clerk.io/reference).
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


export const searchEndpoints: ReadEndpoint[] = [
	{
		value: 'search',
		name: 'Search Products',
		action: 'Search products by query words, with an optional filter in Clerk syntax, e.g. price < 100 and brand = "Acme"',
		description: 'Search products for a query, with filters, facets and sorting',
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
		action: 'Search products for an unfinished query, as typed (at most 10 results)',
		description: 'Get instant product results for a query still being typed (up to 10)',
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
		action: 'Complete a partial search query into popular full queries (at most 10)',
		description: 'Complete a partial query into popular full queries (up to 10)',
		endpoint: 'search/suggestions',
		required: ['query'],
		optional: ['language', 'visitor'],
		results: 'queries',
		limit: UP_TO_10,
	},
	{
		value: 'categories',
		name: 'Search Categories',
		action: 'Search categories by query words (empty query: all categories)',
		description: 'Find categories matching a query (up to 10; empty query: all)',
		endpoint: 'search/categories',
		main: ['categoryQuery'],
		optional: ['language', 'visitor'],
		results: 'categories',
		limit: UP_TO_10,
	},
	{
		value: 'pages',
		name: 'Search Pages',
		action: 'Search content pages (blog posts, CMS pages) by query words',
		description: 'Find blog posts and other content pages matching a query (up to 10)',
		endpoint: 'search/pages',
		required: ['query'],
		optional: ['pageType', 'language', 'visitor'],
		results: 'pages',
		limit: UP_TO_10,
	},
	{
		value: 'popular',
		name: 'Popular Queries',
		action: 'Get the most searched queries of the last two days',
		description: 'Get the most searched queries of the last two days (up to 10)',
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
		action: 'Search products, categories and pages at once by query words (API v3 beta)',
		description: 'Search products, categories and pages in one call (API v3 beta)',
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
		action: 'Search products by query words with API v3 (beta), optional filter e.g. price < 100 and brand = "Acme"',
		description: 'Search products with API v3, with semantic search and sort rules',
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
		action: 'Search categories by query words with API v3 (beta; empty query: all)',
		description: 'Search categories with API v3 (empty query: all categories)',
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
