import { type Static, Type } from '@sinclair/typebox';

export const InventoryConfig = Type.Object({
  INVENTORY_INITIAL_STOCK: Type.Integer({
    minimum: 0,
    maximum: 1_000_000,
    default: 100,
    description: 'units every new catalogue product starts with',
  }),
});
export type InventoryConfig = Static<typeof InventoryConfig>;
