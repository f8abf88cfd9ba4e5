// @ts-check
/**
 * The contract the node is held to: Clerk's published API reference (reference.json, our digest of
 * it) plus every deliberate deviation from it, each with its source. `check` lists what is wrong with
 * one request the node sent; the contract test fails on anything not recorded here.
 */
const reference = require('./reference.json');

/**
 * @typedef {{method: string, path: string, in: 'query' | 'body', required: string[], optional: string[],
 *   samples: string[], sampleArgs?: Record<string, string[]>, sampleUrl?: Record<string, string>, notes?: string}} Operation
 * @typedef {{call: string, kind: string, source: string, in?: 'query' | 'body', required?: string[], optional?: string[],
 *   extra?: string[], instead?: Record<string, string>}} Deviation
 */

/** @type {Operation[]} */
const operations = reference.operations;

/** `METHOD path` for v2, `METHOD v3:path` for v3. */
const callOf = (/** @type {string} */ method, /** @type {string} */ path, version = 'v2') =>
	`${method} ${version === 'v3' ? 'v3:' : ''}${path}`;

const byCall = new Map(operations.map((operation) => [callOf(operation.method, operation.path), operation]));

/**
 * Read and tracking endpoints documented as GET whose reference page also shows a POST sample to the
 * same URL. The node sends these as POST with a JSON body: argument types stay exact (an ID "123"
 * stays text) and the private key stays out of URLs. A page whose POST sample calls another endpoint
 * (search/popular, recommendations/keywords, category/popular_subcategories, product/facets,
 * log/email) does not count: those are called with GET.
 */
const POST_SAMPLES = [
	'search/search',
	'search/predictive',
	'search/suggestions',
	'search/categories',
	'search/pages',
	'recommendations/popular',
	'recommendations/trending',
	'recommendations/new',
	'recommendations/currently_watched',
	'recommendations/complementary',
	'recommendations/substituting',
	'recommendations/most_sold_with',
	'recommendations/bundle',
	'recommendations/category/popular',
	'recommendations/category/trending',
	'recommendations/category/new',
	'recommendations/visitor/history',
	'recommendations/visitor/complementary',
	'recommendations/visitor/substituting',
	'recommendations/customer/history',
	'recommendations/customer/complementary',
	'recommendations/customer/substituting',
	'recommendations/page/product',
	'recommendations/page/category',
	'recommendations/page/substituting',
	'recommendations/page/related_products',
	'recommendations/page/related_categories',
	'log/click',
	'log/product',
	'log/category',
	'log/returned',
	'privacy/info',
	'privacy/forget',
];

/** @type {Deviation[]} */
const DEVIATIONS = [
	...POST_SAMPLES.map((path) => ({
		call: `POST ${path}`,
		kind: 'postSample',
		source: `docs.clerk.io/reference page of ${path}: its POST curl sample (reference.json samples/sampleUrl)`,
	})),

	// Not in the public reference; Clerk's own shop plugins call them (clerk-api.md §6, §7.1, §4).
	{
		call: 'GET client/account/info',
		kind: 'pluginOnly',
		in: 'query',
		required: ['key', 'private_key'],
		source: 'clerkio/clerk-magento2 Model/Api.php and clerk-woocommerce class-clerk-api.php: key check',
	},
	{
		call: 'GET client/account/content/list',
		kind: 'pluginOnly',
		in: 'query',
		required: ['key', 'private_key'],
		source: 'clerkio/clerk-magento2 Model/Config/Source/Content.php; clerk-woocommerce class-clerk-admin-settings.php',
	},
	{
		call: 'GET client/account/importer/start',
		kind: 'pluginOnly',
		in: 'query',
		required: ['key', 'private_key'],
		source: 'clerkio/clerk-magento code/Model/Communicator.php (importer/start); clerk-magento issue #44',
	},
	{
		call: 'POST log/basket/set',
		kind: 'pluginOnly',
		in: 'body',
		required: ['key', 'products', 'email'],
		source: 'clerkio/clerk-magento2 Observer/CheckoutCartUpdateItemsAfterObserver.php; clerk-woocommerce class-clerk-basket.php',
	},
	{
		call: 'POST log/debug',
		kind: 'pluginOnly',
		in: 'body',
		required: ['key', 'message'],
		optional: ['source', 'time', 'type', 'metadata'],
		source: 'clerkio/clerk-magento2 Controller/Logger/ClerkLogger.php',
	},
	{
		call: 'GET recommendations/category/complementary',
		kind: 'pluginOnly',
		in: 'query',
		required: ['key', 'category', 'limit'],
		optional: ['visitor', 'labels', 'attributes'],
		source:
			"clerkio/clerk-magento2 Model/Api.php endpoint map (category, limit); visitor, labels and attributes as on every recommendation page",
	},

	// The reference's own slips.
	{
		call: 'GET products',
		kind: 'referenceSlip',
		instead: { categories: 'products' },
		source:
			'reference GET /products (operationId categories-get-1, a copy of GET /categories) names its ID list "categories"; DELETE /products and POST /products use "products"',
	},

	// API v3 is a beta outside the v2 reference (clerk-api.md §9, docs.clerk.io/v3/reference).
	{
		call: 'POST v3:search/omni',
		kind: 'v3Beta',
		in: 'body',
		required: ['key', 'query', 'searches'],
		optional: ['visitor', 'labels'],
		source: 'clerk-api.md §9: POST v3/search/omni body as used by public third-party code',
	},
	{
		call: 'POST v3:search/products',
		kind: 'v3Beta',
		in: 'body',
		required: ['key', 'query'],
		optional: ['limit', 'offset', 'semantic', 'attributes', 'facets', 'filter', 'sort', 'visitor', 'labels'],
		source: 'clerk-api.md §9: POST v3/search/products body as used by public third-party code',
	},
	{
		call: 'GET v3:search/categories',
		kind: 'v3Beta',
		in: 'query',
		required: ['key'],
		optional: ['query', 'visitor', 'flags', 'labels', 'attributes', 'content', 'facets', 'filter', 'language', 'limit', 'merchandising', 'offset', 'semantic'],
		source: 'docs.clerk.io/v3/reference/search-categories-get (clerk-api.md §9)',
	},
];

