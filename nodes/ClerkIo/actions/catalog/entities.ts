/**
 * Clerk's uniform data resources (docs.clerk.io/reference, test/contract/reference.json) as data: endpoint, list key, ID and the
 * documented fields. The catalogue operations are generated from these entries.
 */
import type { CatalogOperationName } from './operations';
import type { FieldSpec } from '../fields';

export interface CatalogEntity {
	/** Resource value in the node UI. */
	resource: string;
	displayName: string;
	singular: string;
	plural: string;
	endpoint: string;
	/** Whether Clerk.io serves this endpoint only with the private key (test/contract says which). */
	privateKey: boolean;
	/** Key of the list in requests and responses. */
	listKey: string;
	idSpec: FieldSpec;
	/** Node parameter holding one ID (Define Below, Delete) and several IDs (Get). */
	idParameter: string;
	idsParameter: string;
	fields: FieldSpec[];
	operations: CatalogOperationName[];
	/** Argument holding the ID list of GET/DELETE, when it is not `listKey` (audiences: `ids`). */
	idsKey?: string;
	/** Where DELETE carries its IDs, when Clerk documents a JSON body instead of the query. */
	deleteParamsIn?: 'body';
	/** The field Get looks records up by, when Clerk documents another key than the ID. */
	lookup?: FieldSpec;
	/** Fields every record of Create or Update must carry (Clerk's reference marks them required). */
	required?: string[];
	/** A field that identifies a record instead of its ID (customers: email). */
	keyInstead?: string;
	/** An older name of the ID field, sent under the current name (customers: id). */
	formerIdName?: string;
	/** Answer keys that may hold the IDs Clerk assigned on Create. */
	createdIdsKeys?: string[];
	/** Extra sentence for the operation descriptions. */
	notes?: string;
}

/**
 * The names of a data resource whose endpoint and list key are its plural (`products`), and whose
 * ID parameters are `<resource>Id` / `<resource>Ids`.
 */
const named = (resource: string, displayName: string, plural: string) => ({
	resource,
	displayName,
	singular: resource,
	plural,
	endpoint: plural,
	listKey: plural,
	idSpec: id(resource),
	idParameter: `${resource}Id`,
	idsParameter: `${resource}Ids`,
});

const id = (singular: string): FieldSpec => ({
	name: 'id',
	displayName: 'ID',
	kind: 'id',
	description: `Unique ID of the ${singular}. A Clerk.io store uses one ID type (numbers or text); the credential's ID Type says how IDs are sent.`,
});

