// n8n-core's InstanceSettings writes ~/.n8n/config on first use: keep it in a throw-away folder.
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

if (!process.env.N8N_USER_FOLDER_FOR_TESTS) {
	process.env.N8N_USER_FOLDER_FOR_TESTS = fs.mkdtempSync(path.join(os.tmpdir(), 'clerk-n8n-'));
}
process.env.N8N_USER_FOLDER = process.env.N8N_USER_FOLDER_FOR_TESTS;
process.env.N8N_DIAGNOSTICS_ENABLED = 'false';
// The engine logs every node error; the tests assert them instead.
process.env.N8N_LOG_LEVEL = 'silent';
