/**
 * Where a JSON text goes wrong, for error messages. Node's JSON.parse names no position for most
 * errors, so after it fails this small scanner walks the text and reports the first offending
 * character (or that the text ends too early: a truncated file).
 *
 * @example
 * locateJsonError('{"a": [1, }')
 * // { offset: 10, line: 1, column: 11, found: "}", truncated: false }
 */
/** Where the first syntax error is. */
export interface JsonErrorLocation {
    offset: number;
    line: number;
    column: number;
    /** The offending character, or undefined at the end of the text. */
    found?: string;
    /** The text ended before the JSON value was complete. */
    truncated: boolean;
}

class Stop {
    constructor(readonly offset: number) {}
}

/** The first syntax error in `text`; undefined if the scanner finds none. */
export function locateJsonError(text: string): JsonErrorLocation | undefined {
    let i = 0;
    const ws = () => {
        while (i < text.length && " \t\n\r".includes(text[i])) {
            i++;
        }
    };
    const expect = (ok: boolean) => {
        if (!ok) {
            throw new Stop(i);
        }
    };
    const literal = (word: string) => {
        for (const ch of word) {
            expect(text[i] === ch);
            i++;
        }
    };
    const string = () => {
        expect(text[i] === '"');
        i++;
        for (;;) {
            expect(i < text.length);
            const ch = text[i];
            if (ch === '"') {
                i++;
                return;
            }
            expect(ch >= " ");
            if (ch === "\\") {
                i++;
                expect(i < text.length && '"\\/bfnrtu'.includes(text[i]));
                if (text[i] === "u") {
                    for (let k = 0; k < 4; k++) {
                        i++;
                        expect(/[0-9a-fA-F]/.test(text[i] ?? ""));
                    }
                }
            }
            i++;
        }
    };
    const number = () => {
        const m = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/.exec(text.slice(i, i + 400));
        expect(m !== null && m[0] !== "" && m[0] !== "-");
        i += m![0].length;
    };
    const value = (): void => {
        ws();
        const ch = text[i];
        if (ch === "{") {
            i++;
            ws();
            if (text[i] === "}") {
                i++;
                return;
            }
            for (;;) {
                ws();
                string();
                ws();
                literal(":");
                value();
                ws();
                if (text[i] === ",") {
                    i++;
                    continue;
                }
                literal("}");
                return;
            }
        } else if (ch === "[") {
            i++;
            ws();
            if (text[i] === "]") {
                i++;
                return;
            }
            for (;;) {
                value();
                ws();
                if (text[i] === ",") {
                    i++;
                    continue;
                }
                literal("]");
                return;
            }
        } else if (ch === '"') {
            string();
        } else if (ch === "t") {
            literal("true");
        } else if (ch === "f") {
            literal("false");
        } else if (ch === "n") {
            literal("null");
        } else {
            number();
        }
    };
    try {
        value();
        ws();
        expect(i === text.length);
        return undefined;
    } catch (err) {
        if (!(err instanceof Stop)) {
            throw err;
        }
        const offset = Math.min(err.offset, text.length);
        const before = text.slice(0, offset);
        const line = before.split("\n").length;
        const column = offset - before.lastIndexOf("\n");
        return { offset, line, column, found: text[offset], truncated: offset >= text.length };
    }
}
