/**
 * The per-item machinery, written once for every operation: the item loop, batching, paging,
 * bounded concurrency, error attribution, pairing and Continue on Fail. Operations only say which
 * request to build from the items and how to map the answer back.
 */
import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeApiError, NodeOperationError, sleep } from 'n8n-workflow';

import { chunk, forEachConcurrently } from '../helpers/concurrency';
import { loadIdType } from '../helpers/idType';
import { readParametersCheaply } from '../helpers/parameters';
import type {
	BatchOperation,
	ClerkOperation,
	ClerkResponse,
	ItemOperation,
} from '../helpers/interfaces';
import {
	DEFAULT_TRANSPORT_SETTINGS,
	clerkApiError,
	clerkApiRequest,
	failureOf,
	isTooLarge,
	paramsInQuery,
	requestMeter,
	type ClerkFailure,
	type ClerkRequest,
	type RequestSize,
	type TransportSettings,
} from '../transport';

export const DEFAULT_BATCH_SIZE = 500;
export const DEFAULT_BATCH_PARALLEL = 4;
// Per-item reads: enough calls in flight to keep n8n busy. Under load a call's round trip is Clerk's
// latency plus the answers n8n is still handling ahead of it (~85 ms at 20 ms latency) and n8n handles
// ~1,000 calls/s, so 50 lanes capped a run near 600 calls/s; at 100 n8n is the limit. 429s are honoured.
export const DEFAULT_ITEM_PARALLEL = 100;
// GET/DELETE batches keep their whole URL (Base URL, path, query with both keys) within 6,000
// characters: servers and proxies commonly refuse a request line over 8 KB (nginx and Apache 8,190,
// CloudFront 8,192), and some count all headers in those 8 KB (Tomcat); the rest is left for the
// headers n8n adds.
const URL_BUDGET = 6_000;
// Return All where Clerk reports no total stops after this many pages (10,000 results at 100 a
// page). With a Limit or a reported total the walk is bounded by those instead.
const MAX_PAGES_WITHOUT_TOTAL = 100;

export interface RunSettings {
	batchSize: number;
	parallelRequests: number;
	transport: TransportSettings;
}

export function readSettings(ctx: IExecuteFunctions, operation: ClerkOperation): RunSettings {
	const options = ctx.getNodeParameter('requestOptions', 0, {}) as IDataObject;
	const positive = (value: unknown, fallback: number) =>
		typeof value === 'number' && Number.isFinite(value) && value >= 1 ? Math.floor(value) : fallback;
	return {
		batchSize: positive(options.batchSize, DEFAULT_BATCH_SIZE),
		parallelRequests: positive(
			options.parallelRequests,
			operation.mode === 'item' ? DEFAULT_ITEM_PARALLEL : DEFAULT_BATCH_PARALLEL,
		),
		transport: {
			...DEFAULT_TRANSPORT_SETTINGS,
			timeout: positive(options.timeout, DEFAULT_TRANSPORT_SETTINGS.timeout / 1000) * 1000,
			maxRetries:
				typeof options.maxRetries === 'number' && options.maxRetries >= 0
					? Math.floor(options.maxRetries)
					: DEFAULT_TRANSPORT_SETTINGS.maxRetries,
		},
	};
}

/**
 * The error-output item: exactly `{ error, message }`, the one shape both n8n 1.x and 2.x route to
 * the error branch (1.x refuses any other key, such as `details`). `error` leads with Clerk's type;
 * `message` says what to do and links Clerk's error page, after Clerk's own words for a Clerk error
 * (its advice alone is generic, and a branch may show only `message`).
 */
export function errorJson(error: Error & { description?: string | null }): IDataObject {
	if (!error.description) return { error: error.message, message: error.message };
	if (!failureOf(error)) return { error: error.message, message: error.description };
	const what = /[.!?]$/.test(error.message) ? error.message : `${error.message}.`;
	return { error: error.message, message: `${what} ${error.description}` };
}

/** Gives an error the item it belongs to, keeping its type and Clerk details. */
function forItem(ctx: IExecuteFunctions, error: unknown, itemIndex: number): Error {
	const failure = failureOf(error);
	if (failure) return clerkApiError(ctx.getNode(), failure, itemIndex);
	if (error instanceof NodeOperationError || error instanceof NodeApiError) {
		error.context.itemIndex = itemIndex;
		return error;
	}
	return new NodeOperationError(ctx.getNode(), error as Error, { itemIndex });
}

