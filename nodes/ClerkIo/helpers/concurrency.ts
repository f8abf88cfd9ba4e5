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

/**
 * Tasks that arrive one by one (batches read from a stream) with at most `limit` in flight:
 * `add` waits for a free lane before it starts a task, so a producer never runs more than `limit`
 * tasks ahead. After the first error no new task starts and `add` and `drain` throw it.
 */
export function boundedLanes(limit: number): { add(task: () => Promise<void>): Promise<void>; drain(): Promise<void> } {
	const running = new Set<Promise<void>>();
	let failed = false;
	let firstError: unknown;
	const lanes = Math.max(1, Math.floor(limit) || 1);
	const check = () => {
		if (failed) throw firstError;
	};
	return {
		async add(task) {
			while (running.size >= lanes) await Promise.race(running);
			check();
			const run: Promise<void> = task()
				.catch((error: unknown) => {
					if (!failed) firstError = error;
					failed = true;
				})
				.finally(() => running.delete(run));
			running.add(run);
		},
		async drain() {
			while (running.size > 0) await Promise.race(running);
			check();
		},
	};
}
