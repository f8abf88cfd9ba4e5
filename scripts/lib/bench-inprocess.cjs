// @ts-check
/**
 * In-process measurements for scripts/bench.mjs: the Clerk.io node (compiled, from a dist folder)
 * run by n8n-core's WorkflowExecute, like test/helpers/engine.ts does, against a sandbox that runs
 * in ANOTHER process. Prints one JSON line with the result.
 *
 *   node bench-inprocess.cjs '<json>'   json: {mode: 'cpu' | 'memory', dist, baseUrl, publicKey,
 *                                              privateKey, n, repeats?, warmups?}
 * cpu:    process.cpuUsage() around whole workflow runs (Trigger → Clerk.io Create or Update) of n
 *         items, minus the same run with a pass-through node in place of Clerk.io; median of repeats.
 * memory: one run of n items (run with --expose-gc); RSS and heap sampled every 5 ms and at every
 *         node start/end, growth measured from a baseline taken after the items exist.
 */
const path = require('node:path');

const { ExecutionLifecycleHooks, WorkflowExecute } = require('n8n-core');
const { ICredentialsHelper, NodeConnectionTypes, Workflow } = require('n8n-workflow');

const { feedProduct } = require(path.join(__dirname, '..', '..', 'test', 'sandbox', 'feed'));

const options = JSON.parse(process.argv[2] ?? '{}');
const { ClerkIo } = require(path.join(options.dist, 'nodes', 'ClerkIo', 'ClerkIo.node.js'));
const { ClerkIoApi } = require(path.join(options.dist, 'credentials', 'ClerkIoApi.credentials.js'));

let triggerItems = [];
const trigger = {
	description: {
		displayName: 'Items Trigger',
		name: 'itemsTrigger',
		group: ['trigger'],
		version: 1,
		description: 'Emits the prepared items',
		defaults: { name: 'Trigger' },
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		properties: [],
	},
	async execute() {
		return [triggerItems];
	},
};
const passThrough = {
	description: { ...trigger.description, displayName: 'Pass', name: 'pass', group: ['transform'], inputs: [NodeConnectionTypes.Main] },
	async execute() {
		return [this.getInputData()];
	},
};
const clerkIo = new ClerkIo();
const credentialType = new ClerkIoApi();
const nodeTypes = {
	getByName: (type) => (type.endsWith('clerkIo') ? clerkIo : type === 'pass' ? passThrough : trigger),
	getByNameAndVersion: (type) => (type.endsWith('clerkIo') ? clerkIo : type === 'pass' ? passThrough : trigger),
	getKnownTypes: () => ({}),
};

class CredentialsHelper extends ICredentialsHelper {
	constructor(data) {
		super();
		this.data = data;
	}
	getParentTypes() {
		return [];
	}
	isCredentialUsableByNode() {
		return true;
	}
	async authenticate(credentials, _type, requestOptions) {
		return await credentialType.authenticate(credentials, requestOptions);
	}
	async preAuthentication() {
		return undefined;
	}
	async runPreAuthentication() {
		return undefined;
	}
	async getCredentials() {
		throw new Error('not used');
	}
	async getDecrypted() {
		return { ...this.data };
	}
	async updateCredentials() {}
	async updateCredentialsOauthTokenData() {}
	getCredentialsProperties() {
		return credentialType.properties;
	}
}

const credentials = { publicKey: options.publicKey, privateKey: options.privateKey, baseUrl: options.baseUrl };

/** One workflow run: Trigger → (Clerk.io upsert | pass-through). Resolves the IRun. */
async function runWorkflow(kind, hooksExtra = {}) {
	const second =
		kind === 'clerk'
			? {
					id: 'clerk',
					name: 'Clerk.io',
					type: 'n8n-nodes-clerk-io.clerkIo',
					typeVersion: 1,
					position: [200, 0],
					parameters: { resource: 'product', operation: 'upsert', dataMode: 'autoMapInputData', ...(options.parameters ?? {}) },
					credentials: { clerkIoApi: { id: '1', name: 'Clerk.io sandbox' } },
				}
			: { id: 'pass', name: 'Clerk.io', type: 'pass', typeVersion: 1, position: [200, 0], parameters: {} };
	const nodes = [{ id: 'trigger', name: 'Trigger', type: 'itemsTrigger', typeVersion: 1, position: [0, 0], parameters: {} }, second];
	const connections = { Trigger: { main: [[{ node: 'Clerk.io', type: NodeConnectionTypes.Main, index: 0 }]] } };
	const workflowData = { id: 'bench', name: 'bench', active: false, nodes, connections, settings: {}, createdAt: new Date(), updatedAt: new Date() };
	const workflow = new Workflow({ id: 'bench', nodes, connections, active: false, nodeTypes, settings: {} });
	const hooks = new ExecutionLifecycleHooks('manual', '1', workflowData);
	for (const [name, handler] of Object.entries(hooksExtra)) hooks.addHandler(name, handler);
	const finished = new Promise((resolve) => hooks.addHandler('workflowExecuteAfter', (run) => resolve(run)));
	const additionalData = {
		executionId: '1',
		hooks,
		credentialsHelper: new CredentialsHelper(credentials),
		currentNodeParameters: undefined,
		currentNodeExecutionIndex: 0,
		restApiUrl: 'http://127.0.0.1/rest',
		instanceBaseUrl: 'http://127.0.0.1/',
		formWaitingBaseUrl: 'http://127.0.0.1/form-waiting',
		webhookBaseUrl: 'http://127.0.0.1/webhook',
		webhookWaitingBaseUrl: 'http://127.0.0.1/webhook-waiting',
		webhookTestBaseUrl: 'http://127.0.0.1/webhook-test',
		variables: {},
		logAiEvent: () => {},
		getRunExecutionData: async () => undefined,
	};
	const execution = new WorkflowExecute(additionalData, 'manual');
	void execution.run({ workflow, startNode: workflow.getNode('Trigger') });
	return await finished;
}

