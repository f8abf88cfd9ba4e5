#!/usr/bin/env node
// Installs the pinned real n8n into .cache/ (idempotent) and prints how long it took.
//   node scripts/n8n-install.mjs [version]      (default: $N8N_VERSION or 2.41.1)
import { ensureN8n, DEFAULT_N8N_VERSION } from './lib/real-n8n.mjs';

const version = process.argv[2] || process.env.N8N_VERSION || DEFAULT_N8N_VERSION;
const started = process.hrtime.bigint();
try {
	const inst = await ensureN8n({ version });
	const secs = Number(process.hrtime.bigint() - started) / 1e9;
	console.log(`n8n ${inst.version} ready in ${secs.toFixed(2)} s`);
	console.log(`  dir:     ${inst.dir}`);
	console.log(`  node:    ${inst.nodeBin}`);
	console.log(`  n8n bin: ${inst.n8nBin}`);
} catch (err) {
	console.error(`n8n ${version} install failed after ${(Number(process.hrtime.bigint() - started) / 1e9).toFixed(1)} s`);
	console.error(err.message);
	process.exit(1);
}
