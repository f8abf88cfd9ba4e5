// @ts-check
/**
 * The store's ID type (startSandbox({ idType }), sandbox.setIdType): a Clerk store uses one ID type,
 * numbers or text (clerk-api §0, §2). When it is set, an ID of the other JSON type is refused as
 * Clerk refuses it: ParsingError "Invalid Syntax In Argument: <argument>" (HTTP 400). Unset (the
 * default), IDs of either type are accepted.
 *
 * Checked: the records of products, categories, orders, customers, pages and accessories and their
 * ID-valued fields; the ID lists of their GET and DELETE; log/* IDs and product lists; the inputs
 * of recommendations and search (products, product, category, page, exclude, customer); privacy's
 * customer; the order of a parcel; the pinned and hidden IDs of customized search rules.
 * Not checked: IDs Clerk assigns (audiences, merchandising campaigns, parcels), and free-form JSON.
 *
 * A query string has no JSON types: a plain value in a GET query (`customer=123`) is text that the
 * sandbox reads as a number when it is one. So under 'text' any plain query value is accepted, and
 * under 'number' it must be a whole number; JSON-encoded lists in a query keep their types and are
 * checked like a body.
 */
const { invalid } = require('./routes/errors');

/** @typedef {'number' | 'text'} IdType */

const ID_TYPES = ['number', 'text'];

/** @returns {IdType | null} */
function parseIdType(value) {
	if (value === undefined || value === null) return null;
	if (!ID_TYPES.includes(value)) throw new Error(`idType must be 'number', 'text' or null, got ${JSON.stringify(value)}`);
	return value;
}

const isObject = (value) => typeof value === 'object' && value !== null && !Array.isArray(value);

/** Record fields that hold IDs, per data endpoint: single IDs, ID lists, lines {id, …}. */
const RECORDS = {
	products: { ids: ['id'], lists: ['categories'] },
	categories: { ids: ['id', 'parent'], lists: ['subcategories'] },
	orders: { ids: ['id', 'customer'], lines: ['products'] },
	customers: { ids: ['id', 'customerid'] },
	pages: { ids: ['id'] },
	accessories: { ids: ['product'], lists: ['accessories', 'directed_accessories'] },
};

/**
 * Arguments that hold IDs (one, a list, or lines {id, …}), by endpoint family. (`order` is an ID in
 * log/returned only; recommendations take `order` as a sort direction.)
 */
const ARGUMENTS = [
	[/^log\//, ['products', 'product', 'category', 'sale', 'order', 'customer']],
	[/^recommendations\//, ['products', 'product', 'category', 'page', 'exclude', 'customer']],
	[/^search\//, ['exclude']],
	[/^privacy\//, ['customer']],
	[/^orders\/parcels$/, ['order_id']],
];

/**
 * @param {IdType} idType
 * @param {boolean} plainQuery the value came from a query string as plain text
 */
function fits(value, idType, plainQuery) {
	if (plainQuery && idType === 'text') return true;
	if (idType === 'number') return typeof value === 'number' && Number.isInteger(value);
	return typeof value === 'string';
}

const describe = (value) => (typeof value === 'number' ? `the number ${value}` : `the text ${JSON.stringify(value)}`);

/**
 * Refuses the request when an ID does not have the store's type.
 * @param {{method: string, version: string, endpoint: string, args: Record<string, any>, idType: IdType | null}} request
 */
function checkIdTypes({ method, version, endpoint, args, idType }) {
	if (!idType) return;
	const want = idType === 'number' ? 'numbers' : 'text';
	/** @param {string} argument @param {string} where */
	const check = (argument, where, value, plainQuery = false) => {
		if (value === undefined || value === null || typeof value === 'object' || typeof value === 'boolean') return;
		if (!fits(value, idType, plainQuery)) {
			throw invalid(argument, `${where} is ${describe(value)}, but the store's IDs are ${want}`);
		}
	};
	const checkList = (argument, where, value) => {
		if (Array.isArray(value)) value.forEach((entry, index) => check(argument, `${where}[${index}]`, entry));
	};
	/** One ID, a list of IDs, or lines {id, …}. */
	const checkAny = (argument, where, value, plainQuery) => {
		if (!Array.isArray(value)) return check(argument, where, value, plainQuery);
		value.forEach((entry, index) =>
			isObject(entry) ? check(argument, `${where}[${index}].id`, entry.id) : check(argument, `${where}[${index}]`, entry),
		);
		return undefined;
	};
	// GET arguments come from the query string, and so are taken those of a DELETE (the sandbox cannot
	// tell; the DELETEs Clerk documents with a body carry no single store ID).
	const plainQuery = method === 'GET' || method === 'DELETE';

	const fields = version === 'v2' ? RECORDS[endpoint] : undefined;
	if (fields) {
		const list = args[endpoint];
		if ((method === 'POST' || method === 'PATCH') && Array.isArray(list)) {
			list.forEach((record, index) => {
				if (!isObject(record)) return;
				const where = `${endpoint}[${index}]`;
				for (const name of fields.ids) check(endpoint, `${where}.${name}`, record[name]);
				for (const name of fields.lists ?? []) checkList(endpoint, `${where}.${name}`, record[name]);
				for (const name of fields.lines ?? []) checkAny(endpoint, `${where}.${name}`, record[name], false);
			});
		}
		// GET /customers looks customers up by email (§5.1).
		if ((method === 'GET' || method === 'DELETE') && !(method === 'GET' && endpoint === 'customers')) {
			checkList(endpoint, endpoint, list);
		}
		return;
	}
	if (version === 'v2' && endpoint === 'customized_search' && (method === 'POST' || method === 'PATCH') && Array.isArray(args.rules)) {
		args.rules.forEach((rule, index) => {
			if (!isObject(rule)) return;
			for (const name of ['products', 'categories', 'pages']) {
				const pins = rule[name];
				if (!isObject(pins)) continue;
				for (const side of ['pin', 'hide']) checkList('rules', `rules[${index}].${name}.${side}`, pins[side]);
			}
		});
		return;
	}
	const names = ARGUMENTS.find(([pattern]) => pattern.test(endpoint))?.[1] ?? [];
	for (const name of names) if (name in args) checkAny(name, name, args[name], plainQuery);
}

module.exports = { checkIdTypes, parseIdType, ID_TYPES };
