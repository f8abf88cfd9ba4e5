import type { OperationDefinition, ResourceDefinition } from '../helpers/interfaces';
import { accessoryResource } from './accessory/Accessory.resource';
import { accountResource } from './account/Account.resource';
import { audienceResource } from './audience/Audience.resource';
import { categoryResource } from './category/Category.resource';
import { customerResource } from './customer/Customer.resource';
import { feedResource } from './feed/Feed.resource';
import { merchandisingResources } from './merchandising/Merchandising.resources';
import { orderResource } from './order/Order.resource';
import { pageResource } from './page/Page.resource';
import { parcelResource } from './parcel/Parcel.resource';
import { privacyResource } from './privacy/Privacy.resource';
import { productResource } from './product/Product.resource';
import { recommendationResource } from './recommendation/Recommendation.resource';
import { searchResource } from './search/Search.resource';
import { subscriberResource } from './subscriber/Subscriber.resource';
import { tokenResource } from './token/Token.resource';
import { trackingResource } from './tracking/Tracking.resource';

export const resources: ResourceDefinition[] = [
	productResource,
	categoryResource,
	orderResource,
	customerResource,
	pageResource,
	parcelResource,
	accessoryResource,
	trackingResource,
	subscriberResource,
	audienceResource,
	...merchandisingResources,
	privacyResource,
	accountResource,
	tokenResource,
	feedResource,
	searchResource,
	recommendationResource,
];

export function findOperation(resource: string, operation: string): OperationDefinition | undefined {
	return resources
		.find((definition) => definition.value === resource)
		?.operations.find((definition) => definition.option.value === operation);
}
