/**
 * Clerk.io's recommendation logics (clerk-api.md §4) as one table. Every operation of the
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

const ONE_PER_PRODUCT = 'Returns one item per product with the chosen attributes.';

export const logics: Logic[] = [
	{
		endpoint: 'popular',
		name: 'Best Sellers',
		action: 'Get best seller recommendations',
		description: `The products in most orders over a long period. ${ONE_PER_PRODUCT} Use it for "best sellers" or "top products" lists.`,
		takes: ['facets'],
		paged: true,
	},
	{
		endpoint: 'trending',
		name: 'Trending Products',
		action: 'Get trending product recommendations',
		description: `The products whose sales grow the most right now ("hot products"). ${ONE_PER_PRODUCT}`,
		takes: ['facets'],
		paged: true,
	},
	{
		endpoint: 'new',
		name: 'Newest Products',
		action: 'Get newest product recommendations',
		description: `The most recently added products. ${ONE_PER_PRODUCT} Use it for "new arrivals".`,
		filters: 'exclude',
	},
	{
		endpoint: 'currently_watched',
		name: 'Currently Watched',
		action: 'Get currently watched product recommendations',
		description: `The products other visitors are looking at right now. ${ONE_PER_PRODUCT}`,
		filters: 'exclude',
	},
	{
		endpoint: 'recently_bought',
		name: 'Recently Bought',
		action: 'Get recently bought product recommendations',
		description: `The products bought most recently in the shop. ${ONE_PER_PRODUCT}`,
		getOnly: true,
	},
	{
		endpoint: 'keywords',
		name: 'Products for Keywords',
		action: 'Get product recommendations for keywords',
		description: `Products that fit a text, such as a blog post title or an email subject. ${ONE_PER_PRODUCT}`,
		needs: ['keywords'],
		// The POST sample on its page calls recommendations/currently_watched.
		getOnly: true,
	},
	{
		endpoint: 'complementary',
		name: 'Best Cross-Sell',
		action: 'Get cross-sell recommendations for products',
		description: `Products often bought together with the given products (complementary, cross-sell). ${ONE_PER_PRODUCT} Use it for "goes well with" on a product page or in a basket.`,
		needs: ['products'],
	},
	{
		endpoint: 'substituting',
		name: 'Best Alternatives',
		action: 'Get alternative product recommendations',
		description: `Products bought instead of the given products (alternatives, substitutes). ${ONE_PER_PRODUCT} Use it for "similar products".`,
		needs: ['products'],
	},
	{
		endpoint: 'most_sold_with',
		name: 'Most Sold With',
		action: 'Get products most sold with products',
		description: `The products sold together with the given products most often. ${ONE_PER_PRODUCT}`,
		needs: ['products'],
	},
	{
		endpoint: 'bundle',
		name: 'Bundle (Deprecated)',
		action: 'Get bundle recommendations for a product (deprecated)',
		description: `Deprecated by Clerk.io: use Best Cross-Sell instead. Products to bundle with one product. ${ONE_PER_PRODUCT}`,
		needs: ['product'],
		filters: 'none',
		deprecated: true,
	},
	{
		endpoint: 'category/popular',
		name: 'Best Sellers in Category',
		action: 'Get best seller recommendations in a category',
		description: `The best-selling products of a category and its subcategories. ${ONE_PER_PRODUCT}`,
		needs: ['category'],
		takes: ['facets', 'orderBy', 'order'],
		paged: true,
	},
	{
		endpoint: 'category/trending',
		name: 'Trending in Category',
		action: 'Get trending product recommendations in a category',
		description: `The products of a category whose sales grow the most right now. ${ONE_PER_PRODUCT}`,
		needs: ['category'],
		takes: ['facets'],
		paged: true,
	},
	{
		endpoint: 'category/new',
		name: 'Newest in Category',
		action: 'Get newest product recommendations in a category',
		description: `The most recently added products of a category. ${ONE_PER_PRODUCT}`,
		needs: ['category'],
	},
	{
		endpoint: 'category/popular_subcategories',
		name: 'Popular Subcategories',
		action: 'Get popular subcategories of a category',
		description:
			'The subcategories of a category, most popular first. Returns one item per category (ID, name, URL). Use it to build category navigation.',
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
		action: 'Get complementary product recommendations for a category (undocumented)',
		description: `Undocumented: only Clerk.io's Magento 2 plugin calls it. Products bought together with the products of a category. ${ONE_PER_PRODUCT}`,
		needs: ['category'],
		filters: 'none',
		// What the Magento 2 plugin sends.
		getOnly: true,
		undocumented: true,
	},
	{
		endpoint: 'visitor/history',
		name: 'Visitor History',
		action: 'Get the product history of a visitor',
		description: `The products a visitor clicked or viewed, latest first. ${ONE_PER_PRODUCT} An email, when given, is used instead of the visitor ID.`,
		needs: ['visitor'],
		takes: ['email'],
	},
	{
		endpoint: 'visitor/complementary',
		name: 'Visitor Recommendations',
		action: 'Get personal recommendations for a visitor',
		description: `Personal recommendations from a visitor's on-site activity. ${ONE_PER_PRODUCT} Use it for "recommended for you".`,
		needs: ['visitor'],
		takes: ['email'],
	},
	{
		endpoint: 'visitor/substituting',
		name: 'Visitor Alternatives',
		action: 'Get alternatives to what a visitor viewed',
		description: `Alternatives to the products a visitor looked at. ${ONE_PER_PRODUCT}`,
		needs: ['visitor'],
		takes: ['email'],
	},
	{
		endpoint: 'customer/history',
		name: 'Customer History',
		action: 'Get the order history of a customer',
		description: `The products a customer ordered, latest first. ${ONE_PER_PRODUCT}`,
		needs: ['email'],
		takes: ['customer'],
	},
	{
		endpoint: 'customer/complementary',
		name: 'Customer Recommendations',
		action: 'Get personal recommendations for a customer',
		description: `Products that go with what a customer ordered before. ${ONE_PER_PRODUCT} Use it for personal emails and newsletters.`,
		needs: ['email'],
		takes: ['customer'],
	},
	{
		endpoint: 'customer/substituting',
		name: 'Customer Alternatives',
		action: 'Get alternatives to what a customer ordered',
		description: `Replacements for the products in a customer's order history. ${ONE_PER_PRODUCT}`,
		needs: ['email'],
		takes: ['customer'],
	},
	{
		endpoint: 'page/product',
		name: 'Pages for Product',
		action: 'Get content pages related to a product',
		description: 'Content pages (blog posts, guides…) related to a product. Returns one item per page (ID, type, name, URL).',
		needs: ['product'],
		takes: ['pageType'],
		returns: 'pages',
	},
	{
		endpoint: 'page/category',
		name: 'Pages for Category',
		action: 'Get content pages related to a category',
		description: 'Content pages related to a category. Returns one item per page (ID, type, name, URL).',
		needs: ['category'],
		takes: ['pageType'],
		returns: 'pages',
	},
	{
		endpoint: 'page/substituting',
		name: 'Similar Pages',
		action: 'Get content pages similar to a page',
		description: 'Content pages similar to a given page. Returns one item per page (ID, type, name, URL). Use it for "read more".',
		needs: ['page'],
		takes: ['pageType'],
		returns: 'pages',
	},
	{
		endpoint: 'page/related_products',
		name: 'Products for Page',
		action: 'Get products related to a content page',
		description: `Products related to a content page, e.g. to show under a blog post. ${ONE_PER_PRODUCT}`,
		needs: ['page'],
		filters: 'none',
	},
	{
		endpoint: 'page/related_categories',
		name: 'Categories for Page',
		action: 'Get categories related to a content page',
		description: 'Categories related to a content page. Returns one item per category (ID, name, subcategories, parent, URL).',
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
		// No maximum `limit` is documented for recommendations (§1.6); pages use the safe default.
		limit: logic.paged ? { offset: true, pageSize: DEFAULT_PAGE_SIZE } : { offset: false },
	};
}
