/**
 * Single Clerk calls described as data (tracking, subscriber, privacy, account, token, parcels …).
 * Each spec becomes an item-mode operation: one request per input item, its arguments read from
 * the node parameters and checked before anything is sent.
 */
import type { IDataObject, IExecuteFunctions, IHttpRequestMethods, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import type { ClerkResponse, ItemOperation, OperationDefinition } from '../helpers/interfaces';
import type { ClerkRequest } from '../transport';
import { checked, convertField, FieldError, fieldProperty, fieldsCollection, type FieldSpec } from './fields';
import { requestOptionsCollection } from './common.descriptions';

export interface CallParam extends FieldSpec {
	/** 'required' (default): required field; 'main': optional field shown directly; 'more': under Additional Fields. */
	level?: 'required' | 'main' | 'more';
}

/** How the answer becomes output items. */
export type CallOutput =
	/** `{success: true}` plus the arguments sent (and any fields Clerk answered with). */
	| { kind: 'sent' }
	/** Clerk's answer without its `status`, as one item. */
	| { kind: 'answer' }
	/** One item per entry of the list under `key`; plain entries become `{[valueName]: entry}`. */
	| { kind: 'list'; key: string; valueName?: string }
	/** `{deleted: true, id}` plus the arguments sent. */
	| { kind: 'deleted'; id: string };

export interface CallSpec {
	value: string;
	name: string;
	action: string;
	description: string;
	method: IHttpRequestMethods;
	endpoint: string;
	/** Whether Clerk.io serves the call only with the private key (test/contract says which). */
	privateKey: boolean;
	/** False for calls whose repetition would count twice (tracking) or create twice. */
	idempotent: boolean;
	paramsIn?: 'body';
	params: CallParam[];
	/** At least one of these arguments is needed (privacy: email, customer or visitor). */
	oneOf?: string[];
	output: CallOutput;
	/** Advice by Clerk error type where the general one does not fit this call. */
	hints?: ClerkRequest['hints'];
}

const levelOf = (param: CallParam) => param.level ?? 'required';

function readArguments(ctx: IExecuteFunctions, spec: CallSpec, itemIndex: number): IDataObject {
	return checked(ctx, `${spec.name} input`, itemIndex, () => {
		const more = ctx.getNodeParameter('additionalFields', itemIndex, {}) as IDataObject;
		const args: IDataObject = {};
		for (const param of spec.params) {
			const level = levelOf(param);
			const raw = level === 'more' ? more[param.name] : ctx.getNodeParameter(param.name, itemIndex, '');
			if (raw === undefined || raw === null || (typeof raw === 'string' && raw.trim() === '')) {
				if (level === 'required') throw new FieldError(param.name, `'${param.displayName}' is required`);
				continue;
			}
			args[param.name] = convertField(param.kind, raw, param.name) as IDataObject[string];
		}
		if (spec.oneOf && !spec.oneOf.some((name) => args[name] !== undefined)) {
			throw new FieldError(spec.oneOf.join(', '), `Give one of: ${spec.oneOf.join(', ')}`);
		}
		return args;
	});
}

function withoutStatus(response: ClerkResponse): IDataObject {
	if (Array.isArray(response)) return { result: response };
	const answer = { ...response };
	delete answer.status;
	return answer;
}

function toItems(output: CallOutput, args: IDataObject, response: ClerkResponse): IDataObject[] {
	switch (output.kind) {
		case 'sent':
			return [{ success: true, ...args, ...withoutStatus(response) }];
		case 'answer':
			return [withoutStatus(response)];
		case 'deleted':
			return [{ deleted: true, id: args[output.id], ...args }];
		case 'list': {
			// Undocumented answer shapes: accept a bare list as well as the list under its key.
			const list = Array.isArray(response) ? response : response[output.key];
			return (Array.isArray(list) ? (list as unknown[]) : []).map((entry) =>
				typeof entry === 'object' && entry !== null && !Array.isArray(entry)
					? (entry as IDataObject)
					: { [output.valueName ?? 'value']: entry as IDataObject[string] },
			);
		}
	}
}

export function callOperation(resource: string, spec: CallSpec): OperationDefinition {
	const call = { method: spec.method, endpoint: spec.endpoint, privateKey: spec.privateKey };
	const operation: ItemOperation = {
		mode: 'item',
		request(itemIndex) {
			return {
				...call,
				params: readArguments(this, spec, itemIndex),
				paramsIn: spec.paramsIn,
				idempotent: spec.idempotent,
				...(spec.hints ? { hints: spec.hints } : {}),
			};
		},
		toOutput: (response, _itemIndex, request) => toItems(spec.output, request.params ?? {}, response),
	};
	const shown = spec.params.filter((param) => levelOf(param) !== 'more');
	const more = spec.params.filter((param) => levelOf(param) === 'more');
	const properties: INodeProperties[] = [
		...shown.map((param) => ({ ...fieldProperty(param), ...(levelOf(param) === 'required' ? { required: true } : {}) })),
		...(more.length > 0
			? [fieldsCollection(more, { name: 'additionalFields', displayName: 'Additional Fields', placeholder: 'Add Field' })]
			: []),
		requestOptionsCollection(false),
	];
	return {
		option: { name: spec.name, value: spec.value, action: spec.action, description: spec.description },
		properties: updateDisplayOptions({ show: { resource: [resource], operation: [spec.value] } }, properties),
		operation,
		call,
	};
}
