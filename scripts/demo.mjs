#!/usr/bin/env node
// `npm run demo`: the `npm start` setup without the editor. Builds and packs the package, installs it
// into a real n8n (.cache/n8n-demo), imports the "Clerk.io sandbox" credential and examples/*.json,
// then runs each example with `n8n execute --id=… --rawOutput` against a fresh Clerk sandbox (demo
// shop) and prints what each node output. The AI-agent example needs a chat model, so it is only
// checked: imported, and its Clerk.io tools configured. Exits 1 when an example fails.
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

import {
	NODE_TYPE,
	TOOL_TYPE,
	buildAndPack,
	ensurePinnedN8n,
	log,
	needsModel,
	prepareUserFolder,
	secs,
	startSandboxProcess,
	userFolderFor,
} from './lib/clerk-demo.mjs';
import { REPO_ROOT, executeWorkflow, runN8n } from './lib/real-n8n.mjs';

const PREFERRED = ['id', 'name', 'price', 'brand', 'success', 'sale', 'email', 'products', 'orders', 'activity'];
const started = Date.now();
let sandbox;
const failures = [];

process.on('SIGINT', async () => {
	await sandbox?.stop();
	process.exit(130);
});

try {
	log('Clerk.io for n8n: running the example workflows headless');
	let t = Date.now();
	const { tarball, built } = await buildAndPack();
	log(`  ${built ? 'built and packed' : 'package sources unchanged, reusing'} ${path.relative(REPO_ROOT, tarball)} (${secs(Date.now() - t)})`);
	sandbox = await startSandboxProcess({ port: Number(process.env.CLERK_DEMO_SANDBOX_PORT || 4020) });
	log(`  Clerk sandbox with the demo shop at ${sandbox.url}`);
	t = Date.now();
	const inst = await ensurePinnedN8n();
	log(`  n8n ${inst.version} ready (${secs(Date.now() - t)})`);
	const userFolder = userFolderFor('demo', inst.version);
	const { steps, examples } = await prepareUserFolder(inst, userFolder, { tarball, sandbox });
	for (const s of steps) log(`  ${s.name}: ${s.what} (${secs(s.ms)})`);

	for (const { file, workflow } of examples) {
		log(`\n${file}: ${workflow.name}`);
		if (needsModel(workflow)) {
			await checkAgent(inst, userFolder, workflow);
			continue;
		}
		if (workflow.nodes.some((n) => n.type.endsWith('.clerkIoFeedTrigger'))) {
			// A webhook trigger: `n8n execute` cannot start it, Clerk.io's importer does (e2e: test/e2e/feed.test.mjs).
			log('  imported, not run here: the importer starts it through its production URL (npm start, README › Full sync with deletions)');
			continue;
		}
		t = Date.now();
		let ex;
		try {
			ex = await executeWorkflow(inst, userFolder, workflow.id, { timeoutMs: 180_000 });
		} catch (err) {
			failures.push(file);
			log(`  FAILED: ${err.message.split('\n')[0]}`);
			continue;
		}
		const ok = ex.status === 'success' && !ex.error;
		log(`  ${ok ? 'ok' : 'FAILED'} in ${secs(Date.now() - t)}${ex.error ? `: ${ex.error.message}` : ''}`);
		if (!ok) failures.push(file);
		summarize(workflow, ex.data.resultData.runData);
	}
} catch (err) {
	failures.push('setup');
	process.stderr.write(`\nnpm run demo failed: ${err.stack || err.message}\n`);
} finally {
	await sandbox?.stop();
}

log(`\n${failures.length ? `FAILED: ${failures.join(', ')}` : 'All examples ok'} (${secs(Date.now() - started)})`);
process.exit(failures.length ? 1 : 0);

/** One line per node that ran: item count, then up to three items of each last node. */
function summarize(workflow, runData) {
	const hasNext = new Set(Object.keys(workflow.connections));
	for (const node of workflow.nodes) {
		const runs = runData[node.name];
		if (!runs) continue;
		const items = runs.flatMap((r) => r.data?.main?.[0] ?? []);
		const error = runs.find((r) => r.error)?.error;
		const calls = node.type === NODE_TYPE ? `  [${shownAs(node.parameters)}]` : '';
		log(`  ${node.name.padEnd(22)} ${String(items.length).padStart(4)} item${items.length === 1 ? ' ' : 's'}${calls}${error ? `  error: ${error.message}` : ''}`);
		if (!hasNext.has(node.name) || (node.type === NODE_TYPE && items.length <= 3)) {
			for (const item of items.slice(0, 3)) log(`      ${brief(item.json)}`);
			if (items.length > 3) log(`      … ${items.length - 3} more`);
		}
	}
}

