/**
 * A warning before the session ends for inactivity, with a button that keeps it alive; and,
 * once it has ended, a notice that says so and that unsaved text is kept (drafts.ts) until the
 * user has logged in again. Any call to the API counts as activity, as it does on the server.
 */
import { api, lastApiActivity, noteApiActivity } from './http.ts';

/** How long before the end the warning shows. */
const WARN_BEFORE_MS = 2 * 60 * 1000;

function banner(): HTMLElement {
  let el = document.getElementById('session-warning');
  if (!el) {
    el = document.createElement('div');
    el.id = 'session-warning';
    el.className = 'notice notice--warning session-warning';
    el.setAttribute('role', 'alert');
    document.querySelector('main')?.prepend(el);
  }
  return el;
}

export function initSessionWarning(): void {
  const idle = Number(document.querySelector<HTMLMetaElement>('meta[name="session-idle-seconds"]')?.content ?? '');
  if (!(idle > 0)) return;
  const idleMs = idle * 1000;
  let shown: 'none' | 'warning' | 'ended' = 'none';

  const keepAlive = async () => {
    const r = await api('GET', '/api/me');
    if (r.status === 200) {
      noteApiActivity();
      document.getElementById('session-warning')?.remove();
      shown = 'none';
    } else if (r.status === 401) ended();
  };

  const warn = (minutes: number) => {
    const el = banner();
    el.replaceChildren();
    const p = document.createElement('p');
    p.textContent = `Du loggas ut om ${minutes <= 1 ? 'en minut' : `${minutes} minuter`} eftersom du inte har gjort något på en stund. Osparade ändringar finns kvar i webbläsaren.`;
    const b = document.createElement('button');
    b.type = 'button';
    b.className = 'button button--secondary button--small';
    b.textContent = 'Fortsätt vara inloggad';
    b.addEventListener('click', () => void keepAlive());
    el.append(p, b);
    shown = 'warning';
  };

  const ended = () => {
    const el = banner();
    el.replaceChildren();
    const p = document.createElement('p');
    p.append('Du har loggats ut eftersom du inte har gjort något på en stund. Det du har skrivit men inte sparat finns kvar och visas igen när du har ');
    const a = document.createElement('a');
    a.href = `/login?next=${encodeURIComponent(location.pathname + location.search)}`;
    a.textContent = 'loggat in igen';
    p.append(a, '.');
    el.append(p);
    shown = 'ended';
  };

  // Typing in a form is not activity the server sees; only a save or a page load is.
  window.setInterval(() => {
    const left = idleMs - (Date.now() - lastApiActivity());
    if (left <= 0) {
      if (shown !== 'ended') ended();
    } else if (left <= WARN_BEFORE_MS && shown === 'none') warn(Math.ceil(left / 60000));
  }, 5000);
}
