// A pinned, REAL n8n for `npm start`, `npm run demo`, the bench and the end-to-end and queue suites,
// installed inside the git-ignored <repo>/.cache folder (N8N_CACHE_DIR moves it).
//
//   const inst = await ensureN8n({ version: '2.41.1' });  // idempotent, fast when warm
//   await installCommunityPackage(inst, userFolder, 'n8n-nodes-clerk-io-0.1.0.tgz');
//   await importWorkflow(inst, userFolder, 'wf.json');
//   const run = await executeWorkflow(inst, userFolder, 'wf-id');
//
// The work is split by job under ./n8n/; this file only gathers their names:
//   install.mjs (+ lock.mjs)  install n8n into the cache (Node 24 when needed, sqlite3 built)
//   instance.mjs              an installed n8n: its Node, CLI and headless environment
//   package.mjs               install the packed package as a community package
//   process.mjs               run n8n: one CLI command, `execute` and its run JSON, `n8n start`
//   rest.mjs                  drive a started n8n's REST API (owner, login, requests, activate)
//   services.mjs, queue.mjs   queue mode: private PostgreSQL and Redis, one main and workers
//   common.mjs                paths, pinned version, test key, run/freePort helpers

export { CACHE_ROOT, DEFAULT_N8N_VERSION, freePort, REPO_ROOT, TEST_ENCRYPTION_KEY, WORK_ROOT } from './n8n/common.mjs';
export { ensureN8n, freeDiskBytes, N8N_INSTALL_BYTES } from './n8n/install.mjs';
export { installCommunityPackage } from './n8n/package.mjs';
export { executeWorkflow, extractJson, importCredentials, importWorkflow, nodeOutput, runN8n, startN8n } from './n8n/process.mjs';
export { activateWorkflow, DEFAULT_OWNER, login, ownerEnv, setupOwner } from './n8n/rest.mjs';
