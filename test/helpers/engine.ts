/**
 * Runs real workflows through n8n-core's WorkflowExecute: Manual Trigger → (items) → Clerk.io,
 * with the Clerk.io API credential applied by the credential type's own `authenticate`.
 */
import { ExecutionLifecycleHooks, WorkflowExecute } from 'n8n-core';
import type {
	ICredentialDataDecryptedObject,
	IDataObject,
	IExecuteFunctions,
	IHttpRequestOptions,
	INode,
	INodeExecutionData,
	INodeType,
	INodeTypes,
	INodeTypeDescription,
	IRun,
	IRunExecutionData,
	ITaskData,
	IWorkflowBase,
	IWorkflowExecuteAdditionalData,
	INodeParameters,
} from 'n8n-workflow';
import { ICredentialsHelper, NodeConnectionTypes, Workflow } from 'n8n-workflow';

import { ClerkIoApi } from '../../credentials/ClerkIoApi.credentials';
import { ClerkIo } from '../../nodes/ClerkIo/ClerkIo.node';
import { ensureBinaryDataService } from './files';

export const CLERK_NODE = 'Clerk.io';

/** Emits the items given in its `items` parameter (the Manual Trigger's role, with data). */
class ItemsTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Items Trigger',
		name: 'itemsTrigger',
		group: ['trigger'],
		version: 1,
		description: 'Test trigger',
		defaults: { name: 'Trigger' },
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		properties: [{ displayName: 'Items', name: 'items', type: 'json', default: '[]' }],
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		if (inputFiles) {
			// Files as n8n binary data, kept where the binary data mode says (see test/helpers/files.ts).
			const files = inputFiles;
			const items: INodeExecutionData[] = [];
			for (const [index, file] of files.entries()) {
				const binary = file.content === undefined ? undefined : { [file.property ?? 'data']: await this.helpers.prepareBinaryData(Buffer.from(file.content), file.fileName, file.mimeType ?? 'application/x-ndjson') };
				items.push({ json: file.json ?? { fileName: file.fileName }, ...(binary ? { binary } : {}), pairedItem: { item: index } });
			}
			return [items];
		}
		const items = this.getNodeParameter('items', 0) as unknown;
		const list = (typeof items === 'string' ? JSON.parse(items) : items) as IDataObject[];
		return [list.map((json, index) => ({ json, pairedItem: { item: index } }))];
	}
}

const clerkIo = new ClerkIo();
const trigger = new ItemsTrigger();
const credentialType = new ClerkIoApi();
/** The node type run in the Clerk.io node's place (RunOptions.nodeType), for probes of n8n's own behaviour. */
let inPlaceOfClerk: INodeType | undefined;

const nodeTypes: INodeTypes = {
	getByName: (type: string) => (type === 'clerkIo' ? (inPlaceOfClerk ?? clerkIo) : trigger) as INodeType,
	getByNameAndVersion: (type: string) => (type.endsWith('clerkIo') ? (inPlaceOfClerk ?? clerkIo) : trigger) as INodeType,
	getKnownTypes: () => ({}),
} as unknown as INodeTypes;

class TestCredentialsHelper extends ICredentialsHelper {
	/** How often the credential was read and decrypted (in n8n, a database query each time). */
	reads = 0;

	/** `data` is an Error when reading the credential is to fail (e.g. it cannot be decrypted). */
	constructor(private readonly data: ICredentialDataDecryptedObject | Error) {
		super();
	}

	getParentTypes(): string[] {
		return [];
	}

	isCredentialUsableByNode(): boolean {
		return true;
	}

	async authenticate(credentials: ICredentialDataDecryptedObject, _type: string, requestOptions: IHttpRequestOptions) {
		return await credentialType.authenticate(credentials, requestOptions);
	}

	async preAuthentication() {
		return undefined;
	}

	async runPreAuthentication() {
		return undefined;
	}

	async getCredentials(): Promise<never> {
		throw new Error('not used');
	}

	async getDecrypted() {
		this.reads++;
		if (this.data instanceof Error) throw this.data;
		return { ...this.data };
	}

	async updateCredentials() {}

	async updateCredentialsOauthTokenData() {}

	getCredentialsProperties() {
		return credentialType.properties;
	}
}

/** What n8n hands the engine; the credential helper applies the Clerk.io credential's `authenticate`. */
export function makeAdditionalData(
	credentials: ClerkCredentials | Error,
	hooks?: ExecutionLifecycleHooks,
): IWorkflowExecuteAdditionalData {
	return {
		executionId: '1',
		hooks,
		credentialsHelper: new TestCredentialsHelper(credentials instanceof Error ? credentials : { ...credentials }),
		currentNodeParameters: undefined,
		currentNodeExecutionIndex: 0,
		restApiUrl: 'http://127.0.0.1/rest',
		instanceBaseUrl: 'http://127.0.0.1/',
		formWaitingBaseUrl: 'http://127.0.0.1/form-waiting',
		webhookBaseUrl: 'http://127.0.0.1/webhook',
		webhookWaitingBaseUrl: 'http://127.0.0.1/webhook-waiting',
		webhookTestBaseUrl: 'http://127.0.0.1/webhook-test',
		variables: {},
		logAiEvent: () => {},
		getRunExecutionData: async () => undefined as IRunExecutionData | undefined,
	} as unknown as IWorkflowExecuteAdditionalData;
}

