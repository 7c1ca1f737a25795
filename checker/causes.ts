/**
 * Advisories that one cause explains, folded into one entry: 150 integrations of a fleet exempt by
 * `fleetThreshold` are one fact ("role X: exempted by fleetThreshold"), not 150. Findings are
 * grouped by the cause each carries as data (core/finding.ts FindingCause: the policy, what
 * exempted it and the role), never by the wording of their messages; a cause shared by two
 * findings or more is folded, the rest stay single findings.
 *
 * @example
 * const { causes, single } = foldAdvisories(stack.findings.filter((f) => f.enforcementLevel === "advisory"));
 * causes[0].text; // 'role "arn:aws:iam::1:role/fleet": exempted by fleetThreshold: this role invokes 150 ...'
 */
import type { Finding } from "./findings";

/** Findings explained by one cause. */
export interface Cause {
    policy: string;
    /** What explains them, one sentence without the count. */
    text: string;
    findings: Finding[];
}

/** Splits findings into folded causes (two findings or more) and the rest, in their order. */
export function foldAdvisories(findings: readonly Finding[]): { causes: Cause[]; single: Finding[] } {
    const groups = new Map<string, Finding[]>();
    const single: Finding[] = [];
    for (const f of findings) {
        const cause = f.cause;
        if (cause?.exemption === undefined) {
            single.push(f);
            continue;
        }
        const key = JSON.stringify([cause.policy, cause.kind, cause.exemption, cause.role ?? ""]);
        groups.set(key, [...(groups.get(key) ?? []), f]);
    }
    const causes: Cause[] = [];
    for (const group of groups.values()) {
        if (group.length < 2) {
            single.push(...group);
            continue;
        }
        causes.push({ policy: group[0].cause!.policy, text: causeText(group), findings: group });
    }
    const order = new Map(findings.map((f, i) => [f, i]));
    single.sort((a, b) => order.get(a)! - order.get(b)!);
    return { causes, single };
}

/** `role "R": <what exempted them>`, from the causes' data and the exemption line. */
function causeText(group: Finding[]): string {
    const cause = group[0].cause!;
    const exemption = group[0].exemption ?? `exempted by ${cause.exemption}`;
    return cause.role === undefined ? exemption : `role "${cause.role}": ${exemption}`;
}
