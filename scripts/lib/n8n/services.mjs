// The services n8n's queue mode needs besides n8n: a private PostgreSQL and a private Redis, each on
// 127.0.0.1 at a free port with its data in a temporary folder, from Debian's packages (`postgresql`,
// `redis-server`). As root with apt-get, a missing package is installed first (as .ci/run does for
// Chromium), with services kept from starting on their default ports during the install.
// stop() ends the process and removes its folder; nothing else on the machine is touched.
import { execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { defaultLog, freePort, sleep, tail } from './common.mjs';

const isRoot = () => process.getuid?.() === 0;

/** Installs Debian packages with apt-get when running as root; throws with what to do otherwise. */
export function aptInstall(packages, { log = defaultLog, why } = {}) {
	if (!isRoot() || !commandExists('apt-get')) {
		throw new Error(`${why}: install ${packages.join(' ')} (Debian/Ubuntu: apt-get install ${packages.join(' ')}); this script installs them itself only as root with apt-get`);
	}
	// Keep the packages' init scripts from starting a system-wide server on the default port while
	// they install (Docker images ship this file; elsewhere it exists only for the install).
	const policy = '/usr/sbin/policy-rc.d';
	const ownPolicy = !fs.existsSync(policy);
	if (ownPolicy) fs.writeFileSync(policy, '#!/bin/sh\nexit 101\n', { mode: 0o755 });
	const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
	try {
		log(`installing ${packages.join(', ')} with apt-get (${why})`);
		const apt = (args) => execFileSync('apt-get', args, { env, stdio: ['ignore', 'ignore', 'pipe'] });
		try {
			apt(['install', '-y', '-qq', ...packages]);
		} catch {
			apt(['update', '-qq']);
			apt(['install', '-y', '-qq', ...packages]);
		}
	} finally {
		if (ownPolicy) fs.rmSync(policy, { force: true });
	}
}

function commandExists(name) {
	return (process.env.PATH || '').split(path.delimiter).some((dir) => dir && fs.existsSync(path.join(dir, name)));
}

/** The newest /usr/lib/postgresql/<major>/bin (Debian's layout), installing `postgresql` when absent. */
export function postgresBinDir({ log = defaultLog } = {}) {
	const find = () => {
		const root = '/usr/lib/postgresql';
		const majors = fs.existsSync(root) ? fs.readdirSync(root).filter((v) => /^\d+$/.test(v)).sort((a, b) => b - a) : [];
		const dir = majors.map((v) => path.join(root, v, 'bin')).find((d) => fs.existsSync(path.join(d, 'postgres')));
		return dir;
	};
	if (!find()) aptInstall(['postgresql'], { log, why: 'the queue-mode cluster needs PostgreSQL' });
	const dir = find();
	if (!dir) throw new Error('no /usr/lib/postgresql/<version>/bin/postgres after installing postgresql');
	return dir;
}

/** redis-server on PATH, installing `redis-server` when absent. */
export function redisServerBin({ log = defaultLog } = {}) {
	const find = () => ['/usr/bin/redis-server', '/usr/local/bin/redis-server'].find((f) => fs.existsSync(f));
	if (!find()) aptInstall(['redis-server'], { log, why: 'the queue-mode cluster needs Redis' });
	const bin = find();
	if (!bin) throw new Error('no redis-server after installing redis-server');
	return bin;
}

/** A spawned server with its output kept, and a stop() that waits for its exit. */
function serverProcess(cmd, args, { name, stopSignal = 'SIGTERM', cleanup }) {
	const child = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'] });
	let out = '';
	child.stdout.setEncoding('utf8').on('data', (d) => (out = (out + d).slice(-100_000)));
	child.stderr.setEncoding('utf8').on('data', (d) => (out = (out + d).slice(-100_000)));
	let exited = null;
	const exit = new Promise((resolve) => child.on('exit', (code, signal) => resolve((exited = { code, signal }))));
	return {
		child,
		output: () => out,
		exited: () => exited,
		async stop() {
			if (!exited) {
				child.kill(stopSignal);
				const hard = setTimeout(() => child.kill('SIGKILL'), 15_000);
				await exit;
				clearTimeout(hard);
			}
			await cleanup?.();
			return exited;
		},
		fail(message) {
			return new Error(`${name}: ${message}\n${tail(out)}`);
		},
	};
}

async function waitFor(server, check, timeoutMs, what) {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		if (server.exited()) throw server.fail(`exited early (${JSON.stringify(server.exited())})`);
		if (await check()) return;
		if (Date.now() > deadline) {
			await server.stop();
			throw server.fail(`not ${what} after ${timeoutMs} ms`);
		}
		await sleep(200);
	}
}

