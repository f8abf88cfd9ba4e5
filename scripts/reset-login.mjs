#!/usr/bin/env node
// `npm run reset-login`: forgets the login of the `npm start` playground (n8n's
// `user-management:reset` on .cache/n8n-home), keeping its workflows and credentials. The next
// `npm start` creates the demo account again. Run it while `npm start` is stopped.
import fs from 'node:fs';
import path from 'node:path';

import { userFolderFor } from './lib/clerk-demo.mjs';
import { CACHE_ROOT, DEFAULT_N8N_VERSION, REPO_ROOT, ensureN8n, runN8n } from './lib/real-n8n.mjs';

const version = process.env.N8N_VERSION || DEFAULT_N8N_VERSION;
if (!fs.existsSync(path.join(CACHE_ROOT, `n8n-${version}`, '.install-ok.json'))) {
	console.log(`n8n ${version} is not installed yet (npm start installs it): nothing to reset`);
	process.exit(0);
}
const inst = await ensureN8n({ version });
const userFolder = userFolderFor('home', inst.version);
if (!fs.existsSync(path.join(userFolder, '.n8n', 'database.sqlite'))) {
	console.log(`${path.relative(REPO_ROOT, userFolder)} has no n8n database yet: nothing to reset`);
	process.exit(0);
}
const res = await runN8n(inst, ['user-management:reset'], { userFolder });
if (res.code !== 0) {
	console.error(`n8n user-management:reset failed (exit ${res.code}); is npm start still running?\n${res.stderr.slice(-2000)}`);
	process.exit(1);
}
console.log('The playground login is reset: the next `npm start` creates demo@example.com / ClerkSandbox1 again.');
