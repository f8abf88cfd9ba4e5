import type { OperationDefinition, ResourceDefinition } from '../helpers/interfaces';
import { productResource } from './product/Product.resource';

export const resources: ResourceDefinition[] = [productResource];

export function findOperation(resource: string, operation: string): OperationDefinition | undefined {
	return resources
		.find((definition) => definition.value === resource)
		?.operations.find((definition) => definition.option.value === operation);
}
