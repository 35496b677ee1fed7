import { checkDigit } from '@gridhub/kit';
import type { Random } from './random';
import type { Sex } from './names';

/**
 * Where floating residents (流动人口) are registered: other Chongqing districts and the neighbouring provinces
 * that send most migrants to Jiangjin (Sichuan, Guizhou, Hunan, Hubei).
 */
export const FLOATING_REGIONS = ['500113', '500106', '500110', '500116', '500101', '510722', '511602', '511303', '520102', '522121', '430104', '421002'];

/**
 * A valid 18-character ID number: region, birth date, a sequence whose last digit is odd for men and even
 * for women, and the check character. `taken` keeps numbers unique across the whole plan.
 */
export function idNumber(r: Random, region: string, birthDate: string, sex: Sex, taken: Set<string>): string {
  const born = birthDate.replaceAll('-', '');
  for (;;) {
    const order = r.int(0, 99) * 10 + r.int(0, 4) * 2 + (sex === 'MALE' ? 1 : 0);
    const first17 = `${region}${born}${String(order).padStart(3, '0')}`;
    const id = first17 + checkDigit(first17);
    if (!taken.has(id)) {
      taken.add(id);
      return id;
    }
  }
}
