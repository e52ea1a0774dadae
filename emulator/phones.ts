/** Phone rules as the Voitex APIs apply them (as far as the vendor text shows; see docs/client.md). */

import { tenDigits } from '../src/_internal.ts'

// Area codes the NANP does not assign to a place: N11 service codes, 555, the reserved 37X and 96X blocks, and
// 950/958/959/976. An approximation of the vendor's "unallocated_nanp" check.
const UNALLOCATED_AREA = /^(?:[2-9]11|555|37\d|96\d|950|958|959|976)$/

export type InvalidReason = 'invalid_format' | 'unallocated_nanp'

export function checkRecipient(input: string): { phone: string } | { invalid: InvalidReason } {
  const phone = tenDigits(input)
  if (!phone) return { invalid: 'invalid_format' }
  // Area codes only: the vendor's own samples send to 845-123-4567, an exchange a strict NANP check would refuse.
  const area = phone.slice(0, 3)
  if (!/^[2-9]/.test(area) || UNALLOCATED_AREA.test(area)) return { invalid: 'unallocated_nanp' }
  return { phone }
}

export function splitList(value: string | undefined): string[] {
  return (value ?? '')
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item !== '')
}
