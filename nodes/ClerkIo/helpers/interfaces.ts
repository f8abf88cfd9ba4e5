import type {
	IDataObject,
	IExecuteFunctions,
	IBinaryKeyData,
	IHttpRequestMethods,
	INodeExecutionData,
	INodeProperties,
	INodePropertyOptions,
} from 'n8n-workflow';

import type { ClerkRequest, TransportSettings } from '../transport';

export type ClerkResponse = IDataObject | IDataObject[];

/**
 * Many input items become one request: each item contributes one element (a product, an ID…),
 * elements are sent in batches, and every item gets its own output or error.
 */
export interface BatchOperation<Element = unknown> {
	mode: 'batch';
	/** Reads and checks one item's element; throws a NodeOperationError naming the field. */
	readItem(this: IExecuteFunctions, itemIndex: number): Element;
	/**
	 * The request for a batch. The engine sizes query-string batches by this request's URL, and may
	 * send it without elements to tell a store-wide error from a content error.
	 */
	request(elements: Element[]): ClerkRequest;
	/** The output of one item once its batch was accepted. */
	toOutput(element: Element, response: ClerkResponse): IDataObject[];
}

/** Paging where Clerk pages with `limit` + `offset`. */
export interface Paging {
	/** Largest `limit` Clerk accepts on this endpoint. */
	maxPageSize: number;
	/** The Limit parameter's default (what a user who keeps it gets). */
	defaultLimit: number;
	/** Whether the endpoint takes `offset`; without it only the first page can be read. */
	offset: boolean;
	/** How many results a page held (before mapping). */
	pageLength(response: ClerkResponse): number;
	/** The total Clerk reports, when it does. */
	total?(response: ClerkResponse): number | undefined;
	/** Identity of an output item; a result already output by an earlier page is dropped. */
	identity?(item: IDataObject): string | undefined;
	/** Identities of a page's results, whatever the output mode: a page of known ones ends the walk. */
	keys?(response: ClerkResponse): string[];
}

/** One request (or one walk over pages) per input item. */
export interface ItemOperation {
	mode: 'item';
	/**
	 * Whether it only reads (search and recommendations): its items' requests are then built
	 * as the calls go, so the first call leaves while later items are still being read. Writes build
	 * and check every item before the first call.
	 */
	reads?: boolean;
	/**
	 * Reads and checks one item's parameters into its request; throws a NodeOperationError naming
	 * the field. For writes it runs for every item before the first request is sent.
	 */
	request(this: IExecuteFunctions, itemIndex: number): ClerkRequest;
	/** The output of one item; `request` is the one built for it (paging adds limit/offset). */
	toOutput(this: IExecuteFunctions, response: ClerkResponse, itemIndex: number, request: ClerkRequest): IDataObject[];
	paging?: Paging;
	/**
	 * The item's final output, from all its results and the first answer (e.g. an item saying nothing
	 * was found, or the facets of the whole search).
	 */
	complete?(
		this: IExecuteFunctions,
		results: IDataObject[],
		itemIndex: number,
		request: ClerkRequest,
		first: ClerkResponse,
	): IDataObject[];
}

/** How a run sends: batch size, calls in flight, and the transport's timeout and retries. */
export interface FileRunSettings {
	batchSize: number;
	parallelRequests: number;
	transport: TransportSettings;
}

/**
 * One input item is a file whose records the operation streams to Clerk.io itself (Import From
 * File); it returns that item's one output (a summary). A thrown error is the item's: Continue on
 * Fail gives `{ error, message }` paired with it.
 */
export interface FileOperation {
	mode: 'file';
	runFile(this: IExecuteFunctions, itemIndex: number, settings: FileRunSettings): Promise<{ json: IDataObject; binary?: IBinaryKeyData }>;
}

/** Any batch operation, whatever its element type: the engine only passes elements from `readItem` back to `request` and `toOutput`. */
export type ClerkOperation = BatchOperation<unknown> | ItemOperation | FileOperation;

/**
 * The Clerk.io call an operation makes, taken from its table row. The README's operations table and
 * the coverage list are generated from it, and its requests carry `privateKey` to the credential.
 */
export interface ClerkCall {
	method: IHttpRequestMethods;
	/** Path after the version, e.g. `products` or `search/search`. */
	endpoint: string;
	apiVersion?: 'v2' | 'v3';
	/** Whether Clerk.io serves the call only with the private key (test/contract says which). */
	privateKey: boolean;
}

/** An operation that runs the node itself instead of sending requests (Feed › Respond With Page). */
export interface NodeOperation {
	mode: 'node';
	run(this: IExecuteFunctions): Promise<INodeExecutionData[][]>;
}

/** An operation as the UI shows it, with the request logic behind it. */
export interface OperationDefinition {
	option: INodePropertyOptions & { action: string };
	properties: INodeProperties[];
	operation: ClerkOperation | NodeOperation;
	/** The Clerk.io call it makes; none for an operation that answers without calling Clerk.io (Feed › Respond With Page). */
	call?: ClerkCall;
}

export interface ResourceDefinition {
	value: string;
	name: string;
	description: string;
	operations: OperationDefinition[];
	/** Parameters shared by several of the resource's operations (each shown via displayOptions). */
	properties?: INodeProperties[];
}
