#!/usr/bin/env node
// n8n's verification scanner (@n8n/scan-community-package) on this package, both legs as n8n runs
// them (scanner.mjs analyzePackageByName), but on the local tree and a locally packed tarball, since
// the package is not published yet (the scanner's own CLI downloads it from npm):
//   source leg:  package.json and {nodes,credentials}/**/*.{js,ts,json} of the repository
//   tarball leg: **/*.js and package.json of the unpacked `npm pack` tarball
// Needs a built dist/ (npm test builds first). Exits with 1 when a leg fails.
//   node scripts/n8n-checks.mjs
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { SOURCE_FILE_PATTERNS, analyzePackage } from '@n8n/scan-community-package/scanner/scanner.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const work = path.join(root, '.cache', 'n8n-checks');
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';

if (!fs.existsSync(path.join(root, 'dist', 'nodes'))) {
	console.error('n8n-checks: no dist/ (run `npm run build` first)');
	process.exit(1);
}

fs.rmSync(work, { recursive: true, force: true });
fs.mkdirSync(path.join(work, 'package'), { recursive: true });
// dist/ is fresh (npm test builds first): pack it as it is, without prepack building it again
const out = execFileSync(npm, ['pack', '--json', '--ignore-scripts', '--pack-destination', work], {
	cwd: root,
	encoding: 'utf8',
	stdio: ['ignore', 'pipe', 'pipe'],
	shell: process.platform === 'win32',
});
const [info] = JSON.parse(out.slice(out.indexOf('[')));
execFileSync('tar', ['-xzf', path.join(work, info.filename), '-C', path.join(work, 'package'), '--strip-components=1']);

const legs = [
	{ name: 'source leg', dir: root, patterns: SOURCE_FILE_PATTERNS },
	{ name: `tarball leg (${info.filename}, ${info.entryCount} files)`, dir: path.join(work, 'package'), patterns: ['**/*.js', 'package.json'] },
];
let failed = false;
for (const leg of legs) {
	const result = await analyzePackage(leg.dir, leg.patterns);
	if (result.passed) {
		console.log(`@n8n/scan-community-package ${leg.name}: passed${result.message ? ` (${result.message})` : ''}`);
	} else {
		failed = true;
		console.log(`@n8n/scan-community-package ${leg.name}: FAILED: ${result.message}\n${result.details || ''}`);
	}
}
process.exit(failed ? 1 : 0);
