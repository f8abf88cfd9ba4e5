// @ts-check
/**
 * client/account/content/list, client/account/importer/start (clerk-api §7.1) and token/verify
 * (§7.3). Unknown in the reference: the content list beyond {id, name, type, api}, and what the
 * importer answers; the sandbox records each started import in store.imports.
 */
const { text } = require('./args');
const { verifyToken } = require('../tokens');

const CONTENTS = [
	{ id: 'search-page', name: 'Search Page', type: 'html', api: 'search/search' },
	{ id: 'home-trending', name: 'Home - Trending', type: 'html', api: 'recommendations/trending' },
	{ id: 'product-alternatives', name: 'Product - Alternatives', type: 'html', api: 'recommendations/substituting' },
];

// Signature, expiry, revocation and store are checked in ../tokens.js.
const verify = {
	auth: 'public',
	// The key was checked by the route table: it is the store's public key.
	handle: ({ args, store, keys }) => ({ status: 'ok', token_payload: verifyToken(store, text(args, 'token'), keys.publicKey) }),
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
