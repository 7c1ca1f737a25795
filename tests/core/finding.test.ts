/**
 * The violation text format: written by the policies with formatFinding, read back by the offline
 * checker with parseFinding. One module owns it; these tests pin the round trip.
 */
import * as assert from "assert";
import { FindingText, formatFinding, parseFinding } from "../../core/finding";

const full: FindingText = {
    summary: '"get-pets" (aws:apigateway/integration:Integration): integration invokes Lambda function "pets" with IAM role "arn:aws:iam::123456789012:role/invoker".',
    api: "shop (REST API)",
    route: "GET /pets/{petId}",
    property: "credentials",
    why: "API Gateway calls STS AssumeRole for that role before it invokes the function.",
    sts: { now: 2, after: 1 },
    exemption: 'exempted by exemptions[0] (functions legacy-*; reason "migrating")',
    fix: 'Remove credentials and add an aws.lambda.Permission with sourceArn "${shop.executionArn}/*/GET/pets/*".',
};

describe("core/finding", () => {
    it("given a finding with every field, when formatted, then it is the summary then one labelled line per field in a fixed order", () => {
        assert.strictEqual(
            formatFinding(full),
            [
                full.summary,
                "API: shop (REST API)",
                "Route: GET /pets/{petId}",
                "Property: credentials",
                `Why: ${full.why}`,
                "STS AssumeRole per request: 2 now, 1 after the fix",
                `Exemption: ${full.exemption}`,
                `Fix: ${full.fix}`,
            ].join("\n"),
        );
    });

    it("given only a summary, when formatted, then it is just the summary (no undefined lines)", () => {
        assert.strictEqual(formatFinding({ summary: "Something is wrong." }), "Something is wrong.");
    });

    it("given a value with line breaks, when formatted, then it stays on one labelled line", () => {
        const text = formatFinding({ summary: "s", why: "first\nsecond" });
        assert.strictEqual(text, "s\nWhy: first second");
    });

    it("given an sts count of zero, when formatted, then the line is kept (0 is a value, not absent)", () => {
        assert.strictEqual(formatFinding({ summary: "s", sts: { now: 0, after: 0 } }), "s\nSTS AssumeRole per request: 0 now, 0 after the fix");
    });

    const roundTrips: [string, FindingText][] = [
        ["every field", full],
        ["only a summary", { summary: "Only this." }],
        ["a multi-line summary", { summary: "Line one.\nLine two.", fix: "Do this." }],
        ["an API and a fix", { summary: "s", api: "api (HTTP API)", fix: "f" }],
        ["a route with a colon and $", { summary: "s", route: "$default", property: 'body: paths["/pets"].get.x-amazon-apigateway-integration.credentials' }],
        ["an empty why", { summary: "s", why: "" }],
        ["sts only", { summary: "s", sts: { now: 1, after: 0 } }],
        ["a cause as data", { summary: "s", fix: "f", cause: { policy: "p", resource: "urn:x", kind: "role-credentials", routes: ["GET /a", "authorizer \"t\""], function: "fn", role: "arn:aws:iam::1:role/r", exemption: "fleetThreshold" } }],
    ];
    for (const [why, finding] of roundTrips) {
        it(`given a finding with ${why}, when formatted and parsed back, then it is the same finding`, () => {
            assert.deepStrictEqual(parseFinding(formatFinding(finding)), finding);
        });
    }

    it("given a message that is not in the format, when parsed, then all of it is the summary", () => {
        const message = "can't run policy 'x' during preview: string value at .uri can't be known during preview";
        assert.deepStrictEqual(parseFinding(message), { summary: message });
    });

    it("given an STS line that is malformed, when parsed, then sts is left out rather than guessed", () => {
        assert.deepStrictEqual(parseFinding("s\nSTS AssumeRole per request: two now"), { summary: "s" });
    });

    it("given a cause, when formatted, then it is the last line, one JSON object", () => {
        const text = formatFinding({ summary: "s", fix: "f", cause: { policy: "p", resource: "", kind: "config" } });
        assert.strictEqual(text, 's\nFix: f\nCause: {"policy":"p","resource":"","kind":"config"}');
    });

    it("given a Cause line that is not a cause's JSON, when parsed, then cause is left out rather than guessed", () => {
        assert.deepStrictEqual(parseFinding("s\nCause: not json"), { summary: "s" });
        assert.deepStrictEqual(parseFinding('s\nCause: {"policy":"p"}'), { summary: "s" });
    });

    it("given a label without its colon-space, when parsed, then it is not mistaken for a field", () => {
        assert.deepStrictEqual(parseFinding("s\nFixes are coming"), { summary: "s\nFixes are coming" });
    });
});
