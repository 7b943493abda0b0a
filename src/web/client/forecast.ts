/**
 * The forecast grid, live: the variance of a row and the totals follow what is typed; a cell is
 * saved on its own (PUT with the version it was read at) when it is left or Enter is pressed;
 * ↑/↓ move between the rows of the forecast column, Enter saves and goes down, Esc puts back
 * the saved value. A save that meets someone else's newer value (409) opens a dialog — keep
 * theirs or overwrite with mine (a new save on their version): nothing is silently overwritten.
 */
import { SIGNS, type SignName } from '../../core/compute/index.ts';
import { formatDateTime, formatTime, formatTkr, oreToTkr, parseTkr } from '../format.ts';
import { api } from './http.ts';

interface CellJson {
  amountOre: number | null;
  amountTkr: number | null;
  version: number;
  updatedBy: string | null;
  updatedAt: string | null;
}

interface Row {
  tr: HTMLTableRowElement;
  input: HTMLInputElement | null;
  group: string;
  activity: string;
  label: string;
  version: number;
  budgetOre: bigint;
  proposalOre: bigint;
  savedOre: bigint | null;
  savedText: string;
  investment: boolean;
  /** The cell expects a forecast (something is budgeted or booked on it): empty counts as missing. */
  expects: boolean;
  variance: HTMLElement;
  state: HTMLElement | null;
  /** Saves of this row run one after the other. */
  queue: Promise<void>;
  /** The text of a save waiting or under way: leaving the field after Enter must not save (and ask) twice. */
  pending: string | null;
}

const big = (s: string | undefined): bigint | null => (s === undefined || s === '' ? null : BigInt(s));

