/**
 * One catalogue record as Clerk.io gets it. `toClerkRecord` is what Create, Create or Update and Update
 * do to each record: every operation that sends records of an entity (a feed page, an import) calls it
 * so its records are checked and converted exactly the same way.
 */
import type { IDataObject } from 'n8n-workflow';

import { FieldError, normaliseRecord, type FieldSpec } from '../fields';
import type { CatalogEntity } from './entities';

/** Which operation the record is for: Update may leave out required fields, Create must leave out the ID. */
export type RecordPurpose = 'upsert' | 'update' | 'create';

const fieldLists = new WeakMap<CatalogEntity, FieldSpec[]>();
/** The entity's ID and fields as one list, the same list for every record (normaliseRecord indexes it once). */
function fieldsOf(entity: CatalogEntity): FieldSpec[] {
	let fields = fieldLists.get(entity);
	if (!fields) fieldLists.set(entity, (fields = [entity.idSpec, ...entity.fields]));
	return fields;
}

/** A mapped record that names its ID the older way (customers: `id`) gets the current name. */
function underCurrentIdName(entity: CatalogEntity, record: IDataObject): IDataObject {
	const former = entity.formerIdName;
	if (!former || record[former] === undefined || record[entity.idSpec.name] !== undefined) return record;
	const { [former]: id, ...rest } = record;
	return { [entity.idSpec.name]: id, ...rest };
}

/**
 * Checks and converts a record built field by field (Define Below): attribute names, field kinds, the
 * ID (or its stand-in) and, for Create or Update, the required fields. Throws a FieldError naming the
 * field; run it inside `checked` to get the item's error.
 */
export function cleanRecord(entity: CatalogEntity, record: IDataObject, purpose: RecordPurpose): IDataObject {
	const clean = normaliseRecord(record, fieldsOf(entity));
	const id = clean[entity.idSpec.name];
	if (purpose === 'create') {
		// Clerk assigns the ID of a new record.
		if (id !== undefined) throw new FieldError(entity.idSpec.name, `'${entity.idSpec.name}' must not be set; Clerk.io assigns it`);
		return clean;
	}
	const keyed = (id !== undefined && id !== '') || (entity.keyInstead !== undefined && clean[entity.keyInstead] !== undefined);
	if (!keyed) {
		const names = [entity.idSpec.name, ...(entity.keyInstead ? [entity.keyInstead] : [])].map((name) => `'${name}'`);
		throw new FieldError(entity.idSpec.name, `${names.join(' or ')} is missing; every ${entity.singular} needs one`);
	}
	// Update merges into a record Clerk has, so only Create or Update needs the required fields.
	const required = purpose === 'upsert' ? (entity.required ?? []) : [];
	const missing = required.find((name) => clean[name] === undefined);
	if (missing) {
		throw new FieldError(missing, `'${missing}' is missing; every ${entity.singular} needs ${required.map((name) => `'${name}'`).join(', ')}`);
	}
	return clean;
}

/**
 * A record given as JSON (an input item under Map Automatically, a feed row, an imported line) as
 * Clerk.io gets it: the older ID name renamed, then `cleanRecord`. The input is never changed; a record
 * that needs no change is returned as it is. Throws a FieldError naming the field, e.g.
 * `checked(ctx, entity.singular, itemIndex, () => toClerkRecord(product, json))`.
 */
export function toClerkRecord(entity: CatalogEntity, record: IDataObject, purpose: RecordPurpose = 'upsert'): IDataObject {
	return cleanRecord(entity, underCurrentIdName(entity, record), purpose);
}
