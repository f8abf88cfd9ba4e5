/** Read-only product endpoints of the older product/* family (clerk-api.md §5.2), public key only. */
import { readOperations, type ReadEndpoint } from '../readOperations';

const endpoints: ReadEndpoint[] = [
	{
		value: 'getAttributes',
		name: 'Get Attributes',
		action: 'Get product attributes',
		description:
			'Reads attribute values of products by ID with the public key (no private key needed). Returns one item per product with the chosen attributes (all when none chosen).',
		endpoint: 'product/attributes',
		// Documented as GET; its POST sample is not the documented form (clerk-api.md §0).
		method: 'GET',
		required: ['products'],
		optional: ['attributes', 'language'],
		results: 'attributeRows',
		limit: 'none',
	},
	{
		value: 'getFacets',
		name: 'Get Facets',
		action: 'Get product facets',
		description:
			'Counts the values of product attributes (facets), for all products or the given ones. Returns one item per attribute with its values and counts. Use it to learn which attributes and values a store has, e.g. before writing a filter.',
		endpoint: 'product/facets',
		// Documented as GET; the POST sample on its page calls product/attributes.
		method: 'GET',
		optional: ['products', 'attributes'],
		results: 'facets',
		limit: 'none',
	},
];

export const productData = readOperations('product', endpoints);
