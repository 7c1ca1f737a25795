/**
 * Plain values (ENGINE.md, "Values"): the SDK's unknown-checking proxy throws when an unknown is
 * READ, and the engine sends unknowns as marker strings. toValue must turn both into `Unknown`
 * without throwing, so a preview still enforces instead of silently skipping the check.
 */
import * as assert from "assert";
import { Obj, Unknown, Value, at, containsUnknown, isObj, isUnknown, isUnknownMarker, str, toValue, toValueBounded } from "../../core/values";

const MARKERS: Record<string, string> = {
    any: "04da6b54-80e4-46f7-96ec-b56ff0331ba9",
    bool: "1c4a061d-8072-4f0a-a4cb-0ff528b18fe7",
    number: "3eeb2bf0-c639-47a8-9e75-3b44932eb421",
    array: "6a19a0b0-7e62-4c92-b797-7f8e31da9cc2",
    object: "dd056dcd-154b-4c76-9bd3-c8f88648b5ff",
    asset: "030794c1-ac77-496b-92df-f27374a8bd58",
    archive: "e48ece36-62e2-4504-bad9-02848725956a",
};

class UnknownValueError extends Error {}

/**
 * Like @pulumi/policy's unknownCheckingProxy: reading a key listed in `unknownKeys` throws;
 * `in` and Object.keys work.
 */
function throwingProxy<T extends object>(target: T, unknownKeys: (string | number)[]): T {
    const unknown = new Set(unknownKeys.map(String));
    return new Proxy(target, {
        get(t, key, receiver) {
            if (typeof key === "string" && unknown.has(key)) {
                throw new UnknownValueError(`the value of ${key} is unknown`);
            }
            return Reflect.get(t, key, receiver);
        },
    });
}

