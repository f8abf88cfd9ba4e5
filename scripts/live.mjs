// npm run test:live: the live check against a real Clerk.io store (test/live/live.test.ts), or one
// "skipped" line when no keys are given, so it is safe to run anywhere.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

if (!process.env.CLERK_PUBLIC_KEY || !process.env.CLERK_PRIVATE_KEY) {
	console.log('test:live skipped: set CLERK_PUBLIC_KEY and CLERK_PRIVATE_KEY of a test store (CLERK_LIVE_WRITES=1 to also write one test product)');
	process.exit(0);
}
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const jest = path.join(root, 'node_modules', 'jest', 'bin', 'jest.js');
const { status } = spawnSync(process.execPath, [jest, '-c', 'jest.live.config.js', '--runInBand'], { cwd: root, stdio: 'inherit' });
process.exit(status ?? 1);
