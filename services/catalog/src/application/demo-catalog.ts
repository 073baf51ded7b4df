import { createHash } from 'node:crypto';
import type { ProductDraft } from '../domain/product.js';

type Entry = [name: string, description: string, priceCents: number];

// A small shop that a newcomer can browse and search right away. Prices in EUR cents.
const CATALOG: Record<string, Entry[]> = {
  kitchen: [
    ['Cast Iron Skillet 28 cm', 'Pre-seasoned cast iron pan that goes from stove to oven.', 3999],
    ['Chef Knife 20 cm', 'Forged stainless steel chef knife with a full tang.', 5999],
    ['Pour-Over Coffee Dripper', 'Ceramic dripper for a clean, bright cup of coffee.', 2499],
    ['Bamboo Cutting Board', 'Large end-grain bamboo board that is kind to knife edges.', 2999],
    ['Stainless Steel Mixing Bowls', 'Set of three nesting bowls with non-slip bases.', 1999],
    ['Electric Kettle 1.7 l', 'Fast-boil kettle with temperature control for tea and coffee.', 4999],
    ['Silicone Spatula Set', 'Heat-resistant spatulas for baking and non-stick pans.', 1299],
    ['Enamelled Dutch Oven 5 l', 'Heavy pot for stews, bread and slow braising.', 8999],
    ['Burr Coffee Grinder', 'Conical burr grinder with 40 grind settings.', 12999],
    ['Glass Food Containers', 'Oven-safe glass containers with airtight lids, set of five.', 3499],
  ],
  outdoor: [
    ['Ultralight Tent 2P', 'Two-person backpacking tent under 1.5 kg.', 24999],
    ['Down Sleeping Bag -5 °C', 'Warm, packable sleeping bag filled with responsibly sourced down.', 18999],
    ['Trekking Poles', 'Collapsible aluminium poles with cork grips.', 5999],
    ['Headlamp 400 lm', 'Rechargeable headlamp with red night mode.', 3499],
    ['Insulated Water Bottle', 'Keeps drinks cold for 24 hours or hot for 12.', 2999],
    ['Camping Stove', 'Compact gas stove that boils a litre in three minutes.', 4499],
    ['Hiking Backpack 45 l', 'Ventilated back panel, rain cover and hip-belt pockets.', 13999],
    ['Merino Wool Socks', 'Cushioned hiking socks that stay fresh for days.', 1899],
    ['Rain Jacket', 'Waterproof, breathable shell jacket with taped seams.', 15999],
    ['Folding Camp Chair', 'Lightweight chair that packs down to the size of a water bottle.', 7999],
  ],
  electronics: [
    ['Wireless Noise-Cancelling Headphones', 'Over-ear headphones with 30 hours of battery.', 24999],
    ['Mechanical Keyboard', 'Tenkeyless keyboard with hot-swappable switches.', 10999],
    ['USB-C Charger 65 W', 'Gallium nitride charger for laptops, tablets and phones.', 3999],
    ['Portable SSD 1 TB', 'Pocket-sized solid state drive with USB-C.', 11999],
    ['Bluetooth Speaker', 'Waterproof speaker with deep bass for the outdoors.', 6999],
    ['Ergonomic Mouse', 'Vertical mouse that eases wrist strain.', 4999],
    ['27-inch Monitor', 'QHD IPS monitor with USB-C power delivery.', 32999],
    ['Webcam 1080p', 'Full HD webcam with auto focus and dual microphones.', 5999],
    ['E-Reader', 'Glare-free display, adjustable warm light, weeks of battery.', 12999],
    ['Smart Plug', 'Schedule and control lamps and appliances from your phone.', 1999],
  ],
  books: [
    [
      'Designing Data-Intensive Applications',
      'The big ideas behind reliable, scalable and maintainable systems.',
      4599,
    ],
    [
      'Release It!',
      'Design and deploy production-ready software: stability patterns and antipatterns.',
      3999,
    ],
    ['Domain-Driven Design', 'Tackling complexity in the heart of software.', 5499],
    ['Building Microservices', 'Designing fine-grained systems.', 4299],
    ['Enterprise Integration Patterns', 'Designing, building and deploying messaging solutions.', 5999],
    ['The Pragmatic Programmer', 'Your journey to mastery.', 3799],
    ['Site Reliability Engineering', 'How Google runs production systems.', 4499],
    ['Refactoring', 'Improving the design of existing code.', 4799],
    [
      'Patterns of Enterprise Application Architecture',
      'The classic catalogue of enterprise patterns.',
      5299,
    ],
    ['Database Internals', 'A deep dive into how distributed data systems work.', 4699],
  ],
  home: [
    ['Linen Bed Sheets', 'Stonewashed linen sheets that get softer with every wash.', 12999],
    ['Desk Lamp', 'Dimmable LED desk lamp with adjustable colour temperature.', 4999],
    ['Wool Throw Blanket', 'Soft merino throw for cold evenings.', 8999],
    ['Ceramic Plant Pot', 'Matte ceramic pot with drainage hole and saucer.', 2499],
    ['Scented Candle', 'Soy wax candle with cedar and bergamot.', 1999],
    ['Wall Clock', 'Silent sweep wall clock in oak.', 3999],
    ['Cotton Bath Towels', 'Set of two heavy organic cotton towels.', 3499],
    ['Storage Baskets', 'Woven seagrass baskets, set of three.', 2999],
    ['Air Purifier', 'HEPA filter purifier for rooms up to 40 m².', 17999],
    ['Door Mat', 'Coir door mat that traps dirt and dries fast.', 2299],
  ],
  sports: [
    ['Yoga Mat', 'Non-slip natural rubber mat, 4 mm thick.', 4999],
    ['Adjustable Dumbbells', 'Pair of dumbbells from 2 to 24 kg with quick-change dials.', 29999],
    ['Running Shoes', 'Cushioned road running shoes for daily training.', 12999],
    ['Jump Rope', 'Speed rope with ball-bearing handles.', 1499],
    ['Resistance Bands', 'Set of five latex bands for strength training.', 2499],
    ['Foam Roller', 'High-density roller for recovery and mobility.', 2999],
    ['Cycling Helmet', 'Lightweight road helmet with MIPS protection.', 9999],
    ['Swimming Goggles', 'Anti-fog goggles with a wide field of view.', 1999],
    ['Tennis Racket', 'Graphite racket for intermediate players.', 14999],
    ['Sports Water Bottle', 'Squeezable 750 ml bottle that does not leak.', 999],
  ],
};

function slug(name: string): string {
  return name
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
}

/** A stable UUID per product name, so every fresh install has the same demo ids (handy in docs and tests). */
function stableId(name: string): string {
  const hex = createHash('sha256').update(`bazaar-demo:${name}`).digest('hex');
  // Shaped as a version-8 (custom) UUID with the RFC 9562 variant bits.
  const variant = ((Number.parseInt(hex[16]!, 16) & 0x3) | 0x8).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-8${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

export const DEMO_CATALOG: readonly (ProductDraft & { id: string })[] = Object.entries(CATALOG).flatMap(
  ([category, entries]) =>
    entries.map(([name, description, priceCents]) => ({
      id: stableId(name),
      name,
      description,
      price: { amount: priceCents, currency: 'EUR' },
      category,
      imageUrl: `https://images.bazaar.example/products/${slug(name)}.jpg`,
    })),
);
