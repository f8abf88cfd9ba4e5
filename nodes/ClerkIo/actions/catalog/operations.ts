/**
 * Create, Create or Update, Update, Delete and Get for Clerk's uniform list resources (catalogue
 * data, accessories, merchandising configuration, audiences): one definition each, parameterised
 * by the entity tables.
 */
import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import type {
	BatchOperation,
	ClerkCall,
	ClerkResponse,
	ItemOperation,
	OperationDefinition,
} from '../../helpers/interfaces';
import { requestOptionsCollection } from '../common.descriptions';
import type { CatalogEntity } from './entities';
import { cleanRecord, toClerkRecord, type RecordPurpose } from './record';
import {
	checked,
	convertField,
	FieldError,
	fieldsCollection,
	ID_HINT,
	listKindOf,
	parseJsonObject,
	toCustomAttribute,
	type CustomAttributeType,
	type FieldSpec,
} from '../fields';

export type CatalogOperationName = 'create' | 'upsert' | 'update' | 'delete' | 'get';

type Id = string | number;

/** Store IDs follow the credential's ID Type; the field says so. */
const idHint = (spec: FieldSpec) => (spec.kind === 'id' ? { hint: ID_HINT } : {});

/** The field Get looks records up by: the ID, or another documented key (customers: email). */
const lookupOf = (entity: CatalogEntity): FieldSpec => entity.lookup ?? entity.idSpec;

function readId(entity: CatalogEntity, value: unknown, field: string): Id {
	const id = convertField(entity.idSpec.kind, value, field) as Id;
	if (id === '') throw new FieldError(field, `'${field}' is empty`);
	return id;
}

function readIds(spec: FieldSpec, value: unknown, field: string): Id[] {
	const ids = convertField(listKindOf(spec.kind), value, field) as Id[];
	if (ids.length === 0) throw new FieldError(field, `'${field}' is empty`);
	return ids;
}

function recordsOf(entity: CatalogEntity, response: ClerkResponse): IDataObject[] {
	// The shape of GET answers is undocumented: accept a bare list or the list under the entity key.
	if (Array.isArray(response)) return response;
	const list = response[entity.listKey];
	return Array.isArray(list) ? (list as IDataObject[]) : [];
}

const dataModes = new WeakMap<object, unknown>();

/**
 * Map Automatically or Define Below: read once per node run, unless the parameter is an expression
 * (then per item). Saves n8n's parameter resolution for every item of a large feed: about a fifth of
 * the node's CPU per item without it (npm run bench, row 4 "node CPU per item", in process).
 */
function dataModeOf(ctx: IExecuteFunctions, itemIndex: number): unknown {
	const raw = ctx.getNode().parameters.dataMode;
	if (typeof raw === 'string' && raw.startsWith('=')) return ctx.getNodeParameter('dataMode', itemIndex);
	if (!dataModes.has(ctx)) dataModes.set(ctx, ctx.getNodeParameter('dataMode', itemIndex));
	return dataModes.get(ctx);
}

function readRecord(
	this: IExecuteFunctions,
	entity: CatalogEntity,
	itemIndex: number,
	purpose: RecordPurpose,
): IDataObject {
	return checked(this, entity.singular, itemIndex, () => {
		if (dataModeOf(this, itemIndex) === 'autoMapInputData') {
			return toClerkRecord(entity, this.getInputData()[itemIndex].json, purpose);
		}
		const custom = this.getNodeParameter('customAttributes.attribute', itemIndex, []) as Array<{
			name: string;
			type?: CustomAttributeType;
			value: unknown;
		}>;
		const withId = purpose !== 'create';
		const id = withId ? (this.getNodeParameter(entity.idParameter, itemIndex) as string) : '';
		const fieldsParameter = purpose === 'update' ? 'updateFields' : 'fields';
		return cleanRecord(entity, {
			// An entity keyed by another field as well (customers: email) may leave the ID empty.
			...(withId && !(entity.keyInstead && id === '') ? { [entity.idSpec.name]: id } : {}),
			...(this.getNodeParameter(fieldsParameter, itemIndex, {}) as IDataObject),
			...(Object.fromEntries(custom.map(({ name, type, value }) => [name, toCustomAttribute(value, type, name)])) as IDataObject),
			...parseJsonObject(this.getNodeParameter('attributesJson', itemIndex, '{}'), 'Attributes (JSON)'),
		}, purpose);
	});
}

