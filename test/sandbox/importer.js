// @ts-check
/**
 * The sandbox's importer: what Clerk.io does with JSON Feed V2 (clerk-api.md §7.4), against the
 * sandbox's store. Given one URL per feed it signs a token (which the sandbox's token/verify
 * accepts), pulls every page with `X-Clerk-Authorization: Bearer <token>`, checks each page as
 * strictly as a POST of the same records, and then
 * - full import (no `modifiedAfter`): replaces the feed's collection; products, categories,
 *   customers and pages missing from the feed are deleted, orders are kept;
 * - incremental import (`modifiedAfter`): adds or replaces the records sent, deletes nothing.
 * A feed whose import fails (an HTTP error, a bad page, too many pages) changes nothing in its
 * collection: a broken full feed must never empty a catalogue.
 *
 * Paging, as assumed in test/contract/contract.js (ASSUMPTIONS): `page` (from 1) and `limit` in the
 * query, a page is a bare JSON list (or NDJSON lines), and the import of a feed ends at the first
 * empty page.
 */
const { ClerkError } = require('./routes/errors');
const { ENTITIES, keyOf, validateRecord } = require('./routes/data');
const { checkIdTypes } = require('./idType');
const { signToken } = require('./tokens');

const FEEDS = ['products', 'categories', 'orders', 'customers', 'pages'];
const CONTENT_TYPES = { json: 'application/json', ndjson: 'application/x-ndjson' };

class ImportError extends Error {}

/** The records of one page body; throws ImportError when it is not what was asked for. */
function parsePage(text, contentType, format, where) {
	const type = String(contentType ?? '').split(';')[0].trim().toLowerCase();
	if (type !== CONTENT_TYPES[format]) throw new ImportError(`${where}: Content-Type ${type || '(none)'}, expected ${CONTENT_TYPES[format]}`);
	if (format === 'json') {
		let value;
		try {
			value = JSON.parse(text);
		} catch {
			throw new ImportError(`${where}: the body is not JSON`);
		}
		if (!Array.isArray(value)) throw new ImportError(`${where}: the body is not a JSON list of records`);
		return value;
	}
	return text
		.split('\n')
		.filter((line) => line.trim() !== '')
		.map((line, index) => {
			try {
				return JSON.parse(line);
			} catch {
				throw new ImportError(`${where}: line ${index + 1} is not JSON`);
			}
		});
}

/**
 * Imports the given feeds into the sandbox's store.
 * @param {{store: any, keys: {publicKey: string}}} sandbox
 * @param {object} options
 * @param {Record<string, string>} options.feeds URL per feed name (products, categories, orders, customers, pages)
 * @param {string | number} [options.modifiedAfter] incremental import of what changed after this (sent as `modified_after`)
 * @param {number} [options.pageSize] `limit` of each page (default 500)
 * @param {'json' | 'ndjson'} [options.format] what the Accept header asks for (default json)
 * @param {string} [options.token] the token to send (default: one the sandbox signs now)
 * @param {number} [options.maxPages] per feed (default 10,000): an endless feed fails instead of looping
 */
async function runImport(sandbox, options) {
	const { store, keys } = sandbox;
	const format = options.format ?? 'json';
	const limit = options.pageSize ?? 500;
	const maxPages = options.maxPages ?? 10_000;
	const incremental = options.modifiedAfter !== undefined && options.modifiedAfter !== null && options.modifiedAfter !== '';
	const token = options.token ?? signToken(store, { key: keys.publicKey });
	const started = Date.now();
	/** @type {Record<string, any>} */
	const feeds = {};
	for (const [feed, url] of Object.entries(options.feeds ?? {})) {
		if (!FEEDS.includes(feed)) throw new Error(`unknown feed "${feed}" (one of ${FEEDS.join(', ')})`);
		const entity = ENTITIES[feed];
		const feedStarted = Date.now();
		const report = { ok: false, mode: incremental ? 'incremental' : 'full', pages: 0, requests: 0, records: 0, added: 0, replaced: 0, deleted: 0, kept: 0, ms: 0, error: null };
		feeds[feed] = report;
		/** @type {Map<string, any>} */
		const received = new Map();
		try {
			for (let page = 1; ; page++) {
				if (page > maxPages) throw new ImportError(`more than ${maxPages} pages; the feed does not end with an empty page`);
				const target = new URL(url);
				target.searchParams.set('page', String(page));
				target.searchParams.set('limit', String(limit));
				if (incremental) target.searchParams.set('modified_after', String(options.modifiedAfter));
				const where = `${feed} page ${page}`;
				report.requests++;
				const response = await fetch(target, { headers: { 'X-Clerk-Authorization': `Bearer ${token}`, Accept: CONTENT_TYPES[format] } });
				const text = await response.text();
				if (response.status !== 200) throw new ImportError(`${where}: HTTP ${response.status} ${text.slice(0, 200)}`);
				const records = parsePage(text, response.headers.get('content-type'), format, where);
				if (records.length === 0) break;
				report.pages++;
				try {
					records.forEach((record, index) => validateRecord(entity, feed, record, index, { partial: false }));
					checkIdTypes({ method: 'POST', version: 'v2', endpoint: feed, args: { [feed]: records }, idType: store.idType ?? null });
				} catch (error) {
					if (error instanceof ClerkError) throw new ImportError(`${where}: ${error.message}`);
					throw error;
				}
				for (const record of records) {
					const key = String(keyOf(entity, record));
					if (received.has(key)) throw new ImportError(`${where}: ${feed} ${key} was already sent on an earlier page`);
					received.set(key, record);
				}
			}
			const table = store[entity.collection];
			for (const [key, record] of received) {
				if (table.has(key)) report.replaced++;
				else report.added++;
				table.set(key, structuredClone(record));
			}
			report.records = received.size;
			if (!incremental) {
				for (const key of [...table.keys()]) {
					if (received.has(key)) continue;
					// Orders are the sales history: a full feed never deletes them.
					if (feed === 'orders') report.kept++;
					else {
						table.delete(key);
						report.deleted++;
					}
				}
			}
			report.ok = true;
		} catch (error) {
			if (!(error instanceof ImportError) && !(error instanceof TypeError)) throw error;
			report.error = error instanceof TypeError ? `${feed}: ${error.message} (${String(error.cause ?? '')})` : error.message;
		}
		report.ms = Date.now() - feedStarted;
	}
	const result = { ok: Object.values(feeds).every((feed) => feed.ok), feeds, ms: Date.now() - started };
	(store.importerRuns ??= []).push(result);
	return result;
}

module.exports = { runImport, FEEDS };
