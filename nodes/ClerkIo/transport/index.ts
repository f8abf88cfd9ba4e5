/**
 * The only place where the Clerk.io node talks to the network.
 *
 * Clerk's envelope is the truth: `status: "error"` is an error even with HTTP 200. Failures become
 * NodeApiErrors carrying Clerk's `type`, `message` and `moreInfo`, with the store keys redacted.
 * Idempotent calls are retried on 429, 5xx and connection failures with bounded exponential backoff
 * and jitter; other calls are retried only when the failure proves the request was not processed.
 * All calls of one node run share what they learn about Clerk (RunHealth): a run-wide retry budget,
 * a breaker that stops sending when Clerk has not answered anything, and n8n's cancel signal.
 */
import type {
	ICredentialDataDecryptedObject,
	IDataObject,
	IExecuteFunctions,
	IHttpRequestMethods,
	IHttpRequestOptions,
	ILoadOptionsFunctions,
	INode,
	IWebhookFunctions,
	JsonObject,
} from 'n8n-workflow';
import { NodeApiError, sleep } from 'n8n-workflow';

import { PRIVATE_KEY_HEADER } from '../../../credentials/ClerkIoApi.credentials';

export const CREDENTIAL_TYPE = 'clerkIoApi';

/** Webhook contexts too: the Feed Trigger verifies the importer's token before a workflow runs. */
export type ClerkContext = IExecuteFunctions | ILoadOptionsFunctions | IWebhookFunctions;

export interface ClerkRequest {
	method: IHttpRequestMethods;
	/** Path after the version, e.g. `products` or `search/search`. */
	endpoint: string;
	apiVersion?: 'v2' | 'v3';
	/** Arguments: sent in the query string for GET/DELETE, as the JSON body otherwise. */
	params?: IDataObject;
	/**
	 * The arguments as the UTF-8 JSON text of an object instead of `params` (POST only): large batches
	 * kept as text (Import From File). Every JSON body is sent as such bytes; the credential adds the keys.
	 */
	jsonBody?: Buffer;
	/** Overrides where `params` go, for the DELETE endpoints Clerk documents with a JSON body. */
	paramsIn?: 'query' | 'body';
	/** Whether sending the request twice has the same effect as sending it once. */
	idempotent: boolean;
	/**
	 * Whether the call needs the store's private key, as the operation's table row says (checked
	 * against test/contract). Only then does the credential add it.
	 */
	privateKey: boolean;
	/**
	 * What to do about a Clerk error type on this endpoint, where the general advice does not fit
	 * (token/verify: an AuthenticationError about the token, not the keys).
	 */
	hints?: Partial<Record<string, string>>;
}

export interface TransportSettings {
	/** Per-call timeout in milliseconds. */
	timeout: number;
	maxRetries: number;
	/** First backoff step in milliseconds; doubles on every retry, capped by `maxDelay`. */
	baseDelay: number;
	maxDelay: number;
}

export const DEFAULT_TRANSPORT_SETTINGS: TransportSettings = {
	timeout: 60_000,
	maxRetries: 5,
	baseDelay: 250,
	maxDelay: 8_000,
};

/** A plain, secret-free description of what went wrong; kept on every error we throw. */
export interface ClerkFailure {
	type: string;
	message: string;
	moreInfo: string | null;
	httpCode: number | null;
	/** True when Clerk rejected the request's content, so the same content will fail again. */
	rejected: boolean;
	/** Calls made, retries included (missing: one). */
	attempts?: number;
	/** What to do, when it depends on the request (missing: by type and HTTP status). */
	hint?: string;
}

type HttpResponse = { statusCode: number; headers: IDataObject; body: unknown };

const RETRYABLE_STATUS = new Set([429, 500, 502, 503, 504]);
// The request never reached Clerk, so it is safe to resend even a non-idempotent call.
const NOT_SENT_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH']);
const CONNECTION_CODES = new Set([
	...NOT_SENT_CODES,
	'ECONNRESET',
	'ECONNABORTED',
	'ETIMEDOUT',
	'EPIPE',
	'ESOCKETTIMEDOUT',
	'ERR_SOCKET_CONNECTION_TIMEOUT',
	'ECANCELED',
]);

