/** client/account/* (called by Clerk's shop plugins; sources in test/contract/contract.js), private key. */
import type { ResourceDefinition } from '../../helpers/interfaces';
import { callOperation, type CallSpec } from '../calls';

const calls: CallSpec[] = [
	{
		value: 'getInfo',
		name: 'Get Info',
		action: 'Get the settings of the Clerk.io store (also checks both keys)',
		description: 'Get the settings of the store; also checks that both keys work',
		method: 'GET',
		endpoint: 'client/account/info',
		privateKey: true,
		idempotent: true,
		params: [],
		output: { kind: 'answer' },
	},
	{
		value: 'listContent',
		name: 'List Content Blocks',
		action: 'List the content blocks (search and recommendation placements) set up in my.clerk.io',
		description: 'List the search and recommendation blocks set up in my.clerk.io',
		method: 'GET',
		endpoint: 'client/account/content/list',
		privateKey: true,
		idempotent: true,
		params: [],
		output: { kind: 'list', key: 'contents' },
	},
	{
		value: 'startImport',
		name: 'Start Import',
		action: 'Start a full data import from the store\'s feed or plugin',
		description: 'Start a full sync from the store\'s data feed or plugin',
		method: 'GET',
		endpoint: 'client/account/importer/start',
		privateKey: true,
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
