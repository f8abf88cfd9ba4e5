/** Typed access to the JavaScript sandbox, plus fixtures shared by the suites. */
import type { IDataObject } from 'n8n-workflow';

import type { ClerkCredentials } from './engine';

const { startSandbox: start } = require('../sandbox/server');

export interface RecordedRequest {
	method: string;
	version: string | null;
	endpoint: string;
	url: string;
	query: IDataObject;
	body: IDataObject | undefined;
	rawBody: string;
	headers: IDataObject;
	keys: { key: 'query' | 'body' | null; private_key: 'query' | 'body' | null };
	status: number;
	fault: string | null;
	/** The JSON the sandbox answered with (none for a reset, a timeout or an HTML refusal). */
	answer?: unknown;
}

export interface Fault {
	kind: 'reset' | 'resetAfter' | 'timeout' | 'status429' | 'status5xx' | 'soft';
	retryAfter?: number;
	status?: number;
	match?: RegExp;
	delayMs?: number;
	/** For 'soft': the Clerk error type and message to answer with (HTTP 200). */
	type?: string;
	message?: string;
}

/** Behaviour of a less forgiving Clerk, orthogonal to faults (test/sandbox/README.md). */
export interface SandboxSwitches {
	/** Result answers carry no hits/count/total fields. */
	omitTotals?: boolean;
	/** All endpoints (true) or those matching answer the first page whatever the offset. */
	ignoreOffset?: boolean | RegExp;
	/** Every call with the store's key answers this error (default LogicalError "Store is disabled", HTTP 400). */
	storeError?: { type?: string; message?: string; status?: number } | null;
	/** Longest request line accepted ("GET /v2/…?… HTTP/1.1"); longer ones get an HTML 414. */
	maxUrlLength?: number;
	/** Largest body accepted, in bytes; larger ones get an HTML 413. */
	maxBodySize?: number;
	/** Error messages without the sandbox's detail in brackets, as Clerk's ("Invalid Syntax In Argument: products"). */
	terseErrors?: boolean;
	/** A Clerk call arriving while `maxInFlight` others are being answered gets 429 RateLimitError with Retry-After (seconds). */
	rateLimit?: { maxInFlight: number; retryAfter: number };
}

export interface Sandbox {
	url: string;
	keys: { publicKey: string; privateKey: string };
	store: Record<string, Map<string, IDataObject>> & { events: IDataObject[] };
	requests: RecordedRequest[];
	setFaults(faults: IDataObject): void;
	/** Replaces the switches; `{}` turns them off. reset() restores those given to startSandbox. */
	setSwitches(switches: SandboxSwitches): void;
	readonly switches: SandboxSwitches;
	script(...faults: Fault[]): void;
	clearRequests(): void;
	/** Clerk calls (v2/v3) in flight now, and the most at once since start or resetMaxInFlight(). */
	readonly inFlight: number;
	readonly maxInFlight: number;
	resetMaxInFlight(): void;
	/**
	 * The store's ID type: an ID of the other JSON type is refused with Clerk's ParsingError
	 * "Invalid Syntax In Argument" (test/sandbox/idType.js); null accepts either. reset() restores
	 * the one given to startSandbox.
	 */
	readonly idType: SandboxIdType | null;
	setIdType(idType: SandboxIdType | null): void;
	reset(): void;
	close(): Promise<void>;
}

export type SandboxIdType = 'number' | 'text';

export async function startSandbox(options: SandboxSwitches & { [option: string]: unknown } = {}): Promise<Sandbox> {
	return (await start(options)) as Sandbox;
}

/**
 * The credential of the sandbox's store; its ID Type matches the store's (Number for a numeric
 * store, Text for a text one; none, which means As Given, when the sandbox accepts either).
 */
export function credentialsFor(sandbox: Sandbox, overrides: Partial<ClerkCredentials> = {}): ClerkCredentials {
	return {
		publicKey: sandbox.keys.publicKey,
		privateKey: sandbox.keys.privateKey,
		baseUrl: sandbox.url,
		...(sandbox.idType ? { idType: sandbox.idType } : {}),
		...overrides,
	};
}

const { feedProduct } = require('../sandbox/feed') as { feedProduct: (id: number) => IDataObject };

/** A complete product as Clerk documents it (the sandbox's feed serves the same ones). */
export function makeProduct(id: number, extra: IDataObject = {}): IDataObject {
	return { ...feedProduct(id), ...extra };
}
