/**
 * subscriber/subscribe and subscriber/unsubscribe (docs.clerk.io/reference), public key only. Sent as GET,
 * the form Clerk's email links use. `redirect`/`redirect_url` are left out on purpose: they turn
 * the answer into a redirect to a confirmation page, which an API call cannot use.
 */
import type { ResourceDefinition } from '../../helpers/interfaces';
import { callOperation, type CallParam, type CallSpec } from '../calls';

const params: CallParam[] = [
	{ name: 'email', displayName: 'Email', kind: 'string', description: 'Email address of the subscriber', placeholder: 'e.g. nathan@example.com' },
	{
		name: 'list_id',
		displayName: 'List ID',
		kind: 'string',
		description: 'Clerk.io mailing list; empty means all of Clerk.io email for this store (global)',
		level: 'main',
	},
];

const call = (value: string, name: string, action: string, description: string): CallSpec => ({
	value,
	name,
	action,
	description,
	method: 'GET',
	endpoint: `subscriber/${value}`,
	privateKey: false,
	// Subscribing twice leaves the same state as subscribing once.
	idempotent: true,
	params,
	output: { kind: 'sent' },
});

export const subscriberResource: ResourceDefinition = {
	value: 'subscriber',
	name: 'Subscriber',
	description: 'Email subscriptions of Clerk.io Email',
	operations: [
		call(
			'subscribe',
			'Subscribe',
			'Subscribe an email address to Clerk.io email, globally or to one list',
			'Subscribe an email address, globally or to one list',
		),
		call(
			'unsubscribe',
			'Unsubscribe',
			'Unsubscribe an email address from one Clerk.io email list, or from all',
			'Unsubscribe an email address from one list or from all',
		),
	].map((spec) => callOperation('subscriber', spec)),
};
