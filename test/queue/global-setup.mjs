// Runs once before the queue suite: installs the pinned n8n (queue mode is proven on the 2.x line,
// N8N_VERSION moves it) and packs the built package, as the e2e suite's setup does; PostgreSQL and
// Redis are started (and installed when missing) by the suite itself.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

import { DEFAULT_N8N_VERSION, ensureN8n, REPO_ROOT, WORK_ROOT } from '../../scripts/lib/real-n8n.mjs';

export default async function globalSetup() {
	const version = process.env.N8N_VERSION || DEFAULT_N8N_VERSION;
	const log = (message) => process.stderr.write(`[queue] ${message}\n`);
	if (!fs.existsSync(path.join(REPO_ROOT, 'dist/nodes/ClerkIo/ClerkIo.node.js'))) {
		throw new Error('dist/ is missing: run `npm run build` first (npm run test:queue does)');
	}
	const inst = await ensureN8n({ version, log: (message) => log(`  ${message}`) });
	const packDir = path.join(WORK_ROOT, 'queue', 'pack');
	fs.rmSync(packDir, { recursive: true, force: true });
	fs.mkdirSync(packDir, { recursive: true });
	const packed = JSON.parse(
		execFileSync('npm', ['pack', '--json', '--ignore-scripts', '--pack-destination', packDir], { cwd: REPO_ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] }),
	);
	process.env.QUEUE_N8N_VERSION = inst.version;
	process.env.QUEUE_TARBALL = path.join(packDir, packed[0].filename);
	log(`n8n ${inst.version}, packed ${packed[0].filename}`);
}
