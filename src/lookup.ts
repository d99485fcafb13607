/**
 * `table[key]` for a key that came from outside (a vendor's event type, status, enum value):
 * only the table's own entries count, so `constructor`, `toString` or `__proto__` finds nothing
 * instead of a built-in of `Object.prototype`.
 */
export function ownValue<T>(
  table: Readonly<Record<string, T>>,
  key: string | null | undefined
): T | undefined {
  return key !== null && key !== undefined && Object.hasOwn(table, key) ? table[key] : undefined
}
