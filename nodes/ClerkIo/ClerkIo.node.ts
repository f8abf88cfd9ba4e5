import type { IExecuteFunctions, INodeExecutionData, INodeType, INodeTypeDescription } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { properties, subtitle } from './actions/descriptions';
import { router } from './actions/router';
import { loadOptions } from './methods';

export class ClerkIo implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Clerk.io',
		name: 'clerkIo',
		icon: { light: 'file:clerkIo.svg', dark: 'file:clerkIo.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle,
		description:
			'Sync products, categories, orders and customers into Clerk.io, and get search results and recommendations out',
		defaults: { name: 'Clerk.io' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'clerkIoApi', required: true }],
		properties,
	};

	methods = { loadOptions };

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await router.call(this);
	}
}
