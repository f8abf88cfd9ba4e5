/**
 * Runs `worker` over `tasks` with at most `limit` in flight. After the first error no new task
 * starts; the error is rethrown once the running ones have settled.
 */
export async function forEachConcurrently<Task>(
	tasks: Task[],
	limit: number,
	worker: (task: Task) => Promise<void>,
): Promise<void> {
	let next = 0;
	let failed = false;
	let firstError: unknown;
	const lane = async () => {
		while (!failed && next < tasks.length) {
			const task = tasks[next++];
			try {
				await worker(task);
			} catch (error) {
				if (!failed) firstError = error;
				failed = true;
			}
		}
	};
	const lanes = Math.max(1, Math.min(Math.floor(limit) || 1, tasks.length));
	await Promise.all(Array.from({ length: lanes }, lane));
	if (failed) throw firstError;
}

export function chunk<T>(list: T[], size: number): T[][] {
	const chunks: T[][] = [];
	for (let start = 0; start < list.length; start += size) chunks.push(list.slice(start, start + size));
	return chunks;
}
