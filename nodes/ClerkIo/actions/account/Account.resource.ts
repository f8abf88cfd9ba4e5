/** client/account/* (clerk-api §7.1), private key. */
import type { ResourceDefinition } from '../../helpers/interfaces';
import { callOperation, type CallSpec } from '../calls';

const calls: CallSpec[] = [
	{
		value: 'getInfo',
		name: 'Get Info',
		action: 'Get account info',
		description:
			'Get the settings of the Clerk.io store the credential belongs to; also a quick check that both keys work',
		method: 'GET',
		endpoint: 'client/account/info',
		idempotent: true,
		params: [],
		output: { kind: 'answer' },
	},
	{
		value: 'listContent',
		name: 'List Content Blocks',
		action: 'List the content blocks of the account',
		description:
			'List the Contents (search and recommendation blocks) configured in my.clerk.io, one item each with its ID, name, type and the API endpoint it uses',
		method: 'GET',
		endpoint: 'client/account/content/list',
		idempotent: true,
		params: [],
		output: { kind: 'list', key: 'contents' },
	},
	{
		value: 'startImport',
		name: 'Start Import',
		action: 'Start a data import of the account',
		description:
			"Make Clerk.io start a full data sync from the store's configured data feed or plugin. Use after bulk changes in the shop. Not resent after an unclear failure, so no second import starts.",
		method: 'GET',
		endpoint: 'client/account/importer/start',
		idempotent: false,
		params: [],
		output: { kind: 'sent' },
	},
];

export const accountResource: ResourceDefinition = {
	value: 'account',
	name: 'Account',
	description: 'The Clerk.io store account: settings, content blocks, data import',
	operations: calls.map((spec) => callOperation('account', spec)),
};
