#!/usr/bin/env node
// @ts-check
/**
 * Runs the Clerk sandbox on its own:
 * `node test/sandbox/cli.js [--port 4010] [--demo] [--latency 20] [--id-type number|text] [--signed-tokens]`.
 * `--signed-tokens`: token/verify accepts only tokens the sandbox's importer signed (POST /importer/run).
 * `--id-type` sets the store's ID type (an ID of the other JSON type is refused, see idType.js); `--demo`
 * seeds the demo shop, whose IDs are numbers. Prints one JSON line {url, publicKey, privateKey} when
 * it listens; Ctrl-C (or SIGTERM) stops it.
 */
const { startSandbox } = require('./server');
const { seedDemoShop } = require('./demo-shop');

function option(name, fallback) {
	const index = process.argv.indexOf(`--${name}`);
	return index >= 0 ? process.argv[index + 1] : fallback;
}

async function main() {
	const sandbox = await startSandbox({
		port: Number(option('port', '0')),
		seed_data: process.argv.includes('--demo') ? (store) => seedDemoShop(store) : undefined,
		faults: { latencyMs: Number(option('latency', '0')) },
		idType: option('id-type', undefined),
		signedTokensOnly: process.argv.includes('--signed-tokens'),
	});
	process.stdout.write(`${JSON.stringify({ url: sandbox.url, ...sandbox.keys })}\n`);
	const stop = async () => {
		await sandbox.close();
		process.exit(0);
	};
	process.on('SIGINT', stop);
	process.on('SIGTERM', stop);
}

main().catch((error) => {
	process.stderr.write(`${error.stack}\n`);
	process.exit(1);
});
