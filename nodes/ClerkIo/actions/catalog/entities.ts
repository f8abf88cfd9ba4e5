/**
 * Clerk's uniform data resources (clerk-api.md §2, §5.1) as data: endpoint, list key, ID and the
 * documented fields. The catalogue operations are generated from these entries.
 */
import type { CatalogOperationName } from './operations';
import type { FieldSpec } from './fields';

export interface CatalogEntity {
	/** Resource value in the node UI. */
	resource: string;
	displayName: string;
	singular: string;
	plural: string;
	endpoint: string;
	/** Key of the list in requests and responses. */
	listKey: string;
	idSpec: FieldSpec;
	/** Node parameter holding one ID (Define Below, Delete) and several IDs (Get). */
	idParameter: string;
	idsParameter: string;
	fields: FieldSpec[];
	operations: CatalogOperationName[];
}

const id = (singular: string): FieldSpec => ({
	name: 'id',
	displayName: 'ID',
	kind: 'id',
	description: `Unique ID of the ${singular}. Use one type (numbers or text) for all ${singular}s of a store.`,
});

export const product: CatalogEntity = {
	resource: 'product',
	displayName: 'Product',
	singular: 'product',
	plural: 'products',
	endpoint: 'products',
	listKey: 'products',
	idSpec: id('product'),
	idParameter: 'productId',
	idsParameter: 'productIds',
	operations: ['upsert', 'update', 'delete', 'get'],
	fields: [
		{ name: 'name', displayName: 'Name', kind: 'string', description: 'Product name' },
		{ name: 'description', displayName: 'Description', kind: 'string', description: 'Product description' },
		{ name: 'price', displayName: 'Price', kind: 'number', description: 'Current selling price' },
		{ name: 'list_price', displayName: 'List Price', kind: 'number', description: 'Original price, before any discount' },
		{
			name: 'image',
			displayName: 'Image URL',
			kind: 'string',
			description: 'Full URL of the product image (about 200×200 px)',
			placeholder: 'e.g. https://shop.example.com/img/123.jpg',
		},
		{
			name: 'url',
			displayName: 'Product URL',
			kind: 'string',
			description: 'Full URL of the product page',
			placeholder: 'e.g. https://shop.example.com/p/123',
		},
		{
			name: 'categories',
			displayName: 'Category IDs',
			kind: 'idList',
			description: 'IDs of the categories the product is in, separated by commas',
			placeholder: 'e.g. 12, 34',
		},
		{
			name: 'created_at',
			displayName: 'Created At',
			kind: 'timestamp',
			description: 'When the product was created; sent as a Unix timestamp (needed by the "new" logics)',
		},
		{ name: 'brand', displayName: 'Brand', kind: 'string', description: 'Brand name' },
		{ name: 'sku', displayName: 'SKU', kind: 'string', description: 'Stock keeping unit' },
		{ name: 'stock', displayName: 'Stock', kind: 'integer', description: 'Units in stock' },
		{ name: 'on_sale', displayName: 'On Sale', kind: 'boolean', description: 'Whether the product is on sale' },
		{ name: 'age', displayName: 'Age (Days)', kind: 'integer', description: 'Days since the product was created, instead of Created At' },
		{ name: 'gender', displayName: 'Gender', kind: 'string', description: 'Gender the product is made for' },
		{ name: 'color', displayName: 'Color', kind: 'stringOrList', description: 'Colour name, or a list of colours from an expression' },
		{
			name: 'keywords',
			displayName: 'Keywords',
			kind: 'stringOrList',
			description: 'Extra words the product should be found by in search',
		},
		{
			name: 'index',
			displayName: 'Index',
			kind: 'boolean',
			description: 'Whether the product may be shown in results (off keeps it for history and recommendations only)',
		},
	],
};

export const catalogEntities: CatalogEntity[] = [product];
