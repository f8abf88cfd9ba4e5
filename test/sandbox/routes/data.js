// @ts-check
/**
 * The CRUD data endpoints (clerk-api.md §5.1): /products, /categories, /orders, /customers, /pages.
 * POST adds or replaces by id, PATCH merges, DELETE removes, GET reads by a list of IDs.
 *
 * Unknown in the reference, so the sandbox is strict: a write whose list holds one invalid record is
 * refused as a whole (ParsingError naming the record), and PATCH of an unknown id is a LogicalError.
 */
const { ClerkError, invalid } = require('./errors');
const { idList, isId, isObject, list } = require('./args');

const ATTRIBUTE_NAME = /^[A-Za-z0-9_]+$/;

const number = (value) => typeof value === 'number' && Number.isFinite(value);
const checks = {
	text: (value) => typeof value === 'string',
	number,
	integer: (value) => Number.isInteger(value),
	boolean: (value) => typeof value === 'boolean',
	ids: (value) => Array.isArray(value) && value.every(isId),
	textOrList: (value) => typeof value === 'string' || (Array.isArray(value) && value.every((v) => typeof v === 'string')),
	lines: (value) =>
		Array.isArray(value) &&
		value.length > 0 &&
		value.every(
			(line) =>
				isId(line) ||
				(isObject(line) && isId(line.id) && Number.isInteger(line.quantity) && line.quantity >= 1 && number(line.price)),
		),
};

/** Per entity: the list key, the field types Clerk documents, and the fields a POST must carry. */
const ENTITIES = {
	products: {
		collection: 'products',
		types: {
			name: 'text', description: 'text', price: 'number', list_price: 'number', image: 'text', url: 'text',
			categories: 'ids', created_at: 'integer', brand: 'text', sku: 'text', stock: 'integer', age: 'integer',
			on_sale: 'boolean', gender: 'text', color: 'textOrList', colors: 'textOrList', keywords: 'textOrList', index: 'boolean',
		},
		required: ['name', 'description', 'price', 'image', 'url', 'categories'],
		requiredOneOf: [['created_at', 'age']],
	},
	categories: {
		collection: 'categories',
		types: { name: 'text', url: 'text', subcategories: 'ids', image: 'text', description: 'text', parent: 'id' },
		required: ['name', 'url', 'subcategories'],
		// No DELETE /categories is documented (§5.1): the sandbox answers 405 to it.
		noDelete: true,
	},
	orders: {
		collection: 'orders',
		types: { products: 'lines', time: 'integer', customer: 'id', email: 'text', status: 'orderStatus' },
		// docs.clerk.io/reference/order-resource.
		required: ['products', 'time', 'customer'],
	},
	customers: {
		collection: 'customers',
		types: { customerid: 'id', email: 'text', name: 'text', subscribed: 'boolean', zip: 'text', gender: 'text', age: 'integer', is_b2b: 'boolean' },
		required: [],
		// docs.clerk.io/reference/customer-resource: a customer is keyed by customerid, or by email alone.
		keys: ['customerid', 'email'],
		// GET /customers is documented with a list of emails, DELETE with a list of IDs (§5.1).
		lookup: 'email',
	},
	pages: {
		collection: 'pages',
		types: { type: 'text', url: 'text', title: 'text', text: 'text', image: 'text' },
		required: ['type', 'url', 'title', 'text'],
	},
};
checks.id = isId;
checks.orderStatus = (value) => ['CONFIRMED', 'SENT', 'DELIVERED', 'RETURNED', 'CANCELLED'].includes(value);

/** The key a record is stored under: its id, or the first key field it has (customers). */
const keyOf = (entity, record) => (entity.keys ? entity.keys.map((name) => record[name]).find((value) => value !== undefined) : record.id);

function validateRecord(entity, listKey, record, index, { partial }) {
	const where = `${listKey}[${index}]`;
	if (!isObject(record)) throw invalid(listKey, `${where} is not an object`);
	if (!isId(keyOf(entity, record))) throw invalid(listKey, `${where}.${(entity.keys ?? ['id']).join(' or ')} is missing or not an ID`);
	for (const [name, value] of Object.entries(record)) {
		if (!ATTRIBUTE_NAME.test(name)) throw invalid(listKey, `${where} has attribute name '${name}'`);
		if (value === null) throw invalid(listKey, `${where}.${name} is null; omit it instead`);
		const type = Object.hasOwn(entity.types, name) ? entity.types[name] : undefined;
		if (type && !checks[type](value)) throw invalid(listKey, `${where}.${name} must be ${type}`);
	}
	if (!partial) {
		for (const name of entity.required) {
			if (record[name] === undefined) throw invalid(listKey, `${where} (id ${keyOf(entity, record)}) misses required field ${name}`);
		}
		for (const group of entity.requiredOneOf ?? []) {
			if (group.every((name) => record[name] === undefined)) {
				throw invalid(listKey, `${where} (id ${keyOf(entity, record)}) needs one of ${group.join(', ')}`);
			}
		}
	}
}

function crud(listKey) {
	const entity = ENTITIES[listKey];
	const table = (store) => store[entity.collection];
	return {
		[`GET ${listKey}`]: {
			auth: 'private',
			handle: ({ args, store }) => {
				const ids = idList(args, listKey);
				const found = entity.lookup
					? [...table(store).values()].filter((record) => ids.map(String).includes(String(record[entity.lookup])))
					: ids.map((id) => table(store).get(String(id))).filter(Boolean);
				return { status: 'ok', [listKey]: found };
			},
		},
		[`POST ${listKey}`]: {
			auth: 'private',
			handle: ({ args, store }) => {
				const records = list(args, listKey);
				records.forEach((record, index) => validateRecord(entity, listKey, record, index, { partial: false }));
				for (const record of records) table(store).set(String(keyOf(entity, record)), structuredClone(record));
				return { status: 'ok' };
			},
		},
		[`PATCH ${listKey}`]: {
			auth: 'private',
			handle: ({ args, store }) => {
				const records = list(args, listKey);
				records.forEach((record, index) => validateRecord(entity, listKey, record, index, { partial: true }));
				const unknown = records.filter((record) => !table(store).has(String(keyOf(entity, record))));
				if (unknown.length > 0) {
					throw new ClerkError('LogicalError', `Cannot update unknown ${listKey}: ${unknown.map((r) => keyOf(entity, r)).join(', ')}`);
				}
				// A customer's email cannot be changed after creation (§2.4).
				const stored = (record) => table(store).get(String(keyOf(entity, record)));
				const moved = records.find((record) => entity.lookup && record.email !== undefined && stored(record)[entity.lookup] !== undefined && stored(record)[entity.lookup] !== record.email);
				if (moved) throw new ClerkError('LogicalError', `The ${entity.lookup} of ${listKey} ${keyOf(entity, moved)} cannot be changed; delete and recreate it`);
				for (const record of records) {
					const key = String(keyOf(entity, record));
					table(store).set(key, { ...table(store).get(key), ...structuredClone(record) });
				}
				return { status: 'ok' };
			},
		},
		...(entity.noDelete ? {} : {
			[`DELETE ${listKey}`]: {
				auth: 'private',
				handle: ({ args, store }) => {
					for (const id of idList(args, listKey)) table(store).delete(String(id));
					return { status: 'ok' };
				},
			},
		}),
	};
}

module.exports = {
	ENTITIES,
	validateRecord,
	keyOf,
	routes: { ...crud('products'), ...crud('categories'), ...crud('orders'), ...crud('customers'), ...crud('pages') },
};
