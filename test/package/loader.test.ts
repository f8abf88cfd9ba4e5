/**
 * Loads the built package the way n8n does when it installs a community package, and checks what
 * the package promises: node and credential registered, icons beside them, the n8n block valid.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

import { PackageDirectoryLoader } from 'n8n-core';
import type { INodeTypeDescription } from 'n8n-workflow';

const root = path.resolve(__dirname, '../..');
const packageJson = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8'));

test('the built package registers the Clerk.io node, the Clerk.io Feed Trigger and the credential', async () => {
	expect(existsSync(path.join(root, 'dist/nodes/ClerkIo/ClerkIo.node.js'))).toBe(true);
	const loader = new PackageDirectoryLoader(root);
	await loader.loadAll();

	expect(loader.packageName).toBe('n8n-nodes-clerk-io');
	expect(Object.keys(loader.nodeTypes)).toEqual(['clerkIo', 'clerkIoFeedTrigger']);
	expect(Object.keys(loader.credentialTypes)).toEqual(['clerkIoApi']);

	const description = loader.nodeTypes.clerkIo.type.description as INodeTypeDescription;
	expect(description).toMatchObject({ name: 'clerkIo', displayName: 'Clerk.io', usableAsTool: true });
	expect(description.credentials).toEqual([{ name: 'clerkIoApi', required: true }]);
	expect(loader.types.nodes.map((type) => type.name)).toEqual(['clerkIo', 'clerkIoFeedTrigger']);
	expect(loader.types.credentials.map((type) => type.name)).toEqual(['clerkIoApi']);
	expect(loader.known.credentials.clerkIoApi.supportedNodes).toEqual(['clerkIo', 'clerkIoFeedTrigger']);
	const trigger = loader.nodeTypes.clerkIoFeedTrigger.type.description as INodeTypeDescription;
	expect(trigger).toMatchObject({ name: 'clerkIoFeedTrigger', displayName: 'Clerk.io Feed Trigger', group: ['trigger'], inputs: [] });
	expect(trigger.credentials).toEqual([{ name: 'clerkIoApi', required: true }]);
	// One production URL per feed, shown in the panel.
	expect(trigger.webhooks?.map((webhook) => [webhook.httpMethod, webhook.path, webhook.responseMode])).toEqual(
		['products', 'categories', 'orders', 'customers', 'pages'].map((feed) => ['GET', feed, 'responseNode']),
	);
});

test('icons are shipped next to the compiled node and credential', () => {
	for (const file of ['nodes/ClerkIo/clerkIo.svg', 'nodes/ClerkIo/clerkIo.dark.svg', 'nodes/ClerkIoFeedTrigger/clerkIo.svg', 'nodes/ClerkIoFeedTrigger/clerkIo.dark.svg', 'credentials/clerkIo.svg', 'credentials/clerkIo.dark.svg']) {
		expect(existsSync(path.join(root, 'dist', file))).toBe(true);
	}
});

test('package.json follows the community package rules', () => {
	expect(packageJson.keywords).toContain('n8n-community-node-package');
	expect(packageJson.license).toBe('MIT');
	expect(packageJson.dependencies).toBeUndefined();
	expect(packageJson.peerDependencies).toEqual({ 'n8n-workflow': '*' });
	// What n8n needs of the block: API version 1, and each listed file there, shipped, and loading as
	// the node or credential class its name promises.
	expect(packageJson.n8n.n8nNodesApiVersion).toBe(1);
	const listed: string[] = [...packageJson.n8n.nodes, ...packageJson.n8n.credentials];
	expect(packageJson.n8n.nodes.length).toBeGreaterThan(0);
	expect(packageJson.n8n.credentials.length).toBeGreaterThan(0);
	const shipped = (file: string) =>
		packageJson.files.some((entry: string) => !entry.startsWith('!') && file.startsWith(`${entry}/`)) &&
		!file.endsWith('.d.ts') &&
		!file.endsWith('.js.map');
	for (const file of listed) {
		expect({ file, exists: existsSync(path.join(root, file)), shipped: shipped(file) }).toEqual({ file, exists: true, shipped: true });
		const exported = require(path.join(root, file)) as Record<string, new () => { description?: { name: string }; name?: string }>;
		const className = path.basename(file).split('.')[0];
		expect(typeof exported[className]).toBe('function');
		const instance = new exported[className]();
		expect(instance.description?.name ?? instance.name).toMatch(/^clerkIo/);
	}
});
