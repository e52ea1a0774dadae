import { vi } from 'vitest'

/**
 * Import a platform entry module fresh, as its runtime would, with `env` in place while it loads (entries read their
 * environment at load). The environment is restored right after, so no later test inherits it.
 */
export async function importWithEnv<T>(load: () => Promise<T>, env: Record<string, string | undefined>): Promise<T> {
  vi.resetModules()
  const saved = Object.fromEntries(Object.keys(env).map((name) => [name, process.env[name]]))
  setEnv(env)
  try {
    return await load()
  } finally {
    setEnv(saved)
  }
}

function setEnv(values: Record<string, string | undefined>): void {
  for (const [name, value] of Object.entries(values)) {
    if (value === undefined) delete process.env[name]
    else process.env[name] = value
  }
}
