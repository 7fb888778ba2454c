// Types of fmt.js (plain JavaScript, so that the dashboard components can import it) for the
// TypeScript that shares it: the CLI and the tests.

export const LOCALE: string;
export const MISSING: string;
export const FORMAT_NAMES: string[];
export function numberFormat(opts?: Intl.NumberFormatOptions): Intl.NumberFormat;
export function isMissing(v: unknown): boolean;
export function toNumber(v: unknown): number | null;
export function formatNumber(v: unknown, decimals?: number, minDecimals?: number): string;
export function formatPercent(share: unknown, decimals?: number, minDecimals?: number): string;
export function formatRub(v: unknown, decimals?: number, minDecimals?: number): string;
export function formatThousandRub(rub: unknown, decimals?: number, minDecimals?: number): string;
export function formatMillionRub(rub: unknown, decimals?: number, minDecimals?: number): string;
export function formatInt(v: unknown): string;
export function formatYear(v: unknown): string;
export function formatDate(v: unknown): string;
export function formatText(v: unknown): string;
export function parseFormat(fmt?: string | null): { family: string; decimals?: number };
export function format(value: unknown, fmt?: string | null, opts?: { trim?: boolean }): string;
export function formatRange(a: unknown, b: unknown, fmt?: string | null, opts?: { trim?: boolean }): string;
export function formatter(fmt?: string | null, opts?: { trim?: boolean }): (v: unknown) => string;
export function isNumericFormat(fmt?: string | null): boolean;
export function exportNumber(value: unknown, fmt?: string | null): number | null;
export function exportUnit(fmt?: string | null): string;
export function csvNumber(n: number | null | undefined): string;

export type PluralForm = 'one' | 'few' | 'many';
/** A number, a bigint or the number as shown («1 805», «1,5»). */
export type Countable = number | bigint | string | null | undefined;
export function pluralForm(n: Countable): PluralForm;
export function plural(n: Countable, one: string, few: string, many: string): string;
export function formatCount(n: Countable, forms: readonly string[] | string, fmt?: string): string;
export const UNIT_FORMS: Readonly<Record<string, readonly [string, string, string]>>;
export function unitForms(unit: string | null | undefined): [string, string, string] | null;
export function unitFor(n: Countable, unit: string | null | undefined): string;
export function withUnit(n: Countable, unit: string | null | undefined, fmt?: string): string;
