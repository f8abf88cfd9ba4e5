import type { ResourceDefinition } from '../../helpers/interfaces';
import { readOperations } from '../readOperations';
import { logicEndpoint, logics } from './logics';

const recommendation = readOperations('recommendation', logics.map(logicEndpoint));

export const recommendationResource: ResourceDefinition = {
	value: 'recommendation',
	name: 'Recommendation',
	description: "Product, category and page recommendations from Clerk.io's logics (best sellers, cross-sell…)",
	operations: recommendation.operations,
	properties: recommendation.properties,
};
