/** What a person types into a forecast cell: reading the amount, and the questions before saving it. */
export { ORE_PER_TKR, parseAmountTkr, type AmountReading } from './amount.ts';
export { DEFAULT_PLAUSIBILITY_MULTIPLE, entryQuestions, type CellContext, type EntryQuestion, type EntryQuestionKind } from './questions.ts';
