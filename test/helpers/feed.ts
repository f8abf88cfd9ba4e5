/**
 * A stand-in for n8n's webhook server around a real WorkflowExecute: Clerk.io Feed Trigger → Shop
 * (a test node serving records from a function, the shop API's role) → Clerk.io Feed › Respond With
 * Page. Each GET /webhook/<id>/<feed> is handled as n8n does it: the trigger's `webhook()` runs in
 * n8n-core's WebhookContext; without workflow data (a refused token) it has answered itself and
 * nothing runs; otherwise the workflow runs with the trigger's output, and the node that calls
 * `sendResponse` answers the request.
 */
import http from 'node:http';

import { ExecutionLifecycleHooks, WebhookContext, WorkflowExecute } from 'n8n-core';
import type {
	IDataObject,
	IExecuteFunctions,
	IExecuteResponsePromiseData,
	INode,
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
	INodeTypes,
	IRun,
	IWebhookData,
	IWorkflowBase,
} from 'n8n-workflow';
import { NodeConnectionTypes, Workflow } from 'n8n-workflow';

import { ClerkIo } from '../../nodes/ClerkIo/ClerkIo.node';
import { ClerkIoFeedTrigger } from '../../nodes/ClerkIoFeedTrigger/ClerkIoFeedTrigger.node';
import { makeAdditionalData, type ClerkCredentials } from './engine';
import { startSandbox, type Sandbox } from './sandbox';

export const TRIGGER = 'Clerk.io Feed Trigger';
export const SHOP = 'Shop';
export const RESPOND = 'Respond With Page';
const WEBHOOK_ID = 'feed-test-webhook';

export type Source = (request: IDataObject) => IDataObject[];

const sources = new Map<string, Source>();

/** The shop's API: outputs the records its source function gives for the trigger's request. */
class ShopSource implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Shop',
		name: 'shopSource',
		group: ['transform'],
		version: 1,
		description: 'Test source',
		defaults: { name: SHOP },
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		properties: [{ displayName: 'Source', name: 'source', type: 'string', default: '' }],
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const source = sources.get(this.getNodeParameter('source', 0) as string)!;
		return [source(this.getInputData()[0].json).map((json) => ({ json, pairedItem: { item: 0 } }))];
	}
}

const trigger = new ClerkIoFeedTrigger();
const clerkIo = new ClerkIo();
const shop = new ShopSource();
const nodeTypes = {
	getByName: (type: string) => byType(type),
	getByNameAndVersion: (type: string) => byType(type),
	getKnownTypes: () => ({}),
} as unknown as INodeTypes;

function byType(type: string): INodeType {
	if (type.endsWith('clerkIoFeedTrigger')) return trigger;
	if (type.endsWith('clerkIo')) return clerkIo;
	return shop;
}

export interface FeedServerOptions {
	credentials: ClerkCredentials;
	source: Source;
	/** Parameters of the Respond With Page node (default: feed and format as requested). */
	respond?: IDataObject;
}

export interface FeedServer {
	url: string;
	feedUrl(feed: string): string;
	/** Workflow executions started (a refused request starts none). */
	readonly executions: number;
	/** Outputs of the Respond With Page node, one per execution. */
	summaries: IDataObject[];
	close(): Promise<void>;
}

let serverCount = 0;