// One credential read per node run: without it n8n reads and decrypts the credential (a database
// query) on every httpRequestWithAuthentication, which cost more than the call itself on 1,000
// per-item reads (bench row "1,000 searches"). The decrypted credential is handed back to n8n, which
// still applies the credential's own `authenticate`; its keys are what errors are redacted of.
interface StoreCredential {
	data: ICredentialDataDecryptedObject;
	/** The store keys, removed from every message we throw. */
	secrets: string[];
}

const credentialsByContext = new WeakMap<object, Promise<StoreCredential>>();

/**
 * The credential, read before the first attempt: a failure to read it is a CredentialError, not
 * something a retry or the network could change.
 */
async function readCredentials(ctx: ClerkContext): Promise<StoreCredential> {
	let credential = credentialsByContext.get(ctx);
	if (!credential) {
		credential = ctx.getCredentials(CREDENTIAL_TYPE).then((data) => ({
			data,
			secrets: [data.privateKey, data.publicKey].map((value) => String(value ?? '')).filter((value) => value.length >= 4),
		}));
		credentialsByContext.set(ctx, credential);
	}
	try {
		return await credential;
	} catch (error) {
		const reason = String((error as Error)?.message ?? error ?? '').split('\n')[0].trim() || 'unknown reason';
		throw clerkApiError(ctx.getNode(), {
			type: 'CredentialError',
			message: `Could not read the Clerk.io API credential: ${reason}`,
			moreInfo: null,
			httpCode: null,
			rejected: false,
		});
	}
}

/** The store's credential as this run reads it for its calls (read once, then shared). */
export async function storeCredential(ctx: ClerkContext): Promise<ICredentialDataDecryptedObject> {
	return (await readCredentials(ctx)).data;
}

export function redact(text: string, secrets: string[]): string {
	return secrets.reduce((out, secret) => out.split(secret).join('[redacted]'), text);
}

/** GET query strings carry lists and objects JSON-encoded, as Clerk documents. */
export function encodeQuery(params: IDataObject): IDataObject {
	const query: IDataObject = {};
	for (const [name, value] of Object.entries(params)) {
		if (value === undefined || value === null) continue;
		query[name] = typeof value === 'object' ? JSON.stringify(value) : value;
	}
	return query;
}

/** Whether a request's arguments (and keys) travel in the query string rather than a JSON body. */
export function paramsInQuery(request: ClerkRequest): boolean {
	return request.paramsIn
		? request.paramsIn === 'query'
		: request.method === 'GET' || request.method === 'DELETE' || request.method === 'HEAD';
}

/** HTTP statuses that refuse a request for its size (body, URL, headers), not for its content. */
const TOO_LARGE_STATUS = new Set([413, 414, 431]);

export function isTooLarge(failure: ClerkFailure | undefined): boolean {
	return typeof failure?.httpCode === 'number' && TOO_LARGE_STATUS.has(failure.httpCode);
}

const utf8Length = (char: string) => {
	const code = char.codePointAt(0) ?? 0;
	return code < 0x80 ? 1 : code < 0x800 ? 2 : code < 0x10000 ? 3 : 4;
};

/** Length once percent-encoded by the strictest encoder: every byte but A-Z a-z 0-9 - . _ ~ costs 3. */
function encodedLength(text: string): number {
	let length = 0;
	for (const char of text) length += /[A-Za-z0-9\-._~]/.test(char) ? 1 : 3 * utf8Length(char);
	return length;
}

export interface RequestSize {
	/** Where the arguments go: the URL's query string, or the JSON body. */
	place: 'url' | 'body';
	/** Characters of the whole URL, or bytes of the body, keys included. */
	size: number;
}

/**
 * Measures requests as they would be sent with this node's credential: the whole URL (Base URL,
 * path, query string with the keys) of a GET/DELETE, the JSON body otherwise.
 */
