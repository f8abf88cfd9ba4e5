import type { ResourceDefinition } from '../../helpers/interfaces';
import { accessory } from '../catalog/entities';
import { catalogOperations } from '../catalog/operations';

export const accessoryResource: ResourceDefinition = {
	value: 'accessory',
	name: 'Accessory',
	description: 'Accessory products shown with a product (product → accessories)',
	operations: catalogOperations(accessory),
};
