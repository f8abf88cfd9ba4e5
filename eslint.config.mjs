// `n8n-node lint` (package @n8n/node-cli) runs `eslint .` with this file: n8n's own config for
// community nodes, as its template ships it, applied to what the package ships (nodes/, credentials/,
// package.json). The repository's tests, scripts and examples are not part of the package.
// Inline disables are not honoured in `npm run lint` (--no-inline-config), as n8n's scanner does.
import { config } from '@n8n/node-cli/eslint';

export default [
	{ ignores: ['dist/**', 'node_modules/**', 'test/**', '.cache/**', 'scripts/**', 'examples/**', 'docs/**', 'coverage/**', '*.js', '*.mjs'] },
	...config,
];
