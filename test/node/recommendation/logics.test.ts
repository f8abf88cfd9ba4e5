/** One test per recommendation logic, driven by the same table the operations are generated from. */
import type { IDataObject, INodeParameters, INodeProperties } from 'n8n-workflow';

import { ClerkIo } from '../../../nodes/ClerkIo/ClerkIo.node';
import { PARAMS, type ParamName } from '../../../nodes/ClerkIo/actions/readParams';
import { logicEndpoint, logics, operationValue } from '../../../nodes/ClerkIo/actions/recommendation/logics';
import { argsOf, pairedJson, useSandbox } from '../../helpers/calls';
import { expectPublicRead, seedShop } from '../../helpers/reads';

const shop = useSandbox();
beforeEach(() => seedShop(shop.sandbox));

/** Node value and the argument Clerk should receive, per required parameter. */
const SAMPLES: Partial<Record<ParamName, [string, string | number | number[]]>> = {
	products: ['3', [3]],
	product: ['3', 3],
	category: ['1', 1],
	keywords: ['running', 'running'],
	visitor: ['v1', 'v1'],
	email: ['ann@example.com', 'ann@example.com'],
	page: ['1', 1],
};

const properties = new ClerkIo().description.properties;
const shownFor = (operation: string) =>
	properties.filter((property) => {
		const show = property.displayOptions?.show;
		return show?.resource?.includes('recommendation') && show.operation?.includes(operation);
	});

test('the table has the 25 documented logics plus category/complementary, bundle marked deprecated', () => {
	expect(logics.filter((logic) => !logic.undocumented)).toHaveLength(25);
	expect(logics.filter((logic) => logic.undocumented).map((logic) => logic.endpoint)).toEqual(['category/complementary']);
	expect(logics.filter((logic) => logic.deprecated).map((logic) => logic.endpoint)).toEqual(['bundle']);
	expect(logics.find((logic) => logic.endpoint === 'specific')).toBeUndefined();
	const operation = properties.find(
		(property) => property.name === 'operation' && property.displayOptions?.show?.resource?.includes('recommendation'),
	);
	expect(operation?.options).toHaveLength(26);
});

describe.each(logics.map((logic) => [logic.endpoint, logic] as const))('recommendations/%s', (endpoint, logic) => {
	const definition = logicEndpoint(logic);
	const operation = operationValue(endpoint);

	test('shows exactly the parameters it takes', () => {
		const shown = shownFor(operation);
		const required = shown.filter((property) => property.required).map((property) => property.name);
		expect(required.sort()).toEqual((logic.needs ?? []).map((param) => PARAMS[param].name).sort());
		expect(shown.some((property) => property.name === 'labels')).toBe(!logic.bare);
		const options = shown.find((property) => property.name === 'options')?.options as INodeProperties[];
		expect(options.map((option) => option.name).sort()).toEqual(
			[...(definition.optional ?? []).map((param) => PARAMS[param].name), 'output'].sort(),
		);
		expect(shown.some((property) => property.name === 'returnAll')).toBe(Boolean(logic.paged));
	});

	test('sends its arguments with the public key only and outputs one paired item per result', async () => {
		const parameters: INodeParameters = { resource: 'recommendation', operation, limit: 5 };
		const expected: IDataObject = { limit: 5 };
		for (const param of logic.needs ?? []) {
			const [value, sent] = SAMPLES[param]!;
			parameters[PARAMS[param].name] = value;
			expected[PARAMS[param].apiName] = sent;
		}
		if (logic.paged) expected.offset = 0;
		// Every labelled logic carries a default label naming it, for Clerk's sales attribution.
		if (!logic.bare) expected.labels = [`n8n - ${logic.name}`];

		const result = await shop.run(parameters);

		expect(shop.sandbox.requests).toHaveLength(1);
		const [request] = shop.sandbox.requests;
		expectPublicRead(shop.sandbox, request, { method: logic.getOnly ? 'GET' : 'POST', endpoint: `recommendations/${endpoint}` });
		expect(argsOf(request)).toEqual(expected);
		const json = pairedJson(result, result.output.map(() => 0));
		expect(json.length).toBeGreaterThan(0);
		expect(json.length).toBeLessThanOrEqual(5);
		for (const item of json) expect(item.id).toBeDefined();
	});
});
