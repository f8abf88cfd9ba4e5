#!/usr/bin/env node
// Records what `this.helpers.httpRequestWithAuthentication` throws in a real n8n when a call gets
// no HTTP answer (reset, timeout, refusal, a Base URL without scheme, TLS failures, an unknown host),
// into n8n-errors.json, which connection.test.ts rebuilds the errors from.
//
//   node test/transport/record-n8n-errors.cjs .cache/n8n-1.123.81 .cache/n8n-2.41.1
//
// Each argument is an n8n install (scripts/lib/real-n8n.mjs puts them in .cache). A probe node runs
// inside that n8n's own WorkflowExecute (its n8n-core and n8n-workflow), calls the helper the way
// transport/index.ts does against the Clerk sandbox and keeps the error's fields. Run it with a
// Node the install supports (n8n 2.x: the Node 24 in <install>/runtime).
const fs = require('node:fs');
const https = require('node:https');
const net = require('node:net');
const os = require('node:os');
const path = require('node:path');
const { execFileSync } = require('node:child_process');

const { startSandbox } = require('../sandbox/server');

const OUT = path.join(__dirname, 'n8n-errors.json');
const KEYS = { publicKey: 'probe-public-key', privateKey: 'probe-private-key-0123' };

/** The fields of an error worth keeping: no stacks, sockets, configs. */
function fields(error, depth = 0) {
	if (!error || typeof error !== 'object' || depth > 4) return undefined;
	const out = { class: error.constructor?.name, message: error.message };
	for (const key of ['name', 'code', 'httpCode', 'errno', 'syscall', 'description']) {
		if (error[key] !== undefined && error[key] !== null) out[key] = error[key];
	}
	if (Array.isArray(error.messages)) out.messages = [...error.messages];
	out.hasCause = 'cause' in error && error.cause !== undefined;
	if (error.cause && typeof error.cause === 'object') out.cause = fields(error.cause, depth + 1);
	if (error.errorResponse) out.errorResponse = fields(error.errorResponse, depth + 1);
	return out;
}

function selfSignedCert(dir) {
	try {
		execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', path.join(dir, 'key.pem'), '-out', path.join(dir, 'cert.pem'), '-days', '1', '-subj', '/CN=localhost'], { stdio: 'ignore' });
		return { key: fs.readFileSync(path.join(dir, 'key.pem')), cert: fs.readFileSync(path.join(dir, 'cert.pem')) };
	} catch {
		return undefined;
	}
}

async function closedPort() {
	const server = net.createServer();
	await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
	const { port } = server.address();
	await new Promise((resolve) => server.close(resolve));
	return port;
}

