/**
 * A value built on its first use, then kept. For zod schemas a path may never need: building them costs a cold start
 * (a Lambda's import, a Worker's first request) milliseconds, whether or not a call ever uses them. And for what a
 * Worker may not make in its global scope.
 */
export function lazily<T>(build: () => T): () => T {
  let built: { readonly value: T } | undefined
  return () => {
    built ??= { value: build() }
    return built.value
  }
}
