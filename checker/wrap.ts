/**
 * Word wrapping for the human report (kept readable in 100 columns). Words longer than a line
 * (ARNs, URNs) are never split: a broken ARN cannot be copied.
 *
 * @example
 * wrap("Fix: remove the credentials and add a permission", 20, "  ", "       ")
 * // ["  Fix: remove the", "       credentials and", "       add a permission"]
 */
export const REPORT_WIDTH = 100;

/** Wraps `text` (newlines start new lines) so each line, prefix included, fits `width` when it can. */
export function wrap(text: string, width: number, firstPrefix: string, restPrefix: string = firstPrefix): string[] {
    const out: string[] = [];
    let prefix = firstPrefix;
    for (const paragraph of text.split("\n")) {
        // Keep a paragraph's own indentation (nested "  - " lists in error messages).
        const indent = /^ */.exec(paragraph)![0];
        const hanging = restPrefix + indent + (paragraph.startsWith(`${indent}- `) ? "  " : "");
        prefix += indent;
        let line = "";
        for (const word of paragraph.split(/ +/).filter((w) => w !== "")) {
            if (line === "") {
                line = word;
            } else if (prefix.length + line.length + 1 + word.length <= width) {
                line += ` ${word}`;
            } else {
                out.push(prefix + line);
                prefix = hanging;
                line = word;
            }
        }
        out.push((prefix + line).trimEnd());
        prefix = restPrefix;
    }
    return out;
}

/** 1234567 -> "1,234,567" (independent of the machine's locale). */
export function groupDigits(n: number): string {
    return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ",");
}

/** "1 stack", "2 stacks". */
export function plural(n: number, one: string, many: string = `${one}s`): string {
    return `${groupDigits(n)} ${n === 1 ? one : many}`;
}
