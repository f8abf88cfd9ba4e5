/**
 * The arguments of Clerk's read endpoints (search, recommendations, product/attributes|facets) as
 * fields of the one field model (fields.ts): how each is shown and converted comes from its kind.
 * Operations list the arguments they take; properties and request arguments are generated from this
 * table.
 */
import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { checked, convertField, FieldError, fieldProperty, type FieldSpec, type FieldUi } from './fields';

export interface ParamSpec extends FieldSpec {
	/** Argument name in the Clerk call (`name` is the node parameter, kept the same across operations). */
	apiName: string;
	/** Sent even when empty, where empty has a meaning ("all"). */
	sendEmpty?: boolean;
	/** A default that names the operation, so each operation gets its own field. */
	defaultFor?: (operationName: string) => string;
}

const ATTRIBUTES: FieldUi = { type: 'multiOptions', default: [], typeOptions: { loadOptionsMethod: 'getProductAttributes' } };
// Omnisearch's per-index limits: 0 leaves an index out.
const LIMIT_UI: FieldUi = { type: 'number', default: 5, typeOptions: { minValue: 0 } };

const DYNAMIC = 'Choose from the list, or specify IDs using an <a href="https://docs.n8n.io/code/expressions/">expression</a>';
const DYNAMIC_ONE = 'Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>';

export const PARAMS = {
	query: {
		name: 'query',
		apiName: 'query',
		displayName: 'Query',
		kind: 'text',
		description: 'What the shopper typed, e.g. "blue running shoes"',
		placeholder: 'e.g. running shoes',
	},
	categoryQuery: {
		name: 'query',
		apiName: 'query',
		displayName: 'Query',
		kind: 'text',
		description: 'Text to look for; leave empty to get all',
		placeholder: 'e.g. shoes',
		sendEmpty: true,
	},
	products: {
		name: 'productIds',
		apiName: 'products',
		displayName: 'Product IDs',
		kind: 'idList',
		description: 'One or more product IDs, separated by commas (or a list from an expression)',
		placeholder: 'e.g. 123, 456',
	},
	product: {
		name: 'productId',
		apiName: 'product',
		displayName: 'Product ID',
		kind: 'id',
		description: 'ID of the product',
		placeholder: 'e.g. 123',
	},
	category: {
		name: 'categoryId',
		apiName: 'category',
		displayName: 'Category ID',
		kind: 'id',
		description: 'ID of the category; its subcategories are included',
		placeholder: 'e.g. 12',
	},
	page: {
		name: 'pageId',
		apiName: 'page',
		displayName: 'Page ID',
		kind: 'id',
		description: 'ID of the content page (blog post, CMS page…)',
		placeholder: 'e.g. 7',
	},
	keywords: {
		name: 'keywords',
		apiName: 'keywords',
		displayName: 'Keywords',
		kind: 'text',
		description: 'Text to find products for, e.g. a blog post title',
		placeholder: 'e.g. summer hiking trip',
	},
	visitor: {
		name: 'visitor',
		apiName: 'visitor',
		displayName: 'Visitor ID',
		kind: 'text',
		description: 'The visitor ID Clerk.js tracks on the shop (or "auto" to let Clerk.io assign one)',
		placeholder: 'e.g. SBWLDWSi',
	},
	email: {
		name: 'email',
		apiName: 'email',
		displayName: 'Email',
		kind: 'text',
		description: 'Email address of the customer',
		placeholder: 'e.g. nathan@example.com',
	},
	customer: {
		name: 'customerId',
		apiName: 'customer',
		displayName: 'Customer ID',
		kind: 'id',
		description: 'ID of the customer in the shop',
	},
	pageType: {
		name: 'pageType',
		apiName: 'type',
		displayName: 'Page Type',
		kind: 'text',
		description: 'Only pages of this type, e.g. "blog" or "CMS Page"',
		placeholder: 'e.g. blog',
	},
	filter: {
		name: 'filter',
		apiName: 'filter',
		displayName: 'Filter',
		kind: 'text',
		description:
			"Clerk.io filter expression, e.g. price < 100 and brand = 'Acme' or categories in [12, 34]. Operators: =, !=, >, <, >=, <=, contains, in, not in; combine with and, or and parentheses.",
		placeholder: "e.g. price < 100 and on_sale = true",
	},
	exclude: {
		name: 'exclude',
		apiName: 'exclude',
		displayName: 'Exclude Product IDs',
		kind: 'idList',
		description: 'Product IDs to leave out of the result, separated by commas',
		placeholder: 'e.g. 123, 456',
	},
	categoryAttributes: {
		name: 'categoryAttributes',
		apiName: 'attributes',
		displayName: 'Category Attributes',
		kind: 'stringList',
		description: 'Category attributes to include in each result item, separated by commas; * for all (otherwise only the ID)',
		placeholder: 'e.g. name, url',
	},
	pageAttributes: {
		name: 'pageAttributes',
		apiName: 'attributes',
		displayName: 'Page Attributes',
		kind: 'stringList',
		description: 'Page attributes to include in each result item, separated by commas',
		placeholder: 'e.g. title, url, image',
	},
	attributes: {
		name: 'attributes',
		apiName: 'attributes',
		displayName: 'Attribute Names or IDs',
		kind: 'stringList',
		ui: ATTRIBUTES,
		description: `Product attributes to include in each result item (otherwise only the ID). ${DYNAMIC}.`,
	},
	facets: {
		name: 'facets',
		apiName: 'facets',
		displayName: 'Facet Names or IDs',
		kind: 'stringList',
		ui: ATTRIBUTES,
		description: `Attributes to count values for (facets), returned with the raw response. ${DYNAMIC}.`,
	},
	orderBy: {
		name: 'orderBy',
		apiName: 'orderby',
		displayName: 'Order By Name or ID',
		kind: 'text',
		ui: { type: 'options', default: '', typeOptions: { loadOptionsMethod: 'getProductAttributes' } },
		description: `Attribute to sort the results by, instead of Clerk.io's ranking. ${DYNAMIC_ONE}.`,
	},
	order: {
		name: 'order',
		apiName: 'order',
		displayName: 'Order',
		kind: 'text',
		ui: {
			type: 'options',
			default: 'asc',
			options: [
				{ name: 'Ascending', value: 'asc' },
				{ name: 'Descending', value: 'desc' },
			],
		},
		description: 'Sort direction',
	},
	language: {
		name: 'language',
		apiName: 'language',
		displayName: 'Language',
		kind: 'text',
		description: 'Language of the query, e.g. "english"; defaults to the store language',
		placeholder: 'e.g. english',
	},
	longtail: {
		name: 'longtail',
		apiName: 'longtail',
		displayName: 'Longtail',
		kind: 'boolean',
		description: 'Whether products matching any word of the query count, not only those matching all words',
	},
	labels: {
		name: 'labels',
		apiName: 'labels',
		displayName: 'Labels',
		kind: 'stringList',
		description:
			'Names for this call in Clerk.io analytics, separated by commas. Clerk.io attributes sales to results by their labels, so keep one; clear it to send none.',
		placeholder: 'e.g. Newsletter - Best Sellers',
		// Clerk's help pages: result calls without labels leave sales attribution in my.clerk.io empty.
		defaultFor: (operationName) => `n8n - ${operationName}`,
	},
	semantic: {
		name: 'semantic',
		apiName: 'semantic',
		displayName: 'Semantic',
		kind: 'number',
		description: 'How semantic (meaning-based rather than word-based) the search is, from 0 to 1',
	},
	sort: {
		name: 'sort',
		apiName: 'sort',
		displayName: 'Sort',
		kind: 'stringList',
		description: 'Sort rules as attribute:direction, separated by commas, e.g. "price:desc"',
		placeholder: 'e.g. price:desc',
	},
	content: {
		name: 'content',
		apiName: 'content',
		displayName: 'Content Name or ID',
		kind: 'text',
		ui: { type: 'options', default: '', typeOptions: { loadOptionsMethod: 'getContents' } },
		description: `A Content of my.clerk.io whose filters, merchandising and labels apply. ${DYNAMIC_ONE}.`,
	},
	productsLimit: {
		name: 'productsLimit',
		apiName: 'productsLimit',
		displayName: 'Products Limit',
		kind: 'integer',
		ui: LIMIT_UI,
		description: 'Max number of products to return',
	},
	categoriesLimit: {
		name: 'categoriesLimit',
		apiName: 'categoriesLimit',
		displayName: 'Categories Limit',
		kind: 'integer',
		ui: LIMIT_UI,
		description: 'Max number of categories to return',
	},
	pagesLimit: {
		name: 'pagesLimit',
		apiName: 'pagesLimit',
		displayName: 'Pages Limit',
		kind: 'integer',
		ui: LIMIT_UI,
		description: 'Max number of content pages to return',
	},
} satisfies Record<string, ParamSpec>;

