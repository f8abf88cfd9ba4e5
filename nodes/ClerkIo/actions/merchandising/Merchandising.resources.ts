/**
 * Clerk's search and merchandising configuration (docs.clerk.io/reference) as one table: synonyms,
 * redirects, customized search rules and merchandising campaigns are all lists of objects keyed by
 * one field, so each is an entry that the list-resource operations turn into its CRUD.
 */
import type { ResourceDefinition } from '../../helpers/interfaces';
import type { CatalogEntity } from '../catalog/entities';
import type { FieldSpec } from '../fields';
import { catalogOperations } from '../catalog/operations';

const query = (description: string): FieldSpec => ({
	name: 'query',
	displayName: 'Search Query',
	kind: 'string',
	description,
	placeholder: 'e.g. sneakers',
});

const pinHide = (name: string, displayName: string, what: string, kind: 'idPins' | 'object' = 'idPins'): FieldSpec => ({
	name,
	displayName,
	kind,
	description: `${what} to pin to the top and to hide, as JSON {"pin": [IDs], "hide": [IDs]}`,
	placeholder: '{"pin": [12], "hide": [34]}',
});

interface Family {
	entity: CatalogEntity;
	description: string;
}

const FAMILIES: Family[] = [
	{
		description: 'Search synonyms: words that should find the same products',
		entity: {
			resource: 'synonym',
			displayName: 'Synonym',
			singular: 'synonym',
			plural: 'synonyms',
			endpoint: 'synonyms',
			privateKey: true,
			listKey: 'synonyms',
			idSpec: query('The search word the synonyms belong to'),
			idParameter: 'query',
			idsParameter: 'queries',
			operations: ['upsert', 'update', 'delete', 'get'],
			fields: [
				{ name: 'synonyms', displayName: 'Synonyms', kind: 'stringList', description: 'Words that mean the same, both ways, separated by commas', placeholder: 'e.g. trainers, running shoes' },
				{ name: 'directed_synonyms', displayName: 'Directed Synonyms', kind: 'stringList', description: 'Words this query should also find, but not the other way round, separated by commas' },
			],
		},
	},
	{
		description: 'Search redirects: queries that send the shopper straight to a page',
		entity: {
			resource: 'redirect',
			displayName: 'Redirect',
			singular: 'redirect',
			plural: 'redirects',
			// Documented with the trailing slash.
			endpoint: 'redirects/',
			privateKey: true,
			listKey: 'redirects',
			idSpec: { name: 'url', displayName: 'Target URL', kind: 'string', description: 'The page the queries redirect to', placeholder: 'e.g. https://shop.example.com/sale' },
			idParameter: 'url',
			idsParameter: 'urls',
			operations: ['upsert', 'update', 'delete', 'get'],
			fields: [
				{ name: 'queries', displayName: 'Queries', kind: 'stringList', description: 'Search queries that redirect, separated by commas', placeholder: 'e.g. sale, outlet' },
				{ name: 'exact_match', displayName: 'Exact Match', kind: 'boolean', description: 'Whether only the exact query redirects (otherwise queries containing it do too)' },
			],
		},
	},
	{
		description: 'Customized search: products, categories, pages and suggestions pinned or hidden for a query',
		entity: {
			resource: 'searchRule',
			displayName: 'Search Rule',
			singular: 'customized search rule',
			plural: 'customized search rules',
			endpoint: 'customized_search',
			privateKey: true,
			listKey: 'rules',
			idSpec: query('The search query the rule applies to'),
			idParameter: 'query',
			idsParameter: 'queries',
			operations: ['upsert', 'update', 'delete', 'get'],
			fields: [
				pinHide('products', 'Products', 'Product IDs'),
				pinHide('categories', 'Categories', 'Category IDs'),
				pinHide('pages', 'Pages', 'Page IDs'),
				pinHide('suggestions', 'Suggestions', 'Search suggestions (text)', 'object'),
			],
		},
	},
	{
		description: 'Merchandising campaigns: rules that pin or boost products in results',
		entity: {
			resource: 'campaign',
			displayName: 'Merchandising Campaign',
			singular: 'merchandising campaign',
			plural: 'merchandising campaigns',
			endpoint: 'merchandising',
			privateKey: true,
			listKey: 'campaigns',
			// Clerk.io assigns campaign IDs (numbers): the store's ID Type does not apply to them.
			idSpec: { name: 'id', displayName: 'ID', kind: 'clerkId', description: 'ID of the campaign, assigned by Clerk.io' },
			idParameter: 'campaignId',
			idsParameter: 'campaignIds',
			// POST only creates (Clerk assigns IDs), so there is no upsert.
			operations: ['create', 'update', 'delete', 'get'],
			createdIdsKeys: ['campaign_ids'],
			fields: [
				{ name: 'name', displayName: 'Name', kind: 'string', description: 'Name of the campaign' },
				{ name: 'description', displayName: 'Description', kind: 'string', description: 'What the campaign is for' },
				{ name: 'active', displayName: 'Active', kind: 'boolean', description: 'Whether the campaign is running' },
				{ name: 'start_at', displayName: 'Start At', kind: 'timestamp', description: 'When the campaign starts; sent as a Unix timestamp' },
				{ name: 'end_at', displayName: 'End At', kind: 'timestamp', description: 'When the campaign ends; sent as a Unix timestamp' },
				{ name: 'rules', displayName: 'Rules', kind: 'list', description: 'JSON list of rules', placeholder: '[{"action": "pin", "products": [12]}]' },
				{ name: 'triggers', displayName: 'Triggers', kind: 'list', description: 'JSON list of triggers', placeholder: '[{"type": "searches_all"}]' },
				{ name: 'triggers_match', displayName: 'Triggers Match', kind: 'string', description: 'Whether any or all triggers must match', placeholder: 'e.g. any' },
			],
		},
	},
];

export const merchandisingResources: ResourceDefinition[] = FAMILIES.map(({ entity, description }) => ({
	value: entity.resource,
	name: entity.displayName,
	description,
	operations: catalogOperations(entity),
}));
