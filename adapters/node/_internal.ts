/**
 * What the CLI, the benchmarks and the tests share with the Node adapter beyond `voitex-trigger/node`. Not a package
 * subpath: it may change in any release.
 */
export { localGuard, type RequestGuard } from './local-guard.ts'
export { freePort } from './server.ts'
export { listen } from './web.ts'
