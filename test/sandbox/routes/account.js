// @ts-check
/** client/account/* and product/facets. */
const { stringList } = require('./args');

/** Facets of the stored products: unit facets for text, range facets for numbers. */
function facetsOf(products, attributes) {
	const facets = {};
	for (const name of attributes) {
		const counts = new Map();
		const numbers = [];
		for (const product of products) {
			const value = product[name];
			if (value === undefined) continue;
			for (const entry of Array.isArray(value) ? value : [value]) {
				if (typeof entry === 'number' && name !== 'categories') numbers.push(entry);
				else if (typeof entry !== 'object') counts.set(entry, (counts.get(entry) ?? 0) + 1);
			}
		}
		if (numbers.length > 0) {
			const min = Math.min(...numbers);
			const max = Math.max(...numbers);
			facets[name] = [{ type: 'range', name: `${min} - ${max}`, min, max, count: numbers.length }];
		} else {
			facets[name] = [...counts.entries()]
				.sort((a, b) => b[1] - a[1])
				.map(([value, count]) => ({ type: 'unit', name: String(value), value, count }));
		}
	}
	return facets;
}

function attributeNames(products) {
	const names = new Set();
	for (const product of products) for (const name of Object.keys(product)) if (name !== 'id') names.add(name);
	return [...names].sort();
}

module.exports = {
	facetsOf,
	attributeNames,
	routes: {
		'GET client/account/info': {
			auth: 'private',
			// Unknown in the reference beyond status: the sandbox answers with a few store settings.
			handle: ({ store }) => ({ status: 'ok', ...store.account }),
		},
		'GET product/facets': {
			auth: 'public',
			handle: ({ args, store }) => {
				const products = [...store.products.values()];
				const attributes = stringList(args, 'attributes') ?? attributeNames(products);
				return { status: 'ok', facets: facetsOf(products, attributes) };
			},
		},
	},
};
