// @ts-check
/**
 * A small demo shop for `npm start`, `npm run demo` and the end-to-end tests: products with
 * attributes, a category tree, orders that make some products popular and pair others, customers,
 * content pages, a few tracking events and search queries. Deterministic: the same shop every time.
 * Every ID is a number (a Clerk store uses one ID type), so it runs with the sandbox's idType
 * 'number' and a credential whose ID Type is Number.
 */
const DAY = 24 * 3600;

const CATEGORIES = [
	{ id: 1, name: 'Clothing', url: 'https://shop.example.com/c/clothing', subcategories: [2, 3] },
	{ id: 2, name: 'Jackets', url: 'https://shop.example.com/c/jackets', subcategories: [], parent: 1 },
	{ id: 3, name: 'Knitwear', url: 'https://shop.example.com/c/knitwear', subcategories: [], parent: 1 },
	{ id: 4, name: 'Shoes', url: 'https://shop.example.com/c/shoes', subcategories: [5, 6] },
	{ id: 5, name: 'Running', url: 'https://shop.example.com/c/running', subcategories: [], parent: 4 },
	{ id: 6, name: 'Boots', url: 'https://shop.example.com/c/boots', subcategories: [], parent: 4 },
	{ id: 7, name: 'Accessories', url: 'https://shop.example.com/c/accessories', subcategories: [] },
];

// [name, category, price, brand, color, keywords]
const CATALOGUE = [
	['Rain Jacket Storm', 2, 129.0, 'Nordwind', 'navy', ['raincoat', 'waterproof']],
	['Down Jacket Polar', 2, 219.0, 'Nordwind', 'black', ['puffer', 'winter']],
	['Denim Jacket Classic', 2, 89.5, 'Bluefield', 'blue', ['jeans jacket']],
	['Softshell Jacket Trail', 2, 149.0, 'Peakline', 'green', ['outdoor']],
	['Wool Sweater Fjord', 3, 79.0, 'Nordwind', 'grey', ['jumper', 'merino']],
	['Cashmere Cardigan', 3, 159.0, 'Maison Lune', 'beige', ['cardigan']],
	['Cotton Hoodie Basic', 3, 49.0, 'Bluefield', 'black', ['sweatshirt']],
	['Merino Turtleneck', 3, 69.0, 'Peakline', 'navy', ['roll neck']],
	['Running Shoe Swift', 5, 119.0, 'Stride', 'white', ['sneaker', 'trainer']],
	['Running Shoe Trail Pro', 5, 139.0, 'Stride', 'orange', ['sneaker', 'trail']],
	['Racing Flat Tempo', 5, 159.0, 'Velo', 'yellow', ['sneaker', 'marathon']],
	['Leather Boot Ranger', 6, 189.0, 'Hartwood', 'brown', ['chelsea']],
	['Winter Boot Arctic', 6, 169.0, 'Nordwind', 'black', ['snow boot', 'waterproof']],
	['Hiking Boot Summit', 6, 199.0, 'Peakline', 'brown', ['trekking']],
	['Wool Beanie', 7, 24.0, 'Nordwind', 'grey', ['hat']],
	['Leather Gloves', 7, 45.0, 'Hartwood', 'brown', ['mittens']],
	['Merino Socks 3-Pack', 7, 19.0, 'Peakline', 'mixed', ['socks']],
	['Waterproof Spray', 7, 12.5, 'Stride', 'clear', ['shoe care', 'waterproof']],
	['Scarf Highland', 7, 39.0, 'Maison Lune', 'red', ['wool scarf']],
	['Running Cap', 7, 22.0, 'Velo', 'white', ['hat', 'sun']],
];

/** Orders: [day offset, customer, email, [productId, quantity]...] */
const ORDERS = [
	[-60, 1, 'ann@example.com', [1, 1], [15, 1], [18, 1]],
	[-45, 2, 'bo@example.com', [9, 1], [17, 2], [18, 1]],
	[-30, 3, 'cleo@example.com', [9, 1], [20, 1]],
	[-20, 1, 'ann@example.com', [5, 1], [15, 1]],
	[-14, 4, 'dan@example.com', [13, 1], [18, 1], [16, 1]],
	[-10, 2, 'bo@example.com', [10, 1], [17, 1]],
	[-6, 5, 'eva@example.com', [9, 2], [17, 1]],
	[-3, 3, 'cleo@example.com', [2, 1], [15, 1], [19, 1]],
	[-2, 6, 'finn@example.com', [9, 1], [18, 2]],
	[-1, 4, 'dan@example.com', [11, 1], [20, 1]],
];

const PAGES = [
	{ id: 1, type: 'blog', title: 'How to care for wool', text: 'Wash merino and wool sweaters cold, dry them flat.', url: 'https://shop.example.com/blog/wool-care' },
	{ id: 2, type: 'blog', title: 'Choosing a running shoe', text: 'Road or trail: pick a running shoe for the ground you run on.', url: 'https://shop.example.com/blog/running-shoes' },
	{ id: 3, type: 'blog', title: 'Ready for rain', text: 'A waterproof jacket and boots keep autumn walks dry.', url: 'https://shop.example.com/blog/rain' },
	{ id: 4, type: 'CMS Page', title: 'Returns', text: 'Return any product within 30 days.', url: 'https://shop.example.com/returns' },
];

/** @param {any} store the sandbox store */
function seedDemoShop(store, now = Math.floor(Date.now() / 1000)) {
	for (const category of CATEGORIES) store.categories.set(String(category.id), { ...category });
	CATALOGUE.forEach(([name, category, price, brand, color, keywords], index) => {
		const id = index + 1;
		store.products.set(String(id), {
			id,
			name,
			description: `${name} by ${brand}.`,
			price,
			list_price: id % 4 === 0 ? Math.round(price * 1.25) : price,
			on_sale: id % 4 === 0,
			image: `https://shop.example.com/img/${id}.jpg`,
			url: `https://shop.example.com/p/${id}`,
			categories: [category],
			created_at: now - (CATALOGUE.length - index) * 3 * DAY,
			brand,
			color,
			keywords,
			stock: (id * 7) % 23,
			sku: `SKU-${String(id).padStart(4, '0')}`,
		});
	});
	ORDERS.forEach(([dayOffset, customer, email, ...lines], index) => {
		const id = 5001 + index;
		const products = lines.map(([productId, quantity]) => ({
			id: productId,
			quantity,
			price: store.products.get(String(productId)).price,
		}));
		store.orders.set(String(id), { id, time: now + dayOffset * DAY, customer, email, products });
	});
	for (const [id, name, email] of [
		[1, 'Ann Berg', 'ann@example.com'],
		[2, 'Bo Lind', 'bo@example.com'],
		[3, 'Cleo Moss', 'cleo@example.com'],
		[4, 'Dan Holt', 'dan@example.com'],
		[5, 'Eva Sand', 'eva@example.com'],
		[6, 'Finn Dahl', 'finn@example.com'],
	]) {
		store.customers.set(String(id), { customerid: id, name, email, subscribed: id % 2 === 1 });
	}
	for (const page of PAGES) store.pages.set(String(page.id), { ...page });
	for (const [product, visitor] of [[9, 'demo-visitor'], [10, 'demo-visitor'], [1, 'demo-visitor'], [12, 'other-visitor']]) {
		store.events.push({ type: 'product', product, visitor, time: now - 3600 });
	}
	if (Array.isArray(store.searches)) {
		for (const query of ['jacket', 'running shoe', 'wool', 'jacket', 'boots', 'jacket', 'wool']) {
			store.searches.push({ query, time: now - 3600 });
		}
	}
}

module.exports = { seedDemoShop };
