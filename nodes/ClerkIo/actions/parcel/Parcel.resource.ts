/**
 * /orders/parcels (docs.clerk.io/reference): the parcels of an order. One request per item, as every call
 * takes single values rather than lists. The answers' shapes are undocumented.
 */
import type { ResourceDefinition } from '../../helpers/interfaces';
import { callOperation, type CallParam, type CallSpec } from '../calls';

const orderId: CallParam = { name: 'order_id', displayName: 'Order ID', kind: 'id', description: 'ID of the order the parcel belongs to' };
// Clerk.io assigns parcel IDs (numbers): the store's ID Type applies to the order ID only.
const parcelId: CallParam = { name: 'parcel_id', displayName: 'Parcel ID', kind: 'clerkId', description: 'ID of the parcel' };
const details: CallParam[] = [
	{ name: 'tracking_code', displayName: 'Tracking Code', kind: 'string', description: "The carrier's tracking code", level: 'more' },
	{
		name: 'tracking_link',
		displayName: 'Tracking Link',
		kind: 'string',
		description: "URL of the carrier's tracking page",
		placeholder: 'e.g. https://carrier.example.com/track/123',
		level: 'more',
	},
	{ name: 'status', displayName: 'Status', kind: 'string', description: 'Delivery status, free text', placeholder: 'e.g. shipped', level: 'more' },
];

const calls: CallSpec[] = [
	{
		value: 'create',
		name: 'Create',
		action: 'Create a parcel (shipment) of an order, with tracking code and link',
		description: 'Add a shipment with its tracking code to an order; not resent if unclear',
		method: 'POST',
		endpoint: 'orders/parcels',
		privateKey: true,
		idempotent: false,
		params: [orderId, ...details],
		output: { kind: 'sent' },
	},
	{
		value: 'update',
		name: 'Update',
		action: 'Update the tracking code, link or status of an order parcel',
		description: 'Change the tracking code, link or status of a parcel',
		method: 'PATCH',
		endpoint: 'orders/parcels',
		privateKey: true,
		idempotent: true,
		params: [parcelId, orderId, ...details],
		output: { kind: 'sent' },
	},
	{
		value: 'delete',
		name: 'Delete',
		action: 'Delete an order parcel by its parcel ID',
		description: 'Delete a parcel of an order by its ID',
		method: 'DELETE',
		endpoint: 'orders/parcels',
		privateKey: true,
		// Clerk documents the parcel ID in the body of this DELETE.
		paramsIn: 'body',
		idempotent: true,
		params: [parcelId],
		output: { kind: 'deleted', id: 'parcel_id' },
	},
	{
		value: 'get',
		name: 'Get',
		action: 'Get the parcels of an order by order ID (optionally one parcel ID)',
		description: 'Get the parcels of an order, or one of them',
		method: 'GET',
		endpoint: 'orders/parcels',
		privateKey: true,
		idempotent: true,
		params: [orderId, { ...parcelId, level: 'main', description: 'ID of one parcel to get; empty gets all parcels of the order' }],
		output: { kind: 'list', key: 'parcels' },
	},
];

export const parcelResource: ResourceDefinition = {
	value: 'parcel',
	name: 'Order Parcel',
	description: 'Parcels (shipments with tracking) of orders',
	operations: calls.map((spec) => callOperation('parcel', spec)),
};
