import { renameSync, writeFileSync } from 'node:fs'
import { Session } from 'node:inspector/promises'

// Loaded into a benchmarked Node server (`--import`). The first SIGUSR2 starts V8's sampling heap profiler, counting
// objects the garbage collector has already freed too (so every allocation, not only what survives), and writes
// `sampling` to BENCH_ALLOCATION_FILE; the second writes there the bytes allocated meanwhile, by function. Unlike CPU
// time, what a request allocates does not move with the machine's load, and its garbage is the GC's work.
const file = process.env.BENCH_ALLOCATION_FILE
if (file) {
  const session = new Session()
  session.connect()
  let sampling = false
  process.on('SIGUSR2', async () => {
    if (!sampling) {
      sampling = true
      await session.post('HeapProfiler.startSampling', {
        samplingInterval: 256,
        includeObjectsCollectedByMajorGC: true,
        includeObjectsCollectedByMinorGC: true,
      })
      writeFileSync(file, 'sampling')
      return
    }
    sampling = false
    const { profile } = await session.post('HeapProfiler.stopSampling')
    // Whole or not at all: the benchmark reads the file as soon as it holds JSON.
    writeFileSync(`${file}.part`, JSON.stringify(bytesByFunction(profile.head)))
    renameSync(`${file}.part`, file)
  })
}

interface SampledNode {
  readonly callFrame: { readonly functionName: string; readonly url: string }
  readonly selfSize: number
  readonly children: readonly SampledNode[]
}

/** Sampled bytes by function (`name file`), over the whole profile. */
function bytesByFunction(head: SampledNode): Record<string, number> {
  const bytes: Record<string, number> = {}
  const pending = [head]
  for (let node = pending.pop(); node; node = pending.pop()) {
    const key = `${node.callFrame.functionName || '(anonymous)'} ${node.callFrame.url.replace(/^.*\//, '')}`
    bytes[key] = (bytes[key] ?? 0) + node.selfSize
    pending.push(...node.children)
  }
  return bytes
}
