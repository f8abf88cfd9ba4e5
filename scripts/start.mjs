#!/usr/bin/env node
// `npm start`: a real n8n on http://localhost:5678 with this package installed as a community node,
// the Clerk sandbox (demo shop) behind a ready "Clerk.io sandbox" credential, the example workflows
// imported and an owner account, so the editor opens straight to the workflows.
//
//   1. npm run build, npm pack into .cache/pack
//   2. Clerk sandbox with the demo shop on 127.0.0.1:4010 (a free port when 4010 is taken)
//   3. pinned real n8n (2.41.1, or $N8N_VERSION) in .cache/n8n-<version> (installed on first use)
//   4. package into .cache/n8n-home/.n8n/nodes (like n8n's community-package installer), then
//      credential and example workflows imported (each step skipped when its input is unchanged)
//   5. n8n start on 127.0.0.1:5678 (or $N8N_PORT; a free port when taken), owner account created
//      on first start. Log: .cache/n8n-home/n8n.log. Ctrl-C stops n8n and the sandbox.
// `npm start -- --queue` runs the same playground with n8n in queue mode (scripts/start-queue.mjs).
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

import {
	DEMO_OWNER,
	buildAndPack,
	ensurePinnedN8n,
	log,
	portFree,
	prepareUserFolder,
	secs,
	startSandboxProcess,
	userFolderFor,
} from './lib/clerk-demo.mjs';
import { CACHE_ROOT, DEFAULT_N8N_VERSION, N8N_INSTALL_BYTES, REPO_ROOT, freeDiskBytes, freePort, setupOwner, startN8n } from './lib/real-n8n.mjs';
import { activateFeedExample, feedExampleHelp } from './lib/feed-n8n.mjs';

if (process.argv.includes('--queue')) {
	const child = spawn(process.execPath, [path.join(REPO_ROOT, 'scripts', 'start-queue.mjs')], { stdio: 'inherit' });
	// the child stops everything it started; this process only passes the signal on and waits
	for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
	child.on('exit', (code) => process.exit(code ?? 1));
	await new Promise(() => {});
}

const started = Date.now();
// Keep n8n from calling api.n8n.io at start (the vetted community-node list and the MCP server
// registry); the playground talks to 127.0.0.1 only. Unverified (locally installed) packages stay on.
const LOCAL_ONLY_ENV = {
	N8N_VERIFIED_PACKAGES_ENABLED: 'false',
	N8N_UNVERIFIED_PACKAGES_ENABLED: 'true',
	N8N_DISABLED_MODULES: 'mcp-registry',
};
let sandbox;
let server;
let stopping = false;

async function stopAll(code) {
	if (stopping) return;
	stopping = true;
	await Promise.allSettled([server?.stop(), sandbox?.stop()]);
	process.exit(code);
}