function recordProperties(
	entity: CatalogEntity,
	fieldsParameter: { name: 'fields' | 'updateFields'; displayName: string },
	withId = true,
): INodeProperties[] {
	const defineBelow = { show: { dataMode: ['defineBelow'] } };
	return [
		{
			displayName: 'Data Mode',
			name: 'dataMode',
			type: 'options',
			options: [
				{
					name: 'Map Automatically',
					value: 'autoMapInputData',
					description: `Each input item's JSON is one ${entity.singular}, sent as it is (after type checks)`,
				},
				{
					name: 'Define Below',
					value: 'defineBelow',
					description: `Set the ${entity.singular}'s fields one by one`,
				},
			],
			default: 'autoMapInputData',
			description: `How to build the ${entity.singular} from each input item`,
		},
		...(withId
			? [
					{
						displayName: entity.idSpec.displayName === 'ID' ? `${entity.displayName} ID` : entity.idSpec.displayName,
						name: entity.idParameter,
						type: 'string',
						default: '',
						// Customers may be known by email alone.
						...(entity.keyInstead ? {} : { required: true }),
						displayOptions: defineBelow,
						description: [entity.idSpec.description, entity.notes].filter(Boolean).join('. '),
						...idHint(entity.idSpec),
					} satisfies INodeProperties,
				]
			: []),
		{
			...fieldsCollection(entity.fields, { ...fieldsParameter, placeholder: 'Add Field' }),
			displayOptions: defineBelow,
		},
		{
			displayName: 'Custom Attributes',
			name: 'customAttributes',
			type: 'fixedCollection',
			typeOptions: { multipleValues: true },
			placeholder: 'Add Attribute',
			default: {},
			displayOptions: defineBelow,
			description: `Any extra attribute of the ${entity.singular} (letters, digits and _ in names)`,
			options: [
				{
					displayName: 'Attribute',
					name: 'attribute',
					values: [
						{ displayName: 'Name', name: 'name', type: 'string', default: '' },
						{
							displayName: 'Type',
							name: 'type',
							type: 'options',
							default: 'text',
							description: 'What to send the value as',
							options: [
								{
									name: 'Text',
									value: 'text',
									description: "As typed (an expression's result keeps its type)",
								},
								{ name: 'Number', value: 'number', description: 'A whole or decimal number' },
								{ name: 'True/False', value: 'boolean', description: 'True or false' },
								{
									name: 'List',
									value: 'list',
									description: 'Comma-separated text, or a JSON list such as ["S", "M"]',
								},
							],
						},
						{ displayName: 'Value', name: 'value', type: 'string', default: '' },
					],
				},
			],
		},
		{
			displayName: 'Attributes (JSON)',
			name: 'attributesJson',
			type: 'json',
			default: '{}',
			displayOptions: defineBelow,
			description: `More attributes as one JSON object, merged into the ${entity.singular} last`,
		},
	];
}

/** The HTTP method of each operation; with the entity's row it makes the operation's call. */
const METHODS = { create: 'POST', upsert: 'POST', update: 'PATCH', delete: 'DELETE', get: 'GET' } as const;

export const callOf = (entity: CatalogEntity, operation: CatalogOperationName): ClerkCall => ({
	method: METHODS[operation],
	endpoint: entity.endpoint,
	privateKey: entity.privateKey,
});

export const writeRequest = (entity: CatalogEntity, operation: 'upsert' | 'update', records: IDataObject[]) => ({
	...callOf(entity, operation),
	params: { [entity.listKey]: records },
	// Add-or-replace and merge give the same result when sent twice.
	idempotent: true,
});

/** writeRequest for records held as their JSON text: the same body, as the bytes the transport sends. */
export const writeRequestFromText = (entity: CatalogEntity, operation: 'upsert' | 'update', recordTexts: string[]) => ({
	...callOf(entity, operation),
	jsonBody: Buffer.from(`{${JSON.stringify(entity.listKey)}:[${recordTexts.join(',')}]}`),
	idempotent: true,
});

function upsert(entity: CatalogEntity): BatchOperation<IDataObject> {
	return {
		mode: 'batch',
		readItem(itemIndex) {
			return readRecord.call(this, entity, itemIndex, 'upsert');
		},
		request: (records) => writeRequest(entity, 'upsert', records),
		toOutput: (record) => [record],
	};
}

function update(entity: CatalogEntity): BatchOperation<IDataObject> {
	return {
		...upsert(entity),
		readItem(itemIndex) {
			return readRecord.call(this, entity, itemIndex, 'update');
		},
		request: (records) => writeRequest(entity, 'update', records),
	};
}

/**
 * One new record per request: Clerk assigns its ID, and only a one-record answer ties the new ID to
 * its item without relying on the (undocumented) order of the returned IDs. Never resent after an
 * ambiguous failure, which could create the record twice.
 */
function create(entity: CatalogEntity): ItemOperation {
	const read = (ctx: IExecuteFunctions, itemIndex: number) => readRecord.call(ctx, entity, itemIndex, 'create');
	return {
		mode: 'item',
		request(itemIndex) {
			return { ...callOf(entity, 'create'), params: { [entity.listKey]: [read(this, itemIndex)] }, idempotent: false };
		},
		toOutput: (response, _itemIndex, request) => {
			const body = Array.isArray(response) ? {} : response;
			const ids = entity.createdIdsKeys?.map((key) => body[key]).find(Array.isArray) as Id[] | undefined;
			const [record] = (request.params?.[entity.listKey] ?? [{}]) as IDataObject[];
			return [{ ...(ids?.length ? { [entity.idSpec.name]: ids[0] } : {}), ...record }];
		},
	};
}

