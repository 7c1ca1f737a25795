/**
 * The CI formats over a fake outcome (no pack process): the markdown report rendered with
 * markdown-it (structure, and text that survives rendering exactly as written), and the JUnit
 * report validated against tests/fixtures/junit.xsd with libxml2's xmllint.
 */
import * as assert from "assert";
import MarkdownIt from "markdown-it";
import type { CheckOutcome, StackReport } from "../../checker/check";
import { toFinding } from "../../checker/findings";
import { formatJunit } from "../../checker/reportJunit";
import { formatMarkdown } from "../../checker/reportMarkdown";
import type { Diagnostic } from "../../engine/types";
import { FOR_ROUTE, INVOKE, analyzerInfo, diagnostic, urnOf } from "./fakeOutcome";
import { junitSchemaErrors } from "./junitSchema";

const INTEGRATION = "aws:apigateway/integration:Integration";
/** Text that Markdown, HTML and XML would all interpret if it were not escaped. */
const TRICKY_SUMMARY = '"items|<b>x</b>" (aws:apigateway/integration:Integration): invokes `fn` with role "arn:aws:iam::1:role/a_b*c" & more ~~x~~ $1 $2.';
const TRICKY_ROUTE = "GET /items/{id}/[x]";

function stack(name: string, diagnostics: Diagnostic[], notes: string[] = []): StackReport {
    return {
        file: `exports/${name}.json`,
        stack: { organization: "acme", project: "shop", stack: name, dryRun: false },
        resourceCount: 10,
        findings: diagnostics.map(toFinding),
        notes,
        urnLines: new Map(),
        stackUrn: `urn:pulumi:${name}::shop::pulumi:pulumi:Stack::shop-${name}`,
    };
}

const fleetMember = (n: number) =>
    diagnostic(INVOKE, urnOf(INTEGRATION, `svc-${n}`, "fleet", "shop"), {
        summary: `"svc-${n}" (${INTEGRATION}): integration invokes Lambda function "svc-${n}" with IAM role "arn:aws:iam::1:role/fleet".`,
        api: "fleet (HTTP API)",
        route: `ANY /svc-${n}`,
        sts: { now: 1, after: 0 },
        exemption: "exempted by fleetThreshold: this role invokes 3 distinct Lambda functions in this stack (threshold 2)",
        fix: `Add a permission for svc-${n}.`,
        cause: { policy: INVOKE, resource: urnOf(INTEGRATION, `svc-${n}`, "fleet", "shop"), kind: "role-credentials", routes: [`ANY /svc-${n}`], function: `svc-${n}`, role: "arn:aws:iam::1:role/fleet", exemption: "fleetThreshold" },
    }, "advisory");

function outcome(): CheckOutcome {
    const dev = stack("dev", [
        diagnostic(INVOKE, urnOf(INTEGRATION, "items", "dev", "shop"), {
            summary: TRICKY_SUMMARY,
            api: "shop (REST API)",
            route: TRICKY_ROUTE,
            property: "credentials",
            why: "An AssumeRole call on every request.",
            sts: { now: 1, after: 0 },
            fix: 'Set sourceArn to "arn:aws:execute-api:us-east-1:1:abc/*/GET/items/*".',
        }),
        // Two findings of one policy on one resource: one JUnit test case.
        diagnostic(INVOKE, urnOf(INTEGRATION, "items", "dev", "shop"), { summary: "second finding on items", api: "shop (REST API)", route: "GET /other" }),
        diagnostic(FOR_ROUTE, undefined, { summary: "no route has a permission" }, "advisory"),
    ]);
    const fleet = stack("fleet", [fleetMember(1), fleetMember(2), fleetMember(3)], ["2 secret values are encrypted in this export"]);
    const info = analyzerInfo();
    return {
        stacks: [dev, fleet],
        problems: [{ file: "exports/bad.json", kind: "input", message: "exports/bad.json: the JSON is truncated: it ends <here> & \u0001" }],
        pack: { name: info.name, version: info.version, policies: info.policies, levels: { [INVOKE]: "mandatory", [FOR_ROUTE]: "advisory" } },
    };
}

