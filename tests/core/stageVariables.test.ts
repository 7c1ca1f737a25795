/**
 * Stage variables in the pure core: which variables a text names, what a stage's variables make
 * of it, and which function ARN template an integration names through them.
 */
import * as assert from "assert";
import { Invocation, extractInvocations } from "../../core/invocations";
import { stageVariableFunction, stageVariableNames, substitute } from "../../core/stageVariables";
import { Unknown } from "../../core/values";

const FN = "arn:aws:lambda:us-east-1:123456789012:function:";
const invoke = (arn: string) => `arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/${arn}/invocations`;

function integration(props: Record<string, unknown>, type = "aws:apigateway/integration:Integration"): Invocation {
    const [inv] = extractInvocations({ urn: `urn:pulumi:dev::shop::${type}::i`, type, name: "i", props: props as never, dependencies: [], propertyDependencies: {} }).invocations;
    assert.ok(inv, "an invocation");
    return inv;
}

describe("core: stage variables", () => {
    it("stageVariableNames lists each variable once, in order", () => {
        assert.deepStrictEqual(stageVariableNames(`${FN}\${stageVariables.fn}:\${stageVariables.alias}-\${stageVariables.fn}`), ["fn", "alias"]);
        assert.deepStrictEqual(stageVariableNames(`${FN}pets`), []);
    });

    const subs: { why: string; variables: Record<string, string | typeof Unknown> | typeof Unknown; expected: ReturnType<typeof substitute> }[] = [
        {
            why: "every variable set",
            variables: { fn: "pets", alias: "live" },
            expected: { kind: "resolved", text: `${FN}pets:live`, assignments: 'stageVariables.fn = "pets", stageVariables.alias = "live"' },
        },
        { why: "a variable the stage does not set", variables: { fn: "pets" }, expected: { kind: "missing", variables: ["alias"] } },
        { why: "a value not known yet", variables: { fn: Unknown, alias: "live" }, expected: { kind: "unknown", variables: ["fn"] } },
        { why: "the whole map not known yet", variables: Unknown, expected: { kind: "unknown", variables: ["fn", "alias"] } },
    ];
    for (const c of subs) {
        it(`substitute: ${c.why}`, () => {
            assert.deepStrictEqual(substitute(`${FN}\${stageVariables.fn}:\${stageVariables.alias}`, c.variables), c.expected);
        });
    }

    it("stageVariableFunction: the function name, the qualifier, or the whole ARN from a variable; nothing for a plain function", () => {
        const uri = (u: string) => integration({ type: "AWS_PROXY", uri: u });
        assert.strictEqual(stageVariableFunction(uri(invoke(`${FN}\${stageVariables.fn}`))), `${FN}\${stageVariables.fn}`);
        assert.strictEqual(stageVariableFunction(uri(invoke(`${FN}pets:\${stageVariables.alias}`))), `${FN}pets:\${stageVariables.alias}`);
        assert.strictEqual(stageVariableFunction(uri(invoke("${stageVariables.fnArn}"))), "${stageVariables.fnArn}");
        assert.strictEqual(stageVariableFunction(uri(invoke(`${FN}pets:live`))), undefined);
        const v2 = integration({ integrationType: "AWS_PROXY", integrationUri: `${FN}\${stageVariables.fn}` }, "aws:apigatewayv2/integration:Integration");
        assert.strictEqual(stageVariableFunction(v2), `${FN}\${stageVariables.fn}`);
    });
});
