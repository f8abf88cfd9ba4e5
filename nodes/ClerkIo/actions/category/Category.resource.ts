import type { ResourceDefinition } from '../../helpers/interfaces';
import { category } from '../catalog/entities';
import { importFromFile } from '../catalog/importFromFile';
import { catalogOperations } from '../catalog/operations';

export const categoryResource: ResourceDefinition = {
	value: 'category',
	name: 'Category',
	description: 'The categories of the store catalogue',
	operations: [...catalogOperations(category), importFromFile(category)],
};
