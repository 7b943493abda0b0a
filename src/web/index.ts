/**
 * The browser UI of the web application: server-rendered Swedish pages on the same Hono app as
 * the JSON API (`registerWeb`), the browser module bundled at start (`client/`), and the demo
 * seed (`seed.ts`) for `prognos serve --demo` and the end-to-end tests.
 */
export { isUiPath, registerWeb, type WebUi } from './routes/index.ts';
export { seedDemo, DEMO_USERS, DEMO_PASSWORD, type DemoUser } from './seed.ts';
