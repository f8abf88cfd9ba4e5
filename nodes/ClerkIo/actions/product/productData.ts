/** Read-only product endpoints of the older product/* family (docs.clerk.io/reference), public key only. */
import { readOperations, type ReadEndpoint } from '../readOperations';

const endpoints: ReadEndpoint[] = [
	{
		value: 'getAttributes',
		name: 'Get Attributes',
		action: 'Get attributes of products by comma-separated product IDs (no private key needed)',
		description: 'Read attribute values of products by ID, with the public key only',
		endpoint: 'product/attributes',
		// Documented as GET; its POST sample is not the documented form (test/contract/contract.js).
		method: 'GET',
		required: ['products'],
		optional: ['attributes', 'language'],
		results: 'attributeRows',
		limit: 'none',
	},
	{
		value: 'getFacets',
		name: 'Get Facets',
		action: 'Get the values and counts of product attributes (facets), to learn what a filter can use',
		description: 'Count the values of product attributes, for all or the given products',
		endpoint: 'product/facets',
		// Documented as GET; the POST sample on its page calls product/attributes.
		method: 'GET',
		optional: ['products', 'attributes'],
		results: 'facets',
		limit: 'none',
	},
];

export const productData = readOperations('product', endpoints);
