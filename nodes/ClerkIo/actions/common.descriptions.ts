import type { INodeProperties } from 'n8n-workflow';

import { DEFAULT_BATCH_PARALLEL, DEFAULT_BATCH_SIZE, DEFAULT_ITEM_PARALLEL } from './engine';

const timeoutAndRetries: INodeProperties[] = [
	{
		displayName: 'Max Retries',
		name: 'maxRetries',
		type: 'number',
		typeOptions: { minValue: 0, maxValue: 10 },
		default: 5,
		description:
			'How often a call is retried after HTTP 429, 5xx or a connection failure (honouring Retry-After). Once Clerk.io has accepted a call in the run, a shared budget may add a few more. Calls that are not safe to repeat, such as tracking, are only retried when Clerk.io did not receive them.',
	},
	{
		displayName: 'Timeout (Seconds)',
		name: 'timeout',
		type: 'number',
		typeOptions: { minValue: 1 },
		default: 60,
		description: 'How long to wait for Clerk.io to answer one call',
	},
];

/** Tuning of how items become requests; every operation shows it. */
export function requestOptionsCollection(batched: boolean): INodeProperties {
	const parallelByDefault = batched ? DEFAULT_BATCH_PARALLEL : DEFAULT_ITEM_PARALLEL;
	return {
		displayName: 'Request Options',
		name: 'requestOptions',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: ([
			...(batched
				? [
						{
							displayName: 'Batch Size',
							name: 'batchSize',
							type: 'number',
							typeOptions: { minValue: 1 },
							default: DEFAULT_BATCH_SIZE,
							description:
								'How many input items go into one call to Clerk.io. Every item still gets its own output item.',
						} satisfies INodeProperties,
					]
				: []),
			...timeoutAndRetries,
			{
				displayName: 'Parallel Requests',
				name: 'parallelRequests',
				type: 'number',
				typeOptions: { minValue: 1, maxValue: 200 },
				default: parallelByDefault,
				description:
					'How many calls to Clerk.io may be in flight at once. Output order and pairing do not depend on it.',
			},
		] as INodeProperties[]).sort((a, b) => a.displayName.localeCompare(b.displayName)),
	};
}

/** Limit of the read operations; an endpoint with a lower documented maximum gets that as its default. */
export const LIMIT: INodeProperties = {
	displayName: 'Limit',
	name: 'limit',
	type: 'number',
	typeOptions: { minValue: 1 },
	default: 50,
	description: 'Max number of results to return',
};

/**
 * The Limit a user who keeps the default gets: LIMIT's default, or the endpoint's documented maximum
 * where that is lower. The UI shows it, and it is the fallback where the parameter is read.
 */
export const defaultLimit = (max = Infinity): number => Math.min(max, LIMIT.default as number);
