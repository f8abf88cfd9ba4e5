// Active workflows in a real n8n, for the Clerk.io Feed Trigger: activation from the CLI before
// `n8n start`, the production URL of a feed, and the executions n8n recorded (REST). Used by
// `npm start` (example 06) and test/e2e/feed.test.mjs; kept apart from real-n8n.mjs.
import { runN8n } from './real-n8n.mjs';

/**
 * Activates (2.x: publishes) an imported workflow, so its production webhooks are registered when
 * `n8n start` comes up. 2.x: `n8n publish:workflow --id`; 1.x: `n8n update:workflow --id --active=true`.
 */
export async function activateWorkflow(inst, userFolder, id) {
	const major = Number(String(inst.version).split('.')[0]);
	const args = major >= 2 ? ['publish:workflow', `--id=${id}`] : ['update:workflow', `--id=${id}`, '--active=true'];
	const res = await runN8n(inst, args, { userFolder });
	if (res.code !== 0 || res.timedOut) {
		throw new Error(`n8n ${args.join(' ')} failed (exit ${res.code})\n${res.stdout.slice(-2000)}\n${res.stderr.slice(-2000)}`);
	}
	return res;
}

/** The production URL of one feed of a Clerk.io Feed Trigger node (its webhookId) on a started n8n. */
export function feedUrl(serverUrl, webhookId, feed) {
	return `${serverUrl}/webhook/${webhookId}/${feed}`;
}

/**
 * Waits until n8n serves a feed URL: an active workflow's webhooks are registered a little after
 * n8n's REST API answers (404 "not registered" until then). Without a token the trigger answers 401.
 */
export async function waitForFeed(url, timeoutMs = 60_000) {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		const res = await fetch(url).catch(() => undefined);
		if (res?.status === 401) return;
		if (Date.now() > deadline) throw new Error(`${url} not served after ${timeoutMs} ms (last: HTTP ${res?.status})`);
		await new Promise((resolve) => setTimeout(resolve, 500));
	}
}

/** How many executions n8n recorded for a workflow (REST, as the owner; the list's total). */
export async function executionCount(client, workflowId) {
	const filter = encodeURIComponent(JSON.stringify({ workflowId }));
	const res = await client.request('GET', `/rest/executions?filter=${filter}&limit=1`);
	if (!res.ok) throw new Error(`GET /rest/executions: HTTP ${res.status} ${res.text.slice(0, 500)}`);
	const count = res.json?.data?.count;
	if (typeof count !== 'number') throw new Error(`GET /rest/executions: no count in ${res.text.slice(0, 500)}`);
	return count;
}

export const FEED_EXAMPLE = { id: 'ClerkIoExample06', file: '06-full-feed-with-deletions.json', webhookId: 'c1e2a006-0000-4000-8000-00000000fee0' };

/**
 * `npm start`: activates example 06 (the Feed Trigger) when it was just imported (an import leaves
 * a workflow inactive), so its production URLs answer Clerk.io's importer. Returns what was done.
 */
export async function activateFeedExample(inst, userFolder, steps) {
	const imported = steps.find((step) => step.name === 'workflows')?.what ?? '';
	if (!imported.includes(FEED_EXAMPLE.file)) return 'unchanged';
	await activateWorkflow(inst, userFolder, FEED_EXAMPLE.id);
	return `activated ${FEED_EXAMPLE.file}`;
}

/** The lines `npm start` prints about example 06: its feed URL and the importer command. */
export function feedExampleHelp(editorUrl, sandbox) {
	const url = feedUrl(editorUrl, FEED_EXAMPLE.webhookId, 'products');
	return `  Feed      example 06 serves ${url}
            run Clerk's importer (the sandbox's) against it, then search: README › Full sync with deletions
            curl -s -X POST ${sandbox.url}/importer/run -d '{"feeds":{"products":"${url}"}}'`;
}
