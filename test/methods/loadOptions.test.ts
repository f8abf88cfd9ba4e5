/**
 * The dropdown methods, run in n8n-core's real LoadOptionsContext (as the editor calls them) against
 * the sandbox's demo shop.
 */
import { LoadOptionsContext } from 'n8n-core';
import type { INodeTypes } from 'n8n-workflow';
import { Workflow } from 'n8n-workflow';

import { ClerkIo } from '../../nodes/ClerkIo/ClerkIo.node';
import { clerkNode, makeAdditionalData } from '../helpers/engine';
import { credentialsFor, startSandbox, type Sandbox } from '../helpers/sandbox';

const { seedDemoShop } = require('../sandbox/demo-shop');

let sandbox: Sandbox;
beforeAll(async () => {
	sandbox = await startSandbox({ seed_data: seedDemoShop });
});
afterAll(async () => await sandbox.close());
beforeEach(() => sandbox.reset());

function loadOptionsContext(): LoadOptionsContext {
	const clerkIo = new ClerkIo();
	const node = clerkNode({ parameters: { resource: 'search', operation: 'search' } });
	const nodeTypes = { getByName: () => clerkIo, getByNameAndVersion: () => clerkIo } as unknown as INodeTypes;
	const workflow = new Workflow({ nodes: [node], connections: {}, active: false, nodeTypes });
	return new LoadOptionsContext(workflow, node, makeAdditionalData(credentialsFor(sandbox)), 'parameters');
}

test('Product attributes: the attribute names of the store products, sorted, public key only', async () => {
	const options = await new ClerkIo().methods.loadOptions.getProductAttributes.call(loadOptionsContext());

	const names = options.map((option) => option.value);
	expect(names).toEqual([...names].sort());
	expect(names).toEqual(expect.arrayContaining(['brand', 'categories', 'color', 'name', 'price']));
	expect(options[0]).toEqual({ name: options[0].value, value: options[0].value });
	expect(sandbox.requests).toHaveLength(1);
	expect(sandbox.requests[0]).toMatchObject({ endpoint: 'product/facets', keys: { key: 'query', private_key: null } });
});

test('Content blocks: the contents of my.clerk.io with the endpoint each calls, keys in the query', async () => {
	const options = await new ClerkIo().methods.loadOptions.getContents.call(loadOptionsContext());

	expect(options).toEqual([
		{ name: 'Home - Trending', value: 'home-trending', description: 'Calls recommendations/trending' },
		{ name: 'Product - Alternatives', value: 'product-alternatives', description: 'Calls recommendations/substituting' },
		{ name: 'Search Page', value: 'search-page', description: 'Calls search/search' },
	]);
	expect(sandbox.requests[0]).toMatchObject({ endpoint: 'client/account/content/list', keys: { key: 'query', private_key: 'query' } });
});

test('a refused key surfaces as a Clerk error in the dropdown', async () => {
	const context = loadOptionsContext();
	const bad = new LoadOptionsContext(
		(context as unknown as { workflow: Workflow }).workflow,
		context.getNode(),
		makeAdditionalData(credentialsFor(sandbox, { publicKey: 'nope' })),
		'parameters',
	);
	await expect(new ClerkIo().methods.loadOptions.getProductAttributes.call(bad)).rejects.toThrow(
		'Clerk.io AuthenticationError: Invalid public API key',
	);
});