/**
 * A private PostgreSQL: initdb into a temporary folder (as the `postgres` system user when this runs
 * as root, since PostgreSQL refuses root), then `postgres` on 127.0.0.1:<free port>, trust
 * authentication, durability off (a throw-away test database). Returns
 * { host, port, user, database, env (n8n's DB_* settings), stop() }.
 */
export async function startPostgres({ log = defaultLog, prefix = 'clerk-queue' } = {}) {
	const bin = postgresBinDir({ log });
	const dir = await fsp.mkdtemp(path.join(os.tmpdir(), `${prefix}-pg-`));
	const data = path.join(dir, 'data');
	const asPostgres = isRoot() ? ['setpriv', '--reuid=postgres', '--regid=postgres', '--init-groups', '--'] : [];
	if (isRoot()) execFileSync('chown', ['-R', 'postgres:postgres', dir]);
	const user = 'n8n';
	const database = 'n8n';
	const exec = (file, args) => {
		const [cmd, ...rest] = [...asPostgres, path.join(bin, file), ...args];
		return execFileSync(cmd, rest, { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'], encoding: 'utf8' });
	};
	try {
		exec('initdb', ['-D', data, '-U', user, '--auth=trust', '-E', 'UTF8', '--no-sync']);
	} catch (error) {
		await fsp.rm(dir, { recursive: true, force: true });
		throw new Error(`initdb failed: ${error.stderr || error.message}`);
	}
	const port = await freePort();
	const args = ['-D', data, '-p', String(port), '-k', dir, '-c', 'listen_addresses=127.0.0.1', '-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off', '-c', 'max_connections=100'];
	const [cmd, ...rest] = [...asPostgres, path.join(bin, 'postgres'), ...args];
	// SIGINT is PostgreSQL's "fast" shutdown: sessions are ended, no waiting for clients
	const server = serverProcess(cmd, rest, { name: 'postgres', stopSignal: 'SIGINT', cleanup: () => fsp.rm(dir, { recursive: true, force: true }) });
	const ready = () => {
		try {
			exec('pg_isready', ['-h', '127.0.0.1', '-p', String(port), '-U', user, '-d', 'postgres', '-q']);
			return true;
		} catch {
			return false;
		}
	};
	await waitFor(server, ready, 60_000, 'accepting connections');
	exec('createdb', ['-h', '127.0.0.1', '-p', String(port), '-U', user, database]);
	log(`PostgreSQL (${path.basename(path.dirname(bin))}) on 127.0.0.1:${port}, data in ${data}`);
	return {
		host: '127.0.0.1',
		port,
		user,
		database,
		env: {
			DB_TYPE: 'postgresdb',
			DB_POSTGRESDB_HOST: '127.0.0.1',
			DB_POSTGRESDB_PORT: port,
			DB_POSTGRESDB_DATABASE: database,
			DB_POSTGRESDB_USER: user,
			DB_POSTGRESDB_PASSWORD: '',
		},
		/** Runs one SQL statement with psql; returns its rows as text (tab-separated, no header). */
		psql(sql) {
			return exec('psql', ['-h', '127.0.0.1', '-p', String(port), '-U', user, '-d', database, '-At', '-F', '\t', '-c', sql]).trim();
		},
		child: server.child,
		stop: server.stop,
	};
}

/** A private Redis on 127.0.0.1:<free port>, nothing saved to disk. Returns { host, port, env, stop() }. */
export async function startRedis({ log = defaultLog, prefix = 'clerk-queue' } = {}) {
	const bin = redisServerBin({ log });
	const dir = await fsp.mkdtemp(path.join(os.tmpdir(), `${prefix}-redis-`));
	const port = await freePort();
	const server = serverProcess(bin, ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir, '--protected-mode', 'yes'], {
		name: 'redis-server',
		cleanup: () => fsp.rm(dir, { recursive: true, force: true }),
	});
	await waitFor(server, () => ping(port), 30_000, 'answering PING');
	log(`Redis on 127.0.0.1:${port}`);
	return {
		host: '127.0.0.1',
		port,
		env: { QUEUE_BULL_REDIS_HOST: '127.0.0.1', QUEUE_BULL_REDIS_PORT: port },
		child: server.child,
		stop: server.stop,
	};
}

function ping(port) {
	return new Promise((resolve) => {
		const socket = net.connect(port, '127.0.0.1');
		let answer = '';
		socket.setTimeout(1000, () => socket.destroy());
		socket.on('connect', () => socket.write('PING\r\n'));
		socket.on('data', (d) => {
			answer += d;
			if (answer.includes('\r\n')) socket.end();
		});
		socket.on('error', () => resolve(false));
		socket.on('close', () => resolve(answer.startsWith('+PONG')));
	});
}
