/** The start page "Att göra". */
import { todoBody, type TodoJson } from '../pages/todo.ts';
import type { Kit } from './kit.ts';

export function registerTodoPages(k: Kit): void {
  const { app, send, page } = k;
  app.get(
    '/todo',
    page(async (c, v) => {
      const todo = await v.api.get<TodoJson>('/api/todo');
      return send(c, { title: 'Att göra', assets: v.urls, me: v.me, section: 'todo', body: todoBody({ me: v.me, todo }) });
    }),
  );
}
