import type {
	ICredentialDataDecryptedObject,
	ICredentialTestRequest,
	ICredentialType,
	IDataObject,
	IHttpRequestOptions,
	Icon,
	INodeProperties,
} from 'n8n-workflow';

/**
 * The header a request carries when its call needs the private key. Each operation of the node says
 * so in its own table row (see CONTRIBUTING.md); the transport turns that into this header, and
 * `addClerkKeys` swaps it for the key. Without it a request gets the public key alone, so the private
 * key never travels where it is not needed. The HTTP Request node can set it too.
 */
export const PRIVATE_KEY_HEADER = 'x-clerk-private-key';

/** Whether the request asks for the private key, and its headers without that request. */
function takePrivateKeyHeader(headers: IDataObject | undefined): { wanted: boolean; headers?: IDataObject } {
	if (!headers) return { wanted: false };
	const rest: IDataObject = {};
	let wanted = false;
	for (const [name, value] of Object.entries(headers)) {
		if (name.toLowerCase() === PRIVATE_KEY_HEADER) wanted = String(value).toLowerCase() !== 'false';
		else rest[name] = value;
	}
	return { wanted, headers: rest };
}

const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const JSON_BLANKS = new Set([0x20, 0x09, 0x0a, 0x0d]);
const firstNonBlank = (bytes: Buffer) => {
	let at = 0;
	while (at < bytes.length && JSON_BLANKS.has(bytes[at])) at++;
	return at;
};

/**
 * Adds the store keys the way Clerk.io expects them: in the query string for GET and DELETE, in the
 * JSON body for POST, PATCH and DELETE-with-body; the private key only for requests that ask for it.
 */
export async function addClerkKeys(
	credentials: ICredentialDataDecryptedObject,
	requestOptions: IHttpRequestOptions,
): Promise<IHttpRequestOptions> {
	const { wanted, headers } = takePrivateKeyHeader(requestOptions.headers);
	const keys: IDataObject = { key: credentials.publicKey };
	if (wanted) keys.private_key = credentials.privateKey;

	const method = (requestOptions.method ?? 'GET').toUpperCase();
	const body = requestOptions.body;
	const addressed = {
		...requestOptions,
		...(headers ? { headers } : {}),
		baseURL: requestOptions.baseURL ?? String(credentials.baseUrl || 'https://api.clerk.io'),
	};
	const keysInQuery = () => ({ ...addressed, qs: { ...keys, ...(requestOptions.qs ?? {}) } });
	// A body given as text or bytes: the JSON text of an object gets the keys written in front of its
	// members (and stays text or bytes); anything else is not ours to rewrite, so the keys go in the query.
	const raw = typeof body === 'string' ? Buffer.from(body) : Buffer.isBuffer(body) ? body : undefined;
	if (raw) {
		const open = firstNonBlank(raw);
		if (raw[open] !== OPEN_BRACE) return keysInQuery();
		const members = raw.subarray(open + 1);
		const separator = members[firstNonBlank(members)] === CLOSE_BRACE ? '' : ',';
		const keyed = Buffer.concat([Buffer.from(`{${JSON.stringify(keys).slice(1, -1)}${separator}`), members]);
		return { ...addressed, body: typeof body === 'string' ? keyed.toString('utf8') : keyed };
	}
	const bodyIsObject = typeof body === 'object' && body !== null && !Array.isArray(body);
	// Keys travel with the arguments; a DELETE that Clerk documents with a JSON body gets them there too.
	const inBody = method === 'POST' || method === 'PATCH' || method === 'PUT' || (bodyIsObject && method !== 'GET');
	return inBody ? { ...addressed, body: { ...keys, ...(bodyIsObject ? (body as IDataObject) : {}) } } : keysInQuery();
}

export class ClerkIoApi implements ICredentialType {
	name = 'clerkIoApi';

	displayName = 'Clerk.io API';

	icon: Icon = { light: 'file:clerkIo.svg', dark: 'file:clerkIo.dark.svg' };

	documentationUrl = 'https://github.com/n8n-nodes-clerk-io/n8n-nodes-clerk-io#credentials';

	properties: INodeProperties[] = [
		{
			displayName: 'Public Key',
			name: 'publicKey',
			type: 'string',
			default: '',
			required: true,
			description:
				'The public API key of your Clerk.io store (my.clerk.io › Settings › API Keys). It identifies the store and is sent on every call.',
		},
		{
			displayName: 'Private Key',
			name: 'privateKey',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			description:
				'A private API key of the same store (my.clerk.io › Settings › API Keys; shown only once when created). Sent only to the endpoints that need it: catalogue writes, orders, customers, privacy and account calls.',
		},
		{
			displayName: 'Base URL',
			name: 'baseUrl',
			type: 'string',
			default: 'https://api.clerk.io',
			description:
				'Where the Clerk.io API lives. Keep the default unless you use a proxy or the local Clerk sandbox.',
		},
		{
			displayName: 'ID Type',
			name: 'idType',
			type: 'options',
			options: [
				{
					name: 'As Given',
					value: 'asGiven',
					description:
						'Send each ID with the type the input gives it: 123 stays a number, "123" stays text. A list mixing both is refused.',
				},
				{
					name: 'Number',
					value: 'number',
					description:
						'The store uses numeric IDs: send every ID as a number ("123" becomes 123). Text that is not a plain whole number, such as "SKU-9" or "0123", is refused before sending.',
				},
				{
					name: 'Text',
					value: 'text',
					description: 'The store uses text IDs: send every ID as text (123 becomes "123")',
				},
			],
			// A credential saved before this field existed has no value, which also means As Given.
			default: 'asGiven',
			description:
				"How the store's IDs are sent: products, categories, orders, customers, pages, and every field that holds them (order lines, tracking, recommendation inputs, Get and Delete lists). A Clerk.io store uses one ID type; an ID of the other type is refused (\"Invalid Syntax In Argument\") or breaks sale tracking.",
		},
	];

	authenticate = addClerkKeys;

	// client/account/info needs both keys, so one call checks that they belong together. Clerk's error
	// envelope is read even on HTTP 401, so the rules can say which key Clerk refused. The exact wording
	// of Clerk's key errors is not documented: the first two rules match the wording the Clerk sandbox
	// uses ("Invalid public API key" / "Invalid private API key"); any other refusal gets the last rule.
	test: ICredentialTestRequest = {
		request: {
			baseURL: '={{$credentials.baseUrl}}',
			url: '/v2/client/account/info',
			method: 'GET',
			// It checks both keys, so it asks for the private one.
			headers: { [PRIVATE_KEY_HEADER]: 'true' },
			ignoreHttpStatusErrors: true,
		},
		rules: [
			{
				type: 'responseSuccessBody',
				properties: {
					key: 'message',
					value: 'Invalid public API key',
					message:
						'The Public Key is wrong: Clerk.io does not know this store key. Copy it again from my.clerk.io › Settings › API Keys.',
				},
			},
			{
				type: 'responseSuccessBody',
				properties: {
					key: 'message',
					value: 'Invalid private API key',
					message:
						'The Public Key is right, but the Private Key is wrong or revoked. Create a private key for the same store in my.clerk.io › Settings › API Keys.',
				},
			},
			{
				type: 'responseSuccessBody',
				properties: {
					key: 'status',
					value: 'error',
					message:
						'Clerk.io refused the keys. Check that the Public Key and the Private Key are both copied from my.clerk.io › Settings › API Keys of the same store.',
				},
			},
		],
	};
}
