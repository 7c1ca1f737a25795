/**
 * Advisories that one cause explains, folded into one entry: 150 integrations of a fleet exempt by
 * `fleetThreshold` are one fact ("role X invokes 150 functions"), not 150. A cause is a policy and
 * the exemption that applied (and the role, when the findings name one); a cause shared by two
 * findings or more is folded, the rest stay single findings.
 *
 * @example
 * const { causes, single } = foldAdvisories(stack.findings.filter((f) => f.enforcementLevel === "advisory"));
 * causes[0].text; // 'role "arn:aws:iam::1:role/fleet" invokes 150 functions: exempt by fleetThreshold 100'
 */
import type { Finding } from "./findings";

/** Findings explained by one cause. */
export interface Cause {
    policy: string;
    /** What explains them, one sentence without the count. */
    text: string;
    findings: Finding[];
}

const FLEET = /^exempted by fleetThreshold: this role invokes (\d+) distinct Lambda functions in this stack \(threshold (\d+)\)$/;
const ROLE = /with IAM role "([^"]+)"/;

/** Splits findings into folded causes (two findings or more) and the rest, in their order. */
export function foldAdvisories(findings: readonly Finding[]): { causes: Cause[]; single: Finding[] } {
    const groups = new Map<string, Finding[]>();
    const single: Finding[] = [];
    for (const f of findings) {
        if (f.exemption === undefined) {
            single.push(f);
            continue;
        }
        const key = [f.policy, f.exemption, roleOf(f) ?? ""].join("\u0000");
        groups.set(key, [...(groups.get(key) ?? []), f]);
    }
    const causes: Cause[] = [];
    for (const group of groups.values()) {
        if (group.length < 2) {
            single.push(...group);
            continue;
        }
        causes.push({ policy: group[0].policy, text: causeText(group[0]), findings: group });
    }
    const order = new Map(findings.map((f, i) => [f, i]));
    single.sort((a, b) => order.get(a)! - order.get(b)!);
    return { causes, single };
}

function causeText(f: Finding): string {
    const fleet = FLEET.exec(f.exemption ?? "");
    const role = roleOf(f);
    if (fleet && role) {
        return `role "${role}" invokes ${fleet[1]} functions: exempt by fleetThreshold ${fleet[2]}`;
    }
    return role ? `${f.exemption} (role "${role}")` : (f.exemption ?? "");
}

function roleOf(f: Finding): string | undefined {
    return ROLE.exec(f.summary)?.[1];
}
