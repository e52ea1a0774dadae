/**
 * A value built on its first use, then kept. For zod schemas a path may never need: building them costs a cold start
 * (a Lambda's import, a Worker's first request) milliseconds, whether or not a call ever uses them. And for what a
 * Worker may not make in its global scope. Annotate a module's `lazily(...)` with `@__PURE__`: a bundler then drops
 * a value no path of the app uses, and the code only it needs.
 */
export function lazily<T>(build: () => T): () => T {
  let built: { readonly value: T } | undefined
  return () => {
    built ??= { value: build() }
    return built.value
  }
}
