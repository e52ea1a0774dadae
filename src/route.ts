/**
 * The route a flow named (`reply().route(...)`), for the simulator and debugging; the IVR ignores it. Its own module,
 * so the simulator (also bundled for the browser by `voitex-trigger dev`) reads it without the app and its router.
 */
export const ROUTE_HEADER = 'x-trigger-route'

/** On a fallback answer, why the flow's own decision was not sent (`deadline`, `flow_error`…): for replay and tests. */
export const FALLBACK_HEADER = 'x-trigger-fallback'

/**
 * The version of the flow that answered (`stable`, `next`…), on every answer. Local tools (dev's page, the simulator
 * in-process, replay) also send it to ask for a version; deployed endpoints ignore it in a request.
 */
export const VERSION_HEADER = 'x-trigger-version'
