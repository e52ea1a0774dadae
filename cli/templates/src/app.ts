import { createTriggerApp } from 'voitex-trigger'
import { appointments } from './flow'

/** Your call-flow app: every platform entry (worker.ts, lambda.ts, node.ts, api/index.ts) binds it to a store. */
export const app = createTriggerApp({ flows: { default: appointments, appointments } })
export default app
