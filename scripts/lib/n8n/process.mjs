// Runs n8n processes: one CLI command to completion (`runN8n`, import:*, `execute` and its run JSON),
// or a long-running `n8n start` (`startN8n`). n8n 2.x always starts an internal task-runner broker
// (default port 5679), so every process here gets a free N8N_RUNNERS_BROKER_PORT.
//
// `n8n execute` prints its run JSON via the logger at level info (see executeWorkflow).
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { freePort, sleep, tail } from './common.mjs';

/**
 * Runs `<nodeBin> <n8nBin> ...args` to completion.
 * Resolves { code, signal, timedOut, stdout, stderr, durationMs } (never rejects on exit code).
 */
export async function runN8n(inst, args, { userFolder, env = {}, timeoutMs = 120_000, cwd, onOutput } = {}) {
	if (!userFolder) throw new Error('runN8n: userFolder is required');
	await fsp.mkdir(userFolder, { recursive: true });
	const extra = { ...env };
	// internal task-runner broker (n8n 2.x starts it for every command that runs workflows):
	// a random free port, so parallel n8n processes don't fight over the default 5679
	if (!('N8N_RUNNERS_BROKER_PORT' in extra)) extra.N8N_RUNNERS_BROKER_PORT = await freePort();
	const started = Date.now();
	// Without a live reader, stdout goes to a file: n8n exits (process.exit) right after printing, and
	// on a pipe whose reader is slow (a loaded machine) Node queues the rest of a large run JSON and
	// drops it at exit (exit code 0, output cut off). Writes to a file are synchronous, so nothing is lost.
	const outDir = onOutput ? undefined : await fsp.mkdtemp(path.join(os.tmpdir(), 'n8n-stdout-'));
	const outFile = outDir && path.join(outDir, 'stdout.txt');
	const outFd = outFile ? fs.openSync(outFile, 'w') : undefined;
	return new Promise((resolve, reject) => {
		const child = spawn(inst.nodeBin, [inst.n8nBin, ...args], {
			cwd: cwd || userFolder,
			env: inst.env(userFolder, extra),
			stdio: ['ignore', outFd ?? 'pipe', 'pipe'],
			windowsHide: true,
		});
		if (outFd !== undefined) fs.closeSync(outFd);
		let stdout = '';
		let stderr = '';
		let timedOut = false;
		child.stdout?.setEncoding('utf8').on('data', (d) => {
			stdout += d;
			onOutput?.(d, 'stdout');
		});
		child.stderr.setEncoding('utf8').on('data', (d) => {
			stderr += d;
			onOutput?.(d, 'stderr');
		});
		const timer =
			timeoutMs > 0
				? setTimeout(() => {
						timedOut = true;
						child.kill('SIGTERM');
						setTimeout(() => child.kill('SIGKILL'), 5000).unref();
					}, timeoutMs)
				: null;
		child.on('error', (err) => {
			if (timer) clearTimeout(timer);
			if (outDir) fs.rmSync(outDir, { recursive: true, force: true });
			reject(err);
		});
		child.on('close', (code, signal) => {
			if (timer) clearTimeout(timer);
			if (outDir) {
				stdout = fs.readFileSync(outFile, 'utf8');
				fs.rmSync(outDir, { recursive: true, force: true });
			}
			resolve({ code, signal, timedOut, stdout, stderr, durationMs: Date.now() - started });
		});
	});
}

function assertOk(res, what) {
	if (res.code === 0 && !res.timedOut) return res;
	const err = new Error(
		`${what} failed (${res.timedOut ? 'timed out' : `exit ${res.code}${res.signal ? ` ${res.signal}` : ''}`})\n` +
			`--- stdout ---\n${tail(res.stdout)}\n--- stderr ---\n${tail(res.stderr)}`,
	);
	err.result = res;
	throw err;
}

/** `n8n import:workflow --input=<file>` (file: one workflow object or an array; give each an `id`). */
export async function importWorkflow(inst, userFolder, file, opts = {}) {
	return assertOk(
		await runN8n(inst, ['import:workflow', `--input=${path.resolve(file)}`], { userFolder, ...opts }),
		`import:workflow ${file}`,
	);
}

/**
 * `n8n import:credentials --input=<file>`: an array of { id, name, type, data } where `data`
 * may be a plain object (n8n encrypts it with N8N_ENCRYPTION_KEY on import).
 */
export async function importCredentials(inst, userFolder, file, opts = {}) {
	return assertOk(
		await runN8n(inst, ['import:credentials', `--input=${path.resolve(file)}`], { userFolder, ...opts }),
		`import:credentials ${file}`,
	);
}

/**
 * `n8n execute --id=<id> --rawOutput` and the run it printed.
 *
 * Resolves { run, data, status, error, result }:
 *   run    - the whole IRun n8n prints: { data, mode: 'cli', startedAt, stoppedAt, status, finished, ... }
 *   data   - run.data: { resultData: { runData: { [nodeName]: ITaskData[] }, lastNodeExecuted, error? }, ... }
 *   status - run.status ('success' | 'error' | ...), error - data.resultData.error (or undefined)
 *   result - the process result from runN8n (stdout, stderr, code, signal, durationMs, crashedAfterOutput)
 * A failed *workflow* (node error) resolves with status 'error' (n8n exits 1 then); the promise
 * rejects only when no run JSON could be read (n8n failed to start, unknown id, timeout, ...).
 *
 * Notes: the JSON goes through n8n's logger at level info, so N8N_LOG_LEVEL is forced to
 * 'info' here ('warn' hides it; 'debug' prefixes and colours every line). n8n 2.41 with the
 * default `vm` expression engine (isolated-vm) often dies with SIGSEGV while shutting down,
 * after the JSON is fully written (a race in the isolate pool's dispose); such a run is
 * accepted and flagged result.crashedAfterOutput = true.
 */
