// @ts-check
/**
 * The tokens Clerk's importer sends to data feeds (`X-Clerk-Authorization: Bearer <JWT>`) and what
 * the sandbox's token/verify says about them (clerk-api.md §7.3, §7.4).
 *
 * The sandbox's importer signs its tokens (HS256, a secret of this sandbox, header `kid:
 * "clerk-sandbox"`) with `key` (the store's public key), `iat` and `exp`. token/verify refuses, with
 * Clerk's AuthenticationError: a token that is not a JWT; one that says it is the sandbox's but whose
 * signature does not match; an expired one (`exp` in the past); a revoked one; one issued for
 * another store than the `key` given. With `signedOnly` on (the feed suites, the e2e and `npm
 * start` turn it on) any token the sandbox did not sign is refused too, as Clerk refuses tokens it
 * did not issue. Off by default so older suites' hand-made tokens still verify.
 */
const crypto = require('node:crypto');

const { ClerkError } = require('./routes/errors');

const KID = 'clerk-sandbox';

/** Token state of one store: signing secret, revoked tokens, policy. */
function tokenState(store) {
	store.importerTokens ??= { secret: crypto.randomBytes(32), revoked: new Set(), signedOnly: false };
	return store.importerTokens;
}

const b64 = (value) => Buffer.from(JSON.stringify(value)).toString('base64url');

function signature(secret, header, payload) {
	return crypto.createHmac('sha256', secret).update(`${header}.${payload}`).digest('base64url');
}

/**
 * A token the sandbox's token/verify accepts until `exp`.
 * @param {any} store
 * @param {{key: string, ttlSeconds?: number, claims?: Record<string, unknown>}} options
 */
function signToken(store, { key, ttlSeconds = 3600, claims = {} }) {
	const now = Math.floor(Date.now() / 1000);
	const header = b64({ alg: 'HS256', typ: 'JWT', kid: KID });
	const payload = b64({ iss: 'clerk-sandbox-importer', key, iat: now, exp: now + ttlSeconds, jti: crypto.randomUUID(), ...claims });
	return `${header}.${payload}.${signature(tokenState(store).secret, header, payload)}`;
}

function decode(part) {
	try {
		const value = JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));
		return value && typeof value === 'object' && !Array.isArray(value) ? value : undefined;
	} catch {
		return undefined;
	}
}

/**
 * The payload of a token token/verify accepts; throws Clerk's AuthenticationError otherwise.
 * @param {any} store
 * @param {unknown} token
 * @param {unknown} key the `key` argument of token/verify ("only required for importers")
 */
function verifyToken(store, token, key) {
	const state = tokenState(store);
	const parts = typeof token === 'string' ? token.split('.') : [];
	if (parts.length !== 3 || parts.some((part) => !/^[A-Za-z0-9_-]+$/.test(part))) throw new ClerkError('AuthenticationError', 'Invalid token');
	const header = decode(parts[0]);
	const payload = decode(parts[1]);
	if (!header || !payload) throw new ClerkError('AuthenticationError', 'Invalid token');
	const ours = header.kid === KID;
	if (ours || state.signedOnly) {
		const expected = Buffer.from(signature(state.secret, parts[0], parts[1]));
		const given = Buffer.from(parts[2]);
		if (!ours || expected.length !== given.length || !crypto.timingSafeEqual(expected, given)) {
			throw new ClerkError('AuthenticationError', 'Invalid token (signature)');
		}
	}
	if (typeof payload.exp === 'number' && payload.exp * 1000 <= Date.now()) throw new ClerkError('AuthenticationError', 'Token expired');
	if (state.revoked.has(token)) throw new ClerkError('AuthenticationError', 'Token revoked');
	if (ours && payload.key !== key) throw new ClerkError('AuthenticationError', 'Token issued for another store');
	return payload;
}

module.exports = { signToken, verifyToken, tokenState };
