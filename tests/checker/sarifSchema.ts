/**
 * Validates a SARIF log against the vendored SARIF 2.1.0 schema (tests/fixtures, see its .md) with
 * ajv 8. The schema is draft-04 but uses no keyword whose meaning changed since, so ajv's default
 * dialect validates it faithfully once the draft-04 `$schema`/`id` are set aside.
 *
 * @example
 * assert.deepStrictEqual(sarifSchemaErrors(JSON.parse(text)), []);
 */
import Ajv from "ajv";
import * as fs from "fs";
import * as path from "path";

const SCHEMA_FILE = path.join(__dirname, "..", "fixtures", "sarif-schema-2.1.0.json");

let validate: ReturnType<Ajv["compile"]> | undefined;

function compile() {
    const { $schema: _draft, id: _id, ...schema } = JSON.parse(fs.readFileSync(SCHEMA_FILE, "utf8"));
    // unicodeRegExp off: the rtm.5 schema's `language` pattern has a stray "]" that only the
    // legacy (non-unicode) regular expression syntax accepts, as draft-04 validators read it.
    const ajv = new Ajv({ allErrors: true, strict: false, unicodeRegExp: false });
    ajv.addFormat("uri", (s: string) => /^[a-z][a-z0-9+.-]*:[^\s]*$/i.test(s));
    ajv.addFormat("uri-reference", (s: string) => !/\s/.test(s));
    ajv.addFormat("date-time", (s: string) => /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/.test(s));
    return ajv.compile(schema);
}

/** The schema violations of `log`, one line each (empty when valid). */
export function sarifSchemaErrors(log: unknown): string[] {
    validate ??= compile();
    if (validate(log)) {
        return [];
    }
    return (validate.errors ?? []).map((e) => `${e.instancePath || "/"} ${e.message ?? e.keyword} ${JSON.stringify(e.params)}`);
}
