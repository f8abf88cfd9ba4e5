/**
 * Import From File: one input item is a file (n8n binary data) of records, NDJSON or a JSON array,
 * streamed into Clerk.io in batches. Each record is checked and converted exactly as Create or
 * Update does it (toClerkRecord) and sent with the same batching, retries, halving and calls in
 * flight (batchSender); only the current batches are held in memory. One summary item per file.
 */
import type { IBinaryKeyData, IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeOperationError, updateDisplayOptions } from 'n8n-workflow';

import { boundedLanes } from '../../helpers/concurrency';
import { idTypeOf } from '../../helpers/idType';
import type { FileOperation, FileRunSettings, OperationDefinition } from '../../helpers/interfaces';
import { clerkApiError, failureOf } from '../../transport';
import { openBinaryFile } from '../../transport/binaryFile';
import { requestOptionsCollection } from '../common.descriptions';
import { batchSender } from '../engine';
import type { CatalogEntity } from './entities';
import { FieldError, withIdType } from '../fields';
import { FileFormatError, fileRecords, MAX_JSON_ARRAY_BYTES, type FileFormat } from './fileRecords';
import { callOf, writeRequestFromText } from './operations';
import { toClerkRecord } from './record';

export const DEFAULT_MAX_RECORD_KB = 1024;
export const DEFAULT_REJECTIONS_LISTED = 100;
// The rejected records kept for the optional NDJSON output; beyond this the file is cut (and says so).
const MAX_REJECTED_FILE_BYTES = 64 * 1024 * 1024;

/**
 * A record waiting in a batch, held as its JSON text rather than its object tree (several times
 * smaller): records wait through calls, and what lives through a few young collections moves to V8's
 * old generation, which is freed only by a full collection. The request body is written from these
 * texts as bytes (writeRequestFromText), which live outside V8's heap.
 */
interface Entry {
	/** Line (NDJSON) or 1-based element (JSON array). */
	at: number;
	/** The record's ID, for the rejection list. */
	id: unknown;
	/** The converted record's JSON text, as Create or Update would send it. */
	text: string;
}

/** A record refused for its size on its own: a rejection of that record, not a reason to stop. */
class RecordTooLarge extends Error {}

interface Counts {
	read: number;
	sent: number;
	stored: number;
	rejected: number;
	calls: number;
}

const count = (value: number) => value.toLocaleString('en-US');

function describeValue(value: unknown): string {
	if (value === null) return 'null';
	if (Array.isArray(value)) return 'a list';
	return `a ${typeof value}`;
}

class Rejections {
	readonly listed: IDataObject[] = [];
	private readonly lines: string[] = [];
	private bytes = 0;
	fileComplete = true;

	constructor(
		private readonly counts: Counts,
		private readonly position: () => 'line' | 'element',
		private readonly listLimit: number,
		private readonly keepLines: boolean,
	) {}

	add(at: number, id: unknown, message: string, text: string | undefined, field?: string): void {
		this.counts.rejected++;
		if (this.listed.length < this.listLimit) {
			this.listed.push({ [this.position()]: at, ...(id !== undefined ? { id } : {}), ...(field ? { field } : {}), message });
		}
		if (!this.keepLines) return;
		if (text === undefined || this.bytes + text.length > MAX_REJECTED_FILE_BYTES) {
			this.fileComplete = false;
			return;
		}
		this.lines.push(text);
		this.bytes += text.length + 1;
	}

	ndjson(): string {
		return this.lines.length ? `${this.lines.join('\n')}\n` : '';
	}
}