export async function startFeedServer(options: FeedServerOptions): Promise<FeedServer> {
	const sourceName = `source-${++serverCount}`;
	sources.set(sourceName, options.source);
	const credentials = { clerkIoApi: { id: '1', name: 'Clerk.io sandbox' } };
	const nodes: INode[] = [
		{ id: 'trigger', name: TRIGGER, type: 'n8n-nodes-clerk-io.clerkIoFeedTrigger', typeVersion: 1, position: [0, 0], parameters: {}, credentials, webhookId: WEBHOOK_ID },
		{ id: 'shop', name: SHOP, type: 'shopSource', typeVersion: 1, position: [200, 0], parameters: { source: sourceName }, alwaysOutputData: true },
		{
			id: 'respond',
			name: RESPOND,
			type: 'n8n-nodes-clerk-io.clerkIo',
			typeVersion: 1,
			position: [400, 0],
			parameters: { resource: 'feed', operation: 'respondWithPage', ...(options.respond ?? {}) },
			credentials,
		},
	];
	const connections = {
		[TRIGGER]: { main: [[{ node: SHOP, type: NodeConnectionTypes.Main, index: 0 }]] },
		[SHOP]: { main: [[{ node: RESPOND, type: NodeConnectionTypes.Main, index: 0 }]] },
	};
	const workflowData = { id: 'feed', name: 'feed', active: true, nodes, connections, settings: {} } as unknown as IWorkflowBase;
	const workflow = new Workflow({ id: 'feed', nodes, connections, active: true, nodeTypes, settings: {} });
	const triggerNode = workflow.getNode(TRIGGER)!;
	let executions = 0;
	const summaries: IDataObject[] = [];

	const server = http.createServer((req, res) => {
		void (async () => {
			const url = new URL(req.url ?? '/', 'http://127.0.0.1');
			const request = Object.assign(req, { path: url.pathname, query: Object.fromEntries(url.searchParams), params: {}, body: {} });
			const response = Object.assign(res, {
				status(code: number) {
					res.statusCode = code;
					return response;
				},
				json(value: unknown) {
					res.setHeader('content-type', 'application/json');
					res.end(JSON.stringify(value));
					return response;
				},
			});
			const additionalData = makeAdditionalData(options.credentials);
			Object.assign(additionalData, { httpRequest: request, httpResponse: response });
			const webhookData = { httpMethod: 'GET', node: TRIGGER, path: url.pathname, webhookDescription: trigger.description.webhooks![0], workflowId: 'feed' } as unknown as IWebhookData;
			const context = new WebhookContext(workflow, triggerNode, additionalData, 'webhook', webhookData, [], null);
			const result = await trigger.webhook.call(context);
			if (!result.workflowData) {
				if (!res.writableEnded) res.writeHead(500).end('the trigger neither answered nor started the workflow');
				return;
			}
			executions++;
			const hooks = new ExecutionLifecycleHooks('webhook', String(executions), workflowData);
			let answered = false;
			hooks.addHandler('sendResponse', (answer: IExecuteResponsePromiseData) => {
				answered = true;
				res.writeHead(Number(answer.statusCode ?? 200), (answer.headers ?? {}) as http.OutgoingHttpHeaders);
				res.end(typeof answer.body === 'string' ? answer.body : JSON.stringify(answer.body));
			});
			const finished = new Promise<IRun>((resolve) => hooks.addHandler('workflowExecuteAfter', (run) => resolve(run)));
			const execution = new WorkflowExecute(makeAdditionalData(options.credentials, hooks), 'webhook');
			void execution.run({ workflow, startNode: triggerNode, pinData: { [TRIGGER]: result.workflowData[0] } });
			const run = await finished;
			const output = run.data.resultData.runData[RESPOND]?.[0]?.data?.main?.[0]?.[0]?.json;
			if (output) summaries.push(output);
			if (!answered) {
				const error = run.data.resultData.error?.message ?? 'the workflow did not respond';
				res.writeHead(500, { 'content-type': 'application/json' }).end(JSON.stringify({ error }));
			}
		})().catch((error: Error) => {
			if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain' }).end(String(error.stack));
		});
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const { port } = server.address() as { port: number };
	const url = `http://127.0.0.1:${port}`;
	return {
		url,
		feedUrl: (feed) => `${url}/webhook/${WEBHOOK_ID}/${feed}`,
		get executions() {
			return executions;
		},
		summaries,
		async close() {
			sources.delete(sourceName);
			server.closeAllConnections();
			await new Promise<void>((resolve) => server.close(() => resolve()));
		},
	};
}

/** The sandbox's importer and token methods (test/sandbox/importer.js, tokens.js). */
export interface ImportReport {
	ok: boolean;
	ms: number;
	feeds: Record<string, { ok: boolean; mode: string; pages: number; requests: number; records: number; added: number; replaced: number; deleted: number; kept: number; ms: number; error: string | null }>;
}

export interface FeedSandbox extends Sandbox {
	runImport(options: { feeds: Record<string, string>; modifiedAfter?: string | number; pageSize?: number; format?: 'json' | 'ndjson'; token?: string }): Promise<ImportReport>;
	signToken(options?: { ttlSeconds?: number; claims?: IDataObject }): string;
	revokeToken(token: string): void;
	setSignedTokensOnly(on?: boolean): void;
}

export async function startFeedSandbox(options: IDataObject = {}): Promise<FeedSandbox> {
	return (await startSandbox({ idType: 'number', signedTokensOnly: true, ...options })) as FeedSandbox;
}
