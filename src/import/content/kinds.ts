/** One record builder per content kind: the rules within one file (references, uniqueness). */
import { badInput, type InputLocation } from '../../core/errors/index.ts';
import { ASSIGNMENT_STATUSES, GOAL_STATUSES, type AssignmentStatus, type GoalKind, type GoalRelation, type GoalStatus, type TargetType } from '../../core/domain/followup.ts';
import { uniqueCheck, type Row } from '../tabular/index.ts';
import type { Breakdown } from './kolada.ts';
import { type GoalRecord, GOAL_RULES, type GoalStatusRecord, type AssignmentRecord, type AssignmentStatusRecord, type MeasureRecord, type IndicatorRecord, type IndicatorValueRecord, type ObservationRecord, type NarrativeRecord, type RollforwardRecord } from './records.ts';
import { type Choice, choice, codeCell, roundCell, decimalCell, requiredDecimal, kronorCell, key } from './cells.ts';

export const GOAL_KINDS: readonly Choice<GoalKind>[] = [
  { value: 'strategic', label: 'strategiskt mål', aliases: ['strategiskt mål', 'KF-mål'] },
  { value: 'board', label: 'nämndmål', aliases: ['nämndmål'] },
  { value: 'indicator', label: 'kommunövergripande indikator', aliases: ['indikator'] },
];

export const GOAL_RELATIONS: readonly Choice<GoalRelation>[] = [
  { value: 'own', label: 'eget åtagande' },
  { value: 'contribution', label: 'bidrar genom grunduppdraget' },
  { value: 'not_relevant', label: 'ej relevant' },
];

export const GOAL_CODE = /^[0-9A-Za-z]+(?:\.[0-9A-Za-z]+)*$/;

export function goalRecords(rows: Row[], file: string): GoalRecord[] {
  const unique = uniqueCheck((earlier, k) => {
    const [board, year, code] = JSON.parse(k) as [string, number, string];
    return `målet ${code} finns redan för ${board} ${year} på rad ${earlier}; ett målnummer får bara förekomma en gång per nämnd och år`;
  });
  const records: GoalRecord[] = rows.map((row, sortOrder) => {
    const board = codeCell(row, 'board', true);
    const year = row.year('year');
    const code = codeCell(row, 'code', true);
    if (!GOAL_CODE.test(code)) throw badInput(`"${code}" är inget målnummer (t.ex. 1 eller 1.1)`, row.at('code'));
    unique(key(board, year, code), row, 'code');
    const kind = choice(row, 'kind', GOAL_KINDS, false)!;
    const parentText = codeCell(row, 'parent', false);
    if (kind === 'strategic' && parentText !== '') {
      throw badInput(`ett strategiskt mål har inget överordnat mål; lämna "parent" tom (angivet: "${parentText}")`, row.at('parent'));
    }
    if (kind !== 'strategic' && parentText === '') {
      throw badInput(
        `värde saknas i kolumnen "parent": ${kind === 'board' ? 'ett nämndmål' : 'en indikator'} ska ange numret på sitt strategiska mål`,
        row.at('parent'),
      );
    }
    const goalArea = row.text('goal_area');
    if (kind === 'strategic' && goalArea === '') {
      throw badInput('värde saknas i kolumnen "goal_area": ett strategiskt mål måste ha ett målområde', row.at('goal_area'));
    }
    const relation = choice(row, 'relation', GOAL_RELATIONS, true);
    if (relation !== null && kind !== 'board') {
      throw badInput(`"relation" anges bara för nämndmål (kind board), inte för ${kind}`, row.at('relation'));
    }
    const target = row.text('target') || null;
    const rule = row.text('rule') || null;
    if (rule !== null && !GOAL_RULES.includes(rule)) {
      throw badInput(`okänd regel "${rule}" (tillåtna: ${GOAL_RULES.join(', ')} eller tomt)`, row.at('rule'));
    }
    return {
      rule,
      board,
      year,
      goalArea,
      code,
      parent: parentText === '' ? null : parentText,
      kind,
      text: row.required('text'),
      relation,
      target,
      sortOrder,
      line: row.line,
    };
  });

  // References inside the file: a board goal or indicator hangs under a strategic goal of the same board and year.
  const byKey = new Map(records.map((r) => [key(r.board, r.year, r.code), r]));
  for (const r of records) {
    if (r.parent === null) continue;
    const where: InputLocation = { file, line: r.line, field: 'parent' };
    const parent = byKey.get(key(r.board, r.year, r.parent));
    if (!parent) throw badInput(`det strategiska målet "${r.parent}" finns inte i filen för ${r.board} ${r.year}`, where);
    if (parent.kind !== 'strategic') {
      throw badInput(`"${r.parent}" (rad ${parent.line}) är inget strategiskt mål; nämndmål och indikatorer ska ligga direkt under ett strategiskt mål`, where);
    }
    if (r.goalArea === '') r.goalArea = parent.goalArea;
    else if (r.goalArea !== parent.goalArea) {
      throw badInput(
        `målområdet "${r.goalArea}" skiljer sig från det strategiska målets "${parent.goalArea}" (rad ${parent.line}); lämna kolumnen tom eller skriv samma`,
        { file, line: r.line, field: 'goal_area' },
      );
    }
  }
  return records;
}

