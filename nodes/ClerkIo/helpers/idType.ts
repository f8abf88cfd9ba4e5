/**
 * The store's ID type: the credential's "ID Type" field, applied to every ID the node sends.
 *
 * A Clerk.io store uses one ID type, numbers or text; an ID of the other JSON type is refused
 * ("Invalid Syntax In Argument: products") or, in tracking, silently breaks sale attribution.
 * - As Given (default, and the meaning of a credential saved before the field existed): each ID
 *   keeps the JSON type the input gave it; a list mixing numbers and text is refused.
 * - Number: every ID is sent as a number; text must be a whole number written plainly ("123",
 *   not "0123", "1e3" or "SKU-9"), otherwise the item is refused before anything is sent.
 * - Text: every ID is sent as text (123 becomes "123").
 * In every mode a numeric ID must be a whole number within ±(2^53 − 1): JSON cannot carry a larger
 * one exactly, and a fraction is no ID.
 *
 * Credentials are read asynchronously, while the item readers are synchronous, so the ID type is
 * read once per node run (runOperation), with the one credential read the calls use, and kept per
 * execution context.
 */
import type { IExecuteFunctions } from 'n8n-workflow';

import { storeCredential } from '../transport';

export type IdType = 'asGiven' | 'number' | 'text';

/** The credential value as an ID type; anything else (missing, empty) means As Given. */
export function parseIdType(value: unknown): IdType {
	return value === 'number' || value === 'text' ? value : 'asGiven';
}

const byRun = new WeakMap<object, IdType>();

/** Reads the ID type of the node's credential and keeps it for this execution context. */
export async function loadIdType(ctx: IExecuteFunctions): Promise<IdType> {
	let idType: IdType = 'asGiven';
	try {
		// The transport's read of the credential, which its calls then reuse (one read per run).
		idType = parseIdType((await storeCredential(ctx))?.idType);
	} catch {
		// A credential that cannot be read fails the first request, where the transport reports it;
		// nothing is sent before that, so the ID type does not matter.
	}
	byRun.set(ctx, idType);
	return idType;
}

/** The ID type loaded for this execution context (As Given when none was loaded). */
export function idTypeOf(ctx: object): IdType {
	return byRun.get(ctx) ?? 'asGiven';
}
