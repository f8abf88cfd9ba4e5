/** privacy/info and privacy/forget (docs.clerk.io/reference): what Clerk.io knows about a person, and erasing it. */
import type { ResourceDefinition } from '../../helpers/interfaces';
import { callOperation, type CallParam, type CallSpec } from '../calls';

const subject: CallParam[] = [
	{ name: 'email', displayName: 'Email', kind: 'string', description: 'Email address of the person', placeholder: 'e.g. nathan@example.com', level: 'main' },
	{ name: 'customer', displayName: 'Customer ID', kind: 'id', description: 'Customer ID of the person', level: 'main' },
	{ name: 'visitor', displayName: 'Visitor ID', kind: 'string', description: 'Visitor ID of the person', level: 'main' },
];

const calls: CallSpec[] = [
	{
		value: 'getData',
		name: 'Get Data',
		action: 'Get the data Clerk.io holds about a person, by email, customer ID or visitor ID (GDPR)',
		description: 'Get what Clerk.io holds about a person, e.g. for a GDPR request',
		// Its reference page shows a POST sample: the person's email and the private key stay out of URLs.
		method: 'POST',
		endpoint: 'privacy/info',
		privateKey: true,
		idempotent: true,
		params: subject,
		oneOf: ['email', 'customer', 'visitor'],
		output: { kind: 'answer' },
	},
	{
		value: 'forget',
		name: 'Forget',
		action: 'Permanently delete all data about a person, by email, customer ID or visitor ID (GDPR)',
		description: 'Permanently erase everything Clerk.io holds about a person',
		// Documented as GET with a POST sample; POST keeps the private key and the person out of URLs and logs.
		method: 'POST',
		endpoint: 'privacy/forget',
		privateKey: true,
		// Forgetting twice leaves nothing more to delete.
		idempotent: true,
		params: subject,
		oneOf: ['email', 'customer', 'visitor'],
		output: { kind: 'sent' },
	},
];

export const privacyResource: ResourceDefinition = {
	value: 'privacy',
	name: 'Privacy',
	description: 'GDPR requests: what Clerk.io holds about a person, and erasing it',
	operations: calls.map((spec) => callOperation('privacy', spec)),
};