export function initForecastGrid(root: HTMLElement): void {
  const roundId = root.dataset.round!;
  const unit = root.dataset.unit!;
  const sign = (root.dataset.sign ?? 'net') as SignName;
  const thresholdOre = BigInt(root.dataset.thresholdOre ?? '0');
  const thresholdTkr = Number(root.dataset.thresholdTkr ?? '0');
  const editable = root.dataset.editable === 'true';
  const url = `/api/rounds/${encodeURIComponent(roundId)}/units/${encodeURIComponent(unit)}/forecast`;
  const status = document.querySelector<HTMLElement>('[data-save-status]');
  const dialog = document.querySelector<HTMLDialogElement>('[data-conflict-dialog]');
  const commentRule = document.querySelector<HTMLElement>('[data-comment-rule]');
  const s = SIGNS[sign];

  const rows: Row[] = [...root.querySelectorAll<HTMLTableRowElement>('tr[data-row]')].map((tr) => {
    const input = tr.querySelector<HTMLInputElement>('input[data-forecast-input]');
    return {
      tr,
      input,
      group: tr.dataset.group ?? '',
      activity: tr.dataset.activity ?? '',
      label: tr.dataset.label ?? '',
      version: Number(tr.dataset.version ?? '0'),
      budgetOre: big(tr.dataset.budgetOre) ?? 0n,
      proposalOre: big(tr.dataset.proposalOre) ?? 0n,
      savedOre: big(tr.dataset.savedOre),
      savedText: input?.value ?? '',
      investment: tr.dataset.investment === 'true',
      expects: tr.dataset.expects === 'true',
      variance: tr.querySelector<HTMLElement>('[data-variance]')!,
      state: tr.querySelector<HTMLElement>('[data-row-state]'),
      queue: Promise.resolve(),
      pending: null,
    };
  });
  const inputs = rows.filter((r) => r.input !== null);

  const say = (text: string): void => {
    if (!status) return;
    // Clear first so the same message twice is announced twice.
    status.textContent = '';
    window.setTimeout(() => (status.textContent = text), 30);
  };

  /** A row's own variance follows what is typed when it is a valid amount; totals count only what is saved. */
  const typed = (r: Row): bigint | null => {
    // The field shows the saved amount rounded to whole tkr: count the exact saved amount.
    if (!r.input || r.input.value === r.savedText) return r.savedOre;
    const p = parseTkr(r.input.value);
    return p.ok ? p.ore : r.savedOre;
  };
  const current = (r: Row): bigint | null => r.savedOre;

  const showVariance = (el: Element | null, v: bigint | null): void => {
    if (!el) return;
    el.textContent = v === null ? '' : formatTkr(oreToTkr(v));
    el.classList.toggle('negative', v !== null && v < 0n);
  };

  const recompute = (): void => {
    for (const r of rows) {
      const f = typed(r);
      showVariance(r.variance, f === null ? null : s.variance(f, r.budgetOre));
    }
    for (const [kind, list] of [
      ['operating', rows.filter((r) => !r.investment)],
      ['investments', rows.filter((r) => r.investment)],
    ] as const) {
      const tr = root.querySelector(`tr[data-total="${kind}"]`);
      if (!tr) continue;
      // Not entered is not zero: a total over cells without a forecast is not complete.
      const missing = list.filter((r) => r.expects && current(r) === null).length;
      const budget = list.reduce((a, r) => a + r.budgetOre, 0n);
      const forecast = list.reduce((a, r) => a + (current(r) ?? 0n), 0n);
      const f = tr.querySelector('[data-total-forecast]');
      if (f) f.textContent = missing > 0 ? `ej komplett, ${missing} ${missing === 1 ? 'cell saknas' : 'celler saknas'}` : formatTkr(oreToTkr(forecast));
      // The variance of the cells entered (what the comment rule looks at); the total's only when complete.
      const entered = list.filter((r) => current(r) !== null);
      const variance = s.variance(
        entered.reduce((a, r) => a + (current(r) ?? 0n), 0n),
        entered.reduce((a, r) => a + r.budgetOre, 0n),
      );
      showVariance(tr.querySelector('[data-total-variance]'), missing > 0 ? null : variance);
      if (kind === 'operating' && commentRule && editable) {
        const abs = variance < 0n ? -variance : variance;
        const required = abs > thresholdOre;
        commentRule.classList.toggle('comment-rule--required', required);
        commentRule.textContent = required
          ? `Avvikelsen för enheten är ${formatTkr(oreToTkr(variance))} tkr, mer än gränsen ±${formatTkr(thresholdTkr)} tkr. Skriv en kommentar som förklarar avvikelsen innan du skickar in.`
          : `En kommentar krävs när avvikelsen är större än ±${formatTkr(thresholdTkr)} tkr. Nu är den ${formatTkr(oreToTkr(variance))} tkr.`;
      }
    }
  };

  const setState = (r: Row, text: string, kind: 'saving' | 'saved' | 'error' | 'info'): void => {
    r.tr.classList.toggle('row--saving', kind === 'saving');
    r.tr.classList.toggle('row--error', kind === 'error');
    r.tr.classList.toggle('row--saved', kind === 'saved');
    if (r.state) r.state.textContent = text;
  };

  const markSaved = (r: Row, cell: CellJson, sentText: string): void => {
    r.version = cell.version;
    r.savedOre = cell.amountOre === null ? null : BigInt(cell.amountOre);
    r.savedText = formatTkr(cell.amountTkr);
    r.tr.dataset.version = String(cell.version);
    // Keep what was typed meanwhile; otherwise show the saved value in house style.
    if (r.input && r.input.value === sentText) r.input.value = r.savedText;
    r.input?.removeAttribute('aria-invalid');
  };

  /** Asks the server's question about a figure (its sign, its size); true = save it as it is. */
  const questionDialog = document.querySelector<HTMLDialogElement>('[data-question-dialog]');
  const question = (r: Row, message: string): Promise<boolean> => {
    const asked = dialogs.then(
      () =>
        new Promise<boolean>((resolve) => {
          if (!questionDialog || typeof questionDialog.showModal !== 'function') {
            resolve(window.confirm(`${message}\n\nOK = Ja, spara; Avbryt = Nej, ändra`));
            return;
          }
          questionDialog.querySelector('[data-question-text]')!.textContent = message;
          const buttons = [...questionDialog.querySelectorAll<HTMLButtonElement>('button[data-answer]')];
          const done = (yes: boolean) => {
            questionDialog.removeEventListener('cancel', onCancel);
            for (const b of buttons) b.removeEventListener('click', onClick);
            if (questionDialog.open) questionDialog.close();
            r.input?.focus();
            resolve(yes);
          };
          const onClick = (e: Event) => done((e.currentTarget as HTMLElement).dataset.answer === 'yes');
          const onCancel = (e: Event) => {
            e.preventDefault();
            done(false);
          };
          for (const b of buttons) b.addEventListener('click', onClick);
          questionDialog.addEventListener('cancel', onCancel);
          questionDialog.showModal();
          buttons[0]?.focus();
        }),
    );
    dialogs = asked.catch(() => undefined);
    return asked;
  };

  /** Asks whose value wins; resolves when the conflict is settled. One dialog at a time. */
  let dialogs: Promise<unknown> = Promise.resolve();
  const conflict = (r: Row, mine: bigint | null, mineText: string, cur: CellJson): Promise<'theirs' | 'mine'> => {
    const asked = dialogs.then(() => ask(r, mine, mineText, cur));
    dialogs = asked.catch(() => undefined);
    return asked;
  };
  const ask = (r: Row, mine: bigint | null, mineText: string, cur: CellJson): Promise<'theirs' | 'mine'> =>
    new Promise((resolve) => {
      const theirs = cur.amountTkr === null ? 'tomt' : `${formatTkr(cur.amountTkr)} tkr`;
      const who = `${cur.updatedBy ?? 'okänd'}, ${formatDateTime(cur.updatedAt)}`;
      const text = `Någon annan (${who}) har ändrat värdet för ${r.label} till ${theirs}. Ditt värde är ${mine === null ? 'tomt' : `${formatTkr(oreToTkr(mine))} tkr`}.`;
      if (!dialog || typeof dialog.showModal !== 'function') {
        resolve(window.confirm(`${text}\n\nOK = Skriv över med mitt, Avbryt = Behåll deras`) ? 'mine' : 'theirs');
        return;
      }
      dialog.querySelector('[data-conflict-text]')!.textContent = text;
      const done = (choice: 'theirs' | 'mine') => {
        dialog.removeEventListener('cancel', onCancel);
        for (const b of buttons) b.removeEventListener('click', onClick);
        if (dialog.open) dialog.close();
        r.input?.focus();
        resolve(choice);
      };
      const onClick = (e: Event) => done((e.currentTarget as HTMLElement).dataset.choice === 'mine' ? 'mine' : 'theirs');
      const onCancel = (e: Event) => {
        e.preventDefault();
        done('theirs');
      };
      const buttons = [...dialog.querySelectorAll<HTMLButtonElement>('button[data-choice]')];
      for (const b of buttons) b.addEventListener('click', onClick);
      dialog.addEventListener('cancel', onCancel);
      dialog.showModal();
      buttons[0]?.focus();
    });

  /** One save of a row's value, with the conflict dialog; runs in the row's queue. */
  const save = (r: Row, ore: bigint | null, sentText: string, computed = false): Promise<void> => {
    const run = async (): Promise<void> => {
      // A save whose text is no longer in the field was overtaken (Enter and then leaving the
      // field both commit; a conflict was settled by keeping theirs): it must not run.
      if (r.input && r.input.value !== sentText) return;
      if (ore === r.savedOre) {
        if (r.input) r.input.value = r.savedText;
        return;
      }
      setState(r, 'Sparar …', 'saving');
      let version = r.version;
      // A computed proposal is no slip of the hand: the server's questions are answered for it.
      const confirm: string[] = computed ? ['sign', 'plausibility'] : [];
      for (;;) {
        const res = await api<{ cell: CellJson }>('PUT', url, { group: r.group, activity: r.activity, amountOre: ore === null ? null : Number(ore), ...(confirm.length > 0 ? { confirm } : {}), version });
        if (res.status === 200) {
          markSaved(r, res.body.cell, sentText);
          const at = formatTime(new Date());
          setState(r, `Sparad ${at}`, 'saved');
          say(`Sparat: ${r.label}, ${r.savedText === '' ? 'tomt' : `${r.savedText} tkr`}.`);
          return;
        }
        const err = res.body.error;
        // The server asks about the figure (a sign against budget and actual, a size beyond the
        // round's multiple): the person answers; "no" leaves the cell unsaved, with the cursor on it.
        const asks = (err as { needsConfirmation?: string[] } | undefined)?.needsConfirmation;
        if (res.status === 400 && asks && asks.length > 0) {
          setState(r, 'Väntar på svar', 'info');
          if (await question(r, `${err!.message.charAt(0).toUpperCase()}${err!.message.slice(1)}`)) {
            confirm.push(...asks.filter((k) => !confirm.includes(k)));
            continue;
          }
          setState(r, 'Inte sparad', 'error');
          r.input?.setAttribute('aria-invalid', 'true');
          r.input?.focus();
          say(`${r.label} är inte sparad. Ändra beloppet och spara igen.`);
          return;
        }
        if (res.status === 409 && err?.field === 'version' && err.current) {
          const cur = err.current as CellJson;
          const choice = await conflict(r, ore, sentText, cur);
          if (choice === 'mine') {
            version = cur.version;
            continue;
          }
          markSaved(r, cur, r.input?.value ?? '');
          if (r.input) r.input.value = r.savedText;
          setState(r, `Behöll värdet från ${cur.updatedBy ?? 'någon annan'}`, 'info');
          say(`Ditt värde för ${r.label} sparades inte; värdet från ${cur.updatedBy ?? 'någon annan'} (${r.savedText === '' ? 'tomt' : `${r.savedText} tkr`}) gäller.`);
          recompute();
          return;
        }
        const message =
          res.status === 0
            ? 'Kunde inte spara: ingen kontakt med servern. Kontrollera anslutningen och försök igen.'
            : res.status === 401
              ? 'Du är inte längre inloggad. Logga in igen (i en ny flik) och spara sedan; ditt värde finns kvar här.'
              : `Kunde inte spara ${r.label}: ${err?.message ?? `fel ${res.status}`}.`;
        setState(r, 'Inte sparad', 'error');
        r.input?.setAttribute('aria-invalid', 'true');
        say(message);
        return;
      }
    };
    if (r.pending === sentText) return r.queue;
    r.pending = sentText;
    const p = r.queue
      .then(run)
      .finally(() => {
        r.pending = null;
        recompute();
      });
    r.queue = p.catch(() => undefined);
    return p;
  };

  /** Saves the row when its text is a valid amount different from the saved one; false when it is not an amount. */
  const commit = (r: Row, computed = false): boolean => {
    if (!r.input) return true;
    const text = r.input.value;
    const p = parseTkr(text);
    if (!p.ok) {
      // The cursor stays on a cell that is not an amount ("12.500" is asked back, never guessed).
      r.input.setAttribute('aria-invalid', 'true');
      setState(r, p.message.startsWith('Menar du') ? 'Otydligt belopp' : 'Ogiltigt belopp', 'error');
      say(`${r.label}: ${p.message}`);
      return false;
    }
    r.input.removeAttribute('aria-invalid');
    if (p.ore === r.savedOre) {
      r.input.value = r.savedText;
      return true;
    }
    void save(r, p.ore, text, computed);
    return true;
  };

  const move = (r: Row, step: number): void => {
    const i = inputs.indexOf(r);
    const next = inputs[i + step];
    if (next?.input) {
      next.input.focus();
      next.input.select();
    }
  };

  if (editable) {
    for (const r of inputs) {
      const input = r.input!;
      input.addEventListener('input', () => {
        input.removeAttribute('aria-invalid');
        recompute();
      });
      input.addEventListener('change', () => void commit(r));
      input.addEventListener('keydown', (e) => {
        if (e.key === 'Enter') {
          e.preventDefault();
          if (commit(r)) move(r, 1);
        } else if (e.key === 'ArrowDown') {
          e.preventDefault();
          move(r, 1);
        } else if (e.key === 'ArrowUp') {
          e.preventDefault();
          move(r, -1);
        } else if (e.key === 'Escape') {
          if (input.value !== r.savedText) {
            e.preventDefault();
            input.value = r.savedText;
            input.removeAttribute('aria-invalid');
            recompute();
            say(`Ändringen av ${r.label} är ångrad.`);
          }
        }
      });
      input.addEventListener('focus', () => input.select());
      // The row's own form (the fallback without JavaScript) is not needed any more.
      const form = input.form;
      form?.addEventListener('submit', (e) => {
        e.preventDefault();
        void commit(r);
      });
      r.tr.querySelector<HTMLButtonElement>('button[data-use-proposal]')?.addEventListener('click', (e) => {
        e.preventDefault();
        input.value = formatTkr(oreToTkr(r.proposalOre));
        recompute();
        void commit(r, true);
        input.focus();
      });
    }

    const useAll = document.querySelector<HTMLFormElement>('form[data-use-all-form]');
    useAll?.addEventListener('submit', async (e) => {
      e.preventDefault();
      const targets = inputs.filter((r) => r.savedOre !== r.proposalOre && !(r.savedOre === null && r.proposalOre === 0n));
      for (const r of targets) r.input!.value = formatTkr(oreToTkr(r.proposalOre));
      recompute();
      for (const r of targets) commit(r, true);
      await Promise.all(targets.map((r) => r.queue));
      say(targets.length ? `Förslagen är använda för ${targets.length} rader.` : 'Alla rader har redan förslagets värde.');
    });

    // Submitting waits for the saves under way, and saves a changed comment first.
    const submitForm = document.getElementById('submit-form') as HTMLFormElement | null;
    const comment = document.querySelector<HTMLTextAreaElement>('[data-comment]');
    const commentVersion = document.querySelector<HTMLInputElement>('[data-comment-version]');
    submitForm?.addEventListener('submit', async (e) => {
      e.preventDefault();
      const button = submitForm.querySelector('button');
      button?.setAttribute('disabled', '');
      const focused = document.activeElement;
      const row = inputs.find((r) => r.input === focused);
      if (row) commit(row);
      await Promise.all(rows.map((r) => r.queue));
      if (comment && commentVersion && comment.value !== comment.defaultValue) {
        const res = await api<{ unit: { comment: { version: number } } }>('PUT', `/api/rounds/${encodeURIComponent(roundId)}/units/${encodeURIComponent(unit)}/comment`, {
          text: comment.value,
          version: Number(commentVersion.value),
        });
        if (res.status !== 200) {
          button?.removeAttribute('disabled');
          say(`Kommentaren kunde inte sparas: ${res.body.error?.message ?? `fel ${res.status}`}.`);
          comment.focus();
          return;
        }
        commentVersion.value = String(res.body.unit.comment.version);
        comment.defaultValue = comment.value;
      }
      submitForm.submit();
    });

    // Saves run with keepalive, so leaving the page does not lose them; a value that could not be saved does warn.
    window.addEventListener('beforeunload', (e) => {
      if (inputs.some((r) => r.tr.classList.contains('row--error') && r.input!.value !== r.savedText)) e.preventDefault();
    });
  }
  recompute();
}