class Outputs {
	private readonly byItem: INodeExecutionData[][];

	private firstFailure: { itemIndex: number; error: Error } | undefined;

	constructor(
		private readonly ctx: IExecuteFunctions,
		itemCount: number,
		private readonly continueOnFail: boolean,
	) {
		this.byItem = new Array(itemCount);
	}

	succeed(itemIndex: number, results: IDataObject[]): void {
		this.byItem[itemIndex] = results.map((json) => ({ json, pairedItem: { item: itemIndex } }));
	}

	/** Output items that carry more than JSON (a summary with a binary file). */
	succeedWith(itemIndex: number, results: Array<Pick<INodeExecutionData, 'json' | 'binary'>>): void {
		this.byItem[itemIndex] = results.map((result) => ({ ...result, pairedItem: { item: itemIndex } }));
	}

	/** Under Continue on Fail the item goes to the error output; otherwise the error is kept to throw. */
	fail(itemIndex: number, error: unknown): void {
		const attributed = forItem(this.ctx, error, itemIndex);
		if (this.continueOnFail) {
			this.byItem[itemIndex] = [{ json: errorJson(attributed), pairedItem: { item: itemIndex } }];
		} else if (!this.firstFailure || itemIndex < this.firstFailure.itemIndex) {
			this.firstFailure = { itemIndex, error: attributed };
		}
	}

	throwIfFailed(): void {
		if (this.firstFailure) throw this.firstFailure.error;
	}

	/**
	 * A Clerk failure that stops a write says how far it got, so the user knows what to send again.
	 * (Input is checked before the first call, so any other error stops with nothing stored.)
	 */
	withProgress(error: unknown): unknown {
		if (!failureOf(error) || this.byItem.length < 2 || !(error instanceof Error)) return error;
		let stored = 0;
		for (const results of this.byItem) if (results) stored++;
		const count = (value: number) => value.toLocaleString('en-US');
		error.message = `${error.message.replace(/\.$/, '')}. Clerk.io had confirmed ${count(stored)} of ${count(this.byItem.length)} items before the node stopped`;
		return error;
	}

	collect(): INodeExecutionData[] {
		this.throwIfFailed();
		const all: INodeExecutionData[] = [];
		for (const results of this.byItem) if (results) for (const result of results) all.push(result);
		return all;
	}
}

async function runBatches(
	ctx: IExecuteFunctions,
	operation: BatchOperation,
	settings: RunSettings,
	outputs: Outputs,
): Promise<void> {
	type Entry = { itemIndex: number; element: unknown };
	const entries: Entry[] = [];
	const itemCount = ctx.getInputData().length;
	// All input is checked before the first request.
	for (let itemIndex = 0; itemIndex < itemCount; itemIndex++) {
		try {
			entries.push({ itemIndex, element: operation.readItem.call(ctx, itemIndex) });
		} catch (error) {
			outputs.fail(itemIndex, error);
			outputs.throwIfFailed();
		}
	}

	const requestOf = (batch: Entry[]) => operation.request(batch.map((entry) => entry.element));
	let batches = chunk(entries, settings.batchSize);
	let measure: ((request: ClerkRequest) => RequestSize) | undefined;
	if (entries.length > 0 && paramsInQuery(requestOf(entries.slice(0, 1)))) {
		try {
			measure = await requestMeter(ctx);
		} catch (error) {
			for (const entry of entries) outputs.fail(entry.itemIndex, error);
			outputs.throwIfFailed();
			return;
		}
		const urlLength = (batch: Entry[]) => measure!(requestOf(batch)).size;
		batches = packByLength(entries, settings.batchSize, urlLength, URL_BUDGET);
	}

	const send = batchSender<Entry>(ctx, settings.transport, {
		request: requestOf,
		stored: (batch, response) => {
			for (const entry of batch) outputs.succeed(entry.itemIndex, operation.toOutput(entry.element, response));
		},
		failed: (batch, error, stop) => {
			for (const entry of batch) outputs.fail(entry.itemIndex, error);
			if (stop && !ctx.continueOnFail()) outputs.throwIfFailed();
		},
		tooLarge: async (entry, failure) =>
			tooLargeError(ctx, entry.itemIndex, failure, measure ?? (await requestMeter(ctx)), requestOf([entry])),
	});

	await forEachConcurrently(batches, settings.parallelRequests, send);
}

