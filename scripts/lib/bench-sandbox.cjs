// @ts-check
/**
 * The Clerk sandbox in its own process for scripts/bench.mjs (so its CPU is not the measured
 * process's), driven over IPC. Start with child_process.fork(this, ['--latency', '20']).
 *
 * Messages in:  {id, cmd: 'stats' | 'reset' | 'seedDemo' | 'clearStore' | 'cpu' | 'setFaults' | 'arrivals', arg?}
 * Messages out: {ready: true, url, keys} once listening, then {id, result} per command.
 *   stats:  Clerk calls since the last reset (total, by "METHOD endpoint", non-200 count),
 *           maxInFlight, the arguments of paged calls (limit/offset), server time per call
 *           (handling minus injected latency), products in the store
 *   reset:  forget recorded calls and maxInFlight (the store stays)
 *   setFaults: replace the injected faults with `arg` (the latency given at start is kept unless `arg`
 *           sets latencyMs), e.g. {timeoutRate: 1} for a Clerk that never answers, or the flaky mix
 *           {status5xxRate: 0.2, status429Rate: 0.1, resetRate: 0.05, retryAfter: 1, seed: 3}
 *   arrivals: [at, status] of every Clerk call since the last reset (at: Date.now() on arrival)
 */
const path = require('node:path');

const { startSandbox } = require(path.join(__dirname, '..', '..', 'test', 'sandbox', 'server'));
const { seedDemoShop } = require(path.join(__dirname, '..', '..', 'test', 'sandbox', 'demo-shop'));

function option(name, fallback) {
	const index = process.argv.indexOf(`--${name}`);
	return index >= 0 ? process.argv[index + 1] : fallback;
}

async function main() {
	const latencyMs = Number(option('latency', '20'));
	const sandbox = await startSandbox({ port: Number(option('port', '0')), faults: { latencyMs } });
	const commands = {
		stats() {
			const byEndpoint = {};
			let failed = 0;
			const paging = [];
			for (const request of sandbox.requests) {
				const name = `${request.method} ${request.version === 'v3' ? 'v3/' : ''}${request.endpoint}`;
				byEndpoint[name] = (byEndpoint[name] ?? 0) + 1;
				if (request.status !== 200) failed++;
				const args = { ...request.query, ...(request.body ?? {}) };
				if (args.offset !== undefined) paging.push([args.limit, args.offset]);
			}
			return {
				calls: sandbox.requests.length,
				byEndpoint,
				failed,
				maxInFlight: sandbox.maxInFlight,
				paging,
				products: sandbox.store.products.size,
				first: sandbox.requests[0]?.at,
				last: sandbox.requests.at(-1)?.at,
			};
		},
		reset() {
			sandbox.clearRequests();
			sandbox.resetMaxInFlight();
			return true;
		},
		seedDemo() {
			sandbox.store.clear();
			seedDemoShop(sandbox.store);
			return sandbox.store.products.size;
		},
		clearStore() {
			sandbox.store.clear();
			return true;
		},
		cpu() {
			return process.cpuUsage();
		},
		setFaults(arg) {
			sandbox.setFaults({ latencyMs, ...(arg ?? {}) });
			return true;
		},
		arrivals() {
			return sandbox.requests.map((request) => [request.at, request.status]);
		},
	};
	process.on('message', (message) => {
		const { id, cmd, arg } = /** @type {any} */ (message);
		try {
			process.send?.({ id, result: commands[cmd](arg) });
		} catch (error) {
			process.send?.({ id, error: String(error && error.stack) });
		}
	});
	process.on('disconnect', async () => {
		await sandbox.close();
		process.exit(0);
	});
	process.send?.({ ready: true, url: sandbox.url, keys: sandbox.keys, latencyMs });
}

main().catch((error) => {
	process.stderr.write(`${error.stack}\n`);
	process.exit(1);
});
