// @ts-check
/**
 * Email (clerk-api §5.4): subscriber/* on store.subscribers (keyed by email:
 * {email, subscribed, lists: {list_id: bool}}) and the /audiences CRUD on store.audiences.
 *
 * Unknown in the reference: audience fields and answers. The sandbox assigns audience IDs on POST
 * (answering {status, audience_ids}, like campaign_ids), and an audience's emails are its `emails`
 * attribute if set, else the emails of subscribed customers.
 */
const { ClerkError } = require('./errors');
const { id, text } = require('./args');
const { keyedList } = require('./config');

const EMAIL = /^[^@\s]+@[^@\s]+$/;

function readEmail(args) {
	const email = text(args, 'email');
	if (!EMAIL.test(email)) throw new ClerkError('ParsingError', `Invalid Syntax In Argument: email (${email} is not an email address)`);
	return email.toLowerCase();
}

function subscription(subscribe) {
	const route = {
		auth: 'public',
		handle: ({ args, store }) => {
			const email = readEmail(args);
			const listId = text(args, 'list_id', { optional: true });
			const entry = store.subscribers.get(email) ?? { email, subscribed: false, lists: {} };
			if (listId !== undefined) entry.lists[listId] = subscribe;
			// A list subscription also subscribes globally; a global unsubscribe leaves every list.
			if (subscribe) entry.subscribed = true;
			else if (listId === undefined) {
				entry.subscribed = false;
				for (const name of Object.keys(entry.lists)) entry.lists[name] = false;
			}
			store.subscribers.set(email, entry);
			return { status: 'ok' };
		},
	};
	const endpoint = `subscriber/${subscribe ? 'subscribe' : 'unsubscribe'}`;
	return { [`GET ${endpoint}`]: route, [`POST ${endpoint}`]: route };
}

module.exports = {
	routes: {
		...subscription(true),
		...subscription(false),
		...keyedList({
			endpoint: 'audiences',
			listKey: 'audiences',
			keysArg: 'ids',
			collection: 'audiences',
			keyField: 'id',
			keyCheck: (value) => Number.isInteger(value),
			types: { name: (value) => typeof value === 'string', emails: (value) => Array.isArray(value) },
			createOnly: true,
			createdKey: 'audience_ids',
		}),
		'GET audiences/list': {
			auth: 'private',
			handle: ({ store }) => ({ status: 'ok', audiences: [...store.audiences.values()] }),
		},
		'GET audiences/emails': {
			auth: 'private',
			handle: ({ args, store }) => {
				const audienceId = id(args, 'id');
				const audience = store.audiences.get(String(audienceId));
				if (!audience) throw new ClerkError('LogicalError', `Unknown audience ${audienceId}`);
				const emails =
					audience.emails ??
					[...store.customers.values()].filter((customer) => customer.subscribed && customer.email).map((customer) => customer.email);
				return { status: 'ok', audiences: emails };
			},
		},
	},
};
