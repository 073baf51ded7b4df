/** The eight services behind the gateway, each with its own messaging and fault admin routes. */
export const SERVICES = [
  'identity',
  'catalog',
  'inventory',
  'payment',
  'shipping',
  'ordering',
  'notification',
  'analytics',
] as const;
export type Service = (typeof SERVICES)[number];

// Every service serves the same admin routes with the same shapes; the contract lists them once per service.
// The pages name the service's own path, typed as payment's (any one stands for all).
export const messagingPath = (service: Service) =>
  `/api/admin/messaging/${service}` as '/api/admin/messaging/payment';
export const deadLettersPath = (service: Service) =>
  `/api/admin/messaging/${service}/dead-letters` as '/api/admin/messaging/payment/dead-letters';
export const deadLetterPath = (service: Service) =>
  `/api/admin/messaging/${service}/dead-letters/{group}/{id}` as '/api/admin/messaging/payment/dead-letters/{group}/{id}';
export const redrivePath = (service: Service) =>
  `/api/admin/messaging/${service}/dead-letters/{group}/{id}/redrive` as '/api/admin/messaging/payment/dead-letters/{group}/{id}/redrive';
export const faultsPath = (service: Service | 'gateway') =>
  `/api/admin/faults/${service}` as '/api/admin/faults/payment';
export const faultPath = (service: Service | 'gateway') =>
  `/api/admin/faults/${service}/{id}` as '/api/admin/faults/payment/{id}';