export async function executeWorkflow(inst, userFolder, id, opts = {}) {
	const res = await runN8n(inst, ['execute', `--id=${id}`, '--rawOutput'], {
		userFolder,
		...opts,
		env: { ...(opts.env || {}), N8N_LOG_LEVEL: 'info' },
	});
	const parsed = extractJson(res.stdout, (v) => isRun(v));
	if (!isRun(parsed)) {
		assertOk(res, `execute --id=${id}`);
		const err = new Error(`execute --id=${id}: no run JSON in stdout\n--- stdout ---\n${tail(res.stdout)}\n--- stderr ---\n${tail(res.stderr)}`);
		err.result = res;
		throw err;
	}
	const run = parsed.data?.resultData ? parsed : { data: parsed };
	const error = run.data.resultData.error;
	res.crashedAfterOutput = res.code !== 0 && res.signal != null && !res.timedOut;
	const status = run.status ?? (error ? 'error' : 'success');
	if (res.timedOut || (!error && res.code !== 0 && !res.crashedAfterOutput)) assertOk(res, `execute --id=${id}`);
	return { run, data: run.data, status, error, result: res };
}

function isRun(v) {
	return !!v && typeof v === 'object' && !!(v.data?.resultData || v.resultData);
}

/** Items that node `nodeName` output: [{ json, pairedItem, ... }]. Accepts run or run.data. */
export function nodeOutput(runOrData, nodeName, { runIndex = 0, outputIndex = 0 } = {}) {
	const data = runOrData?.data?.resultData ? runOrData.data : runOrData;
	const runs = data?.resultData?.runData?.[nodeName];
	if (!runs) return undefined;
	return runs[runIndex]?.data?.main?.[outputIndex] ?? [];
}

/**
 * Finds a JSON object/array in mixed output (n8n logs lines before and after it).
 * Candidates start at a line beginning with '{' or '['; each is cut at its matching bracket
 * (string-aware scan, linear) and parsed. Returns the first candidate accepted by `accept`
 * (default: any), or undefined.
 */
export function extractJson(text, accept = () => true) {
	if (!text) return undefined;
	const re = /^[ \t]*[{[]/gm;
	let m;
	while ((m = re.exec(text))) {
		const start = m.index + m[0].length - 1;
		const end = matchBracket(text, start);
		if (end < 0) continue;
		try {
			const v = JSON.parse(text.slice(start, end + 1));
			if (accept(v)) return v;
			re.lastIndex = end + 1;
		} catch {}
	}
	return undefined;
}

function matchBracket(text, start) {
	let depth = 0;
	let inStr = false;
	for (let i = start; i < text.length; i++) {
		const c = text.charCodeAt(i);
		if (inStr) {
			if (c === 92) i++; // backslash
			else if (c === 34) inStr = false;
			continue;
		}
		if (c === 34) inStr = true;
		else if (c === 123 || c === 91) depth++;
		else if (c === 125 || c === 93) {
			if (--depth === 0) return i;
		}
	}
	return -1;
}

/**
 * Starts `n8n start` on 127.0.0.1:<port> and waits until its REST API answers (GET /rest/settings).
 * Returns { url, port, child, output(), stop() }.
 */
export async function startN8n(inst, { userFolder, port, env = {}, timeoutMs = 180_000, log, inheritOutput = false } = {}) {
	if (!userFolder) throw new Error('startN8n: userFolder is required');
	await fsp.mkdir(userFolder, { recursive: true });
	port = port || (await freePort());
	const extra = { N8N_PORT: port, N8N_RUNNERS_BROKER_PORT: await freePort(), ...env };
	const child = spawn(inst.nodeBin, [inst.n8nBin, 'start'], {
		cwd: userFolder,
		env: inst.env(userFolder, extra),
		stdio: ['ignore', inheritOutput ? 'inherit' : 'pipe', inheritOutput ? 'inherit' : 'pipe'],
		windowsHide: true,
	});
	let out = '';
	if (!inheritOutput) {
		child.stdout.setEncoding('utf8').on('data', (d) => (out = (out + d).slice(-200_000)));
		child.stderr.setEncoding('utf8').on('data', (d) => (out = (out + d).slice(-200_000)));
	}
	let exited = null;
	const exitPromise = new Promise((r) => child.on('exit', (code, signal) => r((exited = { code, signal }))));
	const url = `http://127.0.0.1:${port}`;
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		if (exited) throw new Error(`n8n start exited early (${JSON.stringify(exited)})\n${tail(out)}`);
		try {
			// /healthz/readiness turns 200 before 1.x has mounted its REST routes (it serves the
			// editor's HTML meanwhile), so wait for /rest/settings to answer JSON.
			const r = await fetch(`${url}/rest/settings`, { signal: AbortSignal.timeout(2000) });
			if (r.ok && /json/.test(r.headers.get('content-type') || '')) break;
		} catch {}
		if (Date.now() > deadline) {
			child.kill('SIGKILL');
			throw new Error(`n8n start not ready after ${timeoutMs} ms\n${tail(out)}`);
		}
		await sleep(500);
	}
	log?.(`n8n ${inst.version} listening on ${url}`);
	return {
		url,
		port,
		child,
		output: () => out,
		async stop() {
			if (exited) return exited;
			child.kill('SIGTERM');
			const t = setTimeout(() => child.kill('SIGKILL'), 15_000);
			const r = await exitPromise;
			clearTimeout(t);
			return r;
		},
	};
}
