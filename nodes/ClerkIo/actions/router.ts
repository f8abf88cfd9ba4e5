import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { runOperation } from './engine';
import { findOperation } from './resources';

// n8n adds "Custom API Call" with this value to the Resource and Operation lists of nodes whose
// credential can sign any request; choosing it as the Resource leaves no operation parameter.
const CUSTOM_API_CALL = '__CUSTOM_API_CALL__';

export async function router(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const resource = this.getNodeParameter('resource', 0, '') as string;
	const operation = this.getNodeParameter('operation', 0, '') as string;
	if (resource === CUSTOM_API_CALL || operation === CUSTOM_API_CALL) {
		throw new NodeOperationError(this.getNode(), 'Custom API Call is not available in the Clerk.io node', {
			description:
				'To call another Clerk.io endpoint, use the HTTP Request node with the predefined credential type "Clerk.io API": it adds the store keys to each request as Clerk.io expects.',
		});
	}
	if (!operation) {
		throw new NodeOperationError(this.getNode(), `No operation is chosen for "${resource}"`, {
			description: 'Choose an operation in the node.',
		});
	}
	const definition = findOperation(resource, operation);
	if (!definition) {
		throw new NodeOperationError(this.getNode(), `The operation "${operation}" of "${resource}" is not supported`);
	}
	if (definition.operation.mode === 'node') return await definition.operation.run.call(this);
	return await runOperation.call(this, definition.operation);
}
