/** Fixtures and request checks for the read operations (search, recommendations, product data). */
import type { IDataObject } from 'n8n-workflow';

import type { RecordedRequest, Sandbox } from './sandbox';
import { makeProduct } from './sandbox';

/**
 * Public-key read: `key` where the method puts arguments, `private_key` nowhere, and the private
 * key in neither URL nor body.
 */
export function expectPublicRead(
	sandbox: Sandbox,
	request: RecordedRequest,
	expected: { method: 'GET' | 'POST'; endpoint: string; version?: 'v2' | 'v3' },
): void {
	expect(request).toMatchObject({
		method: expected.method,
		version: expected.version ?? 'v2',
		endpoint: expected.endpoint,
		status: 200,
		keys: { key: expected.method === 'POST' ? 'body' : 'query', private_key: null },
	});
	expect(request.url).not.toContain(sandbox.keys.privateKey);
	expect(request.rawBody).not.toContain(sandbox.keys.privateKey);
}

const NOW = () => Math.floor(Date.now() / 1000);

/**
 * A small shop: 30 products in a category tree 1 → {2, 3}, 4 (product n is in category 2 + n % 3,
 * so 2, 3 or 4), orders that make 3 and 7 best sellers and pair 3 with 10, content pages, and
 * tracking events of visitor "v1".
 */
export function seedShop(sandbox: Sandbox): void {
	const { store } = sandbox;
	for (let id = 1; id <= 30; id++) {
		store.products.set(String(id), makeProduct(id, {
			categories: [2 + (id % 3)],
			name: id % 2 ? `Running shoe ${id}` : `Rain jacket ${id}`,
			keywords: id % 2 ? ['sneaker'] : ['coat'],
		}));
	}
	store.categories.set('1', { id: 1, name: 'Shoes and jackets', url: 'https://shop.example.com/c/1', subcategories: [2, 3] });
	store.categories.set('2', { id: 2, name: 'Shoes', url: 'https://shop.example.com/c/2', subcategories: [] });
	store.categories.set('3', { id: 3, name: 'Jackets', url: 'https://shop.example.com/c/3', subcategories: [] });
	store.categories.set('4', { id: 4, name: 'Socks', url: 'https://shop.example.com/c/4', subcategories: [] });
	const order = (id: number, lines: Array<[number, number]>, extra: IDataObject = {}) =>
		store.orders.set(String(id), {
			id,
			products: lines.map(([product, quantity]) => ({ id: product, quantity, price: 10 })),
			time: NOW() - 3600 * id,
			...extra,
		});
	order(1, [[3, 5], [10, 1]], { email: 'ann@example.com', customer: 'c1' });
	order(2, [[3, 2], [10, 1], [4, 1]]);
	order(3, [[7, 4]], { email: 'ann@example.com' });
	order(4, [[12, 1], [5, 1]]);
	store.pages.set('1', { id: 1, type: 'blog', url: 'https://shop.example.com/b/1', title: 'Running shoe guide', text: 'How to pick shoes for running' });
	store.pages.set('2', { id: 2, type: 'blog', url: 'https://shop.example.com/b/2', title: 'Rain jacket care', text: 'Keep jackets dry' });
	store.pages.set('3', { id: 3, type: 'CMS Page', url: 'https://shop.example.com/p/3', title: 'Running events', text: 'Shoe tips for running' });
	const time = NOW();
	store.events.push(
		{ type: 'email', visitor: 'v1', email: 'ann@example.com', time: time - 30 },
		{ type: 'product', visitor: 'v1', product: 3, time: time - 20 },
		{ type: 'click', visitor: 'v1', product: 8, time: time - 10 },
		{ type: 'product', visitor: 'v2', product: 9, time: time - 5 },
	);
}
