/**
 * Regular expressions written by people (routing rules, silences), compiled once and guarded
 * against catastrophic backtracking as well as JavaScript's backtracking engine allows: a length
 * cap on the pattern, a refusal of nested quantifiers (the shape behind most exponential cases,
 * e.g. `(a+)+`, `(\w*)*`; alternations such as `(a|aa)+` are not caught), no backreferences or lookarounds, and a cap on
 * the text a pattern is run against.
 */

export const regexMaxLength = 256;
/** Only this much of a value is matched against a pattern (summaries and details can be long). */
export const regexInputCap = 4096;

export type RegexCheck = { ok: true; regex: RegExp } | { ok: false; message: string };

/**
 * A leading `(?i)` (RE2 and Go's syntax, which Alertmanager users write) makes the pattern
 * case-insensitive; JavaScript has no inline flag for it.
 */
function splitFlags(pattern: string): { source: string; flags: string } {
  return pattern.startsWith('(?i)')
    ? { source: pattern.slice(4), flags: 'i' }
    : { source: pattern, flags: '' };
}

/**
 * Star height above one: a group that contains a quantifier and is itself quantified. A
 * character-level walk that understands escapes and character classes; good enough to refuse the
 * classic exponential shapes without a full parser.
 */
function nestedQuantifier(source: string): boolean {
  const groups: boolean[] = [];
  let inClass = false;
  let lastGroupHadQuantifier = false;
  for (let i = 0; i < source.length; i++) {
    const c = source[i];
    if (c === '\\') {
      i++;
      lastGroupHadQuantifier = false;
      continue;
    }
    if (inClass) {
      if (c === ']') inClass = false;
      continue;
    }
    const quantifier = c === '*' || c === '+' || c === '?' || c === '{';
    if (quantifier) {
      // `(?:` and `(?<name>` start groups; a `?` right after `(` is not a quantifier.
      if (c === '?' && source[i - 1] === '(') continue;
      if (c === '{' && !/^\{\d+(,\d*)?\}/.test(source.slice(i))) continue;
      // `{n}` and `?` repeat a bounded number of times; only unbounded repetition of a group
      // that itself repeats is the dangerous shape.
      const unbounded = c === '*' || c === '+' || (c === '{' && /^\{\d+,\}/.test(source.slice(i)));
      if (lastGroupHadQuantifier && unbounded) return true;
      if (groups.length) groups[groups.length - 1] = true;
      lastGroupHadQuantifier = false;
      continue;
    }
    if (c === '[') {
      inClass = true;
      lastGroupHadQuantifier = false;
    } else if (c === '(') {
      groups.push(false);
      lastGroupHadQuantifier = false;
    } else if (c === ')') {
      const had = groups.pop() ?? false;
      lastGroupHadQuantifier = had;
      if (had && groups.length) groups[groups.length - 1] = true;
    } else {
      lastGroupHadQuantifier = false;
    }
  }
  return false;
}

/**
 * Compiles a pattern, or says why it is refused. `anchored` wraps it as `^(?:…)$`, as
 * Alertmanager's matchers are; routing rules search anywhere in the value.
 */
export function compilePattern(pattern: string, anchored: boolean): RegexCheck {
  if (pattern.length > regexMaxLength)
    return { ok: false, message: `is longer than ${regexMaxLength} characters` };
  const { source, flags } = splitFlags(pattern);
  if (/\\[1-9k]/.test(source)) return { ok: false, message: 'backreferences are not supported' };
  if (/\(\?<?[=!]/.test(source)) return { ok: false, message: 'lookaround is not supported' };
  if (nestedQuantifier(source)) {
    return { ok: false, message: 'nested repetition such as (a+)+ can take exponential time; simplify it' };
  }
  try {
    return { ok: true, regex: new RegExp(anchored ? `^(?:${source})$` : source, flags) };
  } catch (err) {
    return { ok: false, message: `is not a valid regular expression (${(err as Error).message})` };
  }
}

/** Runs a compiled pattern against at most `regexInputCap` characters of `text`. */
export function testPattern(regex: RegExp, text: string): boolean {
  return regex.test(text.length > regexInputCap ? text.slice(0, regexInputCap) : text);
}
