import type { Branch } from './map.ts'

/** What a simulated call records: each thing the caller heard and did, each Trigger hop, how it ended. */

export type EndKind = 'transfer' | 'queue' | 'voicemail' | 'hangup' | 'caller-hung-up' | 'loop'

export type TranscriptEntry =
  | {
      readonly kind: 'enter'
      readonly branch: string
      readonly type: Branch['type']
      readonly name?: string | undefined
    }
  | { readonly kind: 'heard'; readonly branch: string; readonly text: string }
  | {
      readonly kind: 'waiting'
      readonly branch: string
      readonly for: 'keys' | 'payment'
      readonly keys: readonly string[]
    }
  | { readonly kind: 'pressed'; readonly branch: string; readonly keys: string }
  | { readonly kind: 'waited'; readonly branch: string }
  | { readonly kind: 'paid'; readonly branch: string; readonly amount: string; readonly lastFour: string }
  | { readonly kind: 'request'; readonly branch: string; readonly trigger: string; readonly body: unknown }
  | {
      readonly kind: 'response'
      readonly branch: string
      readonly status: number
      readonly body: string
      readonly route?: string | undefined
      /** The version of the flow that answered, when the endpoint says. */
      readonly version?: string | undefined
    }
  | { readonly kind: 'no-route'; readonly branch: string; readonly reason: string; readonly to: string }
  | { readonly kind: 'ended'; readonly branch: string; readonly how: EndKind }

export interface Card {
  readonly number: string
  readonly expiration: string
  readonly cvv: string
  readonly zip: string
  readonly phone: string
}

/** A test card: its data goes into payment_info as the platform would send it, and never into a transcript. */
export const TEST_CARD: Card = {
  number: '4242424242424242',
  expiration: '1229',
  cvv: '737',
  zip: '10950',
  phone: '8451239876',
}
