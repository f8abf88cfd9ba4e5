/**
 * /audiences (docs.clerk.io/reference): CRUD through the list-resource operations, plus the list of all
 * audiences and the emails of one. Audience fields other than the ID are not documented, so only
 * a name is offered and everything else goes through custom attributes.
 */
import type { ResourceDefinition } from '../../helpers/interfaces';
import { callOperation } from '../calls';
import type { CatalogEntity } from '../catalog/entities';
import { catalogOperations } from '../catalog/operations';

export const audience: CatalogEntity = {
	resource: 'audience',
	displayName: 'Audience',
	singular: 'audience',
	plural: 'audiences',
	endpoint: 'audiences',
	privateKey: true,
	listKey: 'audiences',
	// GET and DELETE take the IDs as `ids`, DELETE in a JSON body.
	idsKey: 'ids',
	deleteParamsIn: 'body',
	// Clerk.io assigns audience IDs (numbers): the store's ID Type does not apply to them.
	idSpec: { name: 'id', displayName: 'ID', kind: 'clerkId', description: 'ID of the audience (a number)' },
	idParameter: 'audienceId',
	idsParameter: 'audienceIds',
	operations: ['create', 'update', 'delete', 'get'],
	// The answer to POST is undocumented; `audience_ids` follows `campaign_ids` of /merchandising.
	createdIdsKeys: ['audience_ids', 'ids'],
	fields: [{ name: 'name', displayName: 'Name', kind: 'string', description: 'Name of the audience' }],
};

export const audienceResource: ResourceDefinition = {
	value: 'audience',
	name: 'Audience',
	description: 'Groups of email recipients in Clerk.io Email',
	operations: [
		...catalogOperations(audience),
		callOperation('audience', {
			value: 'list',
			name: 'List',
			action: 'List all audiences of the store with their IDs',
			description: 'List every audience of the store, one item each',
			method: 'GET',
			endpoint: 'audiences/list',
			privateKey: true,
			idempotent: true,
			params: [],
			output: { kind: 'list', key: 'audiences' },
		}),
		callOperation('audience', {
			value: 'getEmails',
			name: 'Get Emails',
			action: 'Get the email addresses in an audience by audience ID',
			description: 'Get the email addresses in one audience',
			method: 'GET',
			endpoint: 'audiences/emails',
			privateKey: true,
			idempotent: true,
			params: [{ name: 'id', displayName: 'Audience ID', kind: 'clerkId', description: 'ID of the audience' }],
			output: { kind: 'list', key: 'audiences', valueName: 'email' },
		}),
	],
};
