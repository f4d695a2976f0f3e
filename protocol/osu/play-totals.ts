/**
 * The judgement counts and totals of one play, as every osu! format carries them (the submitted
 * score string, the `.osr` header, the `scores` row): one definition so the three cannot drift.
 */
export interface PlayTotals {
  count300: number;
  count100: number;
  count50: number;
  countGeki: number;
  countKatu: number;
  countMiss: number;
  score: number;
  maxCombo: number;
  /** Full combo (`scores.full_combo` in Akatsuki). */
  perfect: boolean;
}
