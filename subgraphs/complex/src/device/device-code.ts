/**
 * GB/T 28181-style 20-digit device codes: centre code (8: province, city, county, unit), industry (2),
 * type (3), network (1), serial (6). Video devices use the standard's camera type codes; access-control
 * devices use codes from the front-end peripheral extension range.
 */
export const DEVICE_TYPE_CODES = { CAMERA: '131', FACE_CAMERA: '132', GATE: '140', UNIT_DOOR: '141', BARRIER: '142' } as const;

export const DEVICE_CODE = /^\d{20}$/;

export function deviceCode(parts: { centre: string; industry?: string; kind: keyof typeof DEVICE_TYPE_CODES; network?: string; serial: number }): string {
  if (!/^\d{8}$/.test(parts.centre)) throw new Error(`centre code must have 8 digits: ${parts.centre}`);
  if (!Number.isInteger(parts.serial) || parts.serial < 0 || parts.serial > 999_999) throw new Error(`serial out of range: ${parts.serial}`);
  const code = `${parts.centre}${parts.industry ?? '00'}${DEVICE_TYPE_CODES[parts.kind]}${parts.network ?? '0'}${String(parts.serial).padStart(6, '0')}`;
  if (!DEVICE_CODE.test(code)) throw new Error(`not a 20-digit device code: ${code}`);
  return code;
}
