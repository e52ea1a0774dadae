// The floor for the Worker benchmark: a module Worker that reads the body, parses it as JSON and sends one fixed
// answer. Whatever a Worker does beyond this is the price of its framework and its work.
const ANSWER = JSON.stringify({ goto: '0' })

export default {
  async fetch(request: Request): Promise<Response> {
    if (request.method === 'POST') {
      try {
        await request.json()
      } catch {}
    }
    return new Response(ANSWER, { headers: { 'content-type': 'application/json' } })
  },
}
