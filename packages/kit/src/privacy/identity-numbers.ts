/** Resident identity numbers (GB 11643-1999, 公民身份号码) and phone numbers: validation and masking. */

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK = '10X98765432';

export interface IdNumberInfo {
  region: string;
  birthDate: string; // YYYY-MM-DD
  sex: 'MALE' | 'FEMALE';
}

export function checkDigit(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * WEIGHTS[i]!;
  return CHECK[sum % 11]!;
}

/** Returns what the number encodes, or a reason it is not a valid number. */
export function validateIdNumber(raw: string, today = new Date()): { ok: true; info: IdNumberInfo } | { ok: false; reason: string } {
  const id = raw.trim().toUpperCase();
  if (!/^\d{17}[\dX]$/.test(id)) return { ok: false, reason: 'an ID number has 17 digits and a check character (digit or X)' };
  const y = Number(id.slice(6, 10));
  const m = Number(id.slice(10, 12));
  const d = Number(id.slice(12, 14));
  const date = new Date(Date.UTC(y, m - 1, d));
  if (y < 1900 || date.getUTCFullYear() !== y || date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d)
    return { ok: false, reason: 'the birth date in the ID number is not a calendar date' };
  if (date.getTime() > today.getTime()) return { ok: false, reason: 'the birth date in the ID number is in the future' };
  if (checkDigit(id.slice(0, 17)) !== id[17]) return { ok: false, reason: 'the check digit of the ID number is wrong' };
  return {
    ok: true,
    info: {
      region: id.slice(0, 6),
      birthDate: `${id.slice(6, 10)}-${id.slice(10, 12)}-${id.slice(12, 14)}`,
      sex: Number(id[16]) % 2 === 1 ? 'MALE' : 'FEMALE',
    },
  };
}

/** Mainland mobile numbers (11 digits from 13x–19x) and landlines with an area code (0xx-xxxxxxx). */
export const validatePhone = (phone: string): boolean => /^1[3-9]\d{9}$/.test(phone) || /^0\d{2,3}-?\d{7,8}$/.test(phone);

/** `500381********123X`: region kept for routing questions, birth date and sequence hidden. */
export const maskIdNumber = (id: string): string => (id.length === 18 ? `${id.slice(0, 6)}********${id.slice(14)}` : '*'.repeat(id.length));

/** `138****5678`. */
export const maskPhone = (phone: string): string =>
  phone.length >= 7 ? `${phone.slice(0, 3)}${'*'.repeat(phone.length - 7)}${phone.slice(-4)}` : '*'.repeat(phone.length);
