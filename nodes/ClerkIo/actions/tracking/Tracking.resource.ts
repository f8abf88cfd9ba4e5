/**
 * Clerk's tracking calls (docs.clerk.io/reference; plugin-only calls in test/contract/contract.js) as one table. Every call counts what happened (a sale, a
 * click …), so none is idempotent: after an ambiguous failure it is not resent, because Clerk may
 * already have counted it; only a 429 (Clerk did not act) or an unsent request is retried.
 * Sent as POST with a JSON body where the reference page shows a POST sample to that endpoint (or
 * documents POST); otherwise as GET with lists JSON-encoded in the query string, as documented
 * (log/email, whose POST sample calls log/click, and log/cart/*).
 */
import type { ResourceDefinition } from '../../helpers/interfaces';
import { callOperation, type CallParam, type CallSpec } from '../calls';

const visitor = (level: CallParam['level']): CallParam => ({
	name: 'visitor',
	displayName: 'Visitor ID',
	kind: 'string',
	description: "The visitor's ID for this visit or device (as used by Clerk.js), or 'auto' to let Clerk.io assign one",
	placeholder: 'e.g. aB3dE5gH',
	level,
});
const id = (name: string, displayName: string, description: string): CallParam => ({
	name,
	displayName,
	kind: 'id',
	description,
});
const email = (level: CallParam['level']): CallParam => ({
	name: 'email',
	displayName: 'Email',
	kind: 'string',
	description: 'Email address of the shopper',
	placeholder: 'e.g. nathan@example.com',
	level,
});

const basketLines: CallParam = {
	name: 'products',
	displayName: 'Products',
	kind: 'basketLines',
	description: 'Product IDs separated by commas (quantity 1 each), or a JSON list of {id, qty}',
	placeholder: 'e.g. [{"id": 12, "qty": 2}]',
};
const basketId: CallParam = {
	name: 'basket_id',
	displayName: 'Basket ID',
	kind: 'string',
	description: 'Your ID of the basket; Clerk.io assigns one when it is missing',
	level: 'more',
};

const log = (spec: Omit<CallSpec, 'method' | 'idempotent' | 'output'> & { method?: 'GET' }): CallSpec => ({
	method: 'POST',
	...spec,
	idempotent: false,
	output: { kind: 'sent' },
});

const cart = (value: string, name: string, action: string, description: string, endpoint: string): CallSpec =>
	log({
		value,
		name,
		action,
		description,
		endpoint,
		privateKey: false,
		method: 'GET',
		params: [basketLines, visitor('main'), email('more'), basketId],
	});

