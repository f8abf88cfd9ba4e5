// Adds up the jest result files the test scripts wrote and prints one closing line for CI.
import { existsSync, readFileSync } from 'node:fs';

const files = ['.cache/results/jest.json', '.cache/results/e2e.json'].filter((file) => existsSync(file));
let passed = 0;
let failed = 0;
for (const file of files) {
	const result = JSON.parse(readFileSync(file, 'utf8'));
	passed += result.numPassedTests;
	failed += result.numFailedTests;
	console.log(`${file}: ${result.numPassedTests} passed, ${result.numFailedTests} failed`);
}
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed > 0 || files.length === 0 ? 1 : 0);