/**
 * Behaviour the node assumes where Clerk documents nothing, each with what happens if it is wrong.
 * The contract test sends the requests these assumptions lead to and checks them like any other.
 */
const ASSUMPTIONS = [
	{
		what: 'An error of the whole store (e.g. "Store is disabled") also answers a write whose list is empty; a content error does not',
		source: 'none in the reference (docs.clerk.io/docs/errors lists LogicalError without cases); our assumption',
		ifWrong: 'the node takes the error for a content error and halves the batch, as before: more calls, nothing lost',
		request: 'POST products with products: [] (once per run and error, only after both halves of a batch failed alike)',
	},
	{
		what: 'Clerk takes the calls one run keeps in flight (Parallel Requests: 100 for per-item reads and tracking, 4 batches for writes), and a call it refuses for load gets HTTP 429 and was not acted on',
		source: 'none published: no rate limit page, no 429 in the OpenAPI, no X-RateLimit-* headers seen by a third party (clerk-api.md §1.6); our assumption',
		ifWrong: 'a 429 is retried after its Retry-After within the retry budget (the contract test runs the reads against a limit of 10 in flight); a limit Clerk enforces some other way shows as errors: lower Parallel Requests',
		request: 'up to Parallel Requests calls at once from one run; a refused call again after Retry-After',
		rateLimit: true,
	},

	// Data feeds (Clerk.io Feed Trigger, Feed › Respond With Page; test/sandbox/importer.js follows them).
	{
		what: "The importer's token comes as X-Clerk-Authorization: Bearer <token>, the header exactly two words",
		source: 'help.clerk.io JSON Feed V2 (clerk-api.md §7.4); clerkio/clerk-magento2 Controller/AbstractAction.php getHeaderToken',
		ifWrong: 'every importer request gets 401 and no workflow runs: nothing is imported, nothing is deleted',
		request: 'feed: GET <feed URL> with X-Clerk-Authorization: Bearer <token>',
		feed: 'token',
	},
	{
		what: 'token/verify with token and the public key as key answers status "ok" and token_payload for a token Clerk issued, anything else for one it did not',
		source: 'docs.clerk.io token/verify reference (clerk-api.md §7.3: key "only required for importers"); clerkio/clerk-magento2 AbstractAction.php validateJwt (status == "ok")',
		ifWrong: 'a refused token gets 401 (no workflow runs); Clerk.io not answering gets 503, so the importer can retry',
		request: 'GET token/verify with token and key (once per token and n8n process while the token lives)',
		feed: 'verify',
	},
	{
		what: "A token's payload has exp (Unix seconds); a token is not revoked before exp in a way that matters for one import",
		source: 'JWT (RFC 7519) registered claim exp; Clerk publishes nothing on its importer tokens; our assumption',
		ifWrong: 'a token without exp is verified on every request (no cache); a token revoked before its exp is still accepted by an n8n process that verified it, until exp',
		request: 'none: the cache lives in each n8n process and drops a token at its exp',
		feed: 'exp',
	},
	{
		what: 'Pages are asked for with page (from 1) and limit in the query; an importer that sends other names still reaches the workflow (every query parameter is passed through)',
		source: "clerkio/clerk-magento2 AbstractAction.php getArguments (limit, page; Magento's setCurPage counts from 1); clerk-api.md §7.4 (plugin endpoints take limit, page)",
		ifWrong: "the trigger's page, limit and offset are null/0 and the workflow must read the paging from query",
		request: 'feed: GET <feed URL>?page=N&limit=M',
		feed: 'paging',
	},
	{
		what: 'A page is a bare JSON list of records (or one record per line as application/x-ndjson), and the import of a feed ends at the first empty page',
		source: 'clerkio/clerk-magento2 AbstractAction.php execute (a JSON list; past the last page an empty list); help.clerk.io JSON Feed V2 (application/json or application/x-ndjson)',
		ifWrong: 'if Clerk stopped at a page shorter than limit, a page shortened by left-out bad records would end the import early and a full import would delete the records after it: Respond With Page reports every left-out record so this is visible',
		request: 'feed: 200 with [records] or NDJSON lines; [] past the last page',
		feed: 'page',
	},
	{
		what: 'NDJSON is asked for with an Accept header that prefers application/x-ndjson; without one the page is JSON',
		source: 'help.clerk.io JSON Feed V2 names both content types but not how the importer chooses; our assumption',
		ifWrong: 'choose the Format in Respond With Page to match the feed set up in my.clerk.io',
		request: 'feed: Accept: application/x-ndjson',
		feed: 'format',
	},
	{
		what: 'modified_after in the query asks for an incremental page; without it the feed is full, and then products, categories, customers and pages missing from it are deleted, orders kept',
		source: 'help.clerk.io JSON Feed V2 (clerk-api.md §7.4); the format of modified_after is not published, so it is passed on as sent',
		ifWrong: 'the workflow sees full: true for an incremental request; it still gets modified_after in query',
		request: 'feed: GET <feed URL>?modified_after=<as Clerk sends it>',
		feed: 'modifiedAfter',
	},
];

