/**
 * The texts the built-in template requires ("Förslag till beslut", "Analys av verksamhetens
 * prognos"). `prognos check` finds an empty one and an error blocks publishing, so a test that
 * publishes a round of a name without content writes them first.
 */
export const REQUIRED_TEXTS = { proposal: 'Nämnden föreslås godkänna uppföljningen.', analysis: 'Prognosen följer budget.' } as const;

/** Writes each required text (version 0: a round whose content is new); `put` answers the HTTP status. */
export async function writeRequiredTexts(put: (path: string, body: unknown) => Promise<number>, round: number): Promise<void> {
  for (const [key, text] of Object.entries(REQUIRED_TEXTS)) {
    const status = await put(`/api/rounds/${round}/narratives/${key}`, { text, version: 0 });
    // 409: the text is there already (another round of the same name wrote it).
    if (status !== 200 && status !== 409) throw new Error(`writing the text ${key}: ${status}`);
  }
}
