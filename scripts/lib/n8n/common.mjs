// What every part of the real-n8n harness shares: where the cache is, the pinned version, the test
// encryption key, and small process helpers (run a command, find a free port). node: built-ins only.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const DEFAULT_N8N_VERSION = '2.41.1';
export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
export const CACHE_ROOT = process.env.N8N_CACHE_DIR
	? path.resolve(process.env.N8N_CACHE_DIR)
	: path.join(REPO_ROOT, '.cache');
/**
 * What this checkout's tests and bench make (n8n user folders, packed tarballs, bench files): always in
 * its own .cache, so checkouts that share the n8n installs through N8N_CACHE_DIR never share a database.
 */
export const WORK_ROOT = path.join(REPO_ROOT, '.cache');
/** Fixed key so that credentials imported in one run can be decrypted in the next. Tests only. */
export const TEST_ENCRYPTION_KEY = 'n8n-nodes-clerk-io-test-encryption-key-do-not-use-in-prod';

export const defaultLog = (msg) => process.stderr.write(`[real-n8n] ${msg}\n`);

export function npmCmd() {
	return process.platform === 'win32' ? 'npm.cmd' : 'npm';
}

export function secs(since) {
	return `${((Date.now() - since) / 1000).toFixed(1)} s`;
}

export function nodeMajor(v) {
	return Number(String(v).replace(/^v/, '').split('.')[0]);
}

export async function writeJson(file, obj) {
	await fsp.writeFile(file, JSON.stringify(obj, null, 2) + '\n');
}

export function tail(s, n = 4000) {
	s = String(s || '');
	return s.length > n ? `…${s.slice(-n)}` : s;
}

export function sleep(ms) {
	return new Promise((r) => setTimeout(r, ms));
}

export async function freePort() {
	return new Promise((resolve, reject) => {
		const srv = net.createServer();
		srv.unref();
		srv.on('error', reject);
		srv.listen(0, '127.0.0.1', () => {
			const { port } = srv.address();
			srv.close(() => resolve(port));
		});
	});
}

/** Runs a command; rejects on non-zero exit with the output's tail. Streams to log unless quiet. */
export function run(cmd, args, { cwd, env = process.env, log = defaultLog, quiet = false } = {}) {
	return new Promise((resolve, reject) => {
		const child = spawn(cmd, args, {
			cwd,
			env,
			stdio: ['ignore', 'pipe', 'pipe'],
			shell: process.platform === 'win32' && /\.cmd$/.test(cmd),
			windowsHide: true,
		});
		let stdout = '';
		let stderr = '';
		const pump = (stream, which) => {
			let partial = '';
			stream.setEncoding('utf8').on('data', (d) => {
				if (which === 'stdout') stdout = (stdout + d).slice(-1_000_000);
				else stderr = (stderr + d).slice(-1_000_000);
				if (quiet) return;
				partial += d;
				const lines = partial.split('\n');
				partial = lines.pop();
				for (const l of lines) if (l.trim()) log(`  ${l}`);
			});
		};
		pump(child.stdout, 'stdout');
		pump(child.stderr, 'stderr');
		child.on('error', reject);
		child.on('close', (code, signal) => {
			if (code === 0) return resolve({ stdout, stderr });
			reject(new Error(`${cmd} ${args.join(' ')} (in ${cwd}) failed: exit ${code}${signal ? ` ${signal}` : ''}\n${tail(stderr || stdout)}`));
		});
	});
}


export function safeReaddir(p) {
	try {
		return fs.readdirSync(p);
	} catch {
		return [];
	}
}
