// @ts-check
/**
 * Clerk's filter language (clerk-api.md §1.8): `attribute operator value` expressions joined with
 * `and`/`or` and parentheses (`and` binds tighter). Operators =, !=, >, <, >=, <=, contains, in,
 * not in; strings in single or double quotes; lists in brackets.
 *
 * Unknown in the reference, so the sandbox is conservative: a product without the attribute (or with
 * an object value) matches no expression on it, `!=` included; list attributes match `=`/`in` when
 * any entry does; `contains` is list membership, or a substring test on text.
 */
const { invalid } = require('./errors');

const TOKEN = /\s*(?:(\(|\)|\[|\]|,)|(!=|>=|<=|=|>|<)|'((?:[^'\\]|\\.)*)'|"((?:[^"\\]|\\.)*)"|(-?\d+(?:\.\d+)?)(?![\w.])|([A-Za-z_][A-Za-z0-9_]*))/y;

function tokenize(source) {
	const tokens = [];
	TOKEN.lastIndex = 0;
	while (TOKEN.lastIndex < source.length) {
		if (/^\s*$/.test(source.slice(TOKEN.lastIndex))) break;
		const at = TOKEN.lastIndex;
		const match = TOKEN.exec(source);
		if (!match) throw invalid('filter', `unexpected text at position ${at}: ${source.slice(at, at + 20)}`);
		const [, punct, operator, single, double, number, word] = match;
		if (punct) tokens.push({ kind: punct });
		else if (operator) tokens.push({ kind: 'op', value: operator });
		else if (single !== undefined || double !== undefined) {
			tokens.push({ kind: 'value', value: (single ?? double).replace(/\\(.)/g, '$1') });
		} else if (number !== undefined) tokens.push({ kind: 'value', value: Number(number) });
		else {
			const lower = word.toLowerCase();
			if (lower === 'true' || lower === 'false') tokens.push({ kind: 'value', value: lower === 'true' });
			else if (['and', 'or', 'not', 'in', 'contains'].includes(lower)) tokens.push({ kind: lower });
			else tokens.push({ kind: 'name', value: word });
		}
	}
	return tokens;
}

/** Parses a filter into a predicate over products; throws ParsingError on bad syntax. */
function parseFilter(source) {
	const tokens = tokenize(String(source));
	let position = 0;
	const peek = () => tokens[position];
	const take = (kind) => {
		const token = tokens[position];
		if (!token || (kind && token.kind !== kind)) {
			throw invalid('filter', `expected ${kind ?? 'more'} at token ${position + 1}${token ? `, got ${token.kind}` : ''}`);
		}
		position++;
		return token;
	};

	const value = () => {
		if (peek()?.kind === '[') {
			take('[');
			const values = [];
			if (peek()?.kind !== ']') {
				values.push(take('value').value);
				while (peek()?.kind === ',') {
					take(',');
					values.push(take('value').value);
				}
			}
			take(']');
			return values;
		}
		return take('value').value;
	};

	const comparison = () => {
		const name = take('name').value;
		const next = take();
		let operator;
		if (next.kind === 'op') operator = next.value;
		else if (next.kind === 'contains' || next.kind === 'in') operator = next.kind;
		else if (next.kind === 'not' && take('in')) operator = 'not in';
		else throw invalid('filter', `unknown operator after ${name}`);
		const operand = value();
		if ((operator === 'in' || operator === 'not in') !== Array.isArray(operand)) {
			throw invalid('filter', `${operator} ${Array.isArray(operand) ? 'cannot take' : 'needs'} a list`);
		}
		return (product) => compare(product[name], operator, operand);
	};

	const primary = () => {
		if (peek()?.kind === '(') {
			take('(');
			const inner = disjunction();
			take(')');
			return inner;
		}
		return comparison();
	};
	/** Operands joined by one operator: `and` needs every part, `or` any. */
	const joined = (operator, operand, combine) => () => {
		const parts = [operand()];
		while (peek()?.kind === operator) {
			take(operator);
			parts.push(operand());
		}
		return (product) => combine(parts, product);
	};
	const conjunction = joined('and', primary, (parts, product) => parts.every((part) => part(product)));
	const disjunction = joined('or', conjunction, (parts, product) => parts.some((part) => part(product)));

	if (tokens.length === 0) return () => true;
	const predicate = disjunction();
	if (position < tokens.length) throw invalid('filter', `unexpected ${tokens[position].kind} at token ${position + 1}`);
	return predicate;
}

const same = (a, b) => a === b || (typeof a !== typeof b && String(a) === String(b));

function compare(actual, operator, operand) {
	if (actual === undefined || actual === null || (typeof actual === 'object' && !Array.isArray(actual))) return false;
	const entries = Array.isArray(actual) ? actual : [actual];
	switch (operator) {
		case '=':
			return entries.some((entry) => same(entry, operand));
		case '!=':
			return !entries.some((entry) => same(entry, operand));
		case 'in':
			return entries.some((entry) => operand.some((candidate) => same(entry, candidate)));
		case 'not in':
			return !entries.some((entry) => operand.some((candidate) => same(entry, candidate)));
		case 'contains':
			return Array.isArray(actual)
				? entries.some((entry) => same(entry, operand))
				: String(actual).toLowerCase().includes(String(operand).toLowerCase());
		default: {
			if (typeof operand !== 'number') return false;
			const numbers = entries.filter((entry) => typeof entry === 'number');
			const test = { '>': (n) => n > operand, '<': (n) => n < operand, '>=': (n) => n >= operand, '<=': (n) => n <= operand }[operator];
			return numbers.some(test);
		}
	}
}

module.exports = { parseFilter, tokenize };