describe("core/values", () => {
    describe("toValue", () => {
        for (const [kind, marker] of Object.entries(MARKERS)) {
            it(`given the ${kind} unknown marker string, when converted, then it is Unknown`, () => {
                assert.strictEqual(toValue(marker), Unknown);
                assert.strictEqual(isUnknownMarker(marker), true);
            });
        }

        it("given markers nested in objects and arrays, when converted, then each becomes Unknown and the rest is kept", () => {
            const value = toValue({ uri: MARKERS.any, tags: { team: "pets", owner: MARKERS.any }, list: ["a", MARKERS.array], n: 3, b: false });
            assert.deepStrictEqual(value, { uri: Unknown, tags: { team: "pets", owner: Unknown }, list: ["a", Unknown], n: 3, b: false });
        });

        it("given a string that merely looks like a GUID, when converted, then it stays a string", () => {
            assert.strictEqual(toValue("04da6b54-80e4-46f7-96ec-b56ff0331ba8"), "04da6b54-80e4-46f7-96ec-b56ff0331ba8");
            assert.strictEqual(isUnknownMarker("x04da6b54-80e4-46f7-96ec-b56ff0331ba9"), false);
        });

        it("given a proxy whose read of one property throws, when converted, then that property is Unknown and the others are read", () => {
            const props = throwingProxy({ type: "AWS_PROXY", uri: "never read", credentials: "" }, ["uri"]);
            assert.deepStrictEqual(toValue(props), { type: "AWS_PROXY", uri: Unknown, credentials: "" });
        });

        it("given a proxy nested inside a plain object, when converted, then only the unknown leaf is Unknown", () => {
            const integration = throwingProxy({ type: "AWS_PROXY", uri: "x", credentials: "arn:aws:iam::123456789012:role/r" }, ["uri"]);
            assert.deepStrictEqual(toValue({ integration }), {
                integration: { type: "AWS_PROXY", uri: Unknown, credentials: "arn:aws:iam::123456789012:role/r" },
            });
        });

        it("given an array proxy whose element read throws, when converted, then that element is Unknown", () => {
            const list = throwingProxy(["a", "b", "c"], [1]);
            assert.deepStrictEqual(toValue(list), ["a", Unknown, "c"]);
        });

        it("given an array proxy whose length read throws, when converted, then the whole array is Unknown", () => {
            const list = throwingProxy(["a"], ["length"]);
            assert.strictEqual(toValue(list), Unknown);
        });

        it("given @pulumi/policy's own unknownCheckingProxy over preview props, when converted, then unknowns are Unknown and nothing throws", () => {
            // The SDK exports it at runtime only (typings stripped): load it untyped.
            // eslint-disable-next-line @typescript-eslint/no-var-requires
            const { unknownCheckingProxy } = require("@pulumi/policy/proxy") as { unknownCheckingProxy: (o: object) => any };
            const props = unknownCheckingProxy({
                type: "AWS_PROXY",
                uri: MARKERS.any,
                credentials: "arn:aws:iam::123456789012:role/invoker",
                tags: { team: "pets", owner: MARKERS.any },
                routes: ["GET /pets", MARKERS.any],
                settings: MARKERS.object,
            });
            assert.throws(() => props.uri, /can't be known during preview/);
            assert.deepStrictEqual(toValue(props), {
                type: "AWS_PROXY",
                uri: Unknown,
                credentials: "arn:aws:iam::123456789012:role/invoker",
                tags: { team: "pets", owner: Unknown },
                routes: ["GET /pets", Unknown],
                settings: Unknown,
            });
        });

        it("given a proxy whose every read throws, when converted, then it does not throw and every property is Unknown", () => {
            const all = new Proxy({ a: 1, b: 2 }, {
                get() {
                    throw new UnknownValueError("unknown");
                },
            });
            assert.deepStrictEqual(toValue(all), { a: Unknown, b: Unknown });
        });

        it("given a proxy whose key listing throws, when converted, then it is Unknown rather than an exception", () => {
            const opaque = new Proxy({}, {
                ownKeys() {
                    throw new UnknownValueError("unknown");
                },
            });
            assert.strictEqual(toValue(opaque), Unknown);
        });

        it("given a throwing getter on a plain object, when converted, then that property is Unknown", () => {
            const obj = {
                known: "x",
                get secret(): string {
                    throw new Error("boom");
                },
            };
            assert.deepStrictEqual(toValue(obj), { known: "x", secret: Unknown });
        });

        it("given a cycle, when converted, then the back reference is Unknown and nothing overflows", () => {
            const a: Record<string, unknown> = { name: "a" };
            a.self = a;
            assert.deepStrictEqual(toValue(a), { name: "a", self: Unknown });
        });

        it("given the same object twice (not a cycle), when converted, then both copies are kept", () => {
            const shared = { k: "v" };
            assert.deepStrictEqual(toValue({ x: shared, y: shared }), { x: { k: "v" }, y: { k: "v" } });
        });

        it("given a function or a symbol, when converted, then it is Unknown", () => {
            assert.strictEqual(toValue(() => 1), Unknown);
            assert.strictEqual(toValue(Symbol("s")), Unknown);
        });

        it("given null and undefined, when converted, then they are kept as they are", () => {
            assert.strictEqual(toValue(null), null);
            assert.strictEqual(toValue(undefined), undefined);
            assert.deepStrictEqual(toValue({ a: null, b: undefined }), { a: null, b: undefined });
        });
    });

    describe("str", () => {
        const cases: [string, Value, string | typeof Unknown | undefined][] = [
            ["a string", "abc", "abc"],
            ["an empty string (unset Terraform output)", "", undefined],
            ["undefined", undefined, undefined],
            ["null", null, undefined],
            ["a number", 3, undefined],
            ["an object", { a: "b" }, undefined],
            ["Unknown", Unknown, Unknown],
        ];
        for (const [why, value, expected] of cases) {
            it(`given ${why}, when read as a string property, then it is ${String(expected)}`, () => {
                assert.strictEqual(str(value), expected);
            });
        }
    });

    describe("at", () => {
        const doc: Value = { paths: { "/pets": { get: { security: [{ auth: [] }] } } }, list: ["a", { b: Unknown }], u: Unknown };
        it("given a path of keys and indexes, when followed, then it reaches the value", () => {
            assert.deepStrictEqual(at(doc, "paths", "/pets", "get", "security", 0), { auth: [] });
            assert.strictEqual(at(doc, "list", 0), "a");
        });
        it("given a path through an unknown, when followed, then it is Unknown", () => {
            assert.strictEqual(at(doc, "u", "deeper", 3), Unknown);
            assert.strictEqual(at(doc, "list", 1, "b", "c"), Unknown);
        });
        it("given a path that is absent or of the wrong shape, when followed, then it is undefined", () => {
            assert.strictEqual(at(doc, "paths", "/dogs"), undefined);
            assert.strictEqual(at(doc, "list", "0"), undefined);
            assert.strictEqual(at(doc, "paths", 0), undefined);
        });
    });

    describe("containsUnknown, isUnknown, isObj", () => {
        it("given a value with an unknown deep inside, when checked, then it contains an unknown", () => {
            assert.strictEqual(containsUnknown({ a: [1, { b: Unknown }] }), true);
        });
        it("given a fully known value, when checked, then it contains no unknown", () => {
            assert.strictEqual(containsUnknown({ a: [1, { b: "x" }], c: null }), false);
        });
        it("given the marker string itself (not converted), when checked, then it is not the Unknown symbol", () => {
            assert.strictEqual(isUnknown(MARKERS.any), false);
            assert.strictEqual(isUnknown(Unknown), true);
        });
        it("given arrays and null, when checked as objects, then they are not objects", () => {
            assert.strictEqual(isObj([]), false);
            assert.strictEqual(isObj(null), false);
            assert.strictEqual(isObj({}), true);
        });
    });

    describe("toValueBounded", () => {
        it("given data with a part reached twice (a YAML alias), when converted, then it is converted once, shared, and counted twice", () => {
            const part = [1, 2];
            const r = toValueBounded({ a: part, b: part }, 100);
            assert.strictEqual(r.kind, "value");
            const v = (r as { value: Obj; nodes: number }).value;
            assert.deepStrictEqual(v, { a: [1, 2], b: [1, 2] });
            assert.strictEqual(v.a, v.b, "the shared part is one object");
            assert.strictEqual((r as { nodes: number }).nodes, 7, "root + 2 lists + 4 numbers");
        });

        it("given a part shared 9 ways over 9 levels (9^9 values), when converted with a limit, then it is too large after a bounded number of steps", () => {
            let level: unknown[] = Array(9).fill("lol");
            for (let i = 0; i < 8; i++) {
                level = Array(9).fill(level);
            }
            assert.deepStrictEqual(toValueBounded({ bomb: level }, 200_000), { kind: "too-large", limit: 200_000 });
        });

        it("given data that contains itself, when converted, then it is a cycle, not a hang or a crash", () => {
            const a: unknown[] = [];
            a.push(a);
            assert.deepStrictEqual(toValueBounded({ a }, 1000), { kind: "cycle" });
        });

        it("given data nested 100,000 levels deep, when converted, then it is converted without overflowing the stack", () => {
            let deep: unknown = "leaf";
            for (let i = 0; i < 100_000; i++) {
                deep = [deep];
            }
            const r = toValueBounded(deep, 1_000_000);
            assert.strictEqual(r.kind, "value");
            assert.strictEqual((r as { nodes: number }).nodes, 100_001);
        });

        it("given unknown markers and a __proto__ key, when converted, then markers are Unknown and __proto__ is data, not a prototype", () => {
            const parsed = JSON.parse(`{"x":"${MARKERS.any}","__proto__":{"polluted":true}}`);
            const r = toValueBounded(parsed, 100) as { kind: "value"; value: Obj };
            assert.strictEqual(r.value.x, Unknown);
            assert.strictEqual(Object.getPrototypeOf(r.value), Object.prototype);
            assert.deepStrictEqual(Object.keys(r.value), ["x", "__proto__"]);
            assert.strictEqual(({} as Record<string, unknown>).polluted, undefined);
        });
    });
});
