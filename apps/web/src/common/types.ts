import type { paths } from '@bazaar/client';

// The shapes the pages show, taken from the contract's operations (never written by hand).
type Json<
  Path extends keyof paths,
  Method extends 'get' | 'post',
  Status extends number = 200,
> = paths[Path][Method] extends {
  responses: { [S in Status]: { content: { 'application/json': infer Body } } };
}
  ? Body
  : never;

export type Product = Json<'/api/products', 'get'>['items'][number];
export type StockLevel = Json<'/api/inventory', 'get'>['items'][number];
export type Order = Json<'/api/orders/{id}', 'get'>;
export type OrderSummary = Json<'/api/orders', 'get'>['items'][number];
export type Notification = Json<'/api/notifications', 'get'>['items'][number];
export type SagaList = Json<'/api/admin/sagas', 'get'>;
export type SagaDetail = Json<'/api/admin/sagas/{id}', 'get'>;
export type Projection = Json<'/api/admin/projections', 'get'>['items'][number];
export type Messaging = Json<'/api/admin/messaging/payment', 'get'>;
export type DeadLetter = Json<'/api/admin/messaging/payment/dead-letters', 'get'>['items'][number];
export type Resilience = Json<'/api/admin/resilience', 'get'>;
export type Fault = Json<'/api/admin/faults/payment', 'get'>['items'][number];
export type Money = Product['price'];
export type Analytics = Json<'/api/admin/analytics', 'get'>;
export type Trace = Json<'/api/admin/traces', 'get'>['items'][number];
export type TailEvent = Json<'/api/admin/events', 'get'>['items'][number];
export type InvariantReport = Json<'/api/admin/invariants', 'post'>;