export const GOAL_STATUS_CHOICES: readonly Choice<GoalStatus>[] = GOAL_STATUSES.map((value) => ({ value }));
export const ASSIGNMENT_STATUS_CHOICES: readonly Choice<AssignmentStatus>[] = ASSIGNMENT_STATUSES.map((value) => ({ value }));

export function statusRecords<S extends string>(rows: Row[], choices: readonly Choice<S>[], what: string) {
  const unique = uniqueCheck(
    (earlier, k) => {
      const [board, year, round, code] = JSON.parse(k) as [string, number, string, string];
      return `${what} ${code} har redan en status för ${board} ${year} ${round} på rad ${earlier}; en rad per ${what} och omgång`;
    },
  );
  return rows.map((row) => {
    const board = codeCell(row, 'board', true);
    const year = row.year('year');
    const round = roundCell(row);
    const code = codeCell(row, 'code', true);
    unique(key(board, year, round, code), row, 'code');
    const status = choice(row, 'status', choices, true);
    return { board, year, round, code, status, comment: row.text('comment'), line: row.line };
  });
}

export function goalStatusRecords(rows: Row[]): GoalStatusRecord[] {
  return statusRecords(rows, GOAL_STATUS_CHOICES, 'målet');
}

export function assignmentStatusRecords(rows: Row[]): AssignmentStatusRecord[] {
  return statusRecords(rows, ASSIGNMENT_STATUS_CHOICES, 'uppdraget');
}

export function assignmentRecords(rows: Row[]): AssignmentRecord[] {
  const unique = uniqueCheck((earlier, k) => {
    const [board, year, code] = JSON.parse(k) as [string, number, string];
    return `uppdraget ${code} finns redan för ${board} ${year} på rad ${earlier}; en kod får bara förekomma en gång per nämnd och år`;
  });
  return rows.map((row, sortOrder) => {
    const board = codeCell(row, 'board', true);
    const year = row.year('year');
    const code = codeCell(row, 'code', true);
    unique(key(board, year, code), row, 'code');
    const goalArea = row.required('goal_area');
    const givenYear = row.year('given_year');
    if (givenYear > year) {
      throw badInput(`uppdraget kan inte ha getts i ÖSB ${givenYear}, senare än uppföljningsåret ${year}`, row.at('given_year'));
    }
    return { board, year, code, goalArea, givenYear, text: row.required('text'), sortOrder, line: row.line };
  });
}

export function measureRecords(rows: Row[]): MeasureRecord[] {
  const unique = uniqueCheck((earlier, k) => {
    const [board, year, round, nr] = JSON.parse(k) as [string, number, string, string];
    return `åtgärd ${nr} finns redan för ${board} ${year} ${round} på rad ${earlier}; numret får bara förekomma en gång per nämnd, år och omgång`;
  });
  return rows.map((row, sortOrder) => {
    const board = codeCell(row, 'board', true);
    const year = row.year('year');
    const round = roundCell(row);
    const nr = codeCell(row, 'nr', true);
    unique(key(board, year, round, nr), row, 'nr');
    return {
      board,
      year,
      round,
      nr,
      text: row.required('text'),
      decisionDate: row.text('decision_date'),
      diaryNumber: row.text('diary_number'),
      forecastEffectMnkr: decimalCell(row, 'forecast_effect_mnkr', 'mnkr'),
      totalEffectMnkr: decimalCell(row, 'total_effect_mnkr', 'mnkr'),
      achievedMnkr: decimalCell(row, 'achieved_mnkr', 'mnkr'),
      expectedEffect: row.text('expected_effect'),
      comment: row.text('comment'),
      sortOrder,
      line: row.line,
    };
  });
}

