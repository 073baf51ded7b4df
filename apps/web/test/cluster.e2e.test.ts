import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { dropDatabasesWithPrefix, testDatabaseServerUrl, uniqueDatabasePrefix } from '@bazaar/testing';
import type { Page } from 'playwright-core';
import { type ClusterProcess, spawnCluster } from '../../../test/support/cluster-for-tests.js';
import { ADMIN, stockedProducts, typedClient } from '../../../test/support/solo-for-tests.js';
import { assertAccessible, launchChromium, skipUnlessChromium, type TestBrowser } from './support/browser.js';
import {
  addFirstToCart,
  checkOut,
  orderStatus,
  registerInShop,
  signInToConsole,
} from './support/shop-steps.js';

// Both pages against the local cluster (`npm run cluster`): every service its own process, ordering and
// inventory twice behind the gateway's balancer. A purchase in the shop, and the console seeing the
// instances, the order's trace across processes, its events and the invariants.
const skip = skipUnlessChromium();
const serverUrl = testDatabaseServerUrl();
const prefix = uniqueDatabasePrefix('webcluster');
const TIMEOUT = { timeout: 180_000 };

let cluster: ClusterProcess | undefined;
let chrome: TestBrowser;

before(async () => {
  if (skip) return;
  [cluster, chrome] = await Promise.all([
    spawnCluster({
      args: ['--instances', 'ordering=2,inventory=2'],
      env: { DATABASE_URL: serverUrl, BAZAAR_DB_PREFIX: prefix },
    }),
    launchChromium(),
  ]);
  await stockedProducts(typedClient(cluster.url), cluster.url, 5);
});
after(async () => {
  await chrome?.close();
  const code = await cluster?.stop();
  if (cluster) assert.equal(code, 0, `the supervisor stopped cleanly:\n${cluster.output().slice(-4_000)}`);
  if (!skip) await dropDatabasesWithPrefix(serverUrl, prefix);
});

describe('the shop and the console on the local cluster', { skip }, () => {
  let orderId: string;

  it('buys in the shop and follows the order to CONFIRMED', TIMEOUT, async () => {
    const page = await (await chrome.context()).newPage();
    await page.goto(`${cluster!.url}/`);
    await page
      .getByText(/\d+ in stock/)
      .first()
      .waitFor();
    await registerInShop(page);
    await addFirstToCart(page);
    await page.getByRole('link', { name: 'Cart (1)' }).waitFor();
    orderId = await checkOut(page, '4242 4242 4242 4242');
    await orderStatus(page, 'CONFIRMED');
    await assertAccessible(page, 'an order page on the cluster');
    await page.context().close();
  });

  it(
    "shows an admin each service's instances, the order's trace and events, and the invariants holding",
    TIMEOUT,
    async () => {
      const ops: Page = await (await chrome.context()).newPage();
      await signInToConsole(ops, cluster!.url, ADMIN);
      for (const service of ['ordering', 'inventory']) {
        const instances = ops.getByRole('list', { name: `Instances of ${service}` }).getByRole('listitem');
        await instances.nth(1).waitFor({ timeout: 30_000 });
        assert.equal(await instances.count(), 2, `two instances of ${service}`);
      }
      await assertAccessible(ops, 'the console overview on the cluster');

      // The trace of the order: spans recorded in the gateway and in the services' own processes.
      await ops.goto(`${cluster!.url}/ops#/traces?orderId=${orderId}`);
      for (const service of ['gateway', 'ordering', 'inventory', 'payment', 'shipping'])
        await ops.getByText(service, { exact: true }).first().waitFor({ timeout: 30_000 });

      await ops.getByRole('link', { name: 'Events' }).click();
      await ops.getByText('ordering.order-confirmed').first().waitFor({ timeout: 30_000 });

      await ops.getByRole('link', { name: 'Invariants' }).click();
      await ops.getByRole('button', { name: 'Run the invariant checker' }).click();
      await ops.getByText('all hold').waitFor({ timeout: 60_000 });
      assert.equal(await ops.getByRole('table').getByText('holds', { exact: true }).count(), 5);
    },
  );
});
