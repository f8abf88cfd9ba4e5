// n8n in queue mode on one machine: a private PostgreSQL and Redis (services.mjs), one main
// (`n8n start`: editor, REST API, production webhooks; it puts executions on the Redis queue) and
// workers (`n8n worker`: they run them), all with the same N8N_ENCRYPTION_KEY and database.
// Used by `npm run test:queue` and `npm run start:queue`.
//
// Settings, read in the installed n8n 2.41.1 (@n8n/config dist/configs/*.config.js, dist/commands/worker.js):
//   EXECUTIONS_MODE=queue, DB_TYPE=postgresdb + DB_POSTGRESDB_*, QUEUE_BULL_REDIS_HOST/PORT.
//   N8N_RUNNERS_BROKER_PORT: every n8n process starts a task-runner broker (default 5679): one free
//     port per process, or the second one fails to start.
//   Workers: QUEUE_HEALTH_CHECK_ACTIVE=true serves /healthz and /healthz/readiness on
//     QUEUE_HEALTH_CHECK_PORT (default 5678, the main's port: one free port each) at
//     N8N_WORKER_SERVER_ADDRESS (default '::': 127.0.0.1 here). `--concurrency` (default 10) is how
//     many executions a worker runs at once; N8N_CONCURRENCY_PRODUCTION_LIMIT, when set, overrides it.
//   A worker's id is `worker-<host name>` when n8n thinks it runs in a container (/.dockerenv,
//     cgroups; n8n-core InstanceSettings.isDocker), else random: two workers in one container would
//     share one id, so each worker gets its own UTS namespace and host name (`unshare --uts`) when
//     this runs as root.
//   QUEUE_WORKER_LOCK_DURATION (60 s), _LOCK_RENEW_TIME (10 s), _STALLED_INTERVAL (30 s): how soon a
//     job whose worker died counts as stalled; n8n sets Bull's maxStalledCount to 0, so a stalled job
//     fails instead of going back on the queue.
import { execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import path from 'node:path';
import { freePort, sleep, tail } from './common.mjs';
import { installCommunityPackage } from './package.mjs';
import { runN8n } from './process.mjs';
import { ownerEnv } from './rest.mjs';
import { startPostgres, startRedis } from './services.mjs';

/** `unshare --uts` works here (root, or a kernel that allows it), so each worker can have its own host name. */
function canUnshareUts() {
	try {
		execFileSync('unshare', ['--uts', 'true'], { stdio: 'ignore' });
		return true;
	} catch {
		return false;
	}
}

/**
 * Spawns one long-running n8n process (`start` or `worker`) and waits until `ready()` says so.
 * hostName: run it in its own UTS namespace with that host name. Returns
 * { name, child, pid, output(), exited(), stop(), kill() }.
 */
async function spawnN8nProcess(inst, { name, args, userFolder, env, hostName, ready, timeoutMs = 600_000, log, onSpawn }) {
	const fullEnv = inst.env(userFolder, env);
	const n8n = [inst.nodeBin, inst.n8nBin, ...args];
	// `exec` keeps the pid: the shell becomes n8n, so kill(pid) reaches n8n itself
	const [cmd, ...cmdArgs] = hostName ? ['unshare', '--uts', 'sh', '-c', 'hostname "$0" && exec "$@"', hostName, ...n8n] : n8n;
	const child = spawn(cmd, cmdArgs, { cwd: userFolder, env: fullEnv, stdio: ['ignore', 'pipe', 'pipe'] });
	let out = '';
	const onData = (d) => (out = (out + d).slice(-2_000_000));
	child.stdout.setEncoding('utf8').on('data', onData);
	child.stderr.setEncoding('utf8').on('data', onData);
	let exited = null;
	const exit = new Promise((resolve) => child.on('exit', (code, signal) => resolve((exited = { code, signal }))));
	const proc = {
		name,
		child,
		pid: child.pid,
		output: () => out,
		exited: () => exited,
		async stop() {
			if (exited) return exited;
			child.kill('SIGTERM');
			const hard = setTimeout(() => child.kill('SIGKILL'), 20_000);
			await exit;
			clearTimeout(hard);
			return exited;
		},
		/** kill -9, as a crashed machine or an OOM kill would end it. */
		async kill() {
			if (!exited) child.kill('SIGKILL');
			return exit;
		},
	};
	onSpawn?.(proc);
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		if (exited) throw new Error(`${name} exited early (${JSON.stringify(exited)})\n${tail(out)}`);
		if (await ready().catch(() => false)) break;
		if (Date.now() > deadline) {
			await proc.kill();
			throw new Error(`${name} not ready after ${timeoutMs} ms\n${tail(out)}`);
		}
		await sleep(500);
	}
	log?.(`${name} ready (pid ${child.pid})`);
	return proc;
}

