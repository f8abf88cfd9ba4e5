/**
 * n8n's binary data service for the engine runs: `default` keeps a file in the item (base64), and
 * `filesystem` on disk with only an id in the item, as n8n does with N8N_DEFAULT_BINARY_DATA_MODE.
 */
import { Container } from '@n8n/di';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { BinaryDataService, type BinaryDataConfig } from 'n8n-core';

export type BinaryDataMode = 'default' | 'filesystem';

const quiet = { error() {}, warn() {}, info() {}, debug() {} };

let configured = false;

/** A binary data service for runs with files, in mode `default` unless a test chose one. */
export async function ensureBinaryDataService(): Promise<void> {
	if (!configured) await useBinaryDataMode('default');
}

/** Sets n8n-core's binary data service to `mode` (files under a new temporary folder). */
export async function useBinaryDataMode(mode: BinaryDataMode): Promise<string> {
	configured = true;
	const storagePath = fs.mkdtempSync(path.join(os.tmpdir(), 'import-binary-'));
	const config = { mode, localStoragePath: storagePath } as unknown as BinaryDataConfig;
	const service = new BinaryDataService(config, quiet as never, quiet as never);
	await service.init();
	Container.set(BinaryDataService, service);
	return storagePath;
}

/** NDJSON text of records, one per line. */
export const ndjson = (records: unknown[], lineEnd = '\n') => records.map((record) => JSON.stringify(record)).join(lineEnd) + lineEnd;
