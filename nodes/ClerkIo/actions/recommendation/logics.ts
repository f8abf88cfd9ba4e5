/**
 * Clerk.io's recommendation logics (docs.clerk.io/reference) as one table. Every operation of the
 * Recommendation resource, with its parameters and request, is generated from these rows.
 *
 * Left out: `recommendations/specific`. It appears only in the Magento 2 plugin's endpoint map, takes
 * nothing but `limit`, and which products it returns is configured in my.clerk.io, so there is nothing
 * for a workflow to ask for. `recommendations/category/complementary` (same source) is included but
 * marked undocumented: its arguments (`category`, `limit`) are all the plugin shows.
 */
import type { ParamName } from '../readParams';
import { DEFAULT_PAGE_SIZE, type ReadEndpoint } from '../readOperations';

export interface Logic {
	/** Path after `recommendations/`. */
	endpoint: string;
	name: string;
	action: string;
	/** What it returns and when to use it (read by AI agents too). */
	description: string;
	/** Arguments Clerk requires besides `limit`. */
	needs?: ParamName[];
	/** Arguments it takes besides the common ones. */
	takes?: ParamName[];
	/** What the logic returns when not products. */
	returns?: 'pages' | 'categories';
	/** Whether Clerk pages it with `offset` (then Return All is offered). */
	paged?: boolean;
	/** Which product filters the reference lists for it: all (default), only `exclude`, or none. */
	filters?: 'all' | 'exclude' | 'none';
	/** Its reference page shows only GET (or a POST sample copied from another page). */
	getOnly?: boolean;
	/** The reference lists neither `labels` nor `attributes` for it. */
	bare?: boolean;
	deprecated?: boolean;
	undocumented?: boolean;
}


