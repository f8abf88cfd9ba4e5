import type { IDataObject, IExecuteFunctions, IGetNodeParameterOptions } from 'n8n-workflow';
import { deepCopy } from 'n8n-workflow';

/** Whether a raw parameter value holds an expression anywhere (a string starting with "="). */
function hasExpression(value: unknown): boolean {
	if (typeof value === 'string') return value.startsWith('=');
	if (Array.isArray(value)) return value.some(hasExpression);
	if (value && typeof value === 'object') return Object.values(value).some(hasExpression);
	return false;
}

/** The raw value at a parameter path such as `requestOptions.batchSize`. */
function rawAt(parameters: unknown, path: string): unknown {
	let value = parameters;
	for (const key of path.split('.')) {
		if (!value || typeof value !== 'object') return undefined;
		value = (value as Record<string, unknown>)[key];
	}
	return value;
}

// What the editor writes when a field is dragged onto a parameter: `{{ $json.name }}`, `{{ $json.a.b }}`
// or `{{ $json["a name"] }}` (quoted keys without escapes), and nothing else in the parameter.
const JSON_PATH_EXPRESSION = /^=\{\{\s*\$json((?:\.[A-Za-z_$][\w$]*|\[\s*(?:"[^"\\]*"|'[^'\\]*')\s*\])+)\s*\}\}$/;
const PATH_STEP = /\.([A-Za-z_$][\w$]*)|\[\s*(?:"([^"\\]*)"|'([^'\\]*)')\s*\]/g;

// Names n8n's expression sandbox refuses or treats specially (n8n-workflow's unsafe object properties,
// and any `.constructor…`): such paths are left to n8n, which gives its own error.
const GUARDED_NAMES = new Set([
	'__proto__',
	'prototype',
	'constructor',
	'getPrototypeOf',
	'setPrototypeOf',
	'getOwnPropertyDescriptor',
	'getOwnPropertyDescriptors',
	'defineProperty',
	'defineProperties',
	'mainModule',
	'binding',
	'_linkedBinding',
	'_load',
	'prepareStackTrace',
	'__lookupGetter__',
	'__lookupSetter__',
	'__defineGetter__',
	'__defineSetter__',
	'caller',
	'callee',
	'arguments',
	'getBuiltinModule',
	'dlopen',
	'execve',
	'loadEnvFile',
]);

/** The keys of a `{{ $json… }}` parameter, or undefined for any other value. */
export function jsonPathOf(raw: unknown): string[] | undefined {
	if (typeof raw !== 'string' || raw.includes('constructor')) return undefined;
	const match = JSON_PATH_EXPRESSION.exec(raw);
	if (!match) return undefined;
	const keys = Array.from(match[1].matchAll(PATH_STEP), (step) => step[1] ?? step[2] ?? step[3]);
	return keys.some((key) => GUARDED_NAMES.has(key)) ? undefined : keys;
}

const PRIMITIVE_TYPES = new Set(['string', 'number', 'boolean']);

/** The item's own value at `keys` if it is a string, number or boolean; undefined otherwise. */
function primitiveAt(json: IDataObject | undefined, keys: string[]): string | number | boolean | undefined {
	let value: unknown = json;
	for (const key of keys) {
		if (!value || typeof value !== 'object' || !Object.prototype.hasOwnProperty.call(value, key)) return undefined;
		value = (value as Record<string, unknown>)[key];
	}
	return PRIMITIVE_TYPES.has(typeof value) ? (value as string | number | boolean) : undefined;
}

/**
 * Makes this node run's parameter reads cheaper without changing what they return. n8n resolves
 * every read through its expression engine (about 1 ms per item in n8n 2.x's isolate), which costs
 * more than the Clerk call itself on 1,000 per-item reads:
 * - a parameter without an expression is the same for every item: read once, copies handed out;
 * - a parameter that is exactly `{{ $json.path }}` (what mapping a field in the editor writes) is
 *   taken from the item itself when it holds a string, number or boolean there: the value n8n's
 *   expression gives (test/node/parameters.test.ts compares the two). Anything else (a missing
 *   key, an object, any other expression) still goes through n8n.
 */
export function readParametersCheaply(ctx: IExecuteFunctions): void {
	const parameters = ctx.getNode().parameters;
	const read = ctx.getNodeParameter.bind(ctx) as (
		name: string,
		itemIndex: number,
		fallback?: unknown,
		options?: IGetNodeParameterOptions,
	) => unknown;
	const items = ctx.getInputData();
	const cache = new Map<string, unknown>();
	const paths = new Map<string, string[] | undefined>();
	ctx.getNodeParameter = ((name: string, itemIndex: number, fallback?: unknown, options?: IGetNodeParameterOptions) => {
		if (options) return read(name, itemIndex, fallback, options);
		const raw = rawAt(parameters, name);
		if (hasExpression(raw)) {
			if (!paths.has(name)) paths.set(name, jsonPathOf(raw));
			const keys = paths.get(name);
			const value = keys && primitiveAt(items[itemIndex]?.json, keys);
			return value !== undefined ? value : read(name, itemIndex, fallback);
		}
		const key = `${name}\n${JSON.stringify(fallback) ?? ''}`;
		if (!cache.has(key)) cache.set(key, read(name, itemIndex, fallback));
		const value = cache.get(key);
		return value && typeof value === 'object' ? deepCopy(value) : value;
	}) as IExecuteFunctions['getNodeParameter'];
}
