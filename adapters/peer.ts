/**
 * Load an optional peer dependency, or say which package to install: the Trigger path needs none of them, so a
 * project that never uses the feature never installs it.
 */
export async function optionalPeer<T>(load: () => Promise<T>, name: string, usedFor: string): Promise<T> {
  try {
    return await load()
  } catch (error) {
    const code = (error as { code?: unknown }).code
    const missing =
      (code === 'ERR_MODULE_NOT_FOUND' || code === 'MODULE_NOT_FOUND') &&
      error instanceof Error &&
      error.message.includes(name)
    if (missing) throw new Error(`${usedFor} needs the package ${name}: install it (npm install ${name})`)
    throw error
  }
}