const deviationByCall = new Map(DEVIATIONS.map((deviation) => [deviation.call, deviation]));

/**
 * The documented shape of a call: the reference operation, the GET operation behind a POST sample,
 * or a recorded deviation. Undefined for a call nobody documents.
 * @returns {{in: 'query' | 'body', required: string[], optional: string[], deviation?: Deviation} | undefined}
 */
function documented(/** @type {string} */ call) {
	const deviation = deviationByCall.get(call);
	const operation = byCall.get(call);
	if (operation) {
		if (!deviation?.instead) return { in: operation.in, required: operation.required, optional: operation.optional, deviation };
		const rename = (/** @type {string} */ name) => deviation.instead?.[name] ?? name;
		return { in: operation.in, required: operation.required.map(rename), optional: operation.optional.map(rename), deviation };
	}
	if (!deviation) return undefined;
	if (deviation.kind === 'postSample') {
		const get = byCall.get(call.replace(/^POST /, 'GET '));
		if (!get) return undefined;
		return { in: 'body', required: get.required, optional: get.optional, deviation };
	}
	return { in: deviation.in ?? 'query', required: deviation.required ?? [], optional: deviation.optional ?? [], deviation };
}

/**
 * What is wrong with one request, measured against the contract.
 * @param {{method: string, version: string | null, endpoint: string, query: Record<string, unknown>, body: unknown}} request
 * @returns {string[]}
 */
function check(request) {
	const call = callOf(request.method, request.endpoint.replace(/\/$/, ''), request.version ?? 'v2');
	const shape = documented(call);
	if (!shape) return [`${call}: not in Clerk's reference and not a recorded deviation`];
	const problems = [];
	const body = request.body && typeof request.body === 'object' && !Array.isArray(request.body) ? request.body : {};
	const inQuery = Object.keys(request.query);
	const inBody = Object.keys(body);
	const sent = new Set([...inQuery, ...inBody]);
	const wrongPlace = shape.in === 'query' ? inBody : inQuery;
	for (const name of wrongPlace) problems.push(`${call}: ${name} sent in the ${shape.in === 'query' ? 'body' : 'query string'}, documented in the ${shape.in === 'query' ? 'query string' : 'body'}`);
	for (const name of shape.required) if (!sent.has(name)) problems.push(`${call}: required ${name} missing`);
	const known = new Set([...shape.required, ...shape.optional]);
	for (const name of sent) {
		if (known.has(name)) continue;
		problems.push(name === 'private_key' ? `${call}: private key sent, but the reference does not list it` : `${call}: ${name} is not documented`);
	}
	return problems;
}

/** Whether the contract lets the private key go to this call (listed as required or optional). */
function takesPrivateKey(/** @type {string} */ call) {
	const shape = documented(call);
	return Boolean(shape && [...shape.required, ...shape.optional].includes('private_key'));
}

module.exports = { reference, operations, DEVIATIONS, ASSUMPTIONS, POST_SAMPLES, documented, check, takesPrivateKey, callOf };
