/** A trigger app as a Vercel Function (Node.js runtime) with a Web-standard fetch handler. */
export function toVercelFunction(app: { fetch(request: Request): Response | Promise<Response> }) {
  return { fetch: (request: Request): Promise<Response> => Promise.resolve(app.fetch(request)) }
}
