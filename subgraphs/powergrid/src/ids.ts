/** Numeric ids only: anything else cannot name a row (and is NOT_FOUND like a row outside the scope). */
export const numericId = (id: string | number): number | null => (typeof id === 'number' ? (Number.isInteger(id) ? id : null) : /^\d+$/.test(id) ? Number(id) : null);
