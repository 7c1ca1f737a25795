/**
 * The generated gRPC stubs that ship inside @pulumi/pulumi, loaded from that package so that
 * message classes and google-protobuf instances are the ones the policy pack itself uses.
 */
import * as path from "path";

const pulumiDir = path.dirname(require.resolve("@pulumi/pulumi/package.json"));
const fromPulumi = (request: string): any => require(require.resolve(request, { paths: [pulumiDir] }));

export const analyzerPb: any = fromPulumi("@pulumi/pulumi/proto/analyzer_pb.js");
export const analyzerGrpc: any = fromPulumi("@pulumi/pulumi/proto/analyzer_grpc_pb.js");
export const structPb: any = fromPulumi("google-protobuf/google/protobuf/struct_pb.js");
export const emptyPb: any = fromPulumi("google-protobuf/google/protobuf/empty_pb.js");
export const grpc: typeof import("@grpc/grpc-js") = fromPulumi("@grpc/grpc-js");

export type EnforcementLevel = "advisory" | "mandatory" | "disabled" | "remediate";
export type Severity = "low" | "medium" | "high" | "critical";

/** Wire order of the EnforcementLevel enum (ENGINE.md). */
const ENFORCEMENT_LEVELS: EnforcementLevel[] = ["advisory", "mandatory", "disabled", "remediate"];
const SEVERITIES: (Severity | undefined)[] = [undefined, "low", "medium", "high", "critical"];

export function enforcementLevelFromWire(n: number): EnforcementLevel {
    return ENFORCEMENT_LEVELS[n] ?? "advisory";
}

export function enforcementLevelToWire(level: EnforcementLevel): number {
    const n = ENFORCEMENT_LEVELS.indexOf(level);
    return n < 0 ? 0 : n;
}

export function severityFromWire(n: number): Severity | undefined {
    return SEVERITIES[n];
}
