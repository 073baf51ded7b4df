import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';

// What a shopper and an operator do in the pages, shared by the solo and the cluster suites: only clicks
// and typing, found by role and label as a screen reader finds them.

export async function registerInShop(page: Page) {
  const email = `shopper-${Date.now()}-${Math.random().toString(36).slice(2)}@example.com`;
  // Not containing the name or the e-mail (identity refuses such passwords).
  const password = 'correct horse battery staple 42';
  await page.getByRole('link', { name: 'Sign in' }).click();
  await page.getByRole('button', { name: 'New here? Create an account' }).click();
  await page.getByLabel('Name').fill('Wendy Web');
  await page.getByLabel('E-mail').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Create account' }).click();
  await page.getByRole('button', { name: 'Sign out' }).waitFor();
  return { email, password };
}

/** From a non-empty cart: the checkout form with this card; answers the new order's id. */
export async function checkOut(page: Page, card: string, country = 'DE'): Promise<string> {
  await page.getByRole('link', { name: /^Cart \(\d+\)$/ }).click();
  await page.getByRole('link', { name: 'Check out' }).click();
  await page.getByLabel('Full name').fill('Wendy Web');
  await page.getByLabel('Street and number').fill('5 Harbour Road');
  await page.getByLabel('City').fill('Hamburg');
  await page.getByLabel('Postal code').fill('20095');
  await page.getByLabel('Country').fill(country);
  await page.getByRole('button', { name: new RegExp(`^Use ${card}`) }).click();
  assert.equal(await page.getByLabel('Card number').inputValue(), card);
  await page.getByRole('button', { name: 'Place order' }).click();
  await page.waitForURL(/#\/orders\/[0-9a-f-]{36}$/);
  return page.url().split('/').at(-1)!;
}

export const orderStatus = (page: Page, text: string) =>
  page.getByTestId('order-status').filter({ hasText: text }).waitFor({ timeout: 30_000 });

export async function addFirstToCart(page: Page) {
  await page.getByRole('link', { name: 'Catalogue' }).click();
  await page
    .getByRole('button', { name: /^Add to cart .+/ })
    .first()
    .click();
}

/** The console, signed in as this admin, on its first view. */
export async function signInToConsole(page: Page, base: string, admin: { email: string; password: string }) {
  await page.goto(`${base}/ops`);
  await page.getByLabel('E-mail').fill(admin.email);
  await page.getByLabel('Password').fill(admin.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('heading', { name: 'Services' }).waitFor();
}
