// @ts-check
/**
 * Strict mode of the sandbox: lists what is not well-formed in a request, as ../shared/clerk-api.md
 * describes requests (§1.2 request style, §1.3 keys, §2 data model). It never changes the answer;
 * the server records the list as `malformed` (null when the request is well-formed).
 */
const ATTRIBUTE_NAME = /^[A-Za-z0-9_]+$/;

/** Arguments Clerk documents as lists: in a query string they must be JSON-encoded lists (§1.2). */
const LIST_ARGS = new Set([
	'products',
	'categories',
	'orders',
	'customers',
	'pages',
	'accessories',
	'labels',
	'facets',
	'attributes',
	'exclude',
	'ids',
	'synonyms',
	'redirects',
	'rules',
	'campaigns',
]);

/** Write endpoints whose list holds records of Clerk's data model (§2, §5.1), by list key. */
const RECORD_LISTS = new Set(['products', 'categories', 'orders', 'customers', 'pages']);

const isObject = (value) => typeof value === 'object' && value !== null && !Array.isArray(value);
const isId = (value) => (typeof value === 'number' && Number.isFinite(value)) || (typeof value === 'string' && value !== '');

function parsed(text) {
	try {
		return JSON.parse(text);
	} catch {
		return undefined;
	}
}

const occurrences = (text, part) => (part ? text.split(part).length - 1 : 0);

/**
 * @param {{method: string, endpoint: string, rawBody: string, body: any, url?: string}} request
 * @param {URLSearchParams} searchParams
 * @param {{publicKey: string, privateKey: string}} keys
 * @returns {string[]}
 */
function malformations(request, searchParams, keys) {
	const { method, endpoint, rawBody, body } = request;
	const problems = [];

	if (rawBody.length > 0) {
		if (body === undefined) problems.push('body is not valid JSON');
		else if (!isObject(body)) problems.push('body is not a JSON object');
		if (method === 'GET') problems.push('GET request carries a body');
	}

	const names = [...searchParams.keys()];
	for (const name of new Set(names)) {
		if (names.indexOf(name) !== names.lastIndexOf(name)) problems.push(`query parameter ${name} is repeated`);
	}
	for (const [name, raw] of searchParams) {
		if (raw.includes('[object Object]')) problems.push(`query ${name} holds [object Object]`);
		if (/^(NaN|undefined|null|-?Infinity)$/.test(raw)) problems.push(`query ${name} is ${raw}`);
		if (/^\s*[[{]/.test(raw) && parsed(raw) === undefined) problems.push(`query ${name} is not valid JSON`);
		if (LIST_ARGS.has(name) && !Array.isArray(parsed(raw))) problems.push(`query ${name} is not a JSON-encoded list`);
	}

	const args = isObject(body) ? body : {};
	for (const secret of ['key', 'private_key']) {
		const inQuery = searchParams.has(secret);
		if (inQuery && secret in args) problems.push(`${secret} is sent twice (query and body)`);
		if (inQuery && (method === 'POST' || method === 'PATCH')) problems.push(`${secret} is in the query string of a ${method}`);
	}
	// The private key travels only as the private_key argument, nowhere else in URL or body.
	let url = '';
	try {
		url = decodeURIComponent(request.url ?? '');
	} catch {
		url = request.url ?? '';
	}
	const elsewhere =
		occurrences(url, keys.privateKey) -
		(searchParams.get('private_key') === keys.privateKey ? 1 : 0) +
		occurrences(rawBody, keys.privateKey) -
		(args.private_key === keys.privateKey ? 1 : 0);
	if (elsewhere > 0) problems.push('the private key appears outside the private_key argument');

	for (const [name, value] of Object.entries(args)) if (value === null) problems.push(`argument ${name} is null`);

	if ((method === 'POST' || method === 'PATCH') && RECORD_LISTS.has(endpoint)) {
		for (const name of Object.keys(args)) {
			if (!['key', 'private_key', endpoint].includes(name)) problems.push(`argument ${name} beside the ${endpoint} list`);
		}
		const records = args[endpoint];
		if (!Array.isArray(records)) problems.push(`${endpoint} is not a list`);
		else {
			records.forEach((record, index) => {
				const where = `${endpoint}[${index}]`;
				if (!isObject(record)) return problems.push(`${where} is not an object`);
				// Customers are keyed by customerid or email (customer-resource); everything else by id.
				if (endpoint === 'customers' ? !isId(record.customerid) && !isId(record.email) : !isId(record.id)) problems.push(`${where} has no ID`);
				for (const [name, value] of Object.entries(record)) {
					if (!ATTRIBUTE_NAME.test(name)) problems.push(`${where} has attribute name ${JSON.stringify(name)}`);
					// "Omit attributes rather than sending null" (§2).
					if (value === null) problems.push(`${where}.${name} is null`);
				}
				return undefined;
			});
		}
	}
	return problems;
}

module.exports = { malformations, LIST_ARGS };
