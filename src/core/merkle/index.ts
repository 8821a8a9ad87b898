// Pure Merkle log logic (RFC 9162 §2.1): no I/O, usable by the server, the CLI verifier and tests.
export * from './hash.ts';
export * from './canonical.ts';
export * from './tree.ts';
export * from './verify.ts';
export * from './builder.ts';