/** Where a batch sender reports: what each batch is as a request, and what became of it. */
export interface BatchSink<Entry> {
	request(batch: Entry[]): ClerkRequest;
	/** Clerk.io accepted the batch. */
	stored(batch: Entry[], response: ClerkResponse): void;
	/**
	 * These entries failed with `error`; `stop`: the error is not about their content (or they are
	 * too large on their own). May throw to stop the run.
	 */
	failed(batch: Entry[], error: unknown, stop: boolean): void;
	/** The error for one entry whose request is too large for Clerk.io even on its own. */
	tooLarge(entry: Entry, failure: ClerkFailure): Promise<Error>;
}

/**
 * Sends one batch the way every batch operation does: retries in the transport; a batch refused
 * for its content is halved until the offending entries stand alone; one refused for its size is
 * split; an error of the whole store is told apart with one call without entries (once per run).
 */
export function batchSender<Entry>(
	ctx: IExecuteFunctions,
	transport: TransportSettings,
	sink: BatchSink<Entry>,
): (batch: Entry[]) => Promise<void> {
	/** Sends a batch; the sink hears of its success, and the error (if any) is returned. */
	const attempt = async (batch: Entry[]): Promise<unknown> => {
		try {
			const response = await clerkApiRequest.call(ctx, sink.request(batch), transport);
			sink.stored(batch, response);
			return undefined;
		} catch (error) {
			return error ?? new Error('Unknown error');
		}
	};

	const fail = (batch: Entry[], error: unknown, stop: boolean) => sink.failed(batch, error, stop);

	// Errors (type + message) that a request without any element got too: not about content.
	const storeWide = new Map<string, Promise<boolean>>();
	const keyOf = (failure: ClerkFailure) => `${failure.type}\n${failure.message}`;
	const isStoreWide = async (failure: ClerkFailure): Promise<boolean> => {
		let verdict = storeWide.get(keyOf(failure));
		if (!verdict) {
			verdict = attempt([]).then((error) => failureOf(error) !== undefined && keyOf(failureOf(error)!) === keyOf(failure));
			storeWide.set(keyOf(failure), verdict);
		}
		return await verdict;
	};

	const settle = async (batch: Entry[], error: unknown): Promise<void> => {
		const failure = failureOf(error);
		if (isTooLarge(failure)) {
			// Too large, not wrong: smaller requests may pass.
			if (batch.length > 1) {
				for (const half of halves(batch)) await send(half);
				return;
			}
			return fail(batch, await sink.tooLarge(batch[0], failure!), true);
		}
		// Without Continue on Fail, an error that is not about this batch's content stops the run.
		if (!failure?.rejected || batch.length === 1) return fail(batch, error, !failure?.rejected);
		// Clerk refused the batch for its content (halve it until the offending items stand alone), or
		// refuses every call of the store, which halving would only multiply. Clerk's messages often
		// name no record ("Invalid Syntax In Argument: products"), so two halves failing alike is only
		// a hint; a request without any element failing alike too settles it.
		const [left, right] = halves(batch);
		if (storeWide.has(keyOf(failure)) && (await isStoreWide(failure))) return fail(batch, error, true);
		const leftError = await attempt(left);
		const rightError = await attempt(right);
		const alike = [leftError, rightError].every((other) => failureOf(other) && keyOf(failureOf(other)!) === keyOf(failure));
		if (alike && (await isStoreWide(failure))) {
			fail(left, leftError, false);
			return fail(right, rightError, true);
		}
		if (leftError !== undefined) await settle(left, leftError);
		if (rightError !== undefined) await settle(right, rightError);
	};

	const send = async (batch: Entry[]): Promise<void> => {
		const error = await attempt(batch);
		if (error !== undefined) await settle(batch, error);
	};
	return send;
}

const halves = <T>(list: T[]): [T[], T[]] => {
	const middle = Math.ceil(list.length / 2);
	return [list.slice(0, middle), list.slice(middle)];
};

/**
 * Consecutive batches of at most `size` entries whose request stays within `budget` (the length
 * grows with every entry). An entry over the budget on its own is sent alone: the server decides.
 */
