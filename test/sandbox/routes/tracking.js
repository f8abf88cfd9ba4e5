// @ts-check
/**
 * Tracking (clerk-api §6): every log/* call, by GET or POST, pushes one event into store.events.
 * log/sale also records the order in store.orders, so sales-based logics see it.
 */
const { ClerkError, invalid } = require('./errors');
const { id, idList, integer, isId, isObject, list, text, boolean, stringList } = require('./args');

const now = () => Math.floor(Date.now() / 1000);

/** Products of log/sale: plain IDs or {id, quantity, price} lines, one kind per call. */
function saleLines(args) {
	const products = list(args, 'products');
	if (products.length === 0) throw invalid('products', 'empty');
	const lines = products.every(isId);
	products.forEach((line, index) => {
		const ok = lines
			? true
			: isObject(line) && isId(line.id) && Number.isInteger(line.quantity) && line.quantity >= 1 && typeof line.price === 'number';
		if (!ok) throw invalid('products', `products[${index}] is not an ID or a line {id, quantity, price}`);
	});
	return products.map((line) => (isObject(line) ? line : { id: line, quantity: 1 }));
}

/** log/cart/* products: {id, qty} entries. */
function basketLines(args) {
	return list(args, 'products', {
		of: (line, where) => {
			if (!isObject(line) || !isId(line.id) || !Number.isInteger(line.qty) || line.qty < 1) {
				throw invalid('products', `${where} is not {id, qty}`);
			}
		},
	});
}

const who = (args) => ({
	visitor: text(args, 'visitor', { optional: true }),
	email: text(args, 'email', { optional: true }),
	customer: id(args, 'customer', { optional: true }),
});

/** A route answering GET and POST alike; `read` returns the event without type/time. */
function logRoute(endpoint, type, read, auth = 'public') {
	const route = {
		auth,
		handle: ({ args, store }) => {
			const event = { type, ...who(args), ...read(args, store), time: now() };
			for (const [name, value] of Object.entries(event)) if (value === undefined) delete event[name];
			store.events.push(event);
			return { status: 'ok' };
		},
	};
	return { [`GET ${endpoint}`]: route, [`POST ${endpoint}`]: route };
}

const requireVisitor = (args) => text(args, 'visitor');

let basketCounter = 0;
function cart(args) {
	const products = basketLines(args);
	// Clerk assigns a basket ID when none is given (§6).
	const basket_id = text(args, 'basket_id', { optional: true }) ?? `basket-${++basketCounter}`;
	return { products, basket_id };
}

module.exports = {
	routes: {
		...logRoute('log/sale', 'sale', (args, store) => {
			const sale = id(args, 'sale');
			const products = saleLines(args);
			const { email, customer } = who(args);
			const order = { id: sale, products, time: now(), ...(customer !== undefined ? { customer } : {}), ...(email ? { email } : {}) };
			store.orders.set(String(sale), order);
			return { sale, products };
		}),
		...logRoute('log/click', 'click', (args) => ({
			product: id(args, 'product'),
			visitor: requireVisitor(args),
			api: text(args, 'api', { optional: true }),
			n: args.n === undefined ? undefined : integer(args, 'n', { min: 0 }),
			external: boolean(args, 'external'),
			labels: stringList(args, 'labels'),
		})),
		...logRoute('log/product', 'product', (args) => ({ product: id(args, 'product'), visitor: requireVisitor(args) })),
		...logRoute('log/category', 'category', (args) => ({ category: id(args, 'category'), visitor: requireVisitor(args) })),
		...logRoute('log/email', 'email', (args) => ({ email: text(args, 'email'), visitor: requireVisitor(args) })),
		...logRoute(
			'log/returned',
			'returned',
			(args, store) => {
				const order = id(args, 'order');
				if (!store.orders.has(String(order))) throw new ClerkError('LogicalError', `Unknown order ${order}`);
				return { product: id(args, 'product'), order, quantity: integer(args, 'quantity', { min: 1 }) };
			},
			'private',
		),
		...logRoute('log/cart/add', 'cart_add', cart),
		...logRoute('log/cart/remove', 'cart_remove', cart),
		...logRoute('log/cart/update', 'cart_update', cart),
		// Documented only as POST {key, products:[ids], email} (plugins, §6).
		'POST log/basket/set': {
			auth: 'public',
			handle: ({ args, store }) => {
				const products = idList(args, 'products');
				const email = text(args, 'email');
				store.events.push({ type: 'basket_set', email, products, time: now() });
				return { status: 'ok' };
			},
		},
		// Plugin diagnostics shown under Data > Logs in my.clerk.io; documented only as POST (§6).
		'POST log/debug': {
			auth: 'public',
			handle: ({ args, store }) => {
				const entry = {
					source: text(args, 'source'),
					type: text(args, 'type'),
					message: text(args, 'message'),
					time: args.time === undefined ? now() : integer(args, 'time', { min: 0 }),
				};
				if (args.metadata !== undefined && !isObject(args.metadata)) throw invalid('metadata', 'expected an object');
				store.events.push({ type: 'debug', entry: { ...entry, metadata: args.metadata ?? {} }, time: entry.time });
				return { status: 'ok' };
			},
		},
	},
};
