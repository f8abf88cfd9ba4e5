/**
 * Create or Update, Update, Delete and Get for Clerk's uniform data resources (products,
 * categories, orders, customers, pages): one definition each, parameterised by the entity table.
 */
import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeOperationError, updateDisplayOptions } from 'n8n-workflow';

import type { BatchOperation, ClerkResponse, OperationDefinition } from '../../helpers/interfaces';
import { requestOptionsCollection } from '../common.descriptions';
import type { CatalogEntity } from './entities';
import {
	FieldError,
	fieldsCollection,
	normaliseRecord,
	parseJsonObject,
	toId,
	toIdList,
	type FieldSpec,
} from './fields';

// Lists in a query string (GET/DELETE) stay well below common URL length limits.
const QUERY_BATCH_LIMIT = 100;

export type CatalogOperationName = 'upsert' | 'update' | 'delete' | 'get';

/** Runs a field check for one item, turning a FieldError into an error that names item and field. */
function checked<T>(ctx: IExecuteFunctions, entity: CatalogEntity, itemIndex: number, read: () => T): T {
	try {
		return read();
	} catch (error) {
		if (error instanceof FieldError) {
			throw new NodeOperationError(ctx.getNode(), `Invalid ${entity.singular} in item ${itemIndex}: ${error.message}`, {
				itemIndex,
				description: `Field '${error.field}' of item ${itemIndex}. Nothing was sent to Clerk.io for this item.`,
			});
		}
		throw new NodeOperationError(ctx.getNode(), error as Error, { itemIndex });
	}
}

function recordsOf(entity: CatalogEntity, response: ClerkResponse): IDataObject[] {
	// The shape of GET answers is undocumented: accept a bare list or the list under the entity key.
	if (Array.isArray(response)) return response;
	const list = response[entity.listKey];
	return Array.isArray(list) ? (list as IDataObject[]) : [];
}

function readRecord(
	this: IExecuteFunctions,
	entity: CatalogEntity,
	itemIndex: number,
	fieldsParameter: 'fields' | 'updateFields',
): IDataObject {
	const specs: FieldSpec[] = [entity.idSpec, ...entity.fields];
	return checked(this, entity, itemIndex, () => {
		let record: IDataObject;
		if (this.getNodeParameter('dataMode', itemIndex) === 'autoMapInputData') {
			record = this.getInputData()[itemIndex].json;
		} else {
			const custom = this.getNodeParameter('customAttributes.attribute', itemIndex, []) as Array<{
				name: string;
				value: unknown;
			}>;
			record = {
				[entity.idSpec.name]: this.getNodeParameter(entity.idParameter, itemIndex) as string,
				...(this.getNodeParameter(fieldsParameter, itemIndex, {}) as IDataObject),
				...(Object.fromEntries(custom.map(({ name, value }) => [name, value])) as IDataObject),
				...parseJsonObject(this.getNodeParameter('attributesJson', itemIndex, '{}'), 'Attributes (JSON)'),
			};
		}
		const clean = normaliseRecord(record, specs);
		if (clean[entity.idSpec.name] === undefined) {
			throw new FieldError(entity.idSpec.name, `'${entity.idSpec.name}' is missing; every ${entity.singular} needs one`);
		}
		return clean;
	});
}