export const product: CatalogEntity = {
	...named('product', 'Product', 'products'),
	privateKey: true,
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

const text = (name: string, displayName: string, description: string, placeholder?: string): FieldSpec => ({
	name,
	displayName,
	kind: 'string',
	description,
	...(placeholder ? { placeholder } : {}),
});

const crud: CatalogOperationName[] = ['upsert', 'update', 'delete', 'get'];

export const category: CatalogEntity = {
	...named('category', 'Category', 'categories'),
	privateKey: true,
	// Clerk documents no DELETE /categories (docs.clerk.io/reference). If it answered "ok" without deleting,
	// the node would report deletions that never happened, so Delete is left out: remove
	// categories through a full data feed, which deletes the ones it no longer lists.
	operations: ['upsert', 'update', 'get'],
	fields: [
		text('name', 'Name', 'Category name'),
		text('url', 'Category URL', 'Full URL of the category page', 'e.g. https://shop.example.com/c/12'),
		{
			name: 'subcategories',
			displayName: 'Subcategory IDs',
			kind: 'idList',
			description: 'IDs of the immediate child categories, separated by commas (empty for none)',
			placeholder: 'e.g. 13, 14',
		},
		text('image', 'Image URL', 'Full URL of the category image'),
		text('description', 'Description', 'Category description'),
	],
};

export const order: CatalogEntity = {
	...named('order', 'Order', 'orders'),
	privateKey: true,
	operations: crud,
	// docs.clerk.io/reference/order-resource: lines, customer and time are required.
	required: ['products', 'customer', 'time'],
	fields: [
		{
			name: 'products',
			displayName: 'Order Lines',
			kind: 'orderLines',
			description: 'JSON list of lines {id, quantity, price}; price is the unit price, Clerk.io multiplies it by the quantity',
			placeholder: 'e.g. [{"id": 12, "quantity": 2, "price": 9.95}]',
		},
		{ name: 'time', displayName: 'Time', kind: 'timestamp', description: 'When the order was placed; sent as a Unix timestamp' },
		{ name: 'customer', displayName: 'Customer ID', kind: 'id', description: 'ID of the customer who placed the order' },
		text('email', 'Email', 'Email address of the customer', 'e.g. nathan@example.com'),
		{
			name: 'status',
			displayName: 'Status',
			kind: 'orderStatus',
			description: 'Where the order stands; Clerk.io leaves returned and cancelled orders out of its sales figures',
		},
	],
};

const customerEmail = text('email', 'Email', 'Email address of the customer (needed for Clerk.io Email and Audience)', 'e.g. nathan@example.com');

export const customer: CatalogEntity = {
	...named('customer', 'Customer', 'customers'),
	privateKey: true,
	// docs.clerk.io/reference/customer-resource keys customers by `customerid` or `email`; older
	// versions of that page said `id`, which is accepted and sent as `customerid` (never both).
	idSpec: {
		name: 'customerid',
		displayName: 'Customer ID',
		kind: 'id',
		description: 'ID of the customer in the shop; leave empty for a customer known only by email',
	},
	keyInstead: 'email',
	formerIdName: 'id',
	idsParameter: 'customerEmails',
	operations: crud,
	// Clerk documents GET /customers with a list of emails, DELETE with a list of IDs (docs.clerk.io/reference).
	lookup: { ...customerEmail, displayName: 'Customer Emails', placeholder: 'e.g. nathan@example.com, ann@example.com' },
	notes: 'The customer ID and email cannot be changed later; delete and recreate the customer instead.',
	fields: [
		customerEmail,
		text('name', 'Name', 'Full name of the customer'),
		{
			name: 'subscribed',
			displayName: 'Subscribed',
			kind: 'boolean',
			description: 'Whether the customer agreed to marketing email (Clerk.io only emails subscribed customers)',
		},
		text('zip', 'Zip Code', 'Postal code of the customer'),
		text('gender', 'Gender', 'Gender of the customer'),
		{ name: 'age', displayName: 'Age', kind: 'integer', description: 'Age of the customer in years' },
		{ name: 'is_b2b', displayName: 'Is B2B', kind: 'boolean', description: 'Whether the customer is a business' },
	],
};

export const page: CatalogEntity = {
	...named('page', 'Page', 'pages'),
	privateKey: true,
	operations: crud,
	fields: [
		text('type', 'Type', 'Kind of content page', 'e.g. blog, CMS Page'),
		text('url', 'Page URL', 'Full URL of the page', 'e.g. https://shop.example.com/blog/summer'),
		text('title', 'Title', 'Page title'),
		text('text', 'Text', 'Text content of the page, searched by Clerk.io'),
		text('image', 'Image URL', 'Full URL of an image for the page'),
	],
};

export const accessory: CatalogEntity = {
	resource: 'accessory',
	displayName: 'Accessory',
	singular: 'accessory list',
	plural: 'accessory lists',
	endpoint: 'accessories',
	privateKey: true,
	listKey: 'accessories',
	idSpec: {
		name: 'product',
		displayName: 'Product ID',
		kind: 'id',
		description: 'ID of the product the accessories belong to',
	},
	idParameter: 'productId',
	idsParameter: 'productIds',
	operations: crud,
	fields: [
		{
			name: 'accessories',
			displayName: 'Accessory Product IDs',
			kind: 'idList',
			description: 'Products that go with this product both ways, separated by commas',
			placeholder: 'e.g. 12, 34',
		},
		{
			name: 'directed_accessories',
			displayName: 'Directed Accessory Product IDs',
			kind: 'idList',
			description: 'Products that go with this product, but not the other way round, separated by commas',
			placeholder: 'e.g. 56',
		},
	],
};

