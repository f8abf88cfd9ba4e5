/**
 * The records of a catalogue file, read from its chunks as they arrive: NDJSON line by line (only
 * the current line is held), or a JSON array read whole up to a size limit.
 */

/** A JSON array is parsed whole, so it has a size limit; NDJSON has none. */
export const MAX_JSON_ARRAY_BYTES = 50 * 1024 * 1024;

export type FileFormat = 'ndjson' | 'jsonArray';

/** One record of the file: its JSON value, or why it cannot be one. */
export type FileEntry =
	| { at: number; value: unknown; text?: string }
	| { at: number; problem: string; text?: string };

/** A file that cannot be read as records at all (not a line or an element). */
export class FileFormatError extends Error {}

const NEWLINE = 0x0a;
const CR = '\r';
const BOM = '\uFEFF';

const asBuffer = (chunk: Uint8Array) => Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
const isSpace = (byte: number) => byte === 0x20 || byte === 0x09 || byte === 0x0a || byte === 0x0d;
const sizeText = (bytes: number) =>
	bytes >= 1024 * 1024 ? `${(bytes / 1024 / 1024).toFixed(1)} MB` : `${Math.ceil(bytes / 1024).toLocaleString('en-US')} KB`;

function parseJson(text: string): { value: unknown } | { problem: string } {
	try {
		return { value: JSON.parse(text) };
	} catch (error) {
		return { problem: `not valid JSON: ${(error as Error).message}` };
	}
}

/**
 * The file's records. `format` 'auto' takes a file whose first character (after a BOM and blanks)
 * is `[` as a JSON array, anything else as NDJSON. `at` is the line (NDJSON) or the 1-based element
 * (JSON array). Blank lines are skipped; a BOM and Windows line ends are accepted; a line longer
 * than `maxRecordBytes` is reported without being held in memory.
 */
export async function* fileRecords(
	chunks: AsyncIterable<Uint8Array>,
	format: FileFormat | 'auto',
	maxRecordBytes: number,
	onFormat: (format: FileFormat) => void,
): AsyncGenerator<FileEntry> {
	const iterator = chunks[Symbol.asyncIterator]();
	// Look ahead to the first character that is not a BOM or a blank, keeping what was read.
	const head: Buffer[] = [];
	let detected: FileFormat = format === 'auto' ? 'ndjson' : format;
	if (format === 'auto') {
		for (let found = false; !found; ) {
			const next = await iterator.next();
			if (next.done) break;
			const chunk = asBuffer(next.value);
			head.push(chunk);
			let start = head.length === 1 && chunk[0] === 0xef && chunk[1] === 0xbb && chunk[2] === 0xbf ? 3 : 0;
			while (start < chunk.length && isSpace(chunk[start])) start++;
			if (start < chunk.length) {
				found = true;
				if (chunk[start] === 0x5b) detected = 'jsonArray';
			}
		}
	}
	onFormat(detected);
	const all = async function* (): AsyncGenerator<Buffer> {
		yield* head;
		for (let next = await iterator.next(); !next.done; next = await iterator.next()) yield asBuffer(next.value);
	};
	try {
		if (detected === 'jsonArray') yield* arrayElements(all());
		else yield* ndjsonLines(all(), maxRecordBytes);
	} finally {
		// Stop reading (and close the stream) when the caller leaves early.
		await iterator.return?.();
	}
}

async function* ndjsonLines(chunks: AsyncIterable<Buffer>, maxRecordBytes: number): AsyncGenerator<FileEntry> {
	let parts: Buffer[] = [];
	let length = 0;
	// Bytes of a line already over the limit, dropped as they come.
	let dropped = 0;
	let line = 1;
	const take = (piece: Buffer) => {
		if (dropped > 0 || length + piece.length > maxRecordBytes) {
			dropped += length + piece.length;
			parts = [];
			length = 0;
		} else if (piece.length > 0) {
			parts.push(piece);
			length += piece.length;
		}
	};
	const finish = (last: boolean): FileEntry | undefined => {
		const at = line++;
		if (dropped > 0) {
			const size = dropped;
			dropped = 0;
			return { at, problem: `the line is ${sizeText(size)}, more than Max Record Size (${sizeText(maxRecordBytes)})` };
		}
		let text = parts.length === 1 ? parts[0].toString('utf8') : Buffer.concat(parts, length).toString('utf8');
		parts = [];
		length = 0;
		if (at === 1 && text.startsWith(BOM)) text = text.slice(1);
		if (text.endsWith(CR)) text = text.slice(0, -1);
		if (text.trim() === '') return undefined;
		const parsed = parseJson(text);
		if ('value' in parsed) return { at, value: parsed.value, text };
		// A last line without a line end that is not JSON is most likely cut off.
		const problem = last ? `${parsed.problem} (the last line has no line end: the file may be truncated)` : parsed.problem;
		return { at, problem, text };
	};
	for await (const chunk of chunks) {
		let start = 0;
		for (let end = chunk.indexOf(NEWLINE, start); end !== -1; end = chunk.indexOf(NEWLINE, start)) {
			take(chunk.subarray(start, end));
			const entry = finish(false);
			if (entry) yield entry;
			start = end + 1;
		}
		take(chunk.subarray(start));
	}
	if (length > 0 || dropped > 0) {
		const entry = finish(true);
		if (entry) yield entry;
	}
}

async function* arrayElements(chunks: AsyncIterable<Buffer>): AsyncGenerator<FileEntry> {
	const parts: Buffer[] = [];
	let length = 0;
	for await (const chunk of chunks) {
		length += chunk.length;
		if (length > MAX_JSON_ARRAY_BYTES) {
			throw new FileFormatError(
				`The file is a JSON array of more than ${sizeText(MAX_JSON_ARRAY_BYTES)}; a JSON array is read whole and may be at most ${sizeText(MAX_JSON_ARRAY_BYTES)}. Convert it to NDJSON (one record per line), which is streamed whatever its size`,
			);
		}
		parts.push(chunk);
	}
	let text = Buffer.concat(parts, length).toString('utf8');
	parts.length = 0;
	if (text.startsWith(BOM)) text = text.slice(1);
	const parsed = parseJson(text);
	if (!('value' in parsed)) throw new FileFormatError(`The file starts like a JSON array but is ${parsed.problem}`);
	if (!Array.isArray(parsed.value)) throw new FileFormatError('The file is JSON but not an array of records');
	const elements = parsed.value as unknown[];
	for (let index = 0; index < elements.length; index++) yield { at: index + 1, value: elements[index] };
}
