// @ts-check
/**
 * Route table of the sandbox: "METHOD endpoint" → { auth, handle }. Every read endpoint Clerk
 * documents with both GET and POST answers both ways here too.
 */
const { ClerkError } = require('./errors');
const { checkIdTypes } = require('../idType');
const { documented } = require('../../contract/contract');

const families = [
	require('./data'),
	require('./account'),
	require('./tracking'),
	require('./config'),
	require('./parcels'),
	require('./email'),
	require('./privacy'),
	require('./client'),
	require('./search'),
	require('./recommendations'),
	require('./product'),
];

/** @type {Record<string, {auth: 'public' | 'private', handle: (ctx: any) => any, methods?: string[]}>} */
const ROUTES = Object.assign({}, ...families.map((family) => family.routes));

function routeRequest({ method, version, endpoint, args, store, keys, random }) {
	const call = `${method} ${version === 'v3' ? 'v3:' : ''}${endpoint}`;
	// Only the methods Clerk's reference documents (or a recorded deviation) are answered: a POST to
	// an endpoint whose page shows only GET is refused here, since nobody knows that Clerk takes it.
	const route = documented(call) ? ROUTES[call] : undefined;
	if (!route) {
		const known = Object.keys(ROUTES).some((name) => name.endsWith(` ${version === 'v3' ? 'v3:' : ''}${endpoint}`));
		throw new ClerkError('LogicalError', known ? `Method ${method} is not allowed on ${endpoint}` : `Unknown endpoint ${endpoint}`, known ? 405 : 404);
	}
	if (args.key !== keys.publicKey) {
		throw new ClerkError('AuthenticationError', args.key ? 'Invalid public API key' : 'Missing Argument key');
	}
	if (route.auth === 'private' && args.private_key !== keys.privateKey) {
		throw new ClerkError('AuthenticationError', args.private_key ? 'Invalid private API key' : 'Missing Argument private_key');
	}
	const { key, private_key, ...rest } = args;
	// The store's ID type (server option idType): an ID of the other JSON type is a ParsingError.
	checkIdTypes({ method, version, endpoint, args: rest, idType: store.idType ?? null });
	return route.handle({ args: rest, store, random, method, keys });
}

module.exports = { ROUTES, routeRequest, ClerkError };
