/**
 * A problem the user can fix (a bad file, a missing column, a wrong option).
 * The CLI prints its message and exits non-zero, without a stack trace
 * (traces only with --debug). Messages are in Russian and name the file,
 * the column and what was expected.
 */
export class UserError extends Error {
  override readonly name = 'UserError';
  constructor(
    message: string,
    readonly details: { file?: string; column?: string; expected?: string; hint?: string } = {},
  ) {
    super(message);
  }

  /** The full text shown to a person. */
  describe(): string {
    const lines = [this.message];
    const d = this.details;
    if (d.file) lines.push(`  Файл: ${d.file}`);
    if (d.column) lines.push(`  Столбец: ${d.column}`);
    if (d.expected) lines.push(`  Ожидалось: ${d.expected}`);
    if (d.hint) lines.push(`  Что сделать: ${d.hint}`);
    return lines.join('\n');
  }
}

/** Several file-level problems found in one pass, reported together. */
export class UserErrors extends UserError {
  constructor(readonly errors: UserError[]) {
    super(`Найдено проблем с входными файлами: ${errors.length}. Сборка остановлена, прежнее хранилище не тронуто.`);
  }
  override describe(): string {
    return [this.message, ...this.errors.map((e, i) => `\n${i + 1}. ${e.describe()}`)].join('\n');
  }
}
