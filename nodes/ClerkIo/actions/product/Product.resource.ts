import type { ResourceDefinition } from '../../helpers/interfaces';
import { product } from '../catalog/entities';
import { importFromFile } from '../catalog/importFromFile';
import { catalogOperations } from '../catalog/operations';
import { productData } from './productData';

export const productResource: ResourceDefinition = {
	value: 'product',
	name: 'Product',
	description: 'The products of the store catalogue',
	operations: [...catalogOperations(product), importFromFile(product), ...productData.operations],
	properties: productData.properties,
};
