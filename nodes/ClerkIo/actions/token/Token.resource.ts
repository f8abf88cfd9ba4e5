/** token/verify (docs.clerk.io/reference): checks the JWT Clerk's importer sends to your data feeds. */
import type { ResourceDefinition } from '../../helpers/interfaces';
import { callOperation } from '../calls';

export const tokenResource: ResourceDefinition = {
	value: 'token',
	name: 'Token',
	description: "Tokens Clerk.io's importer sends to your data feeds",
	operations: [
		callOperation('token', {
			value: 'verify',
			name: 'Verify',
			action: 'Verify a token from a Clerk.io feed request (X-Clerk-Authorization header)',
			description: 'Check that a feed request token was issued by Clerk.io',
			method: 'GET',
			endpoint: 'token/verify',
			privateKey: false,
			idempotent: true,
			params: [
				{
					name: 'token',
					displayName: 'Token',
					kind: 'string',
					description: 'The JWT to check, without the "Bearer " prefix',
				},
			],
			output: { kind: 'answer' },
			// Clerk answers a bad token with an AuthenticationError, which is about the token, not the keys.
			hints: {
				AuthenticationError:
					'Clerk.io did not accept the token: it is malformed, expired or was not issued by Clerk.io for this store. Check where it comes from (the X-Clerk-Authorization header of the feed request); the store keys are not the problem.',
			},
		}),
	],
};