export async function requestMeter(ctx: ClerkContext): Promise<(request: ClerkRequest) => RequestSize> {
	const credentials = await storeCredential(ctx);
	const base = String(credentials.baseUrl || 'https://api.clerk.io').replace(/\/+$/, '');
	// Both keys, always: the private key goes only to some endpoints, and counting it errs on the safe side.
	const keys = { key: String(credentials.publicKey ?? ''), private_key: String(credentials.privateKey ?? '') };
	return (request) => {
		const params = request.params ?? {};
		if (!paramsInQuery(request)) {
			let size = 0;
			for (const char of JSON.stringify({ ...keys, ...params })) size += utf8Length(char);
			return { place: 'body', size };
		}
		const path = `/${request.apiVersion ?? 'v2'}/${request.endpoint}`;
		const pairs = Object.entries({ ...keys, ...encodeQuery(params) });
		let size = base.length + path.length + 1 + Math.max(0, pairs.length - 1);
		for (const [name, value] of pairs) size += encodedLength(name) + 1 + encodedLength(String(value));
		return { place: 'url', size };
	};
}

/** Why a call got no HTTP answer: the error's code and its original text, as far as n8n kept them. */
export interface FailureCause {
	/** `ECONNRESET`, `ECONNABORTED`, `DEPTH_ZERO_SELF_SIGNED_CERT`, `ERR_INVALID_URL` …, if any was kept. */
	code?: string;
	/** The original low-level text (`socket hang up`, `connect ECONNREFUSED 127.0.0.1:443` …), if any. */
	reason?: string;
}

type ErrorLike = {
	code?: unknown;
	httpCode?: unknown;
	message?: unknown;
	messages?: unknown;
	description?: unknown;
	cause?: unknown;
	errorResponse?: unknown;
};

// What n8n's NodeApiError writes over a message that names a code; kept to read it back when
// nothing else is left (n8n-workflow 1.x and 2.x use the same texts).
const N8N_REWRITES: Array<[RegExp, string]> = [
	[/^The service refused the connection/, 'ECONNREFUSED'],
	[/^The connection to the server was closed unexpectedly/, 'ECONNRESET'],
	[/^The connection cannot be established, this usually occurs due to an incorrect host/, 'ENOTFOUND'],
	[/^The connection timed out/, 'ETIMEDOUT'],
	[/^The connection was aborted/, 'ECONNABORTED'],
	[/^The host is unreachable/, 'EHOSTUNREACH'],
	[/^The DNS server returned an error/, 'EAI_AGAIN'],
];
const isN8nRewrite = (text: string) => N8N_REWRITES.some(([pattern]) => pattern.test(text));

/** A Node.js, TLS or axios error code; not an HTTP status ("503") or a sentence. */
const looksLikeCode = (value: unknown): value is string =>
	typeof value === 'string' && /^[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)*$/.test(value) && value.length >= 5;
// axios's catch-all codes: a more precise one further down the chain wins.
const GENERIC_CODES = new Set(['ERR_NETWORK', 'ERR_BAD_REQUEST', 'ERR_BAD_RESPONSE', 'ERR_BAD_OPTION']);
const CODE_IN_TEXT = new RegExp(`\\b(${[...CONNECTION_CODES].join('|')})\\b`);

/**
 * Reads the cause of a failed call from whatever the running n8n hands over.
 * - n8n 2.x: a NodeApiError whose `cause` is the AxiosError, whose `cause` is Node's error; each
 *   with `code` (ECONNRESET …) and the original `message`.
 * - n8n 1.x: a NodeApiError without `cause` (n8n-workflow 1.x drops an Error cause); the code survives
 *   in `httpCode` and the original text in `messages` (the `message` is n8n's generic advice).
 * - anything else: `code`, `message` and `description` wherever they are, and the text itself.
 */
