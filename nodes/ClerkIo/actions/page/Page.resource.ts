import type { ResourceDefinition } from '../../helpers/interfaces';
import { page } from '../catalog/entities';
import { importFromFile } from '../catalog/importFromFile';
import { catalogOperations } from '../catalog/operations';

export const pageResource: ResourceDefinition = {
	value: 'page',
	name: 'Page',
	description: 'Content pages (blog posts, CMS pages) for content search and recommendations',
	operations: [...catalogOperations(page), importFromFile(page)],
};
