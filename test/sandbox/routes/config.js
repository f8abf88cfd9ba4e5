// @ts-check
/**
 * Lists of objects keyed by one field (clerk-api §2.6, §5.1, §5.3): /accessories, /synonyms,
 * /redirects/, /customized_search and /merchandising. GET and DELETE take the keys, POST adds or
 * replaces, PATCH merges into existing entries.
 *
 * Unknown in the reference, so the sandbox is strict like data.js: one invalid entry refuses the
 * whole list, and PATCH of an unknown key is a LogicalError.
 */
const { ClerkError, invalid } = require('./errors');
const { idList, isId, isObject, list, stringList } = require('./args');

const textList = (value) => Array.isArray(value) && value.every((entry) => typeof entry === 'string');
const ids = (value) => Array.isArray(value) && value.every(isId);
const pinHide = (value) =>
	isObject(value) && Object.entries(value).every(([name, entries]) => ['pin', 'hide'].includes(name) && Array.isArray(entries));

/** Checks one entry: its key and the documented field types. */
function checker(listKey, keyField, keyCheck, types) {
	return (entry, index) => {
		const where = `${listKey}[${index}]`;
		if (!isObject(entry)) throw invalid(listKey, `${where} is not an object`);
		if (keyField && !keyCheck(entry[keyField])) throw invalid(listKey, `${where}.${keyField} is missing or invalid`);
		for (const [name, check] of Object.entries(types)) {
			if (entry[name] !== undefined && !check(entry[name])) throw invalid(listKey, `${where}.${name} has the wrong type`);
		}
	};
}

const nonEmptyText = (value) => typeof value === 'string' && value !== '';

/**
 * @param {object} family
 * @param {string} family.endpoint
 * @param {string} family.listKey list key of POST/PATCH (and of GET/DELETE unless keysArg)
 * @param {string} [family.keysArg] argument of GET/DELETE holding the keys
 * @param {string} family.collection store map
 * @param {string} family.keyField
 * @param {(value: any) => boolean} family.keyCheck
 * @param {Record<string, (value: any) => boolean>} family.types
 * @param {boolean} [family.createOnly] POST creates entries without key and answers their IDs
 * @param {string} [family.createdKey]
 */
function keyedList({ endpoint, listKey, keysArg = listKey, collection, keyField, keyCheck, types, createOnly, createdKey }) {
	const table = (store) => store[collection];
	const readKeys = (args) => (keyCheck === nonEmptyText ? stringList(args, keysArg, { optional: false }) : idList(args, keysArg));
	const check = checker(listKey, createOnly ? undefined : keyField, keyCheck, types);
	const checkPatch = checker(listKey, keyField, keyCheck, types);
	return {
		[`GET ${endpoint}`]: {
			auth: 'private',
			handle: ({ args, store }) => {
				const found = readKeys(args).map((key) => table(store).get(String(key))).filter(Boolean);
				return { status: 'ok', [listKey]: found };
			},
		},
		[`POST ${endpoint}`]: {
			auth: 'private',
			handle: ({ args, store }) => {
				const entries = list(args, listKey);
				entries.forEach(check);
				if (createOnly) {
					if (entries.some((entry) => entry[keyField] !== undefined)) {
						throw new ClerkError('LogicalError', `New ${listKey} must not carry ${keyField}; use PATCH to change existing ones`);
					}
					const created = entries.map((entry) => {
						const key = Math.max(0, ...[...table(store).keys()].map(Number)) + 1;
						table(store).set(String(key), { [keyField]: key, ...structuredClone(entry) });
						return key;
					});
					return { status: 'ok', [/** @type {string} */ (createdKey)]: created };
				}
				for (const entry of entries) table(store).set(String(entry[keyField]), structuredClone(entry));
				return { status: 'ok' };
			},
		},
		[`PATCH ${endpoint}`]: {
			auth: 'private',
			handle: ({ args, store }) => {
				const entries = list(args, listKey);
				entries.forEach(checkPatch);
				const unknown = entries.filter((entry) => !table(store).has(String(entry[keyField])));
				if (unknown.length > 0) {
					throw new ClerkError('LogicalError', `Cannot update unknown ${listKey}: ${unknown.map((entry) => entry[keyField]).join(', ')}`);
				}
				for (const entry of entries) {
					const key = String(entry[keyField]);
					table(store).set(key, { ...table(store).get(key), ...structuredClone(entry) });
				}
				return { status: 'ok' };
			},
		},
		[`DELETE ${endpoint}`]: {
			auth: 'private',
			handle: ({ args, store }) => {
				for (const key of readKeys(args)) table(store).delete(String(key));
				return { status: 'ok' };
			},
		},
	};
}

const time = (value) => Number.isInteger(value);

module.exports = {
	keyedList,
	routes: {
		...keyedList({
			endpoint: 'accessories',
			listKey: 'accessories',
			collection: 'accessories',
			keyField: 'product',
			keyCheck: isId,
			types: { accessories: ids, directed_accessories: ids },
		}),
		...keyedList({
			endpoint: 'synonyms',
			listKey: 'synonyms',
			collection: 'synonyms',
			keyField: 'query',
			keyCheck: nonEmptyText,
			types: { synonyms: textList, directed_synonyms: textList },
		}),
		// Documented as /redirects/; the server strips the trailing slash.
		...keyedList({
			endpoint: 'redirects',
			listKey: 'redirects',
			collection: 'redirects',
			keyField: 'url',
			keyCheck: nonEmptyText,
			types: { queries: textList, exact_match: (value) => typeof value === 'boolean' },
		}),
		...keyedList({
			endpoint: 'customized_search',
			listKey: 'rules',
			collection: 'customizedSearch',
			keyField: 'query',
			keyCheck: nonEmptyText,
			types: { products: pinHide, categories: pinHide, pages: pinHide, suggestions: pinHide },
		}),
		...keyedList({
			endpoint: 'merchandising',
			listKey: 'campaigns',
			collection: 'campaigns',
			keyField: 'id',
			keyCheck: isId,
			types: {
				name: (value) => typeof value === 'string',
				description: (value) => typeof value === 'string',
				active: (value) => typeof value === 'boolean',
				start_at: time,
				end_at: time,
				rules: Array.isArray,
				triggers: Array.isArray,
				triggers_match: (value) => value === 'any' || value === 'all',
			},
			createOnly: true,
			createdKey: 'campaign_ids',
		}),
	},
};
