/**
 * Reading an input file (n8n binary data) is I/O, so it lives here with the network calls, and only
 * through n8n's helpers. n8n keeps binary data either in the item itself (base64, binary data mode
 * `default`) or in a store (`filesystem`, `s3`, `database`), where the item holds only an `id`: then
 * `getBinaryStream` reads the file in chunks and a large file never sits in memory whole.
 */
import type { IExecuteFunctions } from 'n8n-workflow';

/** Bytes per chunk read from a stored file. */
export const FILE_CHUNK_BYTES = 256 * 1024;
// Base64 characters decoded at a time for a file held in the item: a multiple of 4 (whole groups of
// 3 bytes), so every piece decodes on its own (192 KB each).
const BASE64_CHUNK_CHARS = 4 * 64 * 1024;

export interface BinaryFile {
	fileName?: string;
	mimeType?: string;
	/** Where n8n keeps it: `stored` (read as a stream) or `inItem` (base64 in the item). */
	storage: 'stored' | 'inItem';
	/** The file's bytes in order, in chunks. Leaving the loop early closes the stream. */
	chunks: () => AsyncIterable<Uint8Array>;
}

/** The file in binary property `propertyName` of input item `itemIndex`; throws if there is none. */
export function openBinaryFile(ctx: IExecuteFunctions, itemIndex: number, propertyName: string): BinaryFile {
	const binary = ctx.helpers.assertBinaryData(itemIndex, propertyName);
	const about = { fileName: binary.fileName, mimeType: binary.mimeType };
	if (binary.id) {
		const id = binary.id;
		return {
			...about,
			storage: 'stored',
			chunks: async function* () {
				const stream = (await ctx.helpers.getBinaryStream(id, FILE_CHUNK_BYTES)) as AsyncIterable<Uint8Array>;
				for await (const chunk of stream) yield chunk;
			},
		};
	}
	const base64 = binary.data;
	return {
		...about,
		storage: 'inItem',
		// Decoded piece by piece rather than whole: the item already holds the file once (as base64).
		chunks: async function* () {
			for (let start = 0; start < base64.length; start += BASE64_CHUNK_CHARS) {
				yield Buffer.from(base64.slice(start, start + BASE64_CHUNK_CHARS), 'base64');
			}
		},
	};
}