function remove(entity: CatalogEntity): BatchOperation<Id> {
	const idsKey = entity.idsKey ?? entity.listKey;
	return {
		mode: 'batch',
		readItem(itemIndex) {
			return checked(this, entity.singular, itemIndex, () =>
				readId(entity, this.getNodeParameter(entity.idParameter, itemIndex), entity.idParameter),
			);
		},
		request: (ids) => ({
			...callOf(entity, 'delete'),
			params: { [idsKey]: ids },
			paramsIn: entity.deleteParamsIn,
			idempotent: true,
		}),
		toOutput: (id) => [{ deleted: true, id, ...(entity.idSpec.name === 'id' ? {} : { [entity.idSpec.name]: id }) }],
	};
}

function get(entity: CatalogEntity): BatchOperation<Id[]> {
	const lookup = lookupOf(entity);
	return {
		mode: 'batch',
		readItem(itemIndex) {
			return checked(this, entity.singular, itemIndex, () =>
				readIds(lookup, this.getNodeParameter(entity.idsParameter, itemIndex), entity.idsParameter),
			);
		},
		request: (idLists) => ({
			...callOf(entity, 'get'),
			params: { [entity.idsKey ?? entity.listKey]: [...new Set(idLists.flat())] },
			idempotent: true,
		}),
		toOutput: (ids, response) => {
			const wanted = new Set(ids.map(String));
			return recordsOf(entity, response).filter((record) => wanted.has(String(record[lookup.name])));
		},
	};
}

/** The operations of one catalogue entity, ready for its resource. */
export function catalogOperations(entity: CatalogEntity): OperationDefinition[] {
	const show = (operation: CatalogOperationName) => ({
		show: { resource: [entity.resource], operation: [operation] },
	});
	const scoped = (operation: CatalogOperationName, properties: INodeProperties[]) =>
		updateDisplayOptions(show(operation), properties);
	const lookup = lookupOf(entity);
	const lookupName = lookup === entity.idSpec ? `${entity.displayName} IDs` : lookup.displayName;
	const definitions: Record<CatalogOperationName, () => OperationDefinition> = {
		create: () => ({
			option: {
				name: 'Create',
				value: 'create',
				action: `Create ${entity.plural} (one per input item; Clerk.io assigns and returns the ID)`,
				description: `Create one ${entity.singular} per input item; Clerk.io assigns its ID`,
			},
			properties: scoped('create', [
				...recordProperties(entity, { name: 'fields', displayName: 'Fields' }, false),
				requestOptionsCollection(false),
			]),
			operation: create(entity),
			call: callOf(entity, 'create'),
		}),
		upsert: () => ({
			option: {
				name: 'Create or Update',
				value: 'upsert',
				action: `Create or update ${entity.plural} (replaces the one with the same ${entity.idSpec.displayName})`,
				description: `Create a new ${entity.singular}, or update the current one if it already exists (upsert)`,
			},
			properties: scoped('upsert', [
				...recordProperties(entity, { name: 'fields', displayName: 'Fields' }),
				requestOptionsCollection(true),
			]),
			operation: upsert(entity),
			call: callOf(entity, 'upsert'),
		}),
		update: () => ({
			option: {
				name: 'Update',
				value: 'update',
				action: `Update ${entity.plural} (only the fields given change)`,
				description: `Change fields of existing ${entity.plural}; the others stay as they are`,
			},
			properties: scoped('update', [
				...recordProperties(entity, { name: 'updateFields', displayName: 'Update Fields' }),
				requestOptionsCollection(true),
			]),
			operation: update(entity),
			call: callOf(entity, 'update'),
		}),
		delete: () => ({
			option: {
				name: 'Delete',
				value: 'delete',
				action: `Delete ${entity.plural} by ${entity.idSpec.displayName}`,
				description: `Delete ${entity.plural} by ${entity.idSpec.displayName}, one per input item`,
			},
			properties: scoped('delete', [
				{
					displayName: entity.idSpec.displayName === 'ID' ? `${entity.displayName} ID` : entity.idSpec.displayName,
					name: entity.idParameter,
					type: 'string',
					required: true,
					default: '',
					description: `${entity.idSpec.displayName} of the ${entity.singular} to delete`,
					...idHint(entity.idSpec),
				},
				requestOptionsCollection(true),
			]),
			operation: remove(entity),
			call: callOf(entity, 'delete'),
		}),
		get: () => ({
			option: {
				name: 'Get',
				value: 'get',
				action: `Get ${entity.plural} by ${lookup.displayName} (comma-separated)`,
				description: `Get ${entity.plural} by ${lookup.displayName}; unknown ones give no item`,
			},
			properties: scoped('get', [
				{
					displayName: lookupName,
					name: entity.idsParameter,
					type: 'string',
					required: true,
					default: '',
					placeholder: lookup.placeholder ?? 'e.g. 123, 456',
					description: `One or more ${lookup.displayName} values of ${entity.plural}, separated by commas (or a list from an expression)`,
					...idHint(lookup),
				},
				requestOptionsCollection(true),
			]),
			operation: get(entity),
			call: callOf(entity, 'get'),
		}),
	};
	return entity.operations.map((name) => definitions[name]());
}