function packByLength<T>(entries: T[], size: number, lengthOf: (batch: T[]) => number, budget: number): T[][] {
	const batches: T[][] = [];
	for (let start = 0; start < entries.length; ) {
		const most = Math.min(size, entries.length - start);
		const fits = (count: number) => lengthOf(entries.slice(start, start + count)) <= budget;
		let good = 1;
		if (fits(most)) {
			good = most;
		} else if (fits(1)) {
			// Double while it fits, then bisect between the last fit and the first miss.
			let bad = most;
			for (let count = 2; count < bad; count *= 2) {
				if (!fits(count)) {
					bad = count;
					break;
				}
				good = count;
			}
			while (bad - good > 1) {
				const middle = Math.floor((good + bad) / 2);
				if (fits(middle)) good = middle;
				else bad = middle;
			}
		}
		batches.push(entries.slice(start, start + good));
		start += good;
	}
	return batches;
}

/** One item's request refused for its size even on its own. */
function tooLargeError(
	ctx: IExecuteFunctions,
	itemIndex: number,
	failure: ClerkFailure,
	measure: (request: ClerkRequest) => RequestSize,
	request: ClerkRequest,
): NodeOperationError {
	const { place, size } = measure(request);
	const what = place === 'url' ? `a URL of ${size.toLocaleString('en-US')} characters` : `a body of ${size.toLocaleString('en-US')} bytes`;
	return new NodeOperationError(
		ctx.getNode(),
		`The request for item ${itemIndex} is too large for Clerk.io on its own: ${what} (HTTP ${failure.httpCode})`,
		{
			itemIndex,
			description:
				place === 'url'
					? 'Give this item fewer values (IDs) so its URL gets shorter.'
					: 'Send a smaller record: fewer or shorter attributes.',
		},
	);
}

async function readPages(
	ctx: IExecuteFunctions,
	operation: ItemOperation,
	itemIndex: number,
	request: ClerkRequest,
	settings: RunSettings,
): Promise<IDataObject[]> {
	const send = async (page: ClerkRequest): Promise<ClerkResponse> =>
		await clerkApiRequest.call(ctx, page, settings.transport);
	const paging = operation.paging;
	const complete = (results: IDataObject[], first: ClerkResponse) =>
		operation.complete ? operation.complete.call(ctx, results, itemIndex, request, first) : results;
	if (!paging) {
		const response = await send(request);
		return complete(operation.toOutput.call(ctx, response, itemIndex, request), response);
	}

	const returnAll = paging.offset && (ctx.getNodeParameter('returnAll', itemIndex, false) as boolean);
	const wanted = returnAll ? Infinity : (ctx.getNodeParameter('limit', itemIndex, paging.defaultLimit) as number);
	const results: IDataObject[] = [];
	const seen = new Set<string>();
	const seenKeys = new Set<string>();
	// Counted in Clerk results, not output items: a raw-response page is one item for many results.
	let received = 0;
	let first: ClerkResponse = {};
	for (let pages = 1; received < wanted; pages++) {
		const limit = Math.min(paging.maxPageSize, wanted - received);
		const page = { ...request, params: { ...request.params, limit, ...(paging.offset ? { offset: received } : {}) } };
		const response = await send(page);
		if (pages === 1) first = response;
		const keys = paging.keys?.(response) ?? [];
		// Nothing new: the endpoint ignores offset (or its ranking stalled), so later pages would repeat too.
		if (keys.length > 0 && keys.every((key) => seenKeys.has(key))) break;
		for (const key of keys) seenKeys.add(key);
		for (const item of operation.toOutput.call(ctx, response, itemIndex, page)) {
			const identity = paging.identity?.(item);
			if (identity !== undefined && seen.has(identity)) continue;
			if (identity !== undefined) seen.add(identity);
			results.push(item);
		}
		const length = paging.pageLength(response);
		received += length;
		const total = paging.total?.(response);
		if (!paging.offset || length < limit || (total !== undefined && received >= total)) break;
		if (wanted === Infinity && total === undefined && pages >= MAX_PAGES_WITHOUT_TOTAL) {
			// An error rather than a flag on the items: Return All promises every result, and a silent
			// cut (or a field on thousands of items) is easy to miss; the error names the way out.
			throw new NodeOperationError(
				ctx.getNode(),
				`Return All stopped after ${pages} pages (${received.toLocaleString('en-US')} results) of ${request.endpoint} for item ${itemIndex}: Clerk.io reports no total and kept sending new results`,
				{
					itemIndex,
					description: `Turn off Return All and set a Limit to read as many results as you need (the Limit has no such cap).`,
				},
			);
		}
	}
	return complete(results.length > wanted ? results.slice(0, wanted) : results, first);
}

// Per-item reads built back to back before the event loop gets a turn (see readPipelined).
const BUILD_SLICE = 10;

