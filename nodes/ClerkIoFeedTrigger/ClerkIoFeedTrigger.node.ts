import type {
	IDataObject,
	INodeType,
	INodeTypeDescription,
	IWebhookDescription,
	IWebhookFunctions,
	IWebhookResponseData,
} from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { FEED_NAMES, feedRequest } from '../ClerkIo/actions/feed/feeds';
import { bearerToken, verifyToken } from './tokens';

/** One GET webhook per feed, so each feed has its own URL to paste into my.clerk.io. */
const webhooks: IWebhookDescription[] = FEED_NAMES.map((feed) => ({
	name: 'default',
	httpMethod: 'GET',
	// Answered by the Clerk.io node's Feed › Respond With Page.
	responseMode: 'responseNode',
	path: feed,
}));

export class ClerkIoFeedTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Clerk.io Feed Trigger',
		name: 'clerkIoFeedTrigger',
		icon: { light: 'file:clerkIo.svg', dark: 'file:clerkIo.dark.svg' },
		group: ['trigger'],
		version: 1,
		subtitle: 'Data feeds for Clerk.io',
		description: "Serve Clerk.io's importer data feeds (products, categories, orders, customers, pages) from a workflow",
		defaults: { name: 'Clerk.io Feed Trigger' },
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'clerkIoApi', required: true }],
		webhooks,
		properties: [
			{
				displayName:
					"Paste the production URLs above into my.clerk.io › Data › Data Sync Settings, one per feed (they end in /products, /categories, /orders, /customers and /pages), then activate the workflow. Each importer request is checked with Clerk.io's token/verify before the workflow runs; a missing or refused token gets 401 and starts nothing. End the workflow with the Clerk.io node's Feed › Respond With Page.",
				name: 'notice',
				type: 'notice',
				default: '',
			},
		],
	};

	async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
		const request = this.getRequestObject();
		const response = this.getResponseObject();
		const refuse = (status: number, message: string): IWebhookResponseData => {
			response.status(status).json({ error: { code: status, message } });
			return { noWebhookResponse: true };
		};
		const feed = String(request.path ?? '')
			.split('/')
			.filter(Boolean)
			.pop();
		if (!feed || !FEED_NAMES.includes(feed)) return refuse(404, `No Clerk.io data feed at ${request.path}`);
		const headers = this.getHeaderData();
		const token = bearerToken(headers['x-clerk-authorization']);
		if (!token) return refuse(401, 'Missing X-Clerk-Authorization: Bearer <token> header');
		const credentials = await this.getCredentials('clerkIoApi');
		const store = `${String(credentials.baseUrl ?? '')}\n${String(credentials.publicKey ?? '')}`;
		const verdict = await verifyToken(this, token, store);
		if (!verdict.ok) return refuse(verdict.status, verdict.message);
		const json = feedRequest(feed, this.getQueryData() as IDataObject, headers.accept, verdict.payload);
		return { workflowData: [[{ json }]] };
	}
}
