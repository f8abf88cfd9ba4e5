// Shared setup of `npm start` and `npm run demo`: build + pack this package, install it into a real
// n8n's user folder as a community package, import the "Clerk.io sandbox" credential and the example
// workflows. Dependency-free (node: built-ins); n8n itself comes from ./real-n8n.mjs.
//
// Caching: <userFolder>/clerk-demo-state.json remembers what was installed and imported (hashes of
// the packed package, the credential and each example workflow), so a second run only redoes the
// steps whose input changed. Delete the user folder to start from scratch.

import { spawn } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import net from 'node:net';
import path from 'node:path';

import {
	CACHE_ROOT,
	DEFAULT_N8N_VERSION,
	REPO_ROOT,
	ensureN8n,
	importCredentials,
	importWorkflow,
	installCommunityPackage,
} from './real-n8n.mjs';

export const EXAMPLES_DIR = path.join(REPO_ROOT, 'examples');
export const CREDENTIAL = { id: 'ClerkIoSandbox01', name: 'Clerk.io sandbox', type: 'clerkIoApi' };
export const NODE_TYPE = 'n8n-nodes-clerk-io.clerkIo';
export const TOOL_TYPE = 'n8n-nodes-clerk-io.clerkIoTool';
/** Login for the editor that `npm start` creates (local demo only). */
export const DEMO_OWNER = { email: 'demo@example.com', password: 'ClerkSandbox1', firstName: 'Demo', lastName: 'Owner' };

const STATE_FILE = 'clerk-demo-state.json';

export const log = (msg) => process.stdout.write(`${msg}\n`);

export function secs(ms) {
	return `${(ms / 1000).toFixed(1)} s`;
}

/** User folder of the n8n that `npm start` (kind 'home') or `npm run demo` (kind 'demo') uses. */
export function userFolderFor(kind, version) {
	const base = kind === 'demo' ? 'n8n-demo' : 'n8n-home';
	return path.join(CACHE_ROOT, version === DEFAULT_N8N_VERSION ? base : `${base}-${version}`);
}

/** The example workflows: [{ file, workflow }], sorted by file name. */
export function readExamples() {
	return fs
		.readdirSync(EXAMPLES_DIR)
		.filter((f) => f.endsWith('.json'))
		.sort()
		.map((file) => ({ file, workflow: JSON.parse(fs.readFileSync(path.join(EXAMPLES_DIR, file), 'utf8')) }));
}

/** Whether a workflow needs more than the Clerk sandbox to run (a chat model: the AI agent example). */
export function needsModel(workflow) {
	return workflow.nodes.some((n) => n.type.startsWith('@n8n/n8n-nodes-langchain.'));
}