export function failureCause(error: unknown): FailureCause {
	const chain: ErrorLike[] = [];
	const queue: unknown[] = [error];
	while (queue.length > 0 && chain.length < 8) {
		const current = queue.shift();
		if (!current || typeof current !== 'object' || chain.includes(current as ErrorLike)) continue;
		chain.push(current as ErrorLike);
		queue.push((current as ErrorLike).cause, (current as ErrorLike).errorResponse);
	}

	const codes: string[] = [];
	for (const link of chain) {
		for (const value of [link.code, link.httpCode]) if (looksLikeCode(value) && !codes.includes(value)) codes.push(value);
	}
	const texts: string[] = [];
	const addText = (value: unknown) => {
		if (typeof value !== 'string') return;
		const text = value.trim();
		if (text && !texts.includes(text)) texts.push(text);
	};
	// The innermost error's words are the original ones; an outer NodeApiError keeps them in `messages`.
	for (const link of chain.slice(1).reverse()) addText(link.message);
	if (Array.isArray(chain[0]?.messages)) chain[0].messages.forEach(addText);
	addText(chain[0]?.message);
	addText(chain[0]?.description);

	let code: string | undefined =
		codes.find((value) => CONNECTION_CODES.has(value)) ??
		[...codes].reverse().find((value) => !GENERIC_CODES.has(value)) ??
		codes[0];
	if (!code) {
		for (const text of texts) {
			const named = CODE_IN_TEXT.exec(text)?.[1];
			const rewrite = N8N_REWRITES.find(([pattern]) => pattern.test(text))?.[1];
			code =
				named ??
				rewrite ??
				(/socket hang up/i.test(text) ? 'ECONNRESET' : /timeout|timed out/i.test(text) ? 'ETIMEDOUT' : undefined);
			if (code) break;
		}
	}
	const original = texts.find((text) => !isN8nRewrite(text)) ?? texts[0];
	const line = original?.split('\n')[0].trim();
	const reason = line && line.length > 200 ? `${line.slice(0, 199)}…` : line || undefined;
	return { code, reason };
}

// In words, with the code and the original text in brackets. (n8n's NodeApiError writes generic
// advice, "retry immediately", over a message naming a raw code; clerkApiError keeps ours.)
const CONNECTION_WORDS: Record<string, string> = {
	ECONNREFUSED: 'the connection was refused',
	ENOTFOUND: 'the host name was not found',
	EAI_AGAIN: 'the host name could not be looked up',
	EHOSTUNREACH: 'the host is unreachable',
	ECONNRESET: 'the connection was closed before an answer came',
	EPIPE: 'the connection was closed while sending',
	ECONNABORTED: 'no answer came within the timeout',
	ETIMEDOUT: 'no answer came within the timeout',
	ESOCKETTIMEDOUT: 'no answer came within the timeout',
	ERR_SOCKET_CONNECTION_TIMEOUT: 'the connection could not be opened in time',
	ECANCELED: 'the call was cancelled',
	ERR_INVALID_URL: 'the Base URL in the credential is not a valid URL; it must start with https:// or http://',
};
const TLS_FAILURE = /CERT|SSL|TLS|EPROTO|UNABLE_TO_|SIGNATURE|HOSTNAME|ALTNAME/;

/** Failures that happen before anything is sent: a call that failed so was not processed. */
export function neverSent(cause: FailureCause): boolean {
	const code = cause.code ?? '';
	return NOT_SENT_CODES.has(code) || code === 'ERR_INVALID_URL' || TLS_FAILURE.test(code);
}

function connectionMessage(cause: FailureCause, safeToRepeat: boolean): string {
	const { code, reason } = cause;
	const words =
		(code && CONNECTION_WORDS[code]) ??
		(code && TLS_FAILURE.test(code) ? 'a secure (TLS) connection to the Base URL could not be made' : undefined);
	const detail = reason && code && !reason.includes(code) ? `${code}: ${reason}` : (reason ?? code);
	const what = `Could not complete the call to Clerk.io: ${
		words ? `${words}${detail ? ` (${detail})` : ''}` : (detail ?? 'the network failed')
	}`;
	return safeToRepeat || neverSent(cause)
		? what
		: `${what}. Clerk.io may already have processed it, so it was not sent again (to count nothing twice)`;
}