/** The text a reader sees in an inline token (entities decoded, code spans as written). */
function inlineText(token: { children: { type: string; content: string }[] | null }): string {
    return (token.children ?? []).filter((c) => c.type === "text" || c.type === "code_inline").map((c) => c.content).join("");
}

describe("checker markdown report (rendered with markdown-it)", () => {
    const md = new MarkdownIt({ html: true });
    const tokens = md.parse(formatMarkdown(outcome()), {});
    const headings = tokens
        .map((t, i) => (t.type === "heading_open" ? `${t.tag} ${inlineText(tokens[i + 1] as any)}` : undefined))
        .filter((h) => h !== undefined);

    it("has the headings in reading order: title, mandatory findings by stack, advisories by stack", () => {
        assert.deepStrictEqual(headings, [
            "h2 apigw-lambda-guard: 2 mandatory, 4 advisory in 2 stacks",
            "h3 Mandatory findings (2)",
            "h4 acme/shop/dev (exports/dev.json)",
            "h3 Advisories (4)",
            "h4 acme/shop/dev (exports/dev.json)",
            "h4 acme/shop/fleet (exports/fleet.json)",
        ]);
    });

    it("starts with a summary table: a row per stack and per input not checked, then the total", () => {
        const cells: string[][] = [];
        tokens.forEach((t, i) => {
            if (t.type === "tr_open") {
                cells.push([]);
            }
            if (t.type === "inline" && (tokens[i - 1].type === "th_open" || tokens[i - 1].type === "td_open")) {
                cells[cells.length - 1].push(inlineText(t as any));
            }
        });
        assert.deepStrictEqual(cells, [
            ["Stack", "File", "Mandatory", "Advisory", "STS calls per request", "Routes with STS"],
            ["acme/shop/dev", "exports/dev.json", "2", "1", "1 → 0", "1 → 0"],
            ["acme/shop/fleet", "exports/fleet.json", "0", "3", "1 → 1", "3 → 3"],
            ["not checked", "exports/bad.json", "", "", "", ""],
            ["Total", "", "2", "4", "1 → 1", "4 → 3"],
        ]);
        assert.ok(tokens.findIndex((t) => t.type === "table_open") < tokens.findIndex((t) => t.type === "heading_open" && t.tag === "h3"));
    });

    it("renders text from findings exactly as written: nothing becomes markup, HTML, math or a link", () => {
        const items = tokens.filter((t) => t.type === "inline").map((t) => inlineText(t as any));
        const item = items.find((text) => text.startsWith(TRICKY_ROUTE));
        assert.strictEqual(item, `${TRICKY_ROUTE} · ${INVOKE} (mandatory, severity high): ${TRICKY_SUMMARY}`);
        const html = md.render(formatMarkdown(outcome()));
        assert.doesNotMatch(html, /<b>x<\/b>|<del>|<s>|<em>c/);
        assert.ok(items.includes("the JSON is truncated: it ends <here> & \u0001") || items.some((t) => t.endsWith("it ends <here> & \u0001")), items.join("\n"));
    });

    it("puts each mandatory finding's details and fix in a collapsed <details>", () => {
        const html = md.render(formatMarkdown(outcome()));
        assert.strictEqual(html.match(/<details><summary>Details and fix<\/summary>/g)?.length, 2, "the two mandatory ones; the stack-wide advisory has no details");
        assert.ok(html.includes("Set sourceArn to &quot;arn:aws:execute-api:us-east-1:1:abc/*/GET/items/*&quot;."), html);
    });

    it("folds the fleet's advisories into one list item; --verbose lists them", () => {
        const folded = tokens.filter((t) => t.type === "inline" && inlineText(t as any).includes("(3 findings;"));
        assert.deepStrictEqual(folded.map((t) => inlineText(t as any)), [
            `${INVOKE}: role "arn:aws:iam::1:role/fleet": exempted by fleetThreshold: this role invokes 3 distinct Lambda functions in this stack (threshold 2) (3 findings; --verbose lists them)`,
        ]);
        const verbose = md.parse(formatMarkdown(outcome(), { detail: "verbose", failOn: "mandatory" }), {});
        const listed = verbose.filter((t) => t.type === "inline" && /^ANY \/svc-\d · /.test(inlineText(t as any)));
        assert.strictEqual(listed.length, 3);
    });

    it("records the warnings, and ends with the exit code", () => {
        const inlines = tokens.filter((t) => t.type === "inline").map((t) => inlineText(t as any));
        assert.ok(inlines.includes("exports/fleet.json: 2 secret values are encrypted in this export"), inlines.join("\n"));
        assert.strictEqual(inlines[inlines.length - 1], "Exit code 2: 1 input could not be checked, so the check is incomplete (see the errors on stderr).");
    });

    it("--quiet keeps the title, the summary table and the exit code", () => {
        const quiet = md.parse(formatMarkdown(outcome(), { detail: "quiet", failOn: "mandatory" }), {});
        assert.deepStrictEqual(quiet.filter((t) => t.type === "heading_open").map((t) => t.tag), ["h2"]);
        assert.strictEqual(quiet.filter((t) => t.type === "table_open").length, 1);
    });
});