process.on('SIGINT', () => {
	if (stopping) {
		// second Ctrl-C: don't wait for a graceful shutdown
		server?.child.kill('SIGKILL');
		sandbox?.child.kill('SIGKILL');
		process.exit(130);
	}
	log('\nStopping n8n and the Clerk sandbox…');
	void stopAll(0);
});
process.on('SIGTERM', () => void stopAll(0));
process.on('exit', () => {
	// last resort, so nothing outlives this process
	for (const child of [server?.child, sandbox?.child]) if (child && child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
});

async function timed(label, fn) {
	const t = Date.now();
	const result = await fn();
	log(`  ${label} (${secs(Date.now() - t)})`);
	return result;
}

try {
	log('Clerk.io for n8n: starting a local playground');
	const version = process.env.N8N_VERSION || DEFAULT_N8N_VERSION;
	if (!fs.existsSync(path.join(CACHE_ROOT, `n8n-${version}`, '.install-ok.json'))) {
		fs.mkdirSync(CACHE_ROOT, { recursive: true });
		const free = freeDiskBytes(CACHE_ROOT);
		const freeNote = free === null ? '' : `; ${(free / 1e9).toFixed(1)} GB free there`;
		log(`  first run: n8n ${version} gets installed into ${path.relative(REPO_ROOT, CACHE_ROOT) || '.'}/n8n-${version}: about ${N8N_INSTALL_BYTES / 1e9} GB of disk${freeNote},`);
		log('  6 to 9 minutes on 2 cores, npm registry access needed (README › Troubleshooting). Later runs start in ~20 s.');
		if (free !== null && free < N8N_INSTALL_BYTES * 1.2) log(`  warning: that may not be enough disk; free some, or set N8N_CACHE_DIR to a folder on a larger disk`);
	}
	const t = Date.now();
	const { tarball, built } = await buildAndPack();
	log(`  ${built ? 'built and packed the package' : 'package sources unchanged, reusing'} ${path.relative(REPO_ROOT, tarball)} (${secs(Date.now() - t)})`);
	sandbox = await timed('Clerk sandbox with the demo shop', () => startSandboxProcess({ port: Number(process.env.CLERK_SANDBOX_PORT || 4010) }));
	const inst = await timed('n8n ready', ensurePinnedN8n);
	const userFolder = userFolderFor('home', inst.version);
	const { steps } = await prepareUserFolder(inst, userFolder, { tarball, sandbox });
	for (const s of steps) log(`  ${s.name}: ${s.what} (${secs(s.ms)})`);
	// Example 06's Feed Trigger answers Clerk.io's importer only in an active workflow.
	const activating = Date.now();
	const activated = await activateFeedExample(inst, userFolder, steps);
	log(`  feed example: ${activated} (${secs(Date.now() - activating)})`);

	const wanted = Number(process.env.N8N_PORT || 5678);
	const port = (await portFree(wanted)) ? wanted : await freePort();
	if (port !== wanted) log(`  port ${wanted} is taken, using ${port}`);
	const logFile = path.join(userFolder, 'n8n.log');
	server = await timed(`n8n ${inst.version} started`, () => startN8n(inst, { userFolder, port, env: { ...LOCAL_ONLY_ENV, N8N_EDITOR_BASE_URL: `http://localhost:${port}` } }));
	const logStream = fs.createWriteStream(logFile, { flags: 'w' });
	logStream.write(server.output());
	server.child.stdout.on('data', (d) => logStream.write(d));
	server.child.stderr.on('data', (d) => logStream.write(d));
	server.child.once('exit', (code, signal) => {
		if (stopping) return;
		log(`n8n exited (${signal || code}); see ${path.relative(REPO_ROOT, logFile)}. Stopping the sandbox.`);
		void stopAll(code || 1);
	});

	const settings = await (await fetch(`${server.url}/rest/settings`)).json();
	let ownerNote = '';
	if (settings.data?.userManagement?.showSetupOnFirstLoad) {
		await setupOwner(server, DEMO_OWNER);
		ownerNote = ' (account created now)';
	}

	const url = `http://localhost:${port}`;
	// n8n 2.x opens on its "n8n Assistant" chat (it wants an AI provider); 1.x on Overview
	const firstPage = Number(inst.version.split('.')[0]) >= 2
		? '\n            n8n 2.x then shows "Build and debug faster with the n8n Assistant" (an AI chat, not needed\n            here): click the house icon (Overview) in the left sidebar, or open the Workflows link below'
		: '';
	log(`
Ready in ${secs(Date.now() - started)}.

  Open      ${url}
  Log in    ${DEMO_OWNER.email} / ${DEMO_OWNER.password}${ownerNote || ' (unless you changed it; reset: delete ' + path.relative(REPO_ROOT, userFolder) + ')'}${firstPage}
  Workflows ${url}/home/workflows: open "Clerk.io example: …", click Execute workflow
  Credential "Clerk.io sandbox" → ${sandbox.url}
  Sandbox   keys ${sandbox.publicKey} / ${sandbox.privateKey} (in memory: demo shop reset on every start)
  n8n log   ${path.relative(REPO_ROOT, logFile)}
${feedExampleHelp(url, sandbox)}

Press Ctrl-C to stop n8n and the sandbox.`);
} catch (err) {
	process.stderr.write(`\nnpm start failed: ${err.stack || err.message}\n`);
	await stopAll(1);
}
