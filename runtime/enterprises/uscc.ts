// Stand-in until the `cn-uscc` format lands in definitions/: the enterprise code calls only isValidUscc.
const CHARS = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];
const SHAPE = /^[0-9A-HJ-NPQRTUWXY]{2}[0-9]{6}[0-9A-HJ-NPQRTUWXY]{10}$/;

/** The check character of the first 17 characters of a unified social credit code (GB 32100-2015). */
export function usccCheckChar(first17: string): string {
  const sum = [...first17].reduce((acc, c, i) => acc + CHARS.indexOf(c) * WEIGHTS[i]!, 0);
  return CHARS[(31 - (sum % 31)) % 31]!;
}

/** A unified social credit code (统一社会信用代码): 18 characters of the national alphabet whose last is the check character. */
export function isValidUscc(code: string): boolean {
  return SHAPE.test(code) && usccCheckChar(code.slice(0, 17)) === code[17];
}
