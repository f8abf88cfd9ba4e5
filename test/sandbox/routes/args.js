// @ts-check
/** Argument readers shared by the route families; each throws Clerk's ParsingError. */
const { invalid, missing } = require('./errors');

const isId = (value) => (typeof value === 'number' && Number.isFinite(value)) || (typeof value === 'string' && value !== '');
const isObject = (value) => typeof value === 'object' && value !== null && !Array.isArray(value);

function required(args, name) {
	if (args[name] === undefined || args[name] === null || args[name] === '') throw missing(name);
	return args[name];
}

function list(args, name, { optional = false, of } = /** @type {any} */ ({})) {
	const value = optional ? args[name] : required(args, name);
	if (value === undefined) return undefined;
	if (!Array.isArray(value)) throw invalid(name, 'expected a JSON list');
	if (of) value.forEach((entry, index) => of(entry, `${name}[${index}]`));
	return value;
}

function idList(args, name, options = {}) {
	return list(args, name, {
		...options,
		of: (entry, where) => {
			if (!isId(entry)) throw invalid(name, `${where} is not an ID`);
		},
	});
}

function id(args, name, { optional = false } = {}) {
	const value = optional ? args[name] : required(args, name);
	if (value === undefined) return undefined;
	if (!isId(value)) throw invalid(name, 'expected an ID');
	return value;
}

function text(args, name, { optional = false } = {}) {
	const value = optional ? args[name] : required(args, name);
	if (value === undefined) return undefined;
	if (typeof value !== 'string' && typeof value !== 'number') throw invalid(name, 'expected text');
	return String(value);
}

function integer(args, name, { optional = false, min, max, fallback } = /** @type {any} */ ({})) {
	let value = args[name];
	if (value === undefined || value === '') {
		if (optional) return fallback;
		throw missing(name);
	}
	if (typeof value === 'string' && /^-?\d+$/.test(value)) value = Number(value);
	if (!Number.isInteger(value)) throw invalid(name, 'expected a whole number');
	if (min !== undefined && value < min) throw invalid(name, `must be at least ${min}`);
	if (max !== undefined && value > max) throw invalid(name, `must be at most ${max}`);
	return value;
}

function boolean(args, name, fallback = false) {
	const value = args[name];
	if (value === undefined) return fallback;
	if (typeof value === 'boolean') return value;
	if (value === 'true' || value === 1) return true;
	if (value === 'false' || value === 0) return false;
	throw invalid(name, 'expected true or false');
}

function stringList(args, name, { optional = true } = {}) {
	return list(args, name, {
		optional,
		of: (entry, where) => {
			if (typeof entry !== 'string') throw invalid(name, `${where} is not text`);
		},
	});
}

module.exports = { isId, isObject, required, list, idList, id, text, integer, boolean, stringList };