export interface ClerkCredentials {
	publicKey: string;
	privateKey: string;
	/**
	 * The credential's ID Type: 'asGiven', 'number' or 'text'; missing (a credential saved before the
	 * field existed) means As Given.
	 */
	idType?: string;
	baseUrl: string;
}

/** A file the trigger emits as one item with binary data (Import From File). */
export interface InputFile {
	fileName: string;
	/** The file's content; undefined: the item has no binary data. */
	content: string | Buffer | undefined;
	mimeType?: string;
	/** Binary property (default `data`). */
	property?: string;
	json?: IDataObject;
}

let inputFiles: InputFile[] | undefined;

export interface RunOptions {
	parameters: INodeParameters | IDataObject;
	/** Input items that each carry a file as binary data (instead of `items`). */
	files?: InputFile[];
	items?: IDataObject[];
	/** An Error makes reading the credential fail with it. */
	credentials: ClerkCredentials | Error;
	/** 'stopWorkflow' (default), 'continueRegularOutput' or 'continueErrorOutput'. */
	onError?: INode['onError'];
	/** Called once the execution has started, with a function that cancels it (n8n's Stop button). */
	onStarted?: (cancel: () => void) => void;
	/** Runs this node type in the Clerk.io node's place (a probe of what n8n hands a node). */
	nodeType?: INodeType;
}

export interface RunResult {
	run: IRun;
	task: ITaskData | undefined;
	/** Items of the Clerk.io node's first (success) output. */
	output: INodeExecutionData[];
	/** Items of its error output (only with onError: continueErrorOutput). */
	errorOutput: INodeExecutionData[];
	error: (Error & { description?: string; context?: IDataObject }) | undefined;
	/** How often the run read the credential. */
	credentialReads: number;
}

/** A Clerk.io node as a workflow holds it, with what a test sets on top. */
export function clerkNode(overrides: Partial<INode> = {}): INode {
	return {
		id: 'clerk',
		name: CLERK_NODE,
		type: 'n8n-nodes-clerk-io.clerkIo',
		typeVersion: 1,
		position: [0, 0],
		parameters: {},
		credentials: { clerkIoApi: { id: '1', name: 'Clerk.io sandbox' } },
		...overrides,
	};
}

export async function runClerkNode(options: RunOptions): Promise<RunResult> {
	const nodes: INode[] = [
		{
			id: 'trigger',
			name: 'Trigger',
			type: 'itemsTrigger',
			typeVersion: 1,
			position: [0, 0],
			parameters: { items: JSON.stringify(options.items ?? [{}]) },
		},
		clerkNode({
			position: [200, 0],
			parameters: options.parameters as INodeParameters,
			...(options.onError ? { onError: options.onError } : {}),
		}),
	];
	const connections = {
		Trigger: { main: [[{ node: CLERK_NODE, type: NodeConnectionTypes.Main, index: 0 }]] },
	};
	const workflowData: IWorkflowBase = {
		id: 'test',
		name: 'test',
		active: false,
		activeVersionId: null,
		isArchived: false,
		createdAt: new Date(),
		updatedAt: new Date(),
		nodes,
		connections,
		settings: {},
	} as unknown as IWorkflowBase;
	// Before the Workflow: it settles each node's parameters by its node type.
	inPlaceOfClerk = options.nodeType;
	const workflow = new Workflow({
		id: 'test',
		nodes,
		connections,
		active: false,
		nodeTypes,
		settings: {},
	});

	const hooks = new ExecutionLifecycleHooks('manual', '1', workflowData);
	const finished = new Promise<IRun>((resolve) => {
		hooks.addHandler('workflowExecuteAfter', (run) => resolve(run));
	});
	const additionalData = makeAdditionalData(options.credentials, hooks);

	if (options.files) await ensureBinaryDataService();
	inputFiles = options.files;
	const execution = new WorkflowExecute(additionalData, 'manual');
	const running = execution.run({ workflow, startNode: workflow.getNode('Trigger')! });
	options.onStarted?.(() => running.cancel());
	const run = await finished.finally(() => {
		inputFiles = undefined;
		inPlaceOfClerk = undefined;
	});
	const task = run.data.resultData.runData[CLERK_NODE]?.[0];
	return {
		run,
		task,
		output: task?.data?.main?.[0] ?? [],
		errorOutput: task?.data?.main?.[1] ?? [],
		error: (task?.error ?? run.data.resultData.error) as RunResult['error'],
		credentialReads: (additionalData.credentialsHelper as TestCredentialsHelper).reads,
	};
}
