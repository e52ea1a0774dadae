/** The emulator's in-memory world: contacts and labels, recordings, and everything "sent". */

export type PhoneType = 'H' | 'M'

interface ContactPhone {
  phone: string
  type: PhoneType
}

export interface StoredContact {
  readonly id: number
  fields: Record<string, string | null>
  phones: ContactPhone[]
  labels: Set<number>
}

export interface Recording {
  readonly id: string
  readonly album: number
  readonly sort: number
  readonly kind: 'file' | 'tts'
  readonly displayName?: string | undefined
  readonly text?: string | undefined
  readonly fileName?: string | undefined
  readonly bytes?: number | undefined
}

export interface SentSms {
  readonly api: 'sms' | 'notify'
  readonly from: string
  readonly to: string
  readonly body: string
  readonly scheduledFor?: string | undefined
  /** MMS: the names of the files sent with it. */
  readonly attachments?: readonly string[] | undefined
  readonly reference: string
}

export interface SentCall {
  readonly api: 'notification-call' | 'notify'
  readonly from: string
  readonly to: string
  readonly callType: 'goto' | 'stream'
  readonly branchNumber?: string | undefined
  readonly routeNumber?: string | undefined
  readonly recording?: string | undefined
  readonly scheduledFor?: string | undefined
  readonly reference: string
}

/** The contact fields `select` returns, in its order; "plus any additional enabled custom fields". */
export const CONTACT_FIELDS = [
  'first_name',
  'last_name',
  'email',
  'notes',
  'exp',
  'address',
  'city',
  'state',
  'zip',
  ...Array.from('abcdefghij', (letter) => `field_${letter}`),
] as const

export class EmulatorState {
  readonly contacts: StoredContact[] = []
  readonly labels: Set<number>
  readonly recordings: Recording[] = []
  readonly sms: SentSms[] = []
  readonly calls: SentCall[] = []
  #nextId = 1
  #sequence = 0

  constructor(labels: Iterable<number> = Array.from({ length: 10 }, (_, i) => i + 1)) {
    this.labels = new Set(labels)
  }

  nextId(): number {
    return this.#nextId++
  }

  /** The three-digit sequence that ends batch and group ids. */
  nextSequence(): string {
    this.#sequence = (this.#sequence + 1) % 1000
    return String(this.#sequence).padStart(3, '0')
  }

  contactByPhone(phone: string): StoredContact | undefined {
    return this.contacts.find((contact) => contact.phones.some((entry) => entry.phone === phone))
  }

  /** What tests inspect: everything sent and stored, as plain JSON. */
  snapshot() {
    return {
      sms: this.sms,
      calls: this.calls,
      recordings: this.recordings,
      contacts: this.contacts.map((contact) => ({ ...contact, labels: [...contact.labels].sort((a, b) => a - b) })),
      labels: [...this.labels].sort((a, b) => a - b),
    }
  }
}
