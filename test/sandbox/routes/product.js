// @ts-check
/**
 * Read-only product/* endpoints (clerk-api.md §5.2), public key only: product/attributes answers
 * with a bare list (the one non-envelope success), product/facets also by POST.
 */
const { idList, stringList, text } = require('./args');
const { routes: accountRoutes } = require('./account');
const { key, pick, readRoute } = require('./results');

module.exports = {
	routes: {
		...readRoute('product/attributes', ({ args, store }) => {
			const ids = idList(args, 'products');
			const attributes = stringList(args, 'attributes');
			text(args, 'language', { optional: true });
			return ids
				.map((productId) => store.products.get(key(productId)))
				.filter(Boolean)
				.map((product) => (attributes ? { id: product.id, ...pick(product, attributes) } : { ...product }));
		}),
		// Same answer as GET product/facets (account family); Clerk documents both methods for reads.
		'POST product/facets': accountRoutes['GET product/facets'],
	},
};
