// An installed n8n as the other modules use it: its Node, its CLI, and the headless environment
// every n8n process here runs with (fixed test encryption key, 127.0.0.1, no telemetry).
import path from 'node:path';
import { CACHE_ROOT, nodeMajor, TEST_ENCRYPTION_KEY } from './common.mjs';

export function makeInstance(info) {
	const dir = path.join(CACHE_ROOT, `n8n-${info.version}`);
	const nodeBin = info.nodeBin === 'system' ? process.execPath : path.join(dir, info.nodeBin);
	const n8nBin = path.join(dir, info.n8nBin);
	const major = nodeMajor(info.version);
	const inst = {
		version: info.version,
		dir,
		nodeBin,
		n8nBin,
		/** Environment for running this n8n headless with the given N8N_USER_FOLDER. */
		env(userFolder, extra = {}) {
			return buildEnv({ nodeBin, userFolder, n8nMajor: major, extra });
		},
	};
	return inst;
}

export function buildEnv({ nodeBin, userFolder, n8nMajor, extra }) {
	if (!userFolder) throw new Error('env(userFolder): userFolder is required');
	const env = { ...process.env };
	// A parent `npm run` / jest leaves these behind; they only confuse the child.
	for (const k of Object.keys(env)) if (k.startsWith('npm_lifecycle_') || k.startsWith('npm_package_')) delete env[k];
	delete env.NODE_OPTIONS; // flags meant for the parent's Node (e.g. jest's) may not suit Node 24
	const pathKey = Object.keys(env).find((k) => k.toUpperCase() === 'PATH') || 'PATH';
	env[pathKey] = [path.dirname(nodeBin), env[pathKey]].filter(Boolean).join(path.delimiter);
	Object.assign(env, {
		N8N_USER_FOLDER: path.resolve(userFolder),
		N8N_ENCRYPTION_KEY: TEST_ENCRYPTION_KEY,
		N8N_DIAGNOSTICS_ENABLED: 'false',
		N8N_VERSION_NOTIFICATIONS_ENABLED: 'false',
		N8N_PERSONALIZATION_ENABLED: 'false',
		N8N_TEMPLATES_ENABLED: 'false',
		N8N_HIRING_BANNER_ENABLED: 'false',
		N8N_SECURE_COOKIE: 'false',
		N8N_LISTEN_ADDRESS: '127.0.0.1',
		N8N_HOST: 'localhost',
		N8N_PROTOCOL: 'http',
		N8N_ENFORCE_SETTINGS_FILE_PERMISSIONS: 'false',
		N8N_RUNNERS_BROKER_LISTEN_ADDRESS: '127.0.0.1',
		DB_TYPE: 'sqlite',
		N8N_LOG_LEVEL: env.N8N_LOG_LEVEL || 'info',
	});
	if (n8nMajor < 2) {
		// isolated-vm is not built for 1.x; its default engine would need it.
		env.N8N_EXPRESSION_ENGINE = 'legacy';
		// 1.x: task runners are opt-in and only matter for the Code node; keep them off
		// (2.x always runs them in internal mode; N8N_RUNNERS_ENABLED is deprecated there).
		env.N8N_RUNNERS_ENABLED = 'false';
		// 1.x warns when these are unset; use the 2.x defaults.
		env.DB_SQLITE_POOL_SIZE = '3';
		env.N8N_BLOCK_ENV_ACCESS_IN_NODE = 'true';
		env.N8N_GIT_NODE_DISABLE_BARE_REPOS = 'true';
	}
	for (const [k, v] of Object.entries(extra || {})) {
		if (v === undefined || v === null) delete env[k];
		else env[k] = String(v);
	}
	return env;
}
