// @ts-check
/**
 * privacy/info and privacy/forget (clerk-api §5.5), by email, customer or visitor (GET or POST;
 * the method is undocumented). A subject matches orders and events carrying that email, customer
 * ID or visitor; a visitor also matches the orders of its logged sales.
 */
const { missing } = require('./errors');
const { id, text } = require('./args');

function subjectOf(args) {
	const subject = {
		email: text(args, 'email', { optional: true }),
		customer: id(args, 'customer', { optional: true }),
		visitor: text(args, 'visitor', { optional: true }),
	};
	if (Object.values(subject).every((value) => value === undefined)) throw missing('email');
	return subject;
}

const same = (a, b) => a !== undefined && b !== undefined && String(a).toLowerCase() === String(b).toLowerCase();

function matcher(subject) {
	return (record) =>
		same(record.email, subject.email) ||
		same(record.customer, subject.customer) ||
		same(record.visitor, subject.visitor);
}

function matchingOrders(store, subject) {
	const matches = matcher(subject);
	const saleIds = new Set(store.events.filter((event) => event.type === 'sale' && matches(event)).map((event) => String(event.sale)));
	return [...store.orders.values()].filter((order) => matches(order) || saleIds.has(String(order.id)));
}

const DESCRIBE = {
	sale: (event) => `Bought order ${event.sale}`,
	click: (event) => `Clicked product ${event.product}`,
	product: (event) => `Viewed product ${event.product}`,
	category: (event) => `Viewed category ${event.category}`,
	email: (event) => `Identified as ${event.email}`,
	returned: (event) => `Returned product ${event.product} of order ${event.order}`,
	cart_add: () => 'Added products to the basket',
	cart_remove: () => 'Removed products from the basket',
	cart_update: () => 'Updated the basket',
	basket_set: () => 'Set the basket',
};

const both = (endpoint, route) => ({ [`GET ${endpoint}`]: route, [`POST ${endpoint}`]: route });

module.exports = {
	routes: {
		...both('privacy/info', {
			auth: 'private',
			handle: ({ args, store }) => {
				const subject = subjectOf(args);
				const matches = matcher(subject);
				const activity = store.events.filter(matches).map((event) => ({
					visitor: event.visitor ?? null,
					type: event.type,
					description: (DESCRIBE[event.type] ?? (() => event.type))(event),
					time: event.time,
				}));
				return { status: 'ok', orders: matchingOrders(store, subject).map((order) => order.id), activity };
			},
		}),
		...both('privacy/forget', {
			auth: 'private',
			handle: ({ args, store }) => {
				const subject = subjectOf(args);
				const matches = matcher(subject);
				for (const order of matchingOrders(store, subject)) store.orders.delete(String(order.id));
				for (const [key, customer] of store.customers) {
					if (same(customer.email, subject.email) || same(customer.id, subject.customer) || same(customer.customerid, subject.customer)) {
						store.customers.delete(key);
					}
				}
				if (subject.email) store.subscribers.delete(subject.email.toLowerCase());
				const kept = store.events.filter((event) => !matches(event));
				store.events.length = 0;
				store.events.push(...kept);
				return { status: 'ok' };
			},
		}),
	},
};
