/**
 * The GitHub Actions workflows parse as YAML and say what the release path needs: CI on push and
 * pull request with the README's test command and the real-n8n e2e suite on n8n 2.x and 1.x (install
 * cached per version), and a tag-triggered publish that runs the same checks, then publishes with
 * provenance through npm trusted publishing (OIDC), with no token anywhere.
 * (actionlint is not on npm; this checks the structure GitHub needs and what this project relies on.)
 */
import fs from 'node:fs';
import path from 'node:path';

import { parse } from 'yaml';

const root = path.resolve(__dirname, '../..');
const dir = path.join(root, '.github', 'workflows');

interface Step {
	name?: string;
	uses?: string;
	run?: string;
	with?: Record<string, unknown>;
	env?: Record<string, unknown>;
}
interface Job {
	name?: string;
	'runs-on'?: string;
	uses?: string;
	needs?: string | string[];
	permissions?: Record<string, string>;
	strategy?: { matrix?: Record<string, unknown[]> };
	env?: Record<string, string>;
	steps?: Step[];
}
interface Workflow {
	name: string;
	on: Record<string, unknown>;
	permissions?: Record<string, string>;
	jobs: Record<string, Job>;
}

function load(file: string): Workflow {
	const text = fs.readFileSync(path.join(dir, file), 'utf8');
	return parse(text, { strict: true, uniqueKeys: true }) as Workflow;
}

const ci = load('ci.yml');
const publish = load('publish.yml');
const runs = (job: Job) => (job.steps ?? []).map((step) => step.run ?? '').join('\n');

test('every job and step is well-formed, and every action is pinned to a major version', () => {
	for (const [file, workflow] of [['ci.yml', ci], ['publish.yml', publish]] as const) {
		expect(typeof workflow.name).toBe('string');
		expect(Object.keys(workflow.jobs).length).toBeGreaterThan(0);
		for (const [id, job] of Object.entries(workflow.jobs)) {
			const where = `${file} › ${id}`;
			if (job.uses) {
				expect([where, job.uses]).toEqual([where, expect.stringMatching(/^\.\/\.github\/workflows\/[\w-]+\.yml$/)]);
				expect(fs.existsSync(path.join(root, job.uses))).toBe(true);
				continue;
			}
			expect([where, job['runs-on']]).toEqual([where, expect.any(String)]);
			expect(job.steps?.length).toBeGreaterThan(0);
			for (const needed of [job.needs ?? []].flat()) expect(Object.keys(workflow.jobs)).toContain(needed);
			for (const step of job.steps ?? []) {
				expect([where, Boolean(step.uses) !== Boolean(step.run)]).toEqual([where, true]);
				if (step.uses) expect([where, step.uses]).toEqual([where, expect.stringMatching(/^[\w-]+\/[\w-]+@v\d+$/)]);
			}
		}
	}
});

test('CI: push and pull request, install without install scripts, the README test command, a publish dry run', () => {
	expect(Object.keys(ci.on).sort()).toEqual(['pull_request', 'push', 'workflow_call']);
	expect(ci.permissions).toEqual({ contents: 'read' });
	const test = runs(ci.jobs.test);
	expect(test).toContain('npm ci --ignore-scripts');
	// npm test = build, n8n-node lint, typecheck, n8n's scanner legs, jest (package.json)
	expect(test).toContain('npm test');
	expect(test).toContain('npm publish --dry-run');
	const scripts = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')).scripts;
	for (const part of ['npm run build', 'npm run lint', 'npm run typecheck', 'npm run scan', 'jest']) expect(scripts.test).toContain(part);
	expect(scripts.lint).toContain('n8n-node lint');
});

test('CI: the e2e suite runs in real n8n 2.x and 1.x, each install cached by version', () => {
	const e2e = ci.jobs.e2e;
	const versions = e2e.strategy?.matrix?.n8n as string[];
	const defaultVersion = /DEFAULT_N8N_VERSION = '([\d.]+)'/.exec(fs.readFileSync(path.join(root, 'scripts/lib/n8n/common.mjs'), 'utf8'))?.[1];
	expect(versions).toEqual([defaultVersion, expect.stringMatching(/^1\.\d+\.\d+$/)]);
	expect(e2e.env?.N8N_VERSION).toBe('${{ matrix.n8n }}');
	const cache = (e2e.steps ?? []).find((step) => step.uses?.startsWith('actions/cache@'));
	expect(cache?.with?.path).toBe('.cache/n8n-${{ matrix.n8n }}');
	expect(cache?.with?.key).toEqual(expect.stringContaining('${{ matrix.n8n }}'));
	expect(runs(e2e)).toContain('npm run test:e2e');
	// the cache is restored before the suite that fills it
	const steps = e2e.steps ?? [];
	expect(steps.indexOf(cache as Step)).toBeLessThan(steps.findIndex((step) => step.run?.includes('test:e2e')));
});

test('publish: on v* tags, the CI checks first, then npm publish --provenance with an OIDC token and no secret', () => {
	expect(publish.on).toEqual({ push: { tags: ['v*'] } });
	expect(publish.jobs.checks.uses).toBe('./.github/workflows/ci.yml');
	const job = publish.jobs.publish;
	expect(job.needs).toBe('checks');
	expect(job.permissions).toEqual({ contents: 'read', 'id-token': 'write' });
	const commands = runs(job);
	expect(commands).toContain('npm ci --ignore-scripts');
	expect(commands).toContain('npm publish --dry-run');
	expect(commands).toMatch(/^npm publish --provenance --access public$/m);
	for (const file of ['ci.yml', 'publish.yml']) {
		const text = fs.readFileSync(path.join(dir, file), 'utf8');
		expect([file, /secrets\.|NPM_TOKEN|NODE_AUTH_TOKEN/.test(text)]).toEqual([file, false]);
	}
});