export const logics: Logic[] = [
	{
		endpoint: 'popular',
		name: 'Best Sellers',
		action: 'Recommend the best-selling products of the shop',
		description: 'Get the products in most orders over a long period',
		takes: ['facets'],
		paged: true,
	},
	{
		endpoint: 'trending',
		name: 'Trending Products',
		action: 'Recommend the products whose sales grow the most right now',
		description: 'Get the products whose sales grow the most right now',
		takes: ['facets'],
		paged: true,
	},
	{
		endpoint: 'new',
		name: 'Newest Products',
		action: 'Recommend the most recently added products (new arrivals)',
		description: 'Get the most recently added products',
		filters: 'exclude',
	},
	{
		endpoint: 'currently_watched',
		name: 'Currently Watched',
		action: 'Recommend the products other visitors are looking at right now',
		description: 'Get the products other visitors are looking at right now',
		filters: 'exclude',
	},
	{
		endpoint: 'recently_bought',
		name: 'Recently Bought',
		action: 'Recommend the products bought most recently in the shop',
		description: 'Get the products bought most recently in the shop',
		getOnly: true,
	},
	{
		endpoint: 'keywords',
		name: 'Products for Keywords',
		action: 'Recommend products for keywords, such as a blog post title or an email subject',
		description: 'Get products that fit a text, such as a blog title or an email subject',
		needs: ['keywords'],
		// The POST sample on its page calls recommendations/currently_watched.
		getOnly: true,
	},
	{
		endpoint: 'complementary',
		name: 'Best Cross-Sell',
		action: 'Recommend products often bought together with given products (comma-separated product IDs)',
		description: 'Get products often bought together with the given ones (cross-sell)',
		needs: ['products'],
	},
	{
		endpoint: 'substituting',
		name: 'Best Alternatives',
		action: 'Recommend alternatives to given products (comma-separated product IDs)',
		description: 'Get products bought instead of the given ones (alternatives)',
		needs: ['products'],
	},
	{
		endpoint: 'most_sold_with',
		name: 'Most Sold With',
		action: 'Get the products most often sold with given products (comma-separated product IDs)',
		description: 'Get the products sold with the given ones most often',
		needs: ['products'],
	},
	{
		endpoint: 'bundle',
		name: 'Bundle (Deprecated)',
		action: 'Recommend products to bundle with one product ID (deprecated: use Best Cross-Sell)',
		description: 'Get products to bundle with one product (deprecated: use Best Cross-Sell)',
		needs: ['product'],
		filters: 'none',
		deprecated: true,
	},
	{
		endpoint: 'category/popular',
		name: 'Best Sellers in Category',
		action: 'Recommend the best-selling products of a category, by category ID',
		description: 'Get the best-selling products of a category and its subcategories',
		needs: ['category'],
		takes: ['facets', 'orderBy', 'order'],
		paged: true,
	},
	{
		endpoint: 'category/trending',
		name: 'Trending in Category',
		action: 'Recommend the trending products of a category, by category ID',
		description: 'Get the products of a category whose sales grow the most right now',
		needs: ['category'],
		takes: ['facets'],
		paged: true,
	},
	{
		endpoint: 'category/new',
		name: 'Newest in Category',
		action: 'Recommend the newest products of a category, by category ID',
		description: 'Get the most recently added products of a category',
		needs: ['category'],
	},
	{
		endpoint: 'category/popular_subcategories',
		name: 'Popular Subcategories',
		action: 'Get the most popular subcategories of a category, by category ID',
		description: 'Get the subcategories of a category, most popular first',
		needs: ['category'],
		takes: ['order'],
		returns: 'categories',
		paged: true,
		// The POST sample on its page calls recommendations/category/popular.
		getOnly: true,
		bare: true,
	},
	{
		endpoint: 'category/complementary',
		name: 'Complementary to Category (Undocumented)',
		action: 'Recommend products bought with the products of a category, by category ID (undocumented)',
		description: 'Get products bought with those of a category (undocumented)',
		needs: ['category'],
		filters: 'none',
		// What the Magento 2 plugin sends.
		getOnly: true,
		undocumented: true,
	},
	{
		endpoint: 'visitor/history',
		name: 'Visitor History',
		action: 'Get the products a visitor viewed or clicked, by visitor ID',
		description: 'Get the products a visitor clicked or viewed, latest first',
		needs: ['visitor'],
		takes: ['email'],
	},
	{
		endpoint: 'visitor/complementary',
		name: 'Visitor Recommendations',
		action: 'Recommend products for a visitor from their on-site activity, by visitor ID',
		description: 'Get personal recommendations from a visitor\'s on-site activity',
		needs: ['visitor'],
		takes: ['email'],
	},
	{
		endpoint: 'visitor/substituting',
		name: 'Visitor Alternatives',
		action: 'Recommend alternatives to the products a visitor viewed, by visitor ID',
		description: 'Get alternatives to the products a visitor looked at',
		needs: ['visitor'],
		takes: ['email'],
	},
	{
		endpoint: 'customer/history',
		name: 'Customer History',
		action: 'Get the products a customer ordered, by customer ID or email',
		description: 'Get the products a customer ordered, latest first',
		needs: ['email'],
		takes: ['customer'],
	},
	{
		endpoint: 'customer/complementary',
		name: 'Customer Recommendations',
		action: 'Recommend products that go with what a customer ordered, by customer ID or email',
		description: 'Get products that go with what a customer ordered before',
		needs: ['email'],
		takes: ['customer'],
	},
	{
		endpoint: 'customer/substituting',
		name: 'Customer Alternatives',
		action: 'Recommend replacements for products a customer ordered, by customer ID or email',
		description: 'Get replacements for the products a customer ordered',
		needs: ['email'],
		takes: ['customer'],
	},
	{
		endpoint: 'page/product',
		name: 'Pages for Product',
		action: 'Get content pages (blog posts, guides) related to a product, by product ID',
		description: 'Get content pages (blog posts, guides…) related to a product',
		needs: ['product'],
		takes: ['pageType'],
		returns: 'pages',
	},
	{
		endpoint: 'page/category',
		name: 'Pages for Category',
		action: 'Get content pages related to a category, by category ID',
		description: 'Get content pages related to a category',
		needs: ['category'],
		takes: ['pageType'],
		returns: 'pages',
	},
	{
		endpoint: 'page/substituting',
		name: 'Similar Pages',
		action: 'Get content pages similar to a content page, by page ID',
		description: 'Get content pages similar to a given page',
		needs: ['page'],
		takes: ['pageType'],
		returns: 'pages',
	},
	{
		endpoint: 'page/related_products',
		name: 'Products for Page',
		action: 'Recommend products related to a content page, by page ID',
		description: 'Get products related to a content page, e.g. under a blog post',
		needs: ['page'],
		filters: 'none',
	},
	{
		endpoint: 'page/related_categories',
		name: 'Categories for Page',
		action: 'Get categories related to a content page, by page ID',
		description: 'Get categories related to a content page',
		needs: ['page'],
		returns: 'categories',
	},
];

const FILTERS: Record<NonNullable<Logic['filters']>, ParamName[]> = {
	all: ['attributes', 'exclude', 'filter'],
	exclude: ['attributes', 'exclude'],
	none: ['attributes'],
};

/** Attributes of the results: product attributes, or those of the pages or categories returned. */
function resultOptions(logic: Logic): ParamName[] {
	if (logic.bare) return [];
	if (logic.returns === 'pages') return ['pageAttributes'];
	if (logic.returns === 'categories') return ['categoryAttributes'];
	return FILTERS[logic.filters ?? 'all'];
}

/** `category/popular_subcategories` → `categoryPopularSubcategories`. */
export const operationValue = (endpoint: string) =>
	endpoint.replace(/[/_](\w)/g, (_, letter: string) => letter.toUpperCase());

/** The read endpoint behind one logic. */
export function logicEndpoint(logic: Logic): ReadEndpoint {
	const needs = logic.needs ?? [];
	return {
		value: operationValue(logic.endpoint),
		name: logic.name,
		action: logic.action,
		description: logic.description,
		endpoint: `recommendations/${logic.endpoint}`,
		...(logic.getOnly ? { method: 'GET' as const } : {}),
		required: needs,
		main: logic.bare ? [] : ['labels'],
		optional: [...resultOptions(logic), ...(logic.takes ?? []), 'visitor' as const].filter((param) => !needs.includes(param)),
		results: logic.returns ?? 'products',
		// No maximum `limit` is documented for recommendations (docs.clerk.io/reference); pages use the safe default.
		limit: logic.paged ? { offset: true, pageSize: DEFAULT_PAGE_SIZE } : { offset: false },
	};
}
