/**
 * Runs the Clerk.io API credential's `test` the way n8n's CredentialsTester does: the declared
 * request goes through n8n-core's RoutingNode (with the credential's `authenticate`), then the rules
 * are applied to the answer.
 */
import { ExecuteContext, RoutingNode } from 'n8n-core';
import type { ICredentialTestRequest, IDataObject, INodeType, INodeTypes } from 'n8n-workflow';
import { createEmptyRunExecutionData, NodeConnectionTypes, Workflow } from 'n8n-workflow';

import { ClerkIoApi } from '../../credentials/ClerkIoApi.credentials';
import { clerkNode, makeAdditionalData, type ClerkCredentials } from './engine';

export async function testCredential(credentials: ClerkCredentials): Promise<{ status: 'OK' | 'Error'; message: string }> {
	const test = new ClerkIoApi().test as ICredentialTestRequest;
	const nodeType = {
		description: {
			displayName: 'Credential Test',
			name: 'credentialTest',
			group: ['transform'],
			version: 1,
			description: '',
			defaults: {},
			inputs: [NodeConnectionTypes.Main],
			outputs: [NodeConnectionTypes.Main],
			credentials: [{ name: 'clerkIoApi', required: true }],
			properties: [{ displayName: 'Temp', name: 'temp', type: 'string', routing: { request: test.request }, default: '' }],
		},
	} as unknown as INodeType;
	// The stand-in node n8n's CredentialsTester builds around the test request.
	const node = clerkNode({ id: 'temp', name: 'Temp-Node', type: 'credentialTest' });
	const nodeTypes = { getByName: () => nodeType, getByNameAndVersion: () => nodeType } as unknown as INodeTypes;
	const workflow = new Workflow({ nodes: [node], connections: {}, active: false, nodeTypes });
	const context = new ExecuteContext(
		workflow,
		node,
		makeAdditionalData(credentials),
		'internal',
		createEmptyRunExecutionData(),
		0,
		[],
		{ main: [[{ json: {} }]] },
		{ node, data: {}, source: null },
		[],
	);
	let response: IDataObject;
	try {
		const output = await new RoutingNode(context, nodeType, {
			id: '1',
			name: 'Clerk.io',
			type: 'clerkIoApi',
			data: { ...credentials },
		}).runNode();
		response = output?.[0]?.[0]?.json ?? {};
	} catch (error) {
		return { status: 'Error', message: (error as Error).message };
	}
	for (const rule of test.rules ?? []) {
		if (rule.type === 'responseSuccessBody' && response[rule.properties.key] === rule.properties.value) {
			return { status: 'Error', message: rule.properties.message };
		}
	}
	return { status: 'OK', message: 'Connection successful!' };
}