function recordProperties(
	entity: CatalogEntity,
	fieldsParameter: { name: 'fields' | 'updateFields'; displayName: string },
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
		{
			displayName: `${entity.displayName} ID`,
			name: entity.idParameter,
			type: 'string',
			required: true,
			default: '',
			displayOptions: defineBelow,
			description: entity.idSpec.description,
		},
		{
			...fieldsCollection(
				entity.fields,
				{ ...fieldsParameter, placeholder: 'Add Field' },
				[],
			),
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

function upsert(entity: CatalogEntity): BatchOperation<IDataObject> {
	return {
		mode: 'batch',
		readItem(itemIndex) {
			return readRecord.call(this, entity, itemIndex, 'fields');
		},
		request: (records) => ({
			method: 'POST',
			endpoint: entity.endpoint,
			params: { [entity.listKey]: records },
			idempotent: true,
		}),
		toOutput: (record) => [record],
	};
}

function update(entity: CatalogEntity): BatchOperation<IDataObject> {
	return {
		...upsert(entity),
		readItem(itemIndex) {
			return readRecord.call(this, entity, itemIndex, 'updateFields');
		},
		// A merge of the same values twice leaves the same result.
		request: (records) => ({
			method: 'PATCH',
			endpoint: entity.endpoint,
			params: { [entity.listKey]: records },
			idempotent: true,
		}),
	};
}

function remove(entity: CatalogEntity): BatchOperation<string | number> {
	return {
		mode: 'batch',
		maxBatchSize: QUERY_BATCH_LIMIT,
		readItem(itemIndex) {
			return checked(this, entity, itemIndex, () =>
				toId(this.getNodeParameter(entity.idParameter, itemIndex), entity.idParameter),
			);
		},
		request: (ids) => ({
			method: 'DELETE',
			endpoint: entity.endpoint,
			params: { [entity.listKey]: ids },
			idempotent: true,
		}),
		toOutput: (id) => [{ deleted: true, id }],
	};
}

function get(entity: CatalogEntity): BatchOperation<Array<string | number>> {
	return {
		mode: 'batch',
		maxBatchSize: QUERY_BATCH_LIMIT,
		readItem(itemIndex) {
			return checked(this, entity, itemIndex, () => {
				const ids = toIdList(this.getNodeParameter(entity.idsParameter, itemIndex), entity.idsParameter);
				if (ids.length === 0) throw new FieldError(entity.idsParameter, `'${entity.idsParameter}' is empty`);
				return ids;
			});
		},
		request: (idLists) => ({
			method: 'GET',
			endpoint: entity.endpoint,
			params: { [entity.listKey]: [...new Set(idLists.flat())] },
			idempotent: true,
		}),
		toOutput: (ids, response) => {
			const wanted = new Set(ids.map(String));
			return recordsOf(entity, response).filter((record) => wanted.has(String(record[entity.idSpec.name])));
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
	const definitions: Record<CatalogOperationName, () => OperationDefinition> = {
		upsert: () => ({
			option: {
				name: 'Create or Update',
				value: 'upsert',
				action: `Create or update ${entity.plural}`,
				description: 'Create a new record, or update the current one if it already exists (upsert)',
			},
			properties: scoped('upsert', [
				...recordProperties(entity, { name: 'fields', displayName: 'Fields' }),
				requestOptionsCollection(true),
			]),
			operation: upsert(entity),
		}),
		update: () => ({
			option: {
				name: 'Update',
				value: 'update',
				action: `Update ${entity.plural}`,
				description: `Merge new attribute values into existing ${entity.plural}, in batches`,
			},
			properties: scoped('update', [
				...recordProperties(entity, { name: 'updateFields', displayName: 'Update Fields' }),
				requestOptionsCollection(true),
			]),
			operation: update(entity),
		}),
		delete: () => ({
			option: {
				name: 'Delete',
				value: 'delete',
				action: `Delete ${entity.plural}`,
				description: `Delete ${entity.plural} by ID, one per input item`,
			},
			properties: scoped('delete', [
				{
					displayName: `${entity.displayName} ID`,
					name: entity.idParameter,
					type: 'string',
					required: true,
					default: '',
					description: `ID of the ${entity.singular} to delete`,
				},
				requestOptionsCollection(true),
			]),
			operation: remove(entity),
		}),
		get: () => ({
			option: {
				name: 'Get',
				value: 'get',
				action: `Get ${entity.plural}`,
				description: `Get ${entity.plural} by ID; one output item per ${entity.singular} found`,
			},
			properties: scoped('get', [
				{
					displayName: `${entity.displayName} IDs`,
					name: entity.idsParameter,
					type: 'string',
					required: true,
					default: '',
					placeholder: 'e.g. 123, 456',
					description: `One or more ${entity.singular} IDs, separated by commas (or a list from an expression)`,
				},
				requestOptionsCollection(true),
			]),
			operation: get(entity),
		}),
	};
	return entity.operations.map((name) => definitions[name]());
}
