import { createServer } from 'node:http'
import { parseRawBody } from './raw-body.ts'

// The floor for the Node benchmark: raw node:http that reads the body, parses it as JSON and sends one fixed answer.
// Whatever any server does beyond this is the price of its framework and its work.
const ANSWER = JSON.stringify({ goto: '0' })
const server = createServer((request, response) => {
  parseRawBody(request, () => {
    response.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(ANSWER) })
    response.end(ANSWER)
  })
})
server.listen(Number(process.env.PORT ?? 8791), '127.0.0.1')
