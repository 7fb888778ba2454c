/**
 * The planted truth of the synthetic NOK data: which practice themes change
 * which criterion, by how much, after adoption. The effect starts the year
 * after adoption and grows with time since adoption (e = year − adoption year):
 *   effect(cohort, e) = per_year × e × cohort_factor[cohort]   for e ≥ 1,
 * so regions that adopted earlier gain more, and the cohorts differ besides.
 * The planted themes are adopted by most regions, in 2019–2022 (staggered):
 * the setting in which a two-way fixed-effects estimate goes wrong. Every other
 * theme has no effect. The generator writes this to planted.json; the recovery
 * test (tests/warehouse/effects.test.ts) reads it.
 */

export interface PlantedEffect {
  /** Theme code (sources/practice_themes/themes.csv). */
  theme: string;
  /** Criterion k1 … k5 (must be one of the theme's target_criteria). */
  criterion: 'k1' | 'k2' | 'k3' | 'k4' | 'k5';
  /** Expected change of the organization's criterion score, points 0–100, per year since adoption. */
  per_year: number;
  /** Multiplier of each adoption cohort (adoption year). */
  cohort_factor: Record<string, number>;
}

/** Adoption of a planted theme: share of regions, adoption years (uniform). */
export const PLANTED_ADOPTION = { share: 0.85, years: [2019, 2020, 2021, 2022] };

const COHORTS = { '2019': 1, '2020': 1, '2021': 0.75, '2022': 0.5 };

export const PLANTED: PlantedEffect[] = [
  { theme: 'info_openness', criterion: 'k1', per_year: 1, cohort_factor: COHORTS },
  { theme: 'accessible_environment', criterion: 'k3', per_year: 2.5, cohort_factor: COHORTS },
  { theme: 'staff_training', criterion: 'k4', per_year: 0.75, cohort_factor: COHORTS },
];

/** The planted effect of a theme in a region that adopted it in `adoptionYear`, in `year`. */
export function plantedEffect(p: PlantedEffect, adoptionYear: number, year: number): number {
  const e = year - adoptionYear;
  return e >= 1 ? p.per_year * e * (p.cohort_factor[String(adoptionYear)] ?? 1) : 0;
}

/**
 * The latent probabilities of each criterion that a planted effect moves, and the
 * sum of their weights in the criterion (docs/methodology.md). Every moved latent
 * probability rises by effect / (100 × weightSum), so the criterion's expected
 * value rises by exactly the effect in points (no latent probability reaches 1:
 * the generator caps the baseline below 1 − the largest planted shift).
 * K1: 1.1 (stand and site items) and 1.3 (satisfaction); 1.2 (channels, min(100; 30n)) is not moved.
 */
export const MOVED: Record<PlantedEffect['criterion'], { latents: string[]; weightSum: number }> = {
  k1: { latents: ['p_info', 'p13'], weightSum: 0.7 },
  k2: { latents: ['p21', 'p22', 'p23'], weightSum: 1 },
  k3: { latents: ['p31', 'p32', 'p33'], weightSum: 1 },
  k4: { latents: ['p41', 'p42', 'p43'], weightSum: 1 },
  k5: { latents: ['p51', 'p52', 'p53'], weightSum: 1 },
};
