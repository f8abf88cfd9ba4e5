/**
 * The importer's token, checked with Clerk.io's token/verify (clerk-api.md §7.3) before a workflow
 * runs. A verified token is kept in this process until its `exp`, so a many-page import verifies it
 * once per n8n process; a token without `exp` is verified on every request. Nothing is kept past
 * `exp`, so an expired token is never accepted from the cache.
 */
import type { IDataObject, IWebhookFunctions } from 'n8n-workflow';

import { clerkApiRequest, failureOf, type TransportSettings } from '../ClerkIo/transport';

// The importer waits for the page; a verification that hangs must not hold it for a minute.
const VERIFY_SETTINGS: TransportSettings = { timeout: 15_000, maxRetries: 2, baseDelay: 250, maxDelay: 2_000 };
// Tokens kept at most; the oldest go first (a store's importer uses one token per import).
const MAX_CACHED = 1_000;

interface Verified {
	payload: IDataObject;
	/** Milliseconds since the epoch after which the token is verified again. */
	until: number;
}

const verified = new Map<string, Verified>();
// Verifications under way, so the pages the importer asks for at once share one call.
const pending = new Map<string, Promise<Verdict>>();

export type Verdict =
	| { ok: true; payload: IDataObject; cached: boolean }
	| { ok: false; status: 401 | 503; message: string };

/** The token of an `X-Clerk-Authorization: Bearer <token>` header, or undefined. */
export function bearerToken(header: string | string[] | undefined): string | undefined {
	const value = Array.isArray(header) ? header[0] : header;
	const match = /^Bearer ([^\s]+)$/.exec(String(value ?? '').trim());
	return match ? match[1] : undefined;
}

function expiresAt(payload: IDataObject): number | undefined {
	const exp = payload.exp;
	return typeof exp === 'number' && Number.isFinite(exp) ? exp * 1000 : undefined;
}

function remember(key: string, payload: IDataObject, now: number): void {
	const until = expiresAt(payload);
	if (until === undefined || until <= now) return;
	if (verified.size >= MAX_CACHED) {
		for (const [name, entry] of verified) if (entry.until <= now) verified.delete(name);
		while (verified.size >= MAX_CACHED) verified.delete(verified.keys().next().value as string);
	}
	verified.set(key, { payload, until });
}

async function askClerk(ctx: IWebhookFunctions, token: string): Promise<Verdict> {
	try {
		const answer = await clerkApiRequest.call(
			ctx,
			{ method: 'GET', endpoint: 'token/verify', params: { token }, idempotent: true, privateKey: false },
			VERIFY_SETTINGS,
		);
		const body = Array.isArray(answer) ? {} : answer;
		const payload = body.token_payload;
		if (body.status !== 'ok') return { ok: false, status: 401, message: 'Clerk.io did not accept the token' };
		return { ok: true, payload: typeof payload === 'object' && payload !== null && !Array.isArray(payload) ? (payload as IDataObject) : {}, cached: false };
	} catch (error) {
		const failure = failureOf(error);
		// Clerk answered and refused (the token, or the store keys): the request is not authorised.
		// Clerk not answering says nothing about the token: 503, so the importer tries again later.
		if (failure && failure.type !== 'ConnectionError' && failure.type !== 'CredentialError' && (failure.httpCode === null || failure.httpCode < 500)) {
			return { ok: false, status: 401, message: `Clerk.io did not accept the token (${failure.type}: ${failure.message})` };
		}
		return { ok: false, status: 503, message: `The token could not be verified: ${failure?.message ?? (error as Error).message}` };
	}
}

/**
 * Verifies the token for the store of this node's credential, from the cache while the token lives.
 * `storeKey` tells stores apart (a token Clerk issued for one store is no pass for another).
 */
export async function verifyToken(ctx: IWebhookFunctions, token: string, storeKey: string): Promise<Verdict> {
	const key = `${storeKey}\n${token}`;
	const now = Date.now();
	const known = verified.get(key);
	if (known && known.until > now) return { ok: true, payload: known.payload, cached: true };
	if (known) verified.delete(key);
	let asking = pending.get(key);
	if (!asking) {
		asking = askClerk(ctx, token).then((verdict) => {
			if (verdict.ok) remember(key, verdict.payload, Date.now());
			return verdict;
		});
		pending.set(key, asking);
		void asking.finally(() => pending.delete(key));
	}
	const verdict = await asking;
	// A token that expired while being verified is not let through.
	if (verdict.ok) {
		const until = expiresAt(verdict.payload);
		if (until !== undefined && until <= Date.now()) return { ok: false, status: 401, message: 'The token has expired' };
	}
	return verdict;
}

/** Forgets every verified token (tests). */
export function forgetVerifiedTokens(): void {
	verified.clear();
}
