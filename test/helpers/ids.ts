/**
 * The oracle of the credential's ID Type (README, Credentials), written from its documentation, not
 * from the node's code: what Clerk should receive for an ID, or 'bad' when the node must refuse it.
 */
export type IdType = 'asGiven' | 'number' | 'text';

export type IdOut = { value: string | number } | 'bad';
export type IdListOut = { value: Array<string | number> } | 'bad';

/**
 * One ID: As Given keeps the JSON type (text trimmed), Number turns whole numbers written plainly
 * as text into numbers and refuses other text, Text turns numbers into text; a numeric ID must be a
 * whole number within ±(2^53 − 1).
 */
export function idOut(raw: unknown, idType: IdType): IdOut {
	if (typeof raw === 'number') {
		if (!Number.isSafeInteger(raw)) return 'bad';
		return { value: idType === 'text' ? String(raw) : raw };
	}
	if (typeof raw !== 'string' || raw.trim() === '') return 'bad';
	const trimmed = raw.trim();
	if (idType !== 'number') return { value: trimmed };
	return /^(0|-?[1-9]\d*)$/.test(trimmed) && Number.isSafeInteger(Number(trimmed)) ? { value: Number(trimmed) } : 'bad';
}

/** A list of IDs: each as idOut, and all of one JSON type (a list mixing numbers and text is refused). */
export function idListOut(entries: unknown[], idType: IdType): IdListOut {
	const outs = entries.map((entry) => idOut(entry, idType));
	if (outs.some((out) => out === 'bad')) return 'bad';
	const values = outs.map((out) => (out as { value: string | number }).value);
	return new Set(values.map((value) => typeof value)).size > 1 ? 'bad' : { value: values };
}
