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

/**
 * What the canvas shows under the node: the operation's display name, then the resource's unless the
 * operation already names it ("Create or Update: Product", "Search Products"). A subtitle is an
 * expression of parameter values, so it maps each resource:operation pair to its text; an unknown
 * pair (a workflow from a newer version) falls back to the values.
 */
export function subtitleTexts(): Record<string, string> {
	const texts: Record<string, string> = {};
	for (const resource of resources) {
		for (const { option } of resource.operations) {
			const names = option.name.toLowerCase().includes(resource.name.toLowerCase());
			texts[`${resource.value}:${option.value as string}`] = names ? option.name : `${option.name}: ${resource.name}`;
		}
	}
	return texts;
}

export const subtitle = `={{ (${JSON.stringify(subtitleTexts())})[$parameter["resource"] + ":" + $parameter["operation"]] || $parameter["operation"] + ": " + $parameter["resource"] }}`;

/** Resource, operation and every operation's parameters, generated from the resource definitions. */
export const properties: INodeProperties[] = [
	resourceProperty,
	...operationProperties,
	...resources.flatMap((resource) => [
		...(resource.properties ?? []),
		...resource.operations.flatMap((definition) => definition.properties),
	]),
];
