/** The documented columns of each content kind (also printed by `prognos import --help`). */
import { type ColumnSpec } from '../tabular/index.ts';
import { type ContentKind } from './records.ts';

export const BOARD: ColumnSpec = { name: 'board', required: true, description: 'Nämndens eller styrelsens ansvarskod, t.ex. KS. Obligatorisk.' };
export const YEAR: ColumnSpec = { name: 'year', required: true, description: 'År, fyra siffror (1900–2200).' };
export const ROUND: ColumnSpec = {
  name: 'round',
  required: true,
  description: 'Uppföljningsomgång: P1, P2 … för prognoser, B för bokslut (bokstäver, siffror, - och _; högst 20 tecken).',
};
export const GOAL_AREA: ColumnSpec = { name: 'goal_area', required: true, description: 'Målområde, t.ex. "Ett tryggt Örebro genom livet".' };
export const COMMENT: ColumnSpec = { name: 'comment', required: false, description: 'Kommentar (fritext); får vara tom.' };

export const CONTENT_COLUMNS: Record<Exclude<ContentKind, 'grid'>, ColumnSpec[]> = {
  goals: [
    BOARD,
    YEAR,
    {
      ...GOAL_AREA,
      description:
        'Målområde. Obligatoriskt för strategiska mål; för nämndmål och indikatorer får det vara tomt och ärvs då från det strategiska målet (anges det måste det vara samma).',
    },
    { name: 'code', required: true, description: 'Målets nummer, t.ex. 1 eller 1.1. Unikt per nämnd och år.' },
    {
      name: 'parent',
      required: true,
      description: 'Nummer på det strategiska mål som ett nämndmål eller en indikator hör till; målet måste finnas i samma fil. Tomt för strategiska mål.',
    },
    {
      name: 'kind',
      required: true,
      description: 'strategic (strategiskt mål, KF-mål), board (nämndmål) eller indicator (kommunövergripande indikator).',
    },
    { name: 'text', required: true, description: 'Målets text. Obligatorisk.' },
    {
      name: 'relation',
      required: false,
      description:
        'Bara för nämndmål: own (eget åtagande), contribution (bidrar genom grunduppdraget) eller not_relevant (ej relevant); får vara tomt.',
    },
    { name: 'target', required: false, description: 'Målvärde som text, t.ex. "minst 78" eller "Öka"; får vara tomt.' },
    {
      name: 'rule',
      required: false,
      description: 'Regel som räknar fram måluppfyllelsen ur siffrorna: economy-in-balance (Uppfylls ej när prognosens avvikelse är sämre än −1 % av budget); får vara tomt.',
    },
  ],
  'goal-status': [
    BOARD,
    YEAR,
    ROUND,
    { name: 'code', required: true, description: 'Målets nummer som i filen med mål, t.ex. 1.1. En rad per mål och omgång.' },
    {
      name: 'status',
      required: true,
      description: 'Måluppfyllelse (prognos eller utfall): Uppfylls, Uppfylls delvis eller Uppfylls ej; tomt = inte bedömt.',
    },
    COMMENT,
  ],
  assignments: [
    BOARD,
    YEAR,
    { name: 'code', required: true, description: 'Uppdragets kod (fritext), unik per nämnd och år.' },
    GOAL_AREA,
    {
      name: 'given_year',
      required: true,
      description: 'Året för den ÖSB som gav uppdraget; ett tidigare år än year visas som "Kvarstående uppdrag från ÖSB <år>". Får inte vara senare än year.',
    },
    { name: 'text', required: true, description: 'Uppdragets text. Obligatorisk.' },
  ],
  'assignment-status': [
    BOARD,
    YEAR,
    ROUND,
    { name: 'code', required: true, description: 'Uppdragets kod som i filen med uppdrag. En rad per uppdrag och omgång.' },
    { name: 'status', required: true, description: 'Genomfört, Påbörjat eller Ej påbörjat; tomt = inte bedömt.' },
    COMMENT,
  ],
  measures: [
    BOARD,
    YEAR,
    ROUND,
    { name: 'nr', required: true, description: 'Åtgärdens nummer, t.ex. 1. Unikt per nämnd, år och omgång.' },
    { name: 'text', required: true, description: 'Beskrivning av åtgärden. Obligatorisk.' },
    { name: 'decision_date', required: false, description: 'Beslutsdatum som fritext, t.ex. "KS 2023-03-14"; får vara tomt.' },
    { name: 'diary_number', required: false, description: 'Diarienummer, t.ex. "Ks 536/2023"; får vara tomt.' },
    {
      name: 'forecast_effect_mnkr',
      required: false,
      description: 'Prognos för effekt under året i mnkr, t.ex. 5,8 (decimalkomma eller decimalpunkt, "mnkr" efter talet får stå med); får vara tomt.',
    },
    { name: 'total_effect_mnkr', required: false, description: 'Beräknad total effekt i mnkr; får vara tomt.' },
    { name: 'achieved_mnkr', required: false, description: 'Hittills uppnådd effekt i mnkr; får vara tomt.' },
    { name: 'expected_effect', required: false, description: 'Beskrivning av förväntad effekt; får vara tom.' },
    COMMENT,
  ],
  indicators: [
    BOARD,
    { name: 'code', required: true, description: 'Indikatorns kod, unik per nämnd.' },
    { name: 'name', required: true, description: 'Indikatorns namn, t.ex. "Sjukfrånvaro i procent av arbetstiden". Obligatoriskt.' },
    { name: 'unit', required: false, description: 'Enhet, t.ex. procent eller antal; får vara tom.' },
    { name: 'goal', required: false, description: 'Numret på det mål indikatorn följer upp, t.ex. 2.1; får vara tomt.' },
    {
      name: 'target_type',
      required: false,
      description: 'Typ av målvärde: min (minst), max (högst), increase (Öka), decrease (Minska), level (I nivå) eller tomt. De svenska orden går också bra.',
    },
    {
      name: 'target_value',
      required: false,
      description: 'Målvärdet som tal; obligatoriskt för min och max, valfritt för level, ska vara tomt annars.',
    },
    { name: 'source', required: false, description: 'Källa, t.ex. ett Kolada-nyckeltal (N00945); får vara tom.' },
  ],
  'indicator-values': [
    BOARD,
    { name: 'code', required: true, description: 'Indikatorns kod som i filen med indikatorer.' },
    YEAR,
    { name: 'kind', required: true, description: 'actual (utfall) eller forecast (prognos).' },
    { name: 'breakdown', required: true, description: 'T (totalt), K (kvinnor) eller M (män).' },
    {
      name: 'value',
      required: true,
      description: 'Värdet som tal, t.ex. 4,4 (decimalkomma eller decimalpunkt). Lagras exakt som skrivet. Samma indikator, år, typ och uppdelning får bara förekomma en gång.',
    },
  ],
  observations: [
    BOARD,
    YEAR,
    ROUND,
    GOAL_AREA,
    { name: 'kind', required: true, description: 'positive (positiv iakttagelse) eller improvement (förbättringsområde).' },
    { name: 'text', required: true, description: 'Iakttagelsen. Obligatorisk.' },
  ],
  narrative: [
    BOARD,
    YEAR,
    ROUND,
    {
      name: 'key',
      required: true,
      description:
        'Vilken text: proposal (förslag till beslut), analysis (bedömning och analys), events (väsentliga händelser), outlook (förväntad utveckling), comment:<tabell-id> (kommentar till en tabell) eller comment:unit:<ansvarskod> (kommentar till en enhet). Unik per nämnd, år och omgång.',
    },
    {
      name: 'text',
      required: true,
      description: 'Texten. Får sträcka sig över flera rader inom citattecken; stycken skiljs åt med en tom rad.',
    },
    { name: 'title', required: false, description: 'Egen rubrik; får vara tom.' },
  ],
  rollforward: [
    BOARD,
    YEAR,
    { name: 'unit', required: true, description: 'Intraprenadens ansvarskod. Unik per nämnd och år.' },
    { name: 'opening', required: true, description: 'Ingående ackumulerat resultat i kronor (högst två decimaler).' },
    { name: 'used', required: true, description: 'Ianspråktaget under året i kronor (negativt när resultat används).' },
    {
      name: 'result',
      required: true,
      description: 'Årets resultat (över- eller underskott) i kronor. Utgående resultat = ingående + ianspråktaget + årets resultat räknas fram.',
    },
  ],
};
