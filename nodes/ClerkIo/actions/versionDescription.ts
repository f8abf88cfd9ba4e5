import type { INodeProperties, INodeTypeDescription } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { resources } from './resources';

const byName = <T extends { name: string }>(a: T, b: T) => a.name.localeCompare(b.name);

const resourceProperty: INodeProperties = {
	displayName: 'Resource',
	name: 'resource',
	type: 'options',
	noDataExpression: true,
	options: resources
		.map(({ name, value, description }) => ({ name, value, description }))
		.sort(byName),
	default: 'product',
};

const operationProperties: INodeProperties[] = resources.map((resource) => ({
	displayName: 'Operation',
	name: 'operation',
	type: 'options',
	noDataExpression: true,
	displayOptions: { show: { resource: [resource.value] } },
	options: resource.operations.map((definition) => definition.option).sort(byName),
	default: resource.operations[0].option.value as string,
}));

export const versionDescription: INodeTypeDescription = {
	displayName: 'Clerk.io',
	name: 'clerkIo',
	icon: { light: 'file:clerkIo.svg', dark: 'file:clerkIo.dark.svg' },
	group: ['transform'],
	version: 1,
	subtitle: '={{$parameter["operation"] + ": " + $parameter["resource"]}}',
	description:
		'Sync products, categories, orders and customers into Clerk.io, and get search results and recommendations out',
	defaults: { name: 'Clerk.io' },
	usableAsTool: true,
	inputs: [NodeConnectionTypes.Main],
	outputs: [NodeConnectionTypes.Main],
	credentials: [{ name: 'clerkIoApi', required: true }],
	properties: [
		resourceProperty,
		...operationProperties,
		...resources.flatMap((resource) => resource.operations.flatMap((definition) => definition.properties)),
	],
};