describe("checker JUnit report (validated against junit.xsd with xmllint)", () => {
    const xml = formatJunit(outcome());

    it("is valid against the schema", async () => {
        assert.deepStrictEqual(await junitSchemaErrors(xml), []);
    });

    it("the validator rejects an invalid report (the check can fail)", async () => {
        const broken = xml.replace(/ failures="\d+"/, ' failures="-1"').replace("<testcase ", "<testcase-x ");
        assert.ok((await junitSchemaErrors(broken)).length >= 1);
        assert.ok((await junitSchemaErrors(xml.replace("</failure>", "</failure><failure/>"))).length >= 1, "one failure per test case");
    });

    it("has one test case per (stack, policy, resource), a passing one per policy without findings", () => {
        const cases = [...xml.matchAll(/<testcase classname="([^"]*)" name="([^"]*)"/g)].map((m) => `${m[1]} | ${m[2]}`);
        assert.deepStrictEqual(cases, [
            `acme/shop/dev.${INVOKE} | ${INTEGRATION} &quot;items&quot;`,
            `acme/shop/dev.${FOR_ROUTE} | stack acme/shop/dev`,
            `acme/shop/fleet.${INVOKE} | ${INTEGRATION} &quot;svc-1&quot;`,
            `acme/shop/fleet.${INVOKE} | ${INTEGRATION} &quot;svc-2&quot;`,
            `acme/shop/fleet.${INVOKE} | ${INTEGRATION} &quot;svc-3&quot;`,
            `acme/shop/fleet.${FOR_ROUTE} | every resource`,
            "apigw-lambda-guard | read and check the export file",
        ]);
        assert.match(xml, /<testsuites name="apigw-lambda-guard" tests="7" failures="1" errors="1" skipped="0">/);
        assert.match(xml, /<failure type="mandatory" message="&quot;items\|&lt;b&gt;x&lt;\/b&gt;&quot; .* \(and 1 more\)">/);
        assert.match(xml, /<system-err>warning: exports\/fleet\.json: 2 secret values are encrypted in this export<\/system-err>/);
        assert.ok(!xml.includes("\u0001"), "characters XML 1.0 cannot hold are dropped");
    });

    it("--fail-on decides what is a failure: advisory fails every finding, none fails nothing", async () => {
        const advisory = formatJunit(outcome(), "advisory");
        assert.match(advisory, /<testsuites [^>]* failures="5" errors="1"/);
        const none = formatJunit(outcome(), "none");
        assert.doesNotMatch(none, /<failure/);
        assert.match(none, /<system-out>\[mandatory\] lambda-invoke-via-resource-policy/);
        assert.deepStrictEqual(await junitSchemaErrors(advisory), []);
        assert.deepStrictEqual(await junitSchemaErrors(none), []);
    });
});
