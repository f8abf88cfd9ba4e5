// The queue suite's workflows: each starts at a production webhook (POST /webhook/<path>) and splits
// the posted list into items for one Clerk.io node. Built on the e2e suite's workflow builder.
import { feedWorkflow, workflowBuilder } from '../e2e/helpers.mjs';

export const PATHS = {
	upsert: 'clerk-queue-upsert',
	searchAll: 'clerk-queue-search-all',
	searchEach: 'clerk-queue-search-each',
	sales: 'clerk-queue-sales',
	bounded: 'clerk-queue-bounded',
	slow: 'clerk-queue-slow',
};
export const IDS = {
	upsert: 'QueueUpsert00001',
	searchAll: 'QueueSearchAll01',
	searchEach: 'QueueSearchEach1',
	sales: 'QueueSales000001',
	bounded: 'QueueBounded0001',
	slow: 'QueueSlowUpsert1',
	feed: 'QueueFeedTrigger',
};
/** The Feed Trigger's webhookId: its production URLs are /webhook/<this>/<feed>. */
export const FEED_WEBHOOK_ID = 'a0e0feed-0000-4000-8000-000000000013';
/** Parallel Requests of the bounded workflow: the README's sum is this × worker concurrency × workers. */
export const BOUNDED_PARALLEL = 3;
/** The killed-worker workflow: small batches, one lane, so it runs long enough to be killed mid-way. */
export const SLOW_BATCH = 10;

/**
 * A webhook workflow: Webhook → Split Out (body.<field>) → the Clerk.io node.
 * respond: 'lastNode' answers when the execution ends (with `responseData`), 'onReceived' at once.
 */
function webhookWorkflow(key, name, field, clerkParameters, { respond = 'lastNode', responseData = 'firstEntryJson', after } = {}) {
	const wf = workflowBuilder(IDS[key], name);
	const webhook = 'Webhook';
	wf.add(
		{
			name: webhook,
			type: 'n8n-nodes-base.webhook',
			typeVersion: 2,
			webhookId: `${IDS[key]}-hook`,
			parameters: {
				httpMethod: 'POST',
				path: PATHS[key],
				responseMode: respond,
				...(respond === 'lastNode' ? { responseData } : {}),
				options: {},
			},
		},
		[0, 0],
	);
	const split = wf.splitOut('One item each', `body.${field}`, [240, 0]);
	const clerk = wf.clerk('Clerk.io', clerkParameters, [480, 0]);
	wf.connect(webhook, split);
	wf.connect(split, clerk);
	if (after) after(wf, clerk);
	return wf.build();
}

export function queueWorkflows() {
	return [
		webhookWorkflow('upsert', 'Queue: upsert products', 'products', { resource: 'product', operation: 'upsert', dataMode: 'autoMapInputData' }),
		webhookWorkflow('searchAll', 'Queue: search, Return All', 'queries', { resource: 'search', operation: 'search', query: '={{ $json.q }}', returnAll: true }, { responseData: 'allEntries' }),
		webhookWorkflow('searchEach', 'Queue: one search per item', 'queries', { resource: 'search', operation: 'search', query: '={{ $json.q }}', limit: 2 }),
		webhookWorkflow('sales', 'Queue: log sales', 'sales', { resource: 'tracking', operation: 'logSale', sale: '={{ $json.sale }}', products: '={{ $json.products }}' }),
		webhookWorkflow('bounded', 'Queue: searches at a set Parallel Requests', 'queries', {
			resource: 'search',
			operation: 'search',
			query: '={{ $json.q }}',
			limit: 1,
			requestOptions: { parallelRequests: BOUNDED_PARALLEL },
		}),
		// upsert in small batches, then one Log Sale for the whole run: a retry must store each
		// product once and log the sale once
		webhookWorkflow(
			'slow',
			'Queue: slow upsert, then a sale',
			'products',
			{ resource: 'product', operation: 'upsert', dataMode: 'autoMapInputData', requestOptions: { batchSize: SLOW_BATCH, parallelRequests: 1 } },
			{
				respond: 'onReceived',
				after: (wf, upsert) => {
					const sale = wf.clerk(
						'Log Sale',
						{ resource: 'tracking', operation: 'logSale', sale: "={{ $('Webhook').first().json.body.sale }}", products: "={{ $('Webhook').first().json.body.products.map((p) => p.id).slice(0, 3).join(',') }}" },
						[720, 0],
						{ executeOnce: true },
					);
					wf.connect(upsert, sale);
				},
			},
		),
	];
}

/** The feed workflow, as the e2e feed test builds it, against the suite's shop API at shopUrl. */
export function queueFeedWorkflow(shopUrl) {
	return feedWorkflow({ id: IDS.feed, name: 'Queue: Clerk.io feed', webhookId: FEED_WEBHOOK_ID, shopUrl });
}
