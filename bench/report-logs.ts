import { once } from 'node:events'
import { createWriteStream } from 'node:fs'
import { generateTraffic } from '../fixtures/report-logs.ts'

// `npx tsx bench/report-logs.ts FILE [LINES] [cloudwatch|stdout]`: a log of LINES lines (default 1,000,000) for timing
// `voitex-trigger report` on a day of traffic: real lines of 1,000 requests, repeated with fresh call ids and times
// (100 requests a second), as CloudWatch holds them (with Lambda's START/END lines between), or as stdout (every line
// ours: the most work per line). Measure with
//   /usr/bin/time -v npm run -s cli -- report FILE --json > /dev/null
const [file = 'report-bench.log', count = '1000000', format = 'cloudwatch'] = process.argv.slice(2)
const wanted = Number(count)
const sample = await generateTraffic(1000)
const out = createWriteStream(file)
const start = Date.UTC(2023, 6, 20, 4, 0, 0)
let lines = 0
for (let request = 0; lines < wanted; request++) {
  const exchange = sample[request % sample.length]
  if (!exchange) break
  const at = new Date(start + request * 10).toISOString()
  const id = `8d1f${request.toString(16).padStart(8, '0')}-5c2b-4b7e-9a43-2f1c0e6d7a10`
  const callId = `AST10-${1689867312 + Math.floor(request / 3)}.${request % 1000}`
  const ours = exchange.lines.map((line) => line.replace(exchange.callId || '\u0000', callId))
  const chunk =
    format === 'stdout'
      ? ours
      : [
          `START RequestId: ${id} Version: $LATEST`,
          ...ours.map((line) => `${at}\t${id}\tINFO\t${line}`),
          `END RequestId: ${id}`,
        ]
  lines += chunk.length
  if (!out.write(`${chunk.join('\n')}\n`)) await once(out, 'drain')
}
out.end()
await once(out, 'finish')
console.log(`${file}: ${lines} lines`)