async function record(install) {
	const base = path.resolve(install, 'node_modules', 'n8n');
	const load = (name) => require(require.resolve(name, { paths: [base] }));
	const home = fs.mkdtempSync(path.join(os.tmpdir(), 'clerk-probe-'));
	process.env.N8N_USER_FOLDER = home;
	process.env.N8N_LOG_LEVEL = 'silent';
	const core = load('n8n-core');
	const workflowLib = load('n8n-workflow');
	const version = JSON.parse(fs.readFileSync(path.join(base, 'package.json'), 'utf8')).version;
	const workflowVersion = JSON.parse(fs.readFileSync(require.resolve('n8n-workflow/package.json', { paths: [base] }), 'utf8')).version;

	const sandbox = await startSandbox(KEYS);
	const pem = selfSignedCert(home);
	const tls = pem && https.createServer(pem, (_req, res) => res.end('{}'));
	if (tls) await new Promise((resolve) => tls.listen(0, '127.0.0.1', resolve));
	const cases = [
		{ name: 'reset', baseUrl: sandbox.url, fault: 'reset' },
		{ name: 'timeout', baseUrl: sandbox.url, fault: 'timeout', timeout: 300 },
		{ name: 'refused', baseUrl: `http://127.0.0.1:${await closedPort()}` },
		{ name: 'noScheme', baseUrl: `127.0.0.1:${sandbox.port}` },
		...(tls ? [{ name: 'tlsSelfSigned', baseUrl: `https://127.0.0.1:${tls.address().port}` }] : []),
		{ name: 'tlsToPlainHttp', baseUrl: `https://127.0.0.1:${sandbox.port}` },
		{ name: 'unknownHost', baseUrl: 'http://no-such-host.invalid' },
	];
	sandbox.script(...cases.filter((c) => c.fault).map((c) => ({ kind: c.fault })));

	const results = {};
	const probe = {
		description: { displayName: 'Probe', name: 'probe', group: ['transform'], version: 1, description: '', defaults: { name: 'Probe' }, inputs: ['main'], outputs: ['main'], properties: [] },
		async execute() {
			for (const c of cases) {
				try {
					await this.helpers.httpRequestWithAuthentication.call(
						this,
						'clerkIoApi',
						{ method: 'POST', url: '/v2/log/sale', json: true, returnFullResponse: true, ignoreHttpStatusErrors: true, timeout: c.timeout ?? 3000, body: { sale: 1, products: [{ id: 1, quantity: 1, price: 1 }] } },
						{ credentialsDecrypted: { id: '', name: 'clerkIoApi', type: 'clerkIoApi', data: { ...KEYS, baseUrl: c.baseUrl } } },
					);
					results[c.name] = { answered: true };
				} catch (error) {
					results[c.name] = fields(error);
				}
			}
			return [[{ json: {} }]];
		},
	};
	const trigger = {
		description: { displayName: 'Trigger', name: 'trigger', group: ['trigger'], version: 1, description: '', defaults: { name: 'Trigger' }, inputs: [], outputs: ['main'], properties: [] },
		async execute() {
			return [[{ json: {} }]];
		},
	};
	const nodes = [
		{ id: 't', name: 'Trigger', type: 'trigger', typeVersion: 1, position: [0, 0], parameters: {} },
		{ id: 'p', name: 'Probe', type: 'probe', typeVersion: 1, position: [200, 0], parameters: {}, credentials: { clerkIoApi: { id: '1', name: 'probe' } } },
	];
	const connections = { Trigger: { main: [[{ node: 'Probe', type: 'main', index: 0 }]] } };
	const nodeTypes = { getByName: (t) => (t === 'probe' ? probe : trigger), getByNameAndVersion: (t) => (t === 'probe' ? probe : trigger), getKnownTypes: () => ({}) };
	const workflow = new workflowLib.Workflow({ id: 'probe', nodes, connections, active: false, nodeTypes, settings: {} });
	class CredentialsHelper extends workflowLib.ICredentialsHelper {
		getParentTypes() {
			return [];
		}
		// the Clerk.io credential's authenticate, reduced to what a POST needs
		async authenticate(credentials, _type, options) {
			return { ...options, baseURL: String(credentials.baseUrl), body: { key: credentials.publicKey, private_key: credentials.privateKey, ...options.body } };
		}
		async preAuthentication() {}
		async runPreAuthentication() {}
		async getCredentials() {
			throw new Error('not used');
		}
		async getDecrypted() {
			return {};
		}
		async updateCredentials() {}
		async updateCredentialsOauthTokenData() {}
		getCredentialsProperties() {
			return [];
		}
	}
	const hooks = new core.ExecutionLifecycleHooks('manual', '1', { id: 'probe', name: 'probe', active: false, nodes, connections, settings: {} });
	const finished = new Promise((resolve) => hooks.addHandler('workflowExecuteAfter', resolve));
	const additionalData = {
		executionId: '1', hooks, credentialsHelper: new CredentialsHelper(), variables: {}, logAiEvent: () => {}, currentNodeExecutionIndex: 0,
		restApiUrl: 'http://127.0.0.1/rest', instanceBaseUrl: 'http://127.0.0.1/', formWaitingBaseUrl: 'x', webhookBaseUrl: 'x', webhookWaitingBaseUrl: 'x', webhookTestBaseUrl: 'x',
		getRunExecutionData: async () => undefined,
	};
	const execution = new core.WorkflowExecute(additionalData, 'manual');
	const start = workflow.getNode('Trigger');
	// 1.x: run(workflow, startNode); 2.x: run({ workflow, startNode })
	void (execution.run.length >= 2 ? execution.run(workflow, start) : execution.run({ workflow, startNode: start }));
	const run = await finished;
	if (run.data.resultData.error) throw new Error(`probe run failed: ${run.data.resultData.error.message}`);
	await sandbox.close();
	tls?.close();
	fs.rmSync(home, { recursive: true, force: true });
	return { n8n: version, 'n8n-workflow': workflowVersion, node: process.version, errors: results };
}

(async () => {
	const installs = process.argv.slice(2);
	if (installs.length === 0) throw new Error('usage: record-n8n-errors.cjs <n8n install dir>…');
	const recorded = fs.existsSync(OUT) ? JSON.parse(fs.readFileSync(OUT, 'utf8')) : {};
	for (const install of installs) {
		const result = await record(install);
		recorded[result.n8n] = result;
		process.stdout.write(`n8n ${result.n8n}: ${Object.keys(result.errors).join(', ')}\n`);
	}
	fs.writeFileSync(OUT, `${JSON.stringify(recorded, null, '\t')}\n`);
	process.exit(0);
})().catch((error) => {
	process.stderr.write(`${error.stack}\n`);
	process.exit(1);
});