/** Seconds or an HTTP date, as RFC 9110 allows; undefined when absent or unreadable. */
export function retryAfterMs(headers: IDataObject): number | undefined {
	const value = headers['retry-after'] ?? headers['Retry-After'];
	if (value === undefined || value === null || value === '') return undefined;
	const seconds = Number(value);
	if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
	const date = Date.parse(String(value));
	return Number.isNaN(date) ? undefined : Math.max(0, date - Date.now());
}

function backoffMs(attempt: number, settings: TransportSettings): number {
	const ceiling = Math.min(settings.maxDelay, settings.baseDelay * 2 ** attempt);
	return ceiling / 2 + Math.random() * (ceiling / 2);
}

/** HTTP statuses in words, for answers that carry no message of Clerk's. */
const STATUS_WORDS: Record<number, string> = {
	400: 'bad request',
	401: 'unauthorized',
	403: 'forbidden',
	404: 'not found',
	413: 'request body too large',
	414: 'URL too long',
	429: 'too many requests',
	431: 'request headers too large',
	500: 'internal server error',
	502: 'bad gateway',
	503: 'service unavailable',
	504: 'gateway timeout',
};

function failureFromResponse(response: HttpResponse): ClerkFailure {
	const body = response.body as IDataObject | undefined;
	const envelope = body && typeof body === 'object' && !Array.isArray(body) ? body : undefined;
	const httpCode = response.statusCode;
	const type =
		typeof envelope?.type === 'string'
			? envelope.type
			: httpCode === 429
				? 'RateLimitError'
				: httpCode >= 500
					? 'InternalError'
					: 'HTTPError';
	const words = STATUS_WORDS[httpCode] ? ` (${STATUS_WORDS[httpCode]})` : '';
	const message =
		typeof envelope?.message === 'string' && envelope.message
			? envelope.message
			: `Clerk.io answered HTTP ${httpCode}${words}${envelope ? '' : ' without a JSON body'}`;
	return {
		type,
		message,
		moreInfo: typeof envelope?.moreInfo === 'string' ? envelope.moreInfo : null,
		httpCode,
		// A request refused for its size may pass when smaller; its content was not judged.
		rejected:
			(type === 'ParsingError' || type === 'LogicalError') &&
			!RETRYABLE_STATUS.has(httpCode) &&
			!TOO_LARGE_STATUS.has(httpCode),
	};
}

const HINTS: Record<string, string> = {
	AuthenticationError:
		'Check the Public Key and Private Key in the Clerk.io API credential (my.clerk.io › Settings › API Keys).',
	ParsingError: 'A parameter is missing or has the wrong type; check the fields named in the message.',
	LogicalError: 'The parameters are valid but Clerk.io cannot act on them as given.',
	InternalError: 'Clerk.io had an internal error; try again later.',
	RateLimitError: 'Clerk.io is receiving too many requests; lower Parallel Requests or try again later.',
	ConnectionError: 'Check the Base URL in the credential and the network between n8n and Clerk.io.',
	// Reached Clerk.io (or a server in front of it), but no answer came back.
	NoAnswer: 'Clerk.io did not answer in time or dropped the connection; try again later, or raise Timeout in Request Options if Clerk.io is only slow.',
	CredentialError:
		'Open the Clerk.io API credential selected on the node and save it again, or select another one: n8n could not read it.',
};

// By HTTP status, where the status says more than the type (a 413 may come with any envelope).
const STATUS_HINTS: Record<number, string> = {
	413: 'The request body is too large for Clerk.io or a server in front of it; send fewer or smaller records per call (Batch Size).',
	414: 'The URL is too long for Clerk.io or a server in front of it; send fewer values (IDs) per call.',
	431: 'The URL and headers are too large for Clerk.io or a server in front of it; send fewer values (IDs) per call.',
};