/** Runs a command to completion; output is captured and shown only when it fails. */
export function runQuiet(cmd, args, { cwd = REPO_ROOT, env = process.env } = {}) {
	return new Promise((resolve, reject) => {
		const child = spawn(cmd, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'], shell: process.platform === 'win32' });
		let out = '';
		child.stdout.setEncoding('utf8').on('data', (d) => (out += d));
		child.stderr.setEncoding('utf8').on('data', (d) => (out += d));
		child.on('error', reject);
		child.on('close', (code) =>
			code === 0 ? resolve(out) : reject(new Error(`${cmd} ${args.join(' ')} failed (exit ${code})\n${out.slice(-4000)}`)),
		);
	});
}

const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';

/** Everything the build and the packed package are made of. */
const BUILD_INPUTS = ['nodes', 'credentials', 'package.json', 'tsconfig.json', 'gulpfile.js', 'README.md', 'LICENSE', 'CHANGELOG.md'];

function sourceHash() {
	const h = crypto.createHash('sha256');
	const add = (rel) => {
		const abs = path.join(REPO_ROOT, rel);
		let stat;
		try {
			stat = fs.statSync(abs);
		} catch {
			return;
		}
		if (stat.isDirectory()) {
			for (const e of fs.readdirSync(abs).sort()) add(path.join(rel, e));
		} else {
			h.update(`${rel}\0`).update(fs.readFileSync(abs)).update('\0');
		}
	};
	BUILD_INPUTS.forEach(add);
	return h.digest('hex').slice(0, 16);
}

/**
 * `npm run build`, then `npm pack` into <cache>/pack. Returns { tarball, built }. Skipped when the
 * sources are unchanged since the last pack (same hash) and its tarball is still there.
 */
export async function buildAndPack({ force = process.env.CLERK_FORCE_BUILD === '1' } = {}) {
	const dest = path.join(CACHE_ROOT, 'pack');
	const stampFile = path.join(dest, 'last-pack.json');
	const before = sourceHash();
	try {
		const stamp = JSON.parse(fs.readFileSync(stampFile, 'utf8'));
		if (!force && stamp.sourceHash === before && fs.existsSync(stamp.tarball)) return { tarball: stamp.tarball, built: false };
	} catch {}
	// fresh clone: the build tools (typescript, gulp, rimraf) are devDependencies
	if (!['tsc', 'gulp', 'rimraf'].every((bin) => fs.existsSync(path.join(REPO_ROOT, 'node_modules', '.bin', bin)))) {
		log('  installing the development dependencies (npm ci, first run only)');
		await runQuiet(npm, ['ci', '--ignore-scripts', '--no-audit', '--no-fund']);
	}
	await runQuiet(npm, ['run', 'build']);
	await fsp.mkdir(dest, { recursive: true });
	const out = await runQuiet(npm, ['pack', '--json', '--ignore-scripts', '--pack-destination', dest]);
	const [info] = JSON.parse(out.slice(out.indexOf('[')));
	const tarball = path.join(dest, info.filename);
	const packed = new Set(info.files.map((f) => f.path));
	const pkg = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8'));
	const missing = [...pkg.n8n.nodes, ...pkg.n8n.credentials].filter((f) => !packed.has(f));
	if (missing.length) throw new Error(`${info.filename} lacks ${missing.join(', ')}: was dist/ rebuilt while it was packed? Run again`);
	// a source edited while building: don't trust this pack next time
	if (sourceHash() === before) fs.writeFileSync(stampFile, JSON.stringify({ sourceHash: before, tarball }, null, 2));
	return { tarball, built: true };
}

/** Whether 127.0.0.1:port can be listened on right now. */
export function portFree(port) {
	return new Promise((resolve) => {
		const srv = net.createServer();
		srv.once('error', () => resolve(false));
		srv.listen(port, '127.0.0.1', () => srv.close(() => resolve(true)));
	});
}

/**
 * Starts `node test/sandbox/cli.js --demo` on `port` (or a free port when it is taken) as a child
 * process. Resolves { url, publicKey, privateKey, child, stop() }.
 */
export async function startSandboxProcess({ port = 4010, latencyMs = 0 } = {}) {
	const tryPort = async (p) => {
		// The demo shop's IDs are numbers: the sandbox refuses text IDs as Clerk would (credential: ID Type Number).
		// token/verify accepts only the tokens of the sandbox's importer (example 06).
		const child = spawn(process.execPath, [path.join(REPO_ROOT, 'test/sandbox/cli.js'), '--port', String(p), '--demo', '--id-type', 'number', '--signed-tokens', '--latency', String(latencyMs)], {
			cwd: REPO_ROOT,
			stdio: ['ignore', 'pipe', 'pipe'],
		});
		let err = '';
		child.stderr.setEncoding('utf8').on('data', (d) => (err += d));
		const info = await new Promise((resolve, reject) => {
			let out = '';
			const onData = (d) => {
				out += d;
				const nl = out.indexOf('\n');
				if (nl >= 0) {
					child.stdout.off('data', onData);
					try {
						resolve(JSON.parse(out.slice(0, nl)));
					} catch (e) {
						reject(e);
					}
				}
			};
			child.stdout.setEncoding('utf8').on('data', onData);
			child.once('exit', (code) => reject(new Error(`sandbox exited (${code}): ${err.trim()}`)));
		});
		const exited = new Promise((r) => child.once('exit', r));
		return {
			...info,
			child,
			async stop() {
				if (child.exitCode !== null || child.signalCode !== null) return;
				child.kill('SIGTERM');
				const t = setTimeout(() => child.kill('SIGKILL'), 5000);
				await exited;
				clearTimeout(t);
			},
		};
	};
	if (port && (await portFree(port))) {
		try {
			return await tryPort(port);
		} catch {}
	}
	return tryPort(0);
}

function hash(data) {
	return crypto.createHash('sha256').update(data).digest('hex').slice(0, 16);
}

function readState(userFolder) {
	try {
		return JSON.parse(fs.readFileSync(path.join(userFolder, STATE_FILE), 'utf8'));
	} catch {
		return {};
	}
}

function writeState(userFolder, state) {
	fs.writeFileSync(path.join(userFolder, STATE_FILE), JSON.stringify(state, null, 2) + '\n');
}

/**
 * Makes <userFolder> hold the packed package (reinstalled when its content changed), the sandbox
 * credential (re-imported when URL or keys changed) and the example workflows (re-imported when a
 * file changed; credential references point at the sandbox credential). Returns { steps } with what
 * was done and how long each step took.
 */
export async function prepareUserFolder(inst, userFolder, { tarball, sandbox }) {
	await fsp.mkdir(userFolder, { recursive: true });
	const state = readState(userFolder);
	if (state.n8nVersion && state.n8nVersion !== inst.version) {
		throw new Error(`${userFolder} was set up for n8n ${state.n8nVersion}, not ${inst.version}; delete it or choose that version`);
	}
	state.n8nVersion = inst.version;
	const steps = [];
	const step = async (name, fn) => {
		const t = Date.now();
		const what = await fn();
		steps.push({ name, ms: Date.now() - t, what });
		writeState(userFolder, state);
	};

	const pkgHash = hash(fs.readFileSync(tarball));
	const pkgDir = path.join(userFolder, '.n8n', 'nodes', 'node_modules', 'n8n-nodes-clerk-io');
	await step('package', async () => {
		if (state.packageHash === pkgHash && fs.existsSync(path.join(pkgDir, 'package.json'))) return 'unchanged';
		await installCommunityPackage(inst, userFolder, tarball);
		state.packageHash = pkgHash;
		return `installed ${path.basename(tarball)}`;
	});

	const importDir = path.join(userFolder, 'import');
	await fsp.mkdir(importDir, { recursive: true });
	const credential = {
		...CREDENTIAL,
		// The demo shop's IDs are numbers, so IDs typed as text ("9") are sent as numbers.
		data: { publicKey: sandbox.publicKey, privateKey: sandbox.privateKey, baseUrl: sandbox.url, idType: 'number' },
	};
	const credHash = hash(JSON.stringify(credential));
	await step('credential', async () => {
		if (state.credentialHash === credHash) return 'unchanged';
		const file = path.join(importDir, 'credentials.json');
		fs.writeFileSync(file, JSON.stringify([credential], null, 2));
		await importCredentials(inst, userFolder, file);
		state.credentialHash = credHash;
		return `imported "${CREDENTIAL.name}" (${sandbox.url})`;
	});

	const examples = readExamples().map(({ file, workflow }) => ({ file, workflow: wireCredential(workflow, sandbox.url) }));
	state.workflows ??= {};
	const changed = examples.filter(({ workflow }) => state.workflows[workflow.id] !== hash(JSON.stringify(workflow)));
	await step('workflows', async () => {
		if (changed.length === 0) return 'unchanged';
		const file = path.join(importDir, 'workflows.json');
		fs.writeFileSync(file, JSON.stringify(changed.map((c) => c.workflow), null, 2));
		await importWorkflow(inst, userFolder, file);
		for (const { workflow } of changed) state.workflows[workflow.id] = hash(JSON.stringify(workflow));
		return `imported ${changed.length}: ${changed.map((c) => c.file).join(', ')}`;
	});
	return { steps, examples };
}

// Examples that download a feed from the sandbox (HTTP Request) name it at its default address.
const EXAMPLE_SANDBOX_URL = 'http://127.0.0.1:4010';

/**
 * Points every Clerk.io credential reference at the sandbox credential, and a feed URL of the
 * sandbox's default address at the address it runs on (`sandboxUrl`, when given).
 */
export function wireCredential(workflow, sandboxUrl) {
	const copy = structuredClone(workflow);
	for (const node of copy.nodes) {
		if (node.credentials?.clerkIoApi) node.credentials.clerkIoApi = { id: CREDENTIAL.id, name: CREDENTIAL.name };
		if (sandboxUrl && typeof node.parameters?.url === 'string') node.parameters.url = node.parameters.url.replace(EXAMPLE_SANDBOX_URL, sandboxUrl);
	}
	return copy;
}

/** ensureN8n with a progress note, since a cold install takes minutes. */
export async function ensurePinnedN8n() {
	const version = process.env.N8N_VERSION || DEFAULT_N8N_VERSION;
	const marker = path.join(CACHE_ROOT, `n8n-${version}`, '.install-ok.json');
	if (!fs.existsSync(marker)) {
		log(`  installing n8n ${version} into ${path.relative(REPO_ROOT, CACHE_ROOT) || '.'}/n8n-${version} (first run only: about 6-10 min, ~3 GB of disk; progress below)`);
	}
	return ensureN8n({ version });
}