export type ParamName = keyof typeof PARAMS;

/** The node property of one argument; `required` ones stand alone, the others go into Options. */
export function paramProperty(param: ParamName, required: boolean, operationName?: string): INodeProperties {
	const spec: ParamSpec = PARAMS[param];
	return {
		...fieldProperty(spec),
		...(spec.defaultFor && operationName ? { default: spec.defaultFor(operationName) } : {}),
		...(required && spec.kind !== 'boolean' ? { required: true } : {}),
	};
}

const isEmpty = (value: unknown) =>
	value === undefined || value === null || value === '' || (Array.isArray(value) && value.length === 0);

/** Which arguments an operation takes, and where the UI shows them. */
export interface ArgumentSpec {
	/** Own fields that must be filled. */
	required?: ParamName[];
	/** Own fields that may stay empty (e.g. an empty query means "all"). */
	main?: ParamName[];
	/** Inside the operation's Options collection. */
	optional?: ParamName[];
}

/**
 * Reads the Clerk arguments of one item: own fields first, then the Options collection. A bad value
 * throws the item's error (see `checked`), naming `subject` (the operation) and the field.
 */
export function readArgs(ctx: IExecuteFunctions, itemIndex: number, spec: ArgumentSpec, subject: string): IDataObject {
	return checked(ctx, subject, itemIndex, () => {
		const options = ctx.getNodeParameter('options', itemIndex, {}) as IDataObject;
		const args: IDataObject = {};
		const read = (param: ParamName, value: unknown, mustHave: boolean) => {
			const entry: ParamSpec = PARAMS[param];
			const converted =
				isEmpty(value) || (typeof value === 'string' && value.trim() === '') ? undefined : convertField(entry.kind, value, entry.name);
			if (!isEmpty(converted)) args[entry.apiName] = converted as IDataObject[string];
			else if (entry.sendEmpty) args[entry.apiName] = '';
			else if (mustHave) throw new FieldError(entry.name, `'${entry.displayName}' is required`);
		};
		const own = (param: ParamName) => ctx.getNodeParameter(PARAMS[param].name, itemIndex, '');
		for (const param of spec.required ?? []) read(param, own(param), PARAMS[param].kind !== 'boolean');
		for (const param of spec.main ?? []) read(param, own(param), false);
		for (const param of spec.optional ?? []) read(param, options[PARAMS[param].name], false);
		return args;
	});
}