function brief(json) {
	const keys = [...PREFERRED.filter((k) => k in json), ...Object.keys(json).filter((k) => !PREFERRED.includes(k))].slice(0, 5);
	return keys
		.map((k) => {
			const v = json[k];
			// A count, said as one: "categories: 2 values", not "[2]" (which reads as a list holding 2).
			if (Array.isArray(v)) return `${k}: ${v.length} ${v.length === 1 ? 'value' : 'values'}`;
			if (v && typeof v === 'object') return `${k}: {…}`;
			return `${k}: ${JSON.stringify(v)}`;
		})
		.join(', ');
}

/**
 * The AI agent example: not executed (its chat model needs the user's credential). Checks that
 * n8n stored it as shipped (export:workflow from the real database) and that each Clerk.io tool has
 * a resource, an operation that exists for it and every required parameter set, per the built node.
 */
async function checkAgent(inst, userFolder, workflow) {
	const out = path.join(userFolder, 'import', `export-${workflow.id}.json`);
	const res = await runN8n(inst, ['export:workflow', `--id=${workflow.id}`, `--output=${out}`], { userFolder, timeoutMs: 120_000 });
	let stored;
	try {
		[stored] = [].concat(JSON.parse(fs.readFileSync(out, 'utf8')));
	} catch {
		failures.push(workflow.id);
		log(`  FAILED: not in n8n's database (export exit ${res.code})\n${res.stderr.slice(-1000)}`);
		return;
	}
	const problems = [];
	const tools = stored.nodes.filter((n) => n.type === TOOL_TYPE);
	const toAgent = (name) => stored.connections[name]?.ai_tool?.[0]?.some((c) => c.node === 'AI Agent');
	const model = stored.nodes.find((n) => /lmChat/.test(n.type));
	const { ClerkIo } = createRequire(import.meta.url)(path.join(REPO_ROOT, 'dist/nodes/ClerkIo/ClerkIo.node.js'));
	const properties = new ClerkIo().description.properties;
	if (tools.length === 0) problems.push(`no ${TOOL_TYPE} node`);
	for (const tool of tools) {
		problems.push(...checkParameters(properties, tool).map((p) => `${tool.name}: ${p}`));
		if (!toAgent(tool.name)) problems.push(`${tool.name}: not connected to the AI Agent as a tool`);
		if (tool.credentials?.clerkIoApi?.name !== 'Clerk.io sandbox') problems.push(`${tool.name}: no Clerk.io sandbox credential`);
		const p = tool.parameters;
		log(`  tool ${tool.name.padEnd(26)} [${shownAs(p)}]${/\$fromAI/.test(JSON.stringify(p)) ? ' (model fills in: ' + [...JSON.stringify(p).matchAll(/\$fromAI\('(\w+)'/g)].map((m) => m[1]).join(', ') + ')' : ''}`);
	}
	log(`  chat model: ${model ? `${model.name} (${model.type}), ${model.credentials ? 'credential set' : 'no credential yet: add yours in the editor'}` : 'missing'}`);
	if (problems.length) {
		failures.push(workflow.id);
		for (const p of problems) log(`  problem: ${p}`);
	} else {
		log(`  ok: imported into n8n ${inst.version}, ${tools.length} Clerk.io tools configured; not run (needs a chat model)`);
	}
}

/** "Recommendation › Best Sellers": the display names the editor shows, from the built node. */
function shownAs({ resource, operation }) {
	const { resources } = createRequire(import.meta.url)(path.join(REPO_ROOT, 'dist/nodes/ClerkIo/actions/resources.js'));
	const found = resources.find((r) => r.value === resource);
	const option = found?.operations.find((o) => o.option.value === operation)?.option;
	return `${found?.name ?? resource} › ${option?.name ?? operation}`;
}

/** Resource and operation valid, and every required parameter shown for them non-empty. */
function checkParameters(properties, node) {
	const params = node.parameters;
	const problems = [];
	const shown = (p) =>
		Object.entries(p.displayOptions?.show ?? {}).every(([k, values]) => k.startsWith('@') || values.includes(params[k] ?? properties.find((q) => q.name === k)?.default));
	const resource = properties.find((p) => p.name === 'resource');
	if (!resource.options.some((o) => o.value === params.resource)) problems.push(`unknown resource ${params.resource}`);
	const operation = properties.find((p) => p.name === 'operation' && shown(p));
	if (!operation?.options.some((o) => o.value === params.operation)) problems.push(`unknown operation ${params.operation}`);
	for (const p of properties) {
		if (p.required && shown(p) && (params[p.name] === undefined || params[p.name] === '')) problems.push(`required parameter ${p.name} is empty`);
	}
	return problems;
}
