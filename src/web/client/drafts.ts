/**
 * Nothing typed is lost: every form marked `data-draft` keeps what the user types in the
 * browser's localStorage until the server shows the same values. So a page reload after saving
 * another form on the page, a session that timed out (log in again, come back) or a closed tab
 * brings the text back, with a notice and a way to discard it. Leaving a page with unsaved
 * changes asks first.
 *
 * Drafts are per user (a shared computer never shows one user's text to the next) and keep the
 * form's hidden `version`, so a draft saved over a newer version gets the usual conflict (409)
 * instead of overwriting someone else's change. The CSRF token is never stored.
 */

type Fields = Record<string, string>;

interface Draft {
  fields: Fields;
  savedAt: number;
}

const PREFIX = 'prognos:draft:';
/** Older drafts are dropped: a week-old text is more likely stale than wanted. */
const MAX_AGE_MS = 7 * 24 * 3600 * 1000;

const userKey = (): string | null => document.querySelector<HTMLMetaElement>('meta[name="prognos-user"]')?.content ?? null;

function storage(): Storage | null {
  try {
    return window.localStorage;
  } catch {
    return null; // storage disabled: the page still works, only without drafts
  }
}

function draftKey(form: HTMLFormElement, user: string): string {
  return `${PREFIX}${user}:${location.pathname}:${new URL(form.action, location.href).pathname}`;
}

/** The form's own values (not the CSRF token, not buttons). */
function values(form: HTMLFormElement): Fields {
  const out: Fields = {};
  for (const el of Array.from(form.elements)) {
    if (!(el instanceof HTMLInputElement || el instanceof HTMLTextAreaElement || el instanceof HTMLSelectElement)) continue;
    if (!el.name || el.name === '_csrf' || el.disabled) continue;
    if (el instanceof HTMLInputElement && (el.type === 'submit' || el.type === 'button' || el.type === 'password' || el.type === 'file')) continue;
    if (el instanceof HTMLInputElement && (el.type === 'checkbox' || el.type === 'radio')) {
      if (el.checked) out[el.name] = el.value;
      continue;
    }
    out[el.name] = el.value;
  }
  return out;
}

function restore(form: HTMLFormElement, fields: Fields): void {
  for (const el of Array.from(form.elements)) {
    if (!(el instanceof HTMLInputElement || el instanceof HTMLTextAreaElement || el instanceof HTMLSelectElement)) continue;
    if (!el.name || el.name === '_csrf') continue;
    if (el instanceof HTMLInputElement && (el.type === 'checkbox' || el.type === 'radio')) el.checked = fields[el.name] === el.value;
    else if (el.name in fields) el.value = fields[el.name]!;
    // Other enhancements (the text preview) follow the restored value.
    el.dispatchEvent(new Event('input', { bubbles: false }));
  }
}

/** Names of the fields the user can change (not the hidden `version` and the like). */
function editable(form: HTMLFormElement): Set<string> {
  const out = new Set<string>();
  for (const el of Array.from(form.elements)) {
    if (el instanceof HTMLInputElement && el.type === 'hidden') continue;
    if ((el instanceof HTMLInputElement || el instanceof HTMLTextAreaElement || el instanceof HTMLSelectElement) && el.name) out.add(el.name);
  }
  return out;
}

/** The same as far as the user can tell: a saved draft differs from the page only in its version. */
const same = (a: Fields, b: Fields, names: Set<string>): boolean => {
  for (const k of names) if ((a[k] ?? '') !== (b[k] ?? '')) return false;
  return true;
};

function restoredNotice(form: HTMLFormElement, draft: Draft, discard: () => void): void {
  const box = document.createElement('div');
  box.className = 'notice notice--warning draft-notice';
  box.setAttribute('role', 'status');
  const time = new Date(draft.savedAt).toLocaleString('sv-SE', { dateStyle: 'short', timeStyle: 'short' });
  const p = document.createElement('p');
  p.textContent = `Osparade ändringar från ${time} har återställts. Spara dem, eller ångra dem.`;
  const undo = document.createElement('button');
  undo.type = 'button';
  undo.className = 'button button--quiet button--small';
  undo.textContent = 'Ångra de osparade ändringarna';
  undo.addEventListener('click', () => {
    discard();
    box.remove();
  });
  box.append(p, undo);
  form.prepend(box);
}

export function initDrafts(): void {
  const store = storage();
  const user = userKey();
  if (!store || !user) return;
  const forms = Array.from(document.querySelectorAll<HTMLFormElement>('form[data-draft]'));
  const dirty = new Set<HTMLFormElement>();
  let submitting: HTMLFormElement | null = null;

  // Old drafts of this user go; other users' drafts are never read.
  for (let i = store.length - 1; i >= 0; i--) {
    const k = store.key(i);
    if (!k?.startsWith(`${PREFIX}${user}:`)) continue;
    try {
      const d = JSON.parse(store.getItem(k) ?? '') as Draft;
      if (Date.now() - d.savedAt > MAX_AGE_MS) store.removeItem(k);
    } catch {
      store.removeItem(k);
    }
  }

  for (const form of forms) {
    const key = draftKey(form, user);
    const server = values(form);
    const names = editable(form);
    const raw = store.getItem(key);
    if (raw) {
      try {
        const draft = JSON.parse(raw) as Draft;
        if (same(draft.fields, server, names)) store.removeItem(key); // saved: the server shows it
        else {
          restore(form, draft.fields);
          dirty.add(form);
          restoredNotice(form, draft, () => {
            store.removeItem(key);
            restore(form, server);
            dirty.delete(form);
          });
        }
      } catch {
        store.removeItem(key);
      }
    }
    const changed = () => {
      const now = values(form);
      if (same(now, server, names)) {
        store.removeItem(key);
        dirty.delete(form);
        return;
      }
      try {
        store.setItem(key, JSON.stringify({ fields: now, savedAt: Date.now() } satisfies Draft));
      } catch {
        // full storage: the unload warning still protects the text
      }
      dirty.add(form);
    };
    form.addEventListener('input', changed);
    form.addEventListener('change', changed);
    // The draft stays until a page shows the saved values: a save that fails (a conflict, a
    // timed-out session) keeps it, and so do the other forms' drafts, restored after the reload.
    form.addEventListener('submit', () => {
      submitting = form;
    });
  }

  // Logging out ends the drafts of this browser for this user (a shared computer).
  document.querySelector<HTMLFormElement>('form[action="/logout"]')?.addEventListener('submit', (e) => {
    const mine: string[] = [];
    for (let i = 0; i < store.length; i++) {
      const k = store.key(i);
      if (k?.startsWith(`${PREFIX}${user}:`)) mine.push(k);
    }
    if (mine.length > 0 && !window.confirm('Du har osparade ändringar. Om du loggar ut tas de bort. Logga ut ändå?')) {
      e.preventDefault();
      return;
    }
    submitting = e.currentTarget as HTMLFormElement;
    for (const k of mine) store.removeItem(k);
  });

  // Leaving by a link or closing the tab with unsaved text asks first (the draft is kept anyway).
  window.addEventListener('beforeunload', (e) => {
    if (submitting || dirty.size === 0) return;
    e.preventDefault();
    e.returnValue = '';
  });
}
