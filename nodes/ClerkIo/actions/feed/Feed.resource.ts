/**
 * Feed › Respond With Page: answers a request of Clerk.io's importer (received by the Clerk.io Feed
 * Trigger) with one page of the entity's data feed. Records are checked and converted exactly as
 * Create or Update sends them; a bad record is left out of the page and reported, so the importer
 * never gets a broken feed.
 */
import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { NodeOperationError, updateDisplayOptions } from 'n8n-workflow';

import { loadIdType } from '../../helpers/idType';
import type { NodeOperation, ResourceDefinition } from '../../helpers/interfaces';
import { FieldError, withIdType } from '../fields';
import { toClerkRecord } from '../catalog/record';
import { CONTENT_TYPES, FEED_NAMES, FEEDS, type FeedFormat } from './feeds';

const TRIGGER_TYPE_SUFFIX = '.clerkIoFeedTrigger';
const FROM_TRIGGER = 'fromTrigger';

const show = { show: { resource: ['feed'], operation: ['respondWithPage'] } };

const properties: INodeProperties[] = updateDisplayOptions(show, [
	{
		displayName:
			'Answers the request the Clerk.io Feed Trigger received: each input item is one record of the page. Put this node after the node that reads the page from your shop.',
		name: 'respondNotice',
		type: 'notice',
		default: '',
	},
	{
		displayName: 'Feed',
		name: 'feed',
		type: 'options',
		default: FROM_TRIGGER,
		description: 'Which data feed the records belong to; they are checked as that entity',
		options: [
			{ name: 'As Requested', value: FROM_TRIGGER, description: 'The feed whose URL the importer called' },
			{ name: 'Categories', value: 'categories' },
			{ name: 'Customers', value: 'customers' },
			{ name: 'Orders', value: 'orders', description: 'Orders are never deleted by a full import' },
			{ name: 'Pages', value: 'pages' },
			{ name: 'Products', value: 'products' },
		],
	},
	{
		displayName: 'Format',
		name: 'format',
		type: 'options',
		default: FROM_TRIGGER,
		options: [
			{ name: 'As Requested', value: FROM_TRIGGER, description: "The one the importer's Accept header asks for (JSON unless it prefers NDJSON)" },
			{ name: 'JSON', value: 'json', description: 'One list of records in JSON' },
			{ name: 'NDJSON', value: 'ndjson', description: 'One record per line (application/x-ndjson)' },
		],
	},
]);

/** The output of the Clerk.io Feed Trigger this node answers for. */
function triggerRequest(ctx: IExecuteFunctions): IDataObject | undefined {
	const trigger = ctx
		.getParentNodes(ctx.getNode().name)
		.find((node) => node.type.endsWith(TRIGGER_TYPE_SUFFIX));
	if (!trigger) return undefined;
	const proxy = ctx.getWorkflowDataProxy(0) as unknown as { $: (name: string) => { first: () => INodeExecutionData | undefined } };
	return proxy.$(trigger.name).first()?.json;
}

/** A feed name ('products') from the option value ('product') or the trigger's output. */
function feedOf(ctx: IExecuteFunctions, request: IDataObject | undefined): string {
	const chosen = ctx.getNodeParameter('feed', 0) as string;
	const name = chosen === FROM_TRIGGER ? request?.entity : chosen;
	if (typeof name === 'string' && FEED_NAMES.includes(name)) return name;
	throw new NodeOperationError(ctx.getNode(), 'No Clerk.io Feed Trigger before this node says which feed to answer', {
		description: 'Connect this node after a Clerk.io Feed Trigger, or choose the Feed and the Format in the node.',
	});
}

function formatOf(ctx: IExecuteFunctions, request: IDataObject | undefined): FeedFormat {
	const chosen = ctx.getNodeParameter('format', 0) as string;
	if (chosen === 'json' || chosen === 'ndjson') return chosen;
	return request?.format === 'ndjson' ? 'ndjson' : 'json';
}

const respondWithPage: NodeOperation = {
	mode: 'node',
	async run(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const items = this.getInputData();
		const request = triggerRequest(this);
		const feed = feedOf(this, request);
		const format = formatOf(this, request);
		const entity = FEEDS[feed];
		const idType = await loadIdType(this);
		const records: IDataObject[] = [];
		const leftOut: IDataObject[] = [];
		let empty = 0;
		withIdType(idType, () => {
			for (let item = 0; item < items.length; item++) {
				const json = items[item].json;
				// An empty item is no record: a source node with Always Output Data gives one for a page past the end.
				if (Object.keys(json).length === 0) {
					empty++;
					continue;
				}
				try {
					records.push(toClerkRecord(entity, json));
				} catch (error) {
					if (!(error instanceof FieldError)) throw new NodeOperationError(this.getNode(), error as Error, { itemIndex: item });
					leftOut.push({ item, field: error.field, message: `Invalid ${entity.singular} in item ${item}: ${error.message}` });
				}
			}
		});
		const body = format === 'json' ? JSON.stringify(records) : records.map((record) => `${JSON.stringify(record)}\n`).join('');
		await this.sendResponse({ body, headers: { 'content-type': `${CONTENT_TYPES[format]}; charset=utf-8` }, statusCode: 200 });
		const summary: IDataObject = {
			feed,
			format,
			...(request ? { page: request.page ?? null, limit: request.limit ?? null } : {}),
			sent: records.length,
			leftOut: leftOut.length,
			...(empty > 0 ? { emptyItems: empty } : {}),
			problems: leftOut,
		};
		return [[{ json: summary, pairedItem: items.map((_, item) => ({ item })) }]];
	},
};

export const feedResource: ResourceDefinition = {
	value: 'feed',
	name: 'Feed',
	description: "Pages of the data feeds Clerk.io's importer pulls (with the Clerk.io Feed Trigger)",
	operations: [
		{
			option: {
				name: 'Respond With Page',
				value: 'respondWithPage',
				action: "Respond to Clerk.io's importer with a page of a data feed",
				description: 'Write the input items as one feed page, answering the Clerk.io Feed Trigger',
			},
			properties,
			operation: respondWithPage,
		},
	],
};
