// `npm run start:queue` (or `npm start -- --queue`): the playground of `npm start`, but n8n in queue
// mode as a shop at scale runs it: a private PostgreSQL and Redis (installed with apt-get when missing
// and run as root), one main with the editor on http://localhost:5678 and two workers, the package
// installed in each one's user folder, the sandbox credential and the example workflows. Manual runs
// go to the workers too (OFFLOAD_MANUAL_EXECUTIONS_TO_WORKERS), so every run shows in a worker's log.
// The database lives only as long as this process: Ctrl-C stops everything it started.
import fs from 'node:fs';
import path from 'node:path';

import { CREDENTIAL, DEMO_OWNER, buildAndPack, ensurePinnedN8n, log, portFree, readExamples, secs, startSandboxProcess, wireCredential } from './lib/clerk-demo.mjs';
import { startQueueCluster } from './lib/n8n/queue.mjs';
import { CACHE_ROOT, REPO_ROOT, freePort } from './lib/real-n8n.mjs';

const LOCAL_ONLY_ENV = { N8N_VERIFIED_PACKAGES_ENABLED: 'false', N8N_UNVERIFIED_PACKAGES_ENABLED: 'true', N8N_DISABLED_MODULES: 'mcp-registry' };

export async function startQueuePlayground() {
	const started = Date.now();
	let sandbox;
	let cluster;
	let stopping = false;
	const stopAll = async (code) => {
		if (stopping) return;
		stopping = true;
		await Promise.allSettled([cluster?.stop(), sandbox?.stop()]);
		process.exit(code);
	};
	process.on('SIGINT', () => {
		log('\nStopping the workers, the main, PostgreSQL, Redis and the Clerk sandbox…');
		void stopAll(0);
	});
	process.on('SIGTERM', () => void stopAll(0));
	try {
		log('Clerk.io for n8n: starting a local playground in queue mode (one main, two workers)');
		const { tarball } = await buildAndPack();
		sandbox = await startSandboxProcess({ port: Number(process.env.CLERK_SANDBOX_PORT || 4010) });
		const inst = await ensurePinnedN8n();
		const wanted = Number(process.env.N8N_PORT || 5678);
		const port = (await portFree(wanted)) ? wanted : await freePort();
		const baseDir = path.join(CACHE_ROOT, `n8n-queue-${inst.version}`);
		const url = `http://localhost:${port}`;
		cluster = await startQueueCluster(inst, {
			baseDir,
			tarball,
			port,
			owner: DEMO_OWNER,
			killOnSignal: false,
			env: { ...LOCAL_ONLY_ENV, OFFLOAD_MANUAL_EXECUTIONS_TO_WORKERS: 'true', N8N_EDITOR_BASE_URL: url },
			log: (message) => log(`  ${message}`),
			setup: async ({ userFolder, runCli }) => {
				const credentials = path.join(userFolder, 'credentials.json');
				const data = { publicKey: sandbox.publicKey, privateKey: sandbox.privateKey, baseUrl: sandbox.url, idType: 'number' };
				fs.writeFileSync(credentials, JSON.stringify([{ ...CREDENTIAL, data }]));
				await runCli(['import:credentials', `--input=${credentials}`]);
				const workflows = path.join(userFolder, 'workflows.json');
				fs.writeFileSync(workflows, JSON.stringify(readExamples().map(({ workflow }) => wireCredential(workflow))));
				await runCli(['import:workflow', `--input=${workflows}`]);
			},
		});
		const logs = [cluster.main, ...cluster.workers].map((proc) => {
			const file = path.join(baseDir, `${proc.name}.log`);
			const stream = fs.createWriteStream(file);
			stream.write(proc.output());
			proc.child.stdout.on('data', (d) => stream.write(d));
			proc.child.stderr.on('data', (d) => stream.write(d));
			proc.child.once('exit', (code, signal) => {
				if (!stopping) {
					log(`${proc.name} exited (${signal || code}); see ${path.relative(REPO_ROOT, file)}. Stopping the rest.`);
					void stopAll(code || 1);
				}
			});
			return `  ${proc.name.padEnd(9)} ${path.relative(REPO_ROOT, file)}`;
		});
		log(`
Ready in ${secs(Date.now() - started)}: n8n ${inst.version} in queue mode.

  Open      ${url}   (log in ${DEMO_OWNER.email} / ${DEMO_OWNER.password})
  Workflows ${url}/home/workflows: open "Clerk.io example: …", click Execute workflow; the run goes
            through Redis to a worker ("Worker started execution N" in that worker's log)
  Workers   ${cluster.workers.map((w) => w.healthUrl).join(', ')} (health)
  Database  PostgreSQL 127.0.0.1:${cluster.postgres.port}, Redis 127.0.0.1:${cluster.redis.port} (gone when this stops)
  Sandbox   ${sandbox.url}
Logs:
${logs.join('\n')}

Press Ctrl-C to stop everything.`);
	} catch (error) {
		process.stderr.write(`\nnpm run start:queue failed: ${error.stack || error.message}\n`);
		await stopAll(1);
	}
}

if (import.meta.url === `file://${process.argv[1]}`) await startQueuePlayground();
