// Drives a started n8n over its REST API: claim the owner or log in, then `request(method, path, body)`
// with the session cookie. ownerEnv() makes 2.x create the owner itself at start.
import path from 'node:path';

/**
 * Claims the instance owner over REST (`POST /rest/owner/setup`, skipAuth) on a started n8n
 * (2.41 and 1.123 alike), which also skips the owner-setup screen. Returns a REST client
 * { user, cookie, request(method, path, body) } logged in as the owner.
 * Password rules: 8-64 chars, at least one digit and one uppercase letter.
 */
export async function setupOwner(server, owner = {}) {
	const { email, password, firstName, lastName } = { ...DEFAULT_OWNER, ...owner };
	return restLogin(server, '/rest/owner/setup', { email, password, firstName, lastName });
}

/** `POST /rest/login` (body { emailOrLdapLoginId, password } in 2.41 and 1.123). Same result as setupOwner. */
export async function login(server, owner = {}) {
	const { email, password } = { ...DEFAULT_OWNER, ...owner };
	return restLogin(server, '/rest/login', { emailOrLdapLoginId: email, password });
}

export const DEFAULT_OWNER = { email: 'owner@example.com', password: 'Passw0rd-for-tests', firstName: 'Test', lastName: 'Owner' };

// No `browser-id` header is sent, so the JWT carries no browserId and none is checked later
// (auth.service.js validateBrowserId only checks when the token has one).
async function restLogin(server, route, body) {
	const url = typeof server === 'string' ? server : server.url;
	const res = await fetch(`${url}${route}`, {
		method: 'POST',
		headers: { 'content-type': 'application/json' },
		body: JSON.stringify(body),
	});
	const text = await res.text();
	if (!res.ok) throw new Error(`POST ${route}: HTTP ${res.status} ${text}`);
	const cookie = (res.headers.getSetCookie?.() ?? [res.headers.get('set-cookie')])
		.filter(Boolean)
		.map((c) => c.split(';')[0])
		.join('; ');
	const request = async (method, p, reqBody) => {
		const r = await fetch(`${url}${p}`, {
			method,
			headers: { cookie, ...(reqBody !== undefined ? { 'content-type': 'application/json' } : {}) },
			body: reqBody !== undefined ? JSON.stringify(reqBody) : undefined,
		});
		const t = await r.text();
		let json;
		try {
			json = JSON.parse(t);
		} catch {}
		return { status: r.status, ok: r.ok, json, text: t };
	};
	return { user: JSON.parse(text).data, cookie, request };
}

/**
 * n8n >= 2.x only (read in 2.41.1: instance-settings-loader/loaders/owner.instance-settings-loader.js,
 * run by `n8n start`): env that makes `n8n start` create/overwrite the owner itself, so the
 * setup screen never shows. Needs a bcrypt hash; made here with the bcryptjs in n8n's tree.
 */
export async function ownerEnv(inst, owner = {}) {
	const { email, password, firstName, lastName } = { ...DEFAULT_OWNER, ...owner };
	const { createRequire } = await import('node:module');
	const bcrypt = createRequire(path.join(inst.dir, 'node_modules', 'n8n', 'package.json'))('bcryptjs');
	return {
		N8N_INSTANCE_OWNER_MANAGED_BY_ENV: 'true',
		N8N_INSTANCE_OWNER_EMAIL: email,
		N8N_INSTANCE_OWNER_FIRST_NAME: firstName,
		N8N_INSTANCE_OWNER_LAST_NAME: lastName,
		N8N_INSTANCE_OWNER_PASSWORD_HASH: bcrypt.hashSync(password, 10),
	};
}

/**
 * Publishes (activates) a workflow through the REST API, as the editor's Publish button does in 2.x:
 * `POST /rest/workflows/<id>/activate` with the workflow's current versionId. A running main
 * registers its production webhooks at once. `client` is what setupOwner/login return.
 */
export async function activateWorkflow(client, id) {
	const current = await client.request('GET', `/rest/workflows/${id}`);
	if (!current.ok) throw new Error(`GET /rest/workflows/${id}: HTTP ${current.status} ${current.text.slice(0, 300)}`);
	const res = await client.request('POST', `/rest/workflows/${id}/activate`, { versionId: current.json.data.versionId });
	if (!res.ok) throw new Error(`POST /rest/workflows/${id}/activate: HTTP ${res.status} ${res.text.slice(0, 300)}`);
	return res.json.data;
}
