/**
 * n8n's execution cancel signal (Stop button, workflow timeout) reaches the transport: a waiting
 * retry stops waiting, an in-flight call is aborted, and nothing is sent after the cancel.
 */
import type { IHttpRequestOptions, INode } from 'n8n-workflow';

import { clerkApiRequest } from '../../nodes/ClerkIo/transport';

const NODE: INode = { id: 'n', name: 'Clerk.io', type: 'n8n-nodes-clerk-io.clerkIo', typeVersion: 1, position: [0, 0], parameters: {} };
const KEYS = { publicKey: 'test-public-key', privateKey: 'test-private-key-0123456789', baseUrl: 'http://127.0.0.1:1' };
const SETTINGS = { timeout: 60_000, maxRetries: 5, baseDelay: 250, maxDelay: 8_000 };
const upsert = { method: 'POST', endpoint: 'products', params: { products: [] }, idempotent: true, privateKey: true } as const;

function context(answer: (options: IHttpRequestOptions, call: number) => Promise<unknown>) {
	const controller = new AbortController();
	const sent: IHttpRequestOptions[] = [];
	const ctx = {
		getNode: () => NODE,
		getCredentials: async () => ({ ...KEYS }),
		getExecutionCancelSignal: () => controller.signal,
		helpers: {
			httpRequestWithAuthentication: async (_type: string, options: IHttpRequestOptions) => {
				sent.push(options);
				return await answer(options, sent.length);
			},
		},
	};
	return { ctx, controller, sent };
}

test('a retry waiting on Retry-After: 30 stops waiting when the execution is cancelled, and is not sent', async () => {
	const { ctx, controller, sent } = context(async () => {
		setImmediate(() => controller.abort());
		return { statusCode: 429, headers: { 'retry-after': '30' }, body: { status: 'error', type: 'RateLimitError', message: 'Slow down' } };
	});

	await expect(clerkApiRequest.call(ctx as never, upsert, SETTINGS)).rejects.toThrow(
		'Clerk.io Cancelled: The execution was cancelled, so the call was not sent',
	);
	expect(sent).toHaveLength(1);
}, 5_000);

test('a call in flight gets the cancel signal, and its abort is not retried', async () => {
	const { ctx, controller, sent } = context(
		async (options) =>
			await new Promise((_resolve, reject) => {
				(options.abortSignal as AbortSignal).addEventListener('abort', () =>
					reject(Object.assign(new Error('canceled'), { code: 'ERR_CANCELED' })),
				);
				setImmediate(() => controller.abort());
			}),
	);

	await expect(clerkApiRequest.call(ctx as never, upsert, SETTINGS)).rejects.toThrow(/Cancelled/);
	expect(sent).toHaveLength(1);
}, 5_000);

test('after the cancel no call is sent at all', async () => {
	const { ctx, controller, sent } = context(async () => ({ statusCode: 200, headers: {}, body: { status: 'ok' } }));
	controller.abort();

	await expect(clerkApiRequest.call(ctx as never, upsert, SETTINGS)).rejects.toThrow(/Cancelled/);
	expect(sent).toHaveLength(0);
});
