import type { ResourceDefinition } from '../../helpers/interfaces';
import { order } from '../catalog/entities';
import { importFromFile } from '../catalog/importFromFile';
import { catalogOperations } from '../catalog/operations';

export const orderResource: ResourceDefinition = {
	value: 'order',
	name: 'Order',
	description: 'Orders (sales history) that power best-seller and personal recommendations',
	operations: [...catalogOperations(order), importFromFile(order)],
};
