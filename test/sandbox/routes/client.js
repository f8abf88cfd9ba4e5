// @ts-check
/**
 * client/account/content/list, client/account/importer/start (clerk-api §7.1) and token/verify
 * (§7.3). Unknown in the reference: the content list beyond {id, name, type, api}, and what the
 * importer answers; the sandbox records each started import in store.imports.
 */
const { ClerkError } = require('./errors');
const { text } = require('./args');

const CONTENTS = [
	{ id: 'search-page', name: 'Search Page', type: 'html', api: 'search/search' },
	{ id: 'home-trending', name: 'Home - Trending', type: 'html', api: 'recommendations/trending' },
	{ id: 'product-alternatives', name: 'Product - Alternatives', type: 'html', api: 'recommendations/substituting' },
];

/** A JWT's payload if the token has three parts and its middle one is base64url JSON. */
function tokenPayload(token) {
	const parts = token.split('.');
	if (parts.length !== 3 || parts.some((part) => !/^[A-Za-z0-9_-]+$/.test(part))) return undefined;
	try {
		const payload = JSON.parse(Buffer.from(parts[1], 'base64url').toString('utf8'));
		return payload && typeof payload === 'object' && !Array.isArray(payload) ? payload : undefined;
	} catch {
		return undefined;
	}
}

const verify = {
	auth: 'public',
	handle: ({ args }) => {
		const payload = tokenPayload(text(args, 'token'));
		if (!payload) throw new ClerkError('AuthenticationError', 'Invalid token');
		return { status: 'ok', token_payload: payload };
	},
};

module.exports = {
	CONTENTS,
	routes: {
		'GET client/account/content/list': {
			auth: 'private',
			handle: () => ({ status: 'ok', contents: structuredClone(CONTENTS) }),
		},
		'GET client/account/importer/start': {
			auth: 'private',
			handle: ({ store }) => {
				store.imports.push({ started: Math.floor(Date.now() / 1000) });
				return { status: 'ok' };
			},
		},
		// Documented as GET, and as POST too.
		'GET token/verify': verify,
		'POST token/verify': verify,
	},
};
