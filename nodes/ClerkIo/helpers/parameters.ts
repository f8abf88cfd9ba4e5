import type { IExecuteFunctions, IGetNodeParameterOptions } from 'n8n-workflow';
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

/**
 * Parameters without an expression are the same for every item: from here on this node run reads
 * each of them once (n8n resolves every read, which costs more than the call on 1,000 per-item reads)
 * and hands out copies. Parameters with an expression are still read per item.
 */
export function readStaticParametersOnce(ctx: IExecuteFunctions): void {
	const parameters = ctx.getNode().parameters;
	const read = ctx.getNodeParameter.bind(ctx) as (
		name: string,
		itemIndex: number,
		fallback?: unknown,
		options?: IGetNodeParameterOptions,
	) => unknown;
	const cache = new Map<string, unknown>();
	ctx.getNodeParameter = ((name: string, itemIndex: number, fallback?: unknown, options?: IGetNodeParameterOptions) => {
		if (options || hasExpression(rawAt(parameters, name))) return read(name, itemIndex, fallback, options);
		const key = `${name}\n${JSON.stringify(fallback) ?? ''}`;
		if (!cache.has(key)) cache.set(key, read(name, itemIndex, fallback));
		const value = cache.get(key);
		return value && typeof value === 'object' ? deepCopy(value) : value;
	}) as IExecuteFunctions['getNodeParameter'];
}
