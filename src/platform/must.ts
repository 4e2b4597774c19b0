// An invariant the types cannot see: a row read by its primary key inside the
// transaction that locked it, the first element of a list checked non-empty a line
// above. Returns the value, or throws a plain Error naming what was missing (a bug,
// answered as 500 and logged), instead of the `!` that would let `undefined` through.
export function must<T>(value: T | null | undefined, what: string): T {
  if (value === null || value === undefined) throw new Error(`Invariant: ${what} is missing`);
  return value;
}
