// Queue-mode suite (`npm run test:queue`): the packed package in real n8n 2.41.1 in queue mode (one
// main, two workers, PostgreSQL, Redis), driven through production webhooks (README › Run at scale).
// Plain ESM test files, no transform; run with --experimental-vm-modules (the script does).
require('node:fs').mkdirSync(require('node:path').join(__dirname, '.cache/results'), { recursive: true });

/** @type {import('jest').Config} */
module.exports = {
	testEnvironment: 'node',
	roots: ['<rootDir>/test/queue'],
	testMatch: ['**/*.test.mjs'],
	transform: {},
	// installs n8n (first run: minutes) and packs the package, as the e2e suite does
	globalSetup: '<rootDir>/test/queue/global-setup.mjs',
	testTimeout: 15 * 60 * 1000,
	slowTestThreshold: 300,
	maxWorkers: 1,
};
