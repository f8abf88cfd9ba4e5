// @ts-check
/** The sandbox's in-memory store: one Map per Clerk collection, keyed by String(id). */
const COLLECTIONS = [
	'products',
	'categories',
	'orders',
	'customers',
	'pages',
	'parcels',
	'accessories',
	'synonyms',
	'redirects',
	'customizedSearch',
	'campaigns',
	'audiences',
	'subscribers',
];

function createStore() {
	/** @type {Record<string, Map<string, any>> & { events: any[], imports: any[], clear: () => void, account: any }} */
	const store = /** @type {any} */ ({});
	for (const name of COLLECTIONS) store[name] = new Map();
	/** Tracking calls (log/*), in arrival order. */
	store.events = [];
	/** Queries of search calls ({query, time}), for search/popular. */
	store.searches = [];
	/** client/account/importer/start calls. */
	store.imports = [];
	store.account = { name: 'Clerk Sandbox Store', language: 'english', currency: 'EUR', domain: 'shop.example.com' };
	store.clear = () => {
		for (const name of COLLECTIONS) store[name].clear();
		store.events.length = 0;
		store.searches.length = 0;
		store.imports.length = 0;
	};
	return store;
}

module.exports = { createStore, COLLECTIONS };