export const TARGET_TYPES: readonly Choice<TargetType>[] = [
  { value: 'min', label: 'minst', aliases: ['minst'] },
  { value: 'max', label: 'högst', aliases: ['högst'] },
  { value: 'increase', label: 'Öka', aliases: ['öka'] },
  { value: 'decrease', label: 'Minska', aliases: ['minska'] },
  { value: 'level', label: 'I nivå', aliases: ['i nivå'] },
];

export function indicatorRecords(rows: Row[]): IndicatorRecord[] {
  const unique = uniqueCheck((earlier, k) => {
    const [board, code] = JSON.parse(k) as [string, string];
    return `indikatorn ${code} finns redan för ${board} på rad ${earlier}; en kod får bara förekomma en gång per nämnd`;
  });
  return rows.map((row, sortOrder) => {
    const board = codeCell(row, 'board', true);
    const code = codeCell(row, 'code', true);
    unique(key(board, code), row, 'code');
    const name = row.required('name');
    const goal = codeCell(row, 'goal', false) || null;
    if (goal !== null && !GOAL_CODE.test(goal)) throw badInput(`"${goal}" är inget målnummer (t.ex. 1 eller 1.1)`, row.at('goal'));
    const targetType = choice(row, 'target_type', TARGET_TYPES, true);
    const targetValue = decimalCell(row, 'target_value');
    if ((targetType === 'min' || targetType === 'max') && targetValue === null) {
      throw badInput(`värde saknas i kolumnen "target_value": målvärdestypen ${targetType} kräver ett tal`, row.at('target_value'));
    }
    if (targetValue !== null && (targetType === null || targetType === 'increase' || targetType === 'decrease')) {
      throw badInput(
        targetType === null
          ? 'ett målvärde kräver en målvärdestyp i kolumnen "target_type" (min, max eller level)'
          : `målvärdestypen ${targetType} har inget tal som målvärde; lämna "target_value" tom`,
        row.at('target_value'),
      );
    }
    return {
      board,
      code,
      name,
      unit: row.text('unit'),
      goal,
      targetType,
      targetValue,
      source: row.text('source'),
      sortOrder,
      line: row.line,
    };
  });
}

export const VALUE_KINDS: readonly Choice<'actual' | 'forecast'>[] = [
  { value: 'actual', label: 'utfall', aliases: ['utfall'] },
  { value: 'forecast', label: 'prognos', aliases: ['prognos'] },
];

export const BREAKDOWNS: readonly Choice<Breakdown>[] = [
  { value: 'T', label: 'totalt', aliases: ['tot', 'totalt'] },
  { value: 'K', label: 'kvinnor', aliases: ['kvinnor'] },
  { value: 'M', label: 'män', aliases: ['män'] },
];

export function indicatorValueRecords(rows: Row[]): IndicatorValueRecord[] {
  const unique = uniqueCheck(
    (earlier) => `rad ${earlier} har redan samma nämnd, indikator, år, typ och uppdelning; ta bort dubbletten`,
  );
  return rows.map((row) => {
    const board = codeCell(row, 'board', true);
    const code = codeCell(row, 'code', true);
    const year = row.year('year');
    const kind = choice(row, 'kind', VALUE_KINDS, false)!;
    const breakdown = choice(row, 'breakdown', BREAKDOWNS, false)!;
    const value = requiredDecimal(row, 'value');
    unique(key(board, code, year, kind, breakdown), row);
    return { board, code, year, kind, breakdown, value, line: row.line };
  });
}

export const OBSERVATION_KINDS: readonly Choice<'positive' | 'improvement'>[] = [
  { value: 'positive', label: 'positiv iakttagelse', aliases: ['positiv'] },
  { value: 'improvement', label: 'förbättringsområde', aliases: ['förbättringsområde'] },
];