/**
 * Per-item reads as a pipeline: requests are built in slices of BUILD_SLICE items, back to back
 * (n8n evaluates expressions at about half the CPU per item that way than one item between two
 * answers), and each built request leaves as soon as one of the Parallel Requests lanes is free;
 * an answer frees its lane and starts the next built request at once. Between slices the event
 * loop gets a turn, so the calls just started are written out and answers come in while the next
 * slice is built; the builder waits only when Parallel Requests requests are built and unsent.
 * An item's failure that stops the run stops every request not yet sent.
 */
async function readPipelined(
	indexes: number[],
	lanes: number,
	outputs: Outputs,
	build: (itemIndex: number) => ClerkRequest | undefined,
	send: (itemIndex: number, request: ClerkRequest) => Promise<void>,
): Promise<void> {
	const ready: Array<{ itemIndex: number; request: ClerkRequest }> = [];
	const running = new Set<Promise<void>>();
	let stopped = false;
	// One waiter woken when a call ends (Promise.race over every running call would leave a handler
	// on each of them per wait).
	let callEnded: (() => void) | undefined;
	const nextCallEnd = () => new Promise<void>((resolve) => (callEnded = resolve));
	const startCalls = () => {
		while (!stopped && running.size < lanes && ready.length > 0) {
			const { itemIndex, request } = ready.shift()!;
			const call: Promise<void> = send(itemIndex, request)
				.catch(() => {
					// `send` rethrows only a failure that stops the run (kept by `outputs`).
					stopped = true;
				})
				.finally(() => {
					running.delete(call);
					startCalls();
					callEnded?.();
				});
			running.add(call);
		}
	};
	try {
		for (let next = 0; next < indexes.length && !stopped; ) {
			for (const end = Math.min(next + BUILD_SLICE, indexes.length); next < end; next++) {
				const request = build(indexes[next]);
				if (request) ready.push({ itemIndex: indexes[next], request });
			}
			startCalls();
			while (!stopped && ready.length >= lanes) await nextCallEnd();
			await sleep(0);
		}
		while (running.size > 0) await nextCallEnd();
	} finally {
		// Nothing is left running when the node returns or throws.
		stopped = true;
		while (running.size > 0) await Promise.allSettled([...running]);
	}
	outputs.throwIfFailed();
}

export async function runOperation(
	this: IExecuteFunctions,
	operation: ClerkOperation,
): Promise<INodeExecutionData[][]> {
	readParametersCheaply(this);
	// The store's ID type (credential), for the synchronous item readers below.
	await loadIdType(this);
	const itemCount = this.getInputData().length;
	const settings = readSettings(this, operation);
	const outputs = new Outputs(this, itemCount, this.continueOnFail());

	if (operation.mode === 'file') {
		// One output item per input file, built by the operation (Import From File); files one at a time.
		for (let itemIndex = 0; itemIndex < itemCount; itemIndex++) {
			try {
				outputs.succeedWith(itemIndex, [await operation.runFile.call(this, itemIndex, settings)]);
			} catch (error) {
				outputs.fail(itemIndex, error);
				outputs.throwIfFailed();
			}
		}
	} else if (operation.mode === 'batch') {
		try {
			await runBatches(this, operation, settings, outputs);
		} catch (error) {
			throw outputs.withProgress(error);
		}
	} else {
		const send = async (itemIndex: number, request: ClerkRequest) => {
			try {
				outputs.succeed(itemIndex, await readPages(this, operation, itemIndex, request, settings));
			} catch (error) {
				outputs.fail(itemIndex, error);
				outputs.throwIfFailed();
			}
		};
		const build = (itemIndex: number): ClerkRequest | undefined => {
			try {
				return operation.request.call(this, itemIndex);
			} catch (error) {
				outputs.fail(itemIndex, error);
				outputs.throwIfFailed();
				return undefined;
			}
		};
		const indexes = Array.from({ length: itemCount }, (_, itemIndex) => itemIndex);
		if (operation.reads) {
			await readPipelined(indexes, settings.parallelRequests, outputs, build, send);
		} else {
			// Writes: every item's request is built, and so checked, before the first one is sent.
			const prepared: Array<{ itemIndex: number; request: ClerkRequest }> = [];
			for (const itemIndex of indexes) {
				const request = build(itemIndex);
				if (request) prepared.push({ itemIndex, request });
			}
			await forEachConcurrently(prepared, settings.parallelRequests, async ({ itemIndex, request }) => await send(itemIndex, request));
		}
	}
	return [outputs.collect()];
}