const answers = async (url, json = false) => {
	const r = await fetch(url, { signal: AbortSignal.timeout(2000) });
	return r.ok && (!json || /json/.test(r.headers.get('content-type') || ''));
};

/**
 * Starts PostgreSQL, Redis, the main and `workers` workers with the packed package installed as a
 * community package in every process's own user folder (each n8n loads nodes from its own disk).
 *
 * Options: baseDir (user folders go in <baseDir>/main, worker-1, …), tarball, workers (2),
 * concurrency (per worker, 5), port (main's, free by default), env (extra, every process),
 * workerEnv (extra, workers only), owner (for ownerEnv), log, killOnSignal (true: SIGINT/SIGTERM to
 * this process kill everything at once; false when the caller stops it on a signal itself).
 * `setup(main)` runs before the main starts, with the main's userFolder and runCli(args), e.g. to
 * import credentials and workflows through the shared database.
 *
 * Returns { main, workers, postgres, redis, url, env, stop(), workerOf(executionId) }.
 * stop() ends everything it started (also after a failed start: startQueueCluster cleans up itself).
 */
export async function startQueueCluster(inst, options) {
	const { baseDir, tarball, workers = 2, concurrency = 5, port, env = {}, workerEnv = {}, owner, log, setup, killOnSignal = true } = options;
	const started = [];
	// last resort when this process ends without stop() (killed test runner): no n8n, PostgreSQL or
	// Redis outlives it
	const children = [];
	const killChildren = () => {
		for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
	};
	process.once('exit', killChildren);
	// a signal ends Node without 'exit': kill them, then let the signal do what it would have done
	const onSignal = (signal) => {
		killChildren();
		process.kill(process.pid, signal);
	};
	if (killOnSignal) {
		process.once('SIGINT', onSignal);
		process.once('SIGTERM', onSignal);
	}
	const track = (proc) => {
		// its output goes to <baseDir>/<name>.log when it stops, for a look after a failed run
		const stop = async () => {
			const result = await proc.stop();
			await fsp.writeFile(path.join(baseDir, `${proc.name}.log`), proc.output()).catch(() => {});
			return result;
		};
		started.push({ kind: 'n8n', stop });
		children.push(proc.child);
	};
	const stopAll = async () => {
		process.off('exit', killChildren);
		process.off('SIGINT', onSignal);
		process.off('SIGTERM', onSignal);
		// workers and main first (they hold connections), then the services
		const procs = started.splice(0).reverse();
		const n8n = procs.filter((p) => p.kind === 'n8n');
		const services = procs.filter((p) => p.kind === 'service');
		await Promise.allSettled(n8n.map((p) => p.stop()));
		await Promise.allSettled(services.map((p) => p.stop()));
	};
	try {
		const services = await Promise.allSettled([startPostgres({ log }), startRedis({ log })]);
		for (const s of services) {
			if (s.status !== 'fulfilled') continue;
			started.push({ kind: 'service', stop: s.value.stop });
			children.push(s.value.child);
		}
		const failed = services.find((s) => s.status === 'rejected');
		if (failed) throw failed.reason;
		const [postgres, redis] = services.map((s) => s.value);
		const shared = {
			...postgres.env,
			...redis.env,
			EXECUTIONS_MODE: 'queue',
			// the default 20 s to get a database connection is short on a busy 2-core machine
			DB_POSTGRESDB_CONNECTION_TIMEOUT: 60_000,
			N8N_RUNNERS_BROKER_LISTEN_ADDRESS: '127.0.0.1',
			...env,
		};
		const folder = async (name) => {
			const userFolder = path.join(baseDir, name);
			await fsp.rm(userFolder, { recursive: true, force: true });
			await fsp.mkdir(userFolder, { recursive: true });
			await installCommunityPackage(inst, userFolder, tarball, { log });
			return userFolder;
		};

		const mainFolder = await folder('main');
		if (setup) {
			await setup({
				userFolder: mainFolder,
				runCli: async (args) => {
					const res = await runN8n(inst, args, { userFolder: mainFolder, env: shared, timeoutMs: 300_000 });
					if (res.code !== 0) throw new Error(`n8n ${args.join(' ')} failed (exit ${res.code})\n${tail(res.stdout)}\n${tail(res.stderr)}`);
					return res;
				},
			});
		}
		const mainPort = port || (await freePort());
		const url = `http://127.0.0.1:${mainPort}`;
		const main = await spawnN8nProcess(inst, {
			name: 'main',
			args: ['start'],
			userFolder: mainFolder,
			env: { ...shared, ...(owner ? await ownerEnv(inst, owner) : {}), N8N_PORT: mainPort, N8N_RUNNERS_BROKER_PORT: await freePort(), WEBHOOK_URL: `${url}/` },
			ready: () => answers(`${url}/rest/settings`, true),
			onSpawn: track,
			log,
		});

		const unshare = canUnshareUts();
		if (!unshare) log?.('warning: `unshare --uts` is not available: the workers keep the machine\'s host name (fine outside a container)');
		// the workers boot side by side (each takes a while on a busy machine)
		const workerProcs = await Promise.all(
			Array.from({ length: workers }, async (_, index) => {
				const name = `worker-${index + 1}`;
				const userFolder = await folder(name);
				const healthPort = await freePort();
				const proc = await spawnN8nProcess(inst, {
					name,
					args: ['worker', `--concurrency=${concurrency}`],
					userFolder,
					hostName: unshare ? `clerk-queue-${name}` : undefined,
					env: {
						...shared,
						N8N_RUNNERS_BROKER_PORT: await freePort(),
						QUEUE_HEALTH_CHECK_ACTIVE: 'true',
						QUEUE_HEALTH_CHECK_PORT: healthPort,
						N8N_WORKER_SERVER_ADDRESS: '127.0.0.1',
						...workerEnv,
					},
					ready: () => answers(`http://127.0.0.1:${healthPort}/healthz/readiness`),
					onSpawn: track,
					log,
				});
				proc.healthUrl = `http://127.0.0.1:${healthPort}/healthz`;
				return proc;
			}),
		);
		return {
			main,
			workers: workerProcs,
			postgres,
			redis,
			url,
			env: shared,
			/** Which worker logged "Worker started execution <id>" (null: none, i.e. not run by a worker). */
			workerOf(executionId) {
				const re = new RegExp(`Worker started execution ${executionId} \\(job`);
				return workerProcs.find((w) => re.test(w.output()))?.name ?? null;
			},
			/** Execution ids each worker logged as started: { 'worker-1': [...], … }. */
			startedExecutions() {
				return Object.fromEntries(workerProcs.map((w) => [w.name, [...w.output().matchAll(/Worker started execution (\d+)/g)].map((m) => m[1])]));
			},
			stop: stopAll,
		};
	} catch (error) {
		await stopAll();
		throw error;
	}
}

/** Reads a workflow file's ids: `n8n publish:workflow --id=<id>` (2.x) makes each one active. */
export function workflowIds(file) {
	const data = JSON.parse(fs.readFileSync(file, 'utf8'));
	return (Array.isArray(data) ? data : [data]).map((w) => w.id);
}
