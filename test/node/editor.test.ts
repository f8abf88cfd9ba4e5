/** What the editor shows: the subtitle under the node on the canvas, evaluated as n8n evaluates it. */
import type { INodeTypes } from 'n8n-workflow';
import { NodeHelpers, Workflow } from 'n8n-workflow';

import { ClerkIo } from '../../nodes/ClerkIo/ClerkIo.node';
import { resources } from '../../nodes/ClerkIo/actions/resources';
import { clerkNode } from '../helpers/engine';

const clerkIo = new ClerkIo();
const nodeTypes = {
	getByName: () => clerkIo,
	getByNameAndVersion: () => clerkIo,
	getKnownTypes: () => ({}),
} as unknown as INodeTypes;

/** The canvas subtitle of a Clerk.io node set to resource/operation (n8n's editor: getSimpleParameterValue). */
function subtitleOf(resource: string, operation: string): unknown {
	const node = clerkNode({ parameters: { resource, operation } });
	const workflow = new Workflow({ nodes: [node], connections: {}, active: false, nodeTypes });
	return workflow.expression.getSimpleParameterValue(node, clerkIo.description.subtitle!, 'internal', {});
}

test.each([
	['product', 'upsert', 'Create or Update: Product'],
	['search', 'search', 'Search Products'],
	['recommendation', 'popular', 'Best Sellers: Recommendation'],
	['tracking', 'logSale', 'Log Sale: Tracking'],
	['campaign', 'create', 'Create: Merchandising Campaign'],
])('the subtitle of %s › %s is "%s"', (resource, operation, expected) => {
	expect(subtitleOf(resource, operation)).toBe(expected);
});

test('every operation has a subtitle of display names, never its internal values', () => {
	for (const resource of resources) {
		for (const { option } of resource.operations) {
			const shown = subtitleOf(resource.value, option.value as string) as string;
			expect(shown.startsWith(option.name)).toBe(true);
			expect(shown).not.toContain(`${option.value as string}: ${resource.value}`);
		}
	}
});

test('an operation this version does not know still gets a subtitle', () => {
	expect(subtitleOf('product', 'someday')).toBe('someday: product');
});

const operations = resources.flatMap((resource) =>
	resource.operations.map(({ option }) => ({ key: `${resource.value}:${option.value as string}`, ...option })),
);

test('operation descriptions are one style and fit the dropdown: one short phrase starting with a verb', () => {
	const verbs = /^(Add|Change|Check|Complete|Count|Create|Delete|Find|Get|Link|List|Permanently|Read|Record|Replace|Search|Start|Subscribe|Unsubscribe|Write) /;
	for (const { key, description } of operations) {
		const text = description ?? '';
		// 80 characters fit two lines of the dropdown; n8n's own wording for upsert may take a little more.
		expect([key, text.length <= (key.endsWith(':upsert') ? 100 : 80)]).toEqual([key, true]);
		expect([key, verbs.test(text)]).toEqual([key, true]);
		expect([key, text.replace(/e\.g\.|(my\.)?clerk\.io/gi, '').includes('.')]).toEqual([key, false]);
	}
});

test('tool action names are specific enough for an agent to choose and fill the operation', () => {
	for (const { key, action } of operations) {
		expect([key, action.length <= 110]).toEqual([key, true]);
	}
	expect(new Set(operations.map(({ action }) => action)).size).toBe(operations.length);
	const actionOf = (key: string) => operations.find((operation) => operation.key === key)!.action;
	for (const key of ['recommendation:complementary', 'recommendation:substituting', 'recommendation:mostSoldWith', 'product:getAttributes']) {
		expect(actionOf(key)).toContain('comma-separated product IDs');
	}
	for (const key of ['search:search', 'search:productsV3']) expect(actionOf(key)).toMatch(/filter.*price < 100/);
	for (const key of ['recommendation:visitorComplementary', 'tracking:logClick']) expect(actionOf(key)).toContain('visitor ID');
	expect(actionOf('tracking:logSale')).toContain('comma-separated IDs or {id, quantity, price} lines');
});

test("an AI agent's automatic tool description is the operation's action", () => {
	// n8n's Tool Description › Set Automatically (NodeHelpers.makeDescription): "<action> in <node name>".
	expect(NodeHelpers.makeDescription({ resource: 'recommendation', operation: 'complementary' }, clerkIo.description)).toBe(
		'Recommend products often bought together with given products (comma-separated product IDs) in Clerk.io',
	);
	expect(NodeHelpers.makeDescription({ resource: 'search', operation: 'search' }, clerkIo.description)).toBe(
		'Search products by query words, with an optional filter in Clerk syntax, e.g. price < 100 and brand = "Acme" in Clerk.io',
	);
});
