import { tenDigits } from '../src/_internal.ts'
import { splitList } from './phones.ts'
import { type Params, type Reply, refuse, succeed } from './reply.ts'
import { CONTACT_FIELDS, type EmulatorState, type PhoneType, type StoredContact } from './state.ts'

function phoneType(value: string | undefined): PhoneType | undefined {
  const type = value?.trim().toUpperCase()
  return type === 'H' || type === 'M' ? type : undefined
}

function labelNumbers(state: EmulatorState, value: string | undefined): { labels: number[] } | { unknown: string[] } {
  const items = splitList(value)
  const unknown = items.filter((item) => !/^\d+$/.test(item) || !state.labels.has(Number(item)))
  return unknown.length > 0 ? { unknown } : { labels: items.map(Number) }
}

const notFound = (phone: string) => refuse(`No contact found for phone: ${phone}`)

/** POST /contacts/ with `function` create | update | delete | select. */
export function contacts(state: EmulatorState, params: Params): Reply {
  const locator = tenDigits(params.phone ?? '')
  switch (params.function) {
    case 'create':
      return create(state, params)
    case 'update':
      return locator ? update(state, params, locator) : refuse('No valid phone number provided')
    case 'delete': {
      if (!locator) return refuse('No valid phone number provided')
      const contact = state.contactByPhone(locator)
      if (!contact) return notFound(locator)
      state.contacts.splice(state.contacts.indexOf(contact), 1)
      return succeed({ data: 'Contact deleted successfully' })
    }
    case 'select': {
      if (!locator) return refuse('No valid phone number provided')
      const contact = state.contactByPhone(locator)
      return contact ? succeed({ data: selected(contact) }) : notFound(locator)
    }
    default:
      return refuse('function must be create, update, delete or select')
  }
}

function create(state: EmulatorState, params: Params): Reply {
  const given = splitList(params.phone)
  const phones = given.map((phone) => tenDigits(phone))
  if (given.length === 0 || phones.some((phone) => phone === undefined)) return refuse('No valid phone number provided')
  const valid = [...new Set(phones as string[])]
  const taken = valid.filter((phone) => state.contactByPhone(phone))
  if (taken.length > 0) return refuse(`contact already exists with phone(s): ${taken.join(',')}`)
  const labels = labelNumbers(state, params.label)
  if ('unknown' in labels) return refuse(`Invalid label(s): ${labels.unknown.join(',')}`)
  const type = phoneType(params.phone_type) ?? 'H'
  const fields: Record<string, string | null> = Object.fromEntries(
    CONTACT_FIELDS.map((field) => [field, field === 'exp' ? null : '']),
  )
  fields.first_name = params.first_name ?? ''
  fields.last_name = params.last_name ?? ''
  state.contacts.push({
    id: state.nextId(),
    fields,
    phones: valid.map((phone) => ({ phone, type })),
    labels: new Set(labels.labels),
  })
  return succeed({ data: 'Contact created' })
}

/** Every part is checked before anything changes: a failed update changes nothing. */
function update(state: EmulatorState, params: Params, locator: string): Reply {
  const contact = state.contactByPhone(locator)
  if (!contact) return notFound(locator)
  const adding = params.add_phone === undefined ? undefined : tenDigits(params.add_phone)
  if (params.add_phone !== undefined && !adding) return refuse(`Invalid phone number: ${params.add_phone}`)
  if (adding) {
    const owner = state.contactByPhone(adding)
    if (owner && owner !== contact) return refuse(`Phone ${adding} belongs to another contact`)
  }
  const removing = params.remove_phone === undefined ? undefined : tenDigits(params.remove_phone)
  if (params.remove_phone !== undefined) {
    if (!removing || !contact.phones.some((entry) => entry.phone === removing))
      return refuse(`Phone ${params.remove_phone} is not on this contact`)
    const remaining =
      contact.phones.filter((entry) => entry.phone !== removing).length + (adding && adding !== removing ? 1 : 0)
    if (remaining === 0) return refuse('Cannot remove the last phone of a contact; delete the contact instead')
  }
  const added = labelNumbers(state, params.add_label)
  const removed = labelNumbers(state, params.remove_label)
  const unknown = [...('unknown' in added ? added.unknown : []), ...('unknown' in removed ? removed.unknown : [])]
  if (unknown.length > 0) return refuse(`Invalid label(s): ${unknown.join(',')}`)

  for (const [name, value] of Object.entries(params)) {
    if (CONTACT_FIELDS.includes(name as (typeof CONTACT_FIELDS)[number]))
      contact.fields[name] = value === '' || value === undefined ? (name === 'exp' ? null : '') : value
  }
  const locatorType = phoneType(params.phone_type)
  const locatorEntry = contact.phones.find((entry) => entry.phone === locator)
  if (locatorType && locatorEntry) locatorEntry.type = locatorType
  if (adding) {
    const existing = contact.phones.find((entry) => entry.phone === adding)
    const type = phoneType(params.add_phone_type)
    if (existing) existing.type = type ?? existing.type
    else contact.phones.push({ phone: adding, type: type ?? 'H' })
  }
  if (removing) contact.phones = contact.phones.filter((entry) => entry.phone !== removing)
  if ('labels' in added) for (const label of added.labels) contact.labels.add(label)
  if ('labels' in removed) for (const label of removed.labels) contact.labels.delete(label)
  return succeed({ data: 'Contact updated' })
}

function selected(contact: StoredContact) {
  return {
    contact: { ...contact.fields },
    phones: contact.phones.map((entry) => ({ ...entry })),
    labels: [...contact.labels].sort((a, b) => a - b),
  }
}
