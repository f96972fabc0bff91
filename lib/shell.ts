/** Quotes one shell word for the command lines the console prints (kubectl and kaas equivalents). */
export function shellWord(s: string): string {
  return /^[A-Za-z0-9_./:=@,-]+$/.test(s) ? s : `'${s.replaceAll("'", `'\\''`)}'`;
}
