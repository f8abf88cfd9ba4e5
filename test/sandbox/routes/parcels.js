// @ts-check
/**
 * /orders/parcels (clerk-api §5.1). Unknown in the reference: the answers' shapes and whether
 * Clerk assigns parcel IDs. The sandbox assigns them (answering {status, parcel_id}), keeps parcels
 * in store.parcels keyed by parcel ID, and refuses parcels of unknown orders (LogicalError).
 */
const { ClerkError } = require('./errors');
const { id, text } = require('./args');

const DETAILS = ['tracking_code', 'tracking_link', 'status'];

function details(args) {
	const out = {};
	for (const name of DETAILS) {
		const value = text(args, name, { optional: true });
		if (value !== undefined) out[name] = value;
	}
	return out;
}

function knownOrder(store, args) {
	const order_id = id(args, 'order_id');
	if (!store.orders.has(String(order_id))) throw new ClerkError('LogicalError', `Unknown order ${order_id}`);
	return order_id;
}

function knownParcel(store, args) {
	const parcel_id = id(args, 'parcel_id');
	const parcel = store.parcels.get(String(parcel_id));
	if (!parcel) throw new ClerkError('LogicalError', `Unknown parcel ${parcel_id}`);
	return parcel;
}

module.exports = {
	routes: {
		'GET orders/parcels': {
			auth: 'private',
			handle: ({ args, store }) => {
				const order_id = knownOrder(store, args);
				const parcel_id = id(args, 'parcel_id', { optional: true });
				const parcels = [...store.parcels.values()].filter(
					(parcel) => String(parcel.order_id) === String(order_id) && (parcel_id === undefined || String(parcel.parcel_id) === String(parcel_id)),
				);
				return { status: 'ok', parcels };
			},
		},
		'POST orders/parcels': {
			auth: 'private',
			handle: ({ args, store }) => {
				const order_id = knownOrder(store, args);
				const parcel_id = Math.max(0, ...[...store.parcels.keys()].map(Number)) + 1;
				store.parcels.set(String(parcel_id), { parcel_id, order_id, ...details(args) });
				return { status: 'ok', parcel_id };
			},
		},
		'PATCH orders/parcels': {
			auth: 'private',
			handle: ({ args, store }) => {
				const order_id = knownOrder(store, args);
				const parcel = knownParcel(store, args);
				if (String(parcel.order_id) !== String(order_id)) {
					throw new ClerkError('LogicalError', `Parcel ${parcel.parcel_id} does not belong to order ${order_id}`);
				}
				Object.assign(parcel, details(args));
				return { status: 'ok' };
			},
		},
		'DELETE orders/parcels': {
			auth: 'private',
			handle: ({ args, store }) => {
				store.parcels.delete(String(knownParcel(store, args).parcel_id));
				return { status: 'ok' };
			},
		},
	},
};
