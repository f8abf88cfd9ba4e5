// A lock folder held while n8n installs, so two processes never install into one cache folder at
// once; a lock whose owner died (same host, pid gone) or that is older than 2 h is taken over.
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { sleep } from './common.mjs';

const LOCK_STALE_MS = 2 * 60 * 60 * 1000;
const LOCK_WAIT_MS = 60 * 60 * 1000;

export async function acquireLock(lockDir, log) {
	const ownerFile = path.join(lockDir, 'owner.json');
	const deadline = Date.now() + LOCK_WAIT_MS;
	let announced = false;
	for (;;) {
		try {
			await fsp.mkdir(lockDir);
			await fsp.writeFile(ownerFile, JSON.stringify({ pid: process.pid, host: os.hostname(), at: new Date().toISOString() }));
			return async () => {
				await fsp.rm(lockDir, { recursive: true, force: true });
			};
		} catch (err) {
			if (err.code !== 'EEXIST') throw err;
		}
		if (isStaleLock(lockDir, ownerFile)) {
			log(`removing stale lock ${lockDir}`);
			await fsp.rm(lockDir, { recursive: true, force: true });
			continue;
		}
		if (Date.now() > deadline) throw new Error(`timed out waiting for ${lockDir}`);
		if (!announced) {
			log(`another process is installing (lock ${lockDir}); waiting`);
			announced = true;
		}
		await sleep(1000);
	}
}

function isStaleLock(lockDir, ownerFile) {
	try {
		const owner = JSON.parse(fs.readFileSync(ownerFile, 'utf8'));
		if (owner.host === os.hostname() && !pidAlive(owner.pid)) return true;
		return Date.now() - Date.parse(owner.at) > LOCK_STALE_MS;
	} catch {
		// owner.json not written yet (or unreadable): stale only if the dir is old
		try {
			return Date.now() - fs.statSync(lockDir).mtimeMs > 60_000;
		} catch {
			return false; // vanished: just retry
		}
	}
}

function pidAlive(pid) {
	try {
		process.kill(pid, 0);
		return true;
	} catch (err) {
		return err.code === 'EPERM';
	}
}
