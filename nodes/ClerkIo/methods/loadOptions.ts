import type { IDataObject, ILoadOptionsFunctions, INodePropertyOptions } from 'n8n-workflow';

import { clerkApiRequest } from '../transport';

/** Attribute names the store's products carry, for Attributes, Facets and Order By. */
export async function getProductAttributes(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	const response = await clerkApiRequest.call(this, {
		method: 'GET',
		endpoint: 'product/facets',
		idempotent: true,
	});
	const facets = (Array.isArray(response) ? {} : (response.facets as IDataObject)) ?? {};
	return Object.keys(facets)
		.sort()
		.map((name) => ({ name, value: name }));
}
