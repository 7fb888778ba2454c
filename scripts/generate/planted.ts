/**
 * The planted truth of the synthetic NOK data: which practice themes change
 * which criterion, by how many points, from the year after adoption. Every
 * other theme has no effect. The generator writes this to planted.json; the
 * recovery test (tests/warehouse/effects.test.ts) reads it.
 */

export interface PlantedEffect {
  /** Theme code (sources/practice_themes/themes.csv). */
  theme: string;
  /** Criterion k1 … k5 (must be one of the theme's target_criteria). */
  criterion: 'k1' | 'k2' | 'k3' | 'k4' | 'k5';
  /** Expected change of the organization's criterion score, points 0–100, from the year after adoption on. */
  effect: number;
}

export const PLANTED: PlantedEffect[] = [
  { theme: 'info_openness', criterion: 'k1', effect: 3 },
  { theme: 'accessible_environment', criterion: 'k3', effect: 4 },
  { theme: 'staff_training', criterion: 'k4', effect: 2 },
];

/**
 * The latent probabilities of each criterion that a planted effect moves, and the
 * sum of their weights in the criterion (METHODOLOGY.md). Every moved latent
 * probability rises by effect / (100 × weightSum), so the criterion's expected
 * value rises by exactly `effect` points (no latent probability reaches 1:
 * the generator caps the baseline below 1 − the planted shift).
 * K1: 1.1 (stand and site items) and 1.3 (satisfaction); 1.2 (channels, min(100; 30n)) is not moved.
 */
export const MOVED: Record<PlantedEffect['criterion'], { latents: string[]; weightSum: number }> = {
  k1: { latents: ['p_info', 'p13'], weightSum: 0.7 },
  k2: { latents: ['p21', 'p22', 'p23'], weightSum: 1 },
  k3: { latents: ['p31', 'p32', 'p33'], weightSum: 1 },
  k4: { latents: ['p41', 'p42', 'p43'], weightSum: 1 },
  k5: { latents: ['p51', 'p52', 'p53'], weightSum: 1 },
};