export function observationRecords(rows: Row[]): ObservationRecord[] {
  const unique = uniqueCheck((earlier) => `rad ${earlier} har redan samma iakttagelse (nämnd, år, omgång, målområde, typ och text); ta bort dubbletten`);
  return rows.map((row, sortOrder) => {
    const board = codeCell(row, 'board', true);
    const year = row.year('year');
    const round = roundCell(row);
    const goalArea = row.required('goal_area');
    const kind = choice(row, 'kind', OBSERVATION_KINDS, false)!;
    const text = normaliseText(row.required('text'));
    unique(key(board, year, round, goalArea, kind, text), row, 'text');
    return { board, year, round, goalArea, kind, text, sortOrder, line: row.line };
  });
}

/** Narrative keys the report places in fixed chapters; other simple keys are accepted with a warning. */
export const NARRATIVE_KEYS = ['proposal', 'analysis', 'events', 'outlook'] as const;

export const SIMPLE_KEY = /^[a-z][a-z0-9_-]*$/;
// Table ids may contain ":" and Swedish letters (units:ÖKL).
export const TABLE_COMMENT_KEY = /^comment:(?!unit:)[^\s]+$/;
export const UNIT_COMMENT_KEY = /^comment:unit:[^\s:]+$/;

export function narrativeRecords(rows: Row[], warnings: string[]): NarrativeRecord[] {
  const unique = uniqueCheck((earlier, k) => {
    const [board, year, round, textKey] = JSON.parse(k) as [string, number, string, string];
    return `texten "${textKey}" finns redan för ${board} ${year} ${round} på rad ${earlier}; en nyckel får bara förekomma en gång per nämnd, år och omgång`;
  });
  return rows.map((row) => {
    const board = codeCell(row, 'board', true);
    const year = row.year('year');
    const round = roundCell(row);
    const textKey = row.required('key');
    if (!SIMPLE_KEY.test(textKey) && !TABLE_COMMENT_KEY.test(textKey) && !UNIT_COMMENT_KEY.test(textKey)) {
      throw badInput(
        `"${textKey}" är ingen giltig nyckel (t.ex. ${NARRATIVE_KEYS.join(', ')}, comment:<tabell-id> eller comment:unit:<ansvarskod>)`,
        row.at('key'),
      );
    }
    if (SIMPLE_KEY.test(textKey) && !(NARRATIVE_KEYS as readonly string[]).includes(textKey)) {
      warnings.push(
        `rad ${row.line}: nyckeln "${textKey}" hör inte till rapportens fasta avsnitt (${NARRATIVE_KEYS.join(', ')}); kontrollera stavningen`,
      );
    }
    unique(key(board, year, round, textKey), row, 'key');
    return { board, year, round, key: textKey, title: row.text('title'), text: normaliseText(row.required('text')), line: row.line };
  });
}

/**
 * Free text as stored: line endings `\n`, no spaces at line ends, paragraphs separated by exactly
 * one empty line (lines of only spaces count as empty), no empty lines at start or end.
 */
export function normaliseText(text: string): string {
  return text
    .replace(/\r\n?/g, '\n')
    .split('\n')
    .map((l) => l.replace(/[ \t\u00a0]+$/, ''))
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

export function rollforwardRecords(rows: Row[]): RollforwardRecord[] {
  const unique = uniqueCheck((earlier, k) => {
    const [board, year, unit] = JSON.parse(k) as [string, number, string];
    return `enheten ${unit} finns redan för ${board} ${year} på rad ${earlier}; en rad per intraprenad och år`;
  });
  return rows.map((row, sortOrder) => {
    const board = codeCell(row, 'board', true);
    const year = row.year('year');
    const unit = codeCell(row, 'unit', true);
    unique(key(board, year, unit), row, 'unit');
    const openingOre = kronorCell(row, 'opening');
    const usedOre = kronorCell(row, 'used');
    const resultOre = kronorCell(row, 'result');
    return { board, year, unit, openingOre, usedOre, resultOre, closingOre: openingOre + usedOre + resultOre, sortOrder, line: row.line };
  });
}
