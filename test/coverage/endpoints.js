// @ts-check
/**
 * Every endpoint of Clerk.io's API reference (test/contract/reference.json, plus the recorded
 * deviations of test/contract/contract.js), with the node operation that calls it, or the reason none
 * does. The covered ones come from the operations themselves (each operation's `call`, from its table
 * row); only the endpoints left out are written here. `call` is `METHOD path`, v3 endpoints prefixed
 * "v3:". The coverage test runs each operation against the sandbox; the README's operations table is
 * generated from this list (scripts/operations-table.js).
 * `section` says where the endpoint is documented: Clerk's reference (docs.clerk.io/reference), a
 * shop plugin, or the API v3 beta (see test/contract/contract.js for the sources).
 */
const none = (call, section, reason) => ({ call, section, reason });

/** Endpoints no operation calls, on purpose. */
const leftOut = [
	none(
		'GET recommendations/specific',
		'Magento 2 plugin',
		'Only in a plugin endpoint map; it takes nothing but a limit (the products are set up in my.clerk.io), so a workflow has nothing to ask it.',
	),
	none(
		'DELETE categories',
		'not in the reference',
		'Not documented by Clerk.io: an answer of "ok" could report deletions that never happened. Categories missing from a full data feed are removed.',
	),
	none('POST product/add', 'reference', 'Older form of POST /products (Product › Create or Update), which does the same.'),
	none('GET product/remove', 'reference', 'Older form of DELETE /products (Product › Delete), which does the same.'),
	none(
		'GET campaigns/embed',
		'reference',
		'Answers with a redirect to a rendered product image, meant as the src of an <img> in an email; the URL belongs in the email template, not in a workflow call.',
	),
	none(
		'GET campaigns/click',
		'reference',
		"Answers with a redirect to a product page, meant as the href of a link in an email; the URL belongs in the email template, not in a workflow call.",
	),
	none(
		'GET v3:misc/visitor_id',
		'API v3 beta',
		"Returns the calling browser's visitor ID; called from n8n it would only identify the n8n server. Pass the shopper's visitor ID from your site instead.",
	),
];

/** Every operation's call, in the order the node lists them (Feed › Respond With Page makes none). */
function operationCalls(resources) {
	return resources.flatMap((resource) =>
		resource.operations.filter(({ call }) => call).map(({ option, call }) => ({
			call: `${call.method} ${call.apiVersion === 'v3' ? 'v3:' : ''}${call.endpoint}`,
			operation: `${resource.value}:${String(option.value)}`,
		})),
	);
}

/**
 * The full list: one entry per endpoint the operations call (named after the first operation that calls
 * it, in the order the node lists them), then the ones left out.
 * @param {Array<{value: string, operations: Array<{option: {value: string | number | boolean}, call?: {method: string, endpoint: string, apiVersion?: string}}>}>} resources
 * @returns {Array<{call: string, section?: string, operation?: string, reason?: string}>}
 */
function endpointsOf(resources) {
	const seen = new Set();
	const covered = operationCalls(resources).filter((entry) => !seen.has(entry.call) && seen.add(entry.call));
	return [...covered, ...leftOut];
}

/**
 * Operations that send an endpoint already listed for an earlier one (Import From File sends what
 * Create or Update sends, from a file), so no endpoint is counted twice.
 * @returns {Array<{call: string, operation: string}>}
 */
function alsoCalledByOf(resources) {
	const first = new Set(endpointsOf(resources).map((entry) => entry.operation));
	return operationCalls(resources).filter((entry) => !first.has(entry.operation));
}

module.exports = { leftOut, endpointsOf, alsoCalledByOf };