/** What to do about a failure: the request's own advice, else by HTTP status, else by Clerk's type. */
function hintOf(failure: ClerkFailure, request?: ClerkRequest): string {
	const own = request?.hints?.[failure.type];
	// A refused key is a credential problem on every endpoint.
	if (own && !(failure.type === 'AuthenticationError' && /\bkey\b/i.test(failure.message))) return own;
	const status = failure.httpCode ?? 0;
	if (STATUS_HINTS[status]) return STATUS_HINTS[status];
	const serverFailure = status >= 500 || failure.type === 'InternalError';
	if (request && !request.idempotent && serverFailure) {
		return 'Clerk.io failed while handling the call: it may or may not have been recorded, so it was not sent again (to count nothing twice). Check in my.clerk.io before sending it again.';
	}
	if (failure.type === 'InternalError' && !failure.moreInfo) {
		// No envelope: Clerk.io or a proxy answered with a page of its own, and there is no link.
		return 'Clerk.io or a server in front of it did not answer normally; try again later.';
	}
	if (failure.type === 'InternalError') return `${HINTS.InternalError} If it persists, give Clerk.io support the More info link.`;
	return HINTS[failure.type] ?? '';
}

/** A NodeApiError for a failure, optionally attributed to one input item. */
export function clerkApiError(node: INode, failure: ClerkFailure, itemIndex?: number): NodeApiError {
	const description = [failure.hint ?? hintOf(failure), failure.moreInfo ? `More info: ${failure.moreInfo}` : '']
		.filter(Boolean)
		.join(' ');
	const attempts = failure.attempts ?? 1;
	const message = `Clerk.io ${failure.type}: ${failure.message}${attempts > 1 ? ` (after ${attempts} attempts)` : ''}`;
	const error = new NodeApiError(node, { ...failure } as JsonObject, {
		message,
		description,
		httpCode: failure.httpCode === null ? undefined : String(failure.httpCode),
		itemIndex,
	});
	// NodeApiError (1.x and 2.x) writes generic advice over a message naming a code (ECONNRESET …).
	error.message = message;
	error.context.clerk = { ...failure } as IDataObject;
	return error;
}

/** The secret-free failure behind an error thrown by this module, if it is one. */
export function failureOf(error: unknown): ClerkFailure | undefined {
	const context = (error as { context?: IDataObject })?.context;
	return context?.clerk as ClerkFailure | undefined;
}

// A call may always use its own Max Retries. Once Clerk has accepted a call in this run, a call keeps
// retrying beyond them while the run has made fewer retries than RUN_RETRY_BASE plus its successful
// calls (a flaky Clerk that accepts most calls earns retries faster than it uses them, so the odds
// of giving up do not grow with the run), and for at most RETRY_TIME_BUDGET after the call's first
// attempt (one call that always fails stays bounded). A Clerk that accepted nothing gets Max Retries.
const RUN_RETRY_BASE = 10;
const RETRY_TIME_BUDGET = 120_000;
// Before Clerk answered anything in this run, this many attempts timing out mean Clerk is down, and
// the remaining calls fail without being sent; so do failures to connect (refused, host not found)
// for longer than one Timeout, as they fail at once and each call's retries cover only seconds. One
// slow call does not trip it, and neither does anything once Clerk has answered a call.
const DOWN_AFTER_TIMEOUTS = 2;

const TIMEOUT_CODES = new Set(['ECONNABORTED', 'ETIMEDOUT', 'ESOCKETTIMEDOUT', 'ERR_SOCKET_CONNECTION_TIMEOUT']);

/** What the calls of one node run have learned about Clerk. */
interface RunHealth {
	/** Calls Clerk answered (any HTTP status). */
	answered: number;
	/** Calls that succeeded. */
	succeeded: number;
	/** Retries made, all calls together. */
	retries: number;
	/** Attempts without an answer while nothing was answered: timeouts and failures to connect. */
	timeouts: number;
	connectFailures: number;
	/** When the first of those attempts started. */
	noAnswerSince: number;
	/** Set once Clerk is taken to be down: the failure every further call gets. */
	down?: ClerkFailure;
}

const healthByContext = new WeakMap<object, RunHealth>();