function check(run, n) {
	const task = run.data.resultData.runData['Clerk.io']?.[0];
	const error = task?.error ?? run.data.resultData.error;
	if (error) throw new Error(`run failed: ${error.message}`);
	const out = task?.data?.main?.[0] ?? [];
	if (out.length !== n) throw new Error(`expected ${n} output items, got ${out.length}`);
	return task;
}

const makeItems = (n) => Array.from({ length: n }, (_, index) => ({ json: feedProduct(index + 1), pairedItem: { item: index } }));
const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const cpuMicros = (usage) => usage.user + usage.system;

async function measureCpu(kind, n) {
	triggerItems = makeItems(n);
	global.gc?.();
	const before = process.cpuUsage();
	const started = process.hrtime.bigint();
	const run = await runWorkflow(kind);
	const cpu = process.cpuUsage(before);
	const wallMs = Number(process.hrtime.bigint() - started) / 1e6;
	const task = check(run, n);
	return { cpuUs: cpuMicros(cpu), userUs: cpu.user, systemUs: cpu.system, wallMs, nodeMs: task.executionTime };
}

async function cpuMode() {
	const n = options.n ?? 10_000;
	const warmups = options.warmups ?? 2;
	const repeats = options.repeats ?? 5;
	for (let i = 0; i < warmups; i++) {
		await measureCpu('pass', n);
		await measureCpu('clerk', n);
	}
	const pass = [];
	const clerk = [];
	for (let i = 0; i < repeats; i++) {
		pass.push(await measureCpu('pass', n));
		clerk.push(await measureCpu('clerk', n));
	}
	const clerkCpu = median(clerk.map((r) => r.cpuUs));
	const passCpu = median(pass.map((r) => r.cpuUs));
	return {
		n,
		repeats,
		warmups,
		clerkCpuUs: clerkCpu,
		baselineCpuUs: passCpu,
		perItemUs: (clerkCpu - passCpu) / n,
		clerkRuns: clerk,
		baselineRuns: pass,
	};
}

async function memoryMode() {
	const n = options.n ?? 100_000;
	triggerItems = makeItems(n);
	const itemsJsonBytes = Buffer.byteLength(JSON.stringify(triggerItems.map((item) => item.json)));
	global.gc?.();
	global.gc?.();
	const base = process.memoryUsage();
	let peakRss = base.rss;
	let peakHeap = base.heapUsed;
	let samples = 0;
	const sample = () => {
		const now = process.memoryUsage();
		samples++;
		if (now.rss > peakRss) peakRss = now.rss;
		if (now.heapUsed > peakHeap) peakHeap = now.heapUsed;
	};
	const timer = setInterval(sample, 5);
	const started = process.hrtime.bigint();
	const run = await runWorkflow('clerk', {
		nodeExecuteBefore: async () => sample(),
		nodeExecuteAfter: async () => sample(),
	});
	sample();
	clearInterval(timer);
	const wallMs = Number(process.hrtime.bigint() - started) / 1e6;
	const task = check(run, n);
	// What stays once the garbage is collected: the run data (the outputs) the execution keeps.
	global.gc?.();
	global.gc?.();
	const after = process.memoryUsage();
	return {
		n,
		itemsJsonBytes,
		retainedHeapGrowth: after.heapUsed - base.heapUsed,
		baseRss: base.rss,
		baseHeapUsed: base.heapUsed,
		peakRss,
		peakHeapUsed: peakHeap,
		rssGrowth: peakRss - base.rss,
		heapGrowth: peakHeap - base.heapUsed,
		samples,
		wallMs,
		nodeMs: task.executionTime,
		outputItems: task.data.main[0].length,
	};
}

/** Per-item reads (diagnostics): n items {query, product} through the given parameters. */
async function readsMode() {
	const n = options.n ?? 1000;
	const words = ['rain', 'running', 'wool', 'leather', 'merino', 'jacket', 'boot', 'scarf'];
	const runs = [];
	for (let r = 0; r < (options.repeats ?? 3); r++) {
		triggerItems = Array.from({ length: n }, (_, i) => ({ json: { i, query: words[i % words.length], product: 1 + (i % 20) }, pairedItem: { item: i } }));
		const before = process.cpuUsage();
		const started = process.hrtime.bigint();
		const run = await runWorkflow('clerk');
		const cpu = process.cpuUsage(before);
		const task = run.data.resultData.runData['Clerk.io']?.[0];
		if (task?.error) throw task.error;
		runs.push({ wallMs: Number(process.hrtime.bigint() - started) / 1e6, nodeMs: task.executionTime, cpuMs: (cpu.user + cpu.system) / 1000, outputs: task.data.main[0].length });
	}
	return { n, runs };
}

(options.mode === 'memory' ? memoryMode() : options.mode === 'reads' ? readsMode() : cpuMode()).then(
	(result) => {
		process.stdout.write(`${JSON.stringify({ ok: true, node: process.version, ...result })}\n`);
		process.exit(0);
	},
	(error) => {
		process.stdout.write(`${JSON.stringify({ ok: false, error: String(error && error.stack) })}\n`);
		process.exit(1);
	},
);
