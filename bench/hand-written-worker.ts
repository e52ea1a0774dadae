import { handWrittenApp } from './hand-written-app.ts'

// The hand-written Hono + zod handler as a Worker, as its author would export it.
export default handWrittenApp