function healthOf(ctx: ClerkContext): RunHealth {
	let health = healthByContext.get(ctx);
	if (!health) {
		health = { answered: 0, succeeded: 0, retries: 0, timeouts: 0, connectFailures: 0, noAnswerSince: 0 };
		healthByContext.set(ctx, health);
	}
	return health;
}

/** n8n's execution cancel signal (Stop button, workflow timeout), where the context has one. */
function cancelSignalOf(ctx: ClerkContext): AbortSignal | undefined {
	const getSignal = (ctx as Partial<IExecuteFunctions>).getExecutionCancelSignal;
	return typeof getSignal === 'function' ? getSignal.call(ctx) : undefined;
}

/**
 * Waits `ms`, or less when the execution is cancelled meanwhile. n8n-workflow 2.x's `sleep` takes the
 * signal itself (and clears its timer); 1.x's ignores it, so the abort event ends the wait there.
 */
async function pause(ms: number, signal: AbortSignal | undefined): Promise<void> {
	if (!signal) return await sleep(ms);
	if (signal.aborted) return;
	await new Promise<void>((resolve) => {
		const done = () => {
			signal.removeEventListener('abort', done);
			resolve();
		};
		signal.addEventListener('abort', done);
		sleep(ms, signal).then(done, done);
	});
}

const CANCELLED: ClerkFailure = {
	type: 'Cancelled',
	message: 'The execution was cancelled, so the call was not sent',
	moreInfo: null,
	httpCode: null,
	rejected: false,
	hint: 'Run the workflow again to send it.',
};

function downFailure(health: RunHealth, baseUrl: string, last: ClerkFailure): ClerkFailure {
	const calls = health.timeouts + health.connectFailures;
	const what =
		health.connectFailures === 0
			? 'timed out'
			: health.timeouts === 0
				? 'could not connect'
				: 'timed out or could not connect';
	const seconds = Math.max(1, Math.ceil((Date.now() - health.noAnswerSince) / 1000));
	return {
		type: 'ConnectionError',
		message: `Clerk.io is not answering at ${baseUrl}: ${calls} calls ${what} in the last ${seconds} s`,
		moreInfo: null,
		httpCode: null,
		rejected: false,
		hint: `Nothing was answered in this run, so the remaining calls were not sent. Last failure: ${last.message}. ${last.hint ?? HINTS.ConnectionError}`,
	};
}

/**
 * Sends one request to Clerk.io and returns the success body (an object, or an array for the few
 * endpoints that answer with a bare list). Throws a NodeApiError for anything else.
 */
