// The test scripts write jest's JSON results here for CI's summary line.
require('node:fs').mkdirSync(require('node:path').join(__dirname, '.cache/results'), { recursive: true });

/** @type {import('jest').Config} */
module.exports = {
	testEnvironment: 'node',
	roots: ['<rootDir>/test'],
	testMatch: ['**/*.test.ts'],
	testPathIgnorePatterns: ['/node_modules/', '/test/e2e/', '/test/live/'],
	transform: {
		'^.+\\.ts$': ['ts-jest', { tsconfig: 'test/tsconfig.json' }],
	},
	setupFiles: ['<rootDir>/test/helpers/setup.js'],
	testTimeout: 120000,
};
