// Runs once before the e2e files: installs the pinned real n8n (N8N_VERSION, default 2.41.1; the
// first run takes minutes) and packs the built package with `npm pack`, as a user would get it from
// the registry. Test files read the results from process.env (jest shares it with --runInBand).
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

import { CACHE_ROOT, DEFAULT_N8N_VERSION, ensureN8n, REPO_ROOT, WORK_ROOT } from '../../scripts/lib/real-n8n.mjs';

export default async function globalSetup() {
	const version = process.env.N8N_VERSION || DEFAULT_N8N_VERSION;
	const started = Date.now();
	const log = (message) => process.stderr.write(`[e2e] ${message}\n`);

	if (!fs.existsSync(path.join(REPO_ROOT, 'dist/nodes/ClerkIo/ClerkIo.node.js'))) {
		throw new Error('dist/ is missing: run `npm run build` first (npm run test:e2e does)');
	}
	log(`n8n ${version}: ensuring the install under ${CACHE_ROOT} (the first run takes several minutes)`);
	const inst = await ensureN8n({ version, log: (message) => log(`  ${message}`) });
	log(`n8n ${inst.version} ready (${((Date.now() - started) / 1000).toFixed(0)} s), Node ${inst.nodeBin}`);

	const packDir = path.join(WORK_ROOT, 'e2e', 'pack');
	fs.rmSync(packDir, { recursive: true, force: true });
	fs.mkdirSync(packDir, { recursive: true });
	const packed = JSON.parse(
		execFileSync('npm', ['pack', '--json', '--ignore-scripts', '--pack-destination', packDir], { cwd: REPO_ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] }),
	);
	const tarball = path.join(packDir, packed[0].filename);
	log(`packed ${path.relative(REPO_ROOT, tarball)} (${packed[0].entryCount} files, ${packed[0].size} bytes)`);

	const files = packed[0].files.map((file) => file.path);
	for (const needed of ['dist/nodes/ClerkIo/ClerkIo.node.js', 'dist/nodes/ClerkIo/clerkIo.svg', 'dist/credentials/ClerkIoApi.credentials.js']) {
		if (!files.includes(needed)) throw new Error(`${packed[0].filename} lacks ${needed}: was dist/ rebuilt while it was packed? Run npm run test:e2e again`);
	}

	const chromium = ensureChromium(log);
	process.env.E2E_N8N_VERSION = inst.version;
	process.env.E2E_TARBALL = tarball;
	process.env.E2E_CHROMIUM = chromium.path ?? '';
	process.env.E2E_CHROMIUM_SKIP = chromium.skip ?? '';
}

/**
 * The editor test drives Debian's Chromium (no browser download): CHROMIUM_PATH, else
 * /usr/bin/chromium, else `apt-get install -y chromium` when running as root. Returns { path } or
 * { skip: reason }.
 */
function ensureChromium(log) {
	const candidates = [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser'].filter(Boolean);
	const found = () => candidates.find((file) => fs.existsSync(file));
	if (found()) return { path: found() };
	if (process.platform !== 'linux' || process.getuid?.() !== 0) {
		return { skip: 'no Chromium at /usr/bin/chromium and not root, so it cannot be installed with apt-get (set CHROMIUM_PATH)' };
	}
	const apt = (args) => execFileSync('apt-get', args, { stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
	try {
		log('installing Debian chromium with apt-get for the editor test');
		try {
			apt(['install', '-y', 'chromium']);
		} catch {
			apt(['update']);
			apt(['install', '-y', 'chromium']);
		}
	} catch (error) {
		return { skip: `apt-get install chromium failed: ${String(error.stderr || error.message).trim().split('\n').pop()}` };
	}
	return found() ? { path: found() } : { skip: 'apt-get installed chromium, but no /usr/bin/chromium' };
}
