/**
 * What the CLI, the benchmarks and the tests share with the Node adapter beyond `voitex-trigger/node`. Not a package
 * subpath: it may change in any release.
 */
export { incomingFromNode } from './incoming.ts'
export { localGuard, type RequestGuard } from './local-guard.ts'
export { freePort, listenOnLoopback, sendOutgoing, whenParentGone } from './server.ts'
export { batchedStdout } from './stdout.ts'
export { listen } from './web.ts'
