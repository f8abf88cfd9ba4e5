/**
 * The only place where the Clerk.io node talks to the network.
 *
 * Clerk's envelope is the truth: `status: "error"` is an error even with HTTP 200. Failures become
 * NodeApiErrors carrying Clerk's `type`, `message` and `moreInfo`, with the store keys redacted.
 * Idempotent calls are retried on 429, 5xx and connection failures with bounded exponential backoff
 * and jitter; other calls are retried only when the failure proves the request was not processed.
 */
import type {
	ICredentialDataDecryptedObject,
	IDataObject,
	IExecuteFunctions,
	IHttpRequestMethods,
	IHttpRequestOptions,
	ILoadOptionsFunctions,
	INode,
	JsonObject,
} from 'n8n-workflow';
import { NodeApiError, sleep } from 'n8n-workflow';

export const CREDENTIAL_TYPE = 'clerkIoApi';

export type ClerkContext = IExecuteFunctions | ILoadOptionsFunctions;

export interface ClerkRequest {
	method: IHttpRequestMethods;
	/** Path after the version, e.g. `products` or `search/search`. */
	endpoint: string;
	apiVersion?: 'v2' | 'v3';
	/** Arguments: sent in the query string for GET/DELETE, as the JSON body otherwise. */
	params?: IDataObject;
	/** Overrides where `params` go, for the DELETE endpoints Clerk documents with a JSON body. */
	paramsIn?: 'query' | 'body';
	/** Whether sending the request twice has the same effect as sending it once. */
	idempotent: boolean;
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
export interface ClerkFailure extends JsonObject {
	type: string;
	message: string;
	moreInfo: string | null;
	httpCode: number | null;
	/** True when Clerk rejected the request's content, so the same content will fail again. */
	rejected: boolean;
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
// per-item reads. The decrypted credential is handed back to n8n, which still applies the
// credential's own `authenticate`.
const credentialsByContext = new WeakMap<object, Promise<ICredentialDataDecryptedObject>>();

async function credentialsOf(ctx: ClerkContext): Promise<ICredentialDataDecryptedObject> {
	let credentials = credentialsByContext.get(ctx);
	if (!credentials) {
		credentials = ctx.getCredentials(CREDENTIAL_TYPE);
		credentialsByContext.set(ctx, credentials);
	}
	return await credentials;
}

async function storeSecrets(ctx: ClerkContext): Promise<string[]> {
	try {
		const credentials = await credentialsOf(ctx);
		return [credentials.privateKey, credentials.publicKey]
			.map((value) => String(value ?? ''))
			.filter((value) => value.length >= 4);
	} catch {
		return [];
	}
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

function errorCode(error: unknown): string | undefined {
	let current = error as { code?: unknown; cause?: unknown } | undefined;
	for (let depth = 0; current && depth < 5; depth++) {
		if (typeof current.code === 'string' && CONNECTION_CODES.has(current.code)) return current.code;
		current = current.cause as typeof current;
	}
	const text = String((error as Error)?.message ?? '');
	if (/timeout/i.test(text)) return 'ETIMEDOUT';
	if (/socket hang up/i.test(text)) return 'ECONNRESET';
	return undefined;
}

// In words: n8n replaces any error message naming a raw code (ECONNRESET …) with generic advice to
// "retry immediately", which is wrong for a call that may already have been counted.
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
};

function connectionMessage(code: string | undefined, safeToRepeat: boolean): string {
	const what = `Could not complete the call to Clerk.io: ${code ? CONNECTION_WORDS[code] : 'the network failed'}`;
	return safeToRepeat
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
	const message =
		typeof envelope?.message === 'string' && envelope.message
			? envelope.message
			: `Clerk.io answered HTTP ${httpCode}${envelope ? '' : ' without a JSON body'}`;
	return {
		type,
		message,
		moreInfo: typeof envelope?.moreInfo === 'string' ? envelope.moreInfo : null,
		httpCode,
		rejected:
			(type === 'ParsingError' || type === 'LogicalError') &&
			!RETRYABLE_STATUS.has(httpCode),
	};
}

const HINTS: Record<string, string> = {
	AuthenticationError:
		'Check the Public Key and Private Key in the Clerk.io API credential (my.clerk.io › Settings › API Keys).',
	ParsingError: 'A parameter is missing or has the wrong type; check the fields named in the message.',
	LogicalError: 'The parameters are valid but Clerk.io cannot act on them as given.',
	InternalError: 'Clerk.io had an internal error; try again later or contact Clerk.io support with the link.',
	RateLimitError: 'Clerk.io is receiving too many requests; lower Parallel Requests or try again later.',
	ConnectionError: 'Check the Base URL in the credential and the network between n8n and Clerk.io.',
};

/** A NodeApiError for a failure, optionally attributed to one input item. */
export function clerkApiError(node: INode, failure: ClerkFailure, itemIndex?: number): NodeApiError {
	const description = [HINTS[failure.type], failure.moreInfo ? `More info: ${failure.moreInfo}` : '']
		.filter(Boolean)
		.join(' ');
	const error = new NodeApiError(node, { ...failure }, {
		message: `Clerk.io ${failure.type}: ${failure.message}`,
		description,
		httpCode: failure.httpCode === null ? undefined : String(failure.httpCode),
		itemIndex,
	});
	error.context.clerk = { ...failure };
	return error;
}

/** The secret-free failure behind an error thrown by this module, if it is one. */
export function failureOf(error: unknown): ClerkFailure | undefined {
	const context = (error as { context?: IDataObject })?.context;
	return context?.clerk as ClerkFailure | undefined;
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
	const inQuery = request.paramsIn
		? request.paramsIn === 'query'
		: method === 'GET' || method === 'DELETE' || method === 'HEAD';
	const params = request.params ?? {};
	const options: IHttpRequestOptions = {
		method,
		url: `/${request.apiVersion ?? 'v2'}/${request.endpoint}`,
		json: true,
		returnFullResponse: true,
		ignoreHttpStatusErrors: true,
		timeout: settings.timeout,
		...(inQuery ? { qs: encodeQuery(params) } : { body: params }),
	};

	for (let attempt = 0; ; attempt++) {
		let failure: ClerkFailure;
		let retryable: boolean;
		let waitMs: number | undefined;
		try {
			const response = (await this.helpers.httpRequestWithAuthentication.call(this, CREDENTIAL_TYPE, { ...options }, {
				credentialsDecrypted: { id: '', name: CREDENTIAL_TYPE, type: CREDENTIAL_TYPE, data: await credentialsOf(this) },
			})) as HttpResponse;
			const body = response.body as IDataObject | IDataObject[];
			const isEnvelopeError =
				body !== null && typeof body === 'object' && !Array.isArray(body) && body.status === 'error';
			const ok = response.statusCode >= 200 && response.statusCode < 300;
			if (ok && !isEnvelopeError && body !== null && typeof body === 'object') return body;
			failure = failureFromResponse(response);
			if (ok && !isEnvelopeError) failure.message = 'Clerk.io answered with a body that is not JSON';
			const status = response.statusCode;
			// A 429 means Clerk did not act on the request; a 5xx may mean it did.
			retryable =
				status === 429 ||
				(request.idempotent && (RETRYABLE_STATUS.has(status) || failure.type === 'InternalError'));
			waitMs = retryAfterMs(response.headers ?? {});
		} catch (error) {
			const code = errorCode(error);
			const notSent = code !== undefined && NOT_SENT_CODES.has(code);
			failure = {
				type: 'ConnectionError',
				message: connectionMessage(code, request.idempotent || notSent),
				moreInfo: null,
				httpCode: null,
				rejected: false,
			};
			retryable = code !== undefined && (request.idempotent || notSent);
		}

		if (!retryable || attempt >= settings.maxRetries) {
			const secrets = await storeSecrets(this);
			failure.message = redact(failure.message, secrets);
			if (failure.moreInfo) failure.moreInfo = redact(failure.moreInfo, secrets);
			throw clerkApiError(this.getNode(), failure);
		}
		await sleep(Math.min(waitMs ?? backoffMs(attempt, settings), 60_000));
	}
}
