/**
 * Validates a JUnit XML report against tests/fixtures/junit.xsd (see its .md) with libxml2's
 * xmllint, compiled to WebAssembly (the xmllint-wasm devDependency).
 *
 * @example
 * assert.deepStrictEqual(await junitSchemaErrors(xml), []);
 */
import * as fs from "fs";
import * as path from "path";
import { validateXML } from "xmllint-wasm";

const SCHEMA_FILE = path.join(__dirname, "..", "fixtures", "junit.xsd");

/** The schema violations of `xml`, one line each (empty when valid). */
export async function junitSchemaErrors(xml: string): Promise<string[]> {
    const result = await validateXML({
        xml: [{ fileName: "report.xml", contents: xml }],
        schema: [{ fileName: "junit.xsd", contents: fs.readFileSync(SCHEMA_FILE, "utf8") }],
        initialMemoryPages: 512,
        maxMemoryPages: 2048,
    });
    return result.valid ? [] : result.errors.map((e) => e.rawMessage);
}
