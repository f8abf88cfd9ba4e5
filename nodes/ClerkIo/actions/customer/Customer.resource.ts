import type { ResourceDefinition } from '../../helpers/interfaces';
import { customer } from '../catalog/entities';
import { importFromFile } from '../catalog/importFromFile';
import { catalogOperations } from '../catalog/operations';

export const customerResource: ResourceDefinition = {
	value: 'customer',
	name: 'Customer',
	description: 'Customers of the store, used for personal recommendations and Clerk.io Email',
	operations: [...catalogOperations(customer), importFromFile(customer)],
};
