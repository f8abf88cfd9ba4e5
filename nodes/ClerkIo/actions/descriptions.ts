import type { INodeProperties } from 'n8n-workflow';

import type { ResourceDefinition } from '../helpers/interfaces';
import { resources } from './resources';

const byName = <T extends { name: string }>(a: T, b: T) => a.name.localeCompare(b.name);

const firstOperation = (resource: ResourceDefinition) => resource.operations[0].option.value as string;

const resourceProperty: INodeProperties = {
	displayName: 'Resource',
	name: 'resource',
	type: 'options',
	noDataExpression: true,
	options: resources.map(({ name, value, description }) => ({ name, value, description })).sort(byName),
	default: 'product',
};

const operationProperties: INodeProperties[] = resources.map((resource) => ({
	displayName: 'Operation',
	name: 'operation',
	type: 'options',
	noDataExpression: true,
	displayOptions: { show: { resource: [resource.value] } },
	options: resource.operations.map((definition) => definition.option).sort(byName),
	default: firstOperation(resource),
}));

/** Resource, operation and every operation's parameters, generated from the resource definitions. */
export const properties: INodeProperties[] = [
	resourceProperty,
	...operationProperties,
	...resources.flatMap((resource) => [
		...(resource.properties ?? []),
		...resource.operations.flatMap((definition) => definition.properties),
	]),
];
