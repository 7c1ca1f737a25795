/**
 * The bridge from the SDK's arguments to the core's values (policies/resources.ts), on the paths
 * the performance work added: properties read from the data behind @pulumi/policy's own
 * unknown-checking proxy instead of through it, and one converted stack shared by the three stack
 * policies although the SDK builds new resource objects (and new proxies) for each policy.
 */
import * as assert from "assert";
import type { PolicyResource, StackValidationArgs } from "@pulumi/policy";
import { Unknown, toValue } from "../../core/values";
import { fromPolicyResource, rawProps, stackOf } from "../../policies/resources";

// The SDK's proxy and error, exported at runtime only (typings stripped).
// eslint-disable-next-line @typescript-eslint/no-var-requires
const { unknownCheckingProxy, UnknownValueError } = require("@pulumi/policy/proxy") as {
    unknownCheckingProxy: (o: object) => Record<string, any>;
    UnknownValueError: new (...args: any[]) => Error;
};

const MARKERS = [
    "04da6b54-80e4-46f7-96ec-b56ff0331ba9",
    "1c4a061d-8072-4f0a-a4cb-0ff528b18fe7",
    "3eeb2bf0-c639-47a8-9e75-3b44932eb421",
    "6a19a0b0-7e62-4c92-b797-7f8e31da9cc2",
    "dd056dcd-154b-4c76-9bd3-c8f88648b5ff",
    "030794c1-ac77-496b-92df-f27374a8bd58",
    "e48ece36-62e2-4504-bad9-02848725956a",
];

/** Every marker at the top, inside an object and inside an array, next to known values. */
function previewProps(): Record<string, unknown> {
    const props: Record<string, unknown> = { type: "AWS_PROXY", count: 3, flag: false, none: null, empty: "" };
    MARKERS.forEach((m, i) => {
        props[`top${i}`] = m;
        props[`nested${i}`] = { known: `v${i}`, unknown: m, deeper: { list: ["a", m, 7] } };
        props[`list${i}`] = [m, { inner: m }, "b"];
    });
    return props;
}

interface Raw {
    urn: string;
    type: string;
    name: string;
    props: Record<string, unknown>;
    dependencies: string[];
    propertyDependencies: Record<string, string[]>;
}

/** PolicyResources built as @pulumi/policy's AnalyzeStack builds them: new objects and proxies per call. */
function sdkResources(raw: Raw[]): PolicyResource[] {
    const byUrn = new Map<string, any>();
    const out = raw.map((r) => {
        const pr: any = { urn: r.urn, type: r.type, name: r.name, props: unknownCheckingProxy(structuredClone(r.props)), dependencies: [], propertyDependencies: {} };
        byUrn.set(r.urn, pr);
        return pr;
    });
    raw.forEach((r, i) => {
        out[i].dependencies = r.dependencies.map((u) => byUrn.get(u)).filter(Boolean);
        for (const [k, urns] of Object.entries(r.propertyDependencies)) {
            out[i].propertyDependencies[k] = urns.map((u) => byUrn.get(u)).filter(Boolean);
        }
    });
    return out as PolicyResource[];
}

function argsOf(raw: Raw[]): StackValidationArgs {
    return { resources: sdkResources(raw), getConfig: () => ({}), stackTags: new Map(), notApplicable: () => undefined } as unknown as StackValidationArgs;
}

function sampleStack(): Raw[] {
    const fn = "urn:pulumi:dev::shop::aws:lambda/function:Function::pets";
    return [
        { urn: fn, type: "aws:lambda/function:Function", name: "pets", props: { name: "pets", arn: MARKERS[0] }, dependencies: [], propertyDependencies: {} },
        {
            urn: "urn:pulumi:dev::shop::aws:apigateway/integration:Integration::get",
            type: "aws:apigateway/integration:Integration",
            name: "get",
            props: previewProps(),
            dependencies: [fn],
            propertyDependencies: { uri: [fn] },
        },
    ];
}

