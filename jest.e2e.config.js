// End-to-end suite (`npm run test:e2e`): the packed package inside a real n8n (README › Development).
// Plain ESM test files, no transform; run with --experimental-vm-modules (the script does).
require('node:fs').mkdirSync(require('node:path').join(__dirname, '.cache/results'), { recursive: true });

/** @type {import('jest').Config} */
module.exports = {
	testEnvironment: 'node',
	roots: ['<rootDir>/test/e2e'],
	testMatch: ['**/*.test.mjs'],
	transform: {},
	// installs n8n (first run: minutes), packs the package; shared by every file through process.env
	globalSetup: '<rootDir>/test/e2e/global-setup.mjs',
	// n8n boots take 20-60 s each on a busy 2-core machine
	testTimeout: 15 * 60 * 1000,
	slowTestThreshold: 120,
	maxWorkers: 1,
};
