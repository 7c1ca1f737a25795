/**
 * Pulumi URNs: `urn:pulumi:STACK::PROJECT::QUALIFIED$TYPE::NAME`. The name is everything after
 * the third `::` (names may themselves contain `::`).
 *
 * @example
 * parseUrn("urn:pulumi:prod::shop::aws:lambda/function:Function::pets")
 * // { urn, stack: "prod", project: "shop", qualifiedType: "aws:lambda/function:Function",
 * //   type: "aws:lambda/function:Function", name: "pets" }
 */
/** The parts of a URN. */
export interface ParsedUrn {
    urn: string;
    stack: string;
    project: string;
    /** The parent types and the type, joined by `$`. */
    qualifiedType: string;
    /** The resource's own type token. */
    type: string;
    name: string;
}

const PREFIX = "urn:pulumi:";

/** Parses a URN; undefined when `value` is not a string shaped like one. */
export function parseUrn(value: unknown): ParsedUrn | undefined {
    if (typeof value !== "string" || !value.startsWith(PREFIX)) {
        return undefined;
    }
    const parts = value.slice(PREFIX.length).split("::");
    if (parts.length < 4 || parts.slice(0, 3).some((p) => p === "")) {
        return undefined;
    }
    const [stack, project, qualifiedType] = parts;
    const types = qualifiedType.split("$");
    return { urn: value, stack, project, qualifiedType, type: types[types.length - 1], name: parts.slice(3).join("::") };
}