async function importFile(
	ctx: IExecuteFunctions,
	entity: CatalogEntity,
	itemIndex: number,
	settings: FileRunSettings,
): Promise<{ json: IDataObject; binary?: IBinaryKeyData }> {
	const started = Date.now();
	const propertyName = ctx.getNodeParameter('binaryPropertyName', itemIndex, 'data') as string;
	const options = ctx.getNodeParameter('importOptions', itemIndex, {}) as IDataObject;
	const format = (options.format as FileFormat | 'auto' | undefined) ?? 'auto';
	const maxRecordBytes = Math.max(1, Number(options.maxRecordSize ?? DEFAULT_MAX_RECORD_KB)) * 1024;
	const rejectedField = String(options.rejectedBinaryField ?? '').trim();
	const file = openBinaryFile(ctx, itemIndex, propertyName);

	const counts: Counts = { read: 0, sent: 0, stored: 0, rejected: 0, calls: 0 };
	let detected: FileFormat = 'ndjson';
	const rejections = new Rejections(
		counts,
		() => (detected === 'ndjson' ? 'line' : 'element'),
		Math.max(0, Number(options.rejectionsListed ?? DEFAULT_REJECTIONS_LISTED)),
		rejectedField !== '',
	);
	const idOf = (record: unknown) => {
		if (!record || typeof record !== 'object' || Array.isArray(record)) return undefined;
		const fields = record as IDataObject;
		return fields[entity.idSpec.name] ?? (entity.keyInstead ? fields[entity.keyInstead] : undefined) ?? (entity.formerIdName ? fields[entity.formerIdName] : undefined);
	};

	const send = batchSender<Entry>(ctx, settings.transport, {
		request: (batch) => {
			counts.calls++;
			return writeRequestFromText(entity, 'upsert', batch.map((entry) => entry.text));
		},
		stored: (batch) => {
			counts.stored += batch.length;
		},
		failed: (batch, error, stop) => {
			// Not about these records (the store, the connection, the credential): stop the file.
			if (stop && !(error instanceof RecordTooLarge)) throw error;
			const message = (error as Error).message;
			for (const entry of batch) rejections.add(entry.at, entry.id, message, entry.text);
		},
		tooLarge: async (_entry, failure) =>
			new RecordTooLarge(`The record is too large for Clerk.io on its own (HTTP ${failure.httpCode}); send fewer or shorter attributes`),
	});
	const lanes = boundedLanes(settings.parallelRequests);
	let batch: Entry[] = [];
	const flush = async () => {
		if (batch.length === 0) return;
		const full = batch;
		batch = [];
		counts.sent += full.length;
		await lanes.add(async () => await send(full));
	};
	const idType = idTypeOf(ctx);
	const cancelled = () => ctx.getExecutionCancelSignal?.()?.aborted === true;

	try {
		const entries = fileRecords(file.chunks(), format, maxRecordBytes, (found) => (detected = found));
		for await (const entry of entries) {
			if (cancelled()) throw new NodeOperationError(ctx.getNode(), 'The execution was cancelled while importing the file', { itemIndex });
			counts.read++;
			if ('problem' in entry) {
				rejections.add(entry.at, undefined, `Not a ${entity.singular}: ${entry.problem}`, entry.text);
				continue;
			}
			const raw = entry.value;
			if (!raw || typeof raw !== 'object' || Array.isArray(raw)) {
				rejections.add(entry.at, undefined, `Not a ${entity.singular}: a record must be a JSON object, got ${describeValue(raw)}`, entry.text ?? JSON.stringify(raw));
				continue;
			}
			let record: IDataObject;
			try {
				// The same checks and conversions as Create or Update with Map Automatically.
				record = withIdType(idType, () => toClerkRecord(entity, raw as IDataObject));
			} catch (error) {
				const field = error instanceof FieldError ? error.field : undefined;
				rejections.add(entry.at, idOf(raw), `Invalid ${entity.singular}: ${(error as Error).message}`, entry.text ?? JSON.stringify(raw), field);
				continue;
			}
			batch.push({ at: entry.at, id: idOf(raw), text: JSON.stringify(record) });
			if (batch.length >= settings.batchSize) await flush();
		}
		await flush();
		await lanes.drain();
	} catch (error) {
		// Let the calls in flight settle before reporting, so the counts are final.
		await lanes.drain().catch(() => undefined);
		throw stoppedError(ctx, entity, itemIndex, error, counts);
	}

	const summary: IDataObject = {
		fileName: file.fileName ?? null,
		format: detected === 'ndjson' ? 'NDJSON' : 'JSON array',
		recordsRead: counts.read,
		recordsSent: counts.sent,
		recordsStored: counts.stored,
		recordsRejected: counts.rejected,
		rejected: rejections.listed,
		calls: counts.calls,
		durationMs: Date.now() - started,
	};
	if (counts.rejected > rejections.listed.length) summary.rejectedNotListed = counts.rejected - rejections.listed.length;
	if (!rejectedField || counts.rejected === 0) return { json: summary };
	if (!rejections.fileComplete) summary.rejectedFileComplete = false;
	const name = (file.fileName ?? `${entity.plural}.ndjson`).replace(/(\.[^.]*)?$/, '-rejected.ndjson');
	const binary = await ctx.helpers.prepareBinaryData(Buffer.from(rejections.ndjson(), 'utf8'), name, 'application/x-ndjson');
	return { json: summary, binary: { [rejectedField]: binary } };
}

