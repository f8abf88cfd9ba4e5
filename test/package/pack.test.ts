/**
 * The release path as a clean clone takes it: a copy of the package's sources without dist/ is
 * packed with `npm pack` (prepack builds it), the tarball holds exactly the built node and
 * credential, their icons and codex, README, LICENSE and CHANGELOG, and it installs into a scratch
 * n8n user folder (`npm install <tgz>` in ~/.n8n/nodes, as README says) where n8n's package loader
 * registers the node and the credential.
 *
 * The scratch folders sit in the git-ignored .cache/ of the repository, so that the installed
 * package resolves its peer dependency n8n-workflow from the repository's node_modules, as it does
 * from n8n's own in a real n8n.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

import { PackageDirectoryLoader } from 'n8n-core';
import type { INodeTypeDescription } from 'n8n-workflow';

const root = path.resolve(__dirname, '../..');
const work = path.join(root, '.cache', 'pack-test');
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
/** What a clean clone holds that the build and the pack read (no dist/, no node_modules/). */
const SOURCES = ['package.json', '.npmrc', 'tsconfig.json', 'gulpfile.js', 'README.md', 'LICENSE', 'CHANGELOG.md', 'nodes', 'credentials'];

function walk(dir: string, rel = ''): string[] {
	return fs.readdirSync(path.join(dir, rel), { withFileTypes: true }).flatMap((e) => {
		const p = rel ? `${rel}/${e.name}` : e.name;
		return e.isDirectory() ? walk(dir, p) : [p];
	});
}

/** The files the tarball must hold, derived from the sources. */
function expectedFiles(): string[] {
	const shipped = ['nodes', 'credentials'].flatMap((top) =>
		walk(root, top).flatMap((f) => {
			if (/\.ts$/.test(f) && !/\.d\.ts$/.test(f)) return [`dist/${f.replace(/\.ts$/, '.js')}`];
			if (/\.(svg|png)$/.test(f) || /\.node\.json$/.test(f)) return [`dist/${f}`];
			return [];
		}),
	);
	return [...shipped, 'CHANGELOG.md', 'LICENSE', 'README.md', 'package.json'].sort();
}

function run(cmd: string, args: string[], cwd: string): string {
	return execFileSync(cmd, args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], shell: process.platform === 'win32' });
}

let tarball: string;
let packInfo: { filename: string; size: number; unpackedSize: number; files: Array<{ path: string }> };

beforeAll(() => {
	fs.rmSync(work, { recursive: true, force: true });
	const src = path.join(work, 'src');
	fs.mkdirSync(src, { recursive: true });
	for (const entry of SOURCES) fs.cpSync(path.join(root, entry), path.join(src, entry), { recursive: true });
	expect(fs.existsSync(path.join(src, 'dist'))).toBe(false);

	const out = run(npm, ['pack', '--json', '--pack-destination', work], src);
	// prepack's build output comes first; npm's JSON array is last
	[packInfo] = JSON.parse(out.slice(out.lastIndexOf('[\n  {')));
	tarball = path.join(work, packInfo.filename);
}, 180_000);

afterAll(() => {
	fs.rmSync(work, { recursive: true, force: true });
});

test('npm pack on a tree without dist/ builds and packs exactly the package', () => {
	const files = packInfo.files.map((f) => f.path).sort();
	expect(files).toEqual(expectedFiles());
	expect(files).toEqual(
		expect.arrayContaining([
			'dist/nodes/ClerkIo/ClerkIo.node.js',
			'dist/nodes/ClerkIo/ClerkIo.node.json',
			'dist/nodes/ClerkIo/clerkIo.svg',
			'dist/nodes/ClerkIo/clerkIo.dark.svg',
			'dist/nodes/ClerkIoFeedTrigger/ClerkIoFeedTrigger.node.js',
			'dist/nodes/ClerkIoFeedTrigger/ClerkIoFeedTrigger.node.json',
			'dist/nodes/ClerkIoFeedTrigger/clerkIo.svg',
			'dist/nodes/ClerkIoFeedTrigger/clerkIo.dark.svg',
			'dist/credentials/ClerkIoApi.credentials.js',
			'dist/credentials/clerkIo.svg',
			'dist/credentials/clerkIo.dark.svg',
		]),
	);
	expect(files.filter((f) => /tsbuildinfo|\.d\.ts$|\.map$|^dist\/package\.json$|(^|\/)test\//.test(f))).toEqual([]);
	// about 55 kB today; a stray build artefact or test fixture would show here first
	expect(packInfo.size).toBeLessThan(120_000);
});

test('the tarball installs into a scratch n8n user folder and n8n loads the node and credential', async () => {
	const nodesDir = path.join(work, 'home', '.n8n', 'nodes');
	fs.mkdirSync(nodesDir, { recursive: true });
	fs.writeFileSync(path.join(nodesDir, 'package.json'), JSON.stringify({ name: 'installed-nodes', private: true }));
	run(npm, ['install', '--omit=peer', '--ignore-scripts', '--no-audit', '--no-fund', '--no-package-lock', tarball], nodesDir);

	const pkgDir = path.join(nodesDir, 'node_modules', 'n8n-nodes-clerk-io');
	// no runtime dependencies, and the peer n8n-workflow comes from n8n itself
	expect(fs.readdirSync(path.join(nodesDir, 'node_modules')).filter((d) => !d.startsWith('.'))).toEqual(['n8n-nodes-clerk-io']);

	const loader = new PackageDirectoryLoader(pkgDir);
	await loader.loadAll();
	expect(loader.packageName).toBe('n8n-nodes-clerk-io');
	expect(Object.keys(loader.nodeTypes)).toEqual(['clerkIo', 'clerkIoFeedTrigger']);
	expect(Object.keys(loader.credentialTypes)).toEqual(['clerkIoApi']);
	const description = loader.nodeTypes.clerkIo.type.description as INodeTypeDescription;
	expect(description).toMatchObject({ name: 'clerkIo', displayName: 'Clerk.io', usableAsTool: true });
	expect(loader.known.credentials.clerkIoApi.supportedNodes).toEqual(['clerkIo', 'clerkIoFeedTrigger']);
	// the icons the node and credential name are in the installed package
	for (const icon of ['dist/nodes/ClerkIo/clerkIo.svg', 'dist/nodes/ClerkIo/clerkIo.dark.svg', 'dist/credentials/clerkIo.svg', 'dist/credentials/clerkIo.dark.svg']) {
		expect(fs.existsSync(path.join(pkgDir, icon))).toBe(true);
	}
});
