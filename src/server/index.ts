/** The web application's server: `createApp` (runtime-independent Hono app) and the Node adapter. */
export { createApp, type AppOptions } from './app.ts';
export { startServer, type NodeServerOptions, type RunningServer } from './node.ts';
export { openApiDocument, ROUTE_DOCS, toOpenApiPath } from './openapi.ts';
export { hashPassword, verifyPassword, checkPasswordRules } from './password.ts';
export type { SessionUser, AppEnv } from './context.ts';
