import { vi } from 'vitest'

/** Import a platform entry module fresh, as its runtime would, with `env` in place when it reads it at load. */
export async function importWithEnv<T>(load: () => Promise<T>, env: Record<string, string>): Promise<T> {
  vi.resetModules()
  Object.assign(process.env, env)
  return load()
}
