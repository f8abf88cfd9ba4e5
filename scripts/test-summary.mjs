// Adds up the jest result files the test scripts wrote and prints one closing line for CI.
//   node scripts/test-summary.mjs [file …]
// Without arguments: .cache/results/jest.json, e2e.json, the e2e-n8n-<version>.json files of .ci/run
// (one per n8n line) and queue.json (npm run test:queue) that exist. Files named as arguments must exist: a missing one fails the summary.
import { existsSync, readdirSync, readFileSync } from 'node:fs';

const DIR = '.cache/results';
const named = process.argv.slice(2);
const found = existsSync(DIR)
	? readdirSync(DIR)
			.filter((name) => name === 'jest.json' || name === 'e2e.json' || name === 'queue.json' || /^e2e-n8n-.+\.json$/.test(name))
			.sort()
			.map((name) => `${DIR}/${name}`)
	: [];
const files = named.length > 0 ? named : found;
let passed = 0;
let failed = 0;
let missing = 0;
for (const file of files) {
	if (!existsSync(file)) {
		missing++;
		console.log(`${file}: missing (that suite wrote no results)`);
		continue;
	}
	const result = JSON.parse(readFileSync(file, 'utf8'));
	passed += result.numPassedTests;
	failed += result.numFailedTests;
	console.log(`${file}: ${result.numPassedTests} passed, ${result.numFailedTests} failed`);
}
console.log(`${passed} passed, ${failed} failed${missing > 0 ? `, ${missing} result file${missing > 1 ? 's' : ''} missing` : ''}`);
process.exit(failed > 0 || missing > 0 || files.length === 0 ? 1 : 0);
