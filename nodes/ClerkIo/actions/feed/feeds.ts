/**
 * Clerk.io data feeds (clerk-api.md §7.4): Clerk's importer pulls one URL per entity, page by page,
 * with `X-Clerk-Authorization: Bearer <token>`. Shared by the Clerk.io Feed Trigger (which receives
 * the importer's requests) and Feed › Respond With Page (which answers them). What is assumed where
 * Clerk publishes nothing is recorded in test/contract/contract.js (ASSUMPTIONS).
 */
import type { IDataObject } from 'n8n-workflow';

import { category, customer, order, page, product, type CatalogEntity } from '../catalog/entities';

/** The feeds, by the name the importer's URL ends with. */
export const FEEDS: Record<string, CatalogEntity> = {
	products: product,
	categories: category,
	orders: order,
	customers: customer,
	pages: page,
};

export const FEED_NAMES = Object.keys(FEEDS);

export type FeedFormat = 'json' | 'ndjson';

export const CONTENT_TYPES: Record<FeedFormat, string> = {
	json: 'application/json',
	ndjson: 'application/x-ndjson',
};

/** What the trigger outputs for one importer request. */
export interface FeedRequest extends IDataObject {
	entity: string;
	/** Page number as the importer sent it (1 = the first page), or null without paging. */
	page: number | null;
	limit: number | null;
	/** Records to skip before this page: (page − 1) × limit, 0 without paging. */
	offset: number;
	/** As the importer sent it; null asks for the full feed. */
	modified_after: string | null;
	/** Whether this is a full feed: records missing from it are deleted by Clerk (orders are kept). */
	full: boolean;
	format: FeedFormat;
	/** Every query parameter, as sent. */
	query: IDataObject;
	/** What Clerk.io's token/verify said about the importer's token. */
	token_payload: IDataObject;
}

function whole(value: unknown): number | null {
	const text = Array.isArray(value) ? value[0] : value;
	if (typeof text !== 'string' && typeof text !== 'number') return null;
	const number = Number(text);
	return String(text).trim() !== '' && Number.isSafeInteger(number) && number >= 0 ? number : null;
}

/**
 * The format the importer asks for: ndjson when its Accept header prefers application/x-ndjson,
 * JSON otherwise (also without an Accept header).
 */
export function formatOf(accept: string | undefined): FeedFormat {
	const types = String(accept ?? '')
		.split(',')
		.map((part) => part.split(';')[0].trim().toLowerCase());
	const ndjson = types.indexOf(CONTENT_TYPES.ndjson);
	const json = types.indexOf(CONTENT_TYPES.json);
	return ndjson >= 0 && (json < 0 || ndjson < json) ? 'ndjson' : 'json';
}

/** One importer request as the workflow gets it. */
export function feedRequest(entity: string, query: IDataObject, accept: string | undefined, tokenPayload: IDataObject): FeedRequest {
	const page = whole(query.page);
	const limit = whole(query.limit);
	const modifiedAfter = query.modified_after;
	// Any modified_after makes the request incremental, even one in an unexpected shape: taking it
	// for a full feed could make the workflow serve too little, and Clerk delete the rest.
	const since =
		modifiedAfter === undefined || modifiedAfter === null
			? null
			: typeof modifiedAfter === 'string' || typeof modifiedAfter === 'number'
				? String(modifiedAfter)
				: JSON.stringify(modifiedAfter);
	return {
		entity,
		page,
		limit,
		// Page numbers start at 1; a page 0 is read as the first page, as Magento's paging does.
		offset: page !== null && limit !== null ? Math.max(0, page - 1) * limit : 0,
		modified_after: since === '' ? null : since,
		full: since === null || since === '',
		format: formatOf(accept),
		query,
		token_payload: tokenPayload,
	};
}