export async function clerkApiRequest(
	this: ClerkContext,
	request: ClerkRequest,
	settings: TransportSettings = DEFAULT_TRANSPORT_SETTINGS,
): Promise<IDataObject | IDataObject[]> {
	const method = request.method;
	const inQuery = paramsInQuery(request);
	const params = request.params ?? {};
	const signal = cancelSignalOf(this);
	// A JSON body travels as bytes. As text, a batch's body (~125 KB for 500 products) would be one
	// string in V8's large-object space, kept by axios for the whole call and so moved to the old
	// generation, which only a full collection frees; bytes live outside the heap.
	const body = request.jsonBody ?? (inQuery ? undefined : Buffer.from(JSON.stringify(params)));
	const options: IHttpRequestOptions = {
		method,
		url: `/${request.apiVersion ?? 'v2'}/${request.endpoint}`,
		json: true,
		returnFullResponse: true,
		ignoreHttpStatusErrors: true,
		timeout: settings.timeout,
		...(signal ? { abortSignal: signal } : {}),
		...(body ? { body } : { qs: encodeQuery(params) }),
		headers: {
			...(body ? { 'content-type': 'application/json' } : {}),
			// The credential swaps this for the private key; without it only the public key is sent.
			...(request.privateKey ? { [PRIVATE_KEY_HEADER]: 'true' } : {}),
		},
	};

	const { data: credentials, secrets } = await readCredentials(this);
	const health = healthOf(this);
	const fail = async (failure: ClerkFailure, attempts: number): Promise<never> => {
		failure.message = redact(failure.message, secrets);
		if (failure.moreInfo) failure.moreInfo = redact(failure.moreInfo, secrets);
		if (failure.hint) failure.hint = redact(failure.hint, secrets);
		failure.attempts = attempts;
		failure.hint ??= hintOf(failure, request);
		throw clerkApiError(this.getNode(), failure);
	};
	const started = Date.now();
	for (let attempt = 0; ; attempt++) {
		if (signal?.aborted) return await fail({ ...CANCELLED }, Math.max(1, attempt));
		if (health.down) return await fail({ ...health.down }, Math.max(1, attempt));
		const attemptStarted = Date.now();
		let failure: ClerkFailure;
		let retryable: boolean;
		let waitMs: number | undefined;
		try {
			const response = (await this.helpers.httpRequestWithAuthentication.call(this, CREDENTIAL_TYPE, { ...options }, {
				credentialsDecrypted: { id: '', name: CREDENTIAL_TYPE, type: CREDENTIAL_TYPE, data: credentials },
			})) as HttpResponse;
			health.answered++;
			const body = response.body as IDataObject | IDataObject[];
			const isEnvelopeError =
				body !== null && typeof body === 'object' && !Array.isArray(body) && body.status === 'error';
			const ok = response.statusCode >= 200 && response.statusCode < 300;
			if (ok && !isEnvelopeError && body !== null && typeof body === 'object') {
				health.succeeded++;
				return body;
			}
			failure = failureFromResponse(response);
			if (ok && !isEnvelopeError) failure.message = 'Clerk.io answered with a body that is not JSON';
			const status = response.statusCode;
			// A 429 means Clerk did not act on the request; a 5xx may mean it did.
			retryable =
				status === 429 ||
				(request.idempotent && (RETRYABLE_STATUS.has(status) || failure.type === 'InternalError'));
			waitMs = retryAfterMs(response.headers ?? {});
		} catch (error) {
			if (signal?.aborted) return await fail({ ...CANCELLED }, attempt + 1);
			// n8n 2.x keeps the cause chain (code, original text); 1.x keeps only httpCode and messages.
			const cause = failureCause(error);
			const noAnswer = cause.code !== undefined && CONNECTION_CODES.has(cause.code);
			failure = {
				type: 'ConnectionError',
				message: connectionMessage(cause, request.idempotent),
				moreInfo: null,
				httpCode: null,
				rejected: false,
			};
			// Only a missing answer may heal; a bad URL or certificate fails the same way again.
			retryable = noAnswer && (request.idempotent || neverSent(cause));
			// Reaching nobody points at the Base URL; a call that got no answer does not.
			if (noAnswer && !neverSent(cause)) failure.hint = HINTS.NoAnswer;
			const timedOut = TIMEOUT_CODES.has(cause.code ?? '');
			if (health.answered === 0 && (timedOut || NOT_SENT_CODES.has(cause.code ?? ''))) {
				if (health.timeouts + health.connectFailures === 0 || attemptStarted < health.noAnswerSince) {
					health.noAnswerSince = attemptStarted;
				}
				if (timedOut) health.timeouts++;
				else health.connectFailures++;
				const refusedForLong = health.connectFailures > 0 && Date.now() - health.noAnswerSince >= settings.timeout;
				if (!health.down && (health.timeouts >= DOWN_AFTER_TIMEOUTS || refusedForLong)) {
					const baseUrl = String(credentials.baseUrl || 'https://api.clerk.io').replace(/\/+$/, '');
					health.down = downFailure(health, baseUrl, failure);
				}
			}
		}

		const mayRetry =
			attempt < settings.maxRetries ||
			(settings.maxRetries > 0 &&
				health.succeeded > 0 &&
				health.retries < RUN_RETRY_BASE + health.succeeded &&
				Date.now() - started < RETRY_TIME_BUDGET);
		if (health.down && retryable) return await fail({ ...health.down }, attempt + 1);
		if (!retryable || !mayRetry) return await fail(failure, attempt + 1);
		health.retries++;
		await pause(Math.min(waitMs ?? backoffMs(attempt, settings), 60_000), signal);
	}
}
