// @ts-check
/**
 * Clerk sandbox: an in-memory Clerk.io API (v2, v3 beta search) on 127.0.0.1 that follows
 * ../shared/clerk-api.md. It checks keys, answers with Clerk's envelopes, decodes JSON-encoded GET
 * parameters, records every request, and can inject latency and faults.
 *
 * Where the reference leaves behaviour unknown, the sandbox takes the conservative reading and says
 * so where it does (look for "Unknown in the reference").
 */
const http = require('node:http');

const { createStore } = require('./store');
const { ClerkError, routeRequest } = require('./routes');
const { malformations } = require('./strict');
const { feedRoute, writeNdjsonFeed } = require('./feed');
const { parseIdType } = require('./idType');
const { runImport } = require('./importer');
const { signToken, tokenState } = require('./tokens');

const DEFAULT_KEYS = { publicKey: 'sandbox-public-key', privateKey: 'sandbox-private-key-0123456789' };

/** A small seeded PRNG (mulberry32) so fault patterns repeat run to run. */
function seededRandom(seed) {
	let state = seed >>> 0;
	return () => {
		state = (state + 0x6d2b79f5) >>> 0;
		let t = state;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

/** GET/DELETE values: JSON where they parse as JSON lists/objects/numbers/booleans, else plain text. */
function decodeQueryValue(value) {
	const text = String(value);
	if (/^[[{]/.test(text) || /^(true|false|null|-?\d+(\.\d+)?)$/.test(text)) {
		try {
			return JSON.parse(text);
		} catch {
			return text;
		}
	}
	return text;
}

function readBody(req) {
	return new Promise((resolve, reject) => {
		const chunks = [];
		req.on('data', (chunk) => chunks.push(chunk));
		req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
		req.on('error', reject);
	});
}

const ERROR_STATUS = { AuthenticationError: 401, ParsingError: 400, LogicalError: 400, InternalError: 500 };

let errorCounter = 0;
function errorEnvelope(type, message) {
	const id = `SBX${String(++errorCounter).padStart(6, '0')}`;
	return { status: 'error', type, message, moreInfo: `http://my.clerk.io/error/${id}`, id };
}

/** Size refusals come from the web server in front of an API, so they are HTML, not Clerk's JSON. */
const SIZE_REFUSALS = {
	413: 'Request Entity Too Large',
	414: 'Request-URI Too Large',
	431: 'Request Header Fields Too Large',
};
const htmlPage = (status) =>
	`<html><head><title>${status} ${SIZE_REFUSALS[status]}</title></head><body><center><h1>${status} ${SIZE_REFUSALS[status]}</h1></center></body></html>`;

const TOTAL_FIELDS = ['hits', 'count', 'total', 'total_count', 'estimated_total_count'];

/** A result answer without its totals (top level and Omnisearch's groups). */
function withoutTotals(payload) {
	if (!payload || typeof payload !== 'object' || Array.isArray(payload)) return payload;
	if (!('result' in payload) && !('results' in payload)) return payload;
	const out = { ...payload };
	for (const name of TOTAL_FIELDS) delete out[name];
	if (out.results && typeof out.results === 'object' && !Array.isArray(out.results)) {
		out.results = Object.fromEntries(
			Object.entries(out.results).map(([name, group]) => [name, withoutTotals({ result: [], ...group })]),
		);
	}
	return out;
}

/**
 * Switches that make the sandbox behave like a less forgiving Clerk (orthogonal to faults; see
 * README.md):
 * - omitTotals: result answers carry no hits/count/total fields;
 * - ignoreOffset: true, or a RegExp of endpoints, that answer the first page whatever the offset;
 * - storeError: {type?, message?, status?}: every call with the store's key answers this error
 *   (default LogicalError "Store is disabled", HTTP 400);
 * - maxUrlLength: longest request line accepted ("GET /v2/…?… HTTP/1.1"), else HTTP 414;
 * - maxBodySize: largest body accepted, in bytes, else HTTP 413;
 * - terseErrors: error messages without the sandbox's detail in brackets, as Clerk's own
 *   ("Invalid Syntax In Argument: products" names no record);
 * - rateLimit: {maxInFlight, retryAfter}: a Clerk call arriving while maxInFlight others are being
 *   answered gets HTTP 429 RateLimitError with Retry-After (seconds). Clerk publishes no rate limit.
 * @typedef {{omitTotals?: boolean, ignoreOffset?: boolean | RegExp, storeError?: {type?: string, message?: string, status?: number} | null, maxUrlLength?: number, maxBodySize?: number, terseErrors?: boolean, rateLimit?: {maxInFlight: number, retryAfter: number}}} Switches
 */
const SWITCH_NAMES = ['omitTotals', 'ignoreOffset', 'storeError', 'maxUrlLength', 'maxBodySize', 'terseErrors', 'rateLimit'];

/** @returns {Switches} */
function pickSwitches(options = {}) {
	return Object.fromEntries(SWITCH_NAMES.filter((name) => options[name] !== undefined).map((name) => [name, options[name]]));
}

/**
 * @param {object} [options]
 * @param {string} [options.publicKey]
 * @param {string} [options.privateKey]
 * @param {number} [options.port] 0 = random
 * @param {number} [options.seed]
 * @param {object} [options.faults] see setFaults
 * @param {(store: any) => void} [options.seed_data]
 * @param {boolean} [options.strict] record in `malformed` what is not well-formed in each request (see strict.js)
 * @param {Switches['omitTotals']} [options.omitTotals] the switches: see Switches
 * @param {Switches['ignoreOffset']} [options.ignoreOffset]
 * @param {Switches['storeError']} [options.storeError]
 * @param {number} [options.maxUrlLength]
 * @param {number} [options.maxBodySize]
 * @param {Switches['rateLimit']} [options.rateLimit]
 * @param {'number' | 'text' | null} [options.idType] the store's ID type: an ID of the other JSON type is refused with
 *   Clerk's ParsingError "Invalid Syntax In Argument" (see idType.js); unset, either type is accepted
 */
async function startSandbox(options = {}) {
	const keys = {
		publicKey: options.publicKey ?? DEFAULT_KEYS.publicKey,
		privateKey: options.privateKey ?? DEFAULT_KEYS.privateKey,
	};
	const store = createStore();
	store.idType = parseIdType(options.idType);
	// token/verify refuses tokens the sandbox's importer did not sign (tokens.js).
	tokenState(store).signedOnly = Boolean(options.signedTokensOnly);
	if (options.seed_data) options.seed_data(store);
	/** @type {any[]} */
	const requests = [];
	let random = seededRandom(options.seed ?? 42);
	/** @type {Record<string, any>} */
	let faults = {};
	/** One-shot faults, consumed in order before the random ones: {kind, retryAfter?, status?, match?} */
	/** @type {any[]} */
	let scripted = [];
	const sockets = new Set();
	let strict = Boolean(options.strict);
	// Clerk calls (v2/v3) being handled right now, and the most seen at once since the last reset.
	let inFlight = 0;
	let maxInFlight = 0;

	/** @type {Switches} */
	let switches = pickSwitches(options);
	/** Replaces the switches (see Switches); `{}` turns them all off. */
	function setSwitches(next = {}) {
		switches = pickSwitches(next);
	}

	function setFaults(next = {}) {
		faults = { ...next };
		if (next.seed !== undefined) random = seededRandom(next.seed);
	}
	setFaults(options.faults);

	function pickFault(endpoint) {
		const index = scripted.findIndex((fault) => !fault.match || fault.match.test(endpoint));
		if (index >= 0) return scripted.splice(index, 1)[0];
		const roll = random();
		let edge = 0;
		for (const kind of ['reset', 'status429', 'status5xx', 'soft', 'timeout', 'resetAfter']) {
			edge += faults[`${kind}Rate`] ?? 0;
			if (roll < edge) return { kind };
		}
		return undefined;
	}

	const server = http.createServer(async (req, res) => {
		const started = Date.now();
		const url = new URL(req.url ?? '/', 'http://127.0.0.1');
		if (url.pathname.startsWith('/feed/')) {
			// Not a Clerk endpoint: not recorded, no latency, no faults.
			req.resume();
			if (url.pathname === '/feed/products.ndjson') return await writeNdjsonFeed(url, res);
			const [status, payload] = feedRoute(url, store);
			res.writeHead(status, { 'Content-Type': 'application/json' });
			res.end(JSON.stringify(payload));
			return;
		}
		if (url.pathname === '/importer/run' && req.method === 'POST') {
			// The sandbox's importer (importer.js), started over HTTP: not a Clerk endpoint, not recorded.
			let status = 200;
			let payload;
			try {
				payload = await runImport({ store, keys }, JSON.parse((await readBody(req)) || '{}'));
			} catch (error) {
				status = 400;
				payload = { error: String(/** @type {any} */ (error)?.message ?? error) };
			}
			res.writeHead(status, { 'Content-Type': 'application/json' });
			res.end(JSON.stringify(payload, null, 1));
			return;
		}
		const clerkCall = /^\/(v2|v3)\//.test(url.pathname);
		if (clerkCall) {
			inFlight++;
			if (inFlight > maxInFlight) maxInFlight = inFlight;
			res.once('close', () => inFlight--);
		}
		const rawBody = await readBody(req);
		const match = /^\/(v2|v3)\/(.+?)\/?$/.exec(url.pathname);
		const endpoint = match ? match[2] : url.pathname.replace(/^\/+/, '');
		const method = (req.method ?? 'GET').toUpperCase();

		/** @type {Record<string, any>} */
		const query = {};
		for (const [name, value] of url.searchParams) query[name] = decodeQueryValue(value);
		let body;
		let bodyError;
		if (rawBody.length > 0) {
			try {
				body = JSON.parse(rawBody);
			} catch (error) {
				bodyError = error;
			}
		}
		const record = {
			method,
			version: match ? match[1] : null,
			endpoint,
			url: req.url,
			query,
			body,
			rawBody,
			headers: req.headers,
			keys: {
				key: 'key' in query ? 'query' : body && typeof body === 'object' && 'key' in body ? 'body' : null,
				private_key:
					'private_key' in query
						? 'query'
						: body && typeof body === 'object' && 'private_key' in body
							? 'body'
							: null,
			},
			status: 0,
			fault: null,
			at: started,
		};
		if (strict) {
			const problems = malformations({ method, endpoint, rawBody, body, url: req.url }, url.searchParams, keys);
			/** @type {any} */ (record).malformed = problems.length > 0 ? problems : null;
		}
		requests.push(record);

		const send = (status, payload, headers = {}) => {
			record.status = status;
			/** @type {any} */ (record).answer = payload;
			const text = JSON.stringify(payload);
			res.writeHead(status, { 'Content-Type': 'application/json', ...headers });
			res.end(text);
		};

		// Size limits of the web server in front of Clerk: checked before anything else.
		const requestLine = `${req.method} ${req.url} HTTP/${req.httpVersion}`;
		const tooLarge =
			switches.maxUrlLength !== undefined && requestLine.length > switches.maxUrlLength
				? 414
				: switches.maxBodySize !== undefined && Buffer.byteLength(rawBody) > switches.maxBodySize
					? 413
					: 0;
		if (clerkCall && tooLarge) {
			record.status = tooLarge;
			res.writeHead(tooLarge, { 'Content-Type': 'text/html', Connection: 'close' });
			res.end(htmlPage(tooLarge));
			return;
		}

		if (clerkCall && switches.rateLimit && inFlight > switches.rateLimit.maxInFlight) {
			return send(429, errorEnvelope('RateLimitError', 'Too many requests'), { 'Retry-After': String(switches.rateLimit.retryAfter) });
		}

		const fault = match ? pickFault(endpoint) : undefined;
		record.fault = fault?.kind ?? null;
		const latency = (faults.latencyMs ?? 0) + (fault?.delayMs ?? 0);
		if (latency > 0) await new Promise((resolve) => setTimeout(resolve, latency));

		if (fault?.kind === 'reset') {
			record.status = -1;
			req.socket.destroy();
			return;
		}
		if (fault?.kind === 'timeout') {
			// Never answer; the client's timeout has to end the call. The socket closes with the server.
			record.status = -2;
			return;
		}
		if (fault?.kind === 'status429') {
			return send(429, errorEnvelope('RateLimitError', 'Too many requests'), {
				'Retry-After': String(fault.retryAfter ?? faults.retryAfter ?? 1),
			});
		}
		if (fault?.kind === 'status5xx') {
			return send(fault.status ?? 503, errorEnvelope('InternalError', 'Service temporarily unavailable'));
		}
		if (fault?.kind === 'soft') {
			return send(200, errorEnvelope(fault.type ?? 'InternalError', fault.message ?? 'Something went wrong (soft error)'));
		}

		let status = 200;
		let payload;
		try {
			if (!match) throw new ClerkError('ParsingError', `Unknown API version in path ${url.pathname}`);
			if (bodyError) throw new ClerkError('ParsingError', 'Body is not valid JSON');
			if (body !== undefined && (typeof body !== 'object' || body === null || Array.isArray(body))) {
				throw new ClerkError('ParsingError', 'Body must be a JSON object');
			}
			const args = { ...query, ...(body ?? {}) };
			if (switches.storeError && args.key === keys.publicKey) {
				const { type = 'LogicalError', message = 'Store is disabled', status: errorStatus } = switches.storeError;
				throw new ClerkError(type, message, errorStatus);
			}
			const ignoreOffset = switches.ignoreOffset;
			if (ignoreOffset === true || (ignoreOffset instanceof RegExp && ignoreOffset.test(endpoint))) delete args.offset;
			payload = routeRequest({ method, version: match[1], endpoint, args, store, keys, random });
			if (switches.omitTotals) payload = withoutTotals(payload);
		} catch (error) {
			if (error instanceof ClerkError) {
				status = error.httpStatus ?? ERROR_STATUS[error.type] ?? 400;
				payload = errorEnvelope(error.type, switches.terseErrors ? error.message.replace(/ \(.*\)$/s, '') : error.message);
			} else {
				status = 500;
				payload = errorEnvelope('InternalError', `Sandbox failure: ${error && error.message}`);
			}
		}
		if (fault?.kind === 'resetAfter') {
			// The request was processed, but the answer is lost on the way back.
			record.status = -1;
			req.socket.destroy();
			return;
		}
		send(status, payload);
	});
	server.on('connection', (socket) => {
		sockets.add(socket);
		socket.on('close', () => sockets.delete(socket));
	});
	// Node's own header limit (16 KB by default, the URL included) answers 431 before the handler
	// runs: record it too, so request counts stay honest.
	server.on('clientError', (error, socket) => {
		const code = /** @type {any} */ (error).code;
		if (code === 'HPE_HEADER_OVERFLOW' || code === 'HPE_URI_TOO_LONG') {
			requests.push({ method: null, version: null, endpoint: null, url: null, query: {}, body: undefined, rawBody: '', headers: {}, keys: { key: null, private_key: null }, status: 431, fault: null, at: Date.now() });
			if (socket.writable) socket.end(`HTTP/1.1 431 ${SIZE_REFUSALS[431]}\r\nContent-Type: text/html\r\nConnection: close\r\n\r\n${htmlPage(431)}`);
			return;
		}
		// Otherwise what Node does without a listener.
		if (socket.writable && code !== 'ECONNRESET') socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n');
		else socket.destroy();
	});
	server.keepAliveTimeout = 1000;

	await new Promise((resolve) => server.listen(options.port ?? 0, '127.0.0.1', () => resolve(undefined)));
	const address = /** @type {import('node:net').AddressInfo} */ (server.address());
	const url = `http://127.0.0.1:${address.port}`;

	return {
		url,
		port: address.port,
		keys,
		store,
		requests,
		setFaults,
		setSwitches,
		/** The switches now in force. */
		get switches() {
			return { ...switches };
		},
		/** The store's ID type ('number', 'text', or null for either); reset() restores the one given at start. */
		setIdType(idType = null) {
			store.idType = parseIdType(idType);
		},
		get idType() {
			return store.idType;
		},
		/**
		 * The sandbox's importer (importer.js): pulls the given feeds with a token it signs and imports
		 * them into the store (full, or incremental with modifiedAfter); resolves to its report.
		 */
		runImport(importOptions) {
			return runImport({ store, keys }, importOptions);
		},
		/** A token token/verify accepts until it expires (ttlSeconds, default 3600). */
		signToken(tokenOptions = {}) {
			return signToken(store, { key: keys.publicKey, ...tokenOptions });
		},
		/** token/verify refuses this token from now on. */
		revokeToken(token) {
			tokenState(store).revoked.add(token);
		},
		/** Whether token/verify refuses every token the sandbox did not sign. */
		setSignedTokensOnly(on = true) {
			tokenState(store).signedOnly = on;
		},
		/** Strict mode on or off: each request then records `malformed` (null, or what is wrong). */
		setStrict(on = true) {
			strict = on;
		},
		/** Queue faults that hit the next matching requests, e.g. {kind:'status429', retryAfter: 1}. */
		script(...next) {
			scripted.push(...next);
		},
		clearRequests() {
			requests.length = 0;
		},
		/** Clerk calls (v2/v3) in flight now. */
		get inFlight() {
			return inFlight;
		},
		/** The most Clerk calls in flight at once since start or resetMaxInFlight(). */
		get maxInFlight() {
			return maxInFlight;
		},
		resetMaxInFlight() {
			maxInFlight = inFlight;
		},
		reset() {
			requests.length = 0;
			maxInFlight = inFlight;
			scripted = [];
			setFaults({});
			setSwitches(options);
			store.clear();
			store.idType = parseIdType(options.idType);
			if (options.seed_data) options.seed_data(store);
		},
		async close() {
			for (const socket of sockets) socket.destroy();
			await new Promise((resolve) => server.close(() => resolve(undefined)));
		},
	};
}

module.exports = { startSandbox, DEFAULT_KEYS, decodeQueryValue };
