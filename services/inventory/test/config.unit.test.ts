import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ConfigError, loadConfig } from '@bazaar/config';
import { InventoryConfig } from '../src/config.js';

describe('inventory configuration', () => {
  it('opens 100 units per new product unless told otherwise', () => {
    assert.equal(loadConfig(InventoryConfig, {}).INVENTORY_INITIAL_STOCK, 100);
    assert.equal(loadConfig(InventoryConfig, { INVENTORY_INITIAL_STOCK: '0' }).INVENTORY_INITIAL_STOCK, 0);
    assert.equal(
      loadConfig(InventoryConfig, { INVENTORY_INITIAL_STOCK: '1000000' }).INVENTORY_INITIAL_STOCK,
      1_000_000,
    );
  });

  it('stops the start with a message naming the variable for a bad initial stock', () => {
    for (const value of ['-1', '1000001', '2.5', 'lots']) {
      assert.throws(
        () => loadConfig(InventoryConfig, { INVENTORY_INITIAL_STOCK: value }),
        (error: unknown) => error instanceof ConfigError && /INVENTORY_INITIAL_STOCK/.test(error.message),
        value,
      );
    }
  });
});
