export { type HttpClient, httpClient } from './http-client.js';
export {
  type OpenLoopOptions,
  type OpenLoopProgress,
  openLoop,
  percentile,
  type Sample,
} from './open-loop.js';
export {
  type Buyer,
  type OrderOutcome,
  orderOutcomes,
  type PlacedOrder,
  placeOrder,
  prepareShop,
  type ShopSetup,
  sagaCounts,
} from './shop.js';
