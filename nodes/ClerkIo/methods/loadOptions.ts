import type { IDataObject, ILoadOptionsFunctions, INodePropertyOptions } from 'n8n-workflow';

import { clerkApiRequest } from '../transport';

/** Attribute names the store's products carry, for Attributes, Facets and Order By. */
export async function getProductAttributes(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	const response = await clerkApiRequest.call(this, {
		method: 'GET',
		endpoint: 'product/facets',
		idempotent: true,
		privateKey: false,
	});
	const facets = (Array.isArray(response) ? {} : (response.facets as IDataObject)) ?? {};
	return Object.keys(facets)
		.sort()
		.map((name) => ({ name, value: name }));
}

/** Contents set up in my.clerk.io (client/account/content/list), for the API v3 `content` argument. */
export async function getContents(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	const response = await clerkApiRequest.call(this, {
		method: 'GET',
		endpoint: 'client/account/content/list',
		idempotent: true,
		// Clerk's plugins call it with both keys (test/contract).
		privateKey: true,
	});
	const contents = Array.isArray(response) ? [] : ((response.contents as IDataObject[]) ?? []);
	return contents
		.map((content) => ({
			name: String(content.name ?? content.id),
			value: String(content.id),
			description: content.api ? `Calls ${String(content.api)}` : undefined,
		}))
		.sort((a, b) => a.name.localeCompare(b.name));
}
