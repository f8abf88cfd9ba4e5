// Live check against a real Clerk.io store (`npm run test:live`; README › Live check). Not part of npm test.
const base = require('./jest.config');

/** @type {import('jest').Config} */
module.exports = {
	...base,
	testPathIgnorePatterns: ['/node_modules/'],
	testMatch: ['**/test/live/*.test.ts'],
	// One store, calls one after another.
	maxWorkers: 1,
};