describe("policies/resources: raw reads behind the SDK proxy", () => {
    it("the SDK proxy really throws on every marker (what the raw path avoids)", () => {
        const proxy = unknownCheckingProxy(previewProps());
        MARKERS.forEach((_, i) => {
            assert.throws(() => proxy[`top${i}`], UnknownValueError);
            assert.throws(() => proxy[`nested${i}`].unknown, UnknownValueError);
            assert.throws(() => proxy[`list${i}`][0], UnknownValueError);
        });
    });

    it("rawProps hands out the proxy's target, and a plain object as it is", () => {
        const data = previewProps();
        assert.strictEqual(rawProps(unknownCheckingProxy(data)), data);
        assert.strictEqual(rawProps(data), data);
        assert.strictEqual(rawProps(undefined), undefined);
    });

    it("every unknown is Unknown, at the same places as reading through the proxy with guarded reads", () => {
        const [, integration] = sdkResources(sampleStack());
        const raw = fromPolicyResource(integration).props as Record<string, any>;
        // toValue over the proxy itself catches each UnknownValueError: the old, slow path.
        const throughProxy: unknown = toValue(integration.props);
        assert.deepStrictEqual(raw, throughProxy);
        MARKERS.forEach((_, i) => {
            assert.strictEqual(raw[`top${i}`], Unknown);
            assert.deepStrictEqual(raw[`nested${i}`], { known: `v${i}`, unknown: Unknown, deeper: { list: ["a", Unknown, 7] } });
            assert.deepStrictEqual(raw[`list${i}`], [Unknown, { inner: Unknown }, "b"]);
        });
        assert.strictEqual(raw.type, "AWS_PROXY");
        assert.strictEqual(raw.empty, "");
        assert.strictEqual(raw.none, null);
    });
});

describe("policies/resources: one stack shared by the stack policies", () => {
    it("is reused when the SDK rebuilds equal resources for the next policy", () => {
        const data = sampleStack();
        const first = stackOf(argsOf(data));
        const second = stackOf(argsOf(data));
        assert.strictEqual(second, first);
        assert.strictEqual(second.index.resources.length, 2);
    });

    const changes: [string, (s: Raw[]) => void][] = [
        ["a known value becomes unknown", (s) => (s[0].props.name = MARKERS[0])],
        ["an unknown becomes known", (s) => (s[0].props.arn = "arn:aws:lambda:us-east-1:123456789012:function:pets")],
        ["a nested value changes", (s) => ((s[1].props.nested0 as any).deeper.list[0] = "z")],
        ["a property is added", (s) => (s[0].props.role = "r")],
        ["a property dependency is dropped", (s) => (s[1].propertyDependencies = {})],
        ["a dependency is dropped", (s) => (s[1].dependencies = [])],
        ["a resource is renamed", (s) => (s[0].name = "other")],
        ["a resource is added", (s) => s.push({ ...s[0], urn: `${s[0].urn}2` })],
    ];
    for (const [what, change] of changes) {
        it(`is built again when ${what}`, () => {
            const before = stackOf(argsOf(sampleStack()));
            const changed = sampleStack();
            change(changed);
            const after = stackOf(argsOf(changed));
            assert.notStrictEqual(after, before);
            assert.deepStrictEqual(after.index.resources.map((r) => r.props), changed.map((r) => toValue(r.props)));
            assert.deepStrictEqual(after.index.resources.map((r) => r.name), changed.map((r) => r.name));
        });
    }

    it("the rebuilt stack sees the new unknown as Unknown, never the stale known value", () => {
        stackOf(argsOf(sampleStack()));
        const changed = sampleStack();
        changed[0].props.name = MARKERS[2];
        const after = stackOf(argsOf(changed));
        assert.strictEqual((after.index.resources[0].props as any).name, Unknown);
    });

    it("is released once the current event-loop turn is over", async () => {
        const first = stackOf(argsOf(sampleStack()));
        await new Promise((resolve) => setImmediate(resolve));
        await new Promise((resolve) => setImmediate(resolve));
        assert.notStrictEqual(stackOf(argsOf(sampleStack())), first);
    });
});
