// @ts-check
/**
 * Every endpoint of the Clerk.io API reference (../shared/clerk-api.md §3–§9), with the node operation
 * that calls it, or the reason none does. `call` is the request the operation sends (v3 endpoints are
 * prefixed "v3:"). The coverage test runs each operation against the sandbox and checks the call; the
 * README's operations table is generated from this list (scripts/operations-table.js).
 */
const op = (call, section, operation) => ({ call, section, operation });
const none = (call, section, reason) => ({ call, section, reason });

const crud = (path, resource, section, { create = 'upsert', remove = true } = {}) => [
	op(`GET ${path}`, section, `${resource}:get`),
	op(`POST ${path}`, section, `${resource}:${create}`),
	op(`PATCH ${path}`, section, `${resource}:update`),
	...(remove ? [op(`DELETE ${path}`, section, `${resource}:delete`)] : []),
];

const recommendations = [
	['popular', 'popular'],
	['trending', 'trending'],
	['new', 'new'],
	['currently_watched', 'currentlyWatched'],
	['recently_bought', 'recentlyBought'],
	['keywords', 'keywords'],
	['complementary', 'complementary'],
	['substituting', 'substituting'],
	['most_sold_with', 'mostSoldWith'],
	['bundle', 'bundle'],
	['category/popular', 'categoryPopular'],
	['category/trending', 'categoryTrending'],
	['category/new', 'categoryNew'],
	['category/popular_subcategories', 'categoryPopularSubcategories'],
	['category/complementary', 'categoryComplementary'],
	['visitor/history', 'visitorHistory'],
	['visitor/complementary', 'visitorComplementary'],
	['visitor/substituting', 'visitorSubstituting'],
	['customer/history', 'customerHistory'],
	['customer/complementary', 'customerComplementary'],
	['customer/substituting', 'customerSubstituting'],
	['page/product', 'pageProduct'],
	['page/category', 'pageCategory'],
	['page/substituting', 'pageSubstituting'],
	['page/related_products', 'pageRelatedProducts'],
	['page/related_categories', 'pageRelatedCategories'],
];

const GET_ONLY = new Set(['recently_bought', 'keywords', 'category/popular_subcategories', 'category/complementary']);

const endpoints = [
	op('POST search/search', '§3', 'search:search'),
	op('POST search/predictive', '§3', 'search:predictive'),
	op('POST search/suggestions', '§3', 'search:suggestions'),
	op('POST search/categories', '§3', 'search:categories'),
	op('POST search/pages', '§3', 'search:pages'),
	op('GET search/popular', '§3', 'search:popular'),
	// GET where the reference page shows no POST sample of its own (test/contract/contract.js).
	...recommendations.map(([path, operation]) =>
		op(`${GET_ONLY.has(path) ? 'GET' : 'POST'} recommendations/${path}`, '§4', `recommendation:${operation}`),
	),
	none(
		'GET recommendations/specific',
		'§4',
		'Only in a plugin endpoint map; it takes nothing but a limit (the products are set up in my.clerk.io), so a workflow has nothing to ask it.',
	),
	...crud('products', 'product', '§5.1'),
	...crud('categories', 'category', '§5.1', { remove: false }),
	none(
		'DELETE categories',
		'§5.1',
		'Not documented by Clerk.io: an answer of "ok" could report deletions that never happened. Categories missing from a full data feed are removed.',
	),
	...crud('orders', 'order', '§5.1'),
	...crud('customers', 'customer', '§5.1'),
	...crud('pages', 'page', '§5.1'),
	...crud('orders/parcels', 'parcel', '§5.1', { create: 'create' }),
	...crud('accessories', 'accessory', '§5.1'),
	none('POST product/add', '§5.2', 'Older form of POST /products (Product › Create or Update), which does the same.'),
	none('GET product/remove', '§5.2', 'Older form of DELETE /products (Product › Delete), which does the same.'),
	op('GET product/attributes', '§5.2', 'product:getAttributes'),
	op('GET product/facets', '§5.2', 'product:getFacets'),
	...crud('synonyms', 'synonym', '§5.3'),
	...crud('redirects/', 'redirect', '§5.3'),
	...crud('customized_search', 'searchRule', '§5.3'),
	...crud('merchandising', 'campaign', '§5.3', { create: 'create' }),
	...crud('audiences', 'audience', '§5.4', { create: 'create' }),
	op('GET audiences/list', '§5.4', 'audience:list'),
	op('GET audiences/emails', '§5.4', 'audience:getEmails'),
	op('GET subscriber/subscribe', '§5.4', 'subscriber:subscribe'),
	op('GET subscriber/unsubscribe', '§5.4', 'subscriber:unsubscribe'),
	none(
		'GET campaigns/embed',
		'§5.4',
		'Answers with a redirect to a rendered product image, meant as the src of an <img> in an email; the URL belongs in the email template, not in a workflow call.',
	),
	none(
		'GET campaigns/click',
		'§5.4',
		"Answers with a redirect to a product page, meant as the href of a link in an email; the URL belongs in the email template, not in a workflow call.",
	),
	op('POST privacy/info', '§5.5', 'privacy:getData'),
	op('POST privacy/forget', '§5.5', 'privacy:forget'),
	op('POST log/sale', '§6', 'tracking:logSale'),
	op('POST log/click', '§6', 'tracking:logClick'),
	op('POST log/product', '§6', 'tracking:logProduct'),
	op('POST log/category', '§6', 'tracking:logCategory'),
	op('GET log/email', '§6', 'tracking:logEmail'),
	op('POST log/returned', '§6', 'tracking:logReturned'),
	op('GET log/cart/add', '§6', 'tracking:cartAdd'),
	op('GET log/cart/remove', '§6', 'tracking:cartRemove'),
	op('GET log/cart/update', '§6', 'tracking:cartUpdate'),
	op('POST log/basket/set', '§6', 'tracking:basketSet'),
	op('POST log/debug', '§6', 'tracking:logDebug'),
	op('GET client/account/info', '§7.1', 'account:getInfo'),
	op('GET client/account/content/list', '§7.1', 'account:listContent'),
	op('GET client/account/importer/start', '§7.1', 'account:startImport'),
	op('GET token/verify', '§7.3', 'token:verify'),
	op('POST v3:search/omni', '§9', 'search:omniV3'),
	op('POST v3:search/products', '§9', 'search:productsV3'),
	op('GET v3:search/categories', '§9', 'search:categoriesV3'),
	none(
		'GET v3:misc/visitor_id',
		'§9',
		"Returns the calling browser's visitor ID; called from n8n it would only identify the n8n server. Pass the shopper's visitor ID from your site instead.",
	),
];

/**
 * Operations that send an endpoint already listed above for another operation (so it is not counted
 * twice): Import From File sends what Create or Update sends, from a file.
 */
const alsoCalledBy = ['product', 'category', 'order', 'customer', 'page'].map((resource) => ({
	call: `POST ${{ product: 'products', category: 'categories', order: 'orders', customer: 'customers', page: 'pages' }[resource]}`,
	operation: `${resource}:importFromFile`,
}));

module.exports = { endpoints, alsoCalledBy };