const TRACKING_CALLS: CallSpec[] = [
	log({
		value: 'logSale',
		name: 'Log Sale',
		action: 'Log a completed sale: order ID, products as comma-separated IDs or {id, quantity, price} lines',
		description: 'Record a completed order, for sales attribution; never sent twice',
		endpoint: 'log/sale',
		privateKey: false,
		params: [
			id('sale', 'Order ID', 'ID of the completed order'),
			{
				name: 'products',
				displayName: 'Products',
				kind: 'saleProducts',
				description: 'Product IDs separated by commas, or a JSON list of lines {id, quantity, price} (unit price; quantity defaults to 1)',
				placeholder: 'e.g. [{"id": 12, "quantity": 1, "price": 99.5}]',
			},
			visitor('main'),
			{ ...id('customer', 'Customer ID', 'ID of the customer who ordered'), level: 'more' },
			email('more'),
		],
	}),
	log({
		value: 'logClick',
		name: 'Log Click',
		action: 'Log a click on a product that Clerk.io showed, by product ID and visitor ID',
		description: 'Record a click on a product Clerk.io showed; drives attribution',
		endpoint: 'log/click',
		privateKey: false,
		params: [
			id('product', 'Product ID', 'ID of the clicked product'),
			visitor('required'),
			{ name: 'api', displayName: 'API', kind: 'string', description: 'The Clerk.io endpoint that produced the result', placeholder: 'e.g. search/search', level: 'more' },
			{ name: 'n', displayName: 'Position', kind: 'integer', description: 'Position of the product in the result, counting from 0', level: 'more' },
			{ name: 'external', displayName: 'External', kind: 'boolean', description: 'Whether the click came from outside the shop, e.g. an email or an ad', level: 'more' },
			{ name: 'labels', displayName: 'Labels', kind: 'stringList', description: 'Labels of the result element, separated by commas', placeholder: 'e.g. Homepage - Trending', level: 'more' },
		],
	}),
	log({
		value: 'logProduct',
		name: 'Log Product View',
		action: 'Log a product page view by product ID and visitor ID',
		description: 'Record that a visitor viewed a product page',
		endpoint: 'log/product',
		privateKey: false,
		params: [id('product', 'Product ID', 'ID of the viewed product'), visitor('required')],
	}),
	log({
		value: 'logCategory',
		name: 'Log Category View',
		action: 'Log a category page view by category ID and visitor ID',
		description: 'Record that a visitor viewed a category page',
		endpoint: 'log/category',
		privateKey: false,
		params: [id('category', 'Category ID', 'ID of the viewed category'), visitor('required')],
	}),
	log({
		value: 'logEmail',
		name: 'Log Email',
		action: 'Link an email address to a visitor ID (e.g. after login or sign-up)',
		description: 'Link an email address to a visitor\'s activity',
		endpoint: 'log/email',
		privateKey: false,
		method: 'GET',
		params: [email('required'), visitor('required')],
	}),
	log({
		value: 'logReturned',
		name: 'Log Returned',
		action: 'Log a returned product of an order: product ID, order ID and quantity',
		description: 'Record returned items of an order so they stop counting as sold',
		endpoint: 'log/returned',
		privateKey: true,
		params: [
			id('product', 'Product ID', 'ID of the returned product'),
			id('order', 'Order ID', 'ID of the order the product was bought in'),
			{ name: 'quantity', displayName: 'Quantity', kind: 'integer', description: 'How many units were returned' },
		],
	}),
	cart(
		'cartAdd',
		'Add to Cart',
		"Log products added to a visitor's basket (comma-separated product IDs, only the added ones)",
		'Record products added to a basket, for abandoned-basket emails',
		'log/cart/add',
	),
	cart(
		'cartRemove',
		'Remove From Cart',
		"Log products removed from a visitor's basket (comma-separated product IDs, only the removed ones)",
		'Record products removed from a basket',
		'log/cart/remove',
	),
	cart(
		'cartUpdate',
		'Update Cart',
		"Log the whole content of a visitor's basket (comma-separated product IDs of every product in it)",
		'Record the whole content of a basket, replacing what was logged before',
		'log/cart/update',
	),
	log({
		value: 'basketSet',
		name: 'Set Basket',
		action: 'Set a logged-in customer\'s whole basket by email (comma-separated product IDs)',
		description: 'Replace a logged-in customer\'s basket, identified by email',
		endpoint: 'log/basket/set',
		privateKey: false,
		params: [
			{ name: 'products', displayName: 'Product IDs', kind: 'idList', description: 'IDs of all products in the basket, separated by commas', placeholder: 'e.g. 12, 34' },
			email('required'),
		],
	}),
	log({
		value: 'logDebug',
		name: 'Log Debug Message',
		action: 'Write a message to the store\'s log in my.clerk.io',
		description: 'Write a message to the store\'s log in my.clerk.io (Data › Logs)',
		endpoint: 'log/debug',
		privateKey: false,
		params: [
			{ name: 'message', displayName: 'Message', kind: 'string', description: 'The text of the log entry' },
			{
				name: 'type',
				displayName: 'Level',
				kind: 'string',
				description: 'Kind of entry, as Clerk.io plugins use it',
				placeholder: 'e.g. error, warn, info',
			},
			{ name: 'source', displayName: 'Source', kind: 'string', description: 'What wrote the entry', placeholder: 'e.g. n8n product sync' },
			{ name: 'time', displayName: 'Time', kind: 'timestamp', description: 'When it happened; now when empty', level: 'more' },
			{ name: 'metadata', displayName: 'Metadata', kind: 'object', description: 'Any extra details, as a JSON object', level: 'more' },
		],
	}),
];

export const trackingResource: ResourceDefinition = {
	value: 'tracking',
	name: 'Tracking',
	description: 'Log sales, clicks, views and baskets so Clerk.io can learn and attribute',
	operations: TRACKING_CALLS.map((spec) => callOperation('tracking', spec)),
};
