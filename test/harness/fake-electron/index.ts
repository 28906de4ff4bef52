// The electron test double. Grows with src/main; see test/harness/README.md.
export const isTestDouble = true;
