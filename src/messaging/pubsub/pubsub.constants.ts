/** Injection token of the process's PubSubEngine (Redis-backed or in-memory). */
export const PUB_SUB = Symbol('PUB_SUB');
