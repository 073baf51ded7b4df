import { eventCatalog } from '@bazaar/messaging';
import { type Static, Type } from '@sinclair/typebox';
import { FULFILMENT_EVENTS, FULFILMENT_TOPICS, FULFILMENT_TYPES } from './fulfilment.js';
import { Id, Instant, Money } from './schemas.js';

/** Topics group the events of one kind of thing; consumer groups subscribe to topics. */
export const TOPICS = {
  users: 'identity.users',
  products: 'catalog.products',
  notifications: 'notification.notifications',
  ...FULFILMENT_TOPICS,
} as const;

export const UserRegistered = Type.Object(
  {
    userId: Id,
    email: Type.String({ format: 'email', maxLength: 254 }),
    name: Type.String({ minLength: 1, maxLength: 100 }),
    registeredAt: Instant,
  },
  { additionalProperties: false },
);
export type UserRegistered = Static<typeof UserRegistered>;

export const UserUpdated = Type.Object(
  {
    userId: Id,
    email: Type.String({ format: 'email', maxLength: 254 }),
    name: Type.String({ minLength: 1, maxLength: 100 }),
    role: Type.Union([Type.Literal('customer'), Type.Literal('admin')]),
    updatedAt: Instant,
  },
  { additionalProperties: false },
);
export type UserUpdated = Static<typeof UserUpdated>;

export const ProductCreated = Type.Object(
  {
    productId: Id,
    name: Type.String({ minLength: 1, maxLength: 200 }),
    category: Type.String({ minLength: 1, maxLength: 50 }),
    price: Money,
  },
  { additionalProperties: false },
);
export type ProductCreated = Static<typeof ProductCreated>;

export const PriceChanged = Type.Object(
  { productId: Id, previousPrice: Money, price: Money },
  { additionalProperties: false },
);
export type PriceChanged = Static<typeof PriceChanged>;

export const NotificationSent = Type.Object(
  {
    notificationId: Id,
    recipientId: Id,
    kind: Type.String({ minLength: 1, maxLength: 50 }),
    reference: Type.String({ minLength: 1, maxLength: 200 }),
  },
  { additionalProperties: false },
);
export type NotificationSent = Static<typeof NotificationSent>;

/** CloudEvents `type` of each event, as publishers and consumers name them. */
export const EVENT_TYPES = {
  userRegistered: 'identity.user-registered',
  userUpdated: 'identity.user-updated',
  productCreated: 'catalog.product-created',
  priceChanged: 'catalog.price-changed',
  notificationSent: 'notification.sent',
  ...FULFILMENT_TYPES,
} as const;

/** Every event of the system with its schema: validated on publish and on receipt, and the AsyncAPI source. */
export const EVENTS = eventCatalog([
  {
    type: EVENT_TYPES.userRegistered,
    topic: TOPICS.users,
    publisher: 'identity',
    description: 'A new account exists (published in the transaction that created it).',
    data: UserRegistered,
  },
  {
    type: EVENT_TYPES.userUpdated,
    topic: TOPICS.users,
    publisher: 'identity',
    description: "A user's name, email or role changed; carries the values after the change.",
    data: UserUpdated,
  },
  {
    type: EVENT_TYPES.productCreated,
    topic: TOPICS.products,
    publisher: 'catalog',
    description: 'A product was added to the catalogue (admin or demo catalogue).',
    data: ProductCreated,
  },
  {
    type: EVENT_TYPES.priceChanged,
    topic: TOPICS.products,
    publisher: 'catalog',
    description: "A product's price changed; carries the price before and after.",
    data: PriceChanged,
  },
  {
    type: EVENT_TYPES.notificationSent,
    topic: TOPICS.notifications,
    publisher: 'notification',
    description: "A message was stored in a user's mailbox (and would be emailed).",
    data: NotificationSent,
  },
  ...FULFILMENT_EVENTS,
]);
