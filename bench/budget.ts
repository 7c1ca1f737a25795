/**
 * The components' consolidated permissions against Lambda's 20,480-byte resource-policy limit:
 * for one function serving 10, 100, 1,000 and 5,000 REST routes, what core/permissionPlan.ts plans
 * (the components' planner: one statement per route, widened to path prefixes, then to the whole
 * API when the policy would pass 20,480 minus the 4,096-byte default headroom) and the policy's
 * size as Lambda stores it (core/policySize.ts). Deterministic: no timing.
 *   npx ts-node -T bench/budget.ts
 */
import { planPermissions, PLAN_DEFAULTS, type PlanRoute } from "../core/permissionPlan";
import { MAX_FUNCTION_ARN_BYTES, POLICY_LIMIT_BYTES } from "../core/policySize";

const ROUTE_COUNTS = [10, 100, 1000, 5000];
/** Routes spread over resources of 10 routes each: `GET /res7/item73`. */
function routes(n: number): PlanRoute[] {
    return Array.from({ length: n }, (_, i) => ({ target: "fn", route: { kind: "rest" as const, method: "GET", path: `/res${Math.floor(i / 10)}/item${i}` } }));
}

const KNOWN_FUNCTION_ARN = "arn:aws:lambda:us-east-1:123456789012:function:orders-handler";
const KNOWN_EXECUTION_ARN = "arn:aws:execute-api:us-east-1:123456789012:a1b2c3d4e5";

export function budgetSection(out: (line?: string) => void): void {
    const budget = POLICY_LIMIT_BYTES - PLAN_DEFAULTS.headroomBytes;
    out("## The 20 KB permission budget: policy size per function");
    out();
    out(`One function behind N REST routes (\`GET /resK/itemI\`, 10 routes per resource), planned as the components plan it (core/permissionPlan.ts, default scope \`route\`, stages \`*\`, headroom ${PLAN_DEFAULTS.headroomBytes} bytes: budget ${budget} of Lambda's ${POLICY_LIMIT_BYTES}-byte limit per function and qualifier); bytes as Lambda stores the policy (core/policySize.ts). "Unknown ARNs": the upper bounds the planner uses at preview (function ARN ${MAX_FUNCTION_ARN_BYTES} bytes); "known": a ${KNOWN_FUNCTION_ARN.length}-byte function ARN and a ${KNOWN_EXECUTION_ARN.length}-byte execution ARN. "One per route" is what the narrowest scope would take.`);
    out();
    out("| routes per function | ARNs | scope planned | statements | policy bytes | of the 20,480 limit | one per route would be | fits |");
    out("| --- | --- | --- | --- | --- | --- | --- | --- |");
    for (const n of ROUTE_COUNTS) {
        for (const known of [false, true]) {
            const input = {
                api: "shop-api",
                routes: routes(n),
                targets: [{ key: "fn", functionArnBytes: known ? KNOWN_FUNCTION_ARN.length : MAX_FUNCTION_ARN_BYTES }],
                ...(known ? { executionArnBytes: KNOWN_EXECUTION_ARN.length } : {}),
            };
            const [t] = planPermissions(input).targets;
            // The narrowest scope's size: a budget nothing passes.
            const [narrow] = planPermissions({ ...input, headroomBytes: -1e9 }).targets;
            const level = t.widenedFrom ? `${t.level} (widened from ${t.widenedFrom})` : t.level;
            out(
                `| ${n.toLocaleString("en-US")} | ${known ? "known" : "unknown"} | ${level} | ${t.statements.toLocaleString("en-US")} | ${t.bytes.toLocaleString("en-US")} | ` +
                    `${((100 * t.bytes) / POLICY_LIMIT_BYTES).toFixed(1)}% | ${narrow.statements.toLocaleString("en-US")} statements, ${narrow.bytes.toLocaleString("en-US")} bytes | ${t.overBudget ? "no" : "yes"} |`,
            );
        }
    }
    out();
}

if (require.main === module) {
    budgetSection((line = "") => console.log(line));
}