/** The error that stops a file, saying how far the import got (so the user knows what to resend). */
function stoppedError(ctx: IExecuteFunctions, entity: CatalogEntity, itemIndex: number, error: unknown, counts: Counts): unknown {
	const progress = `Clerk.io had confirmed ${count(counts.stored)} of the ${count(counts.read)} ${entity.plural} read from the file before the import stopped`;
	const failure = failureOf(error);
	if (failure) return clerkApiError(ctx.getNode(), { ...failure, message: `${failure.message.replace(/\.$/, '')}. ${progress}` }, itemIndex);
	if (error instanceof FileFormatError) {
		return new NodeOperationError(ctx.getNode(), `Cannot import the file of item ${itemIndex}: ${error.message}`, {
			itemIndex,
			description: counts.stored > 0 ? progress : 'Nothing was sent to Clerk.io from this file.',
		});
	}
	if (error instanceof NodeOperationError) return error;
	return new NodeOperationError(ctx.getNode(), `Cannot read the file of item ${itemIndex}: ${(error as Error)?.message ?? String(error)}`, {
		itemIndex,
		description: counts.stored > 0 ? progress : 'Nothing was sent to Clerk.io from this file.',
	});
}

function importProperties(entity: CatalogEntity): INodeProperties[] {
	return [
		{
			displayName: 'Input Binary Field',
			name: 'binaryPropertyName',
			type: 'string',
			required: true,
			default: 'data',
			hint: 'The name of the input binary field holding the file',
			description: `Binary field of each input item with a file of ${entity.plural}: NDJSON (one JSON record per line, as Clerk.io's JSON feed) or a JSON array of at most ${MAX_JSON_ARRAY_BYTES / 1024 / 1024} MB`,
		},
		{
			displayName: 'Import Options',
			name: 'importOptions',
			type: 'collection',
			placeholder: 'Add Option',
			default: {},
			options: [
				{
					displayName: 'File Format',
					name: 'format',
					type: 'options',
					default: 'auto',
					options: [
						{ name: 'Detect', value: 'auto', description: 'A JSON array if the file starts with [, NDJSON otherwise' },
						{ name: 'JSON Array', value: 'jsonArray', description: `One JSON list of records, read whole (at most ${MAX_JSON_ARRAY_BYTES / 1024 / 1024} MB)` },
						{ name: 'NDJSON', value: 'ndjson', description: 'One JSON record per line, streamed whatever the file size' },
					],
				},
				{
					displayName: 'Max Record Size (KB)',
					name: 'maxRecordSize',
					type: 'number',
					typeOptions: { minValue: 1 },
					default: DEFAULT_MAX_RECORD_KB,
					description: 'A line longer than this is rejected without being read into memory',
				},
				{
					displayName: 'Rejected Records Field',
					name: 'rejectedBinaryField',
					type: 'string',
					default: '',
					placeholder: 'e.g. rejected',
					description: 'Binary field to put the rejected records in, as an NDJSON file to fix and send again. Empty: none.',
				},
				{
					displayName: 'Rejections Listed',
					name: 'rejectionsListed',
					type: 'number',
					typeOptions: { minValue: 0 },
					default: DEFAULT_REJECTIONS_LISTED,
					description: 'How many rejected records the summary lists with their line, ID and message (all are counted)',
				},
			],
		},
		requestOptionsCollection(true),
	];
}

/** Import From File for one catalogue entity (products, categories, customers, orders, pages). */
export function importFromFile(entity: CatalogEntity): OperationDefinition {
	const operation: FileOperation = {
		mode: 'file',
		async runFile(itemIndex, settings) {
			return await importFile(this, entity, itemIndex, settings);
		},
	};
	return {
		option: {
			name: 'Import From File',
			value: 'importFromFile',
			action: `Import ${entity.plural} from a file (NDJSON or JSON array), streamed in batches`,
			description: `Create or update ${entity.plural} from an NDJSON or JSON file, one summary per file`,
		},
		properties: updateDisplayOptions({ show: { resource: [entity.resource], operation: ['importFromFile'] } }, importProperties(entity)),
		// Each batch is the call Create or Update makes.
		call: callOf(entity, 'upsert'),
		operation,
	};
}
