// Generated from packages/client/contract/openapi.json by `npm run contract` (openapi-typescript).
// Do not edit: change a route's schema, then regenerate; CI fails when this file and the contract differ.
export interface paths {
    "/api/dashboard/{userId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * A user's profile, recent orders, payments and notifications in one call
         * @description Backend for the front end: the profile, recent orders, payments and notifications of a user in one call, fetched from four services in parallel. A part that fails or is late comes back as null and is named in degraded. A customer sees only their own dashboard (anyone else's is a 404).
         */
        get: operations["getDashboard"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/admin/resilience": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The gateway's rate limits, load shedding, breakers and bulkheads
         * @description What this gateway instance is doing to protect the system: whether rate limits are enforced, where their counters are kept and the decisions since start, whether it sheds load and why, and per upstream the circuit breaker state, bulkhead use and retry budget. Admins only. Admin only: any other caller gets 403.
         */
        get: operations["getResilience"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/admin/resilience/rate-limits": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        /**
         * Switch rate limiting on or off
         * @description With enforced false this gateway stops counting and refusing requests (RateLimit fields are no longer sent) until it is switched on again or restarts; a demo of what the limits protect. Applied in every worker behind this port (appliedBy); separate replicas each have their own switch. Admins only; logged with who switched. Admin only: any other caller gets 403.
         */
        put: operations["setRateLimiting"];
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/admin/resilience/upstreams/{upstream}/breaker": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        /**
         * Hold an upstream's circuit breaker open, or close it
         * @description isolated: this gateway refuses every call to the upstream with 503 circuit-open until it is set to closed (an operator taking a sick dependency out). closed: releases an isolation, and closes a breaker that tripped by itself so calls are tried again at once. Applied in every worker behind this port (appliedBy); separate replicas each have their own breakers. Admins only; logged with who switched. Admin only: any other caller gets 403.
         */
        put: operations["setBreaker"];
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/admin/traces/{traceId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * One trace, merged from every service
         * @description Every span of the trace that the gateway and the services still hold in memory (each keeps its last TRACES_KEPT_SPANS spans), in start order: the gateway’s request, the calls between services, database transactions, outbox writes, relay publishes, each consumer’s handling and each saga transition. Every instance of every service, and every other gateway worker, is asked; a service, an instance of it or a gateway worker that did not answer is named in unreachable. Admins only. Admin only: any other caller gets 403.
         */
        get: operations["getTrace"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/admin/traces": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The traces of an order, or the latest requests
         * @description With orderId: every trace in which a span names that order (bazaar.order_id), usually the one of its placement and fulfilment. Without: the last `recent` traces the gateway served (10 by default; every gateway worker’s requests). Each trace is merged from the spans every instance of every service, and every gateway worker, holds in memory. Admins only. Admin only: any other caller gets 403.
         */
        get: operations["listTraces"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/admin/metrics/{service}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * A service’s Prometheus metrics, from each of its instances
         * @description The Prometheus text each instance of the service serves at its /metrics (not reachable from outside), one entry per instance the gateway balances over, with its state; an instance that does not answer within 2000 ms is listed with the reason instead. `service` is one of identity, catalog, inventory, ordering, payment, shipping, notification, analytics (anything else is 404; the gateway’s own metrics are at GET /metrics). `names` keeps only those metric families (a histogram with its _bucket, _sum and _count). Admins only. Admin only: any other caller gets 403.
         */
        get: operations["getServiceMetrics"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/admin/events": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * A live tail of the events every service published onto the transport
         * @description The events the services' outbox relays published after the cursor, merged by publishedAt, oldest first, at most `limit`, each with the consumer groups subscribed to its topic. Call again with the cursor answered to get the next ones, each once (each service's read waits for an event published just now, so one whose transaction commits late is not passed over). Without a cursor: the latest 10 of each service. Services that did not answer within 2 s are named in unreachable; the cursor keeps their position. Long data is cut (see data and dataTruncated). Admin only: any other caller gets 403.
         */
        get: operations["listEvents"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/admin/invariants": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Check the invariants that define “nothing lost”
         * @description Runs the checker of DESIGN.md §6 against every service’s database: every order settled, no stock leaks, money adds up, one shipment and one confirmation per confirmed order, the read model agrees with the streams. Meant for a quiet system: an order still in flight counts against 1 and 2 until it settles. Answers 503 invariants-unavailable where the gateway has no access to the databases (outside solo mode and the local cluster). Admins only. Admin only: any other caller gets 403.
         */
        post: operations["checkInvariants"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/admin/faults/gateway": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The faults injected into this service now
         * @description The active faults of this gateway instance, oldest first, each with how often it struck; expired ones are gone. Admin only: any other caller gets 403.
         */
        get: operations["listGatewayFaults"];
        put?: never;
        /**
         * Injects a fault (latency, error or outage) into this service
         * @description Adds a fault to gateway under a new id; Location names it. latency adds latencyMs (plus up to jitterMs) before the answer or the handling; error answers an RFC 9457 problem `fault-injected` with `status` (503) at `rate` (1); outage answers every request 503 `fault-injected` without Retry-After and makes /health/ready fail. For messages, error and outage make the handler fail, so the delivery is retried and in the end dead-lettered. Fields that do not apply to the kind or target are refused (400); at most 16 faults at once (409). Admin only: any other caller gets 403.
         */
        post: operations["addGatewayFault"];
        /**
         * Removes every fault from this service
         * @description Heals gateway: every fault is removed at once (a no-op when there is none). Admin only: any other caller gets 403.
         */
        delete: operations["clearGatewayFaults"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/admin/faults/gateway/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * One injected fault, with how often it struck
         * @description The fault with this id on gateway, with how many requests and messages it has delayed or failed. Admin only: any other caller gets 403.
         */
        get: operations["getGatewayFault"];
        /**
         * Creates or replaces the fault with this id
         * @description Sets the fault with the caller's id on gateway: 201 when it is new, 200 when it replaced one (its count and expiry start again). Repeating the call changes nothing more, so scripts can retry it. latency adds latencyMs (plus up to jitterMs) before the answer or the handling; error answers an RFC 9457 problem `fault-injected` with `status` (503) at `rate` (1); outage answers every request 503 `fault-injected` without Retry-After and makes /health/ready fail. For messages, error and outage make the handler fail, so the delivery is retried and in the end dead-lettered. Admin only: any other caller gets 403.
         */
        put: operations["putGatewayFault"];
        post?: never;
        /**
         * Removes one fault from this service
         * @description Removes the fault with this id from gateway; the others stay. Admin only: any other caller gets 403.
         */
        delete: operations["removeGatewayFault"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/auth/register": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Create a customer account
         * @description Creates an account with the customer role and publishes UserRegistered. The email is compared case-insensitively; a password must pass the password policy (the problem lists the reasons).
         */
        post: operations["registerUser"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/auth/login": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Exchange credentials for tokens
         * @description Returns a short-lived access token (a JWT to send as `Authorization: Bearer`) and a refresh token that starts a session. A wrong email or password gives the same 401.
         */
        post: operations["logIn"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/auth/refresh": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Rotate a refresh token; presenting a used one revokes its whole session
         * @description Exchanges a refresh token for a new token pair. Each refresh token works once: presenting one that was already used is taken as theft and revokes every token of its session.
         */
        post: operations["refreshTokens"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/.well-known/jwks.json": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Public keys that verify access tokens
         * @description The JSON Web Key Set of the current and previous signing keys; services verify access tokens with it. Cacheable for five minutes.
         */
        get: operations["getSigningKeys"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/users/me": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The caller
         * @description The account of the user the bearer token belongs to.
         */
        get: operations["getCurrentUser"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/users/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * A user (self or admin)
         * @description One account. A customer sees only their own; anyone else's is a 404, so ids cannot be probed. Admins see every account.
         */
        get: operations["getUser"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        /**
         * Change name or email (self or admin); role (admin only)
         * @description Changes the fields given and publishes UserUpdated. A customer may change their own name and email; only an admin may change a role, and never their own (403). Another customer's account is a 404; an email in use is a 409.
         */
        patch: operations["updateUser"];
        trace?: never;
    };
    "/api/admin/messaging/identity": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * This service's outbox and consumer groups with their lag
         * @description The outbox of identity (pending, oldest pending) and each of its consumer groups with its lag and dead letters, per transport. Admin only: any other caller gets 403.
         */
        get: operations["getIdentityMessaging"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/admin/messaging/identity/published": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * What this service published onto the transport, in outbox order
         * @description Messages identity's outbox relay has published (from every instance, on either transport), ascending by outbox id: those after `after`, or without it the latest `limit`. A read stops before a row not yet published or published less than 500 ms ago (a row with a smaller id may still commit or be published), so a reader that continues after `next` misses none. Data longer than 8192 characters of JSON is cut (dataTruncated). Admin only: any other caller gets 403.
         */
        get: operations["listIdentityPublishedMessages"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/admin/messaging/identity/dead-letters": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Dead letters of this service's consumer groups, oldest first
         * @description Messages that identity's consumer groups gave up on (poison, or out of retries), oldest first, optionally of one group. Admin only: any other caller gets 403.
         */
        get: operations["listIdentityDeadLetters"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/admin/messaging/identity/dead-letters/{group}/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * One dead letter with its envelope, attempts and last error
         * @description The dead letter with its CloudEvents envelope, how often it was tried and the last error. Admin only: any other caller gets 403.
         */
        get: operations["getIdentityDeadLetter"];
        put?: never;
        post?: never;
        /**
         * Discards a dead letter for good
         * @description Deletes the dead letter; nothing handles it again. Admin only: any other caller gets 403.
         */
        delete: operations["discardIdentityDeadLetter"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/admin/messaging/identity/dead-letters/{group}/{id}/redrive": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Delivers a dead letter to its group again (after the cause was fixed)
         * @description Moves the dead letter back to its consumer group, which handles it once more (its inbox still drops a duplicate). Admin only: any other caller gets 403.
         */
        post: operations["redriveIdentityDeadLetter"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/admin/messaging/identity/replay": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Re-delivers what this service published to one consumer group, from an outbox id or an instant
         * @description Reads identity's outbox from fromId or since and sends the topics the group subscribes to again, to that group only. Consumers drop what they have already handled. Admin only: any other caller gets 403.
         */
        post: operations["replayIdentityMessages"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/admin/faults/identity": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The faults injected into this service now
         * @description The active faults of this identity instance, oldest first, each with how often it struck; expired ones are gone. Admin only: any other caller gets 403.
         */
        get: operations["listIdentityFaults"];
        put?: never;
        /**
         * Injects a fault (latency, error or outage) into this service
         * @description Adds a fault to identity under a new id; Location names it. latency adds latencyMs (plus up to jitterMs) before the answer or the handling; error answers an RFC 9457 problem `fault-injected` with `status` (503) at `rate` (1); outage answers every request 503 `fault-injected` without Retry-After and makes /health/ready fail. For messages, error and outage make the handler fail, so the delivery is retried and in the end dead-lettered. Fields that do not apply to the kind or target are refused (400); at most 16 faults at once (409). Admin only: any other caller gets 403.
         */
        post: operations["addIdentityFault"];
        /**
         * Removes every fault from this service
         * @description Heals identity: every fault is removed at once (a no-op when there is none). Admin only: any other caller gets 403.
         */
        delete: operations["clearIdentityFaults"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/admin/faults/identity/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * One injected fault, with how often it struck
         * @description The fault with this id on identity, with how many requests and messages it has delayed or failed. Admin only: any other caller gets 403.
         */
        get: operations["getIdentityFault"];
        /**
         * Creates or replaces the fault with this id
         * @description Sets the fault with the caller's id on identity: 201 when it is new, 200 when it replaced one (its count and expiry start again). Repeating the call changes nothing more, so scripts can retry it. latency adds latencyMs (plus up to jitterMs) before the answer or the handling; error answers an RFC 9457 problem `fault-injected` with `status` (503) at `rate` (1); outage answers every request 503 `fault-injected` without Retry-After and makes /health/ready fail. For messages, error and outage make the handler fail, so the delivery is retried and in the end dead-lettered. Admin only: any other caller gets 403.
         */
        put: operations["putIdentityFault"];
        post?: never;
        /**
         * Removes one fault from this service
         * @description Removes the fault with this id from identity; the others stay. Admin only: any other caller gets 403.
         */
        delete: operations["removeIdentityFault"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/products": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Browse or search products, cursor-paginated
         * @description Products sorted by name (or by relevance with q), a page at a time: pass nextCursor back as cursor for the next page. Anyone may browse.
         */
        get: operations["listProducts"];
        put?: never;
        /**
         * Add a product (admin)
         * @description Adds a product to the catalogue and publishes ProductCreated; inventory opens its stock from that event. Admin only: any other caller gets 403.
         */
        post: operations["createProduct"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/products/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * One product
         * @description One product with its current price. Anyone may read it. Served from the catalog's cache unless Cache-Control: no-cache asks for a database read; with If-None-Match naming the current ETag the answer is 304 without a body.
         */
        get: operations["getProduct"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        /**
         * Change a product (admin)
         * @description Changes the fields given; a new price publishes PriceChanged with the old price. Orders placed before keep the price they were placed at. Admin only: any other caller gets 403.
         */
        patch: operations["updateProduct"];
        trace?: never;
    };
    "/api/admin/messaging/catalog": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * This service's outbox and consumer groups with their lag
         * @description The outbox of catalog (pending, oldest pending) and each of its consumer groups with its lag and dead letters, per transport. Admin only: any other caller gets 403.
         */
        get: operations["getCatalogMessaging"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/admin/messaging/catalog/published": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * What this service published onto the transport, in outbox order
         * @description Messages catalog's outbox relay has published (from every instance, on either transport), ascending by outbox id: those after `after`, or without it the latest `limit`. A read stops before a row not yet published or published less than 500 ms ago (a row with a smaller id may still commit or be published), so a reader that continues after `next` misses none. Data longer than 8192 characters of JSON is cut (dataTruncated). Admin only: any other caller gets 403.
         */
        get: operations["listCatalogPublishedMessages"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/admin/messaging/catalog/dead-letters": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Dead letters of this service's consumer groups, oldest first
         * @description Messages that catalog's consumer groups gave up on (poison, or out of retries), oldest first, optionally of one group. Admin only: any other caller gets 403.
         */
        get: operations["listCatalogDeadLetters"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/admin/messaging/catalog/dead-letters/{group}/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * One dead letter with its envelope, attempts and last error
         * @description The dead letter with its CloudEvents envelope, how often it was tried and the last error. Admin only: any other caller gets 403.
         */
        get: operations["getCatalogDeadLetter"];
        put?: never;
        post?: never;
        /**
         * Discards a dead letter for good
         * @description Deletes the dead letter; nothing handles it again. Admin only: any other caller gets 403.
         */
        delete: operations["discardCatalogDeadLetter"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/admin/messaging/catalog/dead-letters/{group}/{id}/redrive": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Delivers a dead letter to its group again (after the cause was fixed)
         * @description Moves the dead letter back to its consumer group, which handles it once more (its inbox still drops a duplicate). Admin only: any other caller gets 403.
         */
        post: operations["redriveCatalogDeadLetter"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/admin/messaging/catalog/replay": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Re-delivers what this service published to one consumer group, from an outbox id or an instant
         * @description Reads catalog's outbox from fromId or since and sends the topics the group subscribes to again, to that group only. Consumers drop what they have already handled. Admin only: any other caller gets 403.
         */
        post: operations["replayCatalogMessages"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/admin/faults/catalog": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The faults injected into this service now
         * @description The active faults of this catalog instance, oldest first, each with how often it struck; expired ones are gone. Admin only: any other caller gets 403.
         */
        get: operations["listCatalogFaults"];
        put?: never;
        /**
         * Injects a fault (latency, error or outage) into this service
         * @description Adds a fault to catalog under a new id; Location names it. latency adds latencyMs (plus up to jitterMs) before the answer or the handling; error answers an RFC 9457 problem `fault-injected` with `status` (503) at `rate` (1); outage answers every request 503 `fault-injected` without Retry-After and makes /health/ready fail. For messages, error and outage make the handler fail, so the delivery is retried and in the end dead-lettered. Fields that do not apply to the kind or target are refused (400); at most 16 faults at once (409). Admin only: any other caller gets 403.
         */
        post: operations["addCatalogFault"];
        /**
         * Removes every fault from this service
         * @description Heals catalog: every fault is removed at once (a no-op when there is none). Admin only: any other caller gets 403.
         */
        delete: operations["clearCatalogFaults"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/admin/faults/catalog/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * One injected fault, with how often it struck
         * @description The fault with this id on catalog, with how many requests and messages it has delayed or failed. Admin only: any other caller gets 403.
         */
        get: operations["getCatalogFault"];
        /**
         * Creates or replaces the fault with this id
         * @description Sets the fault with the caller's id on catalog: 201 when it is new, 200 when it replaced one (its count and expiry start again). Repeating the call changes nothing more, so scripts can retry it. latency adds latencyMs (plus up to jitterMs) before the answer or the handling; error answers an RFC 9457 problem `fault-injected` with `status` (503) at `rate` (1); outage answers every request 503 `fault-injected` without Retry-After and makes /health/ready fail. For messages, error and outage make the handler fail, so the delivery is retried and in the end dead-lettered. Admin only: any other caller gets 403.
         */
        put: operations["putCatalogFault"];
        post?: never;
        /**
         * Removes one fault from this service
         * @description Removes the fault with this id from catalog; the others stay. Admin only: any other caller gets 403.
         */
        delete: operations["removeCatalogFault"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/orders": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The caller's orders, newest first (read model)
         * @description A page of the caller's orders from the order-summaries read model, which follows the event store within moments; an admin may ask for another user's.
         */
        get: operations["listOrders"];
        put?: never;
        /**
         * Place an order; it is accepted as PENDING and fulfilled asynchronously
         * @description Checks the lines and prices against the catalogue, records OrderPlaced and answers 202 at once; the fulfilment saga then reserves stock, charges the card and books a shipment, and the order ends CONFIRMED or CANCELLED with a reason. Send an Idempotency-Key to retry safely: the same key with the same body answers with the stored response (Idempotent-Replayed), with another body 422.
         */
        post: operations["placeOrder"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/orders/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * An order from its event stream; with asOf, as it was at that version
         * @description The order as its event stream says now, or as it was at version asOf. Someone else's order is a 404.
         */
        get: operations["getOrder"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/orders/{id}/cancel": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Cancel an order that has not shipped; what ran is compensated, then it ends CANCELLED
         * @description Asks for the order to be cancelled: the saga releases stock and refunds the payment it took, then the order ends CANCELLED. A shipped or already closed order cannot be cancelled (409).
         */
        post: operations["cancelOrder"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/orders/{id}/events": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The order's event stream
         * @description Every event of the order in version order, with its global position in the event store.
         */
        get: operations["listOrderEvents"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/admin/projections": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Read models: position, lag and any rebuild in progress
         * @description Each read model with the event-store position it has reached, its lag behind the head, and the progress of any rebuild. Admin only: any other caller gets 403.
         */
        get: operations["listProjections"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/admin/projections/{name}/rebuild": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Rebuild a read model from position 0 beside the serving one, then switch
         * @description Starts a rebuild of the named read model into a shadow table beside the serving one; reads switch to it when it has caught up, so the model keeps serving meanwhile. Admin only: any other caller gets 403.
         */
        post: operations["rebuildProjection"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/admin/sagas": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Sagas, most recently changed first; filter by status (e.g. NEEDS_ATTENTION)
         * @description Order-fulfilment sagas with their status and current step, a page at a time. Admin only: any other caller gets 403.
         */
        get: operations["listSagas"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/admin/sagas/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * One saga with its full history
         * @description One saga with every step it took, every reply it received and every compensation it ran. Admin only: any other caller gets 403.
         */
        get: operations["getSaga"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/admin/sagas/{id}/retry": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Resume the compensation of a saga parked as NEEDS_ATTENTION
         * @description A saga whose compensation failed too often is parked as NEEDS_ATTENTION; after the cause is fixed, this resumes its compensation. Any other saga is a 409. Admin only: any other caller gets 403.
         */
        post: operations["retrySaga"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/admin/messaging/ordering": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * This service's outbox and consumer groups with their lag
         * @description The outbox of ordering (pending, oldest pending) and each of its consumer groups with its lag and dead letters, per transport. Admin only: any other caller gets 403.
         */
        get: operations["getOrderingMessaging"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/admin/messaging/ordering/published": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * What this service published onto the transport, in outbox order
         * @description Messages ordering's outbox relay has published (from every instance, on either transport), ascending by outbox id: those after `after`, or without it the latest `limit`. A read stops before a row not yet published or published less than 500 ms ago (a row with a smaller id may still commit or be published), so a reader that continues after `next` misses none. Data longer than 8192 characters of JSON is cut (dataTruncated). Admin only: any other caller gets 403.
         */
        get: operations["listOrderingPublishedMessages"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/admin/messaging/ordering/dead-letters": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Dead letters of this service's consumer groups, oldest first
         * @description Messages that ordering's consumer groups gave up on (poison, or out of retries), oldest first, optionally of one group. Admin only: any other caller gets 403.
         */
        get: operations["listOrderingDeadLetters"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/admin/messaging/ordering/dead-letters/{group}/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * One dead letter with its envelope, attempts and last error
         * @description The dead letter with its CloudEvents envelope, how often it was tried and the last error. Admin only: any other caller gets 403.
         */
        get: operations["getOrderingDeadLetter"];
        put?: never;
        post?: never;
        /**
         * Discards a dead letter for good
         * @description Deletes the dead letter; nothing handles it again. Admin only: any other caller gets 403.
         */
        delete: operations["discardOrderingDeadLetter"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/admin/messaging/ordering/dead-letters/{group}/{id}/redrive": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Delivers a dead letter to its group again (after the cause was fixed)
         * @description Moves the dead letter back to its consumer group, which handles it once more (its inbox still drops a duplicate). Admin only: any other caller gets 403.
         */
        post: operations["redriveOrderingDeadLetter"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/admin/messaging/ordering/replay": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Re-delivers what this service published to one consumer group, from an outbox id or an instant
         * @description Reads ordering's outbox from fromId or since and sends the topics the group subscribes to again, to that group only. Consumers drop what they have already handled. Admin only: any other caller gets 403.
         */
        post: operations["replayOrderingMessages"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/admin/faults/ordering": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The faults injected into this service now
         * @description The active faults of this ordering instance, oldest first, each with how often it struck; expired ones are gone. Admin only: any other caller gets 403.
         */
        get: operations["listOrderingFaults"];
        put?: never;
        /**
         * Injects a fault (latency, error or outage) into this service
         * @description Adds a fault to ordering under a new id; Location names it. latency adds latencyMs (plus up to jitterMs) before the answer or the handling; error answers an RFC 9457 problem `fault-injected` with `status` (503) at `rate` (1); outage answers every request 503 `fault-injected` without Retry-After and makes /health/ready fail. For messages, error and outage make the handler fail, so the delivery is retried and in the end dead-lettered. Fields that do not apply to the kind or target are refused (400); at most 16 faults at once (409). Admin only: any other caller gets 403.
         */
        post: operations["addOrderingFault"];
        /**
         * Removes every fault from this service
         * @description Heals ordering: every fault is removed at once (a no-op when there is none). Admin only: any other caller gets 403.
         */
        delete: operations["clearOrderingFaults"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/admin/faults/ordering/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * One injected fault, with how often it struck
         * @description The fault with this id on ordering, with how many requests and messages it has delayed or failed. Admin only: any other caller gets 403.
         */
        get: operations["getOrderingFault"];
        /**
         * Creates or replaces the fault with this id
         * @description Sets the fault with the caller's id on ordering: 201 when it is new, 200 when it replaced one (its count and expiry start again). Repeating the call changes nothing more, so scripts can retry it. latency adds latencyMs (plus up to jitterMs) before the answer or the handling; error answers an RFC 9457 problem `fault-injected` with `status` (503) at `rate` (1); outage answers every request 503 `fault-injected` without Retry-After and makes /health/ready fail. For messages, error and outage make the handler fail, so the delivery is retried and in the end dead-lettered. Admin only: any other caller gets 403.
         */
        put: operations["putOrderingFault"];
        post?: never;
        /**
         * Removes one fault from this service
         * @description Removes the fault with this id from ordering; the others stay. Admin only: any other caller gets 403.
         */
        delete: operations["removeOrderingFault"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/notifications": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The caller's mailbox, newest first; an admin may ask for another user's
         * @description The messages sent to the caller (a welcome, an order confirmed, an order cancelled with its reason), newest first, a page at a time. An admin may pass userId to read another user's mailbox (a customer who does gets a 404).
         */
        get: operations["listNotifications"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/admin/messaging/notification": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * This service's outbox and consumer groups with their lag
         * @description The outbox of notification (pending, oldest pending) and each of its consumer groups with its lag and dead letters, per transport. Admin only: any other caller gets 403.
         */
        get: operations["getNotificationMessaging"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/admin/messaging/notification/published": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * What this service published onto the transport, in outbox order
         * @description Messages notification's outbox relay has published (from every instance, on either transport), ascending by outbox id: those after `after`, or without it the latest `limit`. A read stops before a row not yet published or published less than 500 ms ago (a row with a smaller id may still commit or be published), so a reader that continues after `next` misses none. Data longer than 8192 characters of JSON is cut (dataTruncated). Admin only: any other caller gets 403.
         */
        get: operations["listNotificationPublishedMessages"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/admin/messaging/notification/dead-letters": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Dead letters of this service's consumer groups, oldest first
         * @description Messages that notification's consumer groups gave up on (poison, or out of retries), oldest first, optionally of one group. Admin only: any other caller gets 403.
         */
        get: operations["listNotificationDeadLetters"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/admin/messaging/notification/dead-letters/{group}/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * One dead letter with its envelope, attempts and last error
         * @description The dead letter with its CloudEvents envelope, how often it was tried and the last error. Admin only: any other caller gets 403.
         */
        get: operations["getNotificationDeadLetter"];
        put?: never;
        post?: never;
        /**
         * Discards a dead letter for good
         * @description Deletes the dead letter; nothing handles it again. Admin only: any other caller gets 403.
         */
        delete: operations["discardNotificationDeadLetter"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/admin/messaging/notification/dead-letters/{group}/{id}/redrive": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Delivers a dead letter to its group again (after the cause was fixed)
         * @description Moves the dead letter back to its consumer group, which handles it once more (its inbox still drops a duplicate). Admin only: any other caller gets 403.
         */
        post: operations["redriveNotificationDeadLetter"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/admin/messaging/notification/replay": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Re-delivers what this service published to one consumer group, from an outbox id or an instant
         * @description Reads notification's outbox from fromId or since and sends the topics the group subscribes to again, to that group only. Consumers drop what they have already handled. Admin only: any other caller gets 403.
         */
        post: operations["replayNotificationMessages"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/admin/faults/notification": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The faults injected into this service now
         * @description The active faults of this notification instance, oldest first, each with how often it struck; expired ones are gone. Admin only: any other caller gets 403.
         */
        get: operations["listNotificationFaults"];
        put?: never;
        /**
         * Injects a fault (latency, error or outage) into this service
         * @description Adds a fault to notification under a new id; Location names it. latency adds latencyMs (plus up to jitterMs) before the answer or the handling; error answers an RFC 9457 problem `fault-injected` with `status` (503) at `rate` (1); outage answers every request 503 `fault-injected` without Retry-After and makes /health/ready fail. For messages, error and outage make the handler fail, so the delivery is retried and in the end dead-lettered. Fields that do not apply to the kind or target are refused (400); at most 16 faults at once (409). Admin only: any other caller gets 403.
         */
        post: operations["addNotificationFault"];
        /**
         * Removes every fault from this service
         * @description Heals notification: every fault is removed at once (a no-op when there is none). Admin only: any other caller gets 403.
         */
        delete: operations["clearNotificationFaults"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/admin/faults/notification/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * One injected fault, with how often it struck
         * @description The fault with this id on notification, with how many requests and messages it has delayed or failed. Admin only: any other caller gets 403.
         */
        get: operations["getNotificationFault"];
        /**
         * Creates or replaces the fault with this id
         * @description Sets the fault with the caller's id on notification: 201 when it is new, 200 when it replaced one (its count and expiry start again). Repeating the call changes nothing more, so scripts can retry it. latency adds latencyMs (plus up to jitterMs) before the answer or the handling; error answers an RFC 9457 problem `fault-injected` with `status` (503) at `rate` (1); outage answers every request 503 `fault-injected` without Retry-After and makes /health/ready fail. For messages, error and outage make the handler fail, so the delivery is retried and in the end dead-lettered. Admin only: any other caller gets 403.
         */
        put: operations["putNotificationFault"];
        post?: never;
        /**
         * Removes one fault from this service
         * @description Removes the fault with this id from notification; the others stay. Admin only: any other caller gets 403.
         */
        delete: operations["removeNotificationFault"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/inventory": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Stock levels of several products; unknown products are left out
         * @description Available, held and sold units of each product asked for; a product with no stock record is left out rather than failing the call.
         */
        get: operations["listStockLevels"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/inventory/{productId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * One product's stock level
         * @description Available, held and sold units of one product.
         */
        get: operations["getStockLevel"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/admin/inventory/{productId}/restock": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Add received units to a product (admin)
         * @description Adds received units to the available stock, up to the stock limit (409 past it). Admin only: any other caller gets 403.
         */
        post: operations["restockProduct"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/admin/inventory/{productId}/write-off": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Remove lost or damaged units from the available stock (admin)
         * @description Removes units from the available stock; units held or sold for orders cannot be written off (409). Admin only: any other caller gets 403.
         */
        post: operations["writeOffStock"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/admin/messaging/inventory": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * This service's outbox and consumer groups with their lag
         * @description The outbox of inventory (pending, oldest pending) and each of its consumer groups with its lag and dead letters, per transport. Admin only: any other caller gets 403.
         */
        get: operations["getInventoryMessaging"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/admin/messaging/inventory/published": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * What this service published onto the transport, in outbox order
         * @description Messages inventory's outbox relay has published (from every instance, on either transport), ascending by outbox id: those after `after`, or without it the latest `limit`. A read stops before a row not yet published or published less than 500 ms ago (a row with a smaller id may still commit or be published), so a reader that continues after `next` misses none. Data longer than 8192 characters of JSON is cut (dataTruncated). Admin only: any other caller gets 403.
         */
        get: operations["listInventoryPublishedMessages"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/admin/messaging/inventory/dead-letters": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Dead letters of this service's consumer groups, oldest first
         * @description Messages that inventory's consumer groups gave up on (poison, or out of retries), oldest first, optionally of one group. Admin only: any other caller gets 403.
         */
        get: operations["listInventoryDeadLetters"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/admin/messaging/inventory/dead-letters/{group}/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * One dead letter with its envelope, attempts and last error
         * @description The dead letter with its CloudEvents envelope, how often it was tried and the last error. Admin only: any other caller gets 403.
         */
        get: operations["getInventoryDeadLetter"];
        put?: never;
        post?: never;
        /**
         * Discards a dead letter for good
         * @description Deletes the dead letter; nothing handles it again. Admin only: any other caller gets 403.
         */
        delete: operations["discardInventoryDeadLetter"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/admin/messaging/inventory/dead-letters/{group}/{id}/redrive": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Delivers a dead letter to its group again (after the cause was fixed)
         * @description Moves the dead letter back to its consumer group, which handles it once more (its inbox still drops a duplicate). Admin only: any other caller gets 403.
         */
        post: operations["redriveInventoryDeadLetter"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/admin/messaging/inventory/replay": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Re-delivers what this service published to one consumer group, from an outbox id or an instant
         * @description Reads inventory's outbox from fromId or since and sends the topics the group subscribes to again, to that group only. Consumers drop what they have already handled. Admin only: any other caller gets 403.
         */
        post: operations["replayInventoryMessages"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/admin/faults/inventory": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The faults injected into this service now
         * @description The active faults of this inventory instance, oldest first, each with how often it struck; expired ones are gone. Admin only: any other caller gets 403.
         */
        get: operations["listInventoryFaults"];
        put?: never;
        /**
         * Injects a fault (latency, error or outage) into this service
         * @description Adds a fault to inventory under a new id; Location names it. latency adds latencyMs (plus up to jitterMs) before the answer or the handling; error answers an RFC 9457 problem `fault-injected` with `status` (503) at `rate` (1); outage answers every request 503 `fault-injected` without Retry-After and makes /health/ready fail. For messages, error and outage make the handler fail, so the delivery is retried and in the end dead-lettered. Fields that do not apply to the kind or target are refused (400); at most 16 faults at once (409). Admin only: any other caller gets 403.
         */
        post: operations["addInventoryFault"];
        /**
         * Removes every fault from this service
         * @description Heals inventory: every fault is removed at once (a no-op when there is none). Admin only: any other caller gets 403.
         */
        delete: operations["clearInventoryFaults"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/admin/faults/inventory/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * One injected fault, with how often it struck
         * @description The fault with this id on inventory, with how many requests and messages it has delayed or failed. Admin only: any other caller gets 403.
         */
        get: operations["getInventoryFault"];
        /**
         * Creates or replaces the fault with this id
         * @description Sets the fault with the caller's id on inventory: 201 when it is new, 200 when it replaced one (its count and expiry start again). Repeating the call changes nothing more, so scripts can retry it. latency adds latencyMs (plus up to jitterMs) before the answer or the handling; error answers an RFC 9457 problem `fault-injected` with `status` (503) at `rate` (1); outage answers every request 503 `fault-injected` without Retry-After and makes /health/ready fail. For messages, error and outage make the handler fail, so the delivery is retried and in the end dead-lettered. Admin only: any other caller gets 403.
         */
        put: operations["putInventoryFault"];
        post?: never;
        /**
         * Removes one fault from this service
         * @description Removes the fault with this id from inventory; the others stay. Admin only: any other caller gets 403.
         */
        delete: operations["removeInventoryFault"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/payments": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The caller's payments, newest first; an admin may ask for another user's
         * @description A page of the caller's payments; an admin may pass userId to see another user's (a customer who does gets a 404).
         */
        get: operations["listPayments"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/payments/{orderId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * An order's payment (its owner or an admin)
         * @description The payment of one order with its status and any refund. Someone else's is a 404.
         */
        get: operations["getPayment"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/admin/messaging/payment": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * This service's outbox and consumer groups with their lag
         * @description The outbox of payment (pending, oldest pending) and each of its consumer groups with its lag and dead letters, per transport. Admin only: any other caller gets 403.
         */
        get: operations["getPaymentMessaging"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/admin/messaging/payment/published": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * What this service published onto the transport, in outbox order
         * @description Messages payment's outbox relay has published (from every instance, on either transport), ascending by outbox id: those after `after`, or without it the latest `limit`. A read stops before a row not yet published or published less than 500 ms ago (a row with a smaller id may still commit or be published), so a reader that continues after `next` misses none. Data longer than 8192 characters of JSON is cut (dataTruncated). Admin only: any other caller gets 403.
         */
        get: operations["listPaymentPublishedMessages"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/admin/messaging/payment/dead-letters": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Dead letters of this service's consumer groups, oldest first
         * @description Messages that payment's consumer groups gave up on (poison, or out of retries), oldest first, optionally of one group. Admin only: any other caller gets 403.
         */
        get: operations["listPaymentDeadLetters"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/admin/messaging/payment/dead-letters/{group}/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * One dead letter with its envelope, attempts and last error
         * @description The dead letter with its CloudEvents envelope, how often it was tried and the last error. Admin only: any other caller gets 403.
         */
        get: operations["getPaymentDeadLetter"];
        put?: never;
        post?: never;
        /**
         * Discards a dead letter for good
         * @description Deletes the dead letter; nothing handles it again. Admin only: any other caller gets 403.
         */
        delete: operations["discardPaymentDeadLetter"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/admin/messaging/payment/dead-letters/{group}/{id}/redrive": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Delivers a dead letter to its group again (after the cause was fixed)
         * @description Moves the dead letter back to its consumer group, which handles it once more (its inbox still drops a duplicate). Admin only: any other caller gets 403.
         */
        post: operations["redrivePaymentDeadLetter"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/admin/messaging/payment/replay": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Re-delivers what this service published to one consumer group, from an outbox id or an instant
         * @description Reads payment's outbox from fromId or since and sends the topics the group subscribes to again, to that group only. Consumers drop what they have already handled. Admin only: any other caller gets 403.
         */
        post: operations["replayPaymentMessages"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/admin/faults/payment": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The faults injected into this service now
         * @description The active faults of this payment instance, oldest first, each with how often it struck; expired ones are gone. Admin only: any other caller gets 403.
         */
        get: operations["listPaymentFaults"];
        put?: never;
        /**
         * Injects a fault (latency, error or outage) into this service
         * @description Adds a fault to payment under a new id; Location names it. latency adds latencyMs (plus up to jitterMs) before the answer or the handling; error answers an RFC 9457 problem `fault-injected` with `status` (503) at `rate` (1); outage answers every request 503 `fault-injected` without Retry-After and makes /health/ready fail. For messages, error and outage make the handler fail, so the delivery is retried and in the end dead-lettered. Fields that do not apply to the kind or target are refused (400); at most 16 faults at once (409). Admin only: any other caller gets 403.
         */
        post: operations["addPaymentFault"];
        /**
         * Removes every fault from this service
         * @description Heals payment: every fault is removed at once (a no-op when there is none). Admin only: any other caller gets 403.
         */
        delete: operations["clearPaymentFaults"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/admin/faults/payment/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * One injected fault, with how often it struck
         * @description The fault with this id on payment, with how many requests and messages it has delayed or failed. Admin only: any other caller gets 403.
         */
        get: operations["getPaymentFault"];
        /**
         * Creates or replaces the fault with this id
         * @description Sets the fault with the caller's id on payment: 201 when it is new, 200 when it replaced one (its count and expiry start again). Repeating the call changes nothing more, so scripts can retry it. latency adds latencyMs (plus up to jitterMs) before the answer or the handling; error answers an RFC 9457 problem `fault-injected` with `status` (503) at `rate` (1); outage answers every request 503 `fault-injected` without Retry-After and makes /health/ready fail. For messages, error and outage make the handler fail, so the delivery is retried and in the end dead-lettered. Admin only: any other caller gets 403.
         */
        put: operations["putPaymentFault"];
        post?: never;
        /**
         * Removes one fault from this service
         * @description Removes the fault with this id from payment; the others stay. Admin only: any other caller gets 403.
         */
        delete: operations["removePaymentFault"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/shipments": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The caller's shipments, newest first; an admin may ask for another user's
         * @description A page of the caller's shipments; an admin may pass userId to see another user's (a customer who does gets a 404).
         */
        get: operations["listShipments"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/shipments/{orderId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * An order's shipment (its owner or an admin)
         * @description The shipment of one order with its carrier status. Someone else's is a 404.
         */
        get: operations["getShipment"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/admin/messaging/shipping": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * This service's outbox and consumer groups with their lag
         * @description The outbox of shipping (pending, oldest pending) and each of its consumer groups with its lag and dead letters, per transport. Admin only: any other caller gets 403.
         */
        get: operations["getShippingMessaging"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/admin/messaging/shipping/published": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * What this service published onto the transport, in outbox order
         * @description Messages shipping's outbox relay has published (from every instance, on either transport), ascending by outbox id: those after `after`, or without it the latest `limit`. A read stops before a row not yet published or published less than 500 ms ago (a row with a smaller id may still commit or be published), so a reader that continues after `next` misses none. Data longer than 8192 characters of JSON is cut (dataTruncated). Admin only: any other caller gets 403.
         */
        get: operations["listShippingPublishedMessages"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/admin/messaging/shipping/dead-letters": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Dead letters of this service's consumer groups, oldest first
         * @description Messages that shipping's consumer groups gave up on (poison, or out of retries), oldest first, optionally of one group. Admin only: any other caller gets 403.
         */
        get: operations["listShippingDeadLetters"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/admin/messaging/shipping/dead-letters/{group}/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * One dead letter with its envelope, attempts and last error
         * @description The dead letter with its CloudEvents envelope, how often it was tried and the last error. Admin only: any other caller gets 403.
         */
        get: operations["getShippingDeadLetter"];
        put?: never;
        post?: never;
        /**
         * Discards a dead letter for good
         * @description Deletes the dead letter; nothing handles it again. Admin only: any other caller gets 403.
         */
        delete: operations["discardShippingDeadLetter"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/admin/messaging/shipping/dead-letters/{group}/{id}/redrive": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Delivers a dead letter to its group again (after the cause was fixed)
         * @description Moves the dead letter back to its consumer group, which handles it once more (its inbox still drops a duplicate). Admin only: any other caller gets 403.
         */
        post: operations["redriveShippingDeadLetter"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/admin/messaging/shipping/replay": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Re-delivers what this service published to one consumer group, from an outbox id or an instant
         * @description Reads shipping's outbox from fromId or since and sends the topics the group subscribes to again, to that group only. Consumers drop what they have already handled. Admin only: any other caller gets 403.
         */
        post: operations["replayShippingMessages"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/admin/faults/shipping": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The faults injected into this service now
         * @description The active faults of this shipping instance, oldest first, each with how often it struck; expired ones are gone. Admin only: any other caller gets 403.
         */
        get: operations["listShippingFaults"];
        put?: never;
        /**
         * Injects a fault (latency, error or outage) into this service
         * @description Adds a fault to shipping under a new id; Location names it. latency adds latencyMs (plus up to jitterMs) before the answer or the handling; error answers an RFC 9457 problem `fault-injected` with `status` (503) at `rate` (1); outage answers every request 503 `fault-injected` without Retry-After and makes /health/ready fail. For messages, error and outage make the handler fail, so the delivery is retried and in the end dead-lettered. Fields that do not apply to the kind or target are refused (400); at most 16 faults at once (409). Admin only: any other caller gets 403.
         */
        post: operations["addShippingFault"];
        /**
         * Removes every fault from this service
         * @description Heals shipping: every fault is removed at once (a no-op when there is none). Admin only: any other caller gets 403.
         */
        delete: operations["clearShippingFaults"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/admin/faults/shipping/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * One injected fault, with how often it struck
         * @description The fault with this id on shipping, with how many requests and messages it has delayed or failed. Admin only: any other caller gets 403.
         */
        get: operations["getShippingFault"];
        /**
         * Creates or replaces the fault with this id
         * @description Sets the fault with the caller's id on shipping: 201 when it is new, 200 when it replaced one (its count and expiry start again). Repeating the call changes nothing more, so scripts can retry it. latency adds latencyMs (plus up to jitterMs) before the answer or the handling; error answers an RFC 9457 problem `fault-injected` with `status` (503) at `rate` (1); outage answers every request 503 `fault-injected` without Retry-After and makes /health/ready fail. For messages, error and outage make the handler fail, so the delivery is retried and in the end dead-lettered. Admin only: any other caller gets 403.
         */
        put: operations["putShippingFault"];
        post?: never;
        /**
         * Removes one fault from this service
         * @description Removes the fault with this id from shipping; the others stay. Admin only: any other caller gets 403.
         */
        delete: operations["removeShippingFault"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/admin/analytics": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Orders and revenue per minute, top products, saga outcomes, fraud alerts, events seen
         * @description What the analytics consumers have counted from the event stream: orders and revenue per minute, the best-selling products, saga outcomes by reason, fraud alerts and the events seen per type. Admin only: any other caller gets 403.
         */
        get: operations["getAnalytics"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/admin/messaging/analytics": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * This service's outbox and consumer groups with their lag
         * @description The outbox of analytics (pending, oldest pending) and each of its consumer groups with its lag and dead letters, per transport. Admin only: any other caller gets 403.
         */
        get: operations["getAnalyticsMessaging"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/admin/messaging/analytics/published": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * What this service published onto the transport, in outbox order
         * @description Messages analytics's outbox relay has published (from every instance, on either transport), ascending by outbox id: those after `after`, or without it the latest `limit`. A read stops before a row not yet published or published less than 500 ms ago (a row with a smaller id may still commit or be published), so a reader that continues after `next` misses none. Data longer than 8192 characters of JSON is cut (dataTruncated). Admin only: any other caller gets 403.
         */
        get: operations["listAnalyticsPublishedMessages"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/admin/messaging/analytics/dead-letters": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Dead letters of this service's consumer groups, oldest first
         * @description Messages that analytics's consumer groups gave up on (poison, or out of retries), oldest first, optionally of one group. Admin only: any other caller gets 403.
         */
        get: operations["listAnalyticsDeadLetters"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/admin/messaging/analytics/dead-letters/{group}/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * One dead letter with its envelope, attempts and last error
         * @description The dead letter with its CloudEvents envelope, how often it was tried and the last error. Admin only: any other caller gets 403.
         */
        get: operations["getAnalyticsDeadLetter"];
        put?: never;
        post?: never;
        /**
         * Discards a dead letter for good
         * @description Deletes the dead letter; nothing handles it again. Admin only: any other caller gets 403.
         */
        delete: operations["discardAnalyticsDeadLetter"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/admin/messaging/analytics/dead-letters/{group}/{id}/redrive": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Delivers a dead letter to its group again (after the cause was fixed)
         * @description Moves the dead letter back to its consumer group, which handles it once more (its inbox still drops a duplicate). Admin only: any other caller gets 403.
         */
        post: operations["redriveAnalyticsDeadLetter"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/admin/messaging/analytics/replay": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Re-delivers what this service published to one consumer group, from an outbox id or an instant
         * @description Reads analytics's outbox from fromId or since and sends the topics the group subscribes to again, to that group only. Consumers drop what they have already handled. Admin only: any other caller gets 403.
         */
        post: operations["replayAnalyticsMessages"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/admin/faults/analytics": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The faults injected into this service now
         * @description The active faults of this analytics instance, oldest first, each with how often it struck; expired ones are gone. Admin only: any other caller gets 403.
         */
        get: operations["listAnalyticsFaults"];
        put?: never;
        /**
         * Injects a fault (latency, error or outage) into this service
         * @description Adds a fault to analytics under a new id; Location names it. latency adds latencyMs (plus up to jitterMs) before the answer or the handling; error answers an RFC 9457 problem `fault-injected` with `status` (503) at `rate` (1); outage answers every request 503 `fault-injected` without Retry-After and makes /health/ready fail. For messages, error and outage make the handler fail, so the delivery is retried and in the end dead-lettered. Fields that do not apply to the kind or target are refused (400); at most 16 faults at once (409). Admin only: any other caller gets 403.
         */
        post: operations["addAnalyticsFault"];
        /**
         * Removes every fault from this service
         * @description Heals analytics: every fault is removed at once (a no-op when there is none). Admin only: any other caller gets 403.
         */
        delete: operations["clearAnalyticsFaults"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/admin/faults/analytics/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * One injected fault, with how often it struck
         * @description The fault with this id on analytics, with how many requests and messages it has delayed or failed. Admin only: any other caller gets 403.
         */
        get: operations["getAnalyticsFault"];
        /**
         * Creates or replaces the fault with this id
         * @description Sets the fault with the caller's id on analytics: 201 when it is new, 200 when it replaced one (its count and expiry start again). Repeating the call changes nothing more, so scripts can retry it. latency adds latencyMs (plus up to jitterMs) before the answer or the handling; error answers an RFC 9457 problem `fault-injected` with `status` (503) at `rate` (1); outage answers every request 503 `fault-injected` without Retry-After and makes /health/ready fail. For messages, error and outage make the handler fail, so the delivery is retried and in the end dead-lettered. Admin only: any other caller gets 403.
         */
        put: operations["putAnalyticsFault"];
        post?: never;
        /**
         * Removes one fault from this service
         * @description Removes the fault with this id from analytics; the others stay. Admin only: any other caller gets 403.
         */
        delete: operations["removeAnalyticsFault"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
}
export type webhooks = Record<string, never>;
export interface components {
    schemas: {
        /** @description RFC 9457 problem details; extension members (such as `upstream`) may sit beside these */
        Problem: {
            /** @description A stable URN naming the problem type, for example urn:bazaar:problem:validation */
            type: string;
            /** @description A short, human summary of the problem type */
            title: string;
            /** @description The HTTP status code */
            status: number;
            /** @description What went wrong with this request */
            detail?: string;
            /** @description The request path this problem occurred at */
            instance?: string;
            /** @description Each invalid field (validation problems) */
            errors?: {
                /** @description JSON pointer to the field, for example /items/0/quantity */
                pointer: string;
                detail: string;
            }[];
        } & {
            [key: string]: unknown;
        };
    };
    responses: {
        /** @description The request is invalid: a field, parameter or header breaks its schema (the problem lists each under `errors`), or the body is not JSON */
        BadRequest: {
            headers: {
                "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                RateLimit: components["headers"]["RateLimit"];
                [name: string]: unknown;
            };
            content: {
                "application/problem+json": components["schemas"]["Problem"];
            };
        };
        /** @description No valid bearer token (missing, malformed, expired or revoked) */
        Unauthorized: {
            headers: {
                "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                RateLimit: components["headers"]["RateLimit"];
                /** @description The bearer challenge (RFC 6750) */
                "WWW-Authenticate"?: string;
                [name: string]: unknown;
            };
            content: {
                "application/problem+json": components["schemas"]["Problem"];
            };
        };
        /** @description The caller is authenticated but not allowed to do this */
        Forbidden: {
            headers: {
                "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                RateLimit: components["headers"]["RateLimit"];
                [name: string]: unknown;
            };
            content: {
                "application/problem+json": components["schemas"]["Problem"];
            };
        };
        /** @description No such resource, or not one the caller may see */
        NotFound: {
            headers: {
                "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                RateLimit: components["headers"]["RateLimit"];
                [name: string]: unknown;
            };
            content: {
                "application/problem+json": components["schemas"]["Problem"];
            };
        };
        /** @description The request conflicts with the current state of the resource */
        Conflict: {
            headers: {
                "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                RateLimit: components["headers"]["RateLimit"];
                [name: string]: unknown;
            };
            content: {
                "application/problem+json": components["schemas"]["Problem"];
            };
        };
        /** @description The body is larger than the limit */
        PayloadTooLarge: {
            headers: {
                "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                RateLimit: components["headers"]["RateLimit"];
                [name: string]: unknown;
            };
            content: {
                "application/problem+json": components["schemas"]["Problem"];
            };
        };
        /** @description The body is not application/json */
        UnsupportedMediaType: {
            headers: {
                "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                RateLimit: components["headers"]["RateLimit"];
                [name: string]: unknown;
            };
            content: {
                "application/problem+json": components["schemas"]["Problem"];
            };
        };
        /** @description Not available now (starting, draining, shedding load, or a dependency is down or refused by its breaker or bulkhead); retry after Retry-After */
        ServiceUnavailable: {
            headers: {
                "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                RateLimit: components["headers"]["RateLimit"];
                /** @description Seconds to wait before retrying */
                "Retry-After"?: string;
                [name: string]: unknown;
            };
            content: {
                "application/problem+json": components["schemas"]["Problem"];
            };
        };
        /** @description The request is well-formed but cannot be carried out */
        UnprocessableContent: {
            headers: {
                "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                RateLimit: components["headers"]["RateLimit"];
                [name: string]: unknown;
            };
            content: {
                "application/problem+json": components["schemas"]["Problem"];
            };
        };
        /** @description An upstream service answered with something unusable */
        BadGateway: {
            headers: {
                "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                RateLimit: components["headers"]["RateLimit"];
                [name: string]: unknown;
            };
            content: {
                "application/problem+json": components["schemas"]["Problem"];
            };
        };
        /** @description An upstream service did not answer in time */
        GatewayTimeout: {
            headers: {
                "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                RateLimit: components["headers"]["RateLimit"];
                [name: string]: unknown;
            };
            content: {
                "application/problem+json": components["schemas"]["Problem"];
            };
        };
        /** @description Too many requests: a rate limit of the gateway is used up (`urn:bazaar:problem:rate-limited`); retry after Retry-After seconds */
        TooManyRequests: {
            headers: {
                "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                RateLimit: components["headers"]["RateLimit"];
                /** @description Seconds to wait before retrying */
                "Retry-After"?: string;
                [name: string]: unknown;
            };
            content: {
                "application/problem+json": components["schemas"]["Problem"];
            };
        };
    };
    parameters: never;
    requestBodies: never;
    headers: {
        /** @description The quotas this request was charged to (draft-ietf-httpapi-ratelimit-headers): a list of `"<policy>";q=<requests>;w=<seconds>`, for example `"default";q=300;w=60` */
        "RateLimit-Policy": string;
        /** @description What is left of each quota: a list of `"<policy>";r=<remaining>;t=<seconds until reset>`, for example `"default";r=299;t=60` */
        RateLimit: string;
    };
    pathItems: never;
}
export type $defs = Record<string, never>;
export interface operations {
    getDashboard: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                userId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The result */
            200: {
                headers: {
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    RateLimit: components["headers"]["RateLimit"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        user: {
                            [key: string]: unknown;
                        } | null;
                        orders: unknown[] | null;
                        payments: unknown[] | null;
                        notifications: unknown[] | null;
                        degraded: string[];
                    };
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            404: components["responses"]["NotFound"];
            429: components["responses"]["TooManyRequests"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    getResilience: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The result */
            200: {
                headers: {
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    RateLimit: components["headers"]["RateLimit"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description which gateway instance answered (host:pid): the state and the switches are per instance */
                        instance: string;
                        rateLimits: {
                            /** @description false while an operator has switched rate limiting off in this instance */
                            enforced: boolean;
                            /** @description where the counters are kept now (redis: shared by every gateway instance) */
                            store: "local" | "redis";
                            redisConfigured: boolean;
                            /** @description times the gateway fell back to local counters */
                            redisFallbacks: number;
                            policies: {
                                [key: string]: {
                                    limit: number;
                                    windowSeconds: number;
                                };
                            };
                            /** @description decisions per policy since this instance started */
                            decisions: {
                                [key: string]: {
                                    allowed: number;
                                    limited: number;
                                };
                            };
                        };
                        shedding: {
                            /** @description whether new requests are being refused with 503 overloaded now */
                            shedding: boolean;
                            reason: "event_loop_delay" | "heap" | "in_flight" | null;
                            eventLoopDelayMs: number;
                            heapUsedBytes: number;
                            inFlight: number;
                            thresholds: {
                                eventLoopDelayMs: number;
                                heapUsedBytes: number;
                                maxInFlight: number;
                            };
                            shed: {
                                event_loop_delay: number;
                                heap: number;
                                in_flight: number;
                            };
                        };
                        upstreams: {
                            upstream: string;
                            breaker: "closed" | "open" | "half-open" | "isolated";
                            bulkhead: {
                                active: number;
                                limit: number;
                                queued: number;
                                queue: number;
                            };
                            retryBudget: {
                                requests: number;
                                retries: number;
                                ratio: number;
                                windowMs: number;
                            };
                            config: {
                                [key: string]: number;
                            };
                        }[];
                    };
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            429: components["responses"]["TooManyRequests"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    setRateLimiting: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                /**
                 * @example {
                 *       "enforced": false
                 *     }
                 */
                "application/json": {
                    enforced: boolean;
                };
            };
        };
        responses: {
            /** @description The result */
            200: {
                headers: {
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    RateLimit: components["headers"]["RateLimit"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        instance: string;
                        /** @description the gateway workers (host:pid) that switched: this one and its siblings when it runs as several (WORKERS, a cluster’s gateway workers) */
                        appliedBy: string[];
                        /** @description sibling workers that did not confirm within a second (they keep their old setting) */
                        missed: string[];
                        rateLimits: {
                            /** @description false while an operator has switched rate limiting off in this instance */
                            enforced: boolean;
                            /** @description where the counters are kept now (redis: shared by every gateway instance) */
                            store: "local" | "redis";
                            redisConfigured: boolean;
                            /** @description times the gateway fell back to local counters */
                            redisFallbacks: number;
                            policies: {
                                [key: string]: {
                                    limit: number;
                                    windowSeconds: number;
                                };
                            };
                            /** @description decisions per policy since this instance started */
                            decisions: {
                                [key: string]: {
                                    allowed: number;
                                    limited: number;
                                };
                            };
                        };
                    };
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            429: components["responses"]["TooManyRequests"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    setBreaker: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                upstream: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                /**
                 * @example {
                 *       "state": "isolated"
                 *     }
                 */
                "application/json": {
                    state: "isolated" | "closed";
                };
            };
        };
        responses: {
            /** @description The result */
            200: {
                headers: {
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    RateLimit: components["headers"]["RateLimit"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        instance: string;
                        /** @description the gateway workers (host:pid) that switched: this one and its siblings when it runs as several (WORKERS, a cluster’s gateway workers) */
                        appliedBy: string[];
                        /** @description sibling workers that did not confirm within a second (they keep their old setting) */
                        missed: string[];
                        upstream: {
                            upstream: string;
                            breaker: "closed" | "open" | "half-open" | "isolated";
                            bulkhead: {
                                active: number;
                                limit: number;
                                queued: number;
                                queue: number;
                            };
                            retryBudget: {
                                requests: number;
                                retries: number;
                                ratio: number;
                                windowMs: number;
                            };
                            config: {
                                [key: string]: number;
                            };
                        };
                    };
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            429: components["responses"]["TooManyRequests"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    getTrace: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description W3C trace id (32 lower-case hex digits) */
                traceId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The result */
            200: {
                headers: {
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    RateLimit: components["headers"]["RateLimit"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description W3C trace id (32 lower-case hex digits) */
                        traceId: string;
                        /**
                         * Format: date-time
                         * @description start of its first span
                         */
                        start: string;
                        /** @description from the first span’s start to the last span’s end */
                        durationMs: number;
                        /** @description the services that recorded spans of it */
                        services: string[];
                        /** @description in start order */
                        spans: {
                            /** @description W3C trace id (32 lower-case hex digits) */
                            traceId: string;
                            /** @description W3C span id (16 lower-case hex digits) */
                            spanId: string;
                            parentSpanId: string | null;
                            name: string;
                            kind: "internal" | "server" | "client" | "producer" | "consumer";
                            /** @description service.name of the service that recorded it */
                            service: string;
                            /** Format: date-time */
                            start: string;
                            durationMs: number;
                            status: "unset" | "ok" | "error";
                            statusMessage?: string;
                            attributes: {
                                [key: string]: string | number | boolean;
                            };
                            links: {
                                /** @description W3C trace id (32 lower-case hex digits) */
                                traceId: string;
                                /** @description W3C span id (16 lower-case hex digits) */
                                spanId: string;
                            }[];
                        }[];
                        /** @description what did not answer, so its spans are missing from the result: a service, when none of its instances answered, or service@instance (its base URL) for each instance that did not while others did; gateway@pid:<pid> for each other gateway worker process that did not answer within a second, gateway@other-workers when the workers’ primary did not relay the question */
                        unreachable: string[];
                    };
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            429: components["responses"]["TooManyRequests"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    listTraces: {
        parameters: {
            query?: {
                orderId?: string;
                recent?: number;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The result */
            200: {
                headers: {
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    RateLimit: components["headers"]["RateLimit"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        items: {
                            /** @description W3C trace id (32 lower-case hex digits) */
                            traceId: string;
                            /**
                             * Format: date-time
                             * @description start of its first span
                             */
                            start: string;
                            /** @description from the first span’s start to the last span’s end */
                            durationMs: number;
                            /** @description the services that recorded spans of it */
                            services: string[];
                            /** @description in start order */
                            spans: {
                                /** @description W3C trace id (32 lower-case hex digits) */
                                traceId: string;
                                /** @description W3C span id (16 lower-case hex digits) */
                                spanId: string;
                                parentSpanId: string | null;
                                name: string;
                                kind: "internal" | "server" | "client" | "producer" | "consumer";
                                /** @description service.name of the service that recorded it */
                                service: string;
                                /** Format: date-time */
                                start: string;
                                durationMs: number;
                                status: "unset" | "ok" | "error";
                                statusMessage?: string;
                                attributes: {
                                    [key: string]: string | number | boolean;
                                };
                                links: {
                                    /** @description W3C trace id (32 lower-case hex digits) */
                                    traceId: string;
                                    /** @description W3C span id (16 lower-case hex digits) */
                                    spanId: string;
                                }[];
                            }[];
                        }[];
                        /** @description what did not answer, so its spans are missing from the result: a service, when none of its instances answered, or service@instance (its base URL) for each instance that did not while others did; gateway@pid:<pid> for each other gateway worker process that did not answer within a second, gateway@other-workers when the workers’ primary did not relay the question */
                        unreachable: string[];
                    };
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            429: components["responses"]["TooManyRequests"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    getServiceMetrics: {
        parameters: {
            query?: {
                /**
                 * @description comma-separated metric family names, as on their # TYPE lines
                 * @example http_requests_total,http_request_duration_seconds
                 */
                names?: string;
            };
            header?: never;
            path: {
                /**
                 * @description one of identity, catalog, inventory, ordering, payment, shipping, notification, analytics
                 * @example ordering
                 */
                service: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The result */
            200: {
                headers: {
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    RateLimit: components["headers"]["RateLimit"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        service: string;
                        /** @description every instance the gateway balances the service over, in its order */
                        instances: ({
                            /**
                             * Format: uri
                             * @description the instance’s base URL
                             */
                            instance: string;
                            /** @description the instance as the gateway’s balancer saw it when asked */
                            state: "healthy" | "unhealthy" | "ejected";
                            /** @description Prometheus text format 0.0.4, as the instance serves it at /metrics (only the families named in `names`, when given); at most 524288 bytes */
                            metrics: string;
                        } | {
                            /**
                             * Format: uri
                             * @description the instance’s base URL
                             */
                            instance: string;
                            /** @description the instance as the gateway’s balancer saw it when asked */
                            state: "healthy" | "unhealthy" | "ejected";
                            /** @description why the instance gave no metrics: no connection, no answer in time, another status than 200, or more text than the limit */
                            error: string;
                        })[];
                    };
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            429: components["responses"]["TooManyRequests"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    listEvents: {
        parameters: {
            query?: {
                /** @description the cursor of the previous answer (opaque) */
                cursor?: string;
                limit?: number;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The result */
            200: {
                headers: {
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    RateLimit: components["headers"]["RateLimit"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description oldest first */
                        items: {
                            /** @description the service whose outbox relay published it */
                            service: string;
                            /** @description its position in the service's outbox */
                            outboxId: number;
                            topic: string;
                            /**
                             * Format: date-time
                             * @description when the relay had it confirmed
                             */
                            publishedAt: string;
                            /** @description CloudEvents id */
                            id: string;
                            /** @description CloudEvents type */
                            type: string;
                            /** @description CloudEvents source */
                            source: string;
                            /** @description CloudEvents subject: what the event is about */
                            subject?: string;
                            /** @description CloudEvents time: when the event was created */
                            time: string;
                            /** @description W3C trace context of the publishing request */
                            traceparent?: string;
                            /** @description the event's data; when its JSON is longer than 8192 characters, a string holding the first 8192 of them */
                            data: unknown;
                            /** @description whether data was cut (see data) */
                            dataTruncated: boolean;
                            /** @description the consumer groups subscribed to its topic (each receives it; a group may skip a type) */
                            subscribers: string[];
                        }[];
                        /** @description where to continue: pass it as cursor next time */
                        cursor: string;
                        /** @description services that did not answer: their events come once they do */
                        unreachable: string[];
                    };
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            429: components["responses"]["TooManyRequests"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    checkInvariants: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The result */
            200: {
                headers: {
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    RateLimit: components["headers"]["RateLimit"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description every invariant holds */
                        ok: boolean;
                        /** Format: date-time */
                        checkedAt: string;
                        durationMs: number;
                        results: {
                            /** @description the number of the invariant in DESIGN.md §6 */
                            id: number;
                            name: string;
                            ok: boolean;
                            /** @description the figures the verdict rests on */
                            counts: {
                                [key: string]: number;
                            };
                            /** @description the first few offenders, when it does not hold */
                            violations: string[];
                        }[];
                    };
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            429: components["responses"]["TooManyRequests"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    listGatewayFaults: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The result */
            200: {
                headers: {
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    RateLimit: components["headers"]["RateLimit"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        service: string;
                        items: {
                            /** @description chosen by the caller with PUT, a UUID when created with POST */
                            id: string;
                            service: string;
                            /** @enum {string} */
                            kind: "latency" | "error" | "outage";
                            /** @enum {string} */
                            target: "http" | "messages" | "both";
                            latencyMs?: number;
                            jitterMs?: number;
                            status?: number;
                            rate?: number;
                            pathPrefix?: string;
                            durationSeconds?: number;
                            /** Format: date-time */
                            createdAt: string;
                            /** @description when the fault removes itself; null: never */
                            expiresAt: string | null;
                            /** @description requests and messages this fault has delayed or failed so far */
                            injected: number;
                        }[];
                    };
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            429: components["responses"]["TooManyRequests"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    addGatewayFault: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /**
                     * @description latency: answer/handle later; error: fail at `rate` with `status`; outage: fail everything with 503
                     * @enum {string}
                     */
                    kind: "latency" | "error" | "outage";
                    /**
                     * @description http: the service's HTTP answers; messages: its message handlers; both (default)
                     * @default both
                     * @enum {string}
                     */
                    target?: "http" | "messages" | "both";
                    /** @description latency only: the added delay */
                    latencyMs?: number;
                    /** @description latency only: up to this much more, uniformly at random */
                    jitterMs?: number;
                    /** @description error only: the status answered (503) */
                    status?: number;
                    /** @description error only: the share of requests or messages that fail (1) */
                    rate?: number;
                    /** @description http only: affect only this path and the paths below it, e.g. /api/products */
                    pathPrefix?: string;
                    /** @description the fault removes itself after this long; without it, it stays until deleted */
                    durationSeconds?: number;
                };
            };
        };
        responses: {
            /** @description Created; Location names the new resource */
            201: {
                headers: {
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    RateLimit: components["headers"]["RateLimit"];
                    /** @description Where the created or accepted resource can be read */
                    Location?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description chosen by the caller with PUT, a UUID when created with POST */
                        id: string;
                        service: string;
                        /** @enum {string} */
                        kind: "latency" | "error" | "outage";
                        /** @enum {string} */
                        target: "http" | "messages" | "both";
                        latencyMs?: number;
                        jitterMs?: number;
                        status?: number;
                        rate?: number;
                        pathPrefix?: string;
                        durationSeconds?: number;
                        /** Format: date-time */
                        createdAt: string;
                        /** @description when the fault removes itself; null: never */
                        expiresAt: string | null;
                        /** @description requests and messages this fault has delayed or failed so far */
                        injected: number;
                    };
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Conflict"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            429: components["responses"]["TooManyRequests"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    clearGatewayFaults: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Done; there is no body */
            204: {
                headers: {
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    RateLimit: components["headers"]["RateLimit"];
                    [name: string]: unknown;
                };
                content?: never;
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            429: components["responses"]["TooManyRequests"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    getGatewayFault: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description chosen by the caller with PUT, a UUID when created with POST */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The result */
            200: {
                headers: {
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    RateLimit: components["headers"]["RateLimit"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description chosen by the caller with PUT, a UUID when created with POST */
                        id: string;
                        service: string;
                        /** @enum {string} */
                        kind: "latency" | "error" | "outage";
                        /** @enum {string} */
                        target: "http" | "messages" | "both";
                        latencyMs?: number;
                        jitterMs?: number;
                        status?: number;
                        rate?: number;
                        pathPrefix?: string;
                        durationSeconds?: number;
                        /** Format: date-time */
                        createdAt: string;
                        /** @description when the fault removes itself; null: never */
                        expiresAt: string | null;
                        /** @description requests and messages this fault has delayed or failed so far */
                        injected: number;
                    };
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            429: components["responses"]["TooManyRequests"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    putGatewayFault: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description chosen by the caller with PUT, a UUID when created with POST */
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /**
                     * @description latency: answer/handle later; error: fail at `rate` with `status`; outage: fail everything with 503
                     * @enum {string}
                     */
                    kind: "latency" | "error" | "outage";
                    /**
                     * @description http: the service's HTTP answers; messages: its message handlers; both (default)
                     * @default both
                     * @enum {string}
                     */
                    target?: "http" | "messages" | "both";
                    /** @description latency only: the added delay */
                    latencyMs?: number;
                    /** @description latency only: up to this much more, uniformly at random */
                    jitterMs?: number;
                    /** @description error only: the status answered (503) */
                    status?: number;
                    /** @description error only: the share of requests or messages that fail (1) */
                    rate?: number;
                    /** @description http only: affect only this path and the paths below it, e.g. /api/products */
                    pathPrefix?: string;
                    /** @description the fault removes itself after this long; without it, it stays until deleted */
                    durationSeconds?: number;
                };
            };
        };
        responses: {
            /** @description The result */
            200: {
                headers: {
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    RateLimit: components["headers"]["RateLimit"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description chosen by the caller with PUT, a UUID when created with POST */
                        id: string;
                        service: string;
                        /** @enum {string} */
                        kind: "latency" | "error" | "outage";
                        /** @enum {string} */
                        target: "http" | "messages" | "both";
                        latencyMs?: number;
                        jitterMs?: number;
                        status?: number;
                        rate?: number;
                        pathPrefix?: string;
                        durationSeconds?: number;
                        /** Format: date-time */
                        createdAt: string;
                        /** @description when the fault removes itself; null: never */
                        expiresAt: string | null;
                        /** @description requests and messages this fault has delayed or failed so far */
                        injected: number;
                    };
                };
            };
            /** @description Created; Location names the new resource */
            201: {
                headers: {
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    RateLimit: components["headers"]["RateLimit"];
                    /** @description Where the created or accepted resource can be read */
                    Location?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description chosen by the caller with PUT, a UUID when created with POST */
                        id: string;
                        service: string;
                        /** @enum {string} */
                        kind: "latency" | "error" | "outage";
                        /** @enum {string} */
                        target: "http" | "messages" | "both";
                        latencyMs?: number;
                        jitterMs?: number;
                        status?: number;
                        rate?: number;
                        pathPrefix?: string;
                        durationSeconds?: number;
                        /** Format: date-time */
                        createdAt: string;
                        /** @description when the fault removes itself; null: never */
                        expiresAt: string | null;
                        /** @description requests and messages this fault has delayed or failed so far */
                        injected: number;
                    };
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Conflict"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            429: components["responses"]["TooManyRequests"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    removeGatewayFault: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description chosen by the caller with PUT, a UUID when created with POST */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Done; there is no body */
            204: {
                headers: {
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    RateLimit: components["headers"]["RateLimit"];
                    [name: string]: unknown;
                };
                content?: never;
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            429: components["responses"]["TooManyRequests"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    registerUser: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                /**
                 * @example {
                 *       "email": "ann@example.com",
                 *       "password": "correct horse battery staple",
                 *       "name": "Ann Lee"
                 *     }
                 */
                "application/json": {
                    /**
                     * Format: email
                     * @example ann@example.com
                     */
                    email: string;
                    password: string;
                    name: string;
                };
            };
        };
        responses: {
            /** @description Created; Location names the new resource */
            201: {
                headers: {
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    RateLimit: components["headers"]["RateLimit"];
                    /** @description Where the created or accepted resource can be read */
                    Location?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** Format: uuid */
                        id: string;
                        email: string;
                        name: string;
                        role: "customer" | "admin";
                        /** Format: date-time */
                        createdAt: string;
                        /** Format: date-time */
                        updatedAt: string;
                    };
                };
            };
            400: components["responses"]["BadRequest"];
            409: components["responses"]["Conflict"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            429: components["responses"]["TooManyRequests"];
            503: components["responses"]["ServiceUnavailable"];
            504: components["responses"]["GatewayTimeout"];
        };
    };
    logIn: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                /**
                 * @example {
                 *       "email": "ann@example.com",
                 *       "password": "correct horse battery staple"
                 *     }
                 */
                "application/json": {
                    /**
                     * Format: email
                     * @example ann@example.com
                     */
                    email: string;
                    password: string;
                };
            };
        };
        responses: {
            /** @description The result */
            200: {
                headers: {
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    RateLimit: components["headers"]["RateLimit"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        accessToken: string;
                        refreshToken: string;
                        /** @description seconds until the access token expires */
                        expiresIn: number;
                    };
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            429: components["responses"]["TooManyRequests"];
            503: components["responses"]["ServiceUnavailable"];
            504: components["responses"]["GatewayTimeout"];
        };
    };
    refreshTokens: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                /**
                 * @example {
                 *       "refreshToken": "rt_3f9c2b7e5a1d4c8e9b6a0f2d7c4e1a8b"
                 *     }
                 */
                "application/json": {
                    refreshToken: string;
                };
            };
        };
        responses: {
            /** @description The result */
            200: {
                headers: {
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    RateLimit: components["headers"]["RateLimit"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        accessToken: string;
                        refreshToken: string;
                        /** @description seconds until the access token expires */
                        expiresIn: number;
                    };
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            429: components["responses"]["TooManyRequests"];
            503: components["responses"]["ServiceUnavailable"];
            504: components["responses"]["GatewayTimeout"];
        };
    };
    getSigningKeys: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The result */
            200: {
                headers: {
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    RateLimit: components["headers"]["RateLimit"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        keys: {
                            [key: string]: unknown;
                        }[];
                    };
                };
            };
            400: components["responses"]["BadRequest"];
            429: components["responses"]["TooManyRequests"];
            503: components["responses"]["ServiceUnavailable"];
            504: components["responses"]["GatewayTimeout"];
        };
    };
    getCurrentUser: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The result */
            200: {
                headers: {
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    RateLimit: components["headers"]["RateLimit"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** Format: uuid */
                        id: string;
                        email: string;
                        name: string;
                        role: "customer" | "admin";
                        /** Format: date-time */
                        createdAt: string;
                        /** Format: date-time */
                        updatedAt: string;
                    };
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            404: components["responses"]["NotFound"];
            429: components["responses"]["TooManyRequests"];
            503: components["responses"]["ServiceUnavailable"];
            504: components["responses"]["GatewayTimeout"];
        };
    };
    getUser: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The result */
            200: {
                headers: {
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    RateLimit: components["headers"]["RateLimit"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** Format: uuid */
                        id: string;
                        email: string;
                        name: string;
                        role: "customer" | "admin";
                        /** Format: date-time */
                        createdAt: string;
                        /** Format: date-time */
                        updatedAt: string;
                    };
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            404: components["responses"]["NotFound"];
            429: components["responses"]["TooManyRequests"];
            503: components["responses"]["ServiceUnavailable"];
            504: components["responses"]["GatewayTimeout"];
        };
    };
    updateUser: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                /**
                 * @example {
                 *       "name": "Ann Lee-Smith"
                 *     }
                 */
                "application/json": {
                    name?: string;
                    /**
                     * Format: email
                     * @example ann@example.com
                     */
                    email?: string;
                    role?: "customer" | "admin";
                };
            };
        };
        responses: {
            /** @description The result */
            200: {
                headers: {
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    RateLimit: components["headers"]["RateLimit"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** Format: uuid */
                        id: string;
                        email: string;
                        name: string;
                        role: "customer" | "admin";
                        /** Format: date-time */
                        createdAt: string;
                        /** Format: date-time */
                        updatedAt: string;
                    };
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Conflict"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            429: components["responses"]["TooManyRequests"];
            503: components["responses"]["ServiceUnavailable"];
            504: components["responses"]["GatewayTimeout"];
        };
    };
    getIdentityMessaging: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The result */
            200: {
                headers: {
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    RateLimit: components["headers"]["RateLimit"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        service: string;
                        transport: string;
                        outbox: {
                            pending: number;
                            published: number;
                        };
                        publishes: string[];
                        consumers: {
                            group: string;
                            topics: string[];
                            types: string[];
                            waiting: number;
                            dead: number;
                        }[];
                    };
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            429: components["responses"]["TooManyRequests"];
            503: components["responses"]["ServiceUnavailable"];
            504: components["responses"]["GatewayTimeout"];
        };
    };
    listIdentityPublishedMessages: {
        parameters: {
            query?: {
                /** @description outbox id to continue after; omitted: the latest `limit` messages */
                after?: number;
                limit?: number;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The result */
            200: {
                headers: {
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    RateLimit: components["headers"]["RateLimit"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        service: string;
                        items: {
                            /** @description its position in the service's outbox */
                            outboxId: number;
                            topic: string;
                            /**
                             * Format: date-time
                             * @description when the relay had it confirmed
                             */
                            publishedAt: string;
                            /** @description CloudEvents id */
                            id: string;
                            /** @description CloudEvents type */
                            type: string;
                            /** @description CloudEvents source */
                            source: string;
                            /** @description CloudEvents subject: what the event is about */
                            subject?: string;
                            /** @description CloudEvents time: when the event was created */
                            time: string;
                            /** @description W3C trace context of the publishing request */
                            traceparent?: string;
                            /** @description the event's data; when its JSON is longer than 8192 characters, a string holding the first 8192 of them */
                            data: unknown;
                            /** @description whether data was cut (see data) */
                            dataTruncated: boolean;
                        }[];
                        /** @description pass it as `after` to continue: the last item’s outboxId, or where this read stopped */
                        next: number;
                    };
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            429: components["responses"]["TooManyRequests"];
            503: components["responses"]["ServiceUnavailable"];
            504: components["responses"]["GatewayTimeout"];
        };
    };
    listIdentityDeadLetters: {
        parameters: {
            query?: {
                group?: string;
                limit?: number;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The result */
            200: {
                headers: {
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    RateLimit: components["headers"]["RateLimit"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        items: {
                            id: string;
                            group: string;
                            topic: string;
                            attempts: number;
                            lastError: string;
                            /** Format: date-time */
                            deadAt: string;
                            envelope: {
                                [key: string]: unknown;
                            };
                        }[];
                    };
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            429: components["responses"]["TooManyRequests"];
            503: components["responses"]["ServiceUnavailable"];
            504: components["responses"]["GatewayTimeout"];
        };
    };
    getIdentityDeadLetter: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                group: string;
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The result */
            200: {
                headers: {
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    RateLimit: components["headers"]["RateLimit"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        id: string;
                        group: string;
                        topic: string;
                        attempts: number;
                        lastError: string;
                        /** Format: date-time */
                        deadAt: string;
                        envelope: {
                            [key: string]: unknown;
                        };
                    };
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            429: components["responses"]["TooManyRequests"];
            503: components["responses"]["ServiceUnavailable"];
            504: components["responses"]["GatewayTimeout"];
        };
    };
    discardIdentityDeadLetter: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                group: string;
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Done; there is no body */
            204: {
                headers: {
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    RateLimit: components["headers"]["RateLimit"];
                    [name: string]: unknown;
                };
                content?: never;
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            429: components["responses"]["TooManyRequests"];
            503: components["responses"]["ServiceUnavailable"];
            504: components["responses"]["GatewayTimeout"];
        };
    };
    redriveIdentityDeadLetter: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                group: string;
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Accepted; the work goes on asynchronously */
            202: {
                headers: {
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    RateLimit: components["headers"]["RateLimit"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @enum {boolean} */
                        redriven: true;
                    };
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            429: components["responses"]["TooManyRequests"];
            503: components["responses"]["ServiceUnavailable"];
            504: components["responses"]["GatewayTimeout"];
        };
    };
    replayIdentityMessages: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                /**
                 * @example {
                 *       "group": "notification.orders",
                 *       "fromId": 1
                 *     }
                 */
                "application/json": {
                    group: string;
                    topic?: string;
                    /** @description first outbox id to re-deliver */
                    fromId?: number;
                    /**
                     * Format: date-time
                     * @description first instant to re-deliver
                     */
                    since?: string;
                };
            };
        };
        responses: {
            /** @description The result */
            200: {
                headers: {
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    RateLimit: components["headers"]["RateLimit"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        group: string;
                        topics: string[];
                        delivered: number;
                    };
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            429: components["responses"]["TooManyRequests"];
            503: components["responses"]["ServiceUnavailable"];
            504: components["responses"]["GatewayTimeout"];
        };
    };
    listIdentityFaults: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The result */
            200: {
                headers: {
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    RateLimit: components["headers"]["RateLimit"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        service: string;
                        items: {
                            /** @description chosen by the caller with PUT, a UUID when created with POST */
                            id: string;
                            service: string;
                            /** @enum {string} */
                            kind: "latency" | "error" | "outage";
                            /** @enum {string} */
                            target: "http" | "messages" | "both";
                            latencyMs?: number;
                            jitterMs?: number;
                            status?: number;
                            rate?: number;
                            pathPrefix?: string;
                            durationSeconds?: number;
                            /** Format: date-time */
                            createdAt: string;
                            /** @description when the fault removes itself; null: never */
                            expiresAt: string | null;
                            /** @description requests and messages this fault has delayed or failed so far */
                            injected: number;
                        }[];
                    };
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            429: components["responses"]["TooManyRequests"];
            503: components["responses"]["ServiceUnavailable"];
            504: components["responses"]["GatewayTimeout"];
        };
    };
    addIdentityFault: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /**
                     * @description latency: answer/handle later; error: fail at `rate` with `status`; outage: fail everything with 503
                     * @enum {string}
                     */
                    kind: "latency" | "error" | "outage";
                    /**
                     * @description http: the service's HTTP answers; messages: its message handlers; both (default)
                     * @default both
                     * @enum {string}
                     */
                    target?: "http" | "messages" | "both";
                    /** @description latency only: the added delay */
                    latencyMs?: number;
                    /** @description latency only: up to this much more, uniformly at random */
                    jitterMs?: number;
                    /** @description error only: the status answered (503) */
                    status?: number;
                    /** @description error only: the share of requests or messages that fail (1) */
                    rate?: number;
                    /** @description http only: affect only this path and the paths below it, e.g. /api/products */
                    pathPrefix?: string;
                    /** @description the fault removes itself after this long; without it, it stays until deleted */
                    durationSeconds?: number;
                };
            };
        };
        responses: {
            /** @description Created; Location names the new resource */
            201: {
                headers: {
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    RateLimit: components["headers"]["RateLimit"];
                    /** @description Where the created or accepted resource can be read */
                    Location?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description chosen by the caller with PUT, a UUID when created with POST */
                        id: string;
                        service: string;
                        /** @enum {string} */
                        kind: "latency" | "error" | "outage";
                        /** @enum {string} */
                        target: "http" | "messages" | "both";
                        latencyMs?: number;
                        jitterMs?: number;
                        status?: number;
                        rate?: number;
                        pathPrefix?: string;
                        durationSeconds?: number;
                        /** Format: date-time */
                        createdAt: string;
                        /** @description when the fault removes itself; null: never */
                        expiresAt: string | null;
                        /** @description requests and messages this fault has delayed or failed so far */
                        injected: number;
                    };
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Conflict"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            429: components["responses"]["TooManyRequests"];
            503: components["responses"]["ServiceUnavailable"];
            504: components["responses"]["GatewayTimeout"];
        };
    };
    clearIdentityFaults: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Done; there is no body */
            204: {
                headers: {
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    RateLimit: components["headers"]["RateLimit"];
                    [name: string]: unknown;
                };
                content?: never;
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            429: components["responses"]["TooManyRequests"];
            503: components["responses"]["ServiceUnavailable"];
            504: components["responses"]["GatewayTimeout"];
        };
    };
    getIdentityFault: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description chosen by the caller with PUT, a UUID when created with POST */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The result */
            200: {
                headers: {
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    RateLimit: components["headers"]["RateLimit"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description chosen by the caller with PUT, a UUID when created with POST */
                        id: string;
                        service: string;
                        /** @enum {string} */
                        kind: "latency" | "error" | "outage";
                        /** @enum {string} */
                        target: "http" | "messages" | "both";
                        latencyMs?: number;
                        jitterMs?: number;
                        status?: number;
                        rate?: number;
                        pathPrefix?: string;
                        durationSeconds?: number;
                        /** Format: date-time */
                        createdAt: string;
                        /** @description when the fault removes itself; null: never */
                        expiresAt: string | null;
                        /** @description requests and messages this fault has delayed or failed so far */
                        injected: number;
                    };
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            429: components["responses"]["TooManyRequests"];
            503: components["responses"]["ServiceUnavailable"];
            504: components["responses"]["GatewayTimeout"];
        };
    };
    putIdentityFault: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description chosen by the caller with PUT, a UUID when created with POST */
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /**
                     * @description latency: answer/handle later; error: fail at `rate` with `status`; outage: fail everything with 503
                     * @enum {string}
                     */
                    kind: "latency" | "error" | "outage";
                    /**
                     * @description http: the service's HTTP answers; messages: its message handlers; both (default)
                     * @default both
                     * @enum {string}
                     */
                    target?: "http" | "messages" | "both";
                    /** @description latency only: the added delay */
                    latencyMs?: number;
                    /** @description latency only: up to this much more, uniformly at random */
                    jitterMs?: number;
                    /** @description error only: the status answered (503) */
                    status?: number;
                    /** @description error only: the share of requests or messages that fail (1) */
                    rate?: number;
                    /** @description http only: affect only this path and the paths below it, e.g. /api/products */
                    pathPrefix?: string;
                    /** @description the fault removes itself after this long; without it, it stays until deleted */
                    durationSeconds?: number;
                };
            };
        };
        responses: {
            /** @description The result */
            200: {
                headers: {
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    RateLimit: components["headers"]["RateLimit"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description chosen by the caller with PUT, a UUID when created with POST */
                        id: string;
                        service: string;
                        /** @enum {string} */
                        kind: "latency" | "error" | "outage";
                        /** @enum {string} */
                        target: "http" | "messages" | "both";
                        latencyMs?: number;
                        jitterMs?: number;
                        status?: number;
                        rate?: number;
                        pathPrefix?: string;
                        durationSeconds?: number;
                        /** Format: date-time */
                        createdAt: string;
                        /** @description when the fault removes itself; null: never */
                        expiresAt: string | null;
                        /** @description requests and messages this fault has delayed or failed so far */
                        injected: number;
                    };
                };
            };
            /** @description Created; Location names the new resource */
            201: {
                headers: {
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    RateLimit: components["headers"]["RateLimit"];
                    /** @description Where the created or accepted resource can be read */
                    Location?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description chosen by the caller with PUT, a UUID when created with POST */
                        id: string;
                        service: string;
                        /** @enum {string} */
                        kind: "latency" | "error" | "outage";
                        /** @enum {string} */
                        target: "http" | "messages" | "both";
                        latencyMs?: number;
                        jitterMs?: number;
                        status?: number;
                        rate?: number;
                        pathPrefix?: string;
                        durationSeconds?: number;
                        /** Format: date-time */
                        createdAt: string;
                        /** @description when the fault removes itself; null: never */
                        expiresAt: string | null;
                        /** @description requests and messages this fault has delayed or failed so far */
                        injected: number;
                    };
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Conflict"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            429: components["responses"]["TooManyRequests"];
            503: components["responses"]["ServiceUnavailable"];
            504: components["responses"]["GatewayTimeout"];
        };
    };
    removeIdentityFault: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description chosen by the caller with PUT, a UUID when created with POST */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Done; there is no body */
            204: {
                headers: {
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    RateLimit: components["headers"]["RateLimit"];
                    [name: string]: unknown;
                };
                content?: never;
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            429: components["responses"]["TooManyRequests"];
            503: components["responses"]["ServiceUnavailable"];
            504: components["responses"]["GatewayTimeout"];
        };
    };
    listProducts: {
        parameters: {
            query?: {
                /** @description full-text search (web search syntax) */
                q?: string;
                category?: string;
                limit?: number;
                cursor?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The result */
            200: {
                headers: {
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    RateLimit: components["headers"]["RateLimit"];
                    /** @description How long shared and private caches may reuse the answer: `public, max-age=<CATALOG_CACHE_MAX_AGE_SECONDS>` */
                    "Cache-Control"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        items: {
                            /** Format: uuid */
                            id: string;
                            name: string;
                            description: string;
                            price: {
                                /** @description integer minor units */
                                amount: number;
                                /** @description ISO 4217 code */
                                currency: string;
                            };
                            category: string;
                            imageUrl: string | null;
                            /** Format: date-time */
                            createdAt: string;
                            /** Format: date-time */
                            updatedAt: string;
                        }[];
                        nextCursor: string | null;
                    };
                };
            };
            400: components["responses"]["BadRequest"];
            429: components["responses"]["TooManyRequests"];
            503: components["responses"]["ServiceUnavailable"];
            504: components["responses"]["GatewayTimeout"];
        };
    };
    createProduct: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                /**
                 * @example {
                 *       "name": "Enamel camping mug",
                 *       "description": "A 350 ml steel mug with a white enamel finish.",
                 *       "price": {
                 *         "amount": 1299,
                 *         "currency": "EUR"
                 *       },
                 *       "category": "outdoor"
                 *     }
                 */
                "application/json": {
                    name: string;
                    description?: string;
                    price: {
                        /** @description integer minor units */
                        amount: number;
                        /** @description ISO 4217 code */
                        currency: string;
                    };
                    category: string;
                    imageUrl?: string | null;
                };
            };
        };
        responses: {
            /** @description Created; Location names the new resource */
            201: {
                headers: {
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    RateLimit: components["headers"]["RateLimit"];
                    /** @description Where the created or accepted resource can be read */
                    Location?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** Format: uuid */
                        id: string;
                        name: string;
                        description: string;
                        price: {
                            /** @description integer minor units */
                            amount: number;
                            /** @description ISO 4217 code */
                            currency: string;
                        };
                        category: string;
                        imageUrl: string | null;
                        /** Format: date-time */
                        createdAt: string;
                        /** Format: date-time */
                        updatedAt: string;
                    };
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            429: components["responses"]["TooManyRequests"];
            503: components["responses"]["ServiceUnavailable"];
            504: components["responses"]["GatewayTimeout"];
        };
    };
    getProduct: {
        parameters: {
            query?: never;
            header?: {
                /** @description ETags the caller holds: when one is current the answer is 304 without a body */
                "if-none-match"?: string;
                /** @description `no-cache` (or `max-age=0`) reads the database rather than the catalog's cache; ordering prices orders so */
                "cache-control"?: string;
            };
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The result */
            200: {
                headers: {
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    RateLimit: components["headers"]["RateLimit"];
                    /** @description Strong validator of this version of the product (it changes with every change); send it back as If-None-Match */
                    ETag?: string;
                    /** @description How long shared and private caches may reuse the answer: `public, max-age=<CATALOG_CACHE_MAX_AGE_SECONDS>` */
                    "Cache-Control"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** Format: uuid */
                        id: string;
                        name: string;
                        description: string;
                        price: {
                            /** @description integer minor units */
                            amount: number;
                            /** @description ISO 4217 code */
                            currency: string;
                        };
                        category: string;
                        imageUrl: string | null;
                        /** Format: date-time */
                        createdAt: string;
                        /** Format: date-time */
                        updatedAt: string;
                    };
                };
            };
            /** @description Not modified: If-None-Match names the current ETag; there is no body */
            304: {
                headers: {
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    RateLimit: components["headers"]["RateLimit"];
                    /** @description Strong validator of this version of the product (it changes with every change); send it back as If-None-Match */
                    ETag?: string;
                    /** @description How long shared and private caches may reuse the answer: `public, max-age=<CATALOG_CACHE_MAX_AGE_SECONDS>` */
                    "Cache-Control"?: string;
                    [name: string]: unknown;
                };
                content?: never;
            };
            400: components["responses"]["BadRequest"];
            404: components["responses"]["NotFound"];
            429: components["responses"]["TooManyRequests"];
            503: components["responses"]["ServiceUnavailable"];
            504: components["responses"]["GatewayTimeout"];
        };
    };
    updateProduct: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                /**
                 * @example {
                 *       "price": {
                 *         "amount": 1099,
                 *         "currency": "EUR"
                 *       }
                 *     }
                 */
                "application/json": {
                    name?: string;
                    description?: string;
                    price?: {
                        /** @description integer minor units */
                        amount: number;
                        /** @description ISO 4217 code */
                        currency: string;
                    };
                    category?: string;
                    imageUrl?: string | null;
                };
            };
        };
        responses: {
            /** @description The result */
            200: {
                headers: {
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    RateLimit: components["headers"]["RateLimit"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** Format: uuid */
                        id: string;
                        name: string;
                        description: string;
                        price: {
                            /** @description integer minor units */
                            amount: number;
                            /** @description ISO 4217 code */
                            currency: string;
                        };
                        category: string;
                        imageUrl: string | null;
                        /** Format: date-time */
                        createdAt: string;
                        /** Format: date-time */
                        updatedAt: string;
                    };
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            429: components["responses"]["TooManyRequests"];
            503: components["responses"]["ServiceUnavailable"];
            504: components["responses"]["GatewayTimeout"];
        };
    };
    getCatalogMessaging: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The result */
            200: {
                headers: {
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    RateLimit: components["headers"]["RateLimit"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        service: string;
                        transport: string;
                        outbox: {
                            pending: number;
                            published: number;
                        };
                        publishes: string[];
                        consumers: {
                            group: string;
                            topics: string[];
                            types: string[];
                            waiting: number;
                            dead: number;
                        }[];
                    };
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            429: components["responses"]["TooManyRequests"];
            503: components["responses"]["ServiceUnavailable"];
            504: components["responses"]["GatewayTimeout"];
        };
    };
    listCatalogPublishedMessages: {
        parameters: {
            query?: {
                /** @description outbox id to continue after; omitted: the latest `limit` messages */
                after?: number;
                limit?: number;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The result */
            200: {
                headers: {
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    RateLimit: components["headers"]["RateLimit"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        service: string;
                        items: {
                            /** @description its position in the service's outbox */
                            outboxId: number;
                            topic: string;
                            /**
                             * Format: date-time
                             * @description when the relay had it confirmed
                             */
                            publishedAt: string;
                            /** @description CloudEvents id */
                            id: string;
                            /** @description CloudEvents type */
                            type: string;
                            /** @description CloudEvents source */
                            source: string;
                            /** @description CloudEvents subject: what the event is about */
                            subject?: string;
                            /** @description CloudEvents time: when the event was created */
                            time: string;
                            /** @description W3C trace context of the publishing request */
                            traceparent?: string;
                            /** @description the event's data; when its JSON is longer than 8192 characters, a string holding the first 8192 of them */
                            data: unknown;
                            /** @description whether data was cut (see data) */
                            dataTruncated: boolean;
                        }[];
                        /** @description pass it as `after` to continue: the last item’s outboxId, or where this read stopped */
                        next: number;
                    };
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            429: components["responses"]["TooManyRequests"];
            503: components["responses"]["ServiceUnavailable"];
            504: components["responses"]["GatewayTimeout"];
        };
    };
    listCatalogDeadLetters: {
        parameters: {
            query?: {
                group?: string;
                limit?: number;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The result */
            200: {
                headers: {
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    RateLimit: components["headers"]["RateLimit"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        items: {
                            id: string;
                            group: string;
                            topic: string;
                            attempts: number;
                            lastError: string;
                            /** Format: date-time */
                            deadAt: string;
                            envelope: {
                                [key: string]: unknown;
                            };
                        }[];
                    };
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            429: components["responses"]["TooManyRequests"];
            503: components["responses"]["ServiceUnavailable"];
            504: components["responses"]["GatewayTimeout"];
        };
    };
    getCatalogDeadLetter: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                group: string;
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The result */
            200: {
                headers: {
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    RateLimit: components["headers"]["RateLimit"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        id: string;
                        group: string;
                        topic: string;
                        attempts: number;
                        lastError: string;
                        /** Format: date-time */
                        deadAt: string;
                        envelope: {
                            [key: string]: unknown;
                        };
                    };
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            429: components["responses"]["TooManyRequests"];
            503: components["responses"]["ServiceUnavailable"];
            504: components["responses"]["GatewayTimeout"];
        };
    };
    discardCatalogDeadLetter: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                group: string;
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Done; there is no body */
            204: {
                headers: {
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    RateLimit: components["headers"]["RateLimit"];
                    [name: string]: unknown;
                };
                content?: never;
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            429: components["responses"]["TooManyRequests"];
            503: components["responses"]["ServiceUnavailable"];
            504: components["responses"]["GatewayTimeout"];
        };
    };
    redriveCatalogDeadLetter: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                group: string;
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Accepted; the work goes on asynchronously */
            202: {
                headers: {
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    RateLimit: components["headers"]["RateLimit"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @enum {boolean} */
                        redriven: true;
                    };
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            429: components["responses"]["TooManyRequests"];
            503: components["responses"]["ServiceUnavailable"];
            504: components["responses"]["GatewayTimeout"];
        };
    };
    replayCatalogMessages: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                /**
                 * @example {
                 *       "group": "notification.orders",
                 *       "fromId": 1
                 *     }
                 */
                "application/json": {
                    group: string;
                    topic?: string;
                    /** @description first outbox id to re-deliver */
                    fromId?: number;
                    /**
                     * Format: date-time
                     * @description first instant to re-deliver
                     */
                    since?: string;
                };
            };
        };
        responses: {
            /** @description The result */
            200: {
                headers: {
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    RateLimit: components["headers"]["RateLimit"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        group: string;
                        topics: string[];
                        delivered: number;
                    };
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            429: components["responses"]["TooManyRequests"];
            503: components["responses"]["ServiceUnavailable"];
            504: components["responses"]["GatewayTimeout"];
        };
    };
    listCatalogFaults: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The result */
            200: {
                headers: {
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    RateLimit: components["headers"]["RateLimit"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        service: string;
                        items: {
                            /** @description chosen by the caller with PUT, a UUID when created with POST */
                            id: string;
                            service: string;
                            /** @enum {string} */
                            kind: "latency" | "error" | "outage";
                            /** @enum {string} */
                            target: "http" | "messages" | "both";
                            latencyMs?: number;
                            jitterMs?: number;
                            status?: number;
                            rate?: number;
                            pathPrefix?: string;
                            durationSeconds?: number;
                            /** Format: date-time */
                            createdAt: string;
                            /** @description when the fault removes itself; null: never */
                            expiresAt: string | null;
                            /** @description requests and messages this fault has delayed or failed so far */
                            injected: number;
                        }[];
                    };
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            429: components["responses"]["TooManyRequests"];
            503: components["responses"]["ServiceUnavailable"];
            504: components["responses"]["GatewayTimeout"];
        };
    };
    addCatalogFault: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /**
                     * @description latency: answer/handle later; error: fail at `rate` with `status`; outage: fail everything with 503
                     * @enum {string}
                     */
                    kind: "latency" | "error" | "outage";
                    /**
                     * @description http: the service's HTTP answers; messages: its message handlers; both (default)
                     * @default both
                     * @enum {string}
                     */
                    target?: "http" | "messages" | "both";
                    /** @description latency only: the added delay */
                    latencyMs?: number;
                    /** @description latency only: up to this much more, uniformly at random */
                    jitterMs?: number;
                    /** @description error only: the status answered (503) */
                    status?: number;
                    /** @description error only: the share of requests or messages that fail (1) */
                    rate?: number;
                    /** @description http only: affect only this path and the paths below it, e.g. /api/products */
                    pathPrefix?: string;
                    /** @description the fault removes itself after this long; without it, it stays until deleted */
                    durationSeconds?: number;
                };
            };
        };
        responses: {
            /** @description Created; Location names the new resource */
            201: {
                headers: {
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    RateLimit: components["headers"]["RateLimit"];
                    /** @description Where the created or accepted resource can be read */
                    Location?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description chosen by the caller with PUT, a UUID when created with POST */
                        id: string;
                        service: string;
                        /** @enum {string} */
                        kind: "latency" | "error" | "outage";
                        /** @enum {string} */
                        target: "http" | "messages" | "both";
                        latencyMs?: number;
                        jitterMs?: number;
                        status?: number;
                        rate?: number;
                        pathPrefix?: string;
                        durationSeconds?: number;
                        /** Format: date-time */
                        createdAt: string;
                        /** @description when the fault removes itself; null: never */
                        expiresAt: string | null;
                        /** @description requests and messages this fault has delayed or failed so far */
                        injected: number;
                    };
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Conflict"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            429: components["responses"]["TooManyRequests"];
            503: components["responses"]["ServiceUnavailable"];
            504: components["responses"]["GatewayTimeout"];
        };
    };
    clearCatalogFaults: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Done; there is no body */
            204: {
                headers: {
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    RateLimit: components["headers"]["RateLimit"];
                    [name: string]: unknown;
                };
                content?: never;
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            429: components["responses"]["TooManyRequests"];
            503: components["responses"]["ServiceUnavailable"];
            504: components["responses"]["GatewayTimeout"];
        };
    };
    getCatalogFault: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description chosen by the caller with PUT, a UUID when created with POST */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The result */
            200: {
                headers: {
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    RateLimit: components["headers"]["RateLimit"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description chosen by the caller with PUT, a UUID when created with POST */
                        id: string;
                        service: string;
                        /** @enum {string} */
                        kind: "latency" | "error" | "outage";
                        /** @enum {string} */
                        target: "http" | "messages" | "both";
                        latencyMs?: number;
                        jitterMs?: number;
                        status?: number;
                        rate?: number;
                        pathPrefix?: string;
                        durationSeconds?: number;
                        /** Format: date-time */
                        createdAt: string;
                        /** @description when the fault removes itself; null: never */
                        expiresAt: string | null;
                        /** @description requests and messages this fault has delayed or failed so far */
                        injected: number;
                    };
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            429: components["responses"]["TooManyRequests"];
            503: components["responses"]["ServiceUnavailable"];
            504: components["responses"]["GatewayTimeout"];
        };
    };
    putCatalogFault: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description chosen by the caller with PUT, a UUID when created with POST */
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /**
                     * @description latency: answer/handle later; error: fail at `rate` with `status`; outage: fail everything with 503
                     * @enum {string}
                     */
                    kind: "latency" | "error" | "outage";
                    /**
                     * @description http: the service's HTTP answers; messages: its message handlers; both (default)
                     * @default both
                     * @enum {string}
                     */
                    target?: "http" | "messages" | "both";
                    /** @description latency only: the added delay */
                    latencyMs?: number;
                    /** @description latency only: up to this much more, uniformly at random */
                    jitterMs?: number;
                    /** @description error only: the status answered (503) */
                    status?: number;
                    /** @description error only: the share of requests or messages that fail (1) */
                    rate?: number;
                    /** @description http only: affect only this path and the paths below it, e.g. /api/products */
                    pathPrefix?: string;
                    /** @description the fault removes itself after this long; without it, it stays until deleted */
                    durationSeconds?: number;
                };
            };
        };
        responses: {
            /** @description The result */
            200: {
                headers: {
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    RateLimit: components["headers"]["RateLimit"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description chosen by the caller with PUT, a UUID when created with POST */
                        id: string;
                        service: string;
                        /** @enum {string} */
                        kind: "latency" | "error" | "outage";
                        /** @enum {string} */
                        target: "http" | "messages" | "both";
                        latencyMs?: number;
                        jitterMs?: number;
                        status?: number;
                        rate?: number;
                        pathPrefix?: string;
                        durationSeconds?: number;
                        /** Format: date-time */
                        createdAt: string;
                        /** @description when the fault removes itself; null: never */
                        expiresAt: string | null;
                        /** @description requests and messages this fault has delayed or failed so far */
                        injected: number;
                    };
                };
            };
            /** @description Created; Location names the new resource */
            201: {
                headers: {
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    RateLimit: components["headers"]["RateLimit"];
                    /** @description Where the created or accepted resource can be read */
                    Location?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description chosen by the caller with PUT, a UUID when created with POST */
                        id: string;
                        service: string;
                        /** @enum {string} */
                        kind: "latency" | "error" | "outage";
                        /** @enum {string} */
                        target: "http" | "messages" | "both";
                        latencyMs?: number;
                        jitterMs?: number;
                        status?: number;
                        rate?: number;
                        pathPrefix?: string;
                        durationSeconds?: number;
                        /** Format: date-time */
                        createdAt: string;
                        /** @description when the fault removes itself; null: never */
                        expiresAt: string | null;
                        /** @description requests and messages this fault has delayed or failed so far */
                        injected: number;
                    };
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Conflict"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            429: components["responses"]["TooManyRequests"];
            503: components["responses"]["ServiceUnavailable"];
            504: components["responses"]["GatewayTimeout"];
        };
    };
    removeCatalogFault: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description chosen by the caller with PUT, a UUID when created with POST */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Done; there is no body */
            204: {
                headers: {
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    RateLimit: components["headers"]["RateLimit"];
                    [name: string]: unknown;
                };
                content?: never;
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            429: components["responses"]["TooManyRequests"];
            503: components["responses"]["ServiceUnavailable"];
            504: components["responses"]["GatewayTimeout"];
        };
    };
    listOrders: {
        parameters: {
            query?: {
                limit?: number;
                cursor?: string;
                /** @description admins: another user's orders */
                userId?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The result */
            200: {
                headers: {
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    RateLimit: components["headers"]["RateLimit"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        items: {
                            /** Format: uuid */
                            id: string;
                            status: string;
                            reason: string | null;
                            total: {
                                amount: number;
                                currency: string;
                            };
                            itemCount: number;
                            version: number;
                            /** Format: date-time */
                            createdAt: string;
                            /** Format: date-time */
                            updatedAt: string;
                        }[];
                        nextCursor: string | null;
                    };
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            404: components["responses"]["NotFound"];
            429: components["responses"]["TooManyRequests"];
            503: components["responses"]["ServiceUnavailable"];
            504: components["responses"]["GatewayTimeout"];
        };
    };
    placeOrder: {
        parameters: {
            query?: never;
            header?: {
                /** @description replays the first response */
                "idempotency-key"?: string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                /**
                 * @example {
                 *       "items": [
                 *         {
                 *           "productId": "0b9c6a52-5d3e-4f3a-9d7e-2c1b8a4f6e10",
                 *           "quantity": 2
                 *         }
                 *       ],
                 *       "shippingAddress": {
                 *         "name": "Ann Lee",
                 *         "line1": "5 Harbour Road",
                 *         "city": "Hamburg",
                 *         "postalCode": "20095",
                 *         "country": "DE"
                 *       },
                 *       "paymentMethod": {
                 *         "type": "card",
                 *         "number": "4242 4242 4242 4242"
                 *       }
                 *     }
                 */
                "application/json": {
                    items: {
                        /** Format: uuid */
                        productId: string;
                        quantity: number;
                    }[];
                    shippingAddress: {
                        name: string;
                        line1: string;
                        city: string;
                        postalCode: string;
                        /** @description ISO 3166-1 alpha-2 */
                        country: string;
                    };
                    paymentMethod: {
                        /** @enum {string} */
                        type: "card";
                        number: string;
                    };
                };
            };
        };
        responses: {
            /** @description Accepted; the work goes on asynchronously */
            202: {
                headers: {
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    RateLimit: components["headers"]["RateLimit"];
                    /** @description Where the created or accepted resource can be read */
                    Location?: string;
                    /** @description Present (`true`) when this is the stored answer to an earlier request with the same Idempotency-Key */
                    "Idempotent-Replayed"?: "true";
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** Format: uuid */
                        orderId: string;
                        /** @enum {string} */
                        status: "PENDING";
                    };
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            409: components["responses"]["Conflict"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            422: components["responses"]["UnprocessableContent"];
            429: components["responses"]["TooManyRequests"];
            502: components["responses"]["BadGateway"];
            503: components["responses"]["ServiceUnavailable"];
            504: components["responses"]["GatewayTimeout"];
        };
    };
    getOrder: {
        parameters: {
            query?: {
                /** @description the order as of this version */
                asOf?: number;
            };
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The result */
            200: {
                headers: {
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    RateLimit: components["headers"]["RateLimit"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** Format: uuid */
                        id: string;
                        userId: string;
                        status: "PENDING" | "CONFIRMED" | "CANCELLED";
                        reason?: string;
                        items: {
                            productId: string;
                            quantity: number;
                            unitPrice: {
                                amount: number;
                                currency: string;
                            };
                        }[];
                        total: {
                            amount: number;
                            currency: string;
                        };
                        shippingAddress: {
                            name: string;
                            line1: string;
                            city: string;
                            postalCode: string;
                            country: string;
                        };
                        paymentMethod: {
                            /** @enum {string} */
                            type: "card";
                            last4: string;
                        };
                        steps: {
                            name: string;
                            status: string;
                            /** Format: date-time */
                            at: string;
                            detail?: string;
                        }[];
                        /** Format: date-time */
                        cancellationRequestedAt?: string;
                        version: number;
                        /** Format: date-time */
                        createdAt: string;
                        /** Format: date-time */
                        updatedAt: string;
                    };
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            404: components["responses"]["NotFound"];
            429: components["responses"]["TooManyRequests"];
            503: components["responses"]["ServiceUnavailable"];
            504: components["responses"]["GatewayTimeout"];
        };
    };
    cancelOrder: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Accepted; the work goes on asynchronously */
            202: {
                headers: {
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    RateLimit: components["headers"]["RateLimit"];
                    /** @description Where the created or accepted resource can be read */
                    Location?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** Format: uuid */
                        orderId: string;
                        /** @enum {string} */
                        status: "PENDING";
                    };
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Conflict"];
            429: components["responses"]["TooManyRequests"];
            503: components["responses"]["ServiceUnavailable"];
            504: components["responses"]["GatewayTimeout"];
        };
    };
    listOrderEvents: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The result */
            200: {
                headers: {
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    RateLimit: components["headers"]["RateLimit"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        items: {
                            id: string;
                            version: number;
                            type: string;
                            schemaVersion: number;
                            data: unknown;
                            /** Format: date-time */
                            recordedAt: string;
                            /** @description place in the global order */
                            position: string;
                        }[];
                    };
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            404: components["responses"]["NotFound"];
            429: components["responses"]["TooManyRequests"];
            503: components["responses"]["ServiceUnavailable"];
            504: components["responses"]["GatewayTimeout"];
        };
    };
    listProjections: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The result */
            200: {
                headers: {
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    RateLimit: components["headers"]["RateLimit"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        items: {
                            name: string;
                            version: number;
                            activeGeneration: number;
                            checkpoint: string;
                            lagEvents: number;
                            lagSeconds: number;
                            rebuild: {
                                generation: number;
                                version: number;
                                checkpoint: string;
                                lagEvents: number;
                                startedAt: string;
                            } | null;
                        }[];
                    };
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            429: components["responses"]["TooManyRequests"];
            503: components["responses"]["ServiceUnavailable"];
            504: components["responses"]["GatewayTimeout"];
        };
    };
    rebuildProjection: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                name: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Accepted; the work goes on asynchronously */
            202: {
                headers: {
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    RateLimit: components["headers"]["RateLimit"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        name: string;
                        version: number;
                        activeGeneration: number;
                        checkpoint: string;
                        lagEvents: number;
                        lagSeconds: number;
                        rebuild: {
                            generation: number;
                            version: number;
                            checkpoint: string;
                            lagEvents: number;
                            startedAt: string;
                        } | null;
                    };
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Conflict"];
            429: components["responses"]["TooManyRequests"];
            503: components["responses"]["ServiceUnavailable"];
            504: components["responses"]["GatewayTimeout"];
        };
    };
    listSagas: {
        parameters: {
            query?: {
                status?: "RUNNING" | "COMPENSATING" | "COMPLETED" | "COMPENSATED" | "NEEDS_ATTENTION";
                limit?: number;
                cursor?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The result */
            200: {
                headers: {
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    RateLimit: components["headers"]["RateLimit"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        items: {
                            /** Format: uuid */
                            id: string;
                            saga: string;
                            status: "RUNNING" | "COMPENSATING" | "COMPLETED" | "COMPENSATED" | "NEEDS_ATTENTION";
                            currentStep: string | null;
                            attempt: number;
                            deadline: string | null;
                            failureReason: string | null;
                            data: {
                                [key: string]: unknown;
                            };
                            /** Format: date-time */
                            createdAt: string;
                            /** Format: date-time */
                            updatedAt: string;
                        }[];
                        counts: {
                            [key: string]: number;
                        };
                        nextCursor: string | null;
                    };
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            429: components["responses"]["TooManyRequests"];
            503: components["responses"]["ServiceUnavailable"];
            504: components["responses"]["GatewayTimeout"];
        };
    };
    getSaga: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The result */
            200: {
                headers: {
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    RateLimit: components["headers"]["RateLimit"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        saga: {
                            /** Format: uuid */
                            id: string;
                            saga: string;
                            status: "RUNNING" | "COMPENSATING" | "COMPLETED" | "COMPENSATED" | "NEEDS_ATTENTION";
                            currentStep: string | null;
                            attempt: number;
                            deadline: string | null;
                            failureReason: string | null;
                            data: {
                                [key: string]: unknown;
                            };
                            /** Format: date-time */
                            createdAt: string;
                            /** Format: date-time */
                            updatedAt: string;
                        };
                        history: {
                            /** Format: date-time */
                            at: string;
                            kind: string;
                            step: string | null;
                            detail: {
                                [key: string]: unknown;
                            } | null;
                        }[];
                    };
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            429: components["responses"]["TooManyRequests"];
            503: components["responses"]["ServiceUnavailable"];
            504: components["responses"]["GatewayTimeout"];
        };
    };
    retrySaga: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Accepted; the work goes on asynchronously */
            202: {
                headers: {
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    RateLimit: components["headers"]["RateLimit"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        id: string;
                        status: "RUNNING" | "COMPENSATING" | "COMPLETED" | "COMPENSATED" | "NEEDS_ATTENTION";
                    };
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Conflict"];
            429: components["responses"]["TooManyRequests"];
            503: components["responses"]["ServiceUnavailable"];
            504: components["responses"]["GatewayTimeout"];
        };
    };
    getOrderingMessaging: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The result */
            200: {
                headers: {
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    RateLimit: components["headers"]["RateLimit"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        service: string;
                        transport: string;
                        outbox: {
                            pending: number;
                            published: number;
                        };
                        publishes: string[];
                        consumers: {
                            group: string;
                            topics: string[];
                            types: string[];
                            waiting: number;
                            dead: number;
                        }[];
                    };
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            429: components["responses"]["TooManyRequests"];
            503: components["responses"]["ServiceUnavailable"];
            504: components["responses"]["GatewayTimeout"];
        };
    };
    listOrderingPublishedMessages: {
        parameters: {
            query?: {
                /** @description outbox id to continue after; omitted: the latest `limit` messages */
                after?: number;
                limit?: number;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The result */
            200: {
                headers: {
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    RateLimit: components["headers"]["RateLimit"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        service: string;
                        items: {
                            /** @description its position in the service's outbox */
                            outboxId: number;
                            topic: string;
                            /**
                             * Format: date-time
                             * @description when the relay had it confirmed
                             */
                            publishedAt: string;
                            /** @description CloudEvents id */
                            id: string;
                            /** @description CloudEvents type */
                            type: string;
                            /** @description CloudEvents source */
                            source: string;
                            /** @description CloudEvents subject: what the event is about */
                            subject?: string;
                            /** @description CloudEvents time: when the event was created */
                            time: string;
                            /** @description W3C trace context of the publishing request */
                            traceparent?: string;
                            /** @description the event's data; when its JSON is longer than 8192 characters, a string holding the first 8192 of them */
                            data: unknown;
                            /** @description whether data was cut (see data) */
                            dataTruncated: boolean;
                        }[];
                        /** @description pass it as `after` to continue: the last item’s outboxId, or where this read stopped */
                        next: number;
                    };
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            429: components["responses"]["TooManyRequests"];
            503: components["responses"]["ServiceUnavailable"];
            504: components["responses"]["GatewayTimeout"];
        };
    };
    listOrderingDeadLetters: {
        parameters: {
            query?: {
                group?: string;
                limit?: number;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The result */
            200: {
                headers: {
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    RateLimit: components["headers"]["RateLimit"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        items: {
                            id: string;
                            group: string;
                            topic: string;
                            attempts: number;
                            lastError: string;
                            /** Format: date-time */
                            deadAt: string;
                            envelope: {
                                [key: string]: unknown;
                            };
                        }[];
                    };
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            429: components["responses"]["TooManyRequests"];
            503: components["responses"]["ServiceUnavailable"];
            504: components["responses"]["GatewayTimeout"];
        };
    };
    getOrderingDeadLetter: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                group: string;
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The result */
            200: {
                headers: {
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    RateLimit: components["headers"]["RateLimit"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        id: string;
                        group: string;
                        topic: string;
                        attempts: number;
                        lastError: string;
                        /** Format: date-time */
                        deadAt: string;
                        envelope: {
                            [key: string]: unknown;
                        };
                    };
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            429: components["responses"]["TooManyRequests"];
            503: components["responses"]["ServiceUnavailable"];
            504: components["responses"]["GatewayTimeout"];
        };
    };
    discardOrderingDeadLetter: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                group: string;
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Done; there is no body */
            204: {
                headers: {
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    RateLimit: components["headers"]["RateLimit"];
                    [name: string]: unknown;
                };
                content?: never;
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            429: components["responses"]["TooManyRequests"];
            503: components["responses"]["ServiceUnavailable"];
            504: components["responses"]["GatewayTimeout"];
        };
    };
    redriveOrderingDeadLetter: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                group: string;
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Accepted; the work goes on asynchronously */
            202: {
                headers: {
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    RateLimit: components["headers"]["RateLimit"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @enum {boolean} */
                        redriven: true;
                    };
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            429: components["responses"]["TooManyRequests"];
            503: components["responses"]["ServiceUnavailable"];
            504: components["responses"]["GatewayTimeout"];
        };
    };
    replayOrderingMessages: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                /**
                 * @example {
                 *       "group": "notification.orders",
                 *       "fromId": 1
                 *     }
                 */
                "application/json": {
                    group: string;
                    topic?: string;
                    /** @description first outbox id to re-deliver */
                    fromId?: number;
                    /**
                     * Format: date-time
                     * @description first instant to re-deliver
                     */
                    since?: string;
                };
            };
        };
        responses: {
            /** @description The result */
            200: {
                headers: {
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    RateLimit: components["headers"]["RateLimit"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        group: string;
                        topics: string[];
                        delivered: number;
                    };
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            429: components["responses"]["TooManyRequests"];
            503: components["responses"]["ServiceUnavailable"];
            504: components["responses"]["GatewayTimeout"];
        };
    };
    listOrderingFaults: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The result */
            200: {
                headers: {
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    RateLimit: components["headers"]["RateLimit"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        service: string;
                        items: {
                            /** @description chosen by the caller with PUT, a UUID when created with POST */
                            id: string;
                            service: string;
                            /** @enum {string} */
                            kind: "latency" | "error" | "outage";
                            /** @enum {string} */
                            target: "http" | "messages" | "both";
                            latencyMs?: number;
                            jitterMs?: number;
                            status?: number;
                            rate?: number;
                            pathPrefix?: string;
                            durationSeconds?: number;
                            /** Format: date-time */
                            createdAt: string;
                            /** @description when the fault removes itself; null: never */
                            expiresAt: string | null;
                            /** @description requests and messages this fault has delayed or failed so far */
                            injected: number;
                        }[];
                    };
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            429: components["responses"]["TooManyRequests"];
            503: components["responses"]["ServiceUnavailable"];
            504: components["responses"]["GatewayTimeout"];
        };
    };
    addOrderingFault: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /**
                     * @description latency: answer/handle later; error: fail at `rate` with `status`; outage: fail everything with 503
                     * @enum {string}
                     */
                    kind: "latency" | "error" | "outage";
                    /**
                     * @description http: the service's HTTP answers; messages: its message handlers; both (default)
                     * @default both
                     * @enum {string}
                     */
                    target?: "http" | "messages" | "both";
                    /** @description latency only: the added delay */
                    latencyMs?: number;
                    /** @description latency only: up to this much more, uniformly at random */
                    jitterMs?: number;
                    /** @description error only: the status answered (503) */
                    status?: number;
                    /** @description error only: the share of requests or messages that fail (1) */
                    rate?: number;
                    /** @description http only: affect only this path and the paths below it, e.g. /api/products */
                    pathPrefix?: string;
                    /** @description the fault removes itself after this long; without it, it stays until deleted */
                    durationSeconds?: number;
                };
            };
        };
        responses: {
            /** @description Created; Location names the new resource */
            201: {
                headers: {
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    RateLimit: components["headers"]["RateLimit"];
                    /** @description Where the created or accepted resource can be read */
                    Location?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description chosen by the caller with PUT, a UUID when created with POST */
                        id: string;
                        service: string;
                        /** @enum {string} */
                        kind: "latency" | "error" | "outage";
                        /** @enum {string} */
                        target: "http" | "messages" | "both";
                        latencyMs?: number;
                        jitterMs?: number;
                        status?: number;
                        rate?: number;
                        pathPrefix?: string;
                        durationSeconds?: number;
                        /** Format: date-time */
                        createdAt: string;
                        /** @description when the fault removes itself; null: never */
                        expiresAt: string | null;
                        /** @description requests and messages this fault has delayed or failed so far */
                        injected: number;
                    };
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Conflict"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            429: components["responses"]["TooManyRequests"];
            503: components["responses"]["ServiceUnavailable"];
            504: components["responses"]["GatewayTimeout"];
        };
    };
    clearOrderingFaults: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Done; there is no body */
            204: {
                headers: {
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    RateLimit: components["headers"]["RateLimit"];
                    [name: string]: unknown;
                };
                content?: never;
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            429: components["responses"]["TooManyRequests"];
            503: components["responses"]["ServiceUnavailable"];
            504: components["responses"]["GatewayTimeout"];
        };
    };
    getOrderingFault: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description chosen by the caller with PUT, a UUID when created with POST */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The result */
            200: {
                headers: {
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    RateLimit: components["headers"]["RateLimit"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description chosen by the caller with PUT, a UUID when created with POST */
                        id: string;
                        service: string;
                        /** @enum {string} */
                        kind: "latency" | "error" | "outage";
                        /** @enum {string} */
                        target: "http" | "messages" | "both";
                        latencyMs?: number;
                        jitterMs?: number;
                        status?: number;
                        rate?: number;
                        pathPrefix?: string;
                        durationSeconds?: number;
                        /** Format: date-time */
                        createdAt: string;
                        /** @description when the fault removes itself; null: never */
                        expiresAt: string | null;
                        /** @description requests and messages this fault has delayed or failed so far */
                        injected: number;
                    };
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            429: components["responses"]["TooManyRequests"];
            503: components["responses"]["ServiceUnavailable"];
            504: components["responses"]["GatewayTimeout"];
        };
    };
    putOrderingFault: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description chosen by the caller with PUT, a UUID when created with POST */
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /**
                     * @description latency: answer/handle later; error: fail at `rate` with `status`; outage: fail everything with 503
                     * @enum {string}
                     */
                    kind: "latency" | "error" | "outage";
                    /**
                     * @description http: the service's HTTP answers; messages: its message handlers; both (default)
                     * @default both
                     * @enum {string}
                     */
                    target?: "http" | "messages" | "both";
                    /** @description latency only: the added delay */
                    latencyMs?: number;
                    /** @description latency only: up to this much more, uniformly at random */
                    jitterMs?: number;
                    /** @description error only: the status answered (503) */
                    status?: number;
                    /** @description error only: the share of requests or messages that fail (1) */
                    rate?: number;
                    /** @description http only: affect only this path and the paths below it, e.g. /api/products */
                    pathPrefix?: string;
                    /** @description the fault removes itself after this long; without it, it stays until deleted */
                    durationSeconds?: number;
                };
            };
        };
        responses: {
            /** @description The result */
            200: {
                headers: {
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    RateLimit: components["headers"]["RateLimit"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description chosen by the caller with PUT, a UUID when created with POST */
                        id: string;
                        service: string;
                        /** @enum {string} */
                        kind: "latency" | "error" | "outage";
                        /** @enum {string} */
                        target: "http" | "messages" | "both";
                        latencyMs?: number;
                        jitterMs?: number;
                        status?: number;
                        rate?: number;
                        pathPrefix?: string;
                        durationSeconds?: number;
                        /** Format: date-time */
                        createdAt: string;
                        /** @description when the fault removes itself; null: never */
                        expiresAt: string | null;
                        /** @description requests and messages this fault has delayed or failed so far */
                        injected: number;
                    };
                };
            };
            /** @description Created; Location names the new resource */
            201: {
                headers: {
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    RateLimit: components["headers"]["RateLimit"];
                    /** @description Where the created or accepted resource can be read */
                    Location?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description chosen by the caller with PUT, a UUID when created with POST */
                        id: string;
                        service: string;
                        /** @enum {string} */
                        kind: "latency" | "error" | "outage";
                        /** @enum {string} */
                        target: "http" | "messages" | "both";
                        latencyMs?: number;
                        jitterMs?: number;
                        status?: number;
                        rate?: number;
                        pathPrefix?: string;
                        durationSeconds?: number;
                        /** Format: date-time */
                        createdAt: string;
                        /** @description when the fault removes itself; null: never */
                        expiresAt: string | null;
                        /** @description requests and messages this fault has delayed or failed so far */
                        injected: number;
                    };
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Conflict"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            429: components["responses"]["TooManyRequests"];
            503: components["responses"]["ServiceUnavailable"];
            504: components["responses"]["GatewayTimeout"];
        };
    };
    removeOrderingFault: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description chosen by the caller with PUT, a UUID when created with POST */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Done; there is no body */
            204: {
                headers: {
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    RateLimit: components["headers"]["RateLimit"];
                    [name: string]: unknown;
                };
                content?: never;
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            429: components["responses"]["TooManyRequests"];
            503: components["responses"]["ServiceUnavailable"];
            504: components["responses"]["GatewayTimeout"];
        };
    };
    listNotifications: {
        parameters: {
            query?: {
                limit?: number;
                cursor?: string;
                /** @description admin: another user's mailbox */
                userId?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The result */
            200: {
                headers: {
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    RateLimit: components["headers"]["RateLimit"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        items: {
                            /** Format: uuid */
                            id: string;
                            kind: string;
                            reference: string;
                            subject: string;
                            body: string;
                            address: string;
                            /** Format: date-time */
                            createdAt: string;
                        }[];
                        nextCursor: string | null;
                    };
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            404: components["responses"]["NotFound"];
            429: components["responses"]["TooManyRequests"];
            503: components["responses"]["ServiceUnavailable"];
            504: components["responses"]["GatewayTimeout"];
        };
    };
    getNotificationMessaging: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The result */
            200: {
                headers: {
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    RateLimit: components["headers"]["RateLimit"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        service: string;
                        transport: string;
                        outbox: {
                            pending: number;
                            published: number;
                        };
                        publishes: string[];
                        consumers: {
                            group: string;
                            topics: string[];
                            types: string[];
                            waiting: number;
                            dead: number;
                        }[];
                    };
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            429: components["responses"]["TooManyRequests"];
            503: components["responses"]["ServiceUnavailable"];
            504: components["responses"]["GatewayTimeout"];
        };
    };
    listNotificationPublishedMessages: {
        parameters: {
            query?: {
                /** @description outbox id to continue after; omitted: the latest `limit` messages */
                after?: number;
                limit?: number;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The result */
            200: {
                headers: {
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    RateLimit: components["headers"]["RateLimit"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        service: string;
                        items: {
                            /** @description its position in the service's outbox */
                            outboxId: number;
                            topic: string;
                            /**
                             * Format: date-time
                             * @description when the relay had it confirmed
                             */
                            publishedAt: string;
                            /** @description CloudEvents id */
                            id: string;
                            /** @description CloudEvents type */
                            type: string;
                            /** @description CloudEvents source */
                            source: string;
                            /** @description CloudEvents subject: what the event is about */
                            subject?: string;
                            /** @description CloudEvents time: when the event was created */
                            time: string;
                            /** @description W3C trace context of the publishing request */
                            traceparent?: string;
                            /** @description the event's data; when its JSON is longer than 8192 characters, a string holding the first 8192 of them */
                            data: unknown;
                            /** @description whether data was cut (see data) */
                            dataTruncated: boolean;
                        }[];
                        /** @description pass it as `after` to continue: the last item’s outboxId, or where this read stopped */
                        next: number;
                    };
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            429: components["responses"]["TooManyRequests"];
            503: components["responses"]["ServiceUnavailable"];
            504: components["responses"]["GatewayTimeout"];
        };
    };
    listNotificationDeadLetters: {
        parameters: {
            query?: {
                group?: string;
                limit?: number;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The result */
            200: {
                headers: {
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    RateLimit: components["headers"]["RateLimit"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        items: {
                            id: string;
                            group: string;
                            topic: string;
                            attempts: number;
                            lastError: string;
                            /** Format: date-time */
                            deadAt: string;
                            envelope: {
                                [key: string]: unknown;
                            };
                        }[];
                    };
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            429: components["responses"]["TooManyRequests"];
            503: components["responses"]["ServiceUnavailable"];
            504: components["responses"]["GatewayTimeout"];
        };
    };
    getNotificationDeadLetter: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                group: string;
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The result */
            200: {
                headers: {
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    RateLimit: components["headers"]["RateLimit"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        id: string;
                        group: string;
                        topic: string;
                        attempts: number;
                        lastError: string;
                        /** Format: date-time */
                        deadAt: string;
                        envelope: {
                            [key: string]: unknown;
                        };
                    };
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            429: components["responses"]["TooManyRequests"];
            503: components["responses"]["ServiceUnavailable"];
            504: components["responses"]["GatewayTimeout"];
        };
    };
    discardNotificationDeadLetter: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                group: string;
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Done; there is no body */
            204: {
                headers: {
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    RateLimit: components["headers"]["RateLimit"];
                    [name: string]: unknown;
                };
                content?: never;
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            429: components["responses"]["TooManyRequests"];
            503: components["responses"]["ServiceUnavailable"];
            504: components["responses"]["GatewayTimeout"];
        };
    };
    redriveNotificationDeadLetter: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                group: string;
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Accepted; the work goes on asynchronously */
            202: {
                headers: {
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    RateLimit: components["headers"]["RateLimit"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @enum {boolean} */
                        redriven: true;
                    };
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            429: components["responses"]["TooManyRequests"];
            503: components["responses"]["ServiceUnavailable"];
            504: components["responses"]["GatewayTimeout"];
        };
    };
    replayNotificationMessages: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                /**
                 * @example {
                 *       "group": "notification.orders",
                 *       "fromId": 1
                 *     }
                 */
                "application/json": {
                    group: string;
                    topic?: string;
                    /** @description first outbox id to re-deliver */
                    fromId?: number;
                    /**
                     * Format: date-time
                     * @description first instant to re-deliver
                     */
                    since?: string;
                };
            };
        };
        responses: {
            /** @description The result */
            200: {
                headers: {
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    RateLimit: components["headers"]["RateLimit"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        group: string;
                        topics: string[];
                        delivered: number;
                    };
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            429: components["responses"]["TooManyRequests"];
            503: components["responses"]["ServiceUnavailable"];
            504: components["responses"]["GatewayTimeout"];
        };
    };
    listNotificationFaults: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The result */
            200: {
                headers: {
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    RateLimit: components["headers"]["RateLimit"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        service: string;
                        items: {
                            /** @description chosen by the caller with PUT, a UUID when created with POST */
                            id: string;
                            service: string;
                            /** @enum {string} */
                            kind: "latency" | "error" | "outage";
                            /** @enum {string} */
                            target: "http" | "messages" | "both";
                            latencyMs?: number;
                            jitterMs?: number;
                            status?: number;
                            rate?: number;
                            pathPrefix?: string;
                            durationSeconds?: number;
                            /** Format: date-time */
                            createdAt: string;
                            /** @description when the fault removes itself; null: never */
                            expiresAt: string | null;
                            /** @description requests and messages this fault has delayed or failed so far */
                            injected: number;
                        }[];
                    };
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            429: components["responses"]["TooManyRequests"];
            503: components["responses"]["ServiceUnavailable"];
            504: components["responses"]["GatewayTimeout"];
        };
    };
    addNotificationFault: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /**
                     * @description latency: answer/handle later; error: fail at `rate` with `status`; outage: fail everything with 503
                     * @enum {string}
                     */
                    kind: "latency" | "error" | "outage";
                    /**
                     * @description http: the service's HTTP answers; messages: its message handlers; both (default)
                     * @default both
                     * @enum {string}
                     */
                    target?: "http" | "messages" | "both";
                    /** @description latency only: the added delay */
                    latencyMs?: number;
                    /** @description latency only: up to this much more, uniformly at random */
                    jitterMs?: number;
                    /** @description error only: the status answered (503) */
                    status?: number;
                    /** @description error only: the share of requests or messages that fail (1) */
                    rate?: number;
                    /** @description http only: affect only this path and the paths below it, e.g. /api/products */
                    pathPrefix?: string;
                    /** @description the fault removes itself after this long; without it, it stays until deleted */
                    durationSeconds?: number;
                };
            };
        };
        responses: {
            /** @description Created; Location names the new resource */
            201: {
                headers: {
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    RateLimit: components["headers"]["RateLimit"];
                    /** @description Where the created or accepted resource can be read */
                    Location?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description chosen by the caller with PUT, a UUID when created with POST */
                        id: string;
                        service: string;
                        /** @enum {string} */
                        kind: "latency" | "error" | "outage";
                        /** @enum {string} */
                        target: "http" | "messages" | "both";
                        latencyMs?: number;
                        jitterMs?: number;
                        status?: number;
                        rate?: number;
                        pathPrefix?: string;
                        durationSeconds?: number;
                        /** Format: date-time */
                        createdAt: string;
                        /** @description when the fault removes itself; null: never */
                        expiresAt: string | null;
                        /** @description requests and messages this fault has delayed or failed so far */
                        injected: number;
                    };
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Conflict"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            429: components["responses"]["TooManyRequests"];
            503: components["responses"]["ServiceUnavailable"];
            504: components["responses"]["GatewayTimeout"];
        };
    };
    clearNotificationFaults: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Done; there is no body */
            204: {
                headers: {
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    RateLimit: components["headers"]["RateLimit"];
                    [name: string]: unknown;
                };
                content?: never;
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            429: components["responses"]["TooManyRequests"];
            503: components["responses"]["ServiceUnavailable"];
            504: components["responses"]["GatewayTimeout"];
        };
    };
    getNotificationFault: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description chosen by the caller with PUT, a UUID when created with POST */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The result */
            200: {
                headers: {
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    RateLimit: components["headers"]["RateLimit"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description chosen by the caller with PUT, a UUID when created with POST */
                        id: string;
                        service: string;
                        /** @enum {string} */
                        kind: "latency" | "error" | "outage";
                        /** @enum {string} */
                        target: "http" | "messages" | "both";
                        latencyMs?: number;
                        jitterMs?: number;
                        status?: number;
                        rate?: number;
                        pathPrefix?: string;
                        durationSeconds?: number;
                        /** Format: date-time */
                        createdAt: string;
                        /** @description when the fault removes itself; null: never */
                        expiresAt: string | null;
                        /** @description requests and messages this fault has delayed or failed so far */
                        injected: number;
                    };
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            429: components["responses"]["TooManyRequests"];
            503: components["responses"]["ServiceUnavailable"];
            504: components["responses"]["GatewayTimeout"];
        };
    };
    putNotificationFault: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description chosen by the caller with PUT, a UUID when created with POST */
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /**
                     * @description latency: answer/handle later; error: fail at `rate` with `status`; outage: fail everything with 503
                     * @enum {string}
                     */
                    kind: "latency" | "error" | "outage";
                    /**
                     * @description http: the service's HTTP answers; messages: its message handlers; both (default)
                     * @default both
                     * @enum {string}
                     */
                    target?: "http" | "messages" | "both";
                    /** @description latency only: the added delay */
                    latencyMs?: number;
                    /** @description latency only: up to this much more, uniformly at random */
                    jitterMs?: number;
                    /** @description error only: the status answered (503) */
                    status?: number;
                    /** @description error only: the share of requests or messages that fail (1) */
                    rate?: number;
                    /** @description http only: affect only this path and the paths below it, e.g. /api/products */
                    pathPrefix?: string;
                    /** @description the fault removes itself after this long; without it, it stays until deleted */
                    durationSeconds?: number;
                };
            };
        };
        responses: {
            /** @description The result */
            200: {
                headers: {
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    RateLimit: components["headers"]["RateLimit"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description chosen by the caller with PUT, a UUID when created with POST */
                        id: string;
                        service: string;
                        /** @enum {string} */
                        kind: "latency" | "error" | "outage";
                        /** @enum {string} */
                        target: "http" | "messages" | "both";
                        latencyMs?: number;
                        jitterMs?: number;
                        status?: number;
                        rate?: number;
                        pathPrefix?: string;
                        durationSeconds?: number;
                        /** Format: date-time */
                        createdAt: string;
                        /** @description when the fault removes itself; null: never */
                        expiresAt: string | null;
                        /** @description requests and messages this fault has delayed or failed so far */
                        injected: number;
                    };
                };
            };
            /** @description Created; Location names the new resource */
            201: {
                headers: {
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    RateLimit: components["headers"]["RateLimit"];
                    /** @description Where the created or accepted resource can be read */
                    Location?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description chosen by the caller with PUT, a UUID when created with POST */
                        id: string;
                        service: string;
                        /** @enum {string} */
                        kind: "latency" | "error" | "outage";
                        /** @enum {string} */
                        target: "http" | "messages" | "both";
                        latencyMs?: number;
                        jitterMs?: number;
                        status?: number;
                        rate?: number;
                        pathPrefix?: string;
                        durationSeconds?: number;
                        /** Format: date-time */
                        createdAt: string;
                        /** @description when the fault removes itself; null: never */
                        expiresAt: string | null;
                        /** @description requests and messages this fault has delayed or failed so far */
                        injected: number;
                    };
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Conflict"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            429: components["responses"]["TooManyRequests"];
            503: components["responses"]["ServiceUnavailable"];
            504: components["responses"]["GatewayTimeout"];
        };
    };
    removeNotificationFault: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description chosen by the caller with PUT, a UUID when created with POST */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Done; there is no body */
            204: {
                headers: {
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    RateLimit: components["headers"]["RateLimit"];
                    [name: string]: unknown;
                };
                content?: never;
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            429: components["responses"]["TooManyRequests"];
            503: components["responses"]["ServiceUnavailable"];
            504: components["responses"]["GatewayTimeout"];
        };
    };
    listStockLevels: {
        parameters: {
            query: {
                /** @description comma-separated product ids, at most 100 */
                productIds: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The result */
            200: {
                headers: {
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    RateLimit: components["headers"]["RateLimit"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        items: {
                            /** Format: uuid */
                            productId: string;
                            /** @description free to sell */
                            available: number;
                            /** @description held for orders in progress */
                            reserved: number;
                            /** @description sold to confirmed orders */
                            committed: number;
                            /** @description available + reserved + committed */
                            received: number;
                        }[];
                    };
                };
            };
            400: components["responses"]["BadRequest"];
            429: components["responses"]["TooManyRequests"];
            503: components["responses"]["ServiceUnavailable"];
            504: components["responses"]["GatewayTimeout"];
        };
    };
    getStockLevel: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                productId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The result */
            200: {
                headers: {
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    RateLimit: components["headers"]["RateLimit"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** Format: uuid */
                        productId: string;
                        /** @description free to sell */
                        available: number;
                        /** @description held for orders in progress */
                        reserved: number;
                        /** @description sold to confirmed orders */
                        committed: number;
                        /** @description available + reserved + committed */
                        received: number;
                    };
                };
            };
            400: components["responses"]["BadRequest"];
            404: components["responses"]["NotFound"];
            429: components["responses"]["TooManyRequests"];
            503: components["responses"]["ServiceUnavailable"];
            504: components["responses"]["GatewayTimeout"];
        };
    };
    restockProduct: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                productId: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                /**
                 * @example {
                 *       "quantity": 25
                 *     }
                 */
                "application/json": {
                    quantity: number;
                };
            };
        };
        responses: {
            /** @description The result */
            200: {
                headers: {
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    RateLimit: components["headers"]["RateLimit"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** Format: uuid */
                        productId: string;
                        /** @description free to sell */
                        available: number;
                        /** @description held for orders in progress */
                        reserved: number;
                        /** @description sold to confirmed orders */
                        committed: number;
                        /** @description available + reserved + committed */
                        received: number;
                    };
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Conflict"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            429: components["responses"]["TooManyRequests"];
            503: components["responses"]["ServiceUnavailable"];
            504: components["responses"]["GatewayTimeout"];
        };
    };
    writeOffStock: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                productId: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                /**
                 * @example {
                 *       "quantity": 25
                 *     }
                 */
                "application/json": {
                    quantity: number;
                };
            };
        };
        responses: {
            /** @description The result */
            200: {
                headers: {
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    RateLimit: components["headers"]["RateLimit"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** Format: uuid */
                        productId: string;
                        /** @description free to sell */
                        available: number;
                        /** @description held for orders in progress */
                        reserved: number;
                        /** @description sold to confirmed orders */
                        committed: number;
                        /** @description available + reserved + committed */
                        received: number;
                    };
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Conflict"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            429: components["responses"]["TooManyRequests"];
            503: components["responses"]["ServiceUnavailable"];
            504: components["responses"]["GatewayTimeout"];
        };
    };
    getInventoryMessaging: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The result */
            200: {
                headers: {
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    RateLimit: components["headers"]["RateLimit"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        service: string;
                        transport: string;
                        outbox: {
                            pending: number;
                            published: number;
                        };
                        publishes: string[];
                        consumers: {
                            group: string;
                            topics: string[];
                            types: string[];
                            waiting: number;
                            dead: number;
                        }[];
                    };
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            429: components["responses"]["TooManyRequests"];
            503: components["responses"]["ServiceUnavailable"];
            504: components["responses"]["GatewayTimeout"];
        };
    };
    listInventoryPublishedMessages: {
        parameters: {
            query?: {
                /** @description outbox id to continue after; omitted: the latest `limit` messages */
                after?: number;
                limit?: number;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The result */
            200: {
                headers: {
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    RateLimit: components["headers"]["RateLimit"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        service: string;
                        items: {
                            /** @description its position in the service's outbox */
                            outboxId: number;
                            topic: string;
                            /**
                             * Format: date-time
                             * @description when the relay had it confirmed
                             */
                            publishedAt: string;
                            /** @description CloudEvents id */
                            id: string;
                            /** @description CloudEvents type */
                            type: string;
                            /** @description CloudEvents source */
                            source: string;
                            /** @description CloudEvents subject: what the event is about */
                            subject?: string;
                            /** @description CloudEvents time: when the event was created */
                            time: string;
                            /** @description W3C trace context of the publishing request */
                            traceparent?: string;
                            /** @description the event's data; when its JSON is longer than 8192 characters, a string holding the first 8192 of them */
                            data: unknown;
                            /** @description whether data was cut (see data) */
                            dataTruncated: boolean;
                        }[];
                        /** @description pass it as `after` to continue: the last item’s outboxId, or where this read stopped */
                        next: number;
                    };
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            429: components["responses"]["TooManyRequests"];
            503: components["responses"]["ServiceUnavailable"];
            504: components["responses"]["GatewayTimeout"];
        };
    };
    listInventoryDeadLetters: {
        parameters: {
            query?: {
                group?: string;
                limit?: number;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The result */
            200: {
                headers: {
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    RateLimit: components["headers"]["RateLimit"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        items: {
                            id: string;
                            group: string;
                            topic: string;
                            attempts: number;
                            lastError: string;
                            /** Format: date-time */
                            deadAt: string;
                            envelope: {
                                [key: string]: unknown;
                            };
                        }[];
                    };
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            429: components["responses"]["TooManyRequests"];
            503: components["responses"]["ServiceUnavailable"];
            504: components["responses"]["GatewayTimeout"];
        };
    };
    getInventoryDeadLetter: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                group: string;
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The result */
            200: {
                headers: {
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    RateLimit: components["headers"]["RateLimit"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        id: string;
                        group: string;
                        topic: string;
                        attempts: number;
                        lastError: string;
                        /** Format: date-time */
                        deadAt: string;
                        envelope: {
                            [key: string]: unknown;
                        };
                    };
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            429: components["responses"]["TooManyRequests"];
            503: components["responses"]["ServiceUnavailable"];
            504: components["responses"]["GatewayTimeout"];
        };
    };
    discardInventoryDeadLetter: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                group: string;
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Done; there is no body */
            204: {
                headers: {
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    RateLimit: components["headers"]["RateLimit"];
                    [name: string]: unknown;
                };
                content?: never;
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            429: components["responses"]["TooManyRequests"];
            503: components["responses"]["ServiceUnavailable"];
            504: components["responses"]["GatewayTimeout"];
        };
    };
    redriveInventoryDeadLetter: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                group: string;
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Accepted; the work goes on asynchronously */
            202: {
                headers: {
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    RateLimit: components["headers"]["RateLimit"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @enum {boolean} */
                        redriven: true;
                    };
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            429: components["responses"]["TooManyRequests"];
            503: components["responses"]["ServiceUnavailable"];
            504: components["responses"]["GatewayTimeout"];
        };
    };
    replayInventoryMessages: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                /**
                 * @example {
                 *       "group": "notification.orders",
                 *       "fromId": 1
                 *     }
                 */
                "application/json": {
                    group: string;
                    topic?: string;
                    /** @description first outbox id to re-deliver */
                    fromId?: number;
                    /**
                     * Format: date-time
                     * @description first instant to re-deliver
                     */
                    since?: string;
                };
            };
        };
        responses: {
            /** @description The result */
            200: {
                headers: {
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    RateLimit: components["headers"]["RateLimit"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        group: string;
                        topics: string[];
                        delivered: number;
                    };
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            429: components["responses"]["TooManyRequests"];
            503: components["responses"]["ServiceUnavailable"];
            504: components["responses"]["GatewayTimeout"];
        };
    };
    listInventoryFaults: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The result */
            200: {
                headers: {
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    RateLimit: components["headers"]["RateLimit"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        service: string;
                        items: {
                            /** @description chosen by the caller with PUT, a UUID when created with POST */
                            id: string;
                            service: string;
                            /** @enum {string} */
                            kind: "latency" | "error" | "outage";
                            /** @enum {string} */
                            target: "http" | "messages" | "both";
                            latencyMs?: number;
                            jitterMs?: number;
                            status?: number;
                            rate?: number;
                            pathPrefix?: string;
                            durationSeconds?: number;
                            /** Format: date-time */
                            createdAt: string;
                            /** @description when the fault removes itself; null: never */
                            expiresAt: string | null;
                            /** @description requests and messages this fault has delayed or failed so far */
                            injected: number;
                        }[];
                    };
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            429: components["responses"]["TooManyRequests"];
            503: components["responses"]["ServiceUnavailable"];
            504: components["responses"]["GatewayTimeout"];
        };
    };
    addInventoryFault: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /**
                     * @description latency: answer/handle later; error: fail at `rate` with `status`; outage: fail everything with 503
                     * @enum {string}
                     */
                    kind: "latency" | "error" | "outage";
                    /**
                     * @description http: the service's HTTP answers; messages: its message handlers; both (default)
                     * @default both
                     * @enum {string}
                     */
                    target?: "http" | "messages" | "both";
                    /** @description latency only: the added delay */
                    latencyMs?: number;
                    /** @description latency only: up to this much more, uniformly at random */
                    jitterMs?: number;
                    /** @description error only: the status answered (503) */
                    status?: number;
                    /** @description error only: the share of requests or messages that fail (1) */
                    rate?: number;
                    /** @description http only: affect only this path and the paths below it, e.g. /api/products */
                    pathPrefix?: string;
                    /** @description the fault removes itself after this long; without it, it stays until deleted */
                    durationSeconds?: number;
                };
            };
        };
        responses: {
            /** @description Created; Location names the new resource */
            201: {
                headers: {
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    RateLimit: components["headers"]["RateLimit"];
                    /** @description Where the created or accepted resource can be read */
                    Location?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description chosen by the caller with PUT, a UUID when created with POST */
                        id: string;
                        service: string;
                        /** @enum {string} */
                        kind: "latency" | "error" | "outage";
                        /** @enum {string} */
                        target: "http" | "messages" | "both";
                        latencyMs?: number;
                        jitterMs?: number;
                        status?: number;
                        rate?: number;
                        pathPrefix?: string;
                        durationSeconds?: number;
                        /** Format: date-time */
                        createdAt: string;
                        /** @description when the fault removes itself; null: never */
                        expiresAt: string | null;
                        /** @description requests and messages this fault has delayed or failed so far */
                        injected: number;
                    };
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Conflict"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            429: components["responses"]["TooManyRequests"];
            503: components["responses"]["ServiceUnavailable"];
            504: components["responses"]["GatewayTimeout"];
        };
    };
    clearInventoryFaults: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Done; there is no body */
            204: {
                headers: {
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    RateLimit: components["headers"]["RateLimit"];
                    [name: string]: unknown;
                };
                content?: never;
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            429: components["responses"]["TooManyRequests"];
            503: components["responses"]["ServiceUnavailable"];
            504: components["responses"]["GatewayTimeout"];
        };
    };
    getInventoryFault: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description chosen by the caller with PUT, a UUID when created with POST */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The result */
            200: {
                headers: {
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    RateLimit: components["headers"]["RateLimit"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description chosen by the caller with PUT, a UUID when created with POST */
                        id: string;
                        service: string;
                        /** @enum {string} */
                        kind: "latency" | "error" | "outage";
                        /** @enum {string} */
                        target: "http" | "messages" | "both";
                        latencyMs?: number;
                        jitterMs?: number;
                        status?: number;
                        rate?: number;
                        pathPrefix?: string;
                        durationSeconds?: number;
                        /** Format: date-time */
                        createdAt: string;
                        /** @description when the fault removes itself; null: never */
                        expiresAt: string | null;
                        /** @description requests and messages this fault has delayed or failed so far */
                        injected: number;
                    };
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            429: components["responses"]["TooManyRequests"];
            503: components["responses"]["ServiceUnavailable"];
            504: components["responses"]["GatewayTimeout"];
        };
    };
    putInventoryFault: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description chosen by the caller with PUT, a UUID when created with POST */
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /**
                     * @description latency: answer/handle later; error: fail at `rate` with `status`; outage: fail everything with 503
                     * @enum {string}
                     */
                    kind: "latency" | "error" | "outage";
                    /**
                     * @description http: the service's HTTP answers; messages: its message handlers; both (default)
                     * @default both
                     * @enum {string}
                     */
                    target?: "http" | "messages" | "both";
                    /** @description latency only: the added delay */
                    latencyMs?: number;
                    /** @description latency only: up to this much more, uniformly at random */
                    jitterMs?: number;
                    /** @description error only: the status answered (503) */
                    status?: number;
                    /** @description error only: the share of requests or messages that fail (1) */
                    rate?: number;
                    /** @description http only: affect only this path and the paths below it, e.g. /api/products */
                    pathPrefix?: string;
                    /** @description the fault removes itself after this long; without it, it stays until deleted */
                    durationSeconds?: number;
                };
            };
        };
        responses: {
            /** @description The result */
            200: {
                headers: {
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    RateLimit: components["headers"]["RateLimit"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description chosen by the caller with PUT, a UUID when created with POST */
                        id: string;
                        service: string;
                        /** @enum {string} */
                        kind: "latency" | "error" | "outage";
                        /** @enum {string} */
                        target: "http" | "messages" | "both";
                        latencyMs?: number;
                        jitterMs?: number;
                        status?: number;
                        rate?: number;
                        pathPrefix?: string;
                        durationSeconds?: number;
                        /** Format: date-time */
                        createdAt: string;
                        /** @description when the fault removes itself; null: never */
                        expiresAt: string | null;
                        /** @description requests and messages this fault has delayed or failed so far */
                        injected: number;
                    };
                };
            };
            /** @description Created; Location names the new resource */
            201: {
                headers: {
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    RateLimit: components["headers"]["RateLimit"];
                    /** @description Where the created or accepted resource can be read */
                    Location?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description chosen by the caller with PUT, a UUID when created with POST */
                        id: string;
                        service: string;
                        /** @enum {string} */
                        kind: "latency" | "error" | "outage";
                        /** @enum {string} */
                        target: "http" | "messages" | "both";
                        latencyMs?: number;
                        jitterMs?: number;
                        status?: number;
                        rate?: number;
                        pathPrefix?: string;
                        durationSeconds?: number;
                        /** Format: date-time */
                        createdAt: string;
                        /** @description when the fault removes itself; null: never */
                        expiresAt: string | null;
                        /** @description requests and messages this fault has delayed or failed so far */
                        injected: number;
                    };
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Conflict"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            429: components["responses"]["TooManyRequests"];
            503: components["responses"]["ServiceUnavailable"];
            504: components["responses"]["GatewayTimeout"];
        };
    };
    removeInventoryFault: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description chosen by the caller with PUT, a UUID when created with POST */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Done; there is no body */
            204: {
                headers: {
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    RateLimit: components["headers"]["RateLimit"];
                    [name: string]: unknown;
                };
                content?: never;
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            429: components["responses"]["TooManyRequests"];
            503: components["responses"]["ServiceUnavailable"];
            504: components["responses"]["GatewayTimeout"];
        };
    };
    listPayments: {
        parameters: {
            query?: {
                limit?: number;
                cursor?: string;
                /** @description admin: another user's payments */
                userId?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The result */
            200: {
                headers: {
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    RateLimit: components["headers"]["RateLimit"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        items: {
                            /** Format: uuid */
                            orderId: string;
                            /** @description the charge; null unless captured */
                            paymentId: string | null;
                            status: "CAPTURED" | "DECLINED" | "PENDING" | "REFUNDED" | "VOIDED";
                            amount: {
                                /** @description minor units */
                                amount: number;
                                /** @description ISO 4217; XXX when there is none */
                                currency: string;
                            };
                            refunded: {
                                /** @description minor units */
                                amount: number;
                                /** @description ISO 4217; XXX when there is none */
                                currency: string;
                            };
                            declineReason?: "PAYMENT_DECLINED" | "INSUFFICIENT_FUNDS";
                            cardLast4?: string;
                            /** Format: date-time */
                            createdAt: string;
                            /** Format: date-time */
                            updatedAt: string;
                        }[];
                        nextCursor: string | null;
                    };
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            404: components["responses"]["NotFound"];
            429: components["responses"]["TooManyRequests"];
            503: components["responses"]["ServiceUnavailable"];
            504: components["responses"]["GatewayTimeout"];
        };
    };
    getPayment: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                orderId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The result */
            200: {
                headers: {
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    RateLimit: components["headers"]["RateLimit"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** Format: uuid */
                        orderId: string;
                        /** @description the charge; null unless captured */
                        paymentId: string | null;
                        status: "CAPTURED" | "DECLINED" | "PENDING" | "REFUNDED" | "VOIDED";
                        amount: {
                            /** @description minor units */
                            amount: number;
                            /** @description ISO 4217; XXX when there is none */
                            currency: string;
                        };
                        refunded: {
                            /** @description minor units */
                            amount: number;
                            /** @description ISO 4217; XXX when there is none */
                            currency: string;
                        };
                        declineReason?: "PAYMENT_DECLINED" | "INSUFFICIENT_FUNDS";
                        cardLast4?: string;
                        /** Format: date-time */
                        createdAt: string;
                        /** Format: date-time */
                        updatedAt: string;
                    };
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            404: components["responses"]["NotFound"];
            429: components["responses"]["TooManyRequests"];
            503: components["responses"]["ServiceUnavailable"];
            504: components["responses"]["GatewayTimeout"];
        };
    };
    getPaymentMessaging: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The result */
            200: {
                headers: {
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    RateLimit: components["headers"]["RateLimit"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        service: string;
                        transport: string;
                        outbox: {
                            pending: number;
                            published: number;
                        };
                        publishes: string[];
                        consumers: {
                            group: string;
                            topics: string[];
                            types: string[];
                            waiting: number;
                            dead: number;
                        }[];
                    };
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            429: components["responses"]["TooManyRequests"];
            503: components["responses"]["ServiceUnavailable"];
            504: components["responses"]["GatewayTimeout"];
        };
    };
    listPaymentPublishedMessages: {
        parameters: {
            query?: {
                /** @description outbox id to continue after; omitted: the latest `limit` messages */
                after?: number;
                limit?: number;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The result */
            200: {
                headers: {
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    RateLimit: components["headers"]["RateLimit"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        service: string;
                        items: {
                            /** @description its position in the service's outbox */
                            outboxId: number;
                            topic: string;
                            /**
                             * Format: date-time
                             * @description when the relay had it confirmed
                             */
                            publishedAt: string;
                            /** @description CloudEvents id */
                            id: string;
                            /** @description CloudEvents type */
                            type: string;
                            /** @description CloudEvents source */
                            source: string;
                            /** @description CloudEvents subject: what the event is about */
                            subject?: string;
                            /** @description CloudEvents time: when the event was created */
                            time: string;
                            /** @description W3C trace context of the publishing request */
                            traceparent?: string;
                            /** @description the event's data; when its JSON is longer than 8192 characters, a string holding the first 8192 of them */
                            data: unknown;
                            /** @description whether data was cut (see data) */
                            dataTruncated: boolean;
                        }[];
                        /** @description pass it as `after` to continue: the last item’s outboxId, or where this read stopped */
                        next: number;
                    };
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            429: components["responses"]["TooManyRequests"];
            503: components["responses"]["ServiceUnavailable"];
            504: components["responses"]["GatewayTimeout"];
        };
    };
    listPaymentDeadLetters: {
        parameters: {
            query?: {
                group?: string;
                limit?: number;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The result */
            200: {
                headers: {
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    RateLimit: components["headers"]["RateLimit"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        items: {
                            id: string;
                            group: string;
                            topic: string;
                            attempts: number;
                            lastError: string;
                            /** Format: date-time */
                            deadAt: string;
                            envelope: {
                                [key: string]: unknown;
                            };
                        }[];
                    };
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            429: components["responses"]["TooManyRequests"];
            503: components["responses"]["ServiceUnavailable"];
            504: components["responses"]["GatewayTimeout"];
        };
    };
    getPaymentDeadLetter: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                group: string;
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The result */
            200: {
                headers: {
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    RateLimit: components["headers"]["RateLimit"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        id: string;
                        group: string;
                        topic: string;
                        attempts: number;
                        lastError: string;
                        /** Format: date-time */
                        deadAt: string;
                        envelope: {
                            [key: string]: unknown;
                        };
                    };
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            429: components["responses"]["TooManyRequests"];
            503: components["responses"]["ServiceUnavailable"];
            504: components["responses"]["GatewayTimeout"];
        };
    };
    discardPaymentDeadLetter: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                group: string;
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Done; there is no body */
            204: {
                headers: {
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    RateLimit: components["headers"]["RateLimit"];
                    [name: string]: unknown;
                };
                content?: never;
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            429: components["responses"]["TooManyRequests"];
            503: components["responses"]["ServiceUnavailable"];
            504: components["responses"]["GatewayTimeout"];
        };
    };
    redrivePaymentDeadLetter: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                group: string;
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Accepted; the work goes on asynchronously */
            202: {
                headers: {
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    RateLimit: components["headers"]["RateLimit"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @enum {boolean} */
                        redriven: true;
                    };
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            429: components["responses"]["TooManyRequests"];
            503: components["responses"]["ServiceUnavailable"];
            504: components["responses"]["GatewayTimeout"];
        };
    };
    replayPaymentMessages: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                /**
                 * @example {
                 *       "group": "notification.orders",
                 *       "fromId": 1
                 *     }
                 */
                "application/json": {
                    group: string;
                    topic?: string;
                    /** @description first outbox id to re-deliver */
                    fromId?: number;
                    /**
                     * Format: date-time
                     * @description first instant to re-deliver
                     */
                    since?: string;
                };
            };
        };
        responses: {
            /** @description The result */
            200: {
                headers: {
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    RateLimit: components["headers"]["RateLimit"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        group: string;
                        topics: string[];
                        delivered: number;
                    };
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            429: components["responses"]["TooManyRequests"];
            503: components["responses"]["ServiceUnavailable"];
            504: components["responses"]["GatewayTimeout"];
        };
    };
    listPaymentFaults: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The result */
            200: {
                headers: {
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    RateLimit: components["headers"]["RateLimit"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        service: string;
                        items: {
                            /** @description chosen by the caller with PUT, a UUID when created with POST */
                            id: string;
                            service: string;
                            /** @enum {string} */
                            kind: "latency" | "error" | "outage";
                            /** @enum {string} */
                            target: "http" | "messages" | "both";
                            latencyMs?: number;
                            jitterMs?: number;
                            status?: number;
                            rate?: number;
                            pathPrefix?: string;
                            durationSeconds?: number;
                            /** Format: date-time */
                            createdAt: string;
                            /** @description when the fault removes itself; null: never */
                            expiresAt: string | null;
                            /** @description requests and messages this fault has delayed or failed so far */
                            injected: number;
                        }[];
                    };
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            429: components["responses"]["TooManyRequests"];
            503: components["responses"]["ServiceUnavailable"];
            504: components["responses"]["GatewayTimeout"];
        };
    };
    addPaymentFault: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /**
                     * @description latency: answer/handle later; error: fail at `rate` with `status`; outage: fail everything with 503
                     * @enum {string}
                     */
                    kind: "latency" | "error" | "outage";
                    /**
                     * @description http: the service's HTTP answers; messages: its message handlers; both (default)
                     * @default both
                     * @enum {string}
                     */
                    target?: "http" | "messages" | "both";
                    /** @description latency only: the added delay */
                    latencyMs?: number;
                    /** @description latency only: up to this much more, uniformly at random */
                    jitterMs?: number;
                    /** @description error only: the status answered (503) */
                    status?: number;
                    /** @description error only: the share of requests or messages that fail (1) */
                    rate?: number;
                    /** @description http only: affect only this path and the paths below it, e.g. /api/products */
                    pathPrefix?: string;
                    /** @description the fault removes itself after this long; without it, it stays until deleted */
                    durationSeconds?: number;
                };
            };
        };
        responses: {
            /** @description Created; Location names the new resource */
            201: {
                headers: {
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    RateLimit: components["headers"]["RateLimit"];
                    /** @description Where the created or accepted resource can be read */
                    Location?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description chosen by the caller with PUT, a UUID when created with POST */
                        id: string;
                        service: string;
                        /** @enum {string} */
                        kind: "latency" | "error" | "outage";
                        /** @enum {string} */
                        target: "http" | "messages" | "both";
                        latencyMs?: number;
                        jitterMs?: number;
                        status?: number;
                        rate?: number;
                        pathPrefix?: string;
                        durationSeconds?: number;
                        /** Format: date-time */
                        createdAt: string;
                        /** @description when the fault removes itself; null: never */
                        expiresAt: string | null;
                        /** @description requests and messages this fault has delayed or failed so far */
                        injected: number;
                    };
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Conflict"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            429: components["responses"]["TooManyRequests"];
            503: components["responses"]["ServiceUnavailable"];
            504: components["responses"]["GatewayTimeout"];
        };
    };
    clearPaymentFaults: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Done; there is no body */
            204: {
                headers: {
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    RateLimit: components["headers"]["RateLimit"];
                    [name: string]: unknown;
                };
                content?: never;
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            429: components["responses"]["TooManyRequests"];
            503: components["responses"]["ServiceUnavailable"];
            504: components["responses"]["GatewayTimeout"];
        };
    };
    getPaymentFault: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description chosen by the caller with PUT, a UUID when created with POST */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The result */
            200: {
                headers: {
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    RateLimit: components["headers"]["RateLimit"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description chosen by the caller with PUT, a UUID when created with POST */
                        id: string;
                        service: string;
                        /** @enum {string} */
                        kind: "latency" | "error" | "outage";
                        /** @enum {string} */
                        target: "http" | "messages" | "both";
                        latencyMs?: number;
                        jitterMs?: number;
                        status?: number;
                        rate?: number;
                        pathPrefix?: string;
                        durationSeconds?: number;
                        /** Format: date-time */
                        createdAt: string;
                        /** @description when the fault removes itself; null: never */
                        expiresAt: string | null;
                        /** @description requests and messages this fault has delayed or failed so far */
                        injected: number;
                    };
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            429: components["responses"]["TooManyRequests"];
            503: components["responses"]["ServiceUnavailable"];
            504: components["responses"]["GatewayTimeout"];
        };
    };
    putPaymentFault: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description chosen by the caller with PUT, a UUID when created with POST */
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /**
                     * @description latency: answer/handle later; error: fail at `rate` with `status`; outage: fail everything with 503
                     * @enum {string}
                     */
                    kind: "latency" | "error" | "outage";
                    /**
                     * @description http: the service's HTTP answers; messages: its message handlers; both (default)
                     * @default both
                     * @enum {string}
                     */
                    target?: "http" | "messages" | "both";
                    /** @description latency only: the added delay */
                    latencyMs?: number;
                    /** @description latency only: up to this much more, uniformly at random */
                    jitterMs?: number;
                    /** @description error only: the status answered (503) */
                    status?: number;
                    /** @description error only: the share of requests or messages that fail (1) */
                    rate?: number;
                    /** @description http only: affect only this path and the paths below it, e.g. /api/products */
                    pathPrefix?: string;
                    /** @description the fault removes itself after this long; without it, it stays until deleted */
                    durationSeconds?: number;
                };
            };
        };
        responses: {
            /** @description The result */
            200: {
                headers: {
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    RateLimit: components["headers"]["RateLimit"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description chosen by the caller with PUT, a UUID when created with POST */
                        id: string;
                        service: string;
                        /** @enum {string} */
                        kind: "latency" | "error" | "outage";
                        /** @enum {string} */
                        target: "http" | "messages" | "both";
                        latencyMs?: number;
                        jitterMs?: number;
                        status?: number;
                        rate?: number;
                        pathPrefix?: string;
                        durationSeconds?: number;
                        /** Format: date-time */
                        createdAt: string;
                        /** @description when the fault removes itself; null: never */
                        expiresAt: string | null;
                        /** @description requests and messages this fault has delayed or failed so far */
                        injected: number;
                    };
                };
            };
            /** @description Created; Location names the new resource */
            201: {
                headers: {
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    RateLimit: components["headers"]["RateLimit"];
                    /** @description Where the created or accepted resource can be read */
                    Location?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description chosen by the caller with PUT, a UUID when created with POST */
                        id: string;
                        service: string;
                        /** @enum {string} */
                        kind: "latency" | "error" | "outage";
                        /** @enum {string} */
                        target: "http" | "messages" | "both";
                        latencyMs?: number;
                        jitterMs?: number;
                        status?: number;
                        rate?: number;
                        pathPrefix?: string;
                        durationSeconds?: number;
                        /** Format: date-time */
                        createdAt: string;
                        /** @description when the fault removes itself; null: never */
                        expiresAt: string | null;
                        /** @description requests and messages this fault has delayed or failed so far */
                        injected: number;
                    };
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Conflict"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            429: components["responses"]["TooManyRequests"];
            503: components["responses"]["ServiceUnavailable"];
            504: components["responses"]["GatewayTimeout"];
        };
    };
    removePaymentFault: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description chosen by the caller with PUT, a UUID when created with POST */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Done; there is no body */
            204: {
                headers: {
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    RateLimit: components["headers"]["RateLimit"];
                    [name: string]: unknown;
                };
                content?: never;
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            429: components["responses"]["TooManyRequests"];
            503: components["responses"]["ServiceUnavailable"];
            504: components["responses"]["GatewayTimeout"];
        };
    };
    listShipments: {
        parameters: {
            query?: {
                limit?: number;
                cursor?: string;
                /** @description admin: another user's shipments */
                userId?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The result */
            200: {
                headers: {
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    RateLimit: components["headers"]["RateLimit"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        items: {
                            /** Format: uuid */
                            orderId: string;
                            /** @description null unless a shipment was created */
                            shipmentId: string | null;
                            status: "CREATED" | "FAILED" | "CANCELLED";
                            trackingNumber: string | null;
                            country: string | null;
                            /** @description why it failed or how it ended */
                            detail?: string;
                            /** Format: date-time */
                            createdAt: string;
                            /** Format: date-time */
                            updatedAt: string;
                        }[];
                        nextCursor: string | null;
                    };
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            404: components["responses"]["NotFound"];
            429: components["responses"]["TooManyRequests"];
            503: components["responses"]["ServiceUnavailable"];
            504: components["responses"]["GatewayTimeout"];
        };
    };
    getShipment: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                orderId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The result */
            200: {
                headers: {
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    RateLimit: components["headers"]["RateLimit"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** Format: uuid */
                        orderId: string;
                        /** @description null unless a shipment was created */
                        shipmentId: string | null;
                        status: "CREATED" | "FAILED" | "CANCELLED";
                        trackingNumber: string | null;
                        country: string | null;
                        /** @description why it failed or how it ended */
                        detail?: string;
                        /** Format: date-time */
                        createdAt: string;
                        /** Format: date-time */
                        updatedAt: string;
                    };
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            404: components["responses"]["NotFound"];
            429: components["responses"]["TooManyRequests"];
            503: components["responses"]["ServiceUnavailable"];
            504: components["responses"]["GatewayTimeout"];
        };
    };
    getShippingMessaging: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The result */
            200: {
                headers: {
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    RateLimit: components["headers"]["RateLimit"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        service: string;
                        transport: string;
                        outbox: {
                            pending: number;
                            published: number;
                        };
                        publishes: string[];
                        consumers: {
                            group: string;
                            topics: string[];
                            types: string[];
                            waiting: number;
                            dead: number;
                        }[];
                    };
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            429: components["responses"]["TooManyRequests"];
            503: components["responses"]["ServiceUnavailable"];
            504: components["responses"]["GatewayTimeout"];
        };
    };
    listShippingPublishedMessages: {
        parameters: {
            query?: {
                /** @description outbox id to continue after; omitted: the latest `limit` messages */
                after?: number;
                limit?: number;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The result */
            200: {
                headers: {
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    RateLimit: components["headers"]["RateLimit"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        service: string;
                        items: {
                            /** @description its position in the service's outbox */
                            outboxId: number;
                            topic: string;
                            /**
                             * Format: date-time
                             * @description when the relay had it confirmed
                             */
                            publishedAt: string;
                            /** @description CloudEvents id */
                            id: string;
                            /** @description CloudEvents type */
                            type: string;
                            /** @description CloudEvents source */
                            source: string;
                            /** @description CloudEvents subject: what the event is about */
                            subject?: string;
                            /** @description CloudEvents time: when the event was created */
                            time: string;
                            /** @description W3C trace context of the publishing request */
                            traceparent?: string;
                            /** @description the event's data; when its JSON is longer than 8192 characters, a string holding the first 8192 of them */
                            data: unknown;
                            /** @description whether data was cut (see data) */
                            dataTruncated: boolean;
                        }[];
                        /** @description pass it as `after` to continue: the last item’s outboxId, or where this read stopped */
                        next: number;
                    };
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            429: components["responses"]["TooManyRequests"];
            503: components["responses"]["ServiceUnavailable"];
            504: components["responses"]["GatewayTimeout"];
        };
    };
    listShippingDeadLetters: {
        parameters: {
            query?: {
                group?: string;
                limit?: number;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The result */
            200: {
                headers: {
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    RateLimit: components["headers"]["RateLimit"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        items: {
                            id: string;
                            group: string;
                            topic: string;
                            attempts: number;
                            lastError: string;
                            /** Format: date-time */
                            deadAt: string;
                            envelope: {
                                [key: string]: unknown;
                            };
                        }[];
                    };
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            429: components["responses"]["TooManyRequests"];
            503: components["responses"]["ServiceUnavailable"];
            504: components["responses"]["GatewayTimeout"];
        };
    };
    getShippingDeadLetter: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                group: string;
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The result */
            200: {
                headers: {
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    RateLimit: components["headers"]["RateLimit"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        id: string;
                        group: string;
                        topic: string;
                        attempts: number;
                        lastError: string;
                        /** Format: date-time */
                        deadAt: string;
                        envelope: {
                            [key: string]: unknown;
                        };
                    };
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            429: components["responses"]["TooManyRequests"];
            503: components["responses"]["ServiceUnavailable"];
            504: components["responses"]["GatewayTimeout"];
        };
    };
    discardShippingDeadLetter: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                group: string;
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Done; there is no body */
            204: {
                headers: {
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    RateLimit: components["headers"]["RateLimit"];
                    [name: string]: unknown;
                };
                content?: never;
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            429: components["responses"]["TooManyRequests"];
            503: components["responses"]["ServiceUnavailable"];
            504: components["responses"]["GatewayTimeout"];
        };
    };
    redriveShippingDeadLetter: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                group: string;
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Accepted; the work goes on asynchronously */
            202: {
                headers: {
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    RateLimit: components["headers"]["RateLimit"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @enum {boolean} */
                        redriven: true;
                    };
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            429: components["responses"]["TooManyRequests"];
            503: components["responses"]["ServiceUnavailable"];
            504: components["responses"]["GatewayTimeout"];
        };
    };
    replayShippingMessages: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                /**
                 * @example {
                 *       "group": "notification.orders",
                 *       "fromId": 1
                 *     }
                 */
                "application/json": {
                    group: string;
                    topic?: string;
                    /** @description first outbox id to re-deliver */
                    fromId?: number;
                    /**
                     * Format: date-time
                     * @description first instant to re-deliver
                     */
                    since?: string;
                };
            };
        };
        responses: {
            /** @description The result */
            200: {
                headers: {
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    RateLimit: components["headers"]["RateLimit"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        group: string;
                        topics: string[];
                        delivered: number;
                    };
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            429: components["responses"]["TooManyRequests"];
            503: components["responses"]["ServiceUnavailable"];
            504: components["responses"]["GatewayTimeout"];
        };
    };
    listShippingFaults: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The result */
            200: {
                headers: {
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    RateLimit: components["headers"]["RateLimit"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        service: string;
                        items: {
                            /** @description chosen by the caller with PUT, a UUID when created with POST */
                            id: string;
                            service: string;
                            /** @enum {string} */
                            kind: "latency" | "error" | "outage";
                            /** @enum {string} */
                            target: "http" | "messages" | "both";
                            latencyMs?: number;
                            jitterMs?: number;
                            status?: number;
                            rate?: number;
                            pathPrefix?: string;
                            durationSeconds?: number;
                            /** Format: date-time */
                            createdAt: string;
                            /** @description when the fault removes itself; null: never */
                            expiresAt: string | null;
                            /** @description requests and messages this fault has delayed or failed so far */
                            injected: number;
                        }[];
                    };
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            429: components["responses"]["TooManyRequests"];
            503: components["responses"]["ServiceUnavailable"];
            504: components["responses"]["GatewayTimeout"];
        };
    };
    addShippingFault: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /**
                     * @description latency: answer/handle later; error: fail at `rate` with `status`; outage: fail everything with 503
                     * @enum {string}
                     */
                    kind: "latency" | "error" | "outage";
                    /**
                     * @description http: the service's HTTP answers; messages: its message handlers; both (default)
                     * @default both
                     * @enum {string}
                     */
                    target?: "http" | "messages" | "both";
                    /** @description latency only: the added delay */
                    latencyMs?: number;
                    /** @description latency only: up to this much more, uniformly at random */
                    jitterMs?: number;
                    /** @description error only: the status answered (503) */
                    status?: number;
                    /** @description error only: the share of requests or messages that fail (1) */
                    rate?: number;
                    /** @description http only: affect only this path and the paths below it, e.g. /api/products */
                    pathPrefix?: string;
                    /** @description the fault removes itself after this long; without it, it stays until deleted */
                    durationSeconds?: number;
                };
            };
        };
        responses: {
            /** @description Created; Location names the new resource */
            201: {
                headers: {
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    RateLimit: components["headers"]["RateLimit"];
                    /** @description Where the created or accepted resource can be read */
                    Location?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description chosen by the caller with PUT, a UUID when created with POST */
                        id: string;
                        service: string;
                        /** @enum {string} */
                        kind: "latency" | "error" | "outage";
                        /** @enum {string} */
                        target: "http" | "messages" | "both";
                        latencyMs?: number;
                        jitterMs?: number;
                        status?: number;
                        rate?: number;
                        pathPrefix?: string;
                        durationSeconds?: number;
                        /** Format: date-time */
                        createdAt: string;
                        /** @description when the fault removes itself; null: never */
                        expiresAt: string | null;
                        /** @description requests and messages this fault has delayed or failed so far */
                        injected: number;
                    };
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Conflict"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            429: components["responses"]["TooManyRequests"];
            503: components["responses"]["ServiceUnavailable"];
            504: components["responses"]["GatewayTimeout"];
        };
    };
    clearShippingFaults: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Done; there is no body */
            204: {
                headers: {
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    RateLimit: components["headers"]["RateLimit"];
                    [name: string]: unknown;
                };
                content?: never;
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            429: components["responses"]["TooManyRequests"];
            503: components["responses"]["ServiceUnavailable"];
            504: components["responses"]["GatewayTimeout"];
        };
    };
    getShippingFault: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description chosen by the caller with PUT, a UUID when created with POST */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The result */
            200: {
                headers: {
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    RateLimit: components["headers"]["RateLimit"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description chosen by the caller with PUT, a UUID when created with POST */
                        id: string;
                        service: string;
                        /** @enum {string} */
                        kind: "latency" | "error" | "outage";
                        /** @enum {string} */
                        target: "http" | "messages" | "both";
                        latencyMs?: number;
                        jitterMs?: number;
                        status?: number;
                        rate?: number;
                        pathPrefix?: string;
                        durationSeconds?: number;
                        /** Format: date-time */
                        createdAt: string;
                        /** @description when the fault removes itself; null: never */
                        expiresAt: string | null;
                        /** @description requests and messages this fault has delayed or failed so far */
                        injected: number;
                    };
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            429: components["responses"]["TooManyRequests"];
            503: components["responses"]["ServiceUnavailable"];
            504: components["responses"]["GatewayTimeout"];
        };
    };
    putShippingFault: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description chosen by the caller with PUT, a UUID when created with POST */
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /**
                     * @description latency: answer/handle later; error: fail at `rate` with `status`; outage: fail everything with 503
                     * @enum {string}
                     */
                    kind: "latency" | "error" | "outage";
                    /**
                     * @description http: the service's HTTP answers; messages: its message handlers; both (default)
                     * @default both
                     * @enum {string}
                     */
                    target?: "http" | "messages" | "both";
                    /** @description latency only: the added delay */
                    latencyMs?: number;
                    /** @description latency only: up to this much more, uniformly at random */
                    jitterMs?: number;
                    /** @description error only: the status answered (503) */
                    status?: number;
                    /** @description error only: the share of requests or messages that fail (1) */
                    rate?: number;
                    /** @description http only: affect only this path and the paths below it, e.g. /api/products */
                    pathPrefix?: string;
                    /** @description the fault removes itself after this long; without it, it stays until deleted */
                    durationSeconds?: number;
                };
            };
        };
        responses: {
            /** @description The result */
            200: {
                headers: {
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    RateLimit: components["headers"]["RateLimit"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description chosen by the caller with PUT, a UUID when created with POST */
                        id: string;
                        service: string;
                        /** @enum {string} */
                        kind: "latency" | "error" | "outage";
                        /** @enum {string} */
                        target: "http" | "messages" | "both";
                        latencyMs?: number;
                        jitterMs?: number;
                        status?: number;
                        rate?: number;
                        pathPrefix?: string;
                        durationSeconds?: number;
                        /** Format: date-time */
                        createdAt: string;
                        /** @description when the fault removes itself; null: never */
                        expiresAt: string | null;
                        /** @description requests and messages this fault has delayed or failed so far */
                        injected: number;
                    };
                };
            };
            /** @description Created; Location names the new resource */
            201: {
                headers: {
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    RateLimit: components["headers"]["RateLimit"];
                    /** @description Where the created or accepted resource can be read */
                    Location?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description chosen by the caller with PUT, a UUID when created with POST */
                        id: string;
                        service: string;
                        /** @enum {string} */
                        kind: "latency" | "error" | "outage";
                        /** @enum {string} */
                        target: "http" | "messages" | "both";
                        latencyMs?: number;
                        jitterMs?: number;
                        status?: number;
                        rate?: number;
                        pathPrefix?: string;
                        durationSeconds?: number;
                        /** Format: date-time */
                        createdAt: string;
                        /** @description when the fault removes itself; null: never */
                        expiresAt: string | null;
                        /** @description requests and messages this fault has delayed or failed so far */
                        injected: number;
                    };
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Conflict"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            429: components["responses"]["TooManyRequests"];
            503: components["responses"]["ServiceUnavailable"];
            504: components["responses"]["GatewayTimeout"];
        };
    };
    removeShippingFault: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description chosen by the caller with PUT, a UUID when created with POST */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Done; there is no body */
            204: {
                headers: {
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    RateLimit: components["headers"]["RateLimit"];
                    [name: string]: unknown;
                };
                content?: never;
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            429: components["responses"]["TooManyRequests"];
            503: components["responses"]["ServiceUnavailable"];
            504: components["responses"]["GatewayTimeout"];
        };
    };
    getAnalytics: {
        parameters: {
            query?: {
                /** @description how many one-minute windows, up to the current one, ordersPerMinute covers */
                minutes?: number;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The result */
            200: {
                headers: {
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    RateLimit: components["headers"]["RateLimit"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description minutes with any order event, oldest first, by event time */
                        ordersPerMinute: {
                            /** Format: date-time */
                            minute: string;
                            placed: number;
                            confirmed: number;
                            cancelled: number;
                            /** @description confirmed revenue, one entry per currency */
                            revenue: {
                                /** @description minor units */
                                amount: number;
                                /** @description ISO 4217 */
                                currency: string;
                            }[];
                        }[];
                        /** @description the 10 products with most units in confirmed orders */
                        topProducts: {
                            /** Format: uuid */
                            productId: string;
                            unitsSold: number;
                        }[];
                        /** @description orders by how their saga ended: CONFIRMED or the cancellation reason */
                        sagaOutcomes: {
                            [key: string]: number;
                        };
                        /** @description the latest 50, newest first */
                        fraudAlerts: {
                            /** Format: uuid */
                            userId: string;
                            declinedPayments: number;
                            /** Format: date-time */
                            windowStart: string;
                            /** Format: date-time */
                            windowEnd: string;
                            /** Format: date-time */
                            raisedAt: string;
                        }[];
                        /** @description messages handled, by event type */
                        eventsSeen: {
                            [key: string]: number;
                        };
                    };
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            429: components["responses"]["TooManyRequests"];
            503: components["responses"]["ServiceUnavailable"];
            504: components["responses"]["GatewayTimeout"];
        };
    };
    getAnalyticsMessaging: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The result */
            200: {
                headers: {
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    RateLimit: components["headers"]["RateLimit"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        service: string;
                        transport: string;
                        outbox: {
                            pending: number;
                            published: number;
                        };
                        publishes: string[];
                        consumers: {
                            group: string;
                            topics: string[];
                            types: string[];
                            waiting: number;
                            dead: number;
                        }[];
                    };
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            429: components["responses"]["TooManyRequests"];
            503: components["responses"]["ServiceUnavailable"];
            504: components["responses"]["GatewayTimeout"];
        };
    };
    listAnalyticsPublishedMessages: {
        parameters: {
            query?: {
                /** @description outbox id to continue after; omitted: the latest `limit` messages */
                after?: number;
                limit?: number;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The result */
            200: {
                headers: {
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    RateLimit: components["headers"]["RateLimit"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        service: string;
                        items: {
                            /** @description its position in the service's outbox */
                            outboxId: number;
                            topic: string;
                            /**
                             * Format: date-time
                             * @description when the relay had it confirmed
                             */
                            publishedAt: string;
                            /** @description CloudEvents id */
                            id: string;
                            /** @description CloudEvents type */
                            type: string;
                            /** @description CloudEvents source */
                            source: string;
                            /** @description CloudEvents subject: what the event is about */
                            subject?: string;
                            /** @description CloudEvents time: when the event was created */
                            time: string;
                            /** @description W3C trace context of the publishing request */
                            traceparent?: string;
                            /** @description the event's data; when its JSON is longer than 8192 characters, a string holding the first 8192 of them */
                            data: unknown;
                            /** @description whether data was cut (see data) */
                            dataTruncated: boolean;
                        }[];
                        /** @description pass it as `after` to continue: the last item’s outboxId, or where this read stopped */
                        next: number;
                    };
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            429: components["responses"]["TooManyRequests"];
            503: components["responses"]["ServiceUnavailable"];
            504: components["responses"]["GatewayTimeout"];
        };
    };
    listAnalyticsDeadLetters: {
        parameters: {
            query?: {
                group?: string;
                limit?: number;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The result */
            200: {
                headers: {
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    RateLimit: components["headers"]["RateLimit"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        items: {
                            id: string;
                            group: string;
                            topic: string;
                            attempts: number;
                            lastError: string;
                            /** Format: date-time */
                            deadAt: string;
                            envelope: {
                                [key: string]: unknown;
                            };
                        }[];
                    };
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            429: components["responses"]["TooManyRequests"];
            503: components["responses"]["ServiceUnavailable"];
            504: components["responses"]["GatewayTimeout"];
        };
    };
    getAnalyticsDeadLetter: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                group: string;
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The result */
            200: {
                headers: {
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    RateLimit: components["headers"]["RateLimit"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        id: string;
                        group: string;
                        topic: string;
                        attempts: number;
                        lastError: string;
                        /** Format: date-time */
                        deadAt: string;
                        envelope: {
                            [key: string]: unknown;
                        };
                    };
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            429: components["responses"]["TooManyRequests"];
            503: components["responses"]["ServiceUnavailable"];
            504: components["responses"]["GatewayTimeout"];
        };
    };
    discardAnalyticsDeadLetter: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                group: string;
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Done; there is no body */
            204: {
                headers: {
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    RateLimit: components["headers"]["RateLimit"];
                    [name: string]: unknown;
                };
                content?: never;
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            429: components["responses"]["TooManyRequests"];
            503: components["responses"]["ServiceUnavailable"];
            504: components["responses"]["GatewayTimeout"];
        };
    };
    redriveAnalyticsDeadLetter: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                group: string;
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Accepted; the work goes on asynchronously */
            202: {
                headers: {
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    RateLimit: components["headers"]["RateLimit"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @enum {boolean} */
                        redriven: true;
                    };
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            429: components["responses"]["TooManyRequests"];
            503: components["responses"]["ServiceUnavailable"];
            504: components["responses"]["GatewayTimeout"];
        };
    };
    replayAnalyticsMessages: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                /**
                 * @example {
                 *       "group": "notification.orders",
                 *       "fromId": 1
                 *     }
                 */
                "application/json": {
                    group: string;
                    topic?: string;
                    /** @description first outbox id to re-deliver */
                    fromId?: number;
                    /**
                     * Format: date-time
                     * @description first instant to re-deliver
                     */
                    since?: string;
                };
            };
        };
        responses: {
            /** @description The result */
            200: {
                headers: {
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    RateLimit: components["headers"]["RateLimit"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        group: string;
                        topics: string[];
                        delivered: number;
                    };
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            429: components["responses"]["TooManyRequests"];
            503: components["responses"]["ServiceUnavailable"];
            504: components["responses"]["GatewayTimeout"];
        };
    };
    listAnalyticsFaults: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The result */
            200: {
                headers: {
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    RateLimit: components["headers"]["RateLimit"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        service: string;
                        items: {
                            /** @description chosen by the caller with PUT, a UUID when created with POST */
                            id: string;
                            service: string;
                            /** @enum {string} */
                            kind: "latency" | "error" | "outage";
                            /** @enum {string} */
                            target: "http" | "messages" | "both";
                            latencyMs?: number;
                            jitterMs?: number;
                            status?: number;
                            rate?: number;
                            pathPrefix?: string;
                            durationSeconds?: number;
                            /** Format: date-time */
                            createdAt: string;
                            /** @description when the fault removes itself; null: never */
                            expiresAt: string | null;
                            /** @description requests and messages this fault has delayed or failed so far */
                            injected: number;
                        }[];
                    };
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            429: components["responses"]["TooManyRequests"];
            503: components["responses"]["ServiceUnavailable"];
            504: components["responses"]["GatewayTimeout"];
        };
    };
    addAnalyticsFault: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /**
                     * @description latency: answer/handle later; error: fail at `rate` with `status`; outage: fail everything with 503
                     * @enum {string}
                     */
                    kind: "latency" | "error" | "outage";
                    /**
                     * @description http: the service's HTTP answers; messages: its message handlers; both (default)
                     * @default both
                     * @enum {string}
                     */
                    target?: "http" | "messages" | "both";
                    /** @description latency only: the added delay */
                    latencyMs?: number;
                    /** @description latency only: up to this much more, uniformly at random */
                    jitterMs?: number;
                    /** @description error only: the status answered (503) */
                    status?: number;
                    /** @description error only: the share of requests or messages that fail (1) */
                    rate?: number;
                    /** @description http only: affect only this path and the paths below it, e.g. /api/products */
                    pathPrefix?: string;
                    /** @description the fault removes itself after this long; without it, it stays until deleted */
                    durationSeconds?: number;
                };
            };
        };
        responses: {
            /** @description Created; Location names the new resource */
            201: {
                headers: {
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    RateLimit: components["headers"]["RateLimit"];
                    /** @description Where the created or accepted resource can be read */
                    Location?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description chosen by the caller with PUT, a UUID when created with POST */
                        id: string;
                        service: string;
                        /** @enum {string} */
                        kind: "latency" | "error" | "outage";
                        /** @enum {string} */
                        target: "http" | "messages" | "both";
                        latencyMs?: number;
                        jitterMs?: number;
                        status?: number;
                        rate?: number;
                        pathPrefix?: string;
                        durationSeconds?: number;
                        /** Format: date-time */
                        createdAt: string;
                        /** @description when the fault removes itself; null: never */
                        expiresAt: string | null;
                        /** @description requests and messages this fault has delayed or failed so far */
                        injected: number;
                    };
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Conflict"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            429: components["responses"]["TooManyRequests"];
            503: components["responses"]["ServiceUnavailable"];
            504: components["responses"]["GatewayTimeout"];
        };
    };
    clearAnalyticsFaults: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Done; there is no body */
            204: {
                headers: {
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    RateLimit: components["headers"]["RateLimit"];
                    [name: string]: unknown;
                };
                content?: never;
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            429: components["responses"]["TooManyRequests"];
            503: components["responses"]["ServiceUnavailable"];
            504: components["responses"]["GatewayTimeout"];
        };
    };
    getAnalyticsFault: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description chosen by the caller with PUT, a UUID when created with POST */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The result */
            200: {
                headers: {
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    RateLimit: components["headers"]["RateLimit"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description chosen by the caller with PUT, a UUID when created with POST */
                        id: string;
                        service: string;
                        /** @enum {string} */
                        kind: "latency" | "error" | "outage";
                        /** @enum {string} */
                        target: "http" | "messages" | "both";
                        latencyMs?: number;
                        jitterMs?: number;
                        status?: number;
                        rate?: number;
                        pathPrefix?: string;
                        durationSeconds?: number;
                        /** Format: date-time */
                        createdAt: string;
                        /** @description when the fault removes itself; null: never */
                        expiresAt: string | null;
                        /** @description requests and messages this fault has delayed or failed so far */
                        injected: number;
                    };
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            429: components["responses"]["TooManyRequests"];
            503: components["responses"]["ServiceUnavailable"];
            504: components["responses"]["GatewayTimeout"];
        };
    };
    putAnalyticsFault: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description chosen by the caller with PUT, a UUID when created with POST */
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /**
                     * @description latency: answer/handle later; error: fail at `rate` with `status`; outage: fail everything with 503
                     * @enum {string}
                     */
                    kind: "latency" | "error" | "outage";
                    /**
                     * @description http: the service's HTTP answers; messages: its message handlers; both (default)
                     * @default both
                     * @enum {string}
                     */
                    target?: "http" | "messages" | "both";
                    /** @description latency only: the added delay */
                    latencyMs?: number;
                    /** @description latency only: up to this much more, uniformly at random */
                    jitterMs?: number;
                    /** @description error only: the status answered (503) */
                    status?: number;
                    /** @description error only: the share of requests or messages that fail (1) */
                    rate?: number;
                    /** @description http only: affect only this path and the paths below it, e.g. /api/products */
                    pathPrefix?: string;
                    /** @description the fault removes itself after this long; without it, it stays until deleted */
                    durationSeconds?: number;
                };
            };
        };
        responses: {
            /** @description The result */
            200: {
                headers: {
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    RateLimit: components["headers"]["RateLimit"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description chosen by the caller with PUT, a UUID when created with POST */
                        id: string;
                        service: string;
                        /** @enum {string} */
                        kind: "latency" | "error" | "outage";
                        /** @enum {string} */
                        target: "http" | "messages" | "both";
                        latencyMs?: number;
                        jitterMs?: number;
                        status?: number;
                        rate?: number;
                        pathPrefix?: string;
                        durationSeconds?: number;
                        /** Format: date-time */
                        createdAt: string;
                        /** @description when the fault removes itself; null: never */
                        expiresAt: string | null;
                        /** @description requests and messages this fault has delayed or failed so far */
                        injected: number;
                    };
                };
            };
            /** @description Created; Location names the new resource */
            201: {
                headers: {
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    RateLimit: components["headers"]["RateLimit"];
                    /** @description Where the created or accepted resource can be read */
                    Location?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description chosen by the caller with PUT, a UUID when created with POST */
                        id: string;
                        service: string;
                        /** @enum {string} */
                        kind: "latency" | "error" | "outage";
                        /** @enum {string} */
                        target: "http" | "messages" | "both";
                        latencyMs?: number;
                        jitterMs?: number;
                        status?: number;
                        rate?: number;
                        pathPrefix?: string;
                        durationSeconds?: number;
                        /** Format: date-time */
                        createdAt: string;
                        /** @description when the fault removes itself; null: never */
                        expiresAt: string | null;
                        /** @description requests and messages this fault has delayed or failed so far */
                        injected: number;
                    };
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Conflict"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            429: components["responses"]["TooManyRequests"];
            503: components["responses"]["ServiceUnavailable"];
            504: components["responses"]["GatewayTimeout"];
        };
    };
    removeAnalyticsFault: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description chosen by the caller with PUT, a UUID when created with POST */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Done; there is no body */
            204: {
                headers: {
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    RateLimit: components["headers"]["RateLimit"];
                    [name: string]: unknown;
                };
                content?: never;
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            429: components["responses"]["TooManyRequests"];
            503: components["responses"]["ServiceUnavailable"];
            504: components["responses"]["GatewayTimeout"];
        };
    };
}
